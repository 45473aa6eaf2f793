"""What a character model does while it reads: every unit's state at every character, its guesses for the next
character, the units that track a feature, LSTMVis's select-and-match, and sampling."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
import torch
from torch import Tensor

from rnnviz.analysis import unit_correlations
from rnnviz.charlm.corpus import Corpus
from rnnviz.charlm.model import CharModel, detach
from rnnviz.tracing import trace

CHUNK = 1000


@dataclass(frozen=True)
class Reading:
    """The model's reading of `text` (after a warm-up context): hidden (T, H_out) and, for an LSTM, cell (T, H)
    states of its top layer after each character, and probabilities (T, V) of the character that follows."""

    text: str
    hidden: Tensor
    cell: Tensor | None
    probabilities: Tensor

    def state(self, kind: str) -> Tensor:
        """"cell" (LSTM) or "hidden": (T, H)."""
        if kind == "cell":
            if self.cell is None:
                raise ValueError("only an LSTM has a cell state")
            return self.cell
        return self.hidden


@torch.no_grad()
def read(model: CharModel, corpus: Corpus, text: str, context: str = "") -> Reading:
    """Trace the model over context + text with rnnviz.trace (so the LSTM's cell states come out too); the
    context only warms the state up. T = len(text)."""
    ids = corpus.encode(context + text)[None]  # (1, len(context) + T)
    traced = trace(model.rnn, model.embedding(ids))
    top = model.spec.num_layers - 1
    keep = slice(len(context), None)
    hidden = traced.hidden(top)[keep, 0]  # (T, H_out)
    cell = traced.cell(top)[keep, 0] if model.spec.cell == "LSTM" else None
    probabilities = torch.softmax(model.head(traced.output[0, keep]), dim=-1)  # (T, V)
    return Reading(text, hidden, cell, probabilities)


def top_guesses(reading: Reading, corpus: Corpus, k: int = 5) -> list[list[tuple[str, float]]]:
    """For each character, the k likeliest next characters with their probabilities, likeliest first."""
    values, indices = reading.probabilities.topk(k, dim=-1)
    return [[(corpus.vocabulary[int(i)], float(v)) for v, i in zip(row_v, row_i)]
            for row_v, row_i in zip(values, indices)]


@torch.no_grad()
def hidden_states(model: CharModel, corpus: Corpus, text: str) -> Tensor:
    """The top layer's hidden state after every character of a long text, (T, H_out), by the fused module in
    chunks that carry the state (rnnviz.trace would be exact too, but a step loop is slow over 100,000 chars)."""
    ids, state, chunks = corpus.encode(text)[None], None, []
    for start in range(0, ids.shape[1], CHUNK):
        output, state = model.rnn(model.embedding(ids[:, start:start + CHUNK]), state)
        state = detach(state)
        chunks.append(output[0])
    return torch.cat(chunks)


def rank_units(states: Tensor, features: dict[str, np.ndarray]) -> dict[str, Tensor]:
    """Feature -> every unit's Pearson r with it over the characters, states (T, H) and each feature (T,)."""
    return {name: unit_correlations(states, torch.as_tensor(values)) for name, values in features.items()}


@dataclass(frozen=True)
class Matches:
    """Select-and-match: the units on throughout the selection and off just around it, and where else in the text
    they are all on together (start, end) runs, the selection's own left out."""

    units: list[int]
    runs: list[tuple[int, int]]


def select_and_match(states: Tensor, start: int, end: int, threshold: float, limit: int = 20) -> Matches:
    """LSTMVis's query on states (T, H) for the selection [start, end): a unit is selected when its value is >=
    threshold at every selected character and below it at the characters just before and after. The runs are
    the stretches where every selected unit is on, longest first (at most `limit`)."""
    on = (states >= threshold).numpy()
    if not 0 <= start < end <= len(on):
        raise ValueError(f"the selection must lie inside the text: 0 <= start < end <= {len(on)}")
    inside = on[start:end].all(0)
    before = on[start - 1] if start > 0 else np.zeros(on.shape[1], dtype=bool)
    after = on[end] if end < len(on) else np.zeros(on.shape[1], dtype=bool)
    units = np.flatnonzero(inside & ~before & ~after).tolist()
    if not units:
        return Matches([], [])
    together = np.concatenate([[False], on[:, units].all(1), [False]])
    edges = np.flatnonzero(np.diff(together.astype(np.int8)))
    runs = [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2]) if not (a <= start and b >= end)]
    runs.sort(key=lambda run: (-(run[1] - run[0]), run[0]))
    return Matches(units, runs[:limit])


@dataclass(frozen=True)
class SampledCharacter:
    """One drawn character and the model's top-layer state right after reading it: hidden (H_out,) and, for an
    LSTM, cell (H,); probabilities (V,) of the character after it, before the temperature."""

    character: str
    hidden: Tensor
    cell: Tensor | None
    probabilities: Tensor


def _top_layer(state) -> tuple[Tensor, Tensor | None]:
    """(hidden (H_out,), cell (H,) or None) of the last layer, from torch's (num_layers, 1, ·) final state."""
    if isinstance(state, tuple):
        return state[0][-1, 0], state[1][-1, 0]
    return state[-1, 0], None


@torch.no_grad()
def sample_steps(model: CharModel, corpus: Corpus, length: int, temperature: float = 1.0, seed: int = 0,
                 prime: str = "\n") -> Iterator[SampledCharacter]:
    """Draw `length` characters one at a time after `prime`, probabilities sharpened (temperature < 1) or
    flattened (> 1), reproducible for a seed; yield each with the state it leaves, so a page can colour the
    sample while it grows."""
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, not {temperature!r}")
    generator = torch.Generator().manual_seed(seed)
    logits, state = model(corpus.encode(prime)[None])
    for _ in range(length):
        index = torch.multinomial(torch.softmax(logits[0, -1] / temperature, dim=-1), 1, generator=generator)
        logits, state = model(index.view(1, 1), state)
        hidden, cell = _top_layer(state)
        yield SampledCharacter(corpus.vocabulary[int(index)], hidden.clone(), None if cell is None else cell.clone(),
                               torch.softmax(logits[0, -1], dim=-1))


def sample(model: CharModel, corpus: Corpus, length: int, temperature: float = 1.0, seed: int = 0,
           prime: str = "\n") -> str:
    """`length` characters drawn one at a time from the model after `prime` (see `sample_steps`)."""
    return "".join(step.character for step in sample_steps(model, corpus, length, temperature, seed, prime))


def reading_of(steps: list[SampledCharacter]) -> Reading:
    """The sampled characters so far as a Reading: hidden (T, H_out), cell (T, H) or None, probabilities (T, V)."""
    cells = [step.cell for step in steps]
    return Reading("".join(step.character for step in steps), torch.stack([step.hidden for step in steps]),
                   None if cells[0] is None else torch.stack(cells),
                   torch.stack([step.probabilities for step in steps]))
