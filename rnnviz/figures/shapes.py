"""The shape diagram: a recurrent layer unrolled over time, with its output, h_n and c_n, drawn with Plotly shapes.

Rows from the bottom: the input x, then one row of cells per layer and direction (forward, then backward), then
`output`. Beside each row stands the h_n (and c_n) slab it produces, labelled with its row index D*k + d. Long
sequences are drawn as their first steps, "…", and their last steps. Invisible markers carry hover text and
a selection key, so clicking an output half or a slab traces it back to the cells it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from rnnviz.spec import LayerSpec, describe_dims

FORWARD = "#2563eb"
BACKWARD = "#ea580c"
HIGHLIGHT = "#dc2626"
NEUTRAL = "#6b7280"
CELL_W, CELL_H = 1.0, 0.66
COLUMN_GAP = 1.55
ROW_GAP, LAYER_GAP = 0.95, 0.45
PIXELS_PER_UNIT = 50


@dataclass(frozen=True)
class DiagramText:
    """Labels in the reader's language; tensor names and shapes are code and stay as they are."""

    input: str
    output: str
    layer: str
    forward: str
    backward: str
    time: str
    trace_back: str


def shown_steps(seq_len: int, edge: int = 3) -> list[int | None]:
    """The time steps drawn: all when few, else the first `edge`, None for "…", and the last two."""
    if seq_len <= 2 * edge:
        return list(range(seq_len))
    return list(range(edge)) + [None] + [seq_len - 2, seq_len - 1]


def row_y(spec: LayerSpec, layer: int, direction: int) -> float:
    """The vertical position of the cells of (layer, direction)."""
    return 1.4 + layer * (spec.num_directions * ROW_GAP + LAYER_GAP) + direction * ROW_GAP


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


