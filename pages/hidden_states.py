"""Hidden states step by step: heatmaps of h_t (and the LSTM/GRU gates) over time, from the layer's own weights."""

from rnnviz.ui.hidden_state_controls import input_sidebar
from rnnviz.ui.hidden_state_views import example_section
from rnnviz.ui.layer_controls import layer_page
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.trained_views import trained_section, trained_view_button, weights_sidebar

leave_legacy_pages_mode()


def sidebars():
    """Which weights, then (for torch's initialisation) which example input; a task brings its own input."""
    weights = weights_sidebar()
    return weights, input_sidebar() if weights.task is None else None


settings, (weights, choice) = layer_page("page.hidden_states", "hidden.intro", extra_sidebar=sidebars)
if settings and weights.task:
    trained_section(settings, weights)
elif settings:
    trained_view_button()
    example_section(settings, choice)
