"""Shape-diagram page: AppTest rerun time for the lecture's largest example."""

from __future__ import annotations

import streamlit as st

from benchmarks.harness import FLOOR, NOTES_LAYER, Plan, Row, next_value, open_app, open_floor

LECTURE = {**NOTES_LAYER, "cell": "LSTM", "input_size": "6", "num_layers": "3", "bidirectional": "true"}


def plan() -> Plan:
    """Reruns of the Shapes page on the lecture's largest LSTM, unchanged and after picking what to trace back,
    with the Home page as the framework's floor."""
    st.cache_data.clear()
    at = open_app("pages/shapes.py", LECTURE)
    pick_next = next_value(["h_n:0", "h_n:3", "output:1", "c_n:5"])
    home = open_floor()

    def rows(seconds: dict) -> list[Row]:
        unchanged, pick, floor = seconds["unchanged"], seconds["pick"], seconds["floor"]
        return [
            Row("Shapes page rerun, nn.LSTM(6, 200, 3 layers, bidirectional) on (100, 30, 6) (AppTest)",
                unchanged * 1e3, "ms", FLOOR, floor * 1e3, "<= 100 ms",
                unchanged <= 0.1),
            Row("Shapes page rerun after picking what to trace back", pick * 1e3, "ms",
                FLOOR, floor * 1e3),
        ]

    return Plan({"unchanged": lambda: at.run(),
                 "pick": lambda: at.selectbox(key="highlight").set_value(pick_next()).run(),
                 "floor": lambda: home.run()}, rows)
