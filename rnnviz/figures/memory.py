"""The memory ladder's charts: held-out score against distance, and how far back the answer depends.

Scores are R^2 (1 = perfect, 0 = the mean's); a diverged seed can score far below 0, so the axis stops at
SCORE_FLOOR and such points are drawn there (their hover gives the real value). Every line is named at its end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from rnnviz.figures.gradients import LABEL_MARGIN, line_labels
from rnnviz.figures.theme import SCREEN

SCORE_FLOOR = -0.2
# Keyed like rnnviz.memory.CELLS; the two LSTMs share a hue, the plain one lighter and dashed.
COLORS = {"RNN": "#2563eb", "LSTM": "#d97706", "LSTM+forget": "#dc2626", "GRU": "#059669"}
DASHES = {"LSTM": "dash"}
OTHER_COLOR = "#374151"
BASELINE_COLOR = "#4b5563"


@dataclass(frozen=True)
class LadderText:
    distance_axis: str
    score_axis: str
    baseline: str  # the baseline line's label
    hover: str  # "{cell}: distance {distance}, R² {mean} ({low} to {high}, {seeds} seeds)"
    steps_back_axis: str
    connectivity_axis: str
    horizon: str  # a profile's label: "{name} · horizon {horizon}"


def ladder_figure(summary: pd.DataFrame, labels: dict[str, str], text: LadderText) -> go.Figure:
    """Mean held-out R^2 against distance (log x, the ladder's distances as ticks), one line per cell with a bar
    from its lowest to its highest seed, and the baseline dashed. `summary` is `rnnviz.memory.summary(table)`;
    `labels` maps a cell to its name."""
    figure = go.Figure()
    ends = []
    for cell, rows in summary.groupby("cell", sort=False):
        rows = rows.sort_values("distance")
        color = COLORS.get(cell, OTHER_COLOR)
        mean = rows["mean"].to_numpy(dtype=np.float64)
        shown = np.maximum(mean, SCORE_FLOOR)
        low, high = np.maximum(rows["low"].to_numpy(), SCORE_FLOOR), np.maximum(rows["high"].to_numpy(), SCORE_FLOOR)
        hover = [text.hover.format(cell=labels[cell], distance=int(d), mean=f"{m:.3f}", low=f"{lo:.3f}",
                                   high=f"{hi:.3f}", seeds=int(n))
                 for d, m, lo, hi, n in zip(rows["distance"], mean, rows["low"], rows["high"], rows["seeds"])]
        figure.add_trace(go.Scatter(
            x=rows["distance"].to_numpy(dtype=np.float32), y=shown.astype(np.float32), mode="lines+markers",
            name=labels[cell], line=dict(color=color, width=3, dash=DASHES.get(cell, "solid")),
            marker=dict(size=9, color=color),
            error_y=dict(type="data", symmetric=False, array=(high - shown).astype(np.float32),
                         arrayminus=(shown - low).astype(np.float32), color=color, thickness=1.5, width=6),
            hovertext=hover, hoverinfo="text", showlegend=False))
        ends.append((float(shown[-1]), labels[cell], color))
    distances = sorted(summary["distance"].unique())
    baseline = float(summary["baseline"].mean())
    figure.add_trace(go.Scatter(x=np.array(distances, dtype=np.float32), y=np.full(len(distances), baseline,
                                                                                  dtype=np.float32),
                                mode="lines", line=dict(color=BASELINE_COLOR, width=2, dash="dot"),
                                hoverinfo="skip", showlegend=False))
    ends.append((baseline, text.baseline, BASELINE_COLOR))
    low, high = SCORE_FLOOR - 0.03, 1.05
    figure.update_layout(
        xaxis=dict(type="log", title=text.distance_axis, tickvals=distances, ticktext=[str(d) for d in distances]),
        yaxis=dict(title=text.score_axis, range=[low, high], dtick=0.2, zeroline=True),
        template=SCREEN, height=520, margin=dict(t=30, r=LABEL_MARGIN), annotations=line_labels(ends, low, high),
    )
    return figure


def profile_figure(profiles: dict[str, np.ndarray], labels: dict[str, str], horizons: dict[str, int],
                   text: LadderText) -> go.Figure:
    """How strongly the answer depends on the input k steps back (log y), one line per model (`profiles`: name ->
    (K,) by k), its horizon marked on the line and named at its end."""
    figure = go.Figure()
    ends, smallest, largest = [], np.inf, 0.0
    for key, profile in profiles.items():
        color = COLORS.get(key, OTHER_COLOR)
        k = np.arange(len(profile), dtype=np.float32)
        floored = np.maximum(profile, 1e-30)
        figure.add_trace(go.Scatter(x=k, y=floored.astype(np.float32), mode="lines", name=labels[key],
                                    line=dict(color=color, width=2.5, dash=DASHES.get(key, "solid")),
                                    hovertemplate=f"{labels[key]}<br>k=%{{x}}<br>%{{y:.3e}}<extra></extra>",
                                    showlegend=False))
        horizon = horizons[key]
        figure.add_trace(go.Scatter(x=[float(horizon)], y=[float(floored[horizon])], mode="markers",
                                    marker=dict(size=12, color=color, symbol="diamond", line=dict(color="white",
                                                                                                  width=1)),
                                    hoverinfo="skip", showlegend=False))
        ends.append((float(np.log10(floored[-1])), text.horizon.format(name=labels[key], horizon=horizon), color))
        smallest, largest = min(smallest, float(floored.min())), max(largest, float(floored.max()))
    low, high = np.log10(smallest) - 0.5, np.log10(largest) + 0.5
    figure.update_layout(
        xaxis_title=text.steps_back_axis,
        yaxis=dict(type="log", title=text.connectivity_axis, exponentformat="power", range=[low, high]),
        template=SCREEN, height=440, margin=dict(t=30, r=LABEL_MARGIN), annotations=line_labels(ends, low, high),
    )
    return figure
