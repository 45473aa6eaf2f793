"""The shape diagram: a recurrent layer unrolled over time, with its output, h_n and c_n, drawn with Plotly shapes.

Rows from the bottom: the input x, then one row of cells per layer and direction (forward, then backward), then
`output`. Beside each row stands the h_n (and c_n) slab it produces, labelled with its row index D*k + d. Long
sequences are drawn as their first steps, "…", and their last steps. Invisible markers carry hover text and
a selection key, so clicking an output half or a slab traces it back to the cells it comes from.

Bidirectional layers are not a chain: both directions of layer k read the same input (x for layer 0, else both
directions of layer k-1 joined step by step, a `[→;←]` node), so each row gets its own arrow from that input; the
backward row's runs up the gap left of the cells, the forward row's output up the gap right of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from rnnviz.figures.theme import SCREEN
from rnnviz.spec import LayerSpec, describe_dims

FORWARD = "#2563eb"
BACKWARD = "#ea580c"
DIRECTION_COLORS = (FORWARD, BACKWARD)
HIGHLIGHT = "#dc2626"
NEUTRAL = "#6b7280"
CELL_W, CELL_H = 1.0, 0.66
COLUMN_GAP = 1.55
ROW_GAP, LAYER_GAP = 0.95, 0.45
GAP_OFFSET = 0.72  # x offset from a cell's centre of the vertical feed lines, inside the gap between columns
JOIN_W, JOIN_H = 0.74, 0.3
# The join node's "→;←": at 11 px it could not be read from the back of a lecture hall.
JOIN_FONT_SIZE = 15
FEED_DROP = 0.15  # the backward row's input enters its cell this far below the recurrent arrow
PIXELS_PER_UNIT = 50


@dataclass(frozen=True)
class DiagramText:
    """Labels in the reader's language; tensor names and shapes are code and stay as they are."""

    input: str
    output: str
    layer: str  # a template with {layer}: "layer {layer}", "{layer}번 층"
    forward: str
    backward: str
    time: str
    trace_back: str
    joined: str = "both directions joined"  # the [→;←] node: the two directions' h_t concatenated


def shown_steps(seq_len: int, edge: int = 3) -> list[int | None]:
    """The time steps drawn: all when few, else the first `edge`, None for "…", and the last two."""
    if seq_len <= 2 * edge:
        return list(range(seq_len))
    return list(range(edge)) + [None] + [seq_len - 2, seq_len - 1]


def row_y(spec: LayerSpec, layer: int, direction: int) -> float:
    """The vertical position of the cells of (layer, direction)."""
    # A bidirectional layer's join node sits in the gap above it, so that gap is wider.
    layer_gap = LAYER_GAP + (0.35 if spec.bidirectional else 0.0)
    return 1.4 + layer * (spec.num_directions * ROW_GAP + layer_gap) + direction * ROW_GAP


def highlight_keys(spec: LayerSpec) -> list[str]:
    """Everything that can be traced back: "output:d" for each half, "h_n:r" and (LSTM) "c_n:r" for each row."""
    rows = range(spec.num_directions * spec.num_layers)
    keys = [f"output:{d}" for d in range(spec.num_directions)] + [f"h_n:{r}" for r in rows]
    return keys + ([f"c_n:{r}" for r in rows] if spec.cell == "LSTM" else [])


def _highlighted_cells(spec: LayerSpec, highlight: str | None, seq_len: int) -> set[tuple[int, int, int]]:
    """(layer, direction, t) of every cell the highlighted tensor part comes from."""
    if not highlight:
        return set()
    tensor, index = highlight.split(":")
    index = int(index)
    if tensor == "output":
        return {(spec.num_layers - 1, index, t) for t in range(seq_len)}
    layer, direction = divmod(index, spec.num_directions)
    return {(layer, direction, seq_len - 1 if direction == 0 else 0)}


def _rect(x: float, y: float, width: float, height: float, fill: str, line: str, line_width: float = 1.2,
          dash: str = "solid") -> dict:
    return dict(type="rect", x0=x - width / 2, x1=x + width / 2, y0=y - height / 2, y1=y + height / 2,
                fillcolor=fill, line=dict(color=line, width=line_width, dash=dash), layer="below")


def _arrow(x0: float, y0: float, x1: float, y1: float, color: str = NEUTRAL) -> dict:
    return dict(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", showarrow=True, text="",
                arrowhead=2, arrowsize=1, arrowwidth=1.3, arrowcolor=color)


