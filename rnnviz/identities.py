"""The identities that say which part of `output` and which row of `h_n` / `c_n` is which, measured live.

Each identity is checked on the built module and a real input: its left and right sides are computed by torch
and the largest absolute difference is reported (0 or float32 round-off when it holds).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from rnnviz.run import random_input, returned_shapes
from rnnviz.spec import LayerSpec
from rnnviz.tracing import trace


@dataclass(frozen=True)
class Identity:
    """`code` is the identity as a student would type it (with this layer's sizes filled in); `meaning` names the
    i18n key that explains it; `difference` is the measured max |left - right|."""

    code: str
    meaning: str
    difference: float

    @property
    def holds(self) -> bool:
        return self.difference <= 1e-5


def _max_difference(left: torch.Tensor, right: torch.Tensor) -> float:
    if left.shape != right.shape:
        raise AssertionError(f"shapes differ: {tuple(left.shape)} vs {tuple(right.shape)}")
    return float((left - right).abs().max())


@torch.no_grad()
def identities(spec: LayerSpec, seq_len: int, batch: int, seed: int = 0) -> list[Identity]:
    """Build `spec`, run it on a seeded random batched input, and measure every identity that relates `output`,
    `h_n` and `c_n` for this layer (the batch_first versions when `spec.batch_first`)."""
    module = spec.build(seed)
    x = random_input(spec, seq_len, batch, seed)
    output, state = module(x)
    h_n, c_n = state if spec.cell == "LSTM" else (state, None)
    H = spec.output_size
    D, L = spec.num_directions, spec.num_layers
    # Time is dimension 0, or 1 when batch_first; written out as the student would index it.
    first, last = ("[:, 0", "[:, -1") if spec.batch_first else ("[0", "[-1")
    at_time = (lambda t: output[:, t]) if spec.batch_first else (lambda t: output[t])
    found = []
    if D == 1:
        found.append(Identity(f"output{last}] == h_n[-1]", "identity.last_step_is_h_n",
                              _max_difference(at_time(-1), h_n[-1])))
    else:
        found.append(Identity(f"output{last}, :, :{H}] == h_n[-2]" if not spec.batch_first else
                              f"output{last}, :{H}] == h_n[-2]", "identity.forward_half",
                              _max_difference(at_time(-1)[:, :H], h_n[-2])))
        found.append(Identity(f"output{first}, :, {H}:] == h_n[-1]" if not spec.batch_first else
                              f"output{first}, {H}:] == h_n[-1]", "identity.backward_half",
                              _max_difference(at_time(0)[:, H:], h_n[-1])))
    # Each layer's own final state, from the step-by-step trace: forward ends at the last step, backward at t = 0.
    recorded = trace(module, x)
    finals = {(k, d): recorded.hidden(k, d)[-1] if d == 0 else recorded.hidden(k, d)[0]
              for k in range(L) for d in range(D)}
    by_layer = h_n.view(L, D, batch, H)
    found.append(Identity(f"h_n.view({L}, {D}, {batch}, {H})[k, d] == trace.hidden(k, d)[-1 if d == 0 else 0]",
                          "identity.view_rows", max(_max_difference(by_layer[k, d], final)
                                                    for (k, d), final in finals.items())))
    found.append(Identity(f"h_n[{D}*k + d] == trace.hidden(k, d)[-1 if d == 0 else 0]", "identity.rows_are_layers",
                          max(_max_difference(h_n[D * k + d], final) for (k, d), final in finals.items())))
    if c_n is not None:
        cells = [(recorded.cell(k, d)[-1] if d == 0 else recorded.cell(k, d)[0], c_n[D * k + d])
                 for k in range(L) for d in range(D)]
        found.append(Identity(f"c_n[{D}*k + d] == trace.cell(k, d)[-1 if d == 0 else 0]", "identity.c_n_rows",
                              max(_max_difference(a, b) for a, b in cells)))
    return found


def unbatched_shapes(spec: LayerSpec, seq_len: int, seed: int = 0) -> dict[str, tuple[int, ...]]:
    """Shapes torch returns for an unbatched input `(seq_len, input_size)`: output `(seq_len, D*H_out)`,
    h_n `(D*num_layers, H_out)`, c_n `(D*num_layers, hidden_size)`; batch_first does not apply."""
    x = torch.randn(seq_len, spec.input_size, generator=torch.Generator().manual_seed(seed))
    return returned_shapes(spec.build(seed), x)
