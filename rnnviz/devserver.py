"""Start `streamlit run app.py` on a free local port, and open Debian's Chromium, for browser tests,
screenshots and benchmarks. Plain subprocess and HTTP: nothing here imports streamlit; Playwright (a test-only
tool) is imported only by `launch_chromium`."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
# Without the networking flags Chromium keeps dialling Google's hosts, which a closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The selector that says a Streamlit script run has finished.
IDLE_SELECTOR = "[data-testid='stApp'][data-test-script-state='notRunning']"


class ServerError(RuntimeError):
    """The app server did not come up; the message carries its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_app(timeout: float = 60.0, script: str = "app.py", cwd: Path = ROOT, options: tuple[str, ...] = ()
                ) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `streamlit run script` (the app by default) on 127.0.0.1 and yield (base URL, process) once its health
    check answers; stop it after. `options` are extra command-line settings (`--runner.postScriptGC`, `true`).
    The process's combined output stays readable from `process.stdout`.
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *options],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise ServerError(f"streamlit did not start within {timeout:.0f} s:\n{process.stdout.read()}")
            time.sleep(0.2)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def chromium_path() -> str | None:
    """Debian's chromium (or the one named by $RNNVIZ_CHROMIUM); None when it is not installed."""
    return os.environ.get("RNNVIZ_CHROMIUM") or shutil.which("chromium")


@contextlib.contextmanager
def launch_chromium(playwright_factory=None):
    """A headless Playwright Browser on Debian's chromium (never a downloaded browser)."""
    executable = chromium_path()
    if executable is None:
        raise FileNotFoundError("Debian's chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with (playwright_factory or sync_playwright)() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_idle(tab, settle_ms: int = 300, timeout_ms: int = 60_000) -> None:
    """Wait until the page's script run has finished (a click starts a rerun a moment later, hence the settle)."""
    tab.wait_for_timeout(settle_ms)
    tab.wait_for_selector(IDLE_SELECTOR, timeout=timeout_ms)
    tab.wait_for_timeout(settle_ms)
