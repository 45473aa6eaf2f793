"""Figures of a trained layer: units ranked by how well they follow a named quantity, the prediction at every
step, gate saturation before and after training, connectivity, and the training loss."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rnnviz.analysis import Saturation
from rnnviz.figures.hidden_states import DIVERGING
from rnnviz.figures.loss import loss_curves_figure
from rnnviz.figures.theme import SCREEN

TRACKED_COLOR = "#111827"
UNIT_COLOR = "#dc2626"
OTHER_UNIT_COLOR = "#7c3aed"
UNTRAINED_COLOR = "#9ca3af"
TRAINED_COLOR = "#2563eb"


@dataclass(frozen=True)
class TrainedText:
    """Labels in the reader's language."""

    tracked: str          # the tracked quantity's name, e.g. "nesting depth"
    state: str            # "h_t" or "c_t"
    time_axis: str
    unit_axis: str
    unit: str             # "unit"
    correlation: str      # "r"
    predicted: str
    actual: str
    low: str              # "near the low bound"
    high: str             # "near the high bound"
    untrained: str
    trained: str
    gate_axis: str
    share_axis: str
    output_step: str
    input_step: str
    loss_axis: str
    step_axis: str
    title: str = ""       # the layer and task, e.g. "nn.LSTM(6, 16) · brackets": exports and slides name them


def ranked_units_figure(states: np.ndarray, tracked: np.ndarray, r: np.ndarray, unit: int,
                        step_labels: tuple[str, ...], text: TrainedText, top: int = 16) -> go.Figure:
    """Above: the tracked quantity, the best unit's state and (if another) unit `unit`'s, over the steps (the
    states on their own axis). Below: the `top` units with the largest |r|, best first, as a heatmap.
    states (seq_len, H), tracked (seq_len,), r (H,)."""
    order = np.argsort(-np.abs(r), kind="stable")[:top]
    steps = np.arange(len(tracked), dtype=np.float32)
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.35, 0.65], vertical_spacing=0.06,
                           specs=[[{"secondary_y": True}], [{}]])
    figure.add_trace(go.Scatter(x=steps, y=tracked.astype(np.float32), name=text.tracked, mode="lines+markers",
                                line=dict(color=TRACKED_COLOR, width=2.5)), row=1, col=1)
    best = int(order[0])
    for shown, dash in ((best, "solid"), (unit, "dot")) if unit != best else ((best, "solid"),):
        figure.add_trace(go.Scatter(x=steps, y=states[:, shown].astype(np.float32), mode="lines",
                                    name=f"{text.state}[{shown}] ({text.correlation} = {r[shown]:+.2f})",
                                    line=dict(color=UNIT_COLOR if shown == best else OTHER_UNIT_COLOR, width=2.5,
                                              dash=dash)), row=1, col=1, secondary_y=True)
    labels = [f"{text.unit} {k} · {text.correlation}={r[k]:+.2f}" for k in order]
    figure.add_trace(go.Heatmap(z=np.ascontiguousarray(states[:, order].T, dtype=np.float32), x=steps,
                                y=labels, colorscale=DIVERGING, zmid=0,
                                colorbar=dict(title=text.state, len=0.6, y=0.0, yanchor="bottom"),
                                hovertemplate="%{y}<br>t=%{x}<br>%{z:.3f}<extra></extra>"), row=2, col=1)
    figure.update_yaxes(title_text=text.tracked, row=1, col=1, secondary_y=False)
    figure.update_yaxes(title_text=text.state, row=1, col=1, secondary_y=True)
    figure.update_yaxes(autorange="reversed", row=2, col=1)
    figure.update_xaxes(title_text=text.time_axis, tickvals=steps[::max(1, len(steps) // 20)],
                        ticktext=[step_labels[int(t)] for t in steps[::max(1, len(steps) // 20)]], row=2, col=1)
    figure.update_layout(template=SCREEN, height=260 + 24 * len(order),
                         legend=dict(orientation="h", y=1.12), margin=dict(t=40, l=10, r=10))
    return figure


def predictions_figure(predicted: np.ndarray, actual: np.ndarray, step_labels: tuple[str, ...],
                       text: TrainedText) -> go.Figure:
    """A value task's prediction at every step against the true next value. predicted, actual (seq_len,)."""
    steps = np.arange(len(actual), dtype=np.float32)
    figure = go.Figure([
        go.Scatter(x=steps, y=actual.astype(np.float32), name=text.actual, mode="lines+markers",
                   line=dict(color=TRACKED_COLOR, width=2)),
        go.Scatter(x=steps, y=predicted.astype(np.float32), name=text.predicted, mode="lines+markers",
                   line=dict(color=UNIT_COLOR, width=2, dash="dash")),
    ])
    figure.update_layout(template=SCREEN, height=300, xaxis_title=text.time_axis,
                         xaxis=dict(tickvals=steps, ticktext=list(step_labels)), margin=dict(t=30),
                         legend=dict(orientation="h", y=1.15))
    return figure


def saturation_figure(before: list[Saturation], after: list[Saturation], text: TrainedText) -> go.Figure:
    """Per gate, the share of values near its low and its high bound, before and after training."""
    gates = [item.gate for item in before]
    figure = go.Figure()
    for label, items, color in ((text.untrained, before, UNTRAINED_COLOR), (text.trained, after, TRAINED_COLOR)):
        figure.add_trace(go.Bar(x=[f"{gate} · {text.low}" for gate in gates], y=[item.low for item in items],
                                name=label, marker_color=color, legendgroup=label))
        figure.add_trace(go.Bar(x=[f"{gate} · {text.high}" for gate in gates], y=[item.high for item in items],
                                name=label, marker_color=color, legendgroup=label, showlegend=False))
    figure.update_layout(template=SCREEN, barmode="group", height=340,
                         xaxis_title=text.gate_axis, yaxis=dict(title=text.share_axis, range=[0, 1],
                                                                tickformat=".0%"),
                         legend=dict(orientation="h", y=1.15), margin=dict(t=30))
    return figure


def connectivity_figure(matrix: np.ndarray, step_labels: tuple[str, ...], text: TrainedText) -> go.Figure:
    """||d y_t / d x_s|| as a heatmap: output step t down, input step s across, log colour scale."""
    steps = np.arange(matrix.shape[0], dtype=np.float32)
    floor = max(float(matrix[matrix > 0].min()) if (matrix > 0).any() else 1e-12, 1e-12)
    logged = np.log10(np.maximum(matrix, floor)).astype(np.float32)
    figure = go.Figure(go.Heatmap(z=logged, x=steps, y=steps, colorscale="Viridis",
                                  colorbar=dict(title="log₁₀ ‖∂y/∂x‖"),
                                  hovertemplate="t=%{y} ← s=%{x}<br>log₁₀ = %{z:.2f}<extra></extra>"))
    ticks = steps[::max(1, len(steps) // 15)]
    names = [step_labels[int(t)] for t in ticks]
    figure.update_layout(template=SCREEN, height=460, margin=dict(t=20),
                         xaxis=dict(title=text.input_step, tickvals=ticks, ticktext=names),
                         yaxis=dict(title=text.output_step, tickvals=ticks, ticktext=names, autorange="reversed"))
    return figure


def loss_curve_figure(history: list[float], text: TrainedText, log: bool = True) -> go.Figure:
    """The training loss at every step."""
    return loss_curves_figure(np.arange(1, len(history) + 1), {text.loss_axis: history}, text.step_axis,
                              text.loss_axis, log=log, colors=(TRAINED_COLOR,))
