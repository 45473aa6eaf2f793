"""The memory ladder: the default ladder trained end to end (60 rungs on one thread) beside the framework floor (the
same Adam steps on the same shapes, one pre-drawn batch, no checkpoints or scoring), and the scores the issue asks
for: the forget-biased LSTM at distances >= 40 on every seed, the plain RNN's mean there, and the shortest distance
at which both hold (at 40 one seed of the plain RNN in three learns the task within the budget)."""

from __future__ import annotations

import time

import torch

from benchmarks.harness import Row
from rnnviz import memory
from rnnviz.threads import APP_THREADS, use_threads


def _floor_seconds(distances, seeds: int) -> float:
    """Bare training steps of every rung: forward, loss, backward, clipping and Adam on one batch drawn once."""
    total = 0.0
    for distance in distances:
        task = memory.recall_task(distance)
        x, target, _ = task.batch(task.train_batch, seed=1)
        for cell in memory.PAGE_CELLS:
            module, head = memory.build(cell, seed=0)
            parameters = [*module.parameters(), *head.parameters()]
            optimiser = torch.optim.Adam(parameters, lr=task.lr)
            start = time.perf_counter()
            for _ in range(task.steps):
                output, _ = module(x)
                loss = torch.nn.functional.mse_loss(head(output[-1])[:, 0], target[-1])
                optimiser.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(parameters, task.clip)
                optimiser.step()
            total += time.perf_counter() - start
    return total * seeds


def run() -> list[Row]:
    use_threads(APP_THREADS)
    settings = memory.LadderSettings()
    estimate = memory.ladder_cost(settings.distances, memory.PAGE_CELLS, settings.seeds).seconds
    start = time.perf_counter()
    result = memory.ladder(settings.distances, memory.PAGE_CELLS, settings.seed_list)
    seconds = time.perf_counter() - start
    floor = _floor_seconds(settings.distances, settings.seeds)
    table = result.table
    far = table[table["distance"] >= 40]
    forget = far[far["cell"] == "LSTM+forget"]["score"]
    rnn = memory.summary(far)
    rnn = rnn[rnn["cell"] == "RNN"]
    rungs = len(table)
    lowest = far[far["cell"] == "LSTM+forget"].groupby("distance")["score"].min()
    rnn_mean = rnn.set_index("distance")["mean"]
    both = [int(d) for d in lowest.index if lowest[d] >= 0.9 and rnn_mean.get(d, 1.0) <= 0.5]
    return [
        Row(f"memory ladder, default ({rungs} rungs: distances {settings.distances}, 4 cells, "
            f"{settings.seeds} seeds), one thread", seconds, "s", "bare Adam steps, same shapes", floor, "<= 90 s",
            seconds <= 90, note=f"limits estimate {estimate:.0f} s"),
        Row("memory ladder: forget-biased LSTM, lowest seed's R^2 at distance >= 40", float(forget.min()), "",
            target=">= 0.9", met=bool(forget.min() >= 0.9), digits=3),
        Row("memory ladder: plain RNN, highest mean R^2 over seeds at distance >= 40", float(rnn["mean"].max()), "",
            target="<= 0.5", met=bool(rnn["mean"].max() <= 0.5), digits=3,
            note=", ".join(f"{int(d)}: {m:.2f}" for d, m in zip(rnn["distance"], rnn["mean"]))),
        Row("memory ladder: shortest distance >= 40 where both hold (forget-biased LSTM >= 0.9 on every seed, plain "
            "RNN mean <= 0.5)", float(both[0]) if both else float("nan"), "steps", target="a distance in the ladder",
            met=bool(both), digits=0),
        Row("memory ladder: memory horizons of the models trained at the longest distance", float("nan"), "",
            note=", ".join(f"{cell} {horizon}" for cell, horizon in result.horizons.items())),
    ]
