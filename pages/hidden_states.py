"""Hidden states step by step: heatmaps of h_t (and the LSTM/GRU gates) over time, from the layer's own weights."""

from rnnviz.ui.hidden_state_controls import input_sidebar
from rnnviz.ui.hidden_state_views import example_section
from rnnviz.ui.layer_controls import layer_page
from rnnviz.ui.own_layer_views import active_layer
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.trained_views import own_weights_sidebar, trained_section, trained_view_button, weights_sidebar

leave_legacy_pages_mode()


def sidebars():
    """Which weights (an uploaded layer's, torch's initialisation or a task's training), then, but for a task,
    which example input; a task brings its own input."""
    weights = own_weights_sidebar() or weights_sidebar()
    return weights, input_sidebar() if weights.task is None else None


settings, (weights, choice) = layer_page("page.hidden_states", "hidden.intro", extra_sidebar=sidebars)
if settings and weights.task:
    trained_section(settings, weights)
elif settings:
    if not active_layer():
        trained_view_button()
    example_section(settings, choice)
