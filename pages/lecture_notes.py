"""From the lecture notes: each note's example run by torch, checked against what the note printed, and corrected."""

import streamlit as st

from rnnviz.ui.language import tr
from rnnviz.ui.note_views import SECTIONS, note_picker
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.spotlight import view

leave_legacy_pages_mode()

st.title(tr("page.lecture_notes"))
st.caption(tr("notes.intro"))
note = note_picker()
with view("lecture_notes", "note"):
    SECTIONS[note]()
