"""trace(module, x, hx) -> Trace: every hidden state, cell state and gate of a torch RNN / LSTM / GRU, step by step.

How it stays torch's own numbers, and fast:
1. RNN, and small LSTMs: each layer and direction is run through torch's own kernel (`torch._VF.rnn_tanh` /
   `rnn_relu` / `lstm`, the calls `nn.RNN.forward` makes) with that layer's weights, one at a time, so every
   hidden state h_t is exactly what torch computed. The backward direction reads the reversed sequence with the
   `_reverse` weights, which is what torch does inside. LSTM gates are then rebuilt for all steps at once from
   x_t and the recorded h_{t-1} (one matrix product per weight matrix); the cell state is an element-wise scan.
2. GRU, and LSTMs on a batch with enough work per step (see lstm_uses_step_loop): the cell's equations as a
   loop over time, with the input projection for all steps done first in one matrix product and each step's
   gates written in place into it, so they cost no second pass; states match the module to float32 round-off
   (~5e-8). torch itself runs GRU on CPU as such a loop. For LSTM the second pass costs more than Python's
   per-step overhead only when each step has enough work, hence the switch.
The equations, as in torch's documentation:
       LSTM  i, f, o = sigmoid(W_i* x_t + b_i* + W_h* h_{t-1} + b_h*)   g = tanh(...)
             c_t = f * c_{t-1} + i * g      h_t = o * tanh(c_t)   (then W_hr h_t with proj_size)
       GRU   r, z = sigmoid(W_i* x_t + b_i* + W_h* h_{t-1} + b_h*)
             n = tanh(W_in x_t + b_in + r * (W_hn h_{t-1} + b_hn))   h_t = (1 - z) * n + z * h_{t-1}
Tests check every recorded value against the module and against a step-by-step recomputation from the weights.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import Tensor, nn


@dataclass
class Trace:
    """What one forward pass computed, per layer and direction, indexed by time step in input order.

    output  (seq_len, batch, D*H_out), or (batch, seq_len, D*H_out) when batch_first; unbatched when x was
    h_n     (D*num_layers, batch, H_out)
    c_n     (D*num_layers, batch, hidden_size), LSTM only, else None
    """

    cell_type: str  # "RNN", "LSTM" or "GRU" (not `cell`, which is the method below)
    num_layers: int
    num_directions: int
    output: Tensor
    h_n: Tensor
    c_n: Tensor | None
    _hidden: dict[tuple[int, int], Tensor] = field(repr=False)
    _cell: dict[tuple[int, int], Tensor] = field(repr=False)
    _gates: dict[tuple[int, int], dict[str, Tensor]] = field(repr=False)
    _inputs: dict[tuple[int, int], Tensor] = field(repr=False)
    _initial: dict[tuple[int, int], Tensor] = field(repr=False)
    _initial_cell: dict[tuple[int, int], Tensor] = field(repr=False)

    def _key(self, layer: int, direction: int) -> tuple[int, int]:
        if not 0 <= layer < self.num_layers:
            raise ValueError(f"layer must be in 0..{self.num_layers - 1}, not {layer}")
        if not 0 <= direction < self.num_directions:
            raise ValueError(f"direction must be in 0..{self.num_directions - 1}, not {direction}")
        return layer, direction

    def hidden(self, layer: int, direction: int = 0) -> Tensor:
        """(seq_len, batch, H_out): the state after reading x_t, for every t in input order.

        Direction 1 reads the sequence backwards, so `hidden(k, 1)[0]` is its final state (row 2k+1 of h_n).
        """
        return self._hidden[self._key(layer, direction)]

    def cell(self, layer: int, direction: int = 0) -> Tensor:
        """(seq_len, batch, hidden_size): the LSTM cell state c_t after reading x_t (input order)."""
        if self.cell_type != "LSTM":
            raise ValueError(f"{self.cell_type} has no cell state; only LSTM does")
        return self._cell[self._key(layer, direction)]

    def gates(self, layer: int, direction: int = 0) -> dict[str, Tensor]:
        """Each gate's activation, (seq_len, batch, hidden_size), at every step in input order.

        LSTM "i", "f", "g", "o"; GRU "r", "z", "n"; RNN an empty dict.
        """
        return self._gates[self._key(layer, direction)]

    def layer_input(self, layer: int, direction: int = 0) -> Tensor:
        """(seq_len, batch, features): what `layer` read at each step: x for layer 0, else the layer below's
        output (both directions concatenated)."""
        return self._inputs[self._key(layer, direction)]

    def previous_hidden(self, layer: int, direction: int = 0) -> Tensor:
        """(seq_len, batch, H_out): h_{t-1} as the cell saw it when reading x_t, in input order (the initial
        state where nothing was read yet: t = 0 forward, t = seq_len - 1 backward)."""
        key = self._key(layer, direction)
        return _previous_states(self._hidden[key], self._initial[key], backward=direction == 1)

    def previous_cell(self, layer: int, direction: int = 0) -> Tensor:
        """(seq_len, batch, hidden_size): c_{t-1} as the LSTM saw it when reading x_t, in input order."""
        cells = self.cell(layer, direction)
        key = self._key(layer, direction)
        return _previous_states(cells, self._initial_cell[key], backward=direction == 1)


def _check_module(module: nn.Module) -> None:
    if type(module) not in (nn.RNN, nn.LSTM, nn.GRU):
        raise ValueError(f"trace takes an nn.RNN, nn.LSTM or nn.GRU, not {type(module).__name__}")
    if module.training and module.dropout > 0 and module.num_layers > 1:
        raise ValueError("trace needs the module in eval mode (call module.eval()): in training mode dropout "
                         "between layers makes every run different")


def _weights(module: nn.Module, layer: int, direction: int) -> list[Tensor]:
    suffix = f"_l{layer}" + ("_reverse" if direction else "")
    names = ["weight_ih", "weight_hh"]
    if module.bias:
        names += ["bias_ih", "bias_hh"]
    if getattr(module, "proj_size", 0):
        names.append("weight_hr")
    return [getattr(module, name + suffix) for name in names]


def _run_kernel(module: nn.Module, x: Tensor, h0: Tensor, c0: Tensor | None, weights: list[Tensor]) -> Tensor:
    """Torch's own RNN / LSTM kernel for one layer and one direction, time-first: x (seq, batch, in) in processing
    order, h0 (1, batch, H_out), c0 (1, batch, hidden) or None. Returns the hidden states (seq, batch, H_out),
    bitwise the module's."""
    args = (module.bias, 1, 0.0, False, False, False)  # has_biases, num_layers, dropout, train, bidir, batch_first
    if isinstance(module, nn.LSTM):
        return torch._VF.lstm(x, (h0, c0), weights, *args)[0]
    kernel = torch._VF.rnn_tanh if module.nonlinearity == "tanh" else torch._VF.rnn_relu
    return kernel(x, h0, weights, *args)[0]


