"""A character language model around any recurrent layer: embedding -> nn.RNN / nn.LSTM / nn.GRU -> linear head."""

from __future__ import annotations

import dataclasses

import torch
from torch import nn

from rnnviz.seeding import seeded
from rnnviz.spec import LayerSpec

EMBEDDING = 64


class CharModel(nn.Module):
    """x (batch, seq_len) character ids -> logits (batch, seq_len, vocabulary), and the layer's final state.

    The recurrent layer is `spec.build()` with input_size = EMBEDDING and batch_first=True, so it is the very
    module the rest of the app traces; `spec` must be unidirectional (a language model may not read ahead)."""

    def __init__(self, spec: LayerSpec, vocabulary_size: int, seed: int = 0):
        super().__init__()
        if spec.bidirectional:
            raise ValueError("a language model reads left to right: bidirectional must be False")
        self.spec = dataclasses.replace(spec, input_size=EMBEDDING, batch_first=True)
        with seeded(seed):
            self.embedding = nn.Embedding(vocabulary_size, EMBEDDING)
            self.rnn = self.spec.build(seed)
            self.head = nn.Linear(self.spec.output_size, vocabulary_size)

    def forward(self, x: torch.Tensor, state=None):
        output, state = self.rnn(self.embedding(x), state)  # output (batch, seq_len, H_out)
        return self.head(output), state


def detach(state):
    """A recurrent state (h or (h, c)) cut from the graph, to carry it into the next chunk."""
    if state is None:
        return None
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