@dataclass
class _Drawing:
    """What the diagram accumulates: Plotly shapes, annotations, and the invisible markers that carry hover text
    and a selection key. Positions are in diagram units; `xs` are the columns of the shown steps."""

    spec: LayerSpec
    steps: list[int | None]
    xs: list[float]
    text: DiagramText
    shapes: list[dict] = field(default_factory=list)
    annotations: list[dict] = field(default_factory=list)
    markers: list[tuple[float, float, str, str]] = field(default_factory=list)  # x, y, hover text, key

    def note(self, x: float, y: float, text: str, **options) -> None:
        self.annotations.append(dict(x=x, y=y, text=text, showarrow=False, **options))

    def ellipsis(self, x: float, y: float, color: str | None = None) -> None:
        self.note(x, y, "…", font=dict(size=20, **({"color": color} if color else {})))

    def columns(self) -> list[tuple[int, float, int | None]]:
        return [(column, x, t) for column, (x, t) in enumerate(zip(self.xs, self.steps))]


def _draw_inputs(drawing: _Drawing, input_label: str) -> None:
    """The input row x_t at y = 0, with arrows up into the first layer."""
    for _, x, t in drawing.columns():
        if t is None:
            drawing.ellipsis(x, 0)
            continue
        drawing.shapes.append(_rect(x, 0, CELL_W, CELL_H, "#f3f4f6", NEUTRAL))
        drawing.note(x, 0, f"x<sub>{t}</sub>")
        _feed_layer(drawing, 0, x, CELL_H / 2)
    drawing.note(drawing.xs[0] - CELL_W / 2, -0.75, f"{input_label} · {drawing.text.input}", xanchor="left",
                 yanchor="top", align="left")


def _draw_cell_row(drawing: _Drawing, layer: int, direction: int, lit: set, batch: int) -> None:
    """One row of cells of (layer, direction) with its recurrent arrows; backward ones point right to left."""
    spec, text = drawing.spec, drawing.text
    y, color = row_y(spec, layer, direction), DIRECTION_COLORS[direction]
    direction_name = (text.forward, text.backward)[direction]
    for column, x, t in drawing.columns():
        if t is None:
            drawing.ellipsis(x, y, color)
        else:
            is_lit = (layer, direction, t) in lit
            drawing.shapes.append(_rect(x, y, CELL_W, CELL_H, HIGHLIGHT if is_lit else "white",
                                        HIGHLIGHT if is_lit else color, 3 if is_lit else 1.5))
            drawing.note(x, y, "→" if direction == 0 else "←", font=dict(color="white" if is_lit else color, size=16))
            drawing.markers.append((x, y, f"{text.layer.format(layer=layer)} · {direction_name} · t={t}<br>"
                                          f"h<sub>t</sub>: ({batch}, {spec.output_size})", ""))
        if column + 1 < len(drawing.xs):
            start, end = (x + CELL_W / 2, drawing.xs[column + 1] - CELL_W / 2)
            if direction == 1:
                start, end = end, start
            drawing.annotations.append(_arrow(start, y, end, y, color))


def _feed_layer(drawing: _Drawing, layer: int, x: float, source_top: float) -> None:
    """Arrows from a layer's input (whose top edge is at `source_top`, column x) into each of its rows: straight
    up into the forward row; for a backward row, up the gap left of the cells and into its left side."""
    spec = drawing.spec
    drawing.annotations.append(_arrow(x, source_top, x, row_y(spec, layer, 0) - CELL_H / 2))
    if spec.bidirectional:
        gap_x, entry_y = x - GAP_OFFSET, row_y(spec, layer, 1) - FEED_DROP
        drawing.shapes.append(dict(type="path", path=f"M {x - 0.2},{source_top} L {gap_x},{source_top + 0.12} "
                                                     f"L {gap_x},{entry_y}", line=dict(color=NEUTRAL, width=1.3)))
        drawing.annotations.append(_arrow(gap_x, entry_y, x - CELL_W / 2, entry_y))


def join_y(spec: LayerSpec, layer: int) -> float:
    """Where a bidirectional layer's two directions are joined, between its backward row and what reads it."""
    return row_y(spec, layer, 1) + CELL_H / 2 + 0.36


def _draw_join(drawing: _Drawing, layer: int, x: float) -> float:
    """The [→;←] node above a bidirectional layer at column x, with an arrow from each direction; returns its top
    edge. The forward row's arrow leaves its right side and runs up the gap right of the cells."""
    spec = drawing.spec
    y = join_y(spec, layer)
    drawing.shapes.append(_rect(x, y, JOIN_W, JOIN_H, "white", NEUTRAL, 1))
    drawing.note(x, y, f"<span style='color:{FORWARD}'>→</span>;<span style='color:{BACKWARD}'>←</span>",
                 font=dict(size=JOIN_FONT_SIZE))
    drawing.markers.append((x, y, drawing.text.joined, ""))
    drawing.annotations.append(_arrow(x, row_y(spec, layer, 1) + CELL_H / 2, x, y - JOIN_H / 2, BACKWARD))
    forward_y, gap_x = row_y(spec, layer, 0) + FEED_DROP, x + GAP_OFFSET
    drawing.shapes.append(dict(type="path", path=f"M {x + CELL_W / 2},{forward_y} L {gap_x},{forward_y} "
                                                 f"L {gap_x},{y}", line=dict(color=FORWARD, width=1.3)))
    drawing.annotations.append(_arrow(gap_x, y, x + JOIN_W / 2, y, FORWARD))
    return y + JOIN_H / 2


