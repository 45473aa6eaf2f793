"""Start `streamlit run app.py` on a free local port, for browser tests, screenshots and benchmarks. Plain
subprocess and HTTP: nothing here imports streamlit or a browser."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]


class ServerError(RuntimeError):
    """The app server did not come up; the message carries its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_app(timeout: float = 60.0, script: str = "app.py", cwd: Path = ROOT, options: tuple[str, ...] = (),
                env: dict[str, str] | None = None, cpus: set[int] | None = None,
                run_log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `streamlit run script` (the app by default) on 127.0.0.1 and yield (base URL, process) once its health
    check answers; stop it after. `options` are extra command-line settings (`--runner.postScriptGC`, `true`);
    `env`, variables added to the server's environment; `cpus`, the cores the server may run on (all by default);
    `run_log`, a file that gets a line per script run (tools.timed_server).
    The process's combined output stays readable from `process.stdout`.
    """
    port = free_port()
    launcher = ("tools.timed_server", str(run_log)) if run_log else ("streamlit",)
    process = subprocess.Popen(
        [sys.executable, "-m", *launcher, "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *options],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})},
        preexec_fn=None if cpus is None else lambda: os.sched_setaffinity(0, cpus),
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


def peak_rss_mib(pid: int) -> float:
    """Peak resident memory of a process so far, from /proc (Linux only)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")