def project_inputs(x: Tensor, w_ih: Tensor, bias: Tensor | None) -> Tensor:
    """W_ih x_t + bias for every step at once, as one matrix product: x (seq, batch, in) -> (seq, batch, rows),
    rows = w_ih.shape[0]. Differentiable (the gradient study uses it too)."""
    seq_len, batch, _ = x.shape
    x_2d = x.reshape(seq_len * batch, -1)
    projected = torch.addmm(bias, x_2d, w_ih.T) if bias is not None else x_2d @ w_ih.T
    return projected.reshape(seq_len, batch, -1)


def _gru_steps(module: nn.Module, x: Tensor, h0: Tensor, weights: list[Tensor],
               backward: bool) -> tuple[Tensor, dict[str, Tensor]]:
    """One GRU layer and direction, step by step: x (seq, batch, in) in input order, h0 (batch, hidden).

    Returns the hidden states (seq, batch, hidden) and the gates "r", "z", "n", each (seq, batch, hidden), all in
    input order; the steps run from the last to the first when `backward`.
    """
    seq_len, batch, _ = x.shape
    hidden_size = module.hidden_size
    two = 2 * hidden_size
    # b_hn stays out: torch multiplies it by r together with W_hn h_{t-1}.
    from_input = project_inputs(x, weights[0], weights[2] if module.bias else None)
    w_hh_t = weights[1].T
    states = x.new_empty(seq_len, batch, hidden_size)
    reset_update = x.new_empty(seq_len, batch, two)
    new = x.new_empty(seq_len, batch, hidden_size)
    h = h0
    for t in (range(seq_len - 1, -1, -1) if backward else range(seq_len)):
        from_hidden = torch.addmm(weights[3], h, w_hh_t) if module.bias else h @ w_hh_t
        torch.sigmoid(from_input[t, :, :two] + from_hidden[:, :two], out=reset_update[t])
        torch.tanh(torch.addcmul(from_input[t, :, two:], reset_update[t, :, :hidden_size], from_hidden[:, two:]),
                   out=new[t])
        # h_t = (1 - z) * n + z * h_{t-1}, as one op
        h = torch.lerp(new[t], h, reset_update[t, :, hidden_size:], out=states[t])
    gates = {"r": reset_update[..., :hidden_size], "z": reset_update[..., hidden_size:], "n": new}
    return states, gates


