"""The budget's promise, measured: the largest setting each page accepts, run in a process of its own, within
rnnviz.limits' memory (peak RSS above the process's start) and CPU seconds. The setting is found with the
page's own check, growing the size a hostile link grows while every other setting is at its largest."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from typing import Callable

from benchmarks.harness import Row
from rnnviz import forecast, limits, memory
from rnnviz.forecast import HORIZONS, ForecastConfig
from rnnviz.gradients import StudySettings, study_cost, trained_study_cost
from rnnviz.market import sample_ohlc
from rnnviz.spec import LayerSpec
from rnnviz.tasks import TASKS, check_training

MAX_SEQ_LEN, MAX_BATCH = 2000, 512  # the layer pages' input controls (rnnviz.presets.Preset)


def largest(low: int, high: int, step: int, accepted: Callable[[int], bool]) -> int:
    """The largest value in low, low + step, ..., high that `accepted` takes (low itself is assumed taken)."""
    values = list(range(low, high + 1, step))
    lo, hi = 0, len(values) - 1
    while lo < hi:
        middle = (lo + hi + 1) // 2
        lo, hi = (middle, hi) if accepted(values[middle]) else (lo, middle - 1)
    return values[lo]


def _probe(workload: str, args: dict) -> dict:
    output = subprocess.run([sys.executable, "-m", "benchmarks.limits_probe", workload, json.dumps(args)],
                            capture_output=True, text=True, check=True, timeout=600).stdout
    return json.loads(output.strip().splitlines()[-1])


def _cases() -> list[tuple[str, str, dict]]:
    """(what, workload, probe arguments) for each page's largest accepted setting."""
    days = len(sample_ohlc())
    wide = {"cell": "RNN", "input_size": 1024, "hidden_size": 1}
    seq_live = largest(1, MAX_SEQ_LEN, 1, lambda t: limits.check_live_run(LayerSpec(**wide), t, MAX_BATCH) is None)
    seq_trace = largest(1, MAX_SEQ_LEN, 1, lambda t: limits.check_trace(LayerSpec(**wide), t, MAX_BATCH) is None)
    brackets = TASKS["brackets"]
    hidden_task = largest(8, 2048, 8, lambda h: check_training(brackets, LayerSpec("LSTM", 6, h)) is None)

    def stock(folds, horizons):
        return lambda e: limits.check(forecast.training_cost(days, ForecastConfig(epochs=e), folds, horizons)) is None

    # The longest window on the default model: the most epochs accepted (no width is accepted at 300 epochs).
    epochs_window = largest(1, 300, 1, lambda e: limits.check(forecast.training_cost(
        days, ForecastConfig(window=250, epochs=e))) is None)
    epochs_walk, epochs_horizons = largest(1, 300, 1, stock(10, (1,))), largest(1, 300, 1, stock(5, HORIZONS))
    def study(cost, seeds):
        return lambda h: limits.check(cost(StudySettings(seq_len=1000, hidden_size=h, seeds=seeds))) is None

    hidden_study = largest(2, 256, 2, study(study_cost, 16))
    # The ladder at its longest distance with the most seeds accepted.
    ladder_seeds = largest(1, memory.MAX_SEEDS, 1, lambda n: limits.check(memory.ladder_cost(
        memory.LadderSettings(longest=memory.MAX_DISTANCE, seeds=n).distances, memory.PAGE_CELLS, n)) is None)
    hidden_trained = largest(2, 256, 2, study(trained_study_cost, StudySettings.seeds))
    stock_config = {"window": 250, "epochs": epochs_window}
    return [
        (f"Layer builder / Shapes: nn.RNN(1024, 1) on ({seq_live}, 512, 1024)", "forward",
         {"spec": wide, "seq_len": seq_live, "batch": MAX_BATCH}),
        (f"Hidden states: the same layer, a ({seq_trace}, 512, 1024) example", "trace",
         {"spec": wide, "seq_len": seq_trace, "batch": MAX_BATCH}),
        (f"lecture task brackets: nn.LSTM(6, {hidden_task}), 300 steps", "task",
         {"task": "brackets", "spec": {"cell": "LSTM", "input_size": 6, "hidden_size": hidden_task}}),
        (f"stock: window 250, {epochs_window} epochs", "forecast", {"config": stock_config}),
        (f"stock walk-forward: 10 folds, {epochs_walk} epochs", "forecast",
         {"config": {"epochs": epochs_walk}, "folds": 10}),
        (f"stock horizons 1/5/20: 5 folds, {epochs_horizons} epochs", "forecast",
         {"config": {"epochs": epochs_horizons}, "folds": 5, "horizons": True}),
        (f"gradient study: seq_len 1000, 16 seeds, hidden {hidden_study}", "study",
         {"seq_len": 1000, "hidden_size": hidden_study, "seeds": 16}),
        (f"gradient page training: seq_len 1000, hidden {hidden_trained}", "trained_study",
         {"seq_len": 1000, "hidden_size": hidden_trained}),
        (f"memory ladder: distances 5-{memory.MAX_DISTANCE}, {ladder_seeds} seed(s)", "ladder",
         {"longest": memory.MAX_DISTANCE, "seeds": ladder_seeds}),
    ]


