"""Stock-page charts: candlesticks with volume and the split shaded, the loss curve, and the test predictions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rnnviz.figures.loss import loss_curves_figure
from rnnviz.figures.theme import SCREEN

# Rising / falling colours: green up, red down in most markets; red up, blue down in Korea's (KRX, brokers' apps).
CANDLE_COLORS = {"international": ("#16a34a", "#dc2626"), "korea": ("#dc2626", "#2563eb")}
# Period shading in hues no candle has (grey, violet): red candles on pink, or blue ones on blue, were hard to see.
PERIOD_COLORS = {"train": "rgba(107, 114, 128, 0.05)", "validation": "rgba(124, 58, 237, 0.08)",
                 "test": "rgba(107, 114, 128, 0.14)"}


@dataclass(frozen=True)
class MarketText:
    price_axis: str
    volume_axis: str
    periods: dict[str, str]  # "train", "validation", "test" -> label
    epoch_axis: str
    loss_axis: str
    train_loss: str
    validation_loss: str
    actual: str
    lstm: str
    persistence: str
    candle_colors: tuple[str, str] = CANDLE_COLORS["international"]  # (rising, falling)


def candlestick_figure(prices: pd.DataFrame, text: MarketText, validation_start: pd.Timestamp | None = None,
                       test_start: pd.Timestamp | None = None,
                       test_blocks: Sequence[tuple[pd.Timestamp, pd.Timestamp, str]] = ()) -> go.Figure:
    """OHLC candlesticks over volume bars, both coloured rising / falling by `text.candle_colors`; the training,
    validation and test periods shaded when given, or else walk-forward test blocks (first day, last day,
    label), shaded in turn."""
    rising, falling = text.candle_colors
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.75, 0.25], vertical_spacing=0.03)
    figure.add_trace(go.Candlestick(x=prices.index, open=prices["Open"].to_numpy(), high=prices["High"].to_numpy(),
                                    low=prices["Low"].to_numpy(), close=prices["Close"].to_numpy(), name="OHLC",
                                    increasing=dict(line_color=rising, fillcolor=rising),
                                    decreasing=dict(line_color=falling, fillcolor=falling), showlegend=False),
                     row=1, col=1)
    up = (prices["Close"] >= prices["Open"]).to_numpy()
    # Thousands of bars on a date axis are thinner than a pixel: without an outline (the template's is white,
    # and covered them) and at full opacity they stay visible.
    figure.add_trace(go.Bar(x=prices.index, y=prices["Volume"].to_numpy(dtype=np.float64), name="Volume",
                            marker=dict(color=np.where(up, rising, falling).tolist(), line_width=0, opacity=1.0),
                            showlegend=False), row=2, col=1)
    if validation_start is not None and test_start is not None:
        bounds = [("train", prices.index[0], validation_start), ("validation", validation_start, test_start),
                  ("test", test_start, prices.index[-1])]
        for period, start, end in bounds:
            figure.add_vrect(x0=start, x1=end, fillcolor=PERIOD_COLORS[period], line_width=0, layer="below",
                             annotation_text=text.periods[period], annotation_position="top left", row="all", col=1)
    for index, (start, end, label) in enumerate(test_blocks):
        figure.add_vrect(x0=start, x1=end, fillcolor=PERIOD_COLORS["test" if index % 2 == 0 else "validation"],
                         line_width=0, layer="below", annotation_text=label, annotation_position="top left",
                         row="all", col=1)
    figure.update_layout(template=SCREEN, height=520, margin=dict(t=30, b=20), xaxis_rangeslider_visible=False)
    figure.update_yaxes(title_text=text.price_axis, row=1, col=1)
    figure.update_yaxes(title_text=text.volume_axis, row=2, col=1)
    return figure


def loss_figure(history: pd.DataFrame, text: MarketText, best_epoch: int | None = None) -> go.Figure:
    """Training and validation MSE (scaled units) per epoch, log y; the kept epoch marked."""
    return loss_curves_figure(history["epoch"], {text.train_loss: history["train_loss"],
                                                 text.validation_loss: history["validation_loss"]},
                              text.epoch_axis, text.loss_axis, marked_x=best_epoch, markers=True, height=300)


def prediction_figure(predictions: pd.DataFrame, text: MarketText,
                      boundaries: Sequence[pd.Timestamp] = ()) -> go.Figure:
    """The test period: actual close, the LSTM's prediction and persistence's (yesterday's close); dotted lines
    at `boundaries` (where a walk-forward fold's test block begins)."""
    figure = go.Figure()
    for column, name, color, width in (("Actual", text.actual, "#111827", 2.5), ("LSTM", text.lstm, "#dc2626", 1.8),
                                       ("Persistence", text.persistence, "#2563eb", 1.2)):
        figure.add_trace(go.Scatter(x=predictions.index, y=predictions[column].to_numpy(), name=name, mode="lines",
                                    line=dict(color=color, width=width)))
    for boundary in boundaries:
        figure.add_vline(x=boundary, line_dash="dot", line_color="#6b7280")
    figure.update_layout(template=SCREEN, height=420, margin=dict(t=20, b=20), yaxis_title=text.price_axis,
                         legend=dict(orientation="h", y=1.08), hovermode="x unified")
    return figure