def _lstm_steps(module: nn.LSTM, x: Tensor, h0: Tensor, c0: Tensor, weights: list[Tensor],
                backward: bool) -> tuple[Tensor, dict[str, Tensor], Tensor]:
    """One LSTM layer and direction, step by step: x (seq, batch, in) in input order, h0 (batch, H_out),
    c0 (batch, hidden); H_out is proj_size when set, else hidden.

    Returns the hidden states (seq, batch, H_out), the gates "i", "f", "g", "o", each (seq, batch, hidden), and the
    cell states (seq, batch, hidden), all in input order; the steps run from the last to the first when `backward`.

    Used when each step has enough work (see LSTM_LOOP_MIN_WORK): then writing the gates in place beats torch's
    fused kernel plus a second pass to rebuild them (3-layer bidirectional (100, 30, 4) -> 200: 143 ms against
    259 ms on one thread). It matches the module to float32 round-off (~5e-8), as GRU does.
    """
    seq_len, batch, _ = x.shape
    hidden_size = module.hidden_size
    i_end, f_end, g_end = hidden_size, 2 * hidden_size, 3 * hidden_size
    pre = project_inputs(x, weights[0], weights[2] + weights[3] if module.bias else None)
    w_hh_t = weights[1].T
    w_hr_t = weights[-1].T if module.proj_size else None
    states = x.new_empty(seq_len, batch, module.proj_size or hidden_size)
    cells = x.new_empty(seq_len, batch, hidden_size)
    h, c = h0, c0
    for t in (range(seq_len - 1, -1, -1) if backward else range(seq_len)):
        step = pre[t].addmm_(h, w_hh_t)  # the step's pre-activations become its gates in place
        torch.sigmoid_(step[:, :f_end])
        torch.tanh_(step[:, f_end:g_end])
        torch.sigmoid_(step[:, g_end:])
        c = torch.addcmul(step[:, i_end:f_end] * c, step[:, :i_end], step[:, f_end:g_end], out=cells[t])
        if w_hr_t is None:
            h = torch.mul(step[:, g_end:], torch.tanh(c), out=states[t])
        else:
            h = torch.mm(step[:, g_end:] * torch.tanh(c), w_hr_t, out=states[t])
    gates = {"i": pre[..., :i_end], "f": pre[..., i_end:f_end], "g": pre[..., f_end:g_end], "o": pre[..., g_end:]}
    return states, gates, cells