def run() -> list[Row]:
    rows = []
    memory, seconds = limits.MEMORY_BUDGET / limits.MIB, limits.SECONDS_BUDGET
    for what, workload, args in _cases():
        measured = _probe(workload, args)
        rows.append(Row(f"largest accepted, {what}: CPU", measured["cpu"], "s", target=f"<= {seconds:.0f} s",
                        met=measured["cpu"] <= seconds, note=f"peak RSS +{measured['peak_mib']:.0f} MiB"))
        rows.append(Row(f"largest accepted, {what}: peak RSS above the process's start", measured["peak_mib"],
                        "MiB", target=f"<= {memory:.0f} MiB", met=measured["peak_mib"] <= memory))
    return rows


# Python's re on 24 x's backtracks ~0.8 s a call holding the GIL (the link that froze a class took minutes): the
# naive way, bounded so the benchmark ends.
NAIVE_PATTERN, NAIVE_TEXT = r"(x+x+)+y", "x" * 24
HOSTILE_PATTERN = "(.*)*$x"


def _rerun_seconds(background: Callable[[], object] | None) -> float:
    """A Layer builder rerun's seconds while another thread (another session) calls `background` in a loop."""
    from benchmarks.harness import NOTES_LAYER, open_app, seconds_per_call

    at = open_app("pages/layer_builder.py", NOTES_LAYER)
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            background()

    thread = threading.Thread(target=loop, daemon=True)
    if background:
        thread.start()
    try:
        return seconds_per_call(lambda: at.run(), batches=5)
    finally:
        stop.set()
        if background:
            thread.join()


def _every(seconds: float, action: Callable[[], object]) -> Callable[[], object]:
    return lambda: (action(), time.sleep(seconds))


def run_patterns() -> list[Row]:
    """Another session's rerun while one session submits a hostile pattern 100 times a second (far beyond typing):
    RE2, against Python's re. In a tight loop any Python work in another thread takes the GIL from the rerun, the
    hostile pattern no more than a harmless one: the last row shows it."""
    from rnnviz.charlm.patterns import first_match

    passage = "ab" * 750  # the page's 1,500 characters
    alone = _rerun_seconds(None)
    hostile = _rerun_seconds(_every(0.01, lambda: first_match(HOSTILE_PATTERN, passage)))
    naive = _rerun_seconds(_every(0.01, lambda: re.search(NAIVE_PATTERN, NAIVE_TEXT)))
    tight_hostile = _rerun_seconds(lambda: first_match(HOSTILE_PATTERN, passage))
    tight_harmless = _rerun_seconds(lambda: first_match("ROMEO:", passage))
    return [
        Row("Layer builder rerun, alone (AppTest)", alone * 1e3, "ms"),
        Row(f"Layer builder rerun while another session submits {HOSTILE_PATTERN} 100 times a second (RE2)",
            hostile * 1e3, "ms", "alone", alone * 1e3, target="<= 2x alone", met=hostile <= 2 * alone,
            note=f"naive, Python's re on {NAIVE_PATTERN} over {len(NAIVE_TEXT)} characters as often: "
                 f"{naive * 1e3:.0f} ms a rerun (and minutes a call on the passage)"),
        Row(f"Layer builder rerun while another thread matches {HOSTILE_PATTERN} in a tight loop", tight_hostile * 1e3,
            "ms", "a harmless pattern (ROMEO:) in a tight loop", tight_harmless * 1e3,
            note="any busy Python loop in another thread shares the GIL this way"),
    ]


SEQUENTIAL = {"limits": run, "patterns": run_patterns}
