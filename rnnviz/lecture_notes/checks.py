"""A figure the app computed against the figure a lecture note printed."""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Check:
    """One comparison: `what` is the code expression both sides evaluate (the same in every language)."""

    what: str
    note: str
    ours: str
    matches: bool


def shape_check(what: str, note_shape: tuple[int, ...], tensor: torch.Tensor) -> Check:
    """Compare `tensor.shape` with the shape the note printed, both written as torch prints them."""
    ours = tuple(tensor.shape)
    return Check(what, f"torch.Size({list(note_shape)})", f"torch.Size({list(ours)})", ours == tuple(note_shape))


def value_check(what: str, note_values: torch.Tensor, tensor: torch.Tensor, decimals: int = 4) -> Check:
    """Compare every value rounded to the `decimals` the note printed; `ours` counts the equal ones ("30/30")."""
    ours = torch.round(tensor.detach().float(), decimals=decimals)
    same_shape = ours.shape == note_values.shape
    differing = int((ours != note_values).sum()) if same_shape else ours.numel()
    return Check(what, f"{note_values.numel()} x {decimals} d.p.", f"{ours.numel() - differing}/{ours.numel()}",
                 same_shape and differing == 0)
