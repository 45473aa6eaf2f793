"""The figures the five lecture notes printed, as data (facts to compare against; no text of the notes).

Shapes are the notes' printed `torch.Size` values; where a note only wrote a shape in a comment, it is marked so.
"""

from __future__ import annotations

import torch

# Note 2, "hello": print(outputs) of nn.RNN(4, 2) after torch.manual_seed(0), four decimals as printed.
HELLO_OUTPUT = torch.tensor([
    [[-0.7497, -0.6135], [-0.5282, -0.2473], [-0.9136, -0.4269], [-0.9136, -0.4269], [-0.9028, 0.1180]],
    [[-0.5753, -0.0070], [-0.9052, 0.2597], [-0.9173, -0.1989], [-0.9173, -0.1989], [-0.8996, -0.2725]],
    [[-0.9077, -0.3205], [-0.8944, -0.2902], [-0.5134, -0.0288], [-0.5134, -0.0288], [-0.9127, -0.2222]],
])
HELLO_OUTPUT_SIZE = (3, 5, 2)

# Note 3, numpy loop: np.shape of Wx, Wh, b and of the stacked hidden states; the smallest value it printed.
NUMPY_LOOP_SHAPES = {"Wx": (8, 4), "Wh": (8, 8), "b": (8,), "total_hidden_states": (10, 8)}
NUMPY_LOOP_SMALLEST_PRINTED = 0.99895068
# Note 3, nn.RNN(5, 8, batch_first=True) on (1, 10, 5): (outputs.shape, _status.shape) per variant.
NUMPY_NOTE_TORCH_SHAPES = {
    "one layer": ((1, 10, 8), (1, 1, 8)),
    "num_layers=2": ((1, 10, 8), (2, 1, 8)),
    "num_layers=2, bidirectional": ((1, 10, 16), (4, 1, 8)),
}

# Note 4, sine: shapes printed for input_size 1 (hidden 10) and input_size 3 (hidden 15), two layers.
SINE_SHAPES = {
    1: {"time_steps": (20,), "data": (20, 1), "input_data": (1, 20, 1), "output": (1, 20, 10),
        "hidden_state": (2, 1, 10)},
    3: {"time_steps": (60,), "data": (20, 3), "input_data": (1, 20, 3), "output": (1, 20, 15),
        "hidden_state": (2, 1, 15)},
}

# Note 5, MNIST: LSTM(28, 256, 2 layers, batch_first) + Linear(256, 10); the checked total.
DIGITS_NOTE_TOTAL_PARAMETERS = 821_770

# Note 1, shapes (written in its comments, printed by its f-strings): input (100, 30, 4) -> hidden 200 for
# nn.RNN, (100, 30, 6) -> 200 for nn.LSTM; (num_layers, bidirectional) -> shapes.
SHAPES_NOTE_RNN = {
    (1, False): {"output": (100, 30, 200), "h_n": (1, 30, 200)},
    (1, True): {"output": (100, 30, 400), "h_n": (2, 30, 200)},
    (3, False): {"output": (100, 30, 200), "h_n": (3, 30, 200)},
    (3, True): {"output": (100, 30, 400), "h_n": (6, 30, 200)},
}
SHAPES_NOTE_LSTM = {
    (1, False): {"output": (100, 30, 200), "h_n": (1, 30, 200), "c_n": (1, 30, 200)},
    (1, True): {"output": (100, 30, 400), "h_n": (2, 30, 200), "c_n": (2, 30, 200)},
}
