"""Note 1: nn.RNN(4, 200) and nn.LSTM(6, 200) on (100, 30, features), with bidirectional and num_layers 3.

Its shapes are right; two of its labels are not. It calls h_n's first dimension "the last time step": it is
D * num_layers, one row per layer and direction (row 2 * layer + direction), each holding that direction's last
step. And it calls the LSTM's cell state the result of every step: c_n, like h_n, holds only the final step's
state, one row per layer and direction; every step's result is `output`, which holds h only. Its second LSTM
prints "bidirectional=False" in its heading while building a bidirectional layer. The note never passes h_0;
here it is passed explicitly, zeros of h_n's shape, which is what torch uses when it is left out.
"""

from __future__ import annotations

import torch

from rnnviz.lecture_notes import printed
from rnnviz.lecture_notes.checks import Check, shape_check
from rnnviz.presets import PRESETS_BY_KEY, Preset

# The note's experiments, in its order: (preset key, the shapes the note wrote down).
EXPERIMENTS: tuple[tuple[str, dict[str, tuple[int, ...]]], ...] = (
    ("rnn_4_200", printed.SHAPES_NOTE_RNN[(1, False)]),
    ("rnn_4_200_bi", printed.SHAPES_NOTE_RNN[(1, True)]),
    ("rnn_4_200_l3", printed.SHAPES_NOTE_RNN[(3, False)]),
    ("rnn_4_200_l3_bi", printed.SHAPES_NOTE_RNN[(3, True)]),
    ("lstm_6_200", printed.SHAPES_NOTE_LSTM[(1, False)]),
    ("lstm_6_200_bi", printed.SHAPES_NOTE_LSTM[(1, True)]),
)


def shapes_example(preset: Preset, seed: int = 0) -> dict[str, torch.Tensor]:
    """The note's run with h_0 (and c_0) passed explicitly: input (100, 30, features) -> output (100, 30,
    D*200), h_n (D*num_layers, 30, 200), c_n the same for LSTM; h_0 (D*num_layers, 30, 200)."""
    spec = preset.spec
    layer = spec.build(seed)
    input_data = torch.randn(preset.seq_len, preset.batch, spec.input_size,
                             generator=torch.Generator().manual_seed(seed))  # (seq_len, batch, features)
    h_0 = torch.zeros(spec.num_directions * spec.num_layers, preset.batch, spec.hidden_size)
    with torch.no_grad():
        if spec.cell == "LSTM":
            output, (h_n, c_n) = layer(input_data, (h_0, torch.zeros_like(h_0)))
            return {"input_data": input_data, "h_0": h_0, "output": output, "h_n": h_n, "c_n": c_n}
        output, h_n = layer(input_data, h_0)
    return {"input_data": input_data, "h_0": h_0, "output": output, "h_n": h_n}


def run(preset_key: str) -> dict[str, torch.Tensor]:
    """`shapes_example` for one of the note's experiments (a key of EXPERIMENTS)."""
    return shapes_example(PRESETS_BY_KEY[preset_key])


def checks(preset_key: str, result: dict[str, torch.Tensor]) -> list[Check]:
    """The shapes the note wrote for this experiment against this run's."""
    note_shapes = dict(EXPERIMENTS)[preset_key]
    return [shape_check(f"{name}.shape", shape, result[name]) for name, shape in note_shapes.items()]
