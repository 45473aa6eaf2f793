"""Vanishing-gradient page: one backward pass against one backward per time step, and the page's full compute."""

from __future__ import annotations

import torch

from benchmarks.harness import Row, next_value, seconds_per_call
from rnnviz.gradients import StudySettings, input_gradient_norms, run_study, study_module
from rnnviz.threads import APP_THREADS, use_threads


def _naive_pass(module, x, t: int) -> None:
    """The naive method's work for one time step t: a forward and a backward pass for that step's gradient."""
    leaf = x.detach().double().requires_grad_(True)
    output, _ = module(leaf)
    (gradient,) = torch.autograd.grad(output[-1].sum(), leaf)
    gradient[t].norm(dim=-1)


def run() -> list[Row]:
    use_threads(APP_THREADS)
    rows = []
    for seq_len in (100, 1000):
        for cell in ("RNN", "LSTM", "GRU"):
            module = study_module(cell, 64)
            x = torch.randn(seq_len, 4, 4, generator=torch.Generator().manual_seed(0))
            one_pass = seconds_per_call(lambda m=module, x=x: input_gradient_norms(m, x))
            # Every step's pass costs the same (a whole forward and backward): time passes, times seq_len.
            naive_module = study_module(cell, 64).double()
            step_next = next_value(range(seq_len))
            naive = seconds_per_call(lambda m=naive_module, x=x, t=step_next: _naive_pass(m, x, t())) * seq_len
            rows.append(Row(f"gradient norms, every step, {cell} hidden 64, seq_len {seq_len}, 4 sequences",
                            one_pass * 1e3, "ms", "naive: one backward per time step", naive * 1e3,
                            note=f"{naive / one_pass:.0f}x faster (naive: one pass timed, x {seq_len})"))
    study = seconds_per_call(lambda: run_study(StudySettings(seq_len=1000, hidden_size=64, seeds=4)))
    rows.append(Row("gradients page full compute: 4 cells x (distance, hidden, 12 lengths), seq_len 1000, 4 seeds",
                    study * 1e3, "ms", "", None, "< 1 s", study < 1.0))
    return rows
