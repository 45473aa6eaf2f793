"""Vanishing gradients: measured against distance and sequence length, with the theory beside it."""

import streamlit as st

from rnnviz.gradients import study_cost
from rnnviz.limits import check
from rnnviz.ui.gradient_views import study_section, study_sidebar
from rnnviz.ui.language import tr
from rnnviz.ui.notices import limit_warning
from rnnviz.ui.router import leave_legacy_pages_mode, link_to
from rnnviz.ui.spotlight import view

leave_legacy_pages_mode()

st.title(tr("page.gradients"))
st.markdown(tr("grad.intro"))
settings, hidden_view = study_sidebar()
breach = check(study_cost(settings))
if breach:
    limit_warning(breach)
else:
    with view("gradients", "curves"):
        study_section(settings, hidden_view)
st.markdown(tr("grad.to_memory"))
link_to("memory")
