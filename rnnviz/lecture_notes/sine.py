"""Note 4: nn.RNN(input_size, hidden, 2 layers, batch_first=True) on a sine over [0, pi] cut into 20 steps.

The note's settings are input_size 1 with hidden 10, then input_size 3 with hidden 15: for the second it draws
60 points and lays them out as (20, 3), so each time step carries three consecutive points of the curve. Two lines
of the note do not run as written: `input_data = torch.Tensor(data).unsqueeze(0).shape` stores a shape, not the
tensor, and the print after it names `test_input`, which is never defined. Its `data.resize((20, 1))` changes the
array in place, which numpy refuses while anything else (a notebook's output history, say) refers to it;
`reshape` returns the same layout without that trap.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from rnnviz.lecture_notes import printed
from rnnviz.lecture_notes.checks import Check, shape_check
from rnnviz.seeding import seeded

HIDDEN_FOR_INPUT = {1: 10, 3: 15}  # the note's two runs: input_size -> hidden_dim
SEQ_LENGTH, N_LAYERS = 20, 2


def sine_example(input_size: int = 1, hidden_dim: int = 10, n_layers: int = N_LAYERS, seq_length: int = SEQ_LENGTH):
    """The note's run, corrected: time_steps (seq_length * input_size,), data (seq_length, input_size),
    input_data (1, seq_length, input_size), output (1, seq_length, hidden_dim), hidden_state (n_layers, 1,
    hidden_dim)."""
    torch.manual_seed(0)
    rnn = nn.RNN(input_size, hidden_dim, n_layers, batch_first=True)
    time_steps = np.linspace(0, np.pi, seq_length * input_size)
    data = np.sin(time_steps).reshape(seq_length, input_size)  # the note: data.resize(...) in place
    input_data = torch.tensor(data, dtype=torch.float32).unsqueeze(0)  # the tensor itself, batch dimension first
    output, hidden_state = rnn(input_data)  # the note passes None as h_0: the same zeros
    return {"time_steps": time_steps, "data": data, "input_data": input_data, "output": output.detach(),
            "hidden_state": hidden_state.detach()}


def run(input_size: int = 1) -> dict[str, np.ndarray | torch.Tensor]:
    """`sine_example` with the note's hidden size for `input_size` (1 -> 10, 3 -> 15)."""
    if input_size not in HIDDEN_FOR_INPUT:
        raise ValueError(f"input_size must be one of the note's {sorted(HIDDEN_FOR_INPUT)}, not {input_size!r}")
    with seeded(0):  # the note's own torch.manual_seed(0), alone in the process while it draws
        return sine_example(input_size, HIDDEN_FOR_INPUT[input_size])


def checks(input_size: int, result: dict[str, np.ndarray | torch.Tensor]) -> list[Check]:
    """Every shape the note printed for this input_size, against this run's."""
    return [shape_check(f"{name}.shape", shape, torch.as_tensor(result[name]))
            for name, shape in printed.SINE_SHAPES[input_size].items()]