def layer_top(spec: LayerSpec, layer: int) -> float:
    """The top edge of what the next layer (or output) reads from `layer`: its join node, or its only row."""
    return join_y(spec, layer) + JOIN_H / 2 if spec.bidirectional else row_y(spec, layer, 0) + CELL_H / 2


def _draw_cells(drawing: _Drawing, lit: set, batch: int) -> None:
    """Every layer's rows, the join of a bidirectional layer's two directions, and the feeds up to the next layer."""
    spec = drawing.spec
    for layer in range(spec.num_layers):
        for direction in range(spec.num_directions):
            _draw_cell_row(drawing, layer, direction, lit, batch)
        for _, x, t in drawing.columns():
            if t is None:
                continue
            top = _draw_join(drawing, layer, x) if spec.bidirectional else layer_top(spec, layer)
            if layer + 1 < spec.num_layers:
                _feed_layer(drawing, layer + 1, x, top)


def _draw_outputs(drawing: _Drawing, output_label: str, highlight: str | None) -> float:
    """The output row, each step's box split into its forward and (bidirectional) backward halves; returns its y."""
    spec, D = drawing.spec, drawing.spec.num_directions
    top = layer_top(spec, spec.num_layers - 1)
    output_y = top + 0.55 + CELL_H / 2
    for _, x, t in drawing.columns():
        if t is None:
            drawing.ellipsis(x, output_y)
            continue
        drawing.annotations.append(_arrow(x, top, x, output_y - CELL_H / 2))
        for direction in range(D):
            part_width = CELL_W / D
            part_x = x - CELL_W / 2 + part_width * (direction + 0.5)
            is_lit = highlight == f"output:{direction}"
            drawing.shapes.append(_rect(part_x, output_y, part_width, CELL_H,
                                        DIRECTION_COLORS[direction] if not is_lit else HIGHLIGHT, "white", 1))
            half = f"[..., :{spec.output_size}]" if direction == 0 else f"[..., {spec.output_size}:]"
            drawing.markers.append((part_x, output_y, f"output{half if D == 2 else ''} · t={t}<br>"
                                                      f"{drawing.text.trace_back}", f"output:{direction}"))
    drawing.note(drawing.xs[0] - CELL_W / 2, output_y + CELL_H / 2 + 0.1, f"{output_label} · {drawing.text.output}",
                 xanchor="left", yanchor="bottom", align="left")
    return output_y


def _draw_key(drawing: _Drawing, y: float) -> None:
    """The colour key: forward and backward rows (and the join node of a bidirectional layer)."""
    text = drawing.text
    parts = [f"<span style='color:{FORWARD}'>■ → {text.forward}</span>"]
    if drawing.spec.bidirectional:
        parts += [f"<span style='color:{BACKWARD}'>■ ← {text.backward}</span>", f"[→;←] {text.joined}"]
    drawing.note(drawing.xs[0] - CELL_W / 2, y, "&nbsp;&nbsp;&nbsp;".join(parts), xanchor="left", yanchor="bottom",
                 align="left")


def _draw_slabs(drawing: _Drawing, tensor: str, x: float, stacked_label: str, highlight: str | None) -> None:
    """The h_n or c_n slabs at `x`, one beside each row, labelled with its index D*k + d."""
    spec, text = drawing.spec, drawing.text
    for layer in range(spec.num_layers):
        for direction in range(spec.num_directions):
            row = spec.num_directions * layer + direction
            y = row_y(spec, layer, direction)
            key = f"{tensor}:{row}"
            is_lit = highlight == key
            drawing.shapes.append(_rect(x, y, 1.4, CELL_H * 0.9, HIGHLIGHT if is_lit else "#eef2ff",
                                        HIGHLIGHT if is_lit else DIRECTION_COLORS[direction],
                                        2.5 if is_lit else 1.2))
            drawing.note(x, y, f"{tensor}[{row}]", font=dict(color="white" if is_lit else "black"))
            drawing.markers.append((x, y, f"{tensor}[{row}] = {text.layer.format(layer=layer)}, "
                                          f"{(text.forward, text.backward)[direction]}<br>{text.trace_back}", key))
    label_y = row_y(spec, spec.num_layers - 1, spec.num_directions - 1) + CELL_H / 2 + 0.15
    drawing.note(x, label_y, stacked_label, yanchor="bottom")