def _gates_and_cells(module: nn.Module, x: Tensor, h_prev: Tensor, c0: Tensor | None, weights: list[Tensor],
                     backward: bool) -> tuple[dict[str, Tensor], Tensor | None]:
    """RNN: no gates. LSTM: every gate at every step from x_t and h_{t-1}, both (seq, batch, .) in input order,
    and the cell states (seq, batch, hidden) by an element-wise scan from c0 (batch, hidden), run from the last
    step to the first when `backward`.

    Written for speed (it is most of trace's cost): one fused matrix product per weight matrix into a single
    buffer, activations in place, and the scan on contiguous slices.
    """
    if isinstance(module, nn.RNN):
        return {}, None
    seq_len, batch, _ = x.shape
    hidden_size = module.hidden_size
    pre = project_inputs(x, weights[0], weights[2] + weights[3] if module.bias else None)
    pre.view(seq_len * batch, -1).addmm_(h_prev.reshape(seq_len * batch, -1), weights[1].T)
    g = torch.tanh(pre[..., 2 * hidden_size:3 * hidden_size])
    torch.sigmoid_(pre)  # i, f, o: the g quarter is overwritten too, but g was taken out above
    i, f, o = (pre[..., k * hidden_size:(k + 1) * hidden_size] for k in (0, 1, 3))
    input_part = i * g
    forget = f.contiguous()
    cells = torch.empty_like(g)
    c = c0
    for t in (range(seq_len - 1, -1, -1) if backward else range(seq_len)):
        c = torch.addcmul(input_part[t], forget[t], c, out=cells[t])
    return {"i": i, "f": forget, "g": g, "o": o}, cells


# Which LSTM path is faster (measured on one thread, 2-3 layers, bidirectional, seq 100-300): for one sequence torch's
# kernel wins at every hidden size up to 512, where they tie (about 4x faster at hidden 32); for a batch it is the
# work per step, batch * hidden_size**2: below ~100,000 Python's per-step overhead dominates and the kernel wins,
# above it the second pass dominates and the loop wins (by about 1.8x at batch 30, hidden 200). Cases near the line
# were within 10 ms either way when it was chosen; the benchmark rows "trace LSTM ..." time the paths today.
LSTM_LOOP_MIN_WORK = 100_000


def lstm_uses_step_loop(batch: int, hidden_size: int) -> bool:
    """True when `trace` records an LSTM with the step loop, False when with torch's kernel plus a gate pass."""
    return batch >= 2 and batch * hidden_size ** 2 >= LSTM_LOOP_MIN_WORK


def _record_one_direction(module: nn.Module, x: Tensor, h0: Tensor, c0: Tensor | None, weights: list[Tensor],
                          backward: bool) -> tuple[Tensor, dict[str, Tensor], Tensor | None]:
    """One layer and direction: x (seq, batch, in) in input order, h0 (batch, H_out), c0 (batch, hidden) or None.

    Returns, in input order, the hidden states (seq, batch, H_out), the gates, and the LSTM cell states.
    """
    if isinstance(module, nn.GRU):
        states, gates = _gru_steps(module, x, h0, weights, backward)
        return states, gates, None
    if isinstance(module, nn.LSTM) and lstm_uses_step_loop(x.shape[1], module.hidden_size):
        return _lstm_steps(module, x, h0, c0, weights, backward)
    # The kernel reads in processing order: the backward direction gets the sequence reversed.
    states = _run_kernel(module, x.flip(0) if backward else x, h0.unsqueeze(0),
                         c0.unsqueeze(0) if c0 is not None else None, weights)
    if backward:
        states = states.flip(0)
    gates, cells = _gates_and_cells(module, x, _previous_states(states, h0, backward), c0, weights, backward)
    return states, gates, cells


def _previous_states(states: Tensor, h0: Tensor, backward: bool) -> Tensor:
    """h_{t-1} for every t in input order: the state before reading x_t (h0 where nothing was read yet)."""
    if backward:
        return torch.cat([states[1:], h0.unsqueeze(0)])
    return torch.cat([h0.unsqueeze(0), states[:-1]])


