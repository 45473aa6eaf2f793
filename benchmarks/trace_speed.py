"""trace() against the fused torch module it records, on the lecture example (100, 30, 4) -> 200."""

from __future__ import annotations

import itertools

import torch

from benchmarks.harness import Plan, Row, Timed
from rnnviz import LayerSpec, trace
from rnnviz.run import random_input
from rnnviz.threads import APP_THREADS

TARGET_RATIO = {"RNN": 2.0, "GRU": 2.0, "LSTM": 4.0}
# The app traces on APP_THREADS. A second thread is compared only on the largest layers, where it could pay: on
# the small ones a two-thread time wandered by up to 90 % between processes a minute apart here (trace of a
# 3-layer GRU, 45-85 ms; one thread's 66-73 ms), so those rows measured the host's load, not trace().
COMPARED_THREADS = 2
LARGEST = 3  # num_layers, bidirectional


def _forward(module, x):
    with torch.no_grad():
        return module(x)


def plan() -> Plan:
    """One row per (cell, num_layers, direction, threads): trace()'s time and the module's, timed in the same
    rounds so that a slow stretch of the machine hits a trace and its module alike."""
    names, actions = {}, {}
    configurations = [(APP_THREADS, *layer) for layer in itertools.product(("RNN", "LSTM", "GRU"), (1, 3),
                                                                             (False, True))]
    configurations += [(COMPARED_THREADS, cell, LARGEST, True) for cell in ("LSTM", "GRU")]
    for threads, cell, num_layers, bidirectional in configurations:
        spec = LayerSpec(cell, 4, 200, num_layers=num_layers, bidirectional=bidirectional)
        module, x = spec.build(), random_input(spec, 100, 30)
        key = (spec, threads)
        names[key] = f"trace {cell} L={num_layers} D={spec.num_directions} (100, 30, 4)->200, {threads} thread(s)"
        actions[(key, "module")] = Timed(lambda m=module, x=x: _forward(m, x), threads)
        actions[(key, "trace")] = Timed(lambda m=module, x=x: trace(m, x), threads)

    def rows(seconds: dict) -> list[Row]:
        made = []
        for (spec, threads), name in names.items():
            module_time, trace_time = seconds[((spec, threads), "module")], seconds[((spec, threads), "trace")]
            ratio = trace_time / module_time
            made.append(Row(name, trace_time * 1e3, "ms", "fused module", module_time * 1e3,
                            f"ratio <= {TARGET_RATIO[spec.cell]}, < 200 ms",
                            ratio <= TARGET_RATIO[spec.cell] and trace_time < 0.2))
        return made

    return Plan(actions, rows)
