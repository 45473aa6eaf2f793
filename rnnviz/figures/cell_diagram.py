"""The cell diagram: one step of an RNN, LSTM or GRU cell drawn as the picture lectures draw (x_t and the previous
state entering, each gate a box, the products and sums that make c_t and h_t), with one unit's numbers at every
step of the recording, animated by its own Play button and step slider.

Every number is the recording's (rnnviz.recording, from rnnviz.tracing.trace): the gates, states and RNN terms as
recorded, and each product or sum as the arithmetic of recorded values that the cell's equation does, so the last
box of each chain equals the recorded c_t or h_t (tests/test_cell_diagram.py compares them with the trace).
Boxes are coloured on one light diverging scale (blue negative, white 0, red positive) so black digits stay
readable; a value beyond [-1, 1] (c_t, a relu state) keeps the end colour and prints its own number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from rnnviz.figures.hidden_states import player
from rnnviz.figures.theme import SCREEN
from rnnviz.recording import DirectionRecording
from rnnviz.spec import LayerSpec

# Light ends, so the black value printed inside a box reads at any value.
BOX_SCALE = [[0.0, "#93c5fd"], [0.5, "#ffffff"], [1.0, "#fca5a5"]]
VECTOR_COLOUR = "#e5e7eb"
BOX_PX = 80
ARROW_GAP_PX = BOX_PX // 2 + 4  # arrows stop at a box's edge, not under its digits
MAX_VECTOR_VALUES = 4  # x_t and h_{t-1} print their first values under the box
VECTOR_TEXT_DROP = 0.7  # data units from a vector box's centre to its bottom edge (BOX_PX at the figure's height)


@dataclass(frozen=True)
class Node:
    """One box: its name (the key of its value), the symbol printed inside it above the value (Plotly HTML), its
    place, whether it holds a whole vector (x_t, h_{t-1}: every unit of it enters every gate) rather than the one
    unit's scalar, and a word under it (a gate's name)."""

    name: str
    symbol: str
    x: float
    y: float
    vector: bool = False
    word: str = ""


@dataclass(frozen=True)
class Diagram:
    """A cell's boxes and arrows (each arrow from one node name to another)."""

    nodes: tuple[Node, ...]
    arrows: tuple[tuple[str, str], ...]


def _previous(direction: int) -> str:
    """The state the cell read before x_t: h_{t-1} forward, h_{t+1} for the backward direction."""
    return "t+1" if direction else "t-1"


def _rnn(spec: LayerSpec, before: str, inputs: tuple[Node, Node]) -> Diagram:
    nodes = (*inputs,
             Node("input_term", "W<sub>ih</sub>x<sub>t</sub><br>+ b<sub>ih</sub>", 0.8, 2.4),
             Node("recurrent_term", f"W<sub>hh</sub>h<sub>{before}</sub><br>+ b<sub>hh</sub>", 3.2, 2.4),
             Node("sum", "sum", 2.0, 4.6),
             Node("h", f"h<sub>t</sub> =<br>{spec.nonlinearity}(sum)", 4.6, 4.6))
    arrows = (("x", "input_term"), ("h_prev", "recurrent_term"), ("input_term", "sum"), ("recurrent_term", "sum"),
              ("sum", "h"))
    return Diagram(nodes, arrows)


def _gru(before: str, unit: int, inputs: tuple[Node, Node], gate) -> Diagram:
    # z beside the old state it keeps, r beside the candidate it feeds: no arrow crosses a box.
    nodes = (*inputs, gate("z", 1.4), gate("r", 3.8), gate("n", 5.6),
             Node("h_prev_unit", f"h<sub>{before}</sub>[{unit}]", 0.0, 5.0),
             Node("z_h", f"z·h<sub>{before}</sub>", 1.4, 5.0),
             Node("one_minus_z", "1 − z", 3.0, 3.5),
             Node("n_part", "(1 − z)·n", 5.6, 3.5),
             Node("h", "h<sub>t</sub> = sum", 7.2, 5.0))
    arrows = (*((source, name) for source in ("x", "h_prev") for name in ("r", "z", "n")), ("r", "n"),
              ("h_prev_unit", "z_h"), ("z", "z_h"), ("z", "one_minus_z"), ("one_minus_z", "n_part"),
              ("n", "n_part"), ("z_h", "h"), ("n_part", "h"))
    return Diagram(nodes, arrows)


