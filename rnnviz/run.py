"""Run a built layer on a random input and report what torch returned."""

from __future__ import annotations

import torch

from rnnviz.spec import LayerSpec


def random_input(spec: LayerSpec, seq_len: int, batch: int, seed: int = 0) -> torch.Tensor:
    """A standard-normal batched input in the layer's layout: `(seq_len, batch, input_size)`, or
    `(batch, seq_len, input_size)` when `batch_first`. Drawn from its own generator, so it does not depend on
    (or disturb) the global random state."""
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(spec.shapes(seq_len, batch)["input"], generator=generator)


def measured_shapes(spec: LayerSpec, seq_len: int, batch: int, seed: int = 0) -> dict[str, tuple[int, ...]]:
    """Build the layer, run it on `random_input` and return the shapes torch actually returned.

    Keys "input", "output", "h_n" and, for LSTM, "c_n": the same keys as `LayerSpec.shapes`.
    """
    return returned_shapes(spec.build(seed), random_input(spec, seq_len, batch, seed))


@torch.no_grad()
def returned_shapes(module: torch.nn.Module, x: torch.Tensor) -> dict[str, tuple[int, ...]]:
    """Run `module` on `x` and return the shapes of "input", "output", "h_n" and, for LSTM, "c_n"."""
    output, state = module(x)
    shapes = {"input": tuple(x.shape), "output": tuple(output.shape)}
    if isinstance(state, tuple):
        shapes["h_n"], shapes["c_n"] = tuple(state[0].shape), tuple(state[1].shape)
    else:
        shapes["h_n"] = tuple(state.shape)
    return shapes
