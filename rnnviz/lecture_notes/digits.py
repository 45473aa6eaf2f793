"""Note 5: the MNIST-row classifier, LSTM(28, 256, 2 layers, batch_first=True) + Linear(256, 10), read row by row.

Written anew with the note's names (xdim, hdim, ydim, n_layer). What its text gets wrong, each shown live on the
page: `rnn_out[:, -1, :]` is the last step's *hidden* state of the top layer (it equals `h_n[-1]`), not the cell
state; `x.size(0)` is the batch with batch_first=True, not the sequence length; the cell state has the output's
size only without proj_size; h_0 and c_0 are (num_layers, N, hidden) whatever batch_first says. Its open question,
`[:, -1, :]` against `[:, -1:]`: (N, 256) against (N, 1, 256), and its `.view([-1, ydim])` after the Linear hides
the difference. MNIST itself is a download; the classifier is trained here on the handwritten digits that ship
with the app (rnnviz/data/digits.csv.gz: 1,797 scans of 8 x 8 pixels, so 8 rows of 8 features).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torchinfo
from torch import nn

from rnnviz import seeding

DIGITS_FILE = Path(__file__).resolve().parents[1] / "data" / "digits.csv.gz"
NOTE_INPUT_SIZES = ((2, 20, 28), (64, 28, 28))  # the note's torchinfo input, and a batch of whole MNIST images
TEST_FRACTION = 0.25
CLASSES = 10


class RecurrentClassifier(nn.Module):
    """LSTM over the rows of an image, then a Linear on the last step's output: x (N, L, xdim) -> (N, ydim)."""

    def __init__(self, xdim: int = 28, hdim: int = 256, ydim: int = CLASSES, n_layer: int = 2):
        super().__init__()
        self.xdim, self.hdim, self.ydim, self.n_layer = xdim, hdim, ydim, n_layer
        self.rnn = nn.LSTM(input_size=xdim, hidden_size=hdim, num_layers=n_layer, batch_first=True)
        self.lin = nn.Linear(hdim, ydim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # x.size(0) is the batch N: batch_first=True puts it first in x, yet h0 and c0 stay (n_layer, N, hdim).
        h0 = torch.zeros(self.n_layer, x.size(0), self.hdim)
        c0 = torch.zeros(self.n_layer, x.size(0), self.hdim)
        rnn_out, (hn, cn) = self.rnn(x, (h0, c0))  # rnn_out (N, L, hdim)
        return self.lin(rnn_out[:, -1, :])  # (N, hdim) -> (N, ydim); the note's .view([-1, ydim]) changes nothing

    def logits_after_each_row(self, x: torch.Tensor) -> torch.Tensor:
        """The Linear applied to every step's output: (N, L, ydim), entry [:, k] = the guess after k + 1 rows."""
        rnn_out, _ = self.rnn(x)
        return self.lin(rnn_out)


def note_model(seed: int = 0) -> RecurrentClassifier:
    """The note's model: RecurrentClassifier(xdim=28, hdim=256, ydim=10, n_layer=2), drawn after manual_seed."""
    with seeding.seeded(seed):
        return RecurrentClassifier(28, 256, CLASSES, 2)


def summary(model: nn.Module, input_size: tuple[int, ...]) -> torchinfo.ModelStatistics:
    """torchinfo's summary of `model` on a zero batch of `input_size`; str() of it is the table the note prints."""
    return torchinfo.summary(model, input_size=input_size, verbose=0, device="cpu")


def last_step_shapes(model: RecurrentClassifier, x: torch.Tensor) -> dict[str, torch.Tensor]:
    """The tensors of the note's open question, for x (N, L, xdim): name -> tensor."""
    with torch.no_grad():
        rnn_out, (h_n, c_n) = model.rnn(x)
        return {
            "rnn_out": rnn_out,  # (N, L, hdim)
            "rnn_out[:, -1, :]": rnn_out[:, -1, :],  # (N, hdim)
            "rnn_out[:, -1:]": rnn_out[:, -1:],  # (N, 1, hdim)
            "lin(rnn_out[:, -1:])": model.lin(rnn_out[:, -1:]),  # (N, 1, ydim)
            "lin(rnn_out[:, -1:]).view([-1, ydim])": model.lin(rnn_out[:, -1:]).view([-1, model.ydim]),  # (N, ydim)
            "h_n": h_n,  # (n_layer, N, hdim)
            "c_n": c_n,  # (n_layer, N, hdim)
        }


def projected_shapes(proj_size: int = 64, seed: int = 0) -> dict[str, tuple[int, ...]]:
    """The note's LSTM with proj_size on (2, 20, 28): output and h_n shrink to proj_size, c_n stays hdim."""
    with seeding.seeded(seed):
        lstm = nn.LSTM(28, 256, 2, batch_first=True, proj_size=proj_size)
    with torch.no_grad():
        output, (h_n, c_n) = lstm(torch.zeros(2, 20, 28))
    return {"output": tuple(output.shape), "h_n": tuple(h_n.shape), "c_n": tuple(c_n.shape)}


# ---- the bundled digits ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Digits:
    """images (n, 8, 8) float in [0, 1] (pixel counts 0..16 divided by 16), labels (n,) int64 in 0..9."""

    images: torch.Tensor
    labels: torch.Tensor


def load_digits() -> Digits:
    """The bundled 1,797 handwritten digits (see rnnviz/data/README.md); each row of the file is 64 pixels, then
    the label."""
    with gzip.open(DIGITS_FILE, "rt") as handle:
        table = np.loadtxt(handle, delimiter=",", dtype=np.float32)
    images = torch.from_numpy(table[:, :64].reshape(-1, 8, 8) / 16.0)
    return Digits(images, torch.from_numpy(table[:, 64].astype(np.int64)))


def split(count: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """A seeded shuffle cut into (train indices, test indices), the last TEST_FRACTION for testing."""
    order = torch.randperm(count, generator=torch.Generator().manual_seed(seed))
    test_count = round(count * TEST_FRACTION)
    return order[test_count:], order[:test_count]


@dataclass
class DigitsRun:
    """A RecurrentClassifier trained on the digits' training split, scored on the test split it never saw."""

    model: RecurrentClassifier
    history: list[float]  # training loss per step
    test_accuracy: float
    accuracy_after_rows: list[float]  # test accuracy of the guess after 1, 2, ..., 8 rows
    baselines: dict[str, float] = field(default_factory=dict)  # name -> test accuracy
    train_count: int = 0
    test_count: int = 0


def _accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    return float((logits.argmax(-1) == labels).float().mean())


def baselines(train_x: torch.Tensor, train_y: torch.Tensor, test_x: torch.Tensor,
              test_y: torch.Tensor) -> dict[str, float]:
    """What a sceptic would try first, on the same split: always the commonest training label, and the nearest
    class mean of the 64 pixels."""
    majority = int(torch.bincount(train_y, minlength=CLASSES).argmax())
    means = torch.stack([train_x[train_y == k].flatten(1).mean(0) for k in range(CLASSES)])  # (10, 64)
    nearest = torch.cdist(test_x.flatten(1), means).argmin(-1)
    return {"majority": float((test_y == majority).float().mean()),
            "nearest_mean": float((nearest == test_y).float().mean())}


def train_digits(hdim: int = 64, n_layer: int = 2, epochs: int = 12, batch_size: int = 64, lr: float = 1e-2,
                 seed: int = 0, on_step: Callable[[int, int, float], None] | None = None) -> DigitsRun:
    """Train RecurrentClassifier(8, hdim, 10, n_layer) on the training split, rows as time steps (N, 8, 8), with
    Adam; `on_step(step, steps, loss)` after each step. Deterministic for a seed."""
    digits = load_digits()
    train_index, test_index = split(len(digits.labels), seed)
    train_x, train_y = digits.images[train_index], digits.labels[train_index]
    test_x, test_y = digits.images[test_index], digits.labels[test_index]
    with seeding.seeded(seed):
        model = RecurrentClassifier(8, hdim, CLASSES, n_layer)
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    batches = -(-len(train_y) // batch_size)
    steps, history = epochs * batches, []
    generator = seeding.generator(seed)
    for _ in range(epochs):
        order = torch.randperm(len(train_y), generator=generator)
        for start in range(0, len(order), batch_size):
            index = order[start:start + batch_size]
            loss = nn.functional.cross_entropy(model(train_x[index]), train_y[index])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            history.append(loss.item())
            if on_step:
                on_step(len(history), steps, history[-1])
    model.eval()
    with torch.no_grad():
        by_row = model.logits_after_each_row(test_x)  # (N, 8, 10)
    after_rows = [_accuracy(by_row[:, k], test_y) for k in range(by_row.shape[1])]
    return DigitsRun(model, history, after_rows[-1], after_rows, baselines(train_x, train_y, test_x, test_y),
                     len(train_y), len(test_y))
