"""`python -m tools.timed_server LOG run app.py ...`: `streamlit run`, writing one line per script run to LOG
(`<session id> <start> <end>`, seconds of the Unix clock), so a benchmark can tell the server's own part of a
session's wait from its browser's. Dev-only: the app knows nothing of it."""

from __future__ import annotations

import sys
import threading
import time

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web.cli import main

_log_path = sys.argv.pop(1)
_lock = threading.Lock()
_run_script = script_runner.ScriptRunner._run_script


def _timed_run_script(self, rerun_data) -> None:
    start = time.time()
    try:
        _run_script(self, rerun_data)
    finally:
        with _lock, open(_log_path, "a") as log:
            log.write(f"{self._session_id} {start:.3f} {time.time():.3f}\n")


script_runner.ScriptRunner._run_script = _timed_run_script

if __name__ == "__main__":
    main(prog_name="streamlit")
