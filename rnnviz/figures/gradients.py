"""Vanishing-gradient charts: norm against distance, and the gradient reaching the first step against length.

Norms are float64 and drawn on log axes; values below FLOOR (float64 underflow, exact zeros) are drawn at the
floor so the line ends visibly instead of vanishing. Each cell is a geometric-mean line over the seeded inputs
with a band from the smallest to the largest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from rnnviz.figures.theme import SCREEN

FLOOR = 1e-300
# Keyed like rnnviz.gradients.STUDY_CELLS.
COLORS = {"rnn_tanh": "#2563eb", "rnn_relu": "#7c3aed", "lstm": "#dc2626", "gru": "#059669"}
OTHER_COLOR = "#374151"


@dataclass(frozen=True)
class GradientText:
    distance_axis: str
    length_axis: str
    norm_axis_input: str
    norm_axis_hidden: str
    first_step_axis: str
    trained: str


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _floored(values: np.ndarray) -> np.ndarray:
    return np.maximum(values, FLOOR)


def _geometric_mean(norms: np.ndarray) -> np.ndarray:
    return np.exp(np.log(_floored(norms)).mean(axis=0))


def _add_band(figure: go.Figure, x: np.ndarray, norms: np.ndarray, name: str, color: str, dash: str = "solid",
              hover: str = "") -> None:
    upper, lower = _floored(norms.max(axis=0)), _floored(norms.min(axis=0))
    group = f"{name}{dash}"
    figure.add_trace(go.Scatter(x=x, y=upper, mode="lines", line=dict(width=0), hoverinfo="skip",
                                showlegend=False, legendgroup=group))
    figure.add_trace(go.Scatter(x=x, y=lower, mode="lines", line=dict(width=0), fill="tonexty",
                                fillcolor=_rgba(color, 0.15), hoverinfo="skip", showlegend=False, legendgroup=group))
    figure.add_trace(go.Scatter(x=x, y=_geometric_mean(norms), mode="lines", name=name, legendgroup=group,
                                line=dict(color=color, width=2.5, dash=dash),
                                hovertemplate=f"{name}<br>{hover}=%{{x}}<br>%{{y:.3e}}<extra></extra>"))


def distance_figure(curves: dict[str, np.ndarray], labels: dict[str, str], text: GradientText, hidden: bool,
                    theory: dict[str, np.ndarray] | None = None,
                    trained: dict[str, np.ndarray] | None = None) -> go.Figure:
    """Gradient norm against distance k = T-1-t, log y. `curves` maps a cell's key to (seeds, T) norms, `labels`
    a key to its legend name; `theory` maps a line's name to a (T,) curve drawn dashed; `trained` adds the same
    cells after training."""
    figure = go.Figure()
    for key, norms in curves.items():
        distance = np.arange(norms.shape[1], dtype=np.float32)
        _add_band(figure, distance, norms, labels[key], COLORS.get(key, OTHER_COLOR), hover="k")
    for key, norms in (trained or {}).items():
        distance = np.arange(norms.shape[1], dtype=np.float32)
        _add_band(figure, distance, norms, f"{labels[key]} · {text.trained}", COLORS.get(key, OTHER_COLOR),
                  dash="dash", hover="k")
    for (name, line), dash in zip((theory or {}).items(), ("dash", "dot")):
        figure.add_trace(go.Scatter(x=np.arange(len(line), dtype=np.float32), y=_floored(line), mode="lines",
                                    name=name, line=dict(color="#111827", width=1.5, dash=dash)))
    # The range follows the measurements: a bound with sigma_max > 1 grows and would squash them otherwise.
    measured = [_floored(norms) for norms in list(curves.values()) + list((trained or {}).values())]
    top = max(float(norms.max()) for norms in measured)
    bottom = min(float(norms.min()) for norms in measured)
    figure.update_layout(
        xaxis_title=text.distance_axis,
        yaxis=dict(type="log", title=text.norm_axis_hidden if hidden else text.norm_axis_input,
                   exponentformat="power", range=[np.log10(bottom) - 1, np.log10(top) + 2]),
        template=SCREEN, height=520, legend=dict(orientation="h", y=-0.22), margin=dict(t=30, r=20),
        hovermode="x unified",
    )
    return figure


def length_figure(lengths: np.ndarray, first_step: dict[str, np.ndarray], labels: dict[str, str],
                  text: GradientText) -> go.Figure:
    """The gradient reaching x_0 against the sequence length T, log-log. `first_step` maps a cell's key to
    (seeds, len(lengths)) norms, `labels` a key to its legend name."""
    figure = go.Figure()
    for key, norms in first_step.items():
        _add_band(figure, lengths.astype(np.float32), norms, labels[key], COLORS.get(key, OTHER_COLOR), hover="T")
    figure.update_layout(
        xaxis=dict(type="log", title=text.length_axis),
        yaxis=dict(type="log", title=text.first_step_axis, exponentformat="power"),
        template=SCREEN, height=460, legend=dict(orientation="h", y=-0.25), margin=dict(t=30, r=20),
        hovermode="x unified",
    )
    return figure
