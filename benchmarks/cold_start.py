"""Hosted-demo figures: cold start (process start to the first page rendered in Chromium) against a one-line
Streamlit app measured the same way, and the server's peak memory after one session visits every page and trains
once. Needs Debian's chromium. Each figure is one event of seconds, well above the clock's 10-20 ms steps."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.harness import Row
from rnnviz.ui.navigation import PAGES
from tools.chromium import Chromium, CrashLog, wait_for_idle
from tools.devserver import ROOT, peak_rss_mib, running_app


def _cold_start(chromium: Chromium, script: str, cwd: Path) -> float:
    """Seconds from starting the server to its first page's title drawn. A load that Chromium crashes is opened
    again and its time stays in the figure; the row's note counts such crashes."""
    start = time.perf_counter()
    with running_app(script=script, cwd=cwd) as (url, _):
        chromium.drive(url, lambda tab: tab.locator("h1").first.wait_for(), settle_ms=0)
        return time.perf_counter() - start


def _visit_every_page_and_train(chromium: Chromium, url: str) -> None:
    def visit(tab) -> None:
        for entry in PAGES[1:]:
            tab.goto(f"{url}/{entry.url_path}")
            wait_for_idle(tab)
        tab.goto(f"{url}/stock")  # the page that trains at its defaults
        wait_for_idle(tab)
        tab.get_by_role("button", name="Train", exact=True).click()
        tab.get_by_text("Test period: LSTM against persistence").wait_for(timeout=120_000)

    chromium.drive(url, visit, viewport={"width": 1600, "height": 900})


def run() -> list[Row]:
    crashes = CrashLog()
    with Chromium(crash_log=crashes) as chromium, tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "hello.py").write_text('import streamlit as st\nst.title("hello")\n')
        reference = _cold_start(chromium, "hello.py", Path(folder))
        ours = _cold_start(chromium, "app.py", ROOT)
        with running_app() as (url, process):
            _visit_every_page_and_train(chromium, url)
            peak = peak_rss_mib(process.pid)
    return [
        Row("cold start: process start to Home rendered in Chromium", ours, "s",
            "a one-line Streamlit app, same way", reference, note=crashes.summary()),
        Row("server peak RSS after one session visits every page and trains once (defaults)", peak, "MiB"),
    ]
