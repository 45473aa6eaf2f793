"""Backpropagation through time written out for one layer, one direction: the vanishing-gradient study's engine.

Autograd records every operation of an unrolled step loop as a node and replays it backward; at 52 rows x 64 units
the study is bound by that per-operation dispatch (measured: ~25 operations a step over the four cells, forward
and backward, 0.6-1.1 s at 1000 steps against a 300 ms budget). Written out by hand, the backward step of each cell
is a few products with quantities of the forward pass, and everything that does not depend on the recurrence (the
activations' derivatives, the products with the inputs' weights) is computed for many steps at once:

- forward, per step: only the recurrence: one call of torch's own cell function for LSTM and GRU (`torch.lstm_cell`,
  `gru_cell`, a step's products and activations in one dispatch), two operations for the plain RNN;
- between the passes, per stretch of steps where the number of rows stays the same: the gates again from the
  saved states (one matrix product for the stretch) and every factor the backward step needs, stacked;
- backward, per step: dL/dh_{t-1} (and dL/dc_{t-1}) from dL/dh_t, 2 to 5 operations;
- after it: dL/dx_t = dL/d(pre-activation)_t W_ih for every step at once, as one matrix product.

The loss is, for every row r, the sum of h at its own last step `lengths[r] - 1` (the study's replicas, rows
sorted by descending length). `tests/test_gradients.py` compares the result with autograd on torch's own modules.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn

from rnnviz.tracing import project_inputs


@dataclass(frozen=True)
class Backprop:
    """dL/dx at every step for the first `keep` rows and at step 0 for every row; dL/dh at every step, first `keep`
    rows. Float64 like the module it came from.

    input_kept   (seq_len, keep, input_size)
    input_first  (rows, input_size)              dL/dx_0
    hidden_kept  (seq_len, keep, hidden)
    """

    input_kept: Tensor
    input_first: Tensor
    hidden_kept: Tensor


def _stretches(active: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each run of steps with the same number of active rows."""
    stretches, start = [], 0
    for t in range(1, len(active) + 1):
        if t == len(active) or active[t] != active[start]:
            stretches.append((start, t))
            start = t
    return stretches


def _stacked(per_step: list[Tensor], stretches: list[tuple[int, int]], make) -> list[Tensor]:
    """`make(stacked)` over each stretch of `per_step` tensors (same shape within a stretch), unbound per step."""
    out: list[Tensor] = []
    for start, end in stretches:
        out.extend(make(torch.stack(per_step[start:end])).unbind(0))
    return out


def _steps(x: Tensor, active: list[int], stretches) -> list[tuple[int, list[Tensor]]]:
    """(rows, x_t for t in the stretch) for each stretch: the inputs of the rows still running."""
    return [(active[start], list(x[start:end, :active[start]].unbind(0))) for start, end in stretches]


def _projected(x: Tensor, w_ih: Tensor, bias: Tensor, active: list[int], start: int, end: int) -> Tensor:
    """W_ih x_t + bias for the stretch's steps and rows, (end - start, rows, gate rows): rows that have ended are never
    projected (at 1,000 steps and 13 lengths they are four fifths of the batch)."""
    return project_inputs(x[start:end, :active[start]], w_ih, bias)


def _grown(tensor: Tensor | None, rows: int, width: int, fill: float) -> Tensor:
    """`tensor` extended to `rows` rows with `fill`: rows whose last step this is start their gradient here."""
    if tensor is None:
        return torch.full((rows, width), fill, dtype=torch.float64)
    if tensor.shape[0] == rows:
        return tensor
    return torch.cat([tensor, tensor.new_full((rows - tensor.shape[0], width), fill)])


