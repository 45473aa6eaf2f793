"""Interaction budgets, each measured against the naive way in the same run: `python -m benchmarks`."""
