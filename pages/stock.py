"""The LSTM stock predictor: real OHLC data (or a random-walk control), live training, and an honest comparison
with persistence on one split, over walk-forward folds, across horizons, beside two leaks, and direct against
recursive forecasts."""

import streamlit as st

from rnnviz.ui.honesty_views import leakage_section, multi_step_section
from rnnviz.ui.language import tr
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.spotlight import view
from rnnviz.ui.stock_views import data_sidebar, model_sidebar, showing_control, single_split_section
from rnnviz.ui.walk_forward_views import evaluation_picker, walk_forward_section

leave_legacy_pages_mode()

st.title(tr("page.stock"))
st.markdown(tr("stock.intro"))
label, prices = data_sidebar()
config = model_sidebar()

st.info(tr("stock.source_notice", label=label), icon=":material/database:")
if showing_control():
    st.info(tr("stock.random_walk_note"), icon=":material/casino:")
mode = evaluation_picker()
with view("stock", "evaluation"):
    if mode == "single":
        single_split_section(label, prices, config)
    elif mode == "leakage":
        leakage_section(label, prices, config)
    elif mode == "multi_step":
        multi_step_section(label, prices, config)
    else:
        walk_forward_section(mode, label, prices, config)
