"""Vanishing-gradient page: one backward pass against one backward per time step, and the page's full compute."""

from __future__ import annotations

import torch

from benchmarks.harness import Plan, Row, next_value
from rnnviz.gradients import StudySettings, input_gradient_norms, run_study, study_module

SEQ_LENS = (100, 1000)
STUDY_CELLS = ("RNN", "LSTM", "GRU")


def _naive_pass(module, x, t: int) -> None:
    """The naive method's work for one time step t: a forward and a backward pass for that step's gradient."""
    leaf = x.detach().double().requires_grad_(True)
    output, _ = module(leaf)
    (gradient,) = torch.autograd.grad(output[-1].sum(), leaf)
    gradient[t].norm(dim=-1)


def plan() -> Plan:
    actions = {}
    for seq_len in SEQ_LENS:
        for cell in STUDY_CELLS:
            module = study_module(cell, 64)
            x = torch.randn(seq_len, 4, 4, generator=torch.Generator().manual_seed(0))
            actions[(seq_len, cell, "one pass")] = lambda m=module, x=x: input_gradient_norms(m, x)
            # Every step's pass costs the same (a whole forward and backward): time passes, times seq_len.
            naive_module = study_module(cell, 64).double()
            step_next = next_value(range(seq_len))
            actions[(seq_len, cell, "naive")] = lambda m=naive_module, x=x, t=step_next: _naive_pass(m, x, t())
    actions["study"] = lambda: run_study(StudySettings(seq_len=1000, hidden_size=64, seeds=4))

    def rows(seconds: dict) -> list[Row]:
        made = []
        for seq_len in SEQ_LENS:
            for cell in STUDY_CELLS:
                one_pass, naive = seconds[(seq_len, cell, "one pass")], seconds[(seq_len, cell, "naive")] * seq_len
                made.append(Row(f"gradient norms, every step, {cell} hidden 64, seq_len {seq_len}, 4 sequences",
                                one_pass * 1e3, "ms", "naive: one backward per time step", naive * 1e3,
                                note=f"{naive / one_pass:.0f}x faster (naive: one pass timed, x {seq_len})"))
        study = seconds["study"]
        made.append(Row("gradients page full compute: 4 cells x (distance, hidden, 12 lengths), seq_len 1000, "
                        "4 seeds", study * 1e3, "ms", "", None, "< 1 s", study < 1.0))
        return made

    return Plan(actions, rows)
