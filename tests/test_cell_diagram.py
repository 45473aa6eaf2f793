"""The cell diagram: for each cell, the numbers its boxes print and colour at a step are the trace's own."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rnnviz import LayerSpec, trace
from rnnviz.cells import GATES
from rnnviz.figures.cell_diagram import DiagramText, cell_diagram_figure, diagram, printed_values
from rnnviz.inputs import random_normal
from rnnviz.recording import record_module

TITLES = {gate: f"{gate}: the {gate} gate" for cells in GATES.values() for gate in cells}
TEXT = DiagramText(title="title", gate_titles=TITLES, play="Play", pause="Pause", step="step")
SEQ_LEN, STEPS = 7, range(0, 7)


def _traced(spec: LayerSpec, seed: int = 3):
    """The module, its trace on one random sequence, and the figure's recording of it."""
    module = spec.build(seed)
    example = random_normal(SEQ_LEN, 1, spec.input_size, seed)
    with torch.no_grad():
        traced = trace(module, example.in_layout(spec.batch_first))
    return traced, record_module(spec, module, example)


def _figure(spec: LayerSpec, recorded, layer: int, direction: int, unit: int):
    return cell_diagram_figure(spec, recorded.directions[(layer, direction)], recorded.step_labels, STEPS, unit, TEXT,
                               direction)


def _printed(value: float) -> str:
    return f"{value:+.3f}"


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_rnn_boxes_are_the_traced_terms_and_state(nonlinearity):
    spec = LayerSpec("RNN", 3, 5, nonlinearity=nonlinearity)
    module = spec.build(3)
    traced, recorded = _traced(spec)
    figure = _figure(spec, recorded, 0, 0, unit=2)
    x = traced.layer_input(0)[:, 0]
    previous = traced.previous_hidden(0)[:, 0]
    for t in (0, 4):
        boxes = printed_values(figure, t)
        # The terms straight from the module's weights, not from the recording the figure drew.
        input_term = (module.weight_ih_l0 @ x[t] + module.bias_ih_l0)[2].item()
        recurrent_term = (module.weight_hh_l0 @ previous[t] + module.bias_hh_l0)[2].item()
        assert boxes["input_term"][0] == pytest.approx(input_term, abs=1e-6)
        assert boxes["recurrent_term"][0] == pytest.approx(recurrent_term, abs=1e-6)
        assert boxes["h"][0] == traced.hidden(0)[t, 0, 2].item()
        assert boxes["h"][1] == _printed(traced.hidden(0)[t, 0, 2].item())
        activation = torch.tanh if nonlinearity == "tanh" else torch.relu
        assert activation(torch.tensor(boxes["sum"][0])).item() == pytest.approx(boxes["h"][0], abs=1e-6)


def test_lstm_boxes_are_the_traced_gates_and_cell_state():
    spec = LayerSpec("LSTM", 3, 4)
    traced, recorded = _traced(spec)
    figure = _figure(spec, recorded, 0, 0, unit=1)
    gates = traced.gates(0)
    for t in (0, 3, 6):
        boxes = printed_values(figure, t)
        for gate in "ifgo":
            assert boxes[gate][0] == gates[gate][t, 0, 1].item()
            assert boxes[gate][1] == _printed(gates[gate][t, 0, 1].item())
        assert boxes["c_prev"][0] == traced.previous_cell(0)[t, 0, 1].item()
        assert boxes["c"][0] == traced.cell(0)[t, 0, 1].item()
        assert boxes["h"][0] == traced.hidden(0)[t, 0, 1].item()
        # The chain's parts add up to the traced state.
        assert boxes["f_c"][0] + boxes["i_g"][0] == pytest.approx(boxes["c"][0], abs=1e-6)
        assert boxes["o"][0] * np.tanh(boxes["c"][0]) == pytest.approx(boxes["h"][0], abs=1e-6)
    # The last step's h_t and c_t are torch's own h_n and c_n.
    module = spec.build(3)
    _, (h_n, c_n) = module(random_normal(SEQ_LEN, 1, 3, 3).values)
    assert printed_values(figure, 6)["h"][0] == pytest.approx(h_n[0, 0, 1].item(), abs=1e-6)
    assert printed_values(figure, 6)["c"][0] == pytest.approx(c_n[0, 0, 1].item(), abs=1e-6)