def _draw_slab_links(drawing: _Drawing, slab_x: float, highlight: str | None) -> None:
    """Dotted links from each row's final cell to its slab. Forward ends at the last step, next to its slab;
    backward ends at t = 0, so its link runs above the row."""
    spec, xs = drawing.spec, drawing.xs
    D = spec.num_directions
    for layer in range(spec.num_layers):
        for direction in range(D):
            y = row_y(spec, layer, direction)
            color = HIGHLIGHT if highlight in (f"h_n:{D * layer + direction}", f"c_n:{D * layer + direction}") \
                else DIRECTION_COLORS[direction]
            if direction == 0:
                drawing.shapes.append(dict(type="line", x0=xs[-1] + CELL_W / 2, x1=slab_x - 0.7, y0=y, y1=y,
                                           line=dict(color=color, width=2, dash="dot")))
            else:
                lift = y + CELL_H / 2 + 0.12
                drawing.shapes.append(dict(type="path", line=dict(color=color, width=2, dash="dot"),
                                           path=f"M {xs[0]},{y + CELL_H / 2} L {xs[0]},{lift} L {slab_x - 0.7},{lift} "
                                                f"L {slab_x - 0.7},{y}"))


def _figure(drawing: _Drawing, output_y: float, right: float) -> go.Figure:
    spec, text, xs = drawing.spec, drawing.text, drawing.xs
    hover_x, hover_y, hover_text, hover_key = (list(column) for column in zip(*drawing.markers))
    figure = go.Figure(go.Scatter(x=hover_x, y=hover_y, mode="markers", marker=dict(size=28, opacity=0),
                                  hovertext=hover_text, hoverinfo="text", customdata=hover_key, showlegend=False))
    rows = [(k, d) for k in range(spec.num_layers) for d in range(spec.num_directions)]
    row_ticks = [row_y(spec, k, d) for k, d in rows]
    row_labels = [f"{text.layer.format(layer=k)} · {(text.forward, text.backward)[d]}" for k, d in rows]
    figure.update_layout(
        shapes=drawing.shapes, annotations=drawing.annotations, template=SCREEN, plot_bgcolor="white",
        height=int(PIXELS_PER_UNIT * (output_y + 3.6) + 60), margin=dict(l=10, r=10, t=20, b=10),
        # The x_t subscripts already say the time step; tick labels would crowd the input's label.
        xaxis=dict(range=[xs[0] - 1.0, right], showticklabels=False, showgrid=False, zeroline=False,
                   title=text.time, fixedrange=True),
        yaxis=dict(range=[-1.5, output_y + 2.1], tickvals=[0] + row_ticks + [output_y],
                   ticktext=["x"] + row_labels + ["output"], showgrid=False, zeroline=False, fixedrange=True),
        clickmode="event+select", dragmode=False, hoverlabel=dict(font_size=13),
    )
    return figure


def shape_diagram(spec: LayerSpec, seq_len: int, batch: int, shapes: dict[str, tuple[int, ...]], text: DiagramText,
                  highlight: str | None = None) -> go.Figure:
    """The diagram of `spec` run on a batched input of `seq_len` steps and `batch` sequences.

    `shapes` are the shapes torch returned (keys "input", "output", "h_n", "c_n"); the labels print them with
    each dimension named. `highlight` is one of `highlight_keys(spec)` or None.
    """
    dims = spec.shape_dims(seq_len, batch)

    def label(name: str, stacked: bool = False) -> str:
        named = "<br>".join(f"{dim}={size}" for dim, size in dims[name]) if stacked else describe_dims(dims[name])
        return f"<b>{name}</b> {tuple(shapes[name])}<br>{named}"

    steps = shown_steps(seq_len)
    drawing = _Drawing(spec, steps, [index * COLUMN_GAP for index in range(len(steps))], text)
    _draw_inputs(drawing, label("input"))
    _draw_cells(drawing, _highlighted_cells(spec, highlight, seq_len), batch)
    output_y = _draw_outputs(drawing, label("output"), highlight)
    _draw_key(drawing, output_y + 1.45)
    slab_x = drawing.xs[-1] + 2.3
    stacks = [("h_n", slab_x)] + ([("c_n", slab_x + 2.3)] if spec.cell == "LSTM" else [])
    for tensor, x in stacks:
        _draw_slabs(drawing, tensor, x, label(tensor, stacked=True), highlight)
    _draw_slab_links(drawing, slab_x, highlight)
    return _figure(drawing, output_y, right=stacks[-1][1] + 1.0)
