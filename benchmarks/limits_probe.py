"""One workload in a process of its own, for benchmarks.limits: `python -m benchmarks.limits_probe NAME JSON`
prints {"cpu": CPU seconds of the work, "peak_mib": the process's peak RSS above what it held before the work}."""

from __future__ import annotations

import json
import resource
import sys

from rnnviz.threads import APP_THREADS, use_threads


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _work(name: str, args: dict):
    from rnnviz.spec import LayerSpec

    if name == "forward":
        from rnnviz.run import measured_shapes

        return lambda: measured_shapes(LayerSpec(**args["spec"]), args["seq_len"], args["batch"])
    if name == "trace":
        from rnnviz import inputs
        from rnnviz.recording import record

        spec = LayerSpec(**args["spec"])
        return lambda: record(spec, inputs.random_normal(args["seq_len"], args["batch"], spec.input_size))
    if name == "task":
        from rnnviz.tasks import train

        return lambda: train(args["task"], LayerSpec(**args["spec"]))
    if name == "forecast":
        from rnnviz.forecast import ForecastConfig, fit, horizon_study, walk_forward
        from rnnviz.market import sample_ohlc

        prices, config, folds = sample_ohlc(), ForecastConfig(**args["config"]), args.get("folds")
        if folds is None:
            return lambda: fit(prices, config)
        if args.get("horizons"):
            return lambda: horizon_study(prices, config, folds)
        return lambda: walk_forward(prices, config, folds)
    if name in ("study", "trained_study"):
        from rnnviz.gradients import StudySettings, run_study, run_trained_study

        settings = StudySettings(**args)
        return (lambda: run_study(settings)) if name == "study" else (lambda: run_trained_study(settings))
    if name == "ladder":
        from rnnviz import memory

        settings = memory.LadderSettings(**args)
        return lambda: memory.ladder(settings.distances, memory.PAGE_CELLS, settings.seed_list)
    raise SystemExit(f"unknown workload {name!r}")


def _peak_kib() -> int:
    """This process's peak RSS (VmHWM, KiB). Not getrusage's ru_maxrss: Linux carries that across exec, so a probe
    started by the full benchmark run (a process of over 1 GB) read its parent's peak and reported +0 MiB."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


if __name__ == "__main__":
    use_threads(APP_THREADS)
    work = _work(sys.argv[1], json.loads(sys.argv[2]))
    import torch  # noqa: F401 - loaded before the baseline, as in the server

    before_rss, before_cpu = _peak_kib(), _cpu()
    work()
    print(json.dumps({"cpu": _cpu() - before_cpu, "peak_mib": (_peak_kib() - before_rss) / 1024}))
