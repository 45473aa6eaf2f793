"""The lecture pack: making the Hidden states page's HTML file (its two animated charts, plotly.js inlined once)
against Plotly's own way of writing each chart as a whole page, and the floor of joining the same strings."""

from __future__ import annotations

import plotly.io as pio

from benchmarks.harness import Row, seconds_per_call
from rnnviz import LayerSpec
from rnnviz.figures.hidden_states import PANELS, FigureText, hidden_state_figure
from rnnviz.inputs import random_normal
from rnnviz.lecture_pack import Block, chart_json, page_html, plotly_js
from rnnviz.recording import record

TEXT = FigureText(panel_titles={k: k for k in PANELS}, time_axis="t", unit_axis="unit", previous="h_t-1",
                  current="h_t", play="Play", pause="Pause", step="step")
MAX_FILE_MB = 8.0
MAX_SECONDS = 1.0


def run() -> list[Row]:
    # A large view: the LSTM of the lecture's 200 units over 100 steps (h, c and four gates, animated).
    spec = LayerSpec("LSTM", 4, 200)
    recorded = record(spec, random_normal(100, 1, 4)).directions[(0, 0)]
    figure = hidden_state_figure(spec, recorded, tuple(map(str, range(100))), range(100), range(64), 0, TEXT)
    spec_json = pio.to_json(figure, validate=False)  # what Streamlit sends the browser for the chart
    blocks = [Block("heading", "Hidden states step by step", "1"), Block("caption", "200 units, 100 steps"),
              Block("chart", chart_json(spec_json), "{}"), Block("chart", chart_json(spec_json), "{}")]
    plotly_js()  # read once per process, as the server does

    def ours() -> str:
        return page_html("Hidden states", "/hidden_states", "back", "saved", blocks)

    def naive() -> str:
        return "".join(figure.to_html(include_plotlyjs=True, full_html=True) for _ in range(2))

    def floor() -> str:
        return plotly_js() + spec_json + spec_json

    size = len(ours().encode()) / 1e6
    seconds, naive_seconds, floor_seconds = (seconds_per_call(action) for action in (ours, naive, floor))
    return [
        Row("lecture pack: the Hidden states file (LSTM 200 units x 100 steps, two animated charts)", seconds * 1e3,
            "ms", "naive: Plotly's to_html per chart, plotly.js in each", naive_seconds * 1e3,
            f"< {MAX_SECONDS * 1e3:.0f} ms", seconds < MAX_SECONDS,
            note=f"floor (joining the same strings) {floor_seconds * 1e3:.1f} ms"),
        Row("lecture pack: that file's size", size, "MB", "naive", len(naive().encode()) / 1e6,
            f"<= {MAX_FILE_MB:.0f} MB", size <= MAX_FILE_MB),
    ]
