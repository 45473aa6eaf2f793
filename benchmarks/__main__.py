"""Run every benchmark and print one table: `python -m benchmarks`."""

import os
import platform

import torch

from benchmarks import layer_builder
from benchmarks.harness import print_table

rows = layer_builder.run()
print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
      f"torch {torch.__version__}")
print_table(rows)
