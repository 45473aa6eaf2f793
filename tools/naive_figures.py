"""Naive baselines that benchmarks and tests measure the app's figures against."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go


def naive_figure(matrix: np.ndarray) -> go.Figure:
    """What a tutorial would write: one frame per step, each re-sending the heatmap revealed up to that step.
    `matrix` (seq_len, units)."""
    seq_len = matrix.shape[0]
    figure = go.Figure(go.Heatmap(z=np.ascontiguousarray(matrix.T, dtype=np.float32)))
    frames = []
    for t in range(seq_len):
        revealed = np.full_like(matrix.T, np.nan, dtype=np.float32)
        revealed[:, :t + 1] = matrix.T[:, :t + 1]
        frames.append(go.Frame(name=str(t), data=[go.Heatmap(z=revealed)]))
    figure.frames = frames
    return figure