def _lstm(spec: LayerSpec, before: str, inputs: tuple[Node, Node], gate) -> Diagram:
    nodes = (*inputs, gate("f", 1.4), gate("i", 3.2), gate("g", 4.8), gate("o", 6.6),
             Node("c_prev", f"c<sub>{before}</sub>", 0.0, 5.0),
             Node("f_c", f"f·c<sub>{before}</sub>", 1.4, 5.0),
             Node("i_g", "i·g", 4.0, 3.5),
             Node("c", "c<sub>t</sub> = sum", 4.0, 5.0),
             Node("tanh_c", "tanh(c<sub>t</sub>)", 6.6, 3.5))
    # With proj_size the cell's o·tanh(c_t) is m_t, and h_t = W_hr m_t mixes every unit of it: a vector.
    output = "m" if spec.proj_size else "h"
    nodes += (Node(output, f"{'m' if spec.proj_size else 'h'}<sub>t</sub> =<br>o·tanh(c<sub>t</sub>)", 8.4, 2.0),)
    arrows = (*((source, name) for source in ("x", "h_prev") for name in ("f", "i", "g", "o")),
              ("c_prev", "f_c"), ("f", "f_c"), ("i", "i_g"), ("g", "i_g"), ("f_c", "c"), ("i_g", "c"),
              ("c", "tanh_c"), ("tanh_c", output), ("o", output))
    if spec.proj_size:
        nodes += (Node("h", "h<sub>t</sub> =<br>W<sub>hr</sub>m<sub>t</sub>", 8.4, 0.0, vector=True),)
        arrows += (("m", "h"),)
    return Diagram(nodes, arrows)


def diagram(spec: LayerSpec, gate_titles: dict[str, str], direction: int = 0, unit: int = 0) -> Diagram:
    """The boxes and arrows of `spec`'s cell. A gate box holds its letter, with its name from `gate_titles`
    ("f: forget gate" -> "forget gate") under it; the backward direction's previous state is named h_{t+1}. Scalar
    boxes hold `unit`'s value; the one that needs saying so (the previous state's unit, beside the whole vector)
    says it."""
    before = _previous(direction)

    def gate(name: str, x: float) -> Node:
        letter, _, word = gate_titles[name].partition(": ")
        return Node(name, f"<b>{letter}</b>", x, 2.0, word=word)

    inputs = (Node("x", "x<sub>t</sub>", 0.8, 0.0, vector=True),
              Node("h_prev", f"h<sub>{before}</sub>", 3.2, 0.0, vector=True))
    if spec.cell == "RNN":
        return _rnn(spec, before, inputs)
    if spec.cell == "GRU":
        return _gru(before, unit, inputs, gate)
    return _lstm(spec, before, inputs, gate)


def step_values(spec: LayerSpec, recording: DirectionRecording, t: int, unit: int) -> dict[str, float | np.ndarray]:
    """Every box's value at step t for `unit` (0 <= unit < hidden_size): scalars, and (features,) / (H_out,) arrays
    for the vector boxes. Products and sums are the cell's arithmetic on recorded values, in float32 as torch's."""
    r, u = recording, unit
    values: dict[str, float | np.ndarray] = {"x": r.inputs[t], "h_prev": r.previous_hidden[t]}
    if spec.cell == "RNN":
        values.update(input_term=r.input_term[t, u], recurrent_term=r.recurrent_term[t, u],
                      sum=r.input_term[t, u] + r.recurrent_term[t, u], h=r.hidden[t, u])
    elif spec.cell == "GRU":
        z = r.gates["z"][t, u]
        values.update({gate: r.gates[gate][t, u] for gate in ("r", "z", "n")})
        values.update(h_prev_unit=r.previous_hidden[t, u], z_h=z * r.previous_hidden[t, u],
                      one_minus_z=np.float32(1) - z, n_part=(np.float32(1) - z) * r.gates["n"][t, u],
                      h=r.hidden[t, u])
    else:
        values.update({gate: r.gates[gate][t, u] for gate in ("i", "f", "g", "o")})
        tanh_c = np.tanh(r.cell[t, u])
        values.update(c_prev=r.previous_cell[t, u], f_c=r.gates["f"][t, u] * r.previous_cell[t, u],
                      i_g=r.gates["i"][t, u] * r.gates["g"][t, u], c=r.cell[t, u], tanh_c=tanh_c)
        if spec.proj_size:
            values.update(m=r.gates["o"][t, u] * tanh_c, h=r.hidden[t])
        else:
            values["h"] = r.hidden[t, u]
    return values


def _vector_text(values: np.ndarray) -> str:
    shown = ", ".join(f"{value:.2f}" for value in values[:MAX_VECTOR_VALUES])
    return f"[{shown}{', …' if len(values) > MAX_VECTOR_VALUES else ''}]"


