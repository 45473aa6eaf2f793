"""The lecture's moment, driven in Chromium: thirty sessions open the same page and press Train at one moment (each
tab clicks at a shared time, scheduled in the page). Each page times itself (its own clock, from the click to the
result on screen); `server_waits` reads the server's own part from tools.timed_server's log; a thread asks the
server's health endpoint every 100 ms throughout. Chromium's own crashes are retried in a fresh tab and counted,
as everywhere (tools.chromium)."""

from __future__ import annotations

import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools.chromium import Chromium
from tools.loadtest import LOADED_TIMEOUT_MS, VIEWPORT, LoadReport
from tools.protocol_session import ProtocolSession

# In every tab at once: find the button, then at the shared moment `at` (ms of the Unix clock) click it, and record
# (in the page's own clock) when `text` first appears after the click. Scheduled in the pages themselves, so the
# thirty clicks reach the server together whatever the driver's pace.
_CLICK_AT = """([label, text, at]) => {
    delete window.__rnnvizShown;
    delete window.__rnnvizStart;
    // The label is one line of the button's text (its icon is another). Looked up at the moment itself: a rerun
    // before it may have drawn the button anew.
    const button = () => [...document.querySelectorAll("button")]
        .find(b => b.innerText.split("\\n").map(line => line.trim()).includes(label));
    if (!button()) return false;
    const observer = new MutationObserver(() => {
        if (window.__rnnvizStart !== undefined && document.body.innerText.includes(text)) {
            window.__rnnvizShown = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(document.body, {childList: true, subtree: true, characterData: true});
    const wait = at - Date.now();
    setTimeout(() => { window.__rnnvizStart = performance.now(); button().click(); }, Math.max(0, wait));
    return wait;
}"""
# Room for the driver to schedule the click in every tab (all loaded, their buttons drawn) before the moment comes.
SCHEDULE_SECONDS_PER_TAB = 0.2


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


@dataclass(frozen=True)
class MomentReport(LoadReport):
    """The in-page latencies (LoadReport), the Unix time of the shared click, and the seconds from click to result
    received of the sessions driven without a browser (tools.protocol_session)."""

    clicked_at: float = 0.0
    protocol_latencies: tuple[float, ...] = ()


def _protocol_clicks(url: str, moment: Moment, count: int) -> tuple[list[ProtocolSession], list[float], Callable]:
    """`count` sessions opened over the protocol, and a `start(at)` that has each press at the Unix time `at` in its
    own thread (their latencies land in the list)."""
    sessions: list[ProtocolSession] = []
    try:
        for _ in range(count):
            sessions.append(ProtocolSession(url, moment.path, timeout=LOADED_TIMEOUT_MS / 1000))
            sessions[-1].open()
    except BaseException:
        # The caller's `finally` only closes what this returned: a failed open must not leave the others connected.
        for session in sessions:
            session.close()
        raise
    latencies: list[float] = []

    def press(session: ProtocolSession, at: float) -> None:
        time.sleep(max(0.0, at - time.time()))
        latencies.append(session.press(moment.button, moment.result_text))

    def start(at: float) -> list[threading.Thread]:
        threads = [threading.Thread(target=press, args=(session, at), daemon=True) for session in sessions]
        for thread in threads:
            thread.start()
        return threads

    return sessions, latencies, start


def press_train_at_once(chromium: Chromium, url: str, moment: Moment, sessions: int = 30,
                        browser_tabs: int | None = None) -> MomentReport:
    """Open `sessions` sessions on the page, `browser_tabs` of them Chromium tabs (all by default) and the others
    over the protocol (tools.protocol_session), then have every one click Train at one shared moment; the latencies
    are each tab's click-to-result seconds on screen. A tab Chromium lost is opened again and clicks on its own,
    counted."""
    tabs, problems, repeated, latencies = [], [], 0, []
    browser_tabs = sessions if browser_tabs is None else browser_tabs
    protocol, protocol_latencies, start_protocol = _protocol_clicks(url, moment, sessions - browser_tabs)

    def ready(tab) -> None:
        tab.get_by_role("button", name=moment.button).wait_for(timeout=LOADED_TIMEOUT_MS)

    def schedule(tab, at: float) -> None:
        wait = tab.evaluate(_CLICK_AT, [moment.button, moment.result_text, at * 1000])
        if wait is False:
            raise AssertionError(f"{tab.url}: no button {moment.button!r}")
        if wait < 0:
            problems.append(f"{tab.url}: scheduled {-wait / 1000:.1f} s after the moment")

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
        for _ in range(browser_tabs):
            tabs.append(chromium.open(url + moment.path, settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS, **VIEWPORT))
        crashed = {}
        for index, tab in enumerate(tabs):
            try:
                ready(tab)
            except Exception as error:
                if not chromium.lost(tab, error):
                    raise
                crashed[index] = error
        at = time.time() + 1.0 + SCHEDULE_SECONDS_PER_TAB * browser_tabs
        for index, tab in enumerate(tabs):
            if index in crashed:
                continue
            try:
                schedule(tab, at)
            except Exception as error:
                if not chromium.lost(tab, error):
                    raise
                crashed[index] = error
        threads = start_protocol(at)
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
                latencies.append(chromium.drive(url + moment.path,
                                                lambda fresh: (ready(fresh), schedule(fresh, time.time()),
                                                               finish(fresh))[2],
                                                settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS, **VIEWPORT))
        for thread in threads:
            thread.join(LOADED_TIMEOUT_MS / 1000)
        if len(protocol_latencies) < len(protocol):
            problems.append(f"{len(protocol) - len(protocol_latencies)} protocol sessions saw no result")
        return MomentReport(latencies, problems, repeated, clicked_at=at,
                            protocol_latencies=tuple(protocol_latencies))
    finally:
        for tab in tabs:
            chromium.close(tab)
        for session in protocol:
            session.close()


def server_waits(run_log: Path, after: float) -> tuple[list[float], float]:
    """From a tools.timed_server log: for each session with script runs starting after `after` (the shared click),
    seconds from its first such run's start (the server has its click) to its last run's end (its result sent);
    and the spread of those first starts (how together the clicks arrived)."""
    runs: dict[str, list[tuple[float, float]]] = {}
    for line in run_log.read_text().splitlines():
        session, start, end = line.split()
        if float(start) >= after:
            runs.setdefault(session, []).append((float(start), float(end)))
    firsts = [min(start for start, _ in spans) for spans in runs.values()]
    waits = [max(end for _, end in spans) - min(start for start, _ in spans) for spans in runs.values()]
    return waits, (max(firsts) - min(firsts)) if firsts else 0.0
