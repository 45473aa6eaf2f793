"""The lecture's moment: 30 sessions press Train at one moment on the same defaults (a lecture task, and the stock
page), on one server, in Debian's chromium. The reference is the way before shared runs: every session trains its
own copy in its own thread (RNNVIZ_PRIVATE_RUNS=1).

A class's browsers run on its laptops; here they share the machine with the server. So the server runs on one
core (a hosted demo has one or two) and Playwright with its 30 tabs on the other, and two figures are kept apart:
the server's own part (tools.timed_server: from a session's click reaching the server to its result sent) and the
page's (click to result on screen, 30 tabs rendering on one core: an upper bound for a laptop's one tab). A third
moment keeps the class and drops the shared renderer: 3 Chromium tabs among the 30 sessions, the other 27 driven over
Streamlit's own websocket protocol (tools.protocol_session), so the tabs render as laptops would.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.harness import Row
from rnnviz import i18n
from tools.chromium import Chromium, CrashLog
from tools.class_moment import HealthWatch, Moment, MomentReport, press_train_at_once, server_waits
from tools.devserver import running_app
from tools.loadtest import RESULT_TEXT, LoadReport

SESSIONS = 30
LAPTOP_TABS = 3  # the Chromium tabs timed on screen when the rest of the class renders nothing here
SERVER_CPUS, BROWSER_CPUS = {0}, {1}
MOMENTS = {
    "lecture task hihello": Moment("/hidden_states?weights=trained&task=hihello&cell=RNN&hidden_size=8",
                                   i18n.text("trained.train", "en"), "On held-out data the trained layer predicts"),
    "stock page at its defaults": Moment("/stock", i18n.text("stock.train", "en"), RESULT_TEXT),
}


def _moment(chromium: Chromium, moment: Moment, env: dict[str, str],
            browser_tabs: int = SESSIONS) -> tuple[MomentReport, LoadReport, float]:
    """One class moment on a fresh server: the pages' report, the server's waits, the slowest health answer."""
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "runs.txt"
        with running_app(env=env, cpus=SERVER_CPUS, run_log=log) as (url, _):
            with HealthWatch(url) as health:
                pages = press_train_at_once(chromium, url, moment, SESSIONS, browser_tabs=browser_tabs)
        waits, spread = server_waits(log, after=pages.clicked_at - 0.5)
    return pages, LoadReport(waits, [f"clicks reached the server within {spread:.1f} s"]), health.slowest


def run() -> list[Row]:
    rows, crashes = [], CrashLog()
    with Chromium(crash_log=crashes, cpus=BROWSER_CPUS) as chromium:
        for name, moment in MOMENTS.items():
            naive_pages, naive_server, naive_health = _moment(chromium, moment, {"RNNVIZ_PRIVATE_RUNS": "1"})
            pages, server, health = _moment(chromium, moment, {})
            late = sum("no result within" in problem for problem in naive_pages.problems)
            where = (f"server on one core, the {SESSIONS} tabs on the other; {server.problems[0]} (each its own run: "
                     f"{naive_server.problems[0]})")
            problems = pages.problems
            rows.append(Row(f"{SESSIONS} sessions press Train at once, {name}: the server's part (click received to "
                            "result sent), p95", server.percentile(0.95), "s", "each session its own run",
                            naive_server.percentile(0.95), target="<= 5 s",
                            met=server.percentile(0.95) <= 5 and not problems and len(server.latencies) == SESSIONS,
                            note=f"p50 {server.median:.1f} s (each its own run: {naive_server.median:.1f} s); "
                                 f"{len(server.latencies)} sessions seen; {where}"))
            note = (f"p50 {pages.median:.1f} s (each its own run: {naive_pages.median:.1f} s, {late} of {SESSIONS} "
                    f"sessions still waiting when the driver gave up at 120 s); 30 tabs render on one core, a "
                    f"laptop renders one; {crashes.summary()}")
            rows.append(Row(f"{SESSIONS} sessions press Train at once, {name}: click to result on screen, p95",
                            pages.percentile(0.95), "s", "each session its own run", naive_pages.percentile(0.95),
                            target="<= 5 s", met=pages.percentile(0.95) <= 5 and not problems,
                            note=note if not problems else f"PROBLEMS: {problems[:2]}; {note}"))
            rows.append(Row(f"{SESSIONS} sessions press Train at once, {name}: slowest /_stcore/health answer",
                            health, "s", "each session its own run", naive_health, target="<= 1 s",
                            met=health <= 1, digits=2, note="asked every 100 ms, from the first tab opened to the "
                                                            "last result"))
            rows.append(_laptops_row(chromium, name, moment, pages.percentile(0.95)))
    return rows


def _laptops_row(chromium: Chromium, name: str, moment: Moment, all_tabs_p95: float) -> Row:
    """The class moment as laptops see it: LAPTOP_TABS tabs timed on screen, the rest of the class over the protocol."""
    pages, server, health = _moment(chromium, moment, {}, browser_tabs=LAPTOP_TABS)
    slowest = max(pages.latencies)
    protocol = pages.protocol_latencies
    received = LoadReport(list(protocol), []).percentile(0.95) if protocol else float("nan")
    return Row(f"{SESSIONS} sessions press Train at once, {name}: click to result on screen in {LAPTOP_TABS} Chromium "
               f"tabs, the other {SESSIONS - LAPTOP_TABS} sessions over the protocol (render nothing here)", slowest,
               "s", "all 30 sessions as tabs on one core, p95", all_tabs_p95, target="<= 5 s",
               met=slowest <= 5 and not pages.problems and len(server.latencies) == SESSIONS,
               note=f"the slowest tab; protocol sessions' result received p95 {received:.1f} s; server p95 "
                    f"{server.percentile(0.95):.1f} s over {len(server.latencies)} sessions; health slowest "
                    f"{health:.2f} s" + (f"; PROBLEMS: {pages.problems[:2]}" if pages.problems else ""))
