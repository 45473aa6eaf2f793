"""Vanishing-gradient charts: norm against distance, and the gradient reaching the first step against length.

Norms are float64 and drawn on log axes; values below FLOOR (float64 underflow, exact zeros) are drawn at the
floor so the line ends visibly instead of vanishing. Each cell is a geometric-mean line over the seeded inputs
with a band from the smallest to the largest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from rnnviz.figures.theme import SCREEN, titled

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
    # A line's own label, at its end: "{cell} ×{factor} / step" (the fitted factor per step, rnnviz.gradients).
    line_label: str = "{cell} ×{factor} / step"


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _floored(values: np.ndarray) -> np.ndarray:
    return np.maximum(values, FLOOR)


def _geometric_mean(norms: np.ndarray) -> np.ndarray:
    return np.exp(np.log(_floored(norms)).mean(axis=0))


def _extent(norms_list) -> tuple[float, float]:
    """The smallest and largest value drawn (floored) over every array of norms."""
    floored = [_floored(norms) for norms in norms_list]
    return min(float(norms.min()) for norms in floored), max(float(norms.max()) for norms in floored)


def _band(x: np.ndarray, norms: np.ndarray, name: str, color: str, dash: str = "solid", hover: str = "",
          legend: bool = True) -> list[dict]:
    """Three traces: the band from the smallest to the largest norm, and the geometric mean over it. Traces are
    dicts, and a figure is made from all of its traces at once: adding them one by one took twice as long."""
    upper, lower = _floored(norms.max(axis=0)), _floored(norms.min(axis=0))
    group = f"{name}{dash}"
    return [
        dict(type="scatter", x=x, y=upper, mode="lines", line=dict(width=0), hoverinfo="skip", showlegend=False,
             legendgroup=group),
        dict(type="scatter", x=x, y=lower, mode="lines", line=dict(width=0), fill="tonexty",
             fillcolor=_rgba(color, 0.15), hoverinfo="skip", showlegend=False, legendgroup=group),
        dict(type="scatter", x=x, y=_geometric_mean(norms), mode="lines", name=name, legendgroup=group,
             line=dict(color=color, width=2.5, dash=dash), showlegend=legend,
             hovertemplate=f"{name}<br>{hover}=%{{x}}<br>%{{y:.3e}}<extra></extra>"),
    ]


# Direct labels sit in the right margin, at least this far apart (a fraction of the plot's height), so four
# lines that end close together stay readable from the back row.
LABEL_GAP = 0.06
LABEL_MARGIN = 190
MAX_DECADE_TICKS = 8


def _decade_step(bottom: float, top: float) -> int:
    """Decades between log-axis ticks: 1, 2, 5, 10, 20, 50, ... so at most MAX_DECADE_TICKS ticks show."""
    span = np.log10(top) - np.log10(bottom)
    for step in (1, 2, 5, 10, 20, 50, 100, 200):
        if span / step <= MAX_DECADE_TICKS:
            return step
    return 500


def line_labels(ends: list[tuple[float, str, str]], low: float, high: float) -> list[dict]:
    """Annotations in the right margin for lines ending at heights `ends` (height, text, colour) in the y axis's
    own units (log10 on a log axis), moved apart by LABEL_GAP of the axis range [low, high] and joined to their
    line's end by nothing but colour. The memory ladder's charts use them too."""
    gap = LABEL_GAP * (high - low)
    labels, previous = [], None
    for height, label, color in sorted(ends, reverse=True):  # top down, each at least `gap` below the last
        y = max(height if previous is None else min(height, previous - gap), low)
        labels.append(dict(x=1.01, xref="paper", xanchor="left", y=y, yref="y", text=f"<b>{label}</b>",
                           showarrow=False, font=dict(color=color, size=14), align="left"))
        previous = y
    return labels


def _figure(title: str, **spec) -> go.Figure:
    """go.Figure of a figure dict, titled first when `title` is given: a title set on the dict is validated with
    the figure, not again by an update (2.9 ms a figure, measured)."""
    return go.Figure(titled(spec, title) if title else spec)


def distance_figure(curves: dict[str, np.ndarray], labels: dict[str, str], text: GradientText, hidden: bool,
                    theory: dict[str, np.ndarray] | None = None,
                    trained: dict[str, np.ndarray] | None = None,
                    factors: dict[str, float] | None = None, title: str = "") -> go.Figure:
    """Gradient norm against distance k = T-1-t, log y. `curves` maps a cell's key to (seeds, T) norms, `labels`
    a key to its name, written at the end of its line with its fitted per-step factor from `factors`; `theory`
    maps a line's name to a (T,) curve drawn dashed (in the legend, above the chart); `trained` adds the same
    cells after training; `title` goes top left (theme.titled)."""
    traces, ends = [], []
    for key, norms in curves.items():
        distance = np.arange(norms.shape[1], dtype=np.float32)
        color = COLORS.get(key, OTHER_COLOR)
        traces += _band(distance, norms, labels[key], color, hover="k", legend=False)
        factor = (factors or {}).get(key, float("nan"))
        label = text.line_label.format(cell=labels[key], factor=f"{factor:.2f}") if np.isfinite(factor) \
            else labels[key]
        ends.append((float(np.log10(_geometric_mean(norms)[-1])), label, color))
    for key, norms in (trained or {}).items():
        distance = np.arange(norms.shape[1], dtype=np.float32)
        traces += _band(distance, norms, f"{labels[key]} · {text.trained}", COLORS.get(key, OTHER_COLOR),
                        dash="dash", hover="k")
    for (name, line), dash in zip((theory or {}).items(), ("dash", "dot")):
        traces.append(dict(type="scatter", x=np.arange(len(line), dtype=np.float32), y=_floored(line), mode="lines",
                           name=name, line=dict(color="#111827", width=1.5, dash=dash)))
    # The range follows the measurements: a bound with sigma_max > 1 grows and would squash them otherwise.
    bottom, top = _extent([*curves.values(), *(trained or {}).values()])
    low, high = np.log10(bottom) - 1, np.log10(top) + 2
    return _figure(title, data=traces, layout=dict(
        xaxis_title=text.distance_axis,
        yaxis=dict(type="log", title=text.norm_axis_hidden if hidden else text.norm_axis_input,
                   exponentformat="power", range=[low, high], dtick=_decade_step(bottom, top)),
        template=SCREEN, height=560, legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        margin=dict(t=60, r=LABEL_MARGIN), hovermode="x unified", annotations=line_labels(ends, low, high),
    ))


def length_figure(lengths: np.ndarray, first_step: dict[str, np.ndarray], labels: dict[str, str],
                  text: GradientText, title: str = "") -> go.Figure:
    """The gradient reaching x_0 against the sequence length T, log-log. `first_step` maps a cell's key to
    (seeds, len(lengths)) norms, `labels` a key to its legend name; `title` goes top left (theme.titled)."""
    traces = []
    for key, norms in first_step.items():
        traces += _band(lengths.astype(np.float32), norms, labels[key], COLORS.get(key, OTHER_COLOR), hover="T")
    return _figure(title, data=traces, layout=dict(
        xaxis=dict(type="log", title=text.length_axis),
        yaxis=dict(type="log", title=text.first_step_axis, exponentformat="power",
                   dtick=_decade_step(*_extent(first_step.values()))),
        template=SCREEN, height=480, legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        margin=dict(t=60, r=20),
        hovermode="x unified",
    ))
