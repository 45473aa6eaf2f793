"""Run every benchmark and print one table: `python -m benchmarks`."""

import os
import platform

import torch

from benchmarks import cold_start, forecast, gradients, hidden_states, layer_builder, load, shapes_page, trace_speed
from benchmarks.harness import print_table

rows = (layer_builder.run() + trace_speed.run(threads=1) + trace_speed.run(threads=2) + hidden_states.run()
        + shapes_page.run() + gradients.run() + forecast.run() + cold_start.run() + load.run())
print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
      f"torch {torch.__version__}")
print_table(rows)