def _time_first(module: nn.Module, x: Tensor) -> Tensor:
    """x as (seq_len, batch, input_size) whatever layout it came in; ValueError naming what does not fit."""
    if x.dim() not in (2, 3):
        raise ValueError(f"x must be 2-D (unbatched) or 3-D (batched), not {x.dim()}-D with shape {tuple(x.shape)}")
    if x.dim() == 2:
        x = x.unsqueeze(1)
    elif module.batch_first:
        x = x.transpose(0, 1)
    if x.shape[-1] != module.input_size:
        raise ValueError(f"x has {x.shape[-1]} features per step but the module's input_size is {module.input_size}")
    if x.shape[0] < 1:
        raise ValueError("x must have at least one time step")
    return x


def _initial_states(module: nn.Module, x: Tensor, hx, unbatched: bool) -> tuple[Tensor, Tensor | None]:
    """(h_0 (D*num_layers, batch, H_out), c_0 (D*num_layers, batch, hidden) or None) for time-first `x`: the
    caller's, with a batch dimension added for an unbatched input, else zeros as torch uses."""
    is_lstm = isinstance(module, nn.LSTM)
    rows, batch = (2 if module.bidirectional else 1) * module.num_layers, x.shape[1]
    out_size = getattr(module, "proj_size", 0) or module.hidden_size
    h0, c0 = (hx if is_lstm else (hx, None)) if hx is not None else (None, None)
    if h0 is None:
        h0 = x.new_zeros(rows, batch, out_size)
    elif unbatched:
        h0 = h0.unsqueeze(1)
    if is_lstm:
        if c0 is None:
            c0 = x.new_zeros(rows, batch, module.hidden_size)
        elif unbatched:
            c0 = c0.unsqueeze(1)
    return h0, c0


@torch.no_grad()
def trace(module: nn.Module, x: Tensor, hx: Tensor | tuple[Tensor, Tensor] | None = None) -> Trace:
    """Run `module` on `x` step by step, recording every state and gate; see `Trace` for what is kept.

    x   (seq_len, batch, input_size), or (batch, seq_len, input_size) when batch_first, or unbatched
        (seq_len, input_size)
    hx  as torch accepts it: h_0 (D*num_layers, batch, H_out), for LSTM a tuple (h_0, c_0) with
        c_0 (D*num_layers, batch, hidden_size); zeros when None
    """
    _check_module(module)
    is_lstm = isinstance(module, nn.LSTM)
    unbatched = x.dim() == 2
    x = _time_first(module, x)
    h0, c0 = _initial_states(module, x, hx, unbatched)
    num_directions = 2 if module.bidirectional else 1

    hidden, cells, gates, inputs, initial, initial_cells = {}, {}, {}, {}, {}, {}
    h_n, c_n = [], []
    layer_input = x
    for layer in range(module.num_layers):
        outputs = []
        for direction in range(num_directions):
            row = num_directions * layer + direction
            weights = _weights(module, layer, direction)
            h_start = h0[row]
            c_start = c0[row] if is_lstm else None
            states, step_gates, step_cells = _record_one_direction(
                module, layer_input, h_start, c_start, weights, backward=direction == 1)
            key = (layer, direction)
            hidden[key], gates[key], inputs[key], initial[key] = states, step_gates, layer_input, h_start
            h_n.append(states[-1] if direction == 0 else states[0])
            if is_lstm:
                cells[key], initial_cells[key] = step_cells, c_start
                c_n.append(step_cells[-1] if direction == 0 else step_cells[0])
            outputs.append(states)
        layer_input = torch.cat(outputs, dim=-1)

    output = layer_input
    h_n_tensor = torch.stack(h_n)
    c_n_tensor = torch.stack(c_n) if is_lstm else None
    if unbatched:
        output, h_n_tensor = output.squeeze(1), h_n_tensor.squeeze(1)
        c_n_tensor = c_n_tensor.squeeze(1) if is_lstm else None
    elif module.batch_first:
        output = output.transpose(0, 1)
    cell_name = "LSTM" if is_lstm else "GRU" if isinstance(module, nn.GRU) else "RNN"
    return Trace(cell_name, module.num_layers, num_directions, output, h_n_tensor, c_n_tensor,
                 hidden, cells, gates, inputs, initial, initial_cells)
