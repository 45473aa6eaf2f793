"""Page-update latency with 20 sessions at once on one server, one of them training (Debian's chromium).

The browsers run on the same two cores as the server here, so these figures are an upper bound for a class whose
browsers run on their own laptops. The reference is the same load against Streamlit's defaults, which collect
garbage in full and walk every loaded module for the file watcher after each run of each session.
"""

from __future__ import annotations

import os

from benchmarks.harness import Row
from tools.chromium import Chromium, CrashLog
from tools.devserver import peak_rss_mib, running_app
from tools.loadtest import run_sessions

_TICKS = os.sysconf("SC_CLK_TCK")


def _process_cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime


def _machine_cpu_seconds() -> float:
    ticks = [int(value) for value in open("/proc/stat").readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / _TICKS  # all but idle and iowait


STREAMLIT_DEFAULTS = ("--runner.postScriptGC", "true", "--server.fileWatcherType", "auto")


def run() -> list[Row]:
    crashes = CrashLog()
    with Chromium(crash_log=crashes) as chromium:
        with running_app(options=STREAMLIT_DEFAULTS) as (url, _):
            naive = run_sessions(chromium, url, sessions=20, train=True)
        with running_app() as (url, server):
            alone = run_sessions(chromium, url, sessions=1, train=False)
            server_before, machine_before = _process_cpu_seconds(server.pid), _machine_cpu_seconds()
            loaded = run_sessions(chromium, url, sessions=20, train=True)
            server_cpu = _process_cpu_seconds(server.pid) - server_before
            machine_cpu = _machine_cpu_seconds() - machine_before
            peak = peak_rss_mib(server.pid)
    # Chromium's own crashes, retried in fresh tabs: shown next to the percentiles so a rising rate stays visible.
    retried = f"{crashes.summary()}; {loaded.repeated} loaded sessions repeated their change after a crash"
    note = retried if not loaded.problems else f"PROBLEMS: {loaded.problems[:2]}; {retried}"
    reference = "same load, Streamlit's GC and watcher defaults"
    return [
        Row("Layer builder update, one session alone (keypress to new h_n shown)", alone.median * 1e3, "ms"),
        Row("Layer builder update under load, p50 (20 sessions changing at once, 1 training)", loaded.median * 1e3,
            "ms", reference, naive.median * 1e3, note=note),
        # Our own target: a student waits under a second for a change even while the whole class works.
        Row("Layer builder update under load, p95", loaded.percentile(0.95) * 1e3, "ms", reference,
            naive.percentile(0.95) * 1e3, target="<= 1000 ms", met=loaded.percentile(0.95) <= 1.0,
            note=retried if loaded.percentile(0.95) <= 1.0 else
            f"{retried}; the server used {100 * server_cpu / machine_cpu:.0f} % of the CPU, the 21 browsers on the "
            "same 2 cores the rest: meeting it here takes the browsers off the server's cores, as a class's "
            "laptops do"),
        # Where the machine's time went: the rest is the 21 browser contexts, which a class brings on its laptops.
        Row("Server's share of the machine's CPU during the loaded run (incl. the training)",
            100 * server_cpu / machine_cpu, "%", note=f"server {server_cpu:.1f} s of {machine_cpu:.1f} s CPU"),
        Row("Server peak RSS after the loaded run (21 sessions, one trained)", peak, "MiB"),
    ]
