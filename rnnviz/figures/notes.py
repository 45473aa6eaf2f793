"""Figures of the Lecture notes page: tanh's slope through the numpy loop, and the digit classifier's accuracy
after each row read."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from rnnviz.figures.theme import SCREEN
from rnnviz.figures.trained import TRAINED_COLOR
from rnnviz.lecture_notes.numpy_loop import Saturation

NOTE_COLOR = "#7f7f7f"
BASELINE_DASHES = {"nearest_mean": "dash", "majority": "dot"}


def _layout(figure: go.Figure, text: dict[str, str], **yaxis) -> go.Figure:
    figure.update_layout(template=SCREEN, height=320, title=text["title"],
                         xaxis=dict(title=text["x"], dtick=1), yaxis=dict(title=text["y"], **yaxis),
                         legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0), margin=dict(t=80))
    return figure


def slope_by_step_figure(chosen: Saturation, note: Saturation, text: dict[str, str]) -> go.Figure:
    """Mean tanh'(a_t) over the 8 units at each step t = 1..10, for the chosen weight scale and the note's. A
    gradient passing back through step t is multiplied by this slope (then by W_h): near 0, nothing passes."""
    steps = np.arange(1, len(chosen.slope) + 1, dtype=np.float32)
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=steps, y=note.slope.mean(1).astype(np.float32), name=text["note"],
                                mode="lines+markers", line=dict(color=NOTE_COLOR, dash="dash", width=2)))
    figure.add_trace(go.Scatter(x=steps, y=chosen.slope.mean(1).astype(np.float32), name=text["chosen"],
                                mode="lines+markers", line=dict(color=TRAINED_COLOR, width=3)))
    return _layout(figure, text, range=[0, 1.02])


def accuracy_by_rows_figure(after_rows: list[float], baselines: dict[str, float], text: dict[str, str]) -> go.Figure:
    """Test accuracy of the classifier's guess after reading rows 1..8 of each digit, with the baselines' (which
    see the whole image) as horizontal lines."""
    rows = np.arange(1, len(after_rows) + 1, dtype=np.float32)
    figure = go.Figure(go.Scatter(x=rows, y=np.asarray(after_rows, dtype=np.float32), name=text["lstm"],
                                  mode="lines+markers", line=dict(color=TRAINED_COLOR, width=3)))
    for name, dash in BASELINE_DASHES.items():
        figure.add_trace(go.Scatter(x=[rows[0], rows[-1]], y=[baselines[name]] * 2, name=text[name], mode="lines",
                                    line=dict(color=NOTE_COLOR, dash=dash, width=2)))
    return _layout(figure, text, range=[0, 1.02], tickformat=".0%")
