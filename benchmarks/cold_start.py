"""Hosted-demo figures: cold start (process start to the first page rendered in Chromium) against a one-line
Streamlit app measured the same way, and the server's peak memory after one session visits every page and trains
once. Needs Debian's chromium."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.harness import Row
from rnnviz.devserver import launch_chromium, running_app, wait_for_idle
from rnnviz.screenshots import peak_rss_mib
from rnnviz.ui.navigation import PAGES


def _cold_start(browser, script: str, cwd: Path) -> float:
    start = time.perf_counter()
    with running_app(script=script, cwd=cwd) as (url, _):
        tab = browser.new_page()
        tab.goto(url)
        wait_for_idle(tab, settle_ms=0)
        tab.locator("h1").first.wait_for()
        elapsed = time.perf_counter() - start
        tab.close()
    return elapsed


def run() -> list[Row]:
    with launch_chromium() as browser, tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "hello.py").write_text('import streamlit as st\nst.title("hello")\n')
        reference = _cold_start(browser, "hello.py", Path(folder))
        ours = _cold_start(browser, "app.py", Path(__file__).resolve().parents[1])
        with running_app() as (url, process):
            tab = browser.new_page(viewport={"width": 1600, "height": 900})
            for entry in PAGES:
                tab.goto(f"{url}/{entry.url_path}")
                wait_for_idle(tab, settle_ms=300)
            tab.get_by_role("button", name="Train").click()
            tab.get_by_text("Test period: LSTM against persistence").wait_for(timeout=120_000)
            peak = peak_rss_mib(process.pid)
    return [
        Row("cold start: process start to Home rendered in Chromium", ours, "s",
            "a one-line Streamlit app, same way", reference),
        Row("server peak RSS after one session visits every page and trains once (defaults)", peak, "MiB"),
    ]
