"""The one training-loss figure: every page's loss curve (live while a run trains, and beside its result)."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from rnnviz.figures.theme import SCREEN


def loss_curves_figure(x: Sequence[float], curves: dict[str, Sequence[float]], x_title: str, y_title: str, *,
                       log: bool = True, marked_x: float | None = None, colors: Sequence[str] = (),
                       markers: bool = False, height: int = 260) -> go.Figure:
    """One line per named curve over `x` (steps or epochs: (n,), each curve (n,)), log y by default; a dotted line
    at `marked_x` (the epoch kept). A single curve has no legend."""
    figure = go.Figure()
    for index, (name, values) in enumerate(curves.items()):
        line = dict(width=2, color=colors[index]) if index < len(colors) else dict(width=2)
        figure.add_trace(go.Scatter(x=np.asarray(x, dtype=np.float32), y=np.asarray(values, dtype=np.float32),
                                    name=name, mode="lines+markers" if markers else "lines", line=line))
    if marked_x:
        figure.add_vline(x=marked_x, line_dash="dot", line_color="#6b7280")
    figure.update_layout(template=SCREEN, height=height, margin=dict(t=20, b=20),
                         xaxis_title=x_title, yaxis=dict(title=y_title, type="log" if log else "linear"),
                         showlegend=len(curves) > 1, legend=dict(orientation="h", y=1.1))
    return figure
