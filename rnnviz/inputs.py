"""Example input sequences, each with what a student needs to read it: feature names and a label per step.

Every builder returns time-first values `(seq_len, batch, features)`; `ExampleInput.in_layout` gives the
module's own layout.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

from rnnviz.market import COLUMNS, sample_ohlc

KINDS = ("random", "word", "sine", "prices")
MAX_WORD_LENGTH = 200


@dataclass(frozen=True)
class ExampleInput:
    """A batched example: `values` (seq_len, batch, features), a name per feature, a label per time step."""

    kind: str
    values: Tensor
    feature_names: tuple[str, ...]
    step_labels: tuple[str, ...]

    @property
    def seq_len(self) -> int:
        return self.values.shape[0]

    @property
    def batch(self) -> int:
        return self.values.shape[1]

    @property
    def input_size(self) -> int:
        return self.values.shape[2]

    def in_layout(self, batch_first: bool) -> Tensor:
        """The values as the module takes them: (batch, seq_len, features) when batch_first."""
        return self.values.transpose(0, 1).contiguous() if batch_first else self.values


def random_normal(seq_len: int, batch: int, input_size: int, seed: int = 0) -> ExampleInput:
    """Standard-normal values (seq_len, batch, input_size) from a seeded generator of their own."""
    generator = torch.Generator().manual_seed(seed)
    values = torch.randn(seq_len, batch, input_size, generator=generator)
    return ExampleInput("random", values, tuple(f"x[{k}]" for k in range(input_size)),
                        tuple(f"t={t}" for t in range(seq_len)))


def one_hot_word(word: str) -> ExampleInput:
    """One-hot characters of `word`, (len(word), 1, vocabulary): the vocabulary is the word's distinct characters
    in sorted order, as in the lecture's "hello" (e, h, l, o). Any script works: "안녕하세요" is five steps."""
    if not word:
        raise ValueError("the word is empty: type at least one character")
    if len(word) > MAX_WORD_LENGTH:
        raise ValueError(f"the word has {len(word)} characters; at most {MAX_WORD_LENGTH} are shown")
    vocabulary = sorted(set(word))
    index = {char: k for k, char in enumerate(vocabulary)}
    values = torch.zeros(len(word), 1, len(vocabulary))
    for t, char in enumerate(word):
        values[t, 0, index[char]] = 1.0
    return ExampleInput("word", values, tuple(repr(char) for char in vocabulary),
                        tuple(f"{t}: {char!r}" for t, char in enumerate(word)))


def sine_wave(seq_len: int) -> ExampleInput:
    """sin(x) at seq_len evenly spaced points over [0, pi] (both ends included), (seq_len, 1, 1)."""
    if seq_len < 1:
        raise ValueError("seq_len must be at least 1")
    points = torch.linspace(0, torch.pi, seq_len) if seq_len > 1 else torch.zeros(1)
    return ExampleInput("sine", torch.sin(points).reshape(seq_len, 1, 1), ("sin(x)",),
                        tuple(f"x={float(p):.2f}" for p in points))


def price_window(seq_len: int) -> ExampleInput:
    """The last seq_len trading days of the bundled OHLC sample, (seq_len, 1, 5), each column standardised over
    the window (mean 0, standard deviation 1), since raw prices and volumes are on scales far apart."""
    prices = sample_ohlc()
    if not 1 <= seq_len <= len(prices):
        raise ValueError(f"the price window needs 1 to {len(prices)} days (the sample's length), not {seq_len}")
    window = prices.iloc[-seq_len:]
    spread = window.std(ddof=0).replace(0.0, 1.0)
    standardised = (window - window.mean()) / spread
    values = torch.tensor(standardised.to_numpy(), dtype=torch.float32).unsqueeze(1)
    return ExampleInput("prices", values, COLUMNS, tuple(day.strftime("%Y-%m-%d") for day in window.index))


def example_input(kind: str, word: str, seq_len: int, batch: int, input_size: int, seed: int = 0) -> ExampleInput:
    """The example of `kind` (one of KINDS) the Hidden states page reads: the one-hot `word` (its own seq_len and
    features), a sine wave or a window of prices of `seq_len` steps, or `(seq_len, batch, input_size)` random
    normal values from `seed`. Raises ValueError for an unusable word or window."""
    if kind == "word":
        return one_hot_word(word)
    if kind == "sine":
        return sine_wave(seq_len)
    if kind == "prices":
        return price_window(seq_len)
    return random_normal(seq_len, batch, input_size, seed)
