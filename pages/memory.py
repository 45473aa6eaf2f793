"""Which cell remembers longer? The memory ladder: RNN, LSTM and GRU trained on the same recall task at growing
distances, their memory horizons, and the same read-out for the bundled language models."""

import streamlit as st

from rnnviz.ui.language import tr
from rnnviz.ui.memory_views import horizons_section, ladder_section, ladder_sidebar, language_model_section
from rnnviz.ui.router import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.title(tr("page.memory"))
st.markdown(tr("mem.intro"))
settings = ladder_sidebar()
result = ladder_section(settings)
if result:
    horizons_section(result, settings)
language_model_section()
