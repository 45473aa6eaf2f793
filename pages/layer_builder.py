"""Layer builder: choose a layer in the sidebar; see its PyTorch code, the shapes it returns, its parameters."""

import streamlit as st

from rnnviz.presets import matching_preset
from rnnviz.ui.language import tr
from rnnviz.ui.layer_controls import PRESET_NAMES, layer_page
from rnnviz.ui.layer_views import live_shapes, parameter_section, shape_explanations, shape_lines
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.spotlight import view

leave_legacy_pages_mode()

settings, _ = layer_page("page.layer_builder", "builder.intro")
if settings:
    spec, seq_len, batch, seed = settings.spec, settings.seq_len, settings.batch, settings.seed
    preset = matching_preset(spec, seq_len, batch)
    if preset:
        st.caption(tr("builder.matches_preset", name=tr(PRESET_NAMES.key(preset.key))))

    code_column, shape_column = st.columns([1.15, 1], gap="large")
    with code_column, view("layer_builder", "code"):
        st.subheader(tr("builder.code_header"))
        st.code(spec.code(seq_len, batch, seed), language="python")
    with shape_column, view("layer_builder", "shapes"):
        st.subheader(tr("builder.shapes_header"))
        shapes, breach = live_shapes(settings)
        st.caption(tr("builder.shapes_computed" if breach else "builder.shapes_measured"))
        shape_lines(spec, seq_len, batch, shapes)
    shape_explanations(spec)
    with view("layer_builder", "parameters"):
        parameter_section(spec)
