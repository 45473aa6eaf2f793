"""Vanishing gradients: measured against distance and sequence length, with the theory beside it."""

import streamlit as st

from rnnviz.figures.gradients import distance_figure, length_figure
from rnnviz.gradients import STUDY_CELLS
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import gradient_curves
from rnnviz.ui.gradient_views import decay_table, gradient_text, study_sidebar, training_controls, training_table
from rnnviz.ui.language import tr
from rnnviz.ui.router import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.title(tr("page.gradients"))
st.markdown(tr("grad.intro"))
settings, hidden_view = study_sidebar()
with st.spinner(tr("grad.computing")):
    curves, theory = gradient_curves(settings)
text = gradient_text()
labels = {key: cell.label for key, cell in STUDY_CELLS.items()}

st.subheader(tr("grad.distance_header"))
st.caption(tr("grad.distance_caption", seq_len=settings.seq_len, seeds=settings.seeds))
with st.expander(tr("grad.train_header"), icon=":material/model_training:"):
    trained = training_controls(settings)
by_distance = {name: c.hidden_by_distance if hidden_view else c.input_by_distance for name, c in curves.items()}
bound = theory.hidden_bound(settings.seq_len) if hidden_view else theory.input_bound(settings.seq_len)
radius_line = theory.radius_line(settings.seq_len)
if not hidden_view:
    radius_line = radius_line * theory.input_sigma_max
lines = {tr("grad.bound", sigma=f"{theory.sigma_max:.3f}"): bound,
         tr("grad.radius_line", rho=f"{theory.spectral_radius:.3f}"): radius_line}
after_training = None
if trained:
    after_training = {name: result.curves.hidden_by_distance if hidden_view else result.curves.input_by_distance
                      for name, result in trained.items()}
show_chart(distance_figure(by_distance, labels, text, hidden_view, theory=lines, trained=after_training),
           "gradient_vs_distance", image_format="svg")

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(tr("grad.theory_header"))
    st.markdown(tr("grad.theory_text"))
    decay_table(curves, theory)
with right:
    st.subheader(tr("grad.gates_header"))
    st.markdown(tr("grad.gates_text"))
    if trained:
        training_table(curves, trained)

st.subheader(tr("grad.length_header"))
st.caption(tr("grad.length_caption"))
lengths = next(iter(curves.values())).lengths
show_chart(length_figure(lengths, {key: c.first_step for key, c in curves.items()}, labels, text), "gradient_vs_length",
           image_format="svg")
st.caption(tr("grad.sources"))
