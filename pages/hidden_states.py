"""Hidden states step by step: heatmaps of h_t (and the LSTM/GRU gates) over time, from the layer's own weights."""

import dataclasses

import streamlit as st

from rnnviz.inputs import MAX_WORD_LENGTH
from rnnviz.limits import check_live_run
from rnnviz.market import sample_days
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import example_input, hidden_state_chart, recording
from rnnviz.ui.hidden_state_controls import input_sidebar, view_sidebar
from rnnviz.ui.hidden_state_views import figure_text, input_caption, measured_badge, window_note
from rnnviz.ui.language import tr
from rnnviz.ui.layer_controls import layer_page
from rnnviz.ui.layer_views import limit_warning
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.trained_views import trained_section, weights_sidebar

leave_legacy_pages_mode()



def sidebars():
    """Which weights, then (for torch's initialisation) which example input; a task brings its own input."""
    weights = weights_sidebar()
    return weights, input_sidebar() if weights.task is None else None


settings, (weights, choice) = layer_page("page.hidden_states", "hidden.intro", extra_sidebar=sidebars)
if settings and weights.task:
    trained_section(settings, weights)
elif settings:
    try:
        example = example_input(choice.kind, choice.word, settings.seq_len, settings.batch,
                                settings.spec.input_size, settings.seed)
    except ValueError:
        example = None
        st.error(tr(f"input.{choice.kind}.error", word_limit=MAX_WORD_LENGTH, days=sample_days()),
                 icon=":material/error:")
    if example is not None:
        # The word, the sine wave and the prices fix the number of features; the layer reads what they give.
        spec = dataclasses.replace(settings.spec, input_size=example.input_size)
        input_caption(choice.kind, example, settings.spec.input_size, spec)
        breach = check_live_run(spec, example.seq_len, 1)
        if breach:
            limit_warning(breach)
        else:
            view = view_sidebar(spec, example.seq_len, example.batch)
            key = (spec, choice.kind, choice.word, settings.seq_len, settings.batch, settings.seed, view.batch_item)
            with st.spinner(tr("hidden.computing")):
                recorded = recording(*key)
                chart = hidden_state_chart(*key, view.layer, view.direction, view.steps, view.units, view.unit,
                                           figure_text(example.seq_len, spec.hidden_size))
            measured_badge(recorded.max_abs_difference, spec)
            window_note(view, example.seq_len, spec)
            show_chart(chart, f"hidden_states_{spec.cell}_layer{view.layer}_dir{view.direction}")
