"""Shape-diagram page: AppTest rerun time for the lecture's largest example."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from benchmarks.harness import Plan, Row, next_value

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LECTURE = {"cell": "LSTM", "input_size": "6", "num_layers": "3", "bidirectional": "true"}


def plan() -> Plan:
    """Reruns of the Shapes page on the lecture's largest LSTM, unchanged and after picking what to trace back,
    with the Home page as the framework's floor."""
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(LECTURE)
    at.run()
    at.switch_page("pages/shapes.py").run()
    pick_next = next_value(["h_n:0", "h_n:3", "output:1", "c_n:5"])
    home = AppTest.from_file(APP, default_timeout=60)
    home.run()

    def rows(seconds: dict) -> list[Row]:
        unchanged, pick, floor = seconds["unchanged"], seconds["pick"], seconds["floor"]
        return [
            Row("Shapes page rerun, nn.LSTM(6, 200, 3 layers, bidirectional) on (100, 30, 6) (AppTest)",
                unchanged * 1e3, "ms", "Home page rerun (framework floor)", floor * 1e3, "<= 100 ms",
                unchanged <= 0.1),
            Row("Shapes page rerun after picking what to trace back", pick * 1e3, "ms",
                "Home page rerun (framework floor)", floor * 1e3),
        ]

    return Plan({"unchanged": lambda: at.run(),
                 "pick": lambda: at.selectbox(key="highlight").set_value(pick_next()).run(),
                 "floor": lambda: home.run()}, rows)