def test_gru_boxes_are_the_traced_gates_and_state():
    spec = LayerSpec("GRU", 3, 4)
    traced, recorded = _traced(spec)
    figure = _figure(spec, recorded, 0, 0, unit=3)
    gates = traced.gates(0)
    for t in (0, 5):
        boxes = printed_values(figure, t)
        for gate in "rzn":
            assert boxes[gate][0] == gates[gate][t, 0, 3].item()
        assert boxes["h_prev_unit"][0] == traced.previous_hidden(0)[t, 0, 3].item()
        assert boxes["h"][0] == traced.hidden(0)[t, 0, 3].item()
        assert boxes["one_minus_z"][0] == pytest.approx(1 - boxes["z"][0], abs=1e-7)
        assert boxes["z_h"][0] + boxes["n_part"][0] == pytest.approx(boxes["h"][0], abs=1e-6)


def test_backward_direction_of_an_upper_layer_reads_the_state_of_the_step_after():
    spec = LayerSpec("GRU", 3, 4, num_layers=2, bidirectional=True)
    traced, recorded = _traced(spec)
    figure = _figure(spec, recorded, 1, 1, unit=0)
    boxes = printed_values(figure, 2)
    assert boxes["h"][0] == traced.hidden(1, 1)[2, 0, 0].item()
    # Backward, the state before step 2 is the one after reading step 3, and the diagram names it h_{t+1}.
    assert boxes["h_prev_unit"][0] == traced.hidden(1, 1)[3, 0, 0].item()
    symbols = {node.name: node.symbol for node in diagram(spec, TITLES, direction=1, unit=0).nodes}
    assert symbols["h_prev"] == "h<sub>t+1</sub>"
    assert symbols["h_prev_unit"] == "h<sub>t+1</sub>[0]"
    # Layer 1 reads both directions of layer 0: x_t is 8 wide, and the box prints its first values.
    x_text = boxes["x"][1]
    first = traced.layer_input(1, 1)[2, 0, :4].tolist()
    assert x_text == "[" + ", ".join(f"{value:.2f}" for value in first) + ", …]"


def test_lstm_with_projection_ends_in_the_projected_vector():
    spec = LayerSpec("LSTM", 3, 5, proj_size=2)
    traced, recorded = _traced(spec)
    figure = _figure(spec, recorded, 0, 0, unit=4)  # a unit of c_t beyond the 2 of h_t
    boxes = printed_values(figure, 1)
    o, c = traced.gates(0)["o"][1, 0, 4].item(), traced.cell(0)[1, 0, 4].item()
    assert boxes["m"][0] == pytest.approx(o * np.tanh(c), abs=1e-6)
    h = traced.hidden(0)[1, 0].tolist()
    assert boxes["h"][1] == "[" + ", ".join(f"{value:.2f}" for value in h) + "]"


def test_gate_boxes_take_the_given_titles_and_every_arrow_joins_twoprinted_values():
    for cell in GATES:
        spec = LayerSpec(cell, 3, 4)
        shown = diagram(spec, TITLES)
        names = {node.name for node in shown.nodes}
        assert all(source in names and target in names for source, target in shown.arrows)
        nodes = {node.name: node for node in shown.nodes}
        for gate in GATES[cell]:
            assert (nodes[gate].symbol, nodes[gate].word) == (f"<b>{gate}</b>", f"the {gate} gate")


def test_frames_follow_the_window_and_start_at_its_first_step():
    spec = LayerSpec("LSTM", 3, 4)
    traced, recorded = _traced(spec)
    window = range(2, 5)
    figure = cell_diagram_figure(spec, recorded.directions[(0, 0)], recorded.step_labels, window, 0, TEXT)
    assert [frame.name for frame in figure.frames] == ["2", "3", "4"]
    first = dict(zip(figure.data[0].ids, figure.data[0].marker.color))
    assert first["c"] == traced.cell(0)[2, 0, 0].item()


def test_the_diagram_opens_at_a_picked_step():
    spec = LayerSpec("GRU", 3, 4)
    traced, recorded = _traced(spec)
    figure = cell_diagram_figure(spec, recorded.directions[(0, 0)], recorded.step_labels, STEPS, 1, TEXT, 0, start=4)
    assert figure.layout.sliders[0].active == 4
    frame = next(frame for frame in figure.frames if frame.name == "4")
    assert list(figure.data[0].text) == list(frame.data[0].text)
    assert list(figure.data[0].text) != list(figure.frames[0].data[0].text)
