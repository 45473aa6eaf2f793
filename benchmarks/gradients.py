"""Vanishing-gradient page: one backward pass against one backward per time step, the page's full compute at
T = 1000 and at the default T = 200, and a rerun of the page that recomputes at the defaults (AppTest)."""

from __future__ import annotations

import torch

from benchmarks.harness import FLOOR, Plan, Row, next_value, open_app, open_floor
from rnnviz.gradients import (
    STUDY_CELLS,
    STUDY_INPUT_SIZE,
    StudySettings,
    input_gradient_norms,
    run_study,
    study_lengths,
    study_module,
)
from rnnviz.ui.compute import gradient_curves

# What a study at T = 1000 is made of: per step one call of torch's cell function per cell forward and 2-5 tensor
# operations backward (rnnviz.backprop), each a few microseconds of dispatch whatever its size (52 rows x 64 units).
STUDY_COST_NOTE = "bound by per-operation dispatch (a cell call forward, 2-5 operations backward, per step and cell)"

SEQ_LENS = (100, 1000)
NORM_CELLS = ("RNN", "LSTM", "GRU")


def _naive_pass(module, x, t: int) -> None:
    """The naive method's work for one time step t: a forward and a backward pass for that step's gradient."""
    leaf = x.detach().double().requires_grad_(True)
    output, _ = module(leaf)
    (gradient,) = torch.autograd.grad(output[-1].sum(), leaf)
    gradient[t].norm(dim=-1)


def plan() -> Plan:
    actions = {}
    for seq_len in SEQ_LENS:
        for cell in NORM_CELLS:
            module = study_module(cell, 64)
            x = torch.randn(seq_len, 4, 4, generator=torch.Generator().manual_seed(0))
            actions[(seq_len, cell, "one pass")] = lambda m=module, x=x: input_gradient_norms(m, x)
            # Every step's pass costs the same (a whole forward and backward): time passes, times seq_len.
            naive_module = study_module(cell, 64).double()
            step_next = next_value(range(seq_len))
            actions[(seq_len, cell, "naive")] = lambda m=naive_module, x=x, t=step_next: _naive_pass(m, x, t())
    long_study = StudySettings(seq_len=1000, hidden_size=64, seeds=4)
    actions["study"] = lambda: run_study(long_study)
    page_modules = [study_module(cell.cell, 64, nonlinearity=cell.nonlinearity) for cell in STUDY_CELLS.values()]
    long_x = torch.randn(1000, 4, STUDY_INPUT_SIZE, generator=torch.Generator().manual_seed(0))

    def per_length_loop() -> None:
        """The naive way to the length curve: every cell, every length, its own float64 pass through torch's module
        (the dL/dh curves, which the fused kernel cannot give, not even counted)."""
        for module in page_modules:
            for length in study_lengths(1000):
                input_gradient_norms(module, long_x[:length])

    def fused_floor() -> None:
        """The framework floor: one float32 forward and backward of each of torch's own modules at T = 1000."""
        for module in page_modules:
            leaf = long_x.clone().requires_grad_(True)
            output, _ = module(leaf)
            output[-1].sum().backward()

    actions["study naive"] = per_length_loop
    actions["study floor"] = fused_floor
    actions["default study"] = lambda: run_study(StudySettings())
    page, home = open_app("pages/gradients.py"), open_floor()

    def recompute() -> None:
        gradient_curves.clear()  # cached per settings: without this a rerun only redraws (other caches stay)
        page.run()

    actions["page recompute"] = recompute
    actions["floor"] = lambda: home.run()

    def rows(seconds: dict) -> list[Row]:
        made = []
        for seq_len in SEQ_LENS:
            for cell in NORM_CELLS:
                one_pass, naive = seconds[(seq_len, cell, "one pass")], seconds[(seq_len, cell, "naive")] * seq_len
                made.append(Row(f"gradient norms, every step, {cell} hidden 64, seq_len {seq_len}, 4 sequences",
                                one_pass * 1e3, "ms", "naive: one backward per time step", naive * 1e3,
                                note=f"{naive / one_pass:.0f}x faster (naive: one pass timed, x {seq_len})"))
        study, default, page_time = seconds["study"], seconds["default study"], seconds["page recompute"]
        made += [
            Row("gradients page full compute: 4 cells x (distance, hidden, 13 lengths), seq_len 1000, 4 seeds, "
                "1 thread", study * 1e3, "ms", "naive: a float64 pass per cell and length",
                seconds["study naive"] * 1e3,
                "<= 300 ms", study <= 0.3, note=("" if study <= 0.3 else STUDY_COST_NOTE + "; ")
                + f"floor: torch's fused modules, float32 forward + backward at T = 1000: "
                f"{seconds['study floor'] * 1e3:.0f} ms"),
            Row("Vanishing gradients rerun that recomputes the study at the defaults, seq_len 200 (AppTest)",
                page_time * 1e3, "ms", FLOOR, seconds["floor"] * 1e3, "<= 100 ms",
                page_time <= 0.1, note=f"the study itself: {default * 1e3:.0f} ms"
                + ("" if page_time <= 0.1 else f"; {STUDY_COST_NOTE}")),
        ]
        return made

    return Plan(actions, rows)
