"""rnnviz.trace against torch: the recorded states equal the module's, and every gate is what the equations say."""

from __future__ import annotations

import itertools

import pytest
import torch
from torch import nn

from rnnviz import LayerSpec, trace, tracing

TOLERANCE = 1e-5
LSTM_PATH_CHOICE = tracing.lstm_uses_step_loop  # the real one, before the fixture below replaces it


@pytest.fixture(autouse=True, params=["lstm_kernel", "lstm_loop"])
def lstm_path(request, monkeypatch):
    """Every test here runs with each of trace's two LSTM paths (the sizes here would all pick the kernel)."""
    loop = request.param == "lstm_loop"
    monkeypatch.setattr(tracing, "lstm_uses_step_loop", lambda batch, hidden_size: loop)
    return request.param


def _grid():
    for cell, num_layers, bidirectional, batch_first, bias in itertools.product(
        ("RNN", "LSTM", "GRU"), (1, 2, 3), (False, True), (False, True), (True, False)
    ):
        yield LayerSpec(cell, 3, 5, num_layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
    for num_layers, bidirectional in itertools.product((1, 2), (False, True)):
        yield LayerSpec("LSTM", 3, 6, num_layers, bidirectional=bidirectional, proj_size=2)
        yield LayerSpec("RNN", 3, 5, num_layers, nonlinearity="relu", bidirectional=bidirectional)
    yield LayerSpec("GRU", 3, 5, 2, dropout=0.5, bidirectional=True)  # dropout is inert in eval mode


GRID = list(_grid())


def _initial_state(spec: LayerSpec, batch: int, generator: torch.Generator):
    rows = spec.num_directions * spec.num_layers
    h0 = torch.randn(rows, batch, spec.output_size, generator=generator)
    if spec.cell == "LSTM":
        return h0, torch.randn(rows, batch, spec.hidden_size, generator=generator)
    return h0


def _assert_matches_module(spec, module, x, hx):
    expected_output, expected_state = module(x, hx)
    recorded = trace(module, x, hx)
    assert recorded.output.shape == expected_output.shape
    assert (recorded.output - expected_output).abs().max() <= TOLERANCE
    expected_h_n = expected_state[0] if spec.cell == "LSTM" else expected_state
    assert recorded.h_n.shape == expected_h_n.shape
    assert (recorded.h_n - expected_h_n).abs().max() <= TOLERANCE
    if spec.cell == "LSTM":
        assert (recorded.c_n - expected_state[1]).abs().max() <= TOLERANCE
    else:
        assert recorded.c_n is None
    return recorded


@pytest.mark.parametrize("with_hx", [False, True], ids=["zeros", "hx"])
@pytest.mark.parametrize("spec", GRID, ids=str)
def test_output_h_n_and_c_n_equal_the_module(spec, with_hx):
    generator = torch.Generator().manual_seed(1)
    module = spec.build(seed=2)
    seq_len, batch = 7, 2
    x = torch.randn(spec.shapes(seq_len, batch)["input"], generator=generator)
    hx = _initial_state(spec, batch, generator) if with_hx else None
    with torch.no_grad():
        recorded = _assert_matches_module(spec, module, x, hx)
    for layer, direction in itertools.product(range(spec.num_layers), range(spec.num_directions)):
        assert recorded.hidden(layer, direction).shape == (seq_len, batch, spec.output_size)
        gates = recorded.gates(layer, direction)
        expected_names = {"RNN": set(), "LSTM": {"i", "f", "g", "o"}, "GRU": {"r", "z", "n"}}[spec.cell]
        assert set(gates) == expected_names
        for value in gates.values():
            assert value.shape == (seq_len, batch, spec.hidden_size)
        if spec.cell == "LSTM":
            assert recorded.cell(layer, direction).shape == (seq_len, batch, spec.hidden_size)


@pytest.mark.parametrize("seq_len, batch", [(1, 1), (1, 4), (9, 1)])
@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_edge_sizes_seq_len_1_and_batch_1(cell, seq_len, batch):
    spec = LayerSpec(cell, 2, 3, num_layers=2, bidirectional=True)
    module = spec.build()
    x = torch.randn(seq_len, batch, 2)
    with torch.no_grad():
        _assert_matches_module(spec, module, x, None)


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_unbatched_input_gives_unbatched_results(cell):
    spec = LayerSpec(cell, 2, 3, num_layers=2, bidirectional=True)
    module = spec.build()
    x = torch.randn(6, 2)
    with torch.no_grad():
        recorded = _assert_matches_module(spec, module, x, None)
    assert recorded.output.shape == (6, 6)
    assert recorded.hidden(1, 1).shape == (6, 1, 3)


def _cell_module(spec: LayerSpec, module: nn.Module, layer: int, direction: int) -> nn.Module:
    """An nn.RNNCell / LSTMCell / GRUCell carrying the weights of one layer and direction of `module`."""
    suffix = f"_l{layer}" + ("_reverse" if direction else "")
    in_size = spec.layer_input_size(layer)
    if spec.cell == "RNN":
        cell = nn.RNNCell(in_size, spec.hidden_size, bias=spec.bias, nonlinearity=spec.nonlinearity)
    else:
        cell = getattr(nn, f"{spec.cell}Cell")(in_size, spec.hidden_size, bias=spec.bias)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh") + (("bias_ih", "bias_hh") if spec.bias else ()):
            getattr(cell, name).copy_(getattr(module, name + suffix))
    return cell


@pytest.mark.parametrize("spec", [s for s in GRID if not s.proj_size][::3], ids=str)
def test_every_state_equals_stepping_torchs_cell_modules_by_hand(spec):
    """An independent unrolled computation: torch's *Cell modules, one step at a time, layer by layer."""
    module = spec.build(seed=5)
    x = torch.randn(spec.shapes(6, 2)["input"])
    with torch.no_grad():
        recorded = trace(module, x)
        layer_input = x.transpose(0, 1) if spec.batch_first else x
        for layer in range(spec.num_layers):
            outputs = []
            for direction in range(spec.num_directions):
                cell = _cell_module(spec, module, layer, direction)
                h = torch.zeros(2, spec.hidden_size)
                c = torch.zeros(2, spec.hidden_size)
                states, cells = [None] * 6, [None] * 6
                order = range(6) if direction == 0 else reversed(range(6))
                for t in order:
                    if spec.cell == "LSTM":
                        h, c = cell(layer_input[t], (h, c))
                        cells[t] = c
                    else:
                        h = cell(layer_input[t], h)
                    states[t] = h
                states = torch.stack(states)
                assert (recorded.hidden(layer, direction) - states).abs().max() <= TOLERANCE
                if spec.cell == "LSTM":
                    assert (recorded.cell(layer, direction) - torch.stack(cells)).abs().max() <= TOLERANCE
                outputs.append(states)
            layer_input = torch.cat(outputs, dim=-1)


@pytest.mark.parametrize("direction", [0, 1])
@pytest.mark.parametrize("cell", ["LSTM", "GRU"])
def test_each_gate_recomputed_from_the_weights_for_one_step(cell, direction):
    spec = LayerSpec(cell, 3, 4, num_layers=2, bidirectional=True)
    module = spec.build(seed=9)
    x = torch.randn(5, 2, 3)
    layer, t = 1, 2
    with torch.no_grad():
        recorded = trace(module, x)
        suffix = f"_l{layer}" + ("_reverse" if direction else "")
        w_ih, w_hh = getattr(module, "weight_ih" + suffix), getattr(module, "weight_hh" + suffix)
        b_ih, b_hh = getattr(module, "bias_ih" + suffix), getattr(module, "bias_hh" + suffix)
        x_t = recorded.layer_input(layer, direction)[t]
        hidden = recorded.hidden(layer, direction)
        # h_{t-1} is the state before reading x_t: the step before in reading order.
        h_prev = hidden[t - 1] if direction == 0 else hidden[t + 1]
        H = spec.hidden_size
        rows = lambda k: slice(k * H, (k + 1) * H)  # noqa: E731
        gates = recorded.gates(layer, direction)
        if cell == "LSTM":
            pre = lambda k: x_t @ w_ih[rows(k)].T + b_ih[rows(k)] + h_prev @ w_hh[rows(k)].T + b_hh[rows(k)]  # noqa: E731
            i, f, g, o = torch.sigmoid(pre(0)), torch.sigmoid(pre(1)), torch.tanh(pre(2)), torch.sigmoid(pre(3))
            for name, value in {"i": i, "f": f, "g": g, "o": o}.items():
                assert torch.allclose(gates[name][t], value, atol=TOLERANCE), name
            cells = recorded.cell(layer, direction)
            c_prev = cells[t - 1] if direction == 0 else cells[t + 1]
            assert torch.allclose(cells[t], f * c_prev + i * g, atol=TOLERANCE)
            assert torch.allclose(hidden[t], o * torch.tanh(cells[t]), atol=TOLERANCE)
        else:
            r = torch.sigmoid(x_t @ w_ih[rows(0)].T + b_ih[rows(0)] + h_prev @ w_hh[rows(0)].T + b_hh[rows(0)])
            z = torch.sigmoid(x_t @ w_ih[rows(1)].T + b_ih[rows(1)] + h_prev @ w_hh[rows(1)].T + b_hh[rows(1)])
            n = torch.tanh(x_t @ w_ih[rows(2)].T + b_ih[rows(2)] + r * (h_prev @ w_hh[rows(2)].T + b_hh[rows(2)]))
            for name, value in {"r": r, "z": z, "n": n}.items():
                assert torch.allclose(gates[name][t], value, atol=TOLERANCE), name
            assert torch.allclose(hidden[t], (1 - z) * n + z * h_prev, atol=TOLERANCE)


def test_lstm_with_projection_applies_weight_hr_to_o_times_tanh_c():
    spec = LayerSpec("LSTM", 3, 6, proj_size=2)
    module = spec.build()
    with torch.no_grad():
        recorded = trace(module, torch.randn(4, 1, 3))
        gates, cells = recorded.gates(0), recorded.cell(0)
        projected = (gates["o"] * torch.tanh(cells)) @ module.weight_hr_l0.T
        assert torch.allclose(recorded.hidden(0), projected, atol=TOLERANCE)


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_direction_1_is_indexed_in_input_order_and_hidden_k_1_0_is_its_final_state(cell):
    spec = LayerSpec(cell, 3, 4, num_layers=2, bidirectional=True)
    module = spec.build()
    x = torch.randn(6, 2, 3)
    with torch.no_grad():
        recorded = trace(module, x)
        for layer in range(2):
            assert torch.equal(recorded.hidden(layer, 1)[0], recorded.h_n[2 * layer + 1])
            assert torch.equal(recorded.hidden(layer, 0)[-1], recorded.h_n[2 * layer])
        # Reading x backwards with the reverse weights is what direction 1 does: its state at t has seen x_t..x_T-1.
        suffix = trace(module, x[3:])
        assert torch.allclose(suffix.hidden(0, 1), recorded.hidden(0, 1)[3:], atol=TOLERANCE)
        prefix = trace(module, x[:4])
        assert torch.allclose(prefix.hidden(0, 0), recorded.hidden(0, 0)[:4], atol=TOLERANCE)
        assert not torch.allclose(prefix.hidden(0, 1)[3], recorded.hidden(0, 1)[3], atol=TOLERANCE)


def test_previous_hidden_is_the_state_before_each_step():
    spec = LayerSpec("GRU", 2, 3, bidirectional=True)
    module = spec.build()
    h0 = torch.randn(2, 1, 3)
    recorded = trace(module, torch.randn(4, 1, 2), h0)
    assert torch.equal(recorded.previous_hidden(0, 0)[0], h0[0])
    assert torch.equal(recorded.previous_hidden(0, 0)[1:], recorded.hidden(0, 0)[:-1])
    assert torch.equal(recorded.previous_hidden(0, 1)[-1], h0[1])
    assert torch.equal(recorded.previous_hidden(0, 1)[:-1], recorded.hidden(0, 1)[1:])


def test_previous_cell_starts_from_the_given_c0_in_each_direction():
    module = LayerSpec("LSTM", 2, 3, bidirectional=True).build()
    h0, c0 = torch.randn(2, 1, 3), torch.randn(2, 1, 3)
    recorded = trace(module, torch.randn(4, 1, 2), (h0, c0))
    assert torch.equal(recorded.previous_cell(0, 0)[0], c0[0])
    assert torch.equal(recorded.previous_cell(0, 0)[1:], recorded.cell(0, 0)[:-1])
    assert torch.equal(recorded.previous_cell(0, 1)[-1], c0[1])
    gates = recorded.gates(0, 1)
    expected = gates["f"] * recorded.previous_cell(0, 1) + gates["i"] * gates["g"]
    assert torch.allclose(recorded.cell(0, 1), expected, atol=1e-6)


def test_bad_arguments_raise_value_error_with_a_message():
    module = LayerSpec("LSTM", 3, 4, num_layers=2, dropout=0.3).build()
    with pytest.raises(ValueError, match="input_size is 3"):
        trace(module, torch.randn(5, 2, 4))
    with pytest.raises(ValueError, match="2-D .* or 3-D"):
        trace(module, torch.randn(5))
    with pytest.raises(ValueError, match="nn.RNN, nn.LSTM or nn.GRU"):
        trace(nn.Linear(3, 4), torch.randn(5, 3))
    module.train()
    with pytest.raises(ValueError, match="eval mode"):
        trace(module, torch.randn(5, 2, 3))
    recorded = trace(module.eval(), torch.randn(5, 2, 3))
    with pytest.raises(ValueError, match="layer must be in 0..1"):
        recorded.hidden(2, 0)
    with pytest.raises(ValueError, match="direction must be in 0..0"):
        recorded.hidden(0, 1)
    with pytest.raises(ValueError, match="only LSTM"):
        trace(nn.GRU(3, 4), torch.randn(5, 3)).cell(0, 0)


@pytest.mark.parametrize("batch, hidden_size, loop", [(1, 32, False), (1, 512, False), (30, 32, False),
                                                      (8, 100, False), (2, 256, True), (30, 200, True)])
def test_the_lstm_path_follows_the_work_per_step(batch, hidden_size, loop):
    assert LSTM_PATH_CHOICE(batch, hidden_size) is loop


def test_both_lstm_paths_record_the_same_states_and_gates(monkeypatch):
    spec = LayerSpec("LSTM", 4, 16, num_layers=2, bidirectional=True)
    module = spec.build(seed=3)
    x = torch.randn(40, 3, 4)
    recorded = {}
    for path, loop in (("kernel", False), ("loop", True)):
        monkeypatch.setattr(tracing, "lstm_uses_step_loop", lambda batch, hidden_size, loop=loop: loop)
        recorded[path] = trace(module, x)
    for layer, direction in itertools.product(range(2), range(2)):
        kernel, loop = recorded["kernel"], recorded["loop"]
        assert (kernel.hidden(layer, direction) - loop.hidden(layer, direction)).abs().max() <= TOLERANCE
        assert (kernel.cell(layer, direction) - loop.cell(layer, direction)).abs().max() <= TOLERANCE
        for name in "ifgo":
            difference = kernel.gates(layer, direction)[name] - loop.gates(layer, direction)[name]
            assert difference.abs().max() <= TOLERANCE
