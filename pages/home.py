"""Home: what rnnviz is, where a newcomer starts (the course lesson), and where each question is answered."""

import streamlit as st

from rnnviz.ui.language import tr
from rnnviz.ui.lesson_views import start
from rnnviz.ui.navigation import PAGE_SUMMARIES, PAGES
from rnnviz.ui.router import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.title(tr("home.title"))
st.markdown(tr("home.intro"))
with st.container(border=True):
    st.markdown(tr("home.start_here"))
    st.button(tr("home.start_course"), key="home_start_course", type="primary", on_click=start, args=("course",),
              icon=":material/school:")
for entry in PAGES[1:]:
    with st.container(border=True):
        st.page_link(entry.path, label=tr(entry.title_key), icon=entry.icon)
        st.caption(tr(PAGE_SUMMARIES.key(entry.title_key)))
