"""Debian's Chromium through Playwright, and the one place that opens and drives a tab.

Debian's chromium 156 crashes its renderer on 15-30 % of page loads of any Streamlit app on the reference machine
(a one-line app too, as the project's shared design notes record), for reasons of its own. `Chromium.drive` opens
a tab in a fresh context, navigates, waits for the script run to finish and runs the caller's steps. When
Chromium lost the page (its renderer crashed, or the whole browser died) it opens a fresh context (a fresh
browser if need be), repeats the same navigation and steps, up to `CRASH_TRIES` times, and counts the crash in a
`CrashLog`. Anything else (a failed assertion, a timeout, an exception element on the page) is raised at once and
never retried.

Playwright, a test-only tool, is imported only when a browser is launched.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

# Without the networking flags Chromium keeps dialling Google's hosts, which a closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The selector that says a Streamlit script run has finished.
IDLE_SELECTOR = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Grey placeholders of elements whose code Streamlit still loads. st.html is one of them, and the page stylesheet
# (rnnviz.ui.page_style) is an st.html: until it has mounted, captions show at Streamlit's faint 60 % opacity.
SKELETON_SELECTOR = "[data-testid='stSkeleton'], [data-testid='stAppSkeleton']"
# Tries of one navigation and its steps when Chromium keeps crashing the page. At the worst crash rate measured
# here (30 % of loads) three crashes in a row happen on 2.7 % of pages; a real fault fails at the first try anyway.
CRASH_TRIES = 3
# How long the check "is the renderer still alive?" may wait for an answer from a page that did not crash.
_PROBE_MS = 5_000

Result = TypeVar("Result")


class ChromiumCrashed(RuntimeError):
    """Chromium crashed the page on every try; the message says how many crashes and where."""


@dataclass
class CrashLog:
    """Pages opened and crashes retried, so a rising crash rate stays visible (pytest's summary, the load
    benchmark)."""

    loads: int = 0
    crashes: list[str] = field(default_factory=list)  # one line per crash: where, and what Playwright said

    def summary(self) -> str:
        share = f" ({100 * len(self.crashes) / self.loads:.0f} %)" if self.loads else ""
        return f"Chromium: {self.loads} pages opened, {len(self.crashes)} renderer crashes retried{share}"


# Process-wide: every Chromium counts here unless given its own log (the tests of the retry path do).
CRASHES = CrashLog()


def chromium_path() -> str | None:
    """Debian's chromium (or the one named by $RNNVIZ_CHROMIUM); None when it is not installed."""
    return os.environ.get("RNNVIZ_CHROMIUM") or shutil.which("chromium")


def wait_for_idle(tab, settle_ms: int = 300, timeout_ms: int = 60_000) -> None:
    """Wait until the page's script run has finished (a click starts a rerun a moment later, hence the settle)."""
    tab.wait_for_timeout(settle_ms)
    tab.wait_for_selector(IDLE_SELECTOR, timeout=timeout_ms)
    tab.wait_for_timeout(settle_ms)


