"""Stock page: one training epoch in mini-batches against a one-sample-at-a-time loop, the default run, the
default walk-forward run beside it, the honesty lab's two studies, and the random-walk control where no skill is
possible."""

from __future__ import annotations

import time

import torch
from torch import nn

from benchmarks.harness import Row, seconds_per_call
from rnnviz.forecast import ForecastConfig, PricePredictor, fit, leakage_study, verdict_ratio, walk_forward
from rnnviz.forecast.multi_step import multi_step_study
from rnnviz.limits import SECONDS_BUDGET
from rnnviz.market import random_walk_ohlc, sample_ohlc
from rnnviz.threads import APP_THREADS, use_threads

# On a random walk nothing can be learned: a clearly positive skill would reveal leakage. Predicting a log return
# near zero is easy to learn, so far below zero on that target the model is broken.
MAX_CONTROL_SKILL = 0.02
CONTROL_TARGETS = {"price": (float("-inf"), f"<= +{MAX_CONTROL_SKILL}"),
                   "log_return": (-0.10, f"-0.10 ... +{MAX_CONTROL_SKILL}")}


def _epoch_inputs(config: ForecastConfig, samples: int) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(0)
    return (torch.randn(samples, config.window, len(config.features), generator=generator),
            torch.randn(samples, generator=generator))


def run() -> list[Row]:
    use_threads(APP_THREADS)
    config = ForecastConfig()
    prices = sample_ohlc()
    # The default split of the sample: the training windows one epoch goes through.
    samples = int(round((len(prices) - round(len(prices) * config.test_fraction)) * (1 - config.validation_fraction)))
    samples -= config.window
    x, y = _epoch_inputs(config, samples)

    def epoch(batch_size: int) -> None:
        torch.manual_seed(0)
        model = PricePredictor(len(config.features), config.hidden_size, config.num_layers)
        optimiser = torch.optim.Adam(model.parameters(), lr=config.lr)
        for start in range(0, samples, batch_size):
            loss = nn.functional.mse_loss(model(x[start:start + batch_size]), y[start:start + batch_size])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()

    def floor() -> None:
        """The arithmetic an epoch cannot avoid: forward and backward over the same mini-batches, without the
        optimiser's step, zeroing and the loss read-out (one batch of every window was slower here, 189 ms
        against 108 ms for the whole epoch in mini-batches)."""
        torch.manual_seed(0)
        model = PricePredictor(len(config.features), config.hidden_size, config.num_layers)
        for start in range(0, samples, config.batch_size):
            nn.functional.mse_loss(model(x[start:start + config.batch_size]),
                                   y[start:start + config.batch_size]).backward()

    batched = seconds_per_call(lambda: epoch(config.batch_size))
    compute_floor = seconds_per_call(floor)
    one_at_a_time = seconds_per_call(lambda: epoch(1), batches=1, warmup=0)
    start = time.perf_counter()
    epochs = []
    result = fit(prices, config, on_epoch=lambda *args: epochs.append(time.perf_counter() - start))
    total = time.perf_counter() - start
    gaps = [b - a for a, b in zip([0.0] + epochs, epochs)]
    start = time.perf_counter()
    walked = walk_forward(prices, config)
    walk_seconds = time.perf_counter() - start
    start = time.perf_counter()
    leaks = leakage_study(prices, config)
    leak_seconds = time.perf_counter() - start
    start = time.perf_counter()
    steps = multi_step_study(prices, config)
    step_seconds = time.perf_counter() - start
    controls = {target: walk_forward(random_walk_ohlc(prices, seed=0), ForecastConfig(target=target))
                for target in ("price", "log_return")}
    return [
        Row(f"stock LSTM, one epoch ({samples} windows x {config.window} days, hidden {config.hidden_size} x "
            f"{config.num_layers}, batch {config.batch_size})", batched * 1e3, "ms",
            "naive: one sample at a time", one_at_a_time * 1e3, note=f"{one_at_a_time / batched:.0f}x faster"),
        Row("stock LSTM, the same epoch against its compute floor", batched * 1e3, "ms",
            "forward + backward of the same batches (floor)", compute_floor * 1e3, "<= 2x the floor",
            batched <= 2 * compute_floor),
        Row(f"stock LSTM, default training run on the sample ({len(result.history)} epochs, early stopping)",
            total, "s", "", None, "<= 5 s", total <= 5,
            note=f"progress updated every epoch; longest gap {max(gaps):.2f} s; LSTM vs persistence (RMSE): "
                 f"{verdict_ratio(result.metrics):+.1%}" + ("" if total <= 5 else
                 f"; {len(result.history)} epochs of {total / len(result.history) * 1e3:.0f} ms: 5 s needs epochs "
                 f"under {5 / len(result.history) * 1e3:.0f} ms (this machine's speed wanders by a third) or a "
                 "shorter patience, which ends sooner than the best epoch")),
        Row(f"stock walk-forward, default settings, {len(walked.folds)} folds on the sample "
            f"({sum(len(h) for h in walked.histories)} epochs in all)", walk_seconds, "s",
            "the single split's default run", total, "< 60 s", walk_seconds < 60,
            note=f"mean skill {walked.mean_skill:+.3f} (spread {walked.skill_spread:.3f}), LSTM better than "
                 f"persistence in {walked.folds_won} of {len(walked.folds)} folds"),
        Row("stock honesty lab: the honest split and its two leaks, default settings", leak_seconds, "s",
            "three times the single split's default run", 3 * total, f"< {SECONDS_BUDGET:.0f} s",
            leak_seconds < SECONDS_BUDGET,
            note="skill " + ", ".join(f"{leak} {skill:+.3f}" for leak, skill in leaks["Skill"].items())),
        Row(f"stock direct or recursive, horizons {', '.join(str(h) for h in steps.index)}, default settings (close "
            "only)", step_seconds, "s", "the single split's default run", total, f"< {SECONDS_BUDGET:.0f} s",
            step_seconds < SECONDS_BUDGET,
            note="skill direct / recursive: " + ", ".join(
                f"{h} d {row['Skill direct']:+.3f} / {row['Skill recursive']:+.3f}" for h, row in steps.iterrows())),
        *[Row(f"random-walk control (seed 0), {target} target: mean skill over {len(run.folds)} folds",
              run.mean_skill, "", target=CONTROL_TARGETS[target][1],
              met=CONTROL_TARGETS[target][0] <= run.mean_skill <= MAX_CONTROL_SKILL, digits=3,
              note=f"per fold: {', '.join(f'{skill:+.3f}' for skill in run.folds['Skill'])}")
          for target, run in controls.items()],
    ]
