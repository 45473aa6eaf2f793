"""Run every benchmark and print one table: `python -m benchmarks` (or name some: `python -m benchmarks tasks`).

Suites are found in this package's modules (benchmarks.suites). The short measurements (page reruns, trace,
gradient norms) of every chosen suite are timed together, in shared rounds (`harness.measure_plans`), so each row's
batches spread over minutes of the run; the long ones (training runs, cold start, load) follow one suite at a time.
A benchmark that fails is reported as a row and the others still run; the exit code is then 1.
"""

import os
import platform
import sys
import traceback

import torch

from benchmarks.harness import Row, measure_plans, print_table
from benchmarks.suites import discovered

PLANNED, SEQUENTIAL = discovered()
SUITES = [*PLANNED, *SEQUENTIAL]


def _failed(name: str, error: Exception) -> Row:
    traceback.print_exception(error)
    return Row(f"{name}: FAILED", float("nan"), "", note=f"{type(error).__name__}: {error}"[:200])


chosen = sys.argv[1:] or SUITES
unknown = [name for name in chosen if name not in SUITES]
if unknown:
    sys.exit(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(SUITES)}")
results: dict[str, list[Row]] = {}
plans = {}
for name in (name for name in chosen if name in PLANNED):
    try:
        plans[name] = PLANNED[name]()
    except Exception as error:  # noqa: BLE001 - one broken benchmark must not hide the others' figures
        results[name] = [_failed(name, error)]
for name, measured in measure_plans(plans).items():
    results[name] = [_failed(name, measured)] if isinstance(measured, Exception) else measured
for name in (name for name in chosen if name in SEQUENTIAL):
    try:
        results[name] = SEQUENTIAL[name]()
    except Exception as error:  # noqa: BLE001
        results[name] = [_failed(name, error)]
print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
      f"torch {torch.__version__}")
print_table([row for name in chosen for row in results[name]])
sys.exit(1 if any(row.name.endswith(": FAILED") for rows in results.values() for row in rows) else 0)
