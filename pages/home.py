"""Home: what rnnviz is and where each question is answered."""

import streamlit as st

from rnnviz.ui.language import tr
from rnnviz.ui.navigation import PAGES
from rnnviz.ui.router import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.title(tr("home.title"))
st.markdown(tr("home.intro"))
for entry in PAGES[1:]:
    with st.container(border=True):
        st.page_link(entry.path, label=tr(entry.title_key), icon=entry.icon)
        st.caption(tr(entry.title_key + ".summary"))
