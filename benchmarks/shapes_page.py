"""Shape-diagram page: AppTest rerun time for the lecture's largest example."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from benchmarks.harness import Row, next_value, seconds_per_call

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LECTURE = {"cell": "LSTM", "input_size": "6", "num_layers": "3", "bidirectional": "true"}


def run() -> list[Row]:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(LECTURE)
    at.run()
    at.switch_page("pages/shapes.py").run()
    unchanged = seconds_per_call(lambda: at.run())
    pick_next = next_value(["h_n:0", "h_n:3", "output:1", "c_n:5"])
    pick = seconds_per_call(lambda: at.selectbox(key="highlight").set_value(pick_next()).run())
    home = AppTest.from_file(APP, default_timeout=60)
    home.run()
    floor = seconds_per_call(lambda: home.run())
    return [
        Row("Shapes page rerun, nn.LSTM(6, 200, 3 layers, bidirectional) on (100, 30, 6) (AppTest)",
            unchanged * 1e3, "ms", "Home page rerun (framework floor)", floor * 1e3, "< 200 ms", unchanged < 0.2),
        Row("Shapes page rerun after picking what to trace back", pick * 1e3, "ms",
            "Home page rerun (framework floor)", floor * 1e3),
    ]
