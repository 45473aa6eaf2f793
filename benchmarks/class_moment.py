"""The lecture's moment: 30 sessions press Train at the same moment on the same defaults (a lecture task, and the
stock page), on one server, in Debian's chromium. The reference is the way before shared runs: every session
trains its own copy in its own thread (RNNVIZ_PRIVATE_RUNS=1). The 30 browsers run on the same two cores as the
server here; a class brings its own laptops."""

from __future__ import annotations

from benchmarks.harness import Row
from benchmarks.load import _machine_cpu_seconds, _process_cpu_seconds
from rnnviz import i18n
from tools.chromium import Chromium, CrashLog
from tools.class_moment import HealthWatch, Moment, press_train_at_once
from tools.devserver import running_app
from tools.loadtest import RESULT_TEXT

SESSIONS = 30
MOMENTS = {
    "lecture task hihello": Moment("/hidden_states?weights=trained&task=hihello&cell=RNN&hidden_size=8",
                                   i18n.text("trained.train", "en"), "On held-out data the trained layer predicts"),
    "stock page at its defaults": Moment("/stock", i18n.text("stock.train", "en"), RESULT_TEXT),
}


def run() -> list[Row]:
    rows, crashes = [], CrashLog()
    with Chromium(crash_log=crashes) as chromium:
        for name, moment in MOMENTS.items():
            with running_app(env={"RNNVIZ_PRIVATE_RUNS": "1"}) as (url, _):
                with HealthWatch(url) as naive_health:
                    naive = press_train_at_once(chromium, url, moment, SESSIONS)
            with running_app() as (url, server):
                server_before, machine_before = _process_cpu_seconds(server.pid), _machine_cpu_seconds()
                with HealthWatch(url) as health:
                    shared = press_train_at_once(chromium, url, moment, SESSIONS)
                share = (_process_cpu_seconds(server.pid) - server_before) / (_machine_cpu_seconds() - machine_before)
            problems = shared.problems
            late = sum("no result within" in problem for problem in naive.problems)
            note = (f"p50 {shared.median:.1f} s (each session its own run: {naive.median:.1f} s, {late} of {SESSIONS}"
                    f" sessions still waiting when the driver gave up at 120 s); the server used {share:.0%} of the "
                    f"machine's CPU, the {SESSIONS} browsers on the same 2 cores most of the rest; {crashes.summary()}")
            rows.append(Row(f"{SESSIONS} sessions press Train at once, {name}: click to result, p95",
                            shared.percentile(0.95), "s", "each session its own run", naive.percentile(0.95),
                            target="<= 5 s", met=shared.percentile(0.95) <= 5 and not problems,
                            note=note if not problems else f"PROBLEMS: {problems[:2]}; {note}"))
            rows.append(Row(f"{SESSIONS} sessions press Train at once, {name}: slowest /_stcore/health answer",
                            health.slowest, "s", "each session its own run", naive_health.slowest,
                            target="<= 1 s", met=health.slowest <= 1, digits=2,
                            note=f"{len(health.answers)} requests, one every 100 ms"))
    return rows
