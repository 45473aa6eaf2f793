"""Many sessions at once against one server, for the load test and its benchmark.

Each session is its own browser context (its own Streamlit session) opening the Layer builder with its own
hidden_size; then every session changes num_layers at nearly the same moment while one more session trains the
stock model. Each session must see only its own settings and no error. Uses `tools.chromium.Chromium`, so a
session whose page Chromium crashes is opened again and repeats its change (alone, then): such sessions are
counted in the report, never hidden.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from rnnviz.presets import DEFAULT_PRESET
from tools.chromium import IDLE_SELECTOR, Chromium, wait_for_idle


@dataclass(frozen=True)
class LoadReport:
    latencies: list[float]  # seconds from a session's change to its page showing the result
    problems: list[str]     # what any session saw that it should not have
    repeated: int = 0       # sessions whose page Chromium crashed during the change, repeated in a fresh tab

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)


# Twenty sessions on two cores: a page may take far longer than the usual minute to finish its run.
LOADED_TIMEOUT_MS = 120_000
VIEWPORT = {"viewport": {"width": 1280, "height": 800}}
RESULT_TEXT = "Test period: LSTM against persistence"

# Records (in the page's own clock) the first DOM change that shows h_n with the expected shape.
_WATCH_FOR_SHAPE = """expected => {
    const shows = () => [...document.querySelectorAll("[data-testid='stMarkdownContainer']")]
        .some(e => e.innerText.startsWith('h_n') && e.innerText.includes(expected));
    delete window.__rnnvizShown;
    const observer = new MutationObserver(() => {
        if (window.__rnnvizStart !== undefined && shows()) {
            window.__rnnvizShown = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


@dataclass(frozen=True)
class _Session:
    index: int
    hidden_size: int
    num_layers: int  # what it changes to: never the default 1, so every page must really update

    @property
    def expected(self) -> str:
        return f"({self.num_layers}, {DEFAULT_PRESET.batch}, {self.hidden_size})"  # the page's default batch

    def path(self) -> str:
        return f"/layer_builder?hidden_size={self.hidden_size}"

    def start_change(self, tab) -> None:
        """Watch for the new h_n shape, then type the new num_layers and press Enter (the page times itself)."""
        tab.evaluate(_WATCH_FOR_SHAPE, self.expected)
        field = tab.get_by_role("spinbutton", name="num_layers")
        field.fill(str(self.num_layers))
        tab.evaluate("() => { window.__rnnvizStart = performance.now(); }")
        field.press("Enter")

    def finish_change(self, tab) -> tuple[float, list[str]]:
        """Seconds from the keypress to the new shape on screen, and what the session saw that it should not."""
        tab.wait_for_function("() => window.__rnnvizShown !== undefined", timeout=LOADED_TIMEOUT_MS, polling=100)
        latency = tab.evaluate("() => (window.__rnnvizShown - window.__rnnvizStart) / 1000")
        wait_for_idle(tab, settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS)
        problems = []
        line = next((text for text in tab.locator("[data-testid='stMarkdownContainer']").all_inner_texts()
                     if text.startswith("h_n")), "")
        if self.expected not in line:
            problems.append(f"session {self.index}: expected h_n {self.expected}, saw {line!r}")
        for name, value in (("hidden_size", self.hidden_size), ("num_layers", self.num_layers)):
            if not re.search(rf"{name}={value}(&|$)", tab.url):
                problems.append(f"session {self.index}: its link lost {name}={value}: {tab.url}")
        if tab.locator("[data-testid='stException']").count():
            problems.append(f"session {self.index}: an exception is shown")
        return latency, problems


def _start_training(chromium: Chromium, url: str):
    """A session on the stock page that has started training, with hidden 128 and 40 epochs so that it overlaps
    every other session's change (the defaults train in about 3 s now that the runs' worker imports torch's
    optimiser ahead)."""
    trainer = chromium.open(f"{url}/stock?f_hidden=128&epochs=40", settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS,
                            **VIEWPORT)
    trainer.get_by_role("button", name="Train").click()
    trainer.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=30_000)
    return trainer


def _finish_training(chromium: Chromium, url: str, trainer) -> list[str]:
    """Wait for the trainer's verdict; a page Chromium lost is trained again in a fresh tab, counted."""
    def verdict(tab) -> list[str]:
        tab.get_by_text(RESULT_TEXT).wait_for(timeout=180_000)
        return ["the training session shows an exception"] if tab.locator("[data-testid='stException']").count() else []

    try:
        return verdict(trainer)
    except Exception as error:
        if not chromium.lost(trainer, error):
            raise
        chromium.count_crash(f"{url}/stock?f_hidden=128", error)
        return chromium.drive(f"{url}/stock?f_hidden=128", lambda tab: (tab.get_by_role("button", name="Train").click(),
                                                           verdict(tab))[1], **VIEWPORT)


def run_sessions(chromium: Chromium, url: str, sessions: int = 20, train: bool = True) -> LoadReport:
    """Drive `sessions` Layer-builder sessions (and one training session) at once; see the module docstring."""
    plan = [_Session(index, 10 + index, 2 + index % 3) for index in range(sessions)]
    tabs = []
    trainer = None
    problems: list[str] = []
    repeated = 0
    try:
        for session in plan:
            tabs.append(chromium.open(url + session.path(), settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS, **VIEWPORT))
        if train:
            trainer = _start_training(chromium, url)
        # Everyone changes num_layers at nearly the same moment, while the trainer trains. Each page times itself
        # (its own clock from the keypress to the DOM showing the new shape), so waiting on one tab does not
        # inflate another's figure.
        crashed: dict[int, Exception] = {}
        for session, tab in zip(plan, tabs):
            try:
                session.start_change(tab)
            except Exception as error:
                if not chromium.lost(tab, error):
                    raise
                crashed[session.index] = error
        if trainer is not None and trainer.locator(IDLE_SELECTOR).count():
            problems.append("the training had finished before the other sessions changed their settings")
        latencies = []
        for session, tab in zip(plan, tabs):
            try:
                if session.index in crashed:
                    raise crashed[session.index]
                latency, seen = session.finish_change(tab)
            except Exception as error:
                if not chromium.lost(tab, error):
                    raise
                # Chromium lost this page mid-change: open the session again and repeat its change, counted.
                chromium.count_crash(url + session.path(), error)
                repeated += 1
                latency, seen = chromium.drive(
                    url + session.path(), lambda fresh, s=session: (s.start_change(fresh), s.finish_change(fresh))[1],
                    settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS, **VIEWPORT)
            latencies.append(latency)
            problems.extend(seen)
        if trainer is not None:
            problems.extend(_finish_training(chromium, url, trainer))
        return LoadReport(latencies, problems, repeated)
    finally:
        for tab in tabs + ([trainer] if trainer is not None else []):
            chromium.close(tab)
