"""Many sessions at once against one server, for the load test and its benchmark.

Each session is its own browser context (its own Streamlit session) opening the Layer builder with its own
hidden_size; then every session changes num_layers at nearly the same moment while one more session trains the
stock model. Each session must see only its own settings and no error. Uses Playwright on Debian's chromium.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from rnnviz.devserver import IDLE_SELECTOR, wait_for_idle


@dataclass(frozen=True)
class LoadReport:
    latencies: list[float]  # seconds from a session's change to its page showing the result
    problems: list[str]     # what any session saw that it should not have

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

    @property
    def median(self) -> float:
        return statistics.median(self.latencies)


# Twenty sessions on two cores: a page may take far longer than the usual minute to finish its run.
LOADED_TIMEOUT_MS = 120_000

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


def _h_n_line(tab) -> str:
    return next((text for text in tab.locator("[data-testid='stMarkdownContainer']").all_inner_texts()
                 if text.startswith("h_n")), "")


def run_sessions(browser, url: str, sessions: int = 20, train: bool = True) -> LoadReport:
    """Drive `sessions` Layer-builder sessions (and one training session) at once; see the module docstring."""
    contexts = [browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(sessions)]
    tabs = [context.new_page() for context in contexts]
    trainer_context = browser.new_context(viewport={"width": 1280, "height": 800}) if train else None
    problems: list[str] = []
    try:
        hidden = [10 + index for index in range(sessions)]
        for tab, size in zip(tabs, hidden):
            tab.goto(f"{url}/layer_builder?hidden_size={size}")
        for tab in tabs:
            wait_for_idle(tab, settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS)
        trainer = None
        if trainer_context:
            # Default settings: a run of about ten seconds, so the training overlaps every session's change.
            trainer = trainer_context.new_page()
            trainer.goto(f"{url}/stock")
            wait_for_idle(trainer, settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS)
            trainer.get_by_role("button", name="Train").click()
            trainer.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=30_000)
        # Everyone changes num_layers (never to the default 1, so every page must really update) at nearly the
        # same moment, while the trainer trains. Each page times itself: its own clock from the keypress to the
        # DOM showing the new h_n shape, so waiting on one tab does not inflate another's figure.
        layers = [2 + index % 3 for index in range(sessions)]
        for tab, size, count in zip(tabs, hidden, layers):
            tab.evaluate(_WATCH_FOR_SHAPE, f"({count}, 30, {size})")
        for tab, count in zip(tabs, layers):
            field = tab.get_by_role("spinbutton", name="num_layers")
            field.fill(str(count))
            tab.evaluate("() => { window.__rnnvizStart = performance.now(); }")
            field.press("Enter")
        if trainer is not None and trainer.locator(IDLE_SELECTOR).count():
            problems.append("the training had finished before the other sessions changed their settings")
        latencies = []
        for index, (tab, size, count) in enumerate(zip(tabs, hidden, layers)):
            expected = f"({count}, 30, {size})"
            tab.wait_for_function("() => window.__rnnvizShown !== undefined", timeout=LOADED_TIMEOUT_MS, polling=100)
            latencies.append(tab.evaluate("() => (window.__rnnvizShown - window.__rnnvizStart) / 1000"))
            wait_for_idle(tab, settle_ms=150, timeout_ms=LOADED_TIMEOUT_MS)
            line = _h_n_line(tab)
            if expected not in line:
                problems.append(f"session {index}: expected h_n {expected}, saw {line!r}")
            if not re.search(rf"hidden_size={size}(&|$)", tab.url):
                problems.append(f"session {index}: its link lost hidden_size={size}: {tab.url}")
            if not re.search(rf"num_layers={count}(&|$)", tab.url):
                problems.append(f"session {index}: its link lost num_layers={count}: {tab.url}")
            if tab.locator("[data-testid='stException']").count():
                problems.append(f"session {index}: an exception is shown")
        if trainer is not None:
            trainer.get_by_text("Test period: LSTM against persistence").wait_for(timeout=180_000)
            if trainer.locator("[data-testid='stException']").count():
                problems.append("the training session shows an exception")
        return LoadReport(latencies, problems)
    finally:
        for context in contexts + ([trainer_context] if trainer_context else []):
            context.close()
