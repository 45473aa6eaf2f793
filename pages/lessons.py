"""Lessons: follow the course (or a lecturer's own lesson) through the app's pages, answering as you go."""

import streamlit as st

from rnnviz.ui.language import tr
from rnnviz.ui.lesson_views import lesson_list, upload_section
from rnnviz.ui.router import leave_legacy_pages_mode

leave_legacy_pages_mode()

st.title(tr("page.lessons"))
st.markdown(tr("lessons.intro"))
lesson_list()
upload_section()
