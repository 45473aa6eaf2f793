"""Reading a language model: a character LSTM trained here, unit by unit (Karpathy's coloured text, LSTMVis)."""

import streamlit as st

from rnnviz.ui.language import tr
from rnnviz.ui.lm_views import model_sidebar, passage, sampling, scores, select_and_match_section, unit_finder
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.spotlight import view

leave_legacy_pages_mode()

st.title(tr("page.language_model"))
st.caption(tr("lm.intro"))
chosen = model_sidebar()  # None while a text of the student's own has no model yet: the page has said what to do
if chosen is not None:
    with view("language_model", "scores"):
        st.subheader(tr("lm.scores_header"))
        with st.spinner(tr("lm.scoring")):
            scores(chosen)
    with view("language_model", "passage"):
        st.subheader(tr("lm.passage_header"))
        shown = passage(chosen)
    with view("language_model", "finder"):
        st.subheader(tr("lm.finder_header"))
        unit_finder(chosen, shown)
    st.subheader(tr("lm.match_header"))
    st.caption(tr("lm.match_intro"))
    select_and_match_section(chosen, shown)
    st.subheader(tr("lm.sample_header"))
    sampling(chosen, shown)
