"""A tiny harness: time a callable in batches, collect rows, print them as one table.

The monotonic clock on the reference machine sometimes advances in steps of 10-20 ms, so a single call of a
5-20 ms action reads 0 or 20 ms. Every figure here comes from batches: an action is repeated until at least
`BATCH_SECONDS` have passed and the time divided by the calls (like `timeit`'s autorange), several batches, and
the fastest batch's per-call time reported. A step of 20 ms is then at most 4 % of a batch.
"""

from __future__ import annotations

import gc
import itertools
import time
from dataclasses import dataclass
from typing import Callable

BATCH_SECONDS = 0.5
BATCHES = 5


@dataclass
class Row:
    """One line of the report: what was measured, the figure, the naive figure it is compared with, the target."""

    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return None if self.baseline in (None, 0) else self.value / self.baseline


def batch_seconds(action: Callable[[], object], min_seconds: float = BATCH_SECONDS) -> tuple[float, int]:
    """Call `action` until at least `min_seconds` have passed; return (seconds per call, calls).

    Like timeit, the garbage collector is off while timing (after a full collection): how long a generational
    collection takes depends on every object the process holds, so in a full run, after the AppTest suites had
    filled memory, trace() rows read up to 56 % slower than in the next run while the module beside them did not
    move."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        calls = 0
        start = time.perf_counter()
        while True:
            action()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                return elapsed / calls, calls
    finally:
        if was_enabled:
            gc.enable()


def seconds_per_call(action: Callable[[], object], batches: int = BATCHES, warmup: int = 1,
                     min_seconds: float = BATCH_SECONDS) -> float:
    """The fastest of `batches` batches' seconds per call of `action`, after `warmup` untimed batches (a whole
    batch: the first calls of an action pay lazy set-up, and the first row measured was up to 26 % slower in a
    second run with one warm-up call). An action
    that takes longer than `min_seconds` makes one call per batch. The fastest, not the median: on a shared
    machine other processes only ever add time, so the least disturbed batch is the best estimate of the
    action's own cost (timeit's documentation gives the same advice); medians moved by up to 70 % between two
    consecutive runs here."""
    for _ in range(warmup):
        batch_seconds(action, min_seconds)
    return min(batch_seconds(action, min_seconds)[0] for _ in range(batches))


def print_table(rows: list[Row]) -> None:
    header = ("benchmark", "value", "naive / reference", "ratio", "target", "met", "note")
    lines = [header]
    for row in rows:
        baseline = "" if row.baseline is None else f"{row.baseline_name}: {row.baseline:.1f} {row.unit}"
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
        met = "" if row.met is None else ("yes" if row.met else "NO")
        lines.append((row.name, f"{row.value:.1f} {row.unit}", baseline, ratio, row.target, met, row.note))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        print(" | ".join(cell.ljust(width) for cell, width in zip(line, widths)), flush=True)
        if index == 0:
            print("-|-".join("-" * width for width in widths))


def next_value(values) -> Callable[[], object]:
    """A function returning `values` one after another, endlessly: the new setting for each timed rerun. Give more
    values than the cache in front of the work holds, so every call is a real change."""
    endless = itertools.cycle(values)
    return lambda: next(endless)
