"""Figures of a batch of sequences of different lengths: the padded grid beside torch's packed data, the outputs
and which step each final state comes from, and the input gradients of a long sequence read in windows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rnnviz.figures.theme import SCREEN

PAD_COLOR = "#e5e7eb"
# Light enough that the cells' black labels read on every step's colour.
STEP_SCALE = [[0.0, "#dbeafe"], [1.0, "#7dd3fc"]]
NORM_SCALE = "Viridis"
# Past this many cells the labels would overlap; the colours and the hover still say everything.
MAX_LABELLED_CELLS = 120
KEPT_COLOR = "#dc2626"
DETACHED_COLOR = "#2563eb"
CUT_COLOR = "#6b7280"
MARK_COLOR = "#dc2626"


@dataclass(frozen=True)
class BatchText:
    grid_title: str  # "padded input (T, batch, input_size)"
    packed_title: str  # "packed.data (N, input_size), in its own order"
    sequence: str  # "sequence {b} (length {length})"
    time_axis: str
    packed_axis: str
    pad: str
    batch_sizes: str  # "batch_sizes[{t}] = {size}"


def _labelled(cells: int) -> bool:
    return cells <= MAX_LABELLED_CELLS


def batch_figure(positions: list[tuple[int, int]], lengths: tuple[int, ...], steps: int, text: BatchText) -> go.Figure:
    """Top: the padded batch as a grid, a row per sequence and a column per step, each real cell naming its row
    of `packed.data`, padding in grey. Bottom: `packed.data` row by row (from `packed_positions`), each cell
    naming its (sequence, step), the steps' groups marked with `batch_sizes`."""
    batch = len(lengths)
    row_of = {position: k for k, position in enumerate(positions)}
    colour = np.full((batch, steps), np.nan)
    labels = np.full((batch, steps), text.pad, dtype=object)
    for (b, t), k in row_of.items():
        colour[b, t], labels[b, t] = t, f"data[{k}]"
    names = [text.sequence.format(b=b, length=length) for b, length in enumerate(lengths)]
    # The strip is named by its own tick label and axis title, so the gap above it holds only the grid's axis
    # title and the batch_sizes labels.
    figure = make_subplots(rows=2, cols=1, vertical_spacing=0.3, row_heights=[0.62, 0.38],
                           subplot_titles=(text.grid_title, ""))
    show_text = _labelled(batch * steps)
    figure.add_trace(go.Heatmap(z=np.where(np.isnan(colour), 0.0, np.nan), x=list(range(steps)), y=names,
                                colorscale=[[0, PAD_COLOR], [1, PAD_COLOR]], showscale=False, hoverinfo="skip"),
                     row=1, col=1)
    figure.add_trace(go.Heatmap(
        z=colour, x=list(range(steps)), y=names, colorscale=STEP_SCALE, zmin=0, zmax=max(steps - 1, 1),
        showscale=False, text=labels, texttemplate="%{text}" if show_text else None, xgap=2, ygap=2,
        hovertemplate="%{y}, t = %{x}: %{text}<extra></extra>"), row=1, col=1)
    if show_text:  # the padding's label, drawn by the grey layer's own text
        figure.data[0].update(text=np.where(np.isnan(colour), text.pad, ""), texttemplate="%{text}",
                              textfont=dict(color=CUT_COLOR), xgap=2, ygap=2)
    strip = [f"({b}, {t})" for b, t in positions]
    figure.add_trace(go.Heatmap(
        z=[[t for _, t in positions]], x=list(range(len(positions))), y=["packed.data"], colorscale=STEP_SCALE,
        zmin=0, zmax=max(steps - 1, 1), showscale=False, text=[strip],
        texttemplate="%{text}" if _labelled(len(positions)) else None, xgap=2,
        hovertemplate="data[%{x}] = x of (sequence, step) %{text}<extra></extra>"), row=2, col=1)
    if _labelled(len(positions)):  # past that, one label and one line a step would bury the strip
        labels, lines, start = [], [], 0
        for t in range(steps):
            size = sum(1 for _, step in positions if step == t)
            if size:
                labels.append(dict(x=start + (size - 1) / 2, y=1, xref="x2", yref="y2 domain", yanchor="bottom",
                                   showarrow=False, text=text.batch_sizes.format(t=t, size=size),
                                   font=dict(size=11)))
            if start and size:  # where one step's group of packed.data ends and the next begins
                lines.append(dict(type="line", x0=start - 0.5, x1=start - 0.5, y0=0, y1=1, xref="x2",
                                  yref="y2 domain", line=dict(color="#1f2937", width=2)))
            start += size
        # Set at once: add_annotation and add_shape copy the layout on every call.
        figure.update_layout(annotations=[*figure.layout.annotations, *labels], shapes=lines)
    figure.update_yaxes(autorange="reversed", row=1, col=1)

    figure.update_xaxes(title_text=text.time_axis, dtick=1 if steps <= 40 else None, row=1, col=1)
    figure.update_xaxes(title_text=f"{text.packed_axis}: {text.packed_title}",
                        dtick=1 if len(positions) <= 40 else None, row=2, col=1)
    figure.update_layout(template=SCREEN, height=300 + 34 * batch, margin=dict(l=10, r=10, t=50, b=50))
    return figure