def wait_for_drawn(tab, settle_ms: int = 300, timeout_ms: int = 60_000) -> None:
    """Wait until the script run has finished and every element has mounted (no placeholder left), so what is on
    screen is what the page looks like, styled."""
    wait_for_idle(tab, settle_ms, timeout_ms)
    tab.wait_for_function(f"() => document.querySelectorAll({SKELETON_SELECTOR!r}).length === 0", timeout=timeout_ms)
    wait_for_idle(tab, settle_ms, timeout_ms)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class Chromium:
    """A headless Debian chromium (never a downloaded browser) that relaunches itself if it dies.

    Use as a context manager: `with Chromium() as chromium: chromium.drive(url, steps)`.
    """

    def __init__(self, crash_log: CrashLog = CRASHES, tries: int = CRASH_TRIES, cpus: set[int] | None = None):
        """`cpus`: the cores Playwright's driver and every Chromium process may run on (all by default); the
        class-moment benchmark keeps the browsers off the server's core, as a class's laptops are."""
        self.crash_log = crash_log
        self.tries = tries
        self._cpus = cpus
        self._playwright_manager = None
        self._playwright = None
        self._browser = None

    def __enter__(self) -> "Chromium":
        executable = chromium_path()
        if executable is None:
            raise FileNotFoundError("Debian's chromium is not installed: apt-get install chromium")
        from playwright.sync_api import sync_playwright

        self._executable = executable
        self._playwright_manager = sync_playwright()
        # The driver process starts here and launches every browser: both inherit this thread's cores.
        everywhere = os.sched_getaffinity(0)
        if self._cpus is not None:
            os.sched_setaffinity(0, self._cpus)
        try:
            self._playwright = self._playwright_manager.__enter__()
        finally:
            os.sched_setaffinity(0, everywhere)
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            if self._browser is not None and self._browser.is_connected():
                self._browser.close()
        finally:
            self._playwright_manager.__exit__(*exc_info)

    @property
    def browser(self):
        """The Playwright Browser, launched again if the previous one died."""
        if self._browser is None or not self._browser.is_connected():
            self._browser = self._playwright.chromium.launch(executable_path=self._executable, args=CHROMIUM_ARGS)
        return self._browser

    def drive(self, url: str | None, steps: Callable[[Any], Result] | None = None, *, keep_open: bool = False,
              settle_ms: int = 300, timeout_ms: int = 60_000, **context_options) -> Result:
        """Open a tab in a fresh context (`context_options` as for `Browser.new_context`), go to `url` and wait for
        the script run to finish, then return `steps(tab)`. A crash anywhere in that is retried from the start in a
        fresh tab; after `tries` crashes `ChromiumCrashed` says so. The tab's context is closed afterwards unless
        `keep_open` (the caller closes `tab.context` then)."""
        crashes = 0
        while True:
            tab = self._new_tab(context_options)
            done = False
            try:
                if url is not None:
                    self.crash_log.loads += 1
                    tab.goto(url, timeout=timeout_ms)
                    wait_for_idle(tab, settle_ms=settle_ms, timeout_ms=timeout_ms)
                result = steps(tab) if steps is not None else tab
                done = True
                return result
            except Exception as error:
                if not self.lost(tab, error):
                    raise
                crashes += 1
                self.count_crash(url, error)
                if crashes >= self.tries:
                    raise ChromiumCrashed(f"Chromium crashed the page {crashes} times in {self.tries} tries at {url}; "
                                          f"last: {_first_line(error)}") from error
            finally:
                if not (done and keep_open):
                    self.close(tab)

    def open(self, url: str, **options) -> Any:
        """`drive(url, keep_open=True)`: a tab that has loaded `url` (crashes retried); close `tab.context` after."""
        return self.drive(url, keep_open=True, **options)

    def _new_tab(self, context_options: dict):
        tab = self.browser.new_context(**context_options).new_page()
        tab.rnnviz_crashed = False

        def mark_crashed(_page) -> None:
            tab.rnnviz_crashed = True

        tab.on("crash", mark_crashed)
        return tab

    def count_crash(self, where: str | None, error: Exception) -> None:
        """Log one crash that is being retried: where it happened and what Playwright said."""
        self.crash_log.crashes.append(f"{where}: {_first_line(error)}")

    def lost(self, tab, error: Exception) -> bool:
        """Whether `error`, raised while driving `tab`, comes from Chromium losing the page (a crashed renderer or a
        dead browser) rather than from the app or the test."""
        from playwright.sync_api import Error as PlaywrightError

        if self._browser is None or not self._browser.is_connected() or tab.rnnviz_crashed:
            return True
        if isinstance(error, PlaywrightError) and "crashed" in str(error).lower():
            return True
        # An assertion or a navigation error can come first and the crash event a moment later: ask the page.
        try:
            tab.wait_for_function("() => true", timeout=_PROBE_MS)
        except PlaywrightError as probe:
            return tab.rnnviz_crashed or "crashed" in str(probe).lower()
        return tab.rnnviz_crashed

    @staticmethod
    def close(tab) -> None:
        """Close the tab's context; quietly, since after a crash it may be gone already."""
        try:
            tab.context.close()
        except Exception:  # noqa: BLE001 - the context of a crashed page or dead browser may be gone already
            pass