@torch.no_grad()
def backprop(module: nn.Module, x: Tensor, active: list[int], keep: int) -> Backprop:
    """BPTT by hand for a one-layer, one-direction, time-first RNN / LSTM / GRU in float64 (see the module docstring).

    x (seq_len, rows, input_size) float64; `active[t]` rows run at step t (a non-increasing count: rows sorted by
    descending length), and row r's loss is sum(h at step active-length - 1)."""
    weights = {name: tensor.detach() for name, tensor in module.named_parameters()}
    w_ih, w_hh = weights["weight_ih_l0"], weights["weight_hh_l0"]
    hidden = module.hidden_size
    zeros = x.new_zeros(w_hh.shape[0])
    b_ih, b_hh = weights.get("bias_ih_l0", zeros), weights.get("bias_hh_l0", zeros)
    stretches = _stretches(active)
    if isinstance(module, nn.LSTM):
        keep_pre, hidden_grads = _lstm(x, w_ih, w_hh, b_ih, b_hh, hidden, active, stretches)
    elif isinstance(module, nn.GRU):
        keep_pre, hidden_grads = _gru(x, w_ih, w_hh, b_ih, b_hh, hidden, active, stretches)
    else:
        keep_pre, hidden_grads = _rnn(x, w_ih, w_hh, b_ih, b_hh, module.nonlinearity == "relu", active, stretches)
    kept = _first_rows(keep_pre, stretches, keep)  # (T, keep, gate rows)
    input_kept = (kept.reshape(-1, kept.shape[-1]) @ w_ih).reshape(len(active), keep, -1)
    return Backprop(input_kept, keep_pre[0] @ w_ih, _first_rows(hidden_grads, stretches, keep))


def _first_rows(per_step: list[Tensor], stretches: list[tuple[int, int]], keep: int) -> Tensor:
    """(T, keep, width): the first `keep` rows of every step's tensor, stacked one stretch at a time."""
    return torch.cat([torch.stack(per_step[start:end])[:, :keep] for start, end in stretches])


def _rnn(x, w_ih, w_hh, b_ih, b_hh, relu, active, stretches):
    # Two operations a step on inputs projected a stretch at a time: faster here than torch.rnn_tanh_cell, which
    # projects each step's input again (17.7 against 23.1 us a step at 20 rows, measured).
    activation = torch.relu if relu else torch.tanh
    w_hh_t = w_hh.T
    h = x.new_zeros(x.shape[1], w_hh.shape[0])
    states = []
    for start, end in stretches:
        h = h[:active[start]]
        for step_input in _projected(x, w_ih, b_ih + b_hh, active, start, end).unbind(0):
            h = activation(torch.addmm(step_input, h, w_hh_t))
            states.append(h)
    # tanh' = 1 - h^2; relu' = 1 where h > 0
    derivative = _stacked(states, stretches, (lambda s: (s > 0).double()) if relu else (lambda s: 1 - s * s))
    width = w_hh.shape[0]
    dh, pre_grads, hidden_grads = None, [None] * len(active), [None] * len(active)
    for t in range(len(active) - 1, -1, -1):
        dh = _grown(dh, active[t], width, 1.0)
        hidden_grads[t] = dh
        pre_grads[t] = dh * derivative[t]
        dh = pre_grads[t] @ w_hh
    return pre_grads, hidden_grads


