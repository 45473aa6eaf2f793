"""Walk-forward charts: error and skill per fold, the lag detector's correlations, and error against horizon."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rnnviz.figures.theme import SCREEN

LSTM_COLOR, PERSISTENCE_COLOR = "#dc2626", "#2563eb"
BETTER_COLOR, WORSE_COLOR, NEUTRAL_COLOR = "#16a34a", "#dc2626", "#9ca3af"


@dataclass(frozen=True)
class FoldText:
    fold: str               # a fold's label, with "{number}", "{start}" and "{end}" (its test block's dates)
    rmse_axis: str
    skill_axis: str
    lstm: str
    persistence: str
    lag_axis: str
    correlation_axis: str
    horizon_axis: str


def _fold_labels(folds: pd.DataFrame, text: FoldText) -> list[str]:
    return [text.fold.format(number=number, start=row.test_start.strftime("%Y-%m"), end=row.test_end.strftime("%Y-%m"))
            for number, row in folds.iterrows()]


def fold_figure(folds: pd.DataFrame, text: FoldText) -> go.Figure:
    """Per fold (a `WalkForwardResult.folds` table): the RMSE of the LSTM and of persistence side by side (top),
    and the skill 1 - RMSE LSTM / RMSE persistence (bottom; above 0 = the LSTM is better), coloured by sign."""
    labels = _fold_labels(folds, text)
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.6, 0.4], vertical_spacing=0.06)
    for column, name, color in (("RMSE LSTM", text.lstm, LSTM_COLOR),
                                ("RMSE Persistence", text.persistence, PERSISTENCE_COLOR)):
        figure.add_trace(go.Bar(x=labels, y=folds[column].to_numpy(), name=name, marker_color=color), row=1, col=1)
    skill = folds["Skill"].to_numpy()
    figure.add_trace(go.Bar(x=labels, y=skill, showlegend=False, text=[f"{value:+.3f}" for value in skill],
                            textposition="outside", cliponaxis=False,
                            marker_color=np.where(skill > 0, BETTER_COLOR, WORSE_COLOR).tolist()), row=2, col=1)
    figure.add_hline(y=0, line_color="#111827", line_width=1, row=2, col=1)
    figure.update_layout(template=SCREEN, height=480, margin=dict(t=30, b=20), barmode="group",
                         legend=dict(orientation="h", y=1.08))
    figure.update_yaxes(title_text=text.rmse_axis, row=1, col=1)
    figure.update_yaxes(title_text=text.skill_axis, row=2, col=1)
    return figure


def lag_figure(correlations: pd.Series, text: FoldText) -> go.Figure:
    """The lag detector: one bar per lag k (days), the correlation between the predicted day-to-day change and
    the actual change k days earlier; the highest bar darker."""
    lags = correlations.index.to_numpy()
    values = correlations.to_numpy(dtype=np.float64)
    known = np.nan_to_num(values, nan=-np.inf)
    colors = [LSTM_COLOR if index == int(np.argmax(known)) else NEUTRAL_COLOR for index in range(len(values))]
    figure = go.Figure(go.Bar(x=lags, y=values, marker_color=colors, text=[f"{value:+.2f}" for value in values],
                              textposition="outside", cliponaxis=False))
    figure.add_hline(y=0, line_color="#111827", line_width=1)
    figure.update_layout(template=SCREEN, height=320, margin=dict(t=30, b=20),
                         xaxis=dict(title=text.lag_axis, tickmode="array", tickvals=lags,
                                    ticktext=[f"{lag:+d}" if lag else "0" for lag in lags]),
                         yaxis=dict(title=text.correlation_axis, range=[-1.1, 1.1]))
    return figure


def horizon_figure(summary: pd.DataFrame, text: FoldText) -> go.Figure:
    """RMSE (price units, over every fold's test days) of the LSTM and of persistence against the horizon in
    trading days (a `HorizonStudy.summary`)."""
    return _error_against_horizon(summary, text, (("RMSE LSTM", text.lstm, LSTM_COLOR, "solid"),
                                                  ("RMSE Persistence", text.persistence, PERSISTENCE_COLOR, "solid")))


def multi_step_figure(summary: pd.DataFrame, text: FoldText, direct: str, recursive: str) -> go.Figure:
    """RMSE (price units, on the test days) of the direct models, the recursive one-day model and persistence
    against the horizon in trading days (a `multi_step_study` table); `direct` and `recursive` name the two LSTMs."""
    return _error_against_horizon(summary, text, (("RMSE direct", direct, LSTM_COLOR, "solid"),
                                                  ("RMSE recursive", recursive, LSTM_COLOR, "dash"),
                                                  ("RMSE Persistence", text.persistence, PERSISTENCE_COLOR, "solid")))


def _error_against_horizon(summary: pd.DataFrame, text: FoldText, lines: tuple) -> go.Figure:
    """One line per (column, name, colour, dash) of `summary` against its index (horizons), on a log axis."""
    figure = go.Figure()
    for column, name, color, dash in lines:
        figure.add_trace(go.Scatter(x=summary.index.to_numpy(), y=summary[column].to_numpy(), name=name,
                                    mode="lines+markers", line=dict(color=color, width=2.5, dash=dash),
                                    marker_size=10))
    figure.update_layout(template=SCREEN, height=360, margin=dict(t=30, b=20),
                         xaxis=dict(title=text.horizon_axis, type="log", tickmode="array",
                                    tickvals=summary.index.to_numpy(), ticktext=[str(h) for h in summary.index]),
                         yaxis=dict(title=text.rmse_axis, rangemode="tozero"), legend=dict(orientation="h", y=1.1))
    return figure
