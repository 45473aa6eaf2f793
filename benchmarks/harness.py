"""A tiny harness: time a callable, collect rows, print them as one table."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable


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


def median_seconds(action: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    """Median wall time of `action` over `repeats` calls, after `warmup` untimed calls."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
        print(" | ".join(cell.ljust(width) for cell, width in zip(line, widths)))
        if index == 0:
            print("-|-".join("-" * width for width in widths))
