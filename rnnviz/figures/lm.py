"""The language-model page's chart: validation loss of the model beside the n-gram baselines."""

from __future__ import annotations

import plotly.graph_objects as go

from rnnviz.figures.theme import SCREEN
from rnnviz.figures.trained import TRAINED_COLOR, UNTRAINED_COLOR


def loss_bars_figure(model_label: str, model_nats: float, baselines: dict[str, float], axis: str) -> go.Figure:
    """Horizontal bars of nats per character, lower is better: the model's first (in colour), then each
    baseline (label -> nats) in grey, each bar labelled with its value."""
    labels = [model_label, *baselines]
    values = [model_nats, *baselines.values()]
    figure = go.Figure(go.Bar(x=values, y=labels, orientation="h", text=[f"{v:.2f}" for v in values],
                              textposition="outside",
                              marker_color=[TRAINED_COLOR] + [UNTRAINED_COLOR] * len(baselines)))
    figure.update_layout(template=SCREEN, height=90 + 45 * len(labels),
                         margin=dict(t=10, b=40, l=10, r=40), xaxis=dict(title=axis, range=[0, max(values) * 1.15]),
                         yaxis=dict(autorange="reversed"))
    return figure
