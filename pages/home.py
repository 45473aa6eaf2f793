"""Home: what rnnviz is, where a newcomer starts (the course lesson), and where each question is answered."""

import streamlit as st

from rnnviz.ui.language import current_language, tr
from rnnviz.ui.lesson_views import start
from rnnviz.ui.navigation import PAGE_SUMMARIES, PAGES
from rnnviz.ui.router import leave_legacy_pages_mode, link_to

leave_legacy_pages_mode()
CARD_COLUMNS = 2  # two pictures side by side stay readable on a laptop and a projector

st.title(tr("home.title"))
st.markdown(tr("home.intro"))
with st.container(border=True):
    st.markdown(tr("home.start_here"))
    st.button(tr("home.start_course"), key="home_start_course", type="primary", on_click=start, args=("course",),
              icon=":material/school:")
entries = PAGES[1:]
for first in range(0, len(entries), CARD_COLUMNS):  # a row at a time: read (and tabbed) in the menu's order
    for column, entry in zip(st.columns(CARD_COLUMNS), entries[first:first + CARD_COLUMNS]):
        with column.container(border=True):
            link_to(entry.url_path)
            st.image(str(entry.card(current_language())), width="stretch", alt=tr(entry.title_key))
            st.caption(tr(PAGE_SUMMARIES.key(entry.title_key)))
