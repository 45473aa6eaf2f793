"""What a trained layer's units do: correlation with a named quantity, connectivity, gate saturation.

    unit_correlations(hidden (seq_len, H), tracked (seq_len,)) -> (H,)   Pearson r of each unit with the quantity
    connectivity(module, head, x) -> (seq_len_out, seq_len_in)           ||d head(output_t) / d x_s||, autograd
    gate_saturation(gates) -> per gate, the share of values in each saturated tail
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn

# Sigmoid gates saturate towards 0 and 1; tanh ones (the LSTM's g, the GRU's n) towards -1 and 1.
TANH_GATES = ("g", "n")
SATURATION = 0.1  # a value within this of a gate's bound counts as saturated


def unit_correlations(hidden: Tensor, tracked: Tensor) -> Tensor:
    """Pearson r of every unit's value with `tracked` over the steps: hidden (seq_len, H), tracked (seq_len,) ->
    (H,). A unit (or a quantity) that never changes has no correlation: 0."""
    hidden = hidden.to(torch.float64)
    tracked = tracked.to(torch.float64)
    if hidden.dim() != 2 or tracked.shape != hidden.shape[:1]:
        raise ValueError(f"hidden must be (seq_len, H) and tracked (seq_len,), not {tuple(hidden.shape)} and "
                         f"{tuple(tracked.shape)}")
    centred_h = hidden - hidden.mean(0)
    centred_t = tracked - tracked.mean()
    spread = centred_h.norm(dim=0) * centred_t.norm()
    covariance = centred_t @ centred_h
    return torch.where(spread > 0, covariance / torch.where(spread > 0, spread, 1.0), 0.0)


def _time_first_batch_one(module: nn.Module, x: Tensor) -> Tensor:
    """x as (seq_len, features) from an unbatched or a batch-1 input in the module's layout."""
    if x.dim() == 2:
        return x
    if x.dim() == 3 and x.shape[0 if module.batch_first else 1] == 1:
        return x[0] if module.batch_first else x[:, 0]
    raise ValueError(f"connectivity takes one sequence (unbatched or batch 1), not shape {tuple(x.shape)}")


def connectivity(module: nn.Module, head: nn.Module, x: Tensor) -> Tensor:
    """(seq_len_out, seq_len_in): entry [t, s] = ||d head(output_t) / d x_s|| (Frobenius norm of the Jacobian
    block), how strongly the prediction at step t depends on the input at step s. For one sequence, unbatched or
    batch 1, in the module's layout.

    One forward and one backward pass: the sequence is copied once per (t, k) output, the copies run as one batch
    (they cannot interact), and copy (t, k) is differentiated for output k at step t only.
    """
    sequence = _time_first_batch_one(module, x).detach()
    seq_len, features = sequence.shape
    outputs = head.out_features
    copies = seq_len * outputs
    leaf = sequence.unsqueeze(1).expand(seq_len, copies, features).clone().requires_grad_(True)
    with torch.enable_grad():
        output, _ = module(leaf.transpose(0, 1) if module.batch_first else leaf)
        if module.batch_first:
            output = output.transpose(0, 1)
        predictions = head(output)  # (seq_len, copies, outputs)
        step = torch.arange(seq_len).repeat_interleave(outputs)
        which = torch.arange(outputs).repeat(seq_len)
        (gradient,) = torch.autograd.grad(predictions[step, torch.arange(copies), which].sum(), leaf)
    # gradient (s, copy, feature) with copy = t * outputs + k
    blocks = gradient.reshape(seq_len, seq_len, outputs, features)
    return blocks.pow(2).sum(dim=(2, 3)).sqrt().T.detach()


@dataclass(frozen=True)
class Saturation:
    """The share of one gate's values (every unit at every step) in its low and its high saturated tail."""

    gate: str
    low: float
    high: float


def gate_saturation(gates: dict[str, Tensor]) -> list[Saturation]:
    """Per gate (name -> any shape of values), the share below its bound + SATURATION at the low end and above
    1 - SATURATION at the high end: sigmoid gates [0, 1], tanh gates [-1, 1]."""
    found = []
    for name, values in gates.items():
        low_bound = -1.0 if name in TANH_GATES else 0.0
        found.append(Saturation(name, float((values < low_bound + SATURATION).float().mean()),
                                float((values > 1.0 - SATURATION).float().mean())))
    return found
