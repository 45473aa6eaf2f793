"""Note 3: an RNN written as a numpy loop (10 steps, 4 inputs, 8 units), then nn.RNN(5, 8) with batch_first.

Two things the note leaves open. Its loop draws every weight with `np.random.random`, uniform on [0, 1): all
positive, so each pre-activation sums to about 5 and tanh saturates (every value it printed is above 0.998, where
tanh's slope is below 0.004, so almost no gradient flows back). And it never checks the loop against torch:
run with nn.RNN's own weights, the loop gives torch's numbers. Its torch part builds inputs with
`torch.Tensor(1, 10, 5)`, which allocates without setting any value (whatever the memory held); here they are
drawn with `torch.rand`. Its last cells call `nn.LSTM(input_dim, hidden_size, batch_fisrt=True)`: `input_dim` is
never defined, and torch rejects the misspelt `batch_fisrt`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from rnnviz.lecture_notes import printed
from rnnviz.lecture_notes.checks import Check, shape_check
from rnnviz.seeding import seeded

TIMESTEPS, INPUT_SIZE, HIDDEN_SIZE = 10, 4, 8
NOTE_SCALE = 1.0  # np.random.random: uniform on [0, 1)
SATURATED = 0.99  # |tanh| above this: the slope 1 - tanh^2 is below 0.02


def rnn_loop(inputs: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray) -> np.ndarray:
    """h_t = tanh(W_x x_t + W_h h_(t-1) + b) from h_0 = 0. inputs (timesteps, input_size), W_x (hidden,
    input_size), W_h (hidden, hidden), b (hidden,) -> every h_t stacked, (timesteps, hidden)."""
    hidden_state = np.zeros(W_h.shape[0])
    states = []
    for x_t in inputs:
        hidden_state = np.tanh(W_x @ x_t + W_h @ hidden_state + b)
        states.append(hidden_state)
    return np.stack(states)


def loop_with_torch_weights(seed: int = 0):
    """The same loop fed nn.RNN(4, 8)'s own weights: b is torch's two biases added (b_ih + b_hh).
    Returns (loop (10, 8), torch's output (10, 8)) for one unbatched sequence of 10 steps."""
    torch.manual_seed(seed)
    rnn = nn.RNN(INPUT_SIZE, HIDDEN_SIZE)
    x = torch.rand(TIMESTEPS, INPUT_SIZE)
    with torch.no_grad():
        output, _ = rnn(x)  # unbatched: (10, 4) -> (10, 8)
    weights = {name: p.detach().double().numpy() for name, p in rnn.named_parameters()}
    loop = rnn_loop(x.double().numpy(), weights["weight_ih_l0"], weights["weight_hh_l0"],
                    weights["bias_ih_l0"] + weights["bias_hh_l0"])
    return loop, output.double().numpy()


def run_loop_with_torch_weights(seed: int = 0):
    """`loop_with_torch_weights` alone in the process while it seeds and draws (see rnnviz.seeding)."""
    with seeded(seed):
        return loop_with_torch_weights(seed)


@dataclass(frozen=True)
class Saturation:
    """The note's loop with weights drawn uniform on [0, scale): hidden states, pre-activations and tanh's slope,
    each (timesteps, hidden), and the weights drawn: "Wx" (hidden, input_size), "Wh" (hidden, hidden), "b" (hidden,)."""

    scale: float
    hidden: np.ndarray
    pre_activation: np.ndarray
    weights: dict[str, np.ndarray]

    @property
    def slope(self) -> np.ndarray:
        """tanh'(a) = 1 - tanh(a)^2: the factor each step multiplies a gradient by, unit by unit, before W_h."""
        return 1.0 - self.hidden ** 2


def saturation(scale: float = NOTE_SCALE, seed: int = 0) -> Saturation:
    """Inputs uniform on [0, 1) as in the note; W_x, W_h and b uniform on [0, scale) (the note: scale 1)."""
    if not scale > 0:
        raise ValueError(f"scale must be > 0, not {scale!r}")
    rng = np.random.default_rng(seed)
    inputs = rng.random((TIMESTEPS, INPUT_SIZE))
    W_x = scale * rng.random((HIDDEN_SIZE, INPUT_SIZE))
    W_h = scale * rng.random((HIDDEN_SIZE, HIDDEN_SIZE))
    b = scale * rng.random(HIDDEN_SIZE)
    hidden = rnn_loop(inputs, W_x, W_h, b)
    previous = np.vstack([np.zeros(HIDDEN_SIZE), hidden[:-1]])
    pre_activation = inputs @ W_x.T + previous @ W_h.T + b
    return Saturation(scale, hidden, pre_activation, {"Wx": W_x, "Wh": W_h, "b": b})


def torch_variants(seed: int = 0) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """The note's three nn.RNN(5, 8, batch_first=True) runs on (1, 10, 5) inputs (drawn, not left unset):
    variant -> (outputs, _status) as the note names them."""
    settings = {"one layer": {}, "num_layers=2": {"num_layers": 2},
                "num_layers=2, bidirectional": {"num_layers": 2, "bidirectional": True}}
    runs = {}
    for variant, extra in settings.items():
        with seeded(seed):
            inputs = torch.rand(1, 10, 5)  # (batch_size, time_steps, input_size)
            cell = nn.RNN(input_size=5, hidden_size=8, batch_first=True, **extra)
        with torch.no_grad():
            runs[variant] = cell(inputs)
    return runs


def misspelt_keyword_error() -> str:
    """What torch says to the note's `nn.LSTM(5, 8, batch_fisrt=True)` (with input_dim defined), word for word."""
    try:
        nn.LSTM(5, 8, batch_fisrt=True)
    except TypeError as error:
        return f"TypeError: {error}"
    raise AssertionError("torch accepted batch_fisrt")  # pragma: no cover - torch has always rejected it


def checks(result: Saturation, runs: dict[str, tuple[torch.Tensor, torch.Tensor]]) -> list[Check]:
    """The note's printed shapes, and its saturation (smallest value printed) against this draw's smallest."""
    arrays = {**result.weights, "total_hidden_states": result.hidden}
    found = [shape_check(f"np.shape({name})", shape, torch.from_numpy(arrays[name]))
             for name, shape in printed.NUMPY_LOOP_SHAPES.items()]
    # The note's draw was unseeded, so its digits cannot come back; its saturation can. From step 2 on (step 1
    # starts from h_0 = 0 and sums fewer terms) every value is above SATURATED, in the note and here.
    smallest = float(result.hidden[1:].min())
    found.append(Check("total_hidden_states[1:].min()", f"{printed.NUMPY_LOOP_SMALLEST_PRINTED:.8f}",
                       f"{smallest:.8f}", smallest > SATURATED))
    for variant, (outputs, status) in runs.items():
        note_output, note_status = printed.NUMPY_NOTE_TORCH_SHAPES[variant]
        found.append(shape_check(f"outputs.shape  # {variant}", note_output, outputs))
        found.append(shape_check(f"_status.shape  # {variant}", note_status, status))
    return found
