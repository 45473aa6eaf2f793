"""Vanishing-gradient page: one backward pass against one backward per time step, and the page's full compute."""

from __future__ import annotations

import time

import torch

from benchmarks.harness import Row, median_seconds
from rnnviz.gradients import StudySettings, input_gradient_norms, run_study, study_module

SAMPLED_STEPS = 20


def _naive_seconds(module, x, steps: list[int]) -> float:
    """Time per step of the naive method: a forward and a backward for each time step's gradient."""
    module64 = module.double()
    start = time.perf_counter()
    for t in steps:
        leaf = x.detach().double().requires_grad_(True)
        output, _ = module64(leaf)
        (gradient,) = torch.autograd.grad(output[-1].sum(), leaf)
        gradient[t].norm(dim=-1)
    return (time.perf_counter() - start) / len(steps)


def run() -> list[Row]:
    torch.set_num_threads(1)
    rows = []
    for seq_len in (100, 1000):
        for cell in ("RNN", "LSTM", "GRU"):
            module = study_module(cell, 64)
            x = torch.randn(seq_len, 4, 4, generator=torch.Generator().manual_seed(0))
            one_pass = median_seconds(lambda: input_gradient_norms(module, x), 5)
            # All steps at seq_len 100; at 1000 a sample of steps, times seq_len (each pass costs the same).
            steps = list(range(seq_len)) if seq_len <= 100 else list(range(0, seq_len, seq_len // SAMPLED_STEPS))
            naive = _naive_seconds(study_module(cell, 64), x, steps) * seq_len
            how = "" if seq_len <= 100 else f" (naive: {len(steps)} of {seq_len} passes timed)"
            rows.append(Row(f"gradient norms, every step, {cell} hidden 64, seq_len {seq_len}, 4 sequences",
                            one_pass * 1e3, "ms", "naive: one backward per time step", naive * 1e3,
                            note=f"{naive / one_pass:.0f}x faster{how}"))
    study = median_seconds(lambda: run_study(StudySettings(seq_len=1000, hidden_size=64, seeds=4)), 3)
    rows.append(Row("gradients page full compute: 4 cells x (distance, hidden, 12 lengths), seq_len 1000, 4 seeds",
                    study * 1e3, "ms", "", None, "< 1 s", study < 1.0))
    return rows
