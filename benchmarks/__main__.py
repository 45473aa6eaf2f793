"""Run every benchmark and print one table: `python -m benchmarks` (or name some: `python -m benchmarks tasks`).

A benchmark that fails is reported as a row and the others still run; the exit code is then 1.
"""

import os
import platform
import sys
import traceback

import torch

from benchmarks import (
    cold_start,
    forecast,
    gradients,
    hidden_states,
    layer_builder,
    load,
    shapes_page,
    tasks,
    trace_speed,
)
from benchmarks.harness import Row, print_table

SUITES = {
    "layer_builder": layer_builder.run,
    "trace_speed": lambda: trace_speed.run(threads=1) + trace_speed.run(threads=2),
    "hidden_states": hidden_states.run,
    "shapes_page": shapes_page.run,
    "gradients": gradients.run,
    "forecast": forecast.run,
    "tasks": tasks.run,
    "cold_start": cold_start.run,
    "load": load.run,
}

chosen = sys.argv[1:] or list(SUITES)
unknown = [name for name in chosen if name not in SUITES]
if unknown:
    sys.exit(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(SUITES)}")
rows, failed = [], []
for name in chosen:
    try:
        rows += SUITES[name]()
    except Exception as error:  # noqa: BLE001 - one broken benchmark must not hide the others' figures
        traceback.print_exc()
        failed.append(name)
        rows.append(Row(f"{name}: FAILED", float("nan"), "", note=f"{type(error).__name__}: {error}"[:200]))
print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
      f"torch {torch.__version__}")
print_table(rows)
sys.exit(1 if failed else 0)
