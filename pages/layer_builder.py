"""Layer builder: choose a layer in the sidebar; see its PyTorch code, the shapes it returns, its parameters."""

import streamlit as st

from rnnviz.limits import check_live_run
from rnnviz.presets import matching_preset
from rnnviz.ui.compute import measured_shapes
from rnnviz.ui.language import tr
from rnnviz.ui.layer_controls import layer_sidebar, show_rejected_url_values
from rnnviz.ui.layer_views import limit_warning, parameter_section, shape_explanations, shape_lines
from rnnviz.ui.router import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.title(tr("page.layer_builder"))
st.caption(tr("builder.intro"))
settings = layer_sidebar()
show_rejected_url_values()

if settings.error:
    st.error(settings.error, icon=":material/error:")
else:
    spec, seq_len, batch, seed = settings.spec, settings.seq_len, settings.batch, settings.seed
    preset = matching_preset(spec, seq_len, batch)
    if preset:
        st.caption(tr("builder.matches_preset", name=tr(f"preset.{preset.key}")))

    code_column, shape_column = st.columns([1.15, 1], gap="large")
    with code_column:
        st.subheader(tr("builder.code_header"))
        st.code(spec.code(seq_len, batch, seed), language="python")
    with shape_column:
        st.subheader(tr("builder.shapes_header"))
        breach = check_live_run(spec, seq_len, batch)
        if breach:
            limit_warning(breach)
            shapes = spec.shapes(seq_len, batch)
            st.caption(tr("builder.shapes_computed"))
        else:
            shapes = measured_shapes(spec, seq_len, batch, seed)
            st.caption(tr("builder.shapes_measured"))
        shape_lines(spec, seq_len, batch, shapes)
    shape_explanations(spec)
    parameter_section(spec)
