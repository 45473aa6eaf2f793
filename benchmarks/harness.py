"""A tiny harness: time a callable in batches, collect rows, print them as one table.

The monotonic clock on the reference machine sometimes advances in steps of 10-20 ms, so a single call of a
5-20 ms action reads 0 or 20 ms. Every figure here comes from batches: an action is repeated until at least
`BATCH_SECONDS` have passed and the time divided by the calls (like `timeit`'s autorange), several batches, and
the fastest batch's per-call time reported. A step of 20 ms is then at most 4 % of a batch.
"""

from __future__ import annotations

import gc
import itertools
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from rnnviz.threads import APP_THREADS, use_threads

BATCH_SECONDS = 0.5
BATCHES = 7
APP = str(Path(__file__).resolve().parents[1] / "app.py")


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
    digits: int = 1  # decimals printed (losses in nats need more than milliseconds do)

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


@dataclass(frozen=True)
class Timed:
    """An action to time and the torch thread count it runs on (set before each of its batches, so actions of
    different thread counts can share rounds)."""

    action: Callable[[], object]
    threads: int = APP_THREADS


def fastest_per_call(actions: Mapping[object, Callable[[], object] | Timed], batches: int = BATCHES,
                     warmup: int = 1, min_seconds: float = BATCH_SECONDS) -> dict[object, float]:
    """Each action's fastest batch, in seconds per call, with the batches taken in rounds: one batch of every
    action, then the next round (A B C A B C ...), after `warmup` untimed rounds.

    The fastest, not the median: on a shared machine other processes only ever add time, so the least disturbed
    batch is the best estimate of an action's own cost (timeit's documentation gives the same advice); medians
    moved by up to 70 % between two consecutive runs here. In rounds, not one action after the other: this
    machine's speed for a given action wanders by +-30 % from one second to the next and its floor drifts over
    minutes (trace() of a 3-layer GRU read 66-69 ms in one minute, never under 82 ms in another, with no CPU
    steal), so an action whose batches all fell in one slow minute read slow (two full runs differed by up to
    36 % on a row). Rounds spread every action's batches over the whole measurement, so each action's fastest
    batch comes from the best stretch of it, and a row and its reference see the same stretches. The untimed
    round pays lazy set-up (the first row measured read up to 26 % slower with one warm-up call). An action that
    takes longer than `min_seconds` makes one call per batch."""
    timed = {key: item if isinstance(item, Timed) else Timed(item) for key, item in actions.items()}
    fastest = {key: float("inf") for key in timed}
    try:
        for round_number in range(warmup + batches):
            for key, item in timed.items():
                use_threads(item.threads)
                per_call, _ = batch_seconds(item.action, min_seconds)
                if round_number >= warmup:
                    fastest[key] = min(fastest[key], per_call)
    finally:
        use_threads(APP_THREADS)
    return fastest


@dataclass
class Plan:
    """A suite's short measurements, to be timed in shared rounds with other suites' (`measure_plans`): keyed
    actions, and how its rows are made from their seconds per call."""

    actions: dict[object, Callable[[], object] | Timed]
    rows: Callable[[dict[object, float]], list[Row]]

    def measure(self, **options) -> list[Row]:
        """Time this plan alone and make its rows."""
        return self.rows(fastest_per_call(self.actions, **options))


def measure_plans(plans: Mapping[str, Plan]) -> dict[str, list[Row] | Exception]:
    """Time every plan's actions in one set of rounds, so each action's batches spread over the whole
    measurement (minutes) rather than its own suite's; suite name -> its rows, or the exception one of its
    actions raised (its actions then stop running; the other plans carry on)."""
    failures: dict[str, Exception] = {}

    def guarded(name: str, item: Callable[[], object] | Timed) -> Timed:
        timed = item if isinstance(item, Timed) else Timed(item)

        def action() -> object:
            if name in failures:
                return None
            try:
                return timed.action()
            except Exception as error:  # noqa: BLE001 - reported as the plan's result
                failures[name] = error
                return None

        return Timed(action, timed.threads)

    actions = {(name, key): guarded(name, item) for name, plan in plans.items() for key, item in plan.actions.items()}
    seconds = fastest_per_call(actions)
    return {name: failures[name] if name in failures else
            plan.rows({key: seconds[(name, key)] for key in plan.actions}) for name, plan in plans.items()}


def seconds_per_call(action: Callable[[], object], batches: int = BATCHES, warmup: int = 1,
                     min_seconds: float = BATCH_SECONDS) -> float:
    """The fastest of `batches` batches' seconds per call of one action (see `fastest_per_call`)."""
    return fastest_per_call({"action": action}, batches, warmup, min_seconds)["action"]


def print_table(rows: list[Row]) -> None:
    header = ("benchmark", "value", "naive / reference", "ratio", "target", "met", "note")
    lines = [header]
    for row in rows:
        baseline = "" if row.baseline is None else f"{row.baseline_name}: {row.baseline:.{row.digits}f} {row.unit}"
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
        met = "" if row.met is None else ("yes" if row.met else "NO")
        lines.append((row.name, f"{row.value:.{row.digits}f} {row.unit}", baseline, ratio, row.target, met, row.note))
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


# The notes' first example, nn.RNN(4, 200) on (100, 30, 4): the page reruns are timed on it, a heavier layer than
# the pages' teaching default (nn.RNN(4, 3) on (5, 2, 4)), so the rows measure the work a lecture asks for.
NOTES_LAYER = {"cell": "RNN", "input_size": "4", "hidden_size": "200", "seq_len": "100", "batch": "30"}


# The reference every page rerun is compared with: AppTest rerunning a one-line page, the framework's own cost.
# (It used to be the Home page, which now draws the course and eight picture cards: 53-61 ms, not a floor.)
FLOOR = "a one-line Streamlit page's rerun (framework floor)"


def open_floor():
    """An AppTest of a one-line Streamlit page that has run once: time its `.run()` as FLOOR."""
    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    at = AppTest.from_string("import streamlit as st\nst.title('rnnviz')")
    at.run()
    return at


def open_app(page: str | None = None, query: Mapping[str, str] | None = None, timeout: float = 60):
    """An AppTest of app.py that has run once, switched to `page` (a path under pages/) with `query` in its
    address; without a page, the Home page."""
    from streamlit.testing.v1 import AppTest

    # Caches and AppTest outside a server warn on every call; set after streamlit's import, which sets levels.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update(query or {})
    at.run()
    if page:
        at.switch_page(page).run()
    return at