def shape_diagram(spec: LayerSpec, seq_len: int, batch: int, shapes: dict[str, tuple[int, ...]], text: DiagramText,
                  highlight: str | None = None) -> go.Figure:
    """The diagram of `spec` run on a batched input of `seq_len` steps and `batch` sequences.

    `shapes` are the shapes torch returned (keys "input", "output", "h_n", "c_n"); the labels print them with
    each dimension named. `highlight` is one of `highlight_keys(spec)` or None.
    """
    dims = spec.shape_dims(seq_len, batch)
    D, L = spec.num_directions, spec.num_layers
    steps = shown_steps(seq_len)
    xs = [index * COLUMN_GAP for index in range(len(steps))]
    lit = _highlighted_cells(spec, highlight, seq_len)
    shape_list, annotations = [], []
    hover_x, hover_y, hover_text, hover_key = [], [], [], []
    colors = (FORWARD, BACKWARD)
    direction_names = (text.forward, text.backward)

    def label(name: str, stacked: bool = False) -> str:
        named = "<br>".join(f"{dim}={size}" for dim, size in dims[name]) if stacked else describe_dims(dims[name])
        return f"<b>{name}</b> {tuple(shapes[name])}<br>{named}"

    # Input row.
    for x, t in zip(xs, steps):
        if t is None:
            annotations.append(dict(x=x, y=0, text="…", showarrow=False, font=dict(size=20)))
            continue
        shape_list.append(_rect(x, 0, CELL_W, CELL_H, "#f3f4f6", NEUTRAL))
        annotations.append(dict(x=x, y=0, text=f"x<sub>{t}</sub>", showarrow=False))
        annotations.append(_arrow(x, CELL_H / 2, x, row_y(spec, 0, 0) - CELL_H / 2))
    annotations.append(dict(x=xs[0] - CELL_W / 2, y=-0.75, xanchor="left", yanchor="top", showarrow=False,
                            align="left", text=f"{label('input')} · {text.input}"))

    # Cell rows, with the recurrent arrows (backward ones point right to left) and arrows up to the next layer.
    for layer in range(L):
        for direction in range(D):
            y = row_y(spec, layer, direction)
            color = colors[direction]
            for column, (x, t) in enumerate(zip(xs, steps)):
                if t is None:
                    annotations.append(dict(x=x, y=y, text="…", showarrow=False, font=dict(size=20, color=color)))
                else:
                    is_lit = (layer, direction, t) in lit
                    shape_list.append(_rect(x, y, CELL_W, CELL_H, HIGHLIGHT if is_lit else "white",
                                            HIGHLIGHT if is_lit else color, 3 if is_lit else 1.5))
                    annotations.append(dict(x=x, y=y, showarrow=False, text="→" if direction == 0 else "←",
                                            font=dict(color="white" if is_lit else color, size=16)))
                    hover_x.append(x)
                    hover_y.append(y)
                    hover_text.append(f"{text.layer} {layer} · {direction_names[direction]} · t={t}<br>"
                                      f"h<sub>t</sub>: ({batch}, {spec.output_size})")
                    hover_key.append("")
                if column + 1 < len(xs):
                    start, end = (x + CELL_W / 2, xs[column + 1] - CELL_W / 2)
                    if direction == 1:
                        start, end = end, start
                    annotations.append(_arrow(start, y, end, y, color))
            if layer + 1 < L and direction == D - 1:
                for x, t in zip(xs, steps):
                    if t is not None:
                        annotations.append(_arrow(x, y + CELL_H / 2, x, row_y(spec, layer + 1, 0) - CELL_H / 2))

    # Output row: each step's box split into the forward and (bidirectional) backward halves.
    top = row_y(spec, L - 1, D - 1)
    output_y = top + ROW_GAP + 0.35
    for x, t in zip(xs, steps):
        if t is None:
            annotations.append(dict(x=x, y=output_y, text="…", showarrow=False, font=dict(size=20)))
            continue
        annotations.append(_arrow(x, top + CELL_H / 2, x, output_y - CELL_H / 2))
        for direction in range(D):
            part_width = CELL_W / D
            part_x = x - CELL_W / 2 + part_width * (direction + 0.5)
            is_lit = highlight == f"output:{direction}"
            shape_list.append(_rect(part_x, output_y, part_width, CELL_H, colors[direction] if not is_lit else HIGHLIGHT,
                                    "white", 1))
            hover_x.append(part_x)
            hover_y.append(output_y)
            half = f"[..., :{spec.output_size}]" if direction == 0 else f"[..., {spec.output_size}:]"
            hover_text.append(f"output{half if D == 2 else ''} · t={t}<br>{text.trace_back}")
            hover_key.append(f"output:{direction}")
    annotations.append(dict(x=xs[0] - CELL_W / 2, y=output_y + CELL_H / 2 + 0.1, xanchor="left", yanchor="bottom",
                            showarrow=False, align="left", text=f"{label('output')} · {text.output}"))

    # h_n (and c_n) slabs beside the row each comes from, joined to its final cell.
    slab_x = xs[-1] + 2.3
    stacks = [("h_n", slab_x)] + ([("c_n", slab_x + 2.3)] if spec.cell == "LSTM" else [])
    for tensor, x in stacks:
        for layer in range(L):
            for direction in range(D):
                row = D * layer + direction
                y = row_y(spec, layer, direction)
                key = f"{tensor}:{row}"
                is_lit = highlight == key
                shape_list.append(_rect(x, y, 1.4, CELL_H * 0.9, HIGHLIGHT if is_lit else "#eef2ff",
                                        HIGHLIGHT if is_lit else colors[direction], 2.5 if is_lit else 1.2))
                annotations.append(dict(x=x, y=y, showarrow=False, text=f"{tensor}[{row}]",
                                        font=dict(color="white" if is_lit else "black")))
                hover_x.append(x)
                hover_y.append(y)
                hover_text.append(f"{tensor}[{row}] = {text.layer} {layer}, {direction_names[direction]}<br>"
                                  f"{text.trace_back}")
                hover_key.append(key)
        label_y = row_y(spec, L - 1, D - 1) + CELL_H / 2 + 0.15
        annotations.append(dict(x=x, y=label_y, yanchor="bottom", showarrow=False, text=label(tensor, stacked=True)))
    for layer in range(L):
        for direction in range(D):
            y = row_y(spec, layer, direction)
            color = HIGHLIGHT if highlight in (f"h_n:{D * layer + direction}", f"c_n:{D * layer + direction}") \
                else colors[direction]
            # Forward ends at the last step, next to its slab; backward ends at t = 0, so its link runs above the row.
            if direction == 0:
                shape_list.append(dict(type="line", x0=xs[-1] + CELL_W / 2, x1=slab_x - 0.7, y0=y, y1=y,
                                       line=dict(color=color, width=2, dash="dot")))
            else:
                lift = y + CELL_H / 2 + 0.12
                shape_list.append(dict(type="path", line=dict(color=color, width=2, dash="dot"),
                                       path=f"M {xs[0]},{y + CELL_H / 2} L {xs[0]},{lift} L {slab_x - 0.7},{lift} "
                                            f"L {slab_x - 0.7},{y}"))

    figure = go.Figure(go.Scatter(x=hover_x, y=hover_y, mode="markers", marker=dict(size=28, opacity=0),
                                  hovertext=hover_text, hoverinfo="text", customdata=hover_key, showlegend=False))
    row_ticks = [row_y(spec, k, d) for k in range(L) for d in range(D)]
    row_labels = [f"{text.layer} {k} · {direction_names[d]}" for k in range(L) for d in range(D)]
    right = stacks[-1][1] + 1.0
    figure.update_layout(
        shapes=shape_list, annotations=annotations, template="plotly_white", plot_bgcolor="white",
        height=int(PIXELS_PER_UNIT * (output_y + 3.4) + 60), margin=dict(l=10, r=10, t=20, b=10), font=dict(size=13),
        # The x_t subscripts already say the time step; tick labels would crowd the input's label.
        xaxis=dict(range=[xs[0] - 1.0, right], showticklabels=False, showgrid=False, zeroline=False,
                   title=text.time, fixedrange=True),
        yaxis=dict(range=[-1.5, output_y + 1.9], tickvals=[0] + row_ticks + [output_y],
                   ticktext=["x"] + row_labels + ["output"], showgrid=False, zeroline=False, fixedrange=True),
        clickmode="event+select", dragmode=False, hoverlabel=dict(font_size=13),
    )
    return figure
