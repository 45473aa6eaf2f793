"""Hidden-states page: figure JSON bytes against a naive one-frame-per-step animation, and AppTest reruns."""

from __future__ import annotations

import plotly.io as pio
import streamlit as st

from benchmarks.harness import FLOOR, NOTES_LAYER, Plan, Row, next_value, open_app, open_floor
from rnnviz import LayerSpec
from rnnviz.figures.hidden_states import PANELS, FigureText, hidden_state_figure
from rnnviz.inputs import random_normal
from rnnviz.recording import record
from tools.naive_figures import naive_figure

TEXT = FigureText(panel_titles={k: k for k in PANELS},
                  time_axis="t", unit_axis="unit", previous="h_t-1", current="h_t",
                  play="Play", pause="Pause", step="step")


def _megabytes(figure) -> float:
    return len(pio.to_json(figure, validate=False)) / 1e6


def _json_sizes() -> list[Row]:
    rows = []
    for seq_len in (100, 500):
        # RNN: one heatmap, so the naive animation (which animates one heatmap) shows the same content.
        spec = LayerSpec("RNN", 4, 200)
        recorded = record(spec, random_normal(seq_len, 1, 4)).directions[(0, 0)]
        ours = _megabytes(hidden_state_figure(spec, recorded, tuple(map(str, range(seq_len))), range(seq_len),
                                              range(200), 0, TEXT))
        naive = _megabytes(naive_figure(recorded.hidden))
        rows.append(Row(f"hidden-states figure JSON, RNN seq_len={seq_len} hidden=200", ours, "MB",
                        "naive: a frame per step re-sending the heatmap", naive,
                        ">= 20x smaller at seq_len 500" if seq_len == 500 else "",
                        naive / ours >= 20 if seq_len == 500 else None, note=f"{naive / ours:.0f}x smaller"))
    lstm = LayerSpec("LSTM", 4, 200)
    recorded = record(lstm, random_normal(500, 1, 4)).directions[(0, 0)]
    rows.append(Row("hidden-states figure JSON, LSTM (h, c, 4 gates) seq_len=500 hidden=200",
                    _megabytes(hidden_state_figure(lstm, recorded, tuple(map(str, range(500))), range(500),
                                                   range(200), 0, TEXT)), "MB", "Streamlit's message cap", 200.0))
    return rows


def plan() -> Plan:
    """The figure-size rows (measured once, not timed), and reruns of the Hidden states page (AppTest): unchanged,
    after a new unit, after a new hidden_size, with the Home page as the framework's floor."""
    st.cache_data.clear()
    st.cache_resource.clear()
    sizes = _json_sizes()
    at = open_app("pages/hidden_states.py", {**NOTES_LAYER, "input": "random"})
    # More values than the figure cache holds (16 entries), so each rerun builds a figure.
    unit_next = next_value(range(1, 100))
    size_next = next_value(range(150, 250))  # more than the trace cache holds (64)
    home = open_floor()

    def rows(seconds: dict) -> list[Row]:
        floor = seconds["floor"]
        return sizes + [
            Row("Hidden states rerun, nn.RNN(4, 200) on random (100, 30, 4), unchanged (AppTest)",
                seconds["unchanged"] * 1e3, "ms",
                FLOOR, floor * 1e3, "<= 100 ms", seconds["unchanged"] <= 0.1),
            Row("Hidden states rerun after changing the equation's unit (equations into the cached figure)",
                seconds["unit"] * 1e3, "ms", FLOOR, floor * 1e3, "<= 100 ms",
                seconds["unit"] <= 0.1),
            Row("Hidden states rerun after changing hidden_size (new trace + figure)", seconds["size"] * 1e3, "ms",
                FLOOR, floor * 1e3, "<= 150 ms", seconds["size"] <= 0.15),
        ]

    return Plan({"unchanged": lambda: at.run(),
                 "unit": lambda: at.number_input(key="unit").set_value(unit_next()).run(),
                 "size": lambda: at.number_input(key="hidden_size").set_value(size_next()).run(),
                 "floor": lambda: home.run()}, rows)