def _lstm(x, w_ih, w_hh, b_ih, b_hh, hidden, active, stretches):
    h = x.new_zeros(x.shape[1], hidden)
    c = x.new_zeros(x.shape[1], hidden)
    previous_states, previous_cells, cells = [], [], []
    for rows, inputs in _steps(x, active, stretches):
        h, c = h[:rows], c[:rows]
        for step_input in inputs:
            previous_states.append(h)
            previous_cells.append(c)
            h, c = torch.lstm_cell(step_input, (h, c), w_ih, w_hh, b_ih, b_hh)
            cells.append(c)
    # Per step: dL/dc_t = dL/dc_{t+1} f_{t+1} + dL/dh_t o_t (1 - tanh^2 c_t), and the gates' pre-activation
    # gradients are [dc, dc, dc, dh] times [g i', c_{t-1} f', i g', tanh(c_t) o'] (the primes: derivatives).
    to_cell, to_gates, forget = [], [], []
    for start, end in stretches:
        h_prev, c_prev, c_now = (torch.stack(values[start:end]) for values in (previous_states, previous_cells, cells))
        gates = _projected(x, w_ih, b_ih + b_hh, active, start, end) + h_prev @ w_hh.T
        s = torch.sigmoid(gates)
        g = torch.tanh(gates[..., 2 * hidden:3 * hidden])
        c_tanh = torch.tanh(c_now)
        i, f, o = s[..., :hidden], s[..., hidden:2 * hidden], s[..., 3 * hidden:]
        to_cell.extend((o * (1 - c_tanh * c_tanh)).unbind(0))
        to_gates.extend(torch.cat([g * i * (1 - i), c_prev * f * (1 - f), i * (1 - g * g), c_tanh * o * (1 - o)],
                                  dim=-1).unbind(0))
        forget.extend(f.unbind(0))
    dh = dc_next = None
    pre_grads, hidden_grads = [None] * len(active), [None] * len(active)
    for t in range(len(active) - 1, -1, -1):
        rows = active[t]
        dh = _grown(dh, rows, hidden, 1.0)
        hidden_grads[t] = dh
        dc = dh * to_cell[t] if dc_next is None else torch.addcmul(_grown(dc_next, rows, hidden, 0.0), dh, to_cell[t])
        pre_grads[t] = torch.cat([dc, dc, dc, dh], dim=1) * to_gates[t]
        dh = pre_grads[t] @ w_hh
        dc_next = dc * forget[t]
    return pre_grads, hidden_grads


def _gru(x, w_ih, w_hh, b_ih, b_hh, hidden, active, stretches):
    h = x.new_zeros(x.shape[1], hidden)
    previous = []
    for rows, inputs in _steps(x, active, stretches):
        h = h[:rows]
        for step_input in inputs:
            previous.append(h)
            h = torch.gru_cell(step_input, h, w_ih, w_hh, b_ih, b_hh)
    # h_t = (1 - z) n + z h_{t-1}, n = tanh(gi_n + r gh_n): with A = (1 - z)(1 - n^2), the pre-activations'
    # gradients are dh times [A gh_n r', (h_{t-1} - n) z', A] on the input side and [.., .., A r] on the hidden side.
    two = 2 * hidden
    to_input, to_hidden, update = [], [], []
    for start, end in stretches:
        h_prev = torch.stack(previous[start:end])
        from_input = _projected(x, w_ih, b_ih, active, start, end)
        from_hidden = torch.addmm(b_hh, h_prev.reshape(-1, hidden), w_hh.T).reshape(*h_prev.shape[:2], -1)
        reset_update = torch.sigmoid(from_input[..., :two] + from_hidden[..., :two])
        r, z = reset_update[..., :hidden], reset_update[..., hidden:]
        gh_n = from_hidden[..., two:]
        n = torch.tanh(from_input[..., two:] + r * gh_n)
        a = (1 - z) * (1 - n * n)
        reset_part = a * gh_n * r * (1 - r)
        update_part = (h_prev - n) * z * (1 - z)
        to_input.extend(torch.cat([reset_part, update_part, a], dim=-1).unbind(0))
        to_hidden.extend(torch.cat([reset_part, update_part, a * r], dim=-1).unbind(0))
        update.extend(z.unbind(0))
    dh = None
    pre_grads, hidden_grads = [None] * len(active), [None] * len(active)
    for t in range(len(active) - 1, -1, -1):
        dh = _grown(dh, active[t], hidden, 1.0)
        hidden_grads[t] = dh
        three = dh.repeat(1, 3)
        pre_grads[t] = three * to_input[t]
        dh = torch.addmm(dh * update[t], three * to_hidden[t], w_hh)
    return pre_grads, hidden_grads
