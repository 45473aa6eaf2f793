"""Lecture tasks: each default training run against the same steps done one sequence at a time, with the
held-out score beside the sceptic's baseline."""

from __future__ import annotations

import time

import torch

from benchmarks.harness import Row, seconds_per_call
from rnnviz import LayerSpec
from rnnviz.analysis import unit_correlations
from rnnviz.tasks import HELD_OUT_SEED, TASKS, new_head, predict, train
from rnnviz.threads import APP_THREADS, use_threads
from rnnviz.tracing import trace

# The layer each task is meant for (its suggested cell and size; sine as the sine note builds it).
LAYERS = {
    "hihello": (LayerSpec("RNN", 5, 8), 0.0),
    "sine": (LayerSpec("RNN", 1, 10, 2, batch_first=True), 0.0),
    "memory": (LayerSpec("LSTM", 4, 64), 2.0),
    "brackets": (LayerSpec("LSTM", 6, 16), 0.0),
}
NAIVE_STEPS = 3  # steps of the one-at-a-time loop timed per call


def _one_sequence_at_a_time(task, spec: LayerSpec):
    """One training step the naive way: every sequence of the batch forward and backward on its own."""
    module, head = spec.build(), new_head(task, spec.num_directions * spec.output_size)
    optimiser = torch.optim.Adam([*module.parameters(), *head.parameters()], lr=task.lr)
    x, target, _ = task.batch(task.train_batch, seed=1)
    dim = 0 if task.batch_first else 1

    def step() -> None:
        optimiser.zero_grad()
        for index in range(task.train_batch):
            one = x.narrow(dim, index, 1)
            (task.loss(predict(task, module, head, one), target[:, index:index + 1]) / task.train_batch).backward()
        optimiser.step()

    return step


def _score(name: str, run) -> str:
    (baseline_name, baseline), *first = run.baselines.items()
    cold = f"; the first training in this process took {first[0][1]:.1f} s" if first else ""
    if run.task.is_classification:
        return f"held-out accuracy {run.metric:.1%} vs {baseline_name} {baseline:.1%}{cold}"
    return f"held-out MSE {run.metric:.5f} vs {baseline_name} {baseline:.5f} ({baseline / run.metric:.0f}x lower)"


def _depth_unit(run) -> str:
    x, _, tracked = TASKS["brackets"].batch(1, seed=HELD_OUT_SEED + 1)
    r = unit_correlations(trace(run.module, x).cell(0)[:, 0], tracked[0])
    return f"; best unit's |r| with depth {float(r.abs().max()):.2f}"


def run() -> list[Row]:
    use_threads(APP_THREADS)
    rows = []
    # The first training in a process pays torch's one-time set-up (Adam's first step, autograd's engine); a
    # server pays it once, so the rows time warm runs and this is said once.
    start = time.perf_counter()
    train("hihello", LAYERS["hihello"][0])
    first = time.perf_counter() - start
    for name, (spec, forget_bias) in LAYERS.items():
        task = TASKS[name]
        result = train(name, spec, forget_bias=forget_bias)
        seconds = seconds_per_call(lambda n=name, s=spec, b=forget_bias: train(n, s, forget_bias=b), batches=3,
                                   warmup=0)
        if name == "hihello":
            result.baselines["first run in the process"] = first
        naive = seconds_per_call(_one_sequence_at_a_time(task, spec), batches=3) * task.steps
        note = _score(name, result) + (_depth_unit(result) if name == "brackets" else "")
        target = "< 2 s" if name == "hihello" else "< 10 s"
        rows.append(Row(f"task {name}: default training, {spec.constructor_code()}"
                        f"{' + forget bias 2' if forget_bias else ''}, {task.steps} steps of {task.train_batch}",
                        seconds, "s", "naive: one sequence at a time", naive, target,
                        seconds < (2.0 if name == "hihello" else 10.0), note))
    return rows
