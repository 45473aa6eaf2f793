"""A task that needs long memory: read a sequence and, at its last step, output the value its first step carried.

Step 0 carries the value in feature 0 and a marker (1) in feature 1; every later step is noise in the other
features and 0 in the marker. The target's variance is 1, so a loss near 1 means the cell learned nothing
(predicting 0), and a loss near 0 that it carried the first input across every step.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
from torch import nn

TASK_LENGTH = 30
TRAIN_STEPS = 300
LEARNING_RATE = 1e-2
BATCH = 32


def memory_batch(seq_len: int, batch: int, input_size: int, generator: torch.Generator) -> tuple[torch.Tensor,
                                                                                                 torch.Tensor]:
    """x (seq_len, batch, input_size) and y (batch,): the value at step 0, feature 0. input_size >= 2."""
    if input_size < 2:
        raise ValueError("the memory task needs input_size >= 2 (a value and a marker)")
    x = torch.randn(seq_len, batch, input_size, generator=generator)
    x[:, :, 1] = 0.0
    x[0, :, 1] = 1.0
    return x, x[0, :, 0].clone()


def train_to_remember(module: nn.Module, steps: int = TRAIN_STEPS, seq_len: int = TASK_LENGTH, seed: int = 0,
                      on_step=None) -> tuple[nn.Module, float]:
    """Train a copy of `module` with a linear head on its last output (Adam, MSE, gradients clipped at 1).

    Returns the trained copy (in eval mode) and the mean loss of the last 20 steps. `on_step(step)` is called
    after each step (for a progress bar)."""
    trained = copy.deepcopy(module).train()
    torch.manual_seed(seed)
    head = nn.Linear(trained.hidden_size, 1)
    parameters = list(trained.parameters()) + list(head.parameters())
    optimiser = torch.optim.Adam(parameters, lr=LEARNING_RATE)
    generator = torch.Generator().manual_seed(seed)
    losses = []
    for step in range(steps):
        x, y = memory_batch(seq_len, BATCH, trained.input_size, generator)
        output, _ = trained(x)
        loss = ((head(output[-1]).squeeze(-1) - y) ** 2).mean()
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(parameters, 1.0)
        optimiser.step()
        losses.append(loss.item())
        if on_step:
            on_step(step)
    return trained.eval(), float(np.mean(losses[-20:]))
