"""The three recurrent cells and their gates: the one table every module reads.

Gate names and order are torch's: the rows of `weight_ih` / `weight_hh` stack the gates in this order
(`nn.LSTM`: i, f, g, o; `nn.GRU`: r, z, n). A plain RNN has no gates and one block of rows.
"""

from __future__ import annotations

CELLS = ("RNN", "LSTM", "GRU")
NONLINEARITIES = ("tanh", "relu")
GATES: dict[str, tuple[str, ...]] = {"RNN": (), "LSTM": ("i", "f", "g", "o"), "GRU": ("r", "z", "n")}
ALL_GATES = tuple(gate for cell in CELLS for gate in GATES[cell])


def weight_blocks(cell: str) -> int:
    """How many gate blocks are stacked in each weight matrix: RNN 1, LSTM 4, GRU 3."""
    return len(GATES[cell]) or 1