def _frame_traces(nodes: tuple[Node, ...], values: dict[str, float | np.ndarray]) -> list[dict]:
    """The two animated traces at one step: the boxes (colour, symbol over value) and the vectors' values printed
    under their boxes."""
    colours = np.array([0.0 if node.vector else float(values[node.name]) for node in nodes], dtype=np.float32)
    text = [node.symbol if node.vector else f"{node.symbol}<br><b>{float(values[node.name]):+.3f}</b>"
            for node in nodes]
    vectors = [_vector_text(values[node.name]) for node in nodes if node.vector]
    return [dict(type="scatter", marker=dict(color=colours), text=text), dict(type="scatter", text=vectors)]


def printed_values(figure: go.Figure, t: int) -> dict[str, tuple[float, str]]:
    """What the frame of step t shows, by box name: (colour value, printed text). A vector box's colour is 0 and
    its text the values printed under it. (The tests read the figure with it.)"""
    frame = next(frame for frame in figure.frames if frame.name == str(t))
    boxes, vectors = frame.data
    vector_text = iter(vectors.text)
    shown = {}
    for name, vector, colour, text in zip(figure.data[0].ids, figure.data[0].customdata, boxes.marker.color,
                                          boxes.text):
        shown[name] = (float(colour), next(vector_text) if vector else text.rpartition("<b>")[2].removesuffix("</b>"))
    return shown


@dataclass(frozen=True)
class DiagramText:
    """The figure's words in the reader's language: its title, the gates' titles (name -> "f: forget gate") and
    the player's."""

    title: str
    gate_titles: dict[str, str]
    play: str
    pause: str
    step: str


def _arrows(figure: go.Figure, cell: Diagram) -> None:
    """Each arrow from box edge to box edge (vector inputs thin and grey: they feed every gate)."""
    where = {node.name: node for node in cell.nodes}
    for source, target in cell.arrows:
        start, end = where[source], where[target]
        figure.add_annotation(x=end.x, y=end.y, ax=start.x, ay=start.y, xref="x", yref="y", axref="x", ayref="y",
                              showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=1.2 if start.vector else 2,
                              arrowcolor="#9ca3af" if start.vector else "#374151", text="",
                              standoff=ARROW_GAP_PX, startstandoff=ARROW_GAP_PX)
    # Gate names under their boxes, on white: drawn after the arrows, they sit over the thin input lines.
    for node in cell.nodes:
        if node.word:
            figure.add_annotation(x=node.x, y=node.y, text=node.word, showarrow=False, yshift=-BOX_PX / 2 - 2,
                                  yanchor="top", xref="x", yref="y", bgcolor="white")


def cell_diagram_figure(spec: LayerSpec, recording: DirectionRecording, step_labels: tuple[str, ...], steps: range,
                        unit: int, text: DiagramText, direction: int = 0, start: int | None = None) -> go.Figure:
    """The cell of `spec` at every step of `steps` for `unit` of one layer and direction's recording: boxes that
    change colour and number as Play or the step slider moves, the arrows drawn once; it opens at step `start`
    (a step of `steps`; the first when None)."""
    cell = diagram(spec, text.gate_titles, direction, unit)
    nodes = cell.nodes
    figure = go.Figure()
    _arrows(figure, cell)
    first = _frame_traces(nodes, step_values(spec, recording, steps.start if start is None else start, unit))
    xs = np.array([node.x for node in nodes], dtype=np.float32)
    ys = np.array([node.y for node in nodes], dtype=np.float32)
    figure.add_trace(go.Scatter(
        x=xs, y=ys, ids=[node.name for node in nodes], customdata=[node.vector for node in nodes],
        mode="markers+text", text=first[0]["text"], textposition="middle center",
        marker=dict(symbol="square", size=BOX_PX, color=first[0]["marker"]["color"], colorscale=BOX_SCALE,
                    cmin=-1, cmax=1, line=dict(color="#374151", width=1.5)),
        hoverinfo="skip", showlegend=False))
    vector = [node.vector for node in nodes]
    figure.add_trace(go.Scatter(x=xs[vector], y=ys[vector] - VECTOR_TEXT_DROP, mode="text", text=first[1]["text"],
                                textposition="bottom center", hoverinfo="skip", showlegend=False))
    figure.update_xaxes(visible=False, range=[float(xs.min()) - 0.9, float(xs.max()) + 0.9], fixedrange=True)
    figure.update_yaxes(visible=False, range=[-1.6, 5.8], fixedrange=True)
    figure.update_layout(title=dict(text=text.title, x=0.0, xanchor="left"), height=640,
                         margin=dict(t=50, b=110, l=20, r=20), template=SCREEN,
                         **player(step_labels, steps, text, start))
    figure.frames = [go.Frame(name=str(t), data=_frame_traces(nodes, step_values(spec, recording, t, unit)),
                              traces=[0, 1]) for t in steps]
    return figure