@dataclass(frozen=True)
class OutputText:
    packed_title: str  # "packed, padded back: ‖output[t, b]‖"
    padded_title: str  # "padded, not packed: ‖output[t, b]‖"
    sequence: str
    time_axis: str
    norm: str  # colour bar title


def output_figure(packed_norms: np.ndarray, padded_norms: np.ndarray, lengths: tuple[int, ...],
                  state_marks: list[tuple[int, int, str]], text: OutputText) -> go.Figure:
    """Left: the norm of the packed run's output at each (sequence, step), `(batch, T)`, zeros after each length;
    right: the padded run's. `state_marks` are (sequence, step, label): where the packed run's `h_n` rows are
    read from (a forward direction's last real step, a backward direction's step 0)."""
    batch, steps = packed_norms.shape
    names = [text.sequence.format(b=b, length=length) for b, length in enumerate(lengths)]
    top = float(max(packed_norms.max(), padded_norms.max(), 1e-9))
    labelled = _labelled(batch * steps)
    figure = make_subplots(rows=1, cols=2, horizontal_spacing=0.12, subplot_titles=(text.packed_title,
                                                                                     text.padded_title))
    for column, norms in ((1, packed_norms), (2, padded_norms)):
        labels = np.vectorize(lambda value: f"{value:.2f}")(norms).astype(object)
        if column == 1:
            for b, t, label in state_marks:
                labels[b, t] = f"<b>{label}</b><br>{labels[b, t]}"
        figure.add_trace(go.Heatmap(
            z=norms, x=list(range(steps)), y=list(range(batch)), colorscale=NORM_SCALE, zmin=0, zmax=top, xgap=1,
            ygap=1, showscale=column == 2, colorbar=dict(title=dict(text=text.norm)), text=labels,
            texttemplate="%{text}" if labelled else None, textfont=dict(size=12),
            hovertemplate="sequence %{y}, t = %{x}: %{z:.4f}<extra></extra>"), row=1, col=column)
    # The cell each row of h_n is read from, outlined; set at once (add_shape copies the layout each call:
    # 16 rectangles took 90 ms).
    figure.update_layout(shapes=[dict(type="rect", x0=t - 0.5, x1=t + 0.5, y0=b - 0.5, y1=b + 0.5, xref="x",
                                      yref="y", line=dict(color=MARK_COLOR, width=3)) for b, t, _ in state_marks])
    figure.update_yaxes(tickvals=list(range(batch)), ticktext=names, row=1, col=1)
    figure.update_yaxes(autorange="reversed")
    figure.update_yaxes(showticklabels=False, row=1, col=2)
    figure.update_xaxes(title_text=text.time_axis, dtick=1 if steps <= 40 else None)
    figure.update_layout(template=SCREEN, height=230 + 34 * batch, margin=dict(l=10, r=10, t=60, b=50))
    return figure


@dataclass(frozen=True)
class GradientText:
    kept: str  # "without detach()"
    detached: str  # "detach() at each boundary"
    cut: str  # "detach()"
    time_axis: str
    norm_axis: str  # "‖∂loss/∂x_t‖"
    zero: str  # "exactly 0: the graph was cut"


def window_gradient_figure(kept: np.ndarray, detached: np.ndarray, boundaries: tuple[int, ...],
                           text: GradientText) -> go.Figure:
    """The norm of d(loss)/d(x_t) at each step `(length,)`, with and without `detach()` at the window boundaries,
    on a log axis; the detached run's exact zeros (before the last boundary) are marked as such, not drawn."""
    steps = np.arange(len(kept))
    figure = go.Figure()
    for values, name, colour, dash in ((kept, text.kept, KEPT_COLOR, "solid"),
                                       (detached, text.detached, DETACHED_COLOR, "dot")):
        shown = np.where(values > 0, values, np.nan)  # a log axis has no 0: the exact zeros are named instead
        figure.add_trace(go.Scatter(x=steps, y=shown, name=name, mode="lines+markers",
                                    line=dict(color=colour, dash=dash, width=2.5), marker=dict(size=7),
                                    hovertemplate="t = %{x}: %{y:.3e}<extra>" + name + "</extra>"))
    for boundary in boundaries:
        figure.add_vline(x=boundary - 0.5, line=dict(color=CUT_COLOR, dash="dash", width=1.5))
        figure.add_annotation(x=boundary - 0.5, y=1, yref="paper", yanchor="bottom", text=text.cut,
                              showarrow=False, font=dict(color=CUT_COLOR, size=11))
    if boundaries:
        figure.add_vrect(x0=-0.5, x1=boundaries[-1] - 0.5, fillcolor=DETACHED_COLOR, opacity=0.06, line_width=0)
        figure.add_annotation(x=(boundaries[-1] - 1) / 2, y=0.04, yref="paper", text=text.zero, showarrow=False,
                              font=dict(color=DETACHED_COLOR, size=12))
    figure.update_xaxes(title_text=text.time_axis, range=[-0.5, len(kept) - 0.5])
    figure.update_yaxes(title_text=text.norm_axis, type="log", exponentformat="power")
    figure.update_layout(template=SCREEN, height=380, margin=dict(l=10, r=10, t=40, b=50),
                         legend=dict(orientation="h", yanchor="bottom", y=1.06, x=0))
    return figure
