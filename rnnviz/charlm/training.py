"""Training a CharModel on a corpus, and its validation loss in nats per character."""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass, field
from typing import Callable

import torch
from torch import nn

from rnnviz.charlm.corpus import Corpus
from rnnviz.charlm.model import CharModel, detach
from rnnviz.seeding import GlobalDraws, draws_in_forward
from rnnviz.spec import LayerSpec
from rnnviz.threads import CHARLM_THREADS, use_threads

BATCH, SEQ_LEN, LR = 64, 100, 3e-3
DEFAULT_SPEC = LayerSpec("LSTM", 64, 256)
# Live training on the page reads consecutive windows (`streams`): the page reads long passages with the state
# carried, as this trains the model to; over 30 + 30 s it also reached 1.754 / 1.626 nats against 1.788 / 1.640
# for random windows.
LIVE_STATEFUL = True
VALIDATION_STREAMS = 32


@dataclass
class TrainedModel:
    """A CharModel, the corpus it learnt, and how: loss per step, steps, seconds, validation nats per char."""

    model: CharModel
    corpus: Corpus
    history: list[float] = field(default_factory=list)
    steps: int = 0
    seconds: float = 0.0
    validation: float | None = None


def batches(ids: torch.Tensor, batch: int, seq_len: int, generator: torch.Generator):
    """Endless random windows of the training ids: (x, y, fresh), each (batch, seq_len), y = x shifted by one;
    fresh is always True (no window continues another, so every one starts from zeros)."""
    while True:
        starts = torch.randint(0, len(ids) - seq_len - 1, (batch,), generator=generator)
        window = torch.stack([ids[start:start + seq_len + 1] for start in starts.tolist()])
        yield window[:, :-1], window[:, 1:], True


def streams(ids: torch.Tensor, batch: int, seq_len: int, generator: torch.Generator):
    """Endless consecutive windows, as char-rnn trains: the training ids cut into `batch` streams read side by
    side, seq_len characters at a time, so a window continues the one before it in the same row. Yields (x, y,
    fresh), each (batch, seq_len); `fresh` marks a pass's first window, where the carried state starts anew. Each
    pass starts at a random offset, so windows do not always break at the same characters."""
    while True:
        offset = int(torch.randint(0, seq_len, (1,), generator=generator))
        length = (len(ids) - offset - 1) // batch
        x = ids[offset:offset + batch * length].view(batch, length)
        y = ids[offset + 1:offset + 1 + batch * length].view(batch, length)
        for start in range(0, length - seq_len + 1, seq_len):
            yield x[:, start:start + seq_len], y[:, start:start + seq_len], start == 0


def train(corpus: Corpus, spec: LayerSpec = DEFAULT_SPEC, *, seconds: float | None = None, steps: int | None = None,
          seed: int = 0, batch: int = BATCH, seq_len: int = SEQ_LEN, lr: float = LR,
          on_step: Callable[[int, float, float], None] | None = None, model: CharModel | None = None,
          decay: bool = False, stateful: bool = False) -> TrainedModel:
    """Adam on windows of the training text until `seconds` have passed or `steps` are done (whichever
    comes first; at least one must be given). `on_step(step, loss, elapsed seconds)` after every step. Runs on
    CHARLM_THREADS; continues `model` if given. With `decay`, the learning rate follows a cosine from `lr` down
    to lr / 10 over the run (by time when `seconds` is given, else by steps). With `stateful`, the windows are
    consecutive (`streams`) and each starts from the state the previous one left (detached), as the model reads
    at validation and on the page; else each is a random window starting from zeros."""
    if seconds is None and steps is None:
        raise ValueError("give seconds, steps or both")
    use_threads(CHARLM_THREADS)
    model = model or CharModel(spec, len(corpus.vocabulary), seed)
    model.train()
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    result = TrainedModel(model, corpus)
    start = time.perf_counter()
    windows = (streams if stateful else batches)(corpus.train_ids, batch, seq_len, generator)
    state = None
    # Dropout between layers draws from torch's global generator: a stream of its own keeps the run exact.
    draws = GlobalDraws(seed) if draws_in_forward(model) else contextlib.nullcontext()
    for x, y, fresh in windows:
        if decay:
            done = result.seconds / seconds if seconds is not None else result.steps / steps
            for group in optimiser.param_groups:
                group["lr"] = lr * (0.1 + 0.45 * (1 + math.cos(math.pi * min(done, 1.0))))
        with draws:
            logits, state = model(x, None if fresh else detach(state))
        loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimiser.step()
        result.history.append(loss.item())
        result.steps += 1
        result.seconds = time.perf_counter() - start
        if on_step:
            on_step(result.steps, result.history[-1], result.seconds)
        if (steps is not None and result.steps >= steps) or (seconds is not None and result.seconds >= seconds):
            break
    model.eval()
    return result


@torch.no_grad()
def validation_loss(model: CharModel, corpus: Corpus, max_chars: int | None = None) -> float:
    """Nats per character on the validation text (its first `max_chars` if given): the text is cut into
    VALIDATION_STREAMS consecutive streams read side by side, each carrying its state from chunk to chunk, so
    every character after a stream's first is predicted with all the context before it."""
    model.eval()
    ids = corpus.validation_ids[:max_chars] if max_chars else corpus.validation_ids
    streams = min(VALIDATION_STREAMS, max(1, (len(ids) - 1) // SEQ_LEN))
    length = (len(ids) - 1) // streams
    x_all = ids[:streams * length].view(streams, length)
    y_all = ids[1:streams * length + 1].view(streams, length)
    total, state = 0.0, None
    for start in range(0, length, SEQ_LEN):
        logits, state = model(x_all[:, start:start + SEQ_LEN], state)
        state = detach(state)
        y = y_all[:, start:start + SEQ_LEN]
        total += nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1),
                                             reduction="sum").item()
    return total / y_all.numel()


def bits_per_char(nats: float) -> float:
    """Nats per character in bits per character."""
    return nats / math.log(2)
