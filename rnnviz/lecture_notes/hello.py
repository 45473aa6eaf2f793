"""Note 2: three five-letter words, one-hot over h, e, l, o, into nn.RNN(4, 2) after torch.manual_seed(0).

The note calls the (3, 5, 4) batch (batch, seq, dim), but the layer is built without batch_first, so torch reads
it as seq_len = 3, batch = 5: position k of the three words forms sequence k. Its printout shows it: in every
block, rows 2 and 3 are equal, because sequences 2 and 3 receive the same letters (l l e), which two time steps of
one word could not do with a hidden state carried between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from rnnviz.lecture_notes import printed
from rnnviz.lecture_notes.checks import Check, shape_check, value_check
from rnnviz.seeding import seeded

WORDS = ("hello", "eolll", "lleel")
NOTE_ORDER = "helo"  # the note's one-hot order; the app's word input sorts letters (e, h, l, o)
ORDERS = (NOTE_ORDER, "ehlo")


def hello_example(vocabulary: str = NOTE_ORDER, batch_first: bool = False):
    """The note's run: x (3, 5, 4) one-hot in `vocabulary` order -> nn.RNN(4, 2) -> (output, h_n).

    Without batch_first: output (3, 5, 2) = (seq_len, batch, hidden), h_n (1, 5, 2).
    With batch_first=True: output (3, 5, 2) = (batch, seq_len, hidden), h_n (1, 3, 2)."""
    torch.manual_seed(0)
    one_hot = dict(zip(vocabulary, torch.eye(len(vocabulary))))
    x = torch.stack([torch.stack([one_hot[letter] for letter in word]) for word in WORDS])  # (3, 5, 4)
    rnn = nn.RNN(input_size=4, hidden_size=2, batch_first=batch_first)
    output, h_n = rnn(x)
    return x, output, h_n


@dataclass(frozen=True)
class HelloRun:
    """One run of `hello_example`: x (3, 5, 4), output (3, 5, 2), h_n (1, batch, 2)."""

    vocabulary: str
    batch_first: bool
    x: torch.Tensor
    output: torch.Tensor
    h_n: torch.Tensor
    printout: str  # print(output) then print(output.size()), exactly as torch printed them (grad_fn included)

    @property
    def equal_rows(self) -> list[tuple[int, int]]:
        """Pairs (i, j) of positions along dim 1 whose output rows are equal in every block of dim 0."""
        rows = self.output.shape[1]
        return [(i, j) for i in range(rows) for j in range(i + 1, rows)
                if torch.equal(self.output[:, i], self.output[:, j])]


def run(vocabulary: str = NOTE_ORDER, batch_first: bool = False) -> HelloRun:
    """Run the note's example (or a variant: another one-hot order, batch_first=True) with torch."""
    if sorted(vocabulary) != sorted(NOTE_ORDER):
        raise ValueError(f"vocabulary must order the letters {NOTE_ORDER!r}, not {vocabulary!r}")
    with seeded(0):  # the note's own torch.manual_seed(0), alone in the process while it draws
        x, output, h_n = hello_example(vocabulary, batch_first)
    return HelloRun(vocabulary, batch_first, x, output.detach(), h_n.detach(), f"{output}\n{output.size()}")


def checks(result: HelloRun) -> list[Check]:
    """The note's printed output and size against this run (they match for the note's own settings only)."""
    return [value_check("print(outputs)", printed.HELLO_OUTPUT, result.output),
            shape_check("outputs.size()", printed.HELLO_OUTPUT_SIZE, result.output)]
