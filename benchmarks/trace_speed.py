"""trace() against the fused torch module it records, on the lecture example (100, 30, 4) -> 200."""

from __future__ import annotations

import itertools

import torch

from benchmarks.harness import Row, seconds_per_call
from rnnviz import LayerSpec, trace
from rnnviz.run import random_input
from rnnviz.threads import APP_THREADS, use_threads

TARGET_RATIO = {"RNN": 2.0, "GRU": 2.0, "LSTM": 4.0}


def run(threads: int = 1) -> list[Row]:
    use_threads(threads)
    rows = []
    for cell, num_layers, bidirectional in itertools.product(("RNN", "LSTM", "GRU"), (1, 3), (False, True)):
        spec = LayerSpec(cell, 4, 200, num_layers=num_layers, bidirectional=bidirectional)
        module = spec.build()
        x = random_input(spec, 100, 30)
        with torch.no_grad():
            module_time = seconds_per_call(lambda m=module, x=x: m(x))
        trace_time = seconds_per_call(lambda m=module, x=x: trace(m, x))
        ratio = trace_time / module_time
        name = f"trace {cell} L={num_layers} D={spec.num_directions} (100, 30, 4)->200, {threads} thread(s)"
        rows.append(Row(name, trace_time * 1e3, "ms", "fused module", module_time * 1e3,
                        f"ratio <= {TARGET_RATIO[cell]}, < 200 ms",
                        ratio <= TARGET_RATIO[cell] and trace_time < 0.2))
    use_threads(APP_THREADS)
    return rows
