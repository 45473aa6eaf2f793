"""The lecture's moment, driven in Chromium: thirty sessions open the same page and press Train at nearly the same
moment. Each page times itself (its own clock, from the click to the result on screen), and a thread asks the
server's health endpoint every 100 ms throughout. Chromium's own crashes are retried in a fresh tab and counted,
as everywhere (tools.chromium)."""

from __future__ import annotations

import threading
import time
import urllib.request
from dataclasses import dataclass

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools.chromium import Chromium
from tools.loadtest import LOADED_TIMEOUT_MS, VIEWPORT, LoadReport

# Records (in the page's own clock) when `text` first appears after the click.
_WATCH_FOR_TEXT = """text => {
    delete window.__rnnvizShown;
    const observer = new MutationObserver(() => {
        if (window.__rnnvizStart !== undefined && document.body.innerText.includes(text)) {
            window.__rnnvizShown = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


@dataclass(frozen=True)
class Moment:
    """What every session pressed and waited for: the page, its Train button's label, the text its result shows."""

    path: str
    button: str
    result_text: str


class HealthWatch:
    """Asks /_stcore/health every 100 ms in a thread while in use; `slowest` is the longest answer in seconds (a
    failed or timed-out request counts as its 5 s timeout)."""

    def __init__(self, url: str) -> None:
        self._url, self._stop, self.answers = f"{url}/_stcore/health", threading.Event(), []
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(self._url, timeout=5) as response:
                    response.read()
                self.answers.append(time.perf_counter() - start)
            except OSError:
                self.answers.append(5.0)
            self._stop.wait(0.1)

    @property
    def slowest(self) -> float:
        return max(self.answers, default=0.0)

    def __enter__(self) -> HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def press_train_at_once(chromium: Chromium, url: str, moment: Moment, sessions: int = 30) -> LoadReport:
    """Open `sessions` tabs on the page, then click Train in each as fast as the driver goes; the latencies are
    each page's click-to-result seconds."""
    tabs, problems, repeated, latencies = [], [], 0, []

    def start(tab) -> None:
        tab.evaluate(_WATCH_FOR_TEXT, moment.result_text)
        tab.evaluate("() => { window.__rnnvizStart = performance.now(); }")
        tab.get_by_role("button", name=moment.button).click()

    def finish(tab) -> float:
        try:
            tab.wait_for_function("() => window.__rnnvizShown !== undefined", timeout=LOADED_TIMEOUT_MS, polling=100)
        except PlaywrightTimeout:
            # Counted at the timeout: the naive way can leave sessions waiting longer than the driver does.
            problems.append(f"{tab.url}: no result within {LOADED_TIMEOUT_MS // 1000} s")
            return LOADED_TIMEOUT_MS / 1000
        if tab.locator("[data-testid='stException']").count():
            problems.append(f"{tab.url}: an exception is shown")
        return tab.evaluate("() => (window.__rnnvizShown - window.__rnnvizStart) / 1000")

    try:
        for _ in range(sessions):
            tabs.append(chromium.open(url + moment.path, settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS, **VIEWPORT))
        crashed = {}
        for index, tab in enumerate(tabs):
            try:
                start(tab)
            except Exception as error:
                if not chromium.lost(tab, error):
                    raise
                crashed[index] = error
        for index, tab in enumerate(tabs):
            try:
                if index in crashed:
                    raise crashed[index]
                latencies.append(finish(tab))
            except Exception as error:
                if not chromium.lost(tab, error):
                    raise
                chromium.count_crash(url + moment.path, error)
                repeated += 1
                latencies.append(chromium.drive(url + moment.path, lambda fresh: (start(fresh), finish(fresh))[1],
                                                settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS, **VIEWPORT))
        return LoadReport(latencies, problems, repeated)
    finally:
        for tab in tabs:
            chromium.close(tab)
