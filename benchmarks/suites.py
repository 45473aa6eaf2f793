"""Which benchmark suites exist: found in this package's modules, so that adding one edits no list."""

from __future__ import annotations

import importlib
import pkgutil

import benchmarks


def discovered() -> tuple[dict, dict]:
    """(planned, sequential) suites, name -> function, from every module of this package, in module order: a module's
    `plan()` is a planned suite and its `run()` a sequential one, both named after the module, unless it names its
    suites itself in `PLANNED` / `SEQUENTIAL` dicts. A new benchmark module is found with no list to edit."""
    planned, sequential = {}, {}
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda info: info.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        planned.update(getattr(module, "PLANNED", {info.name: module.plan} if hasattr(module, "plan") else {}))
        sequential.update(getattr(module, "SEQUENTIAL", {info.name: module.run} if hasattr(module, "run") else {}))
    return planned, sequential
