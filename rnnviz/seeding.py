"""Seeded work that gives the same bits however many sessions run at once.

torch has one global random generator per process, and Streamlit runs every session's script in its own thread:
`torch.manual_seed(0)` in one session followed by a draw can be overtaken by another session's seed or draw in
between (measured: two threads building seeds 0 and 1 for 3 s got the other seed's weights in 705 of 3,468
builds). Two rules keep seeded work exact:

- Inputs, shuffles and batches draw from their own `torch.Generator` (`generator(seed)`): nothing shared.
- What can only draw from the global generator (a module's constructor, torch's own `reset_parameters`; dropout
  inside a fused RNN kernel; the lecture notes' code, which calls `torch.manual_seed` as the notes do) runs
  inside `seeded(seed)` or `GlobalDraws`, which hold one process-wide lock around the seeding and the draws and
  put the caller's global state back afterwards. Only code inside the lock touches the global generator, so a
  build under `seeded(seed)` gets exactly the numbers `torch.manual_seed(seed)` would give in a lone process.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

import torch

# Re-entrant: a model built under seeded() may build its recurrent layer with LayerSpec.build, which seeds too.
_GLOBAL_RNG = threading.RLock()


def generator(seed: int) -> torch.Generator:
    """A CPU generator of its own, seeded: the same stream `torch.manual_seed(seed)` starts the global one on."""
    return torch.Generator().manual_seed(seed)


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run the block as if it were alone in the process right after `torch.manual_seed(seed)`; the global
    generator's state from before is restored afterwards."""
    with _GLOBAL_RNG, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


class GlobalDraws:
    """A private stream of the global generator, for draws that cannot take a generator (dropout in training).

    `with draws:` holds the process-wide lock, swaps this stream's state in, and on exit saves it and puts the
    caller's state back; consecutive blocks continue one stream as a lone process would."""

    def __init__(self, seed: int) -> None:
        with seeded(seed):
            self._state = torch.get_rng_state()
        self._outer: torch.Tensor | None = None

    def __enter__(self) -> GlobalDraws:
        _GLOBAL_RNG.acquire()
        self._outer = torch.get_rng_state()
        torch.set_rng_state(self._state)
        return self

    def __exit__(self, *exc) -> None:
        self._state = torch.get_rng_state()
        torch.set_rng_state(self._outer)
        _GLOBAL_RNG.release()


def draws_in_forward(module: torch.nn.Module) -> bool:
    """Whether a forward pass of `module` in training mode draws random numbers (dropout anywhere in it)."""
    for part in module.modules():
        if isinstance(part, torch.nn.modules.dropout._DropoutNd) and part.p > 0:
            return True
        if isinstance(part, torch.nn.RNNBase) and part.dropout > 0 and part.num_layers > 1:
            return True
    return False
