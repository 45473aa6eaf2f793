"""Runs computed once per server and shared by every session that asks for the same settings.

The moment every lecture has: "everyone press Train now". A run that is deterministic for its settings (a lecture
task, the stock model, walk-forward, the digits classifier) gives every student the same bits, so thirty
students should wait for one run, not start thirty. `SharedRuns` is that one place:

- `request(key, work)` returns a `Ticket`. The first request of a key queues `work`; requests of the same key
  while it is queued or running attach to it; a finished key is answered from the kept results at once.
- One worker thread runs the queue, one run at a time: the second core stays with the server, which keeps
  answering every other session, and two trainings never share two cores.
- `work(report)` calls `report(progress)` as it goes (after every step or epoch); every ticket of the run sees
  every report, so each waiting session can draw its own progress bar. A session that stops waiting (a setting
  changed, the tab closed) calls `Ticket.leave()`; a run that nobody waits for any more is cancelled at its next
  report (or before it starts), so abandoned runs cost nothing further.
- Finished results are kept least-recently-used within `kept_bytes` (each result's size given by `size_of`);
  a failed run is not kept, so asking again runs it again.

Nothing here knows Streamlit; `rnnviz.ui.runs` draws the button and the progress.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable


class Cancelled(Exception):
    """Raised inside a run's `report` when no session waits for it any more."""


class _Run:
    def __init__(self, key: Hashable, work: Callable[[Callable[[Any], None]], Any]) -> None:
        self.key = key
        self.work = work
        self.reports: list[Any] = []
        self.waiters = 0
        self.started = False
        self.finished = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancelled = False


class Ticket:
    """A session's claim on one run: its reports so far, whether it is done, and its result."""

    def __init__(self, store: SharedRuns, run: _Run) -> None:
        self._store = store
        self._run = run
        self._left = False

    @property
    def key(self) -> Hashable:
        return self._run.key

    @property
    def reports(self) -> list[Any]:
        """Every progress report of the run so far, oldest first (a copy)."""
        with self._store._lock:
            return list(self._run.reports)

    @property
    def runs_ahead(self) -> int:
        """How many queued or running runs this one waits behind (0 once it runs)."""
        return self._store._ahead_of(self._run)

    @property
    def done(self) -> bool:
        return self._run.finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to `timeout` seconds for the run to end; True if it has."""
        return self._run.finished.wait(timeout)

    def result(self) -> Any:
        """The run's result, once done; raises the run's own exception if it failed."""
        if not self.done:
            raise RuntimeError("the run has not finished")
        if self._run.error is not None:
            raise self._run.error
        return self._run.result

    def leave(self) -> None:
        """Stop waiting for the run (idempotent); the last to leave a running or queued run cancels it."""
        if not self._left:
            self._left = True
            self._store._leave(self._run)


class SharedRuns:
    """One queue of runs and one store of their results for the whole server (see the module's docstring)."""

    def __init__(self, kept_bytes: int, size_of: Callable[[Any], int] = lambda result: 0,
                 prepare: Callable[[], None] | None = None) -> None:
        """`prepare()`, if given, runs on the worker before it takes the first run (imports a first run would
        otherwise wait for); if it fails, runs are served all the same."""
        self._prepare = prepare
        self._lock = threading.Lock()
        self._kept_bytes = kept_bytes
        self._size_of = size_of
        self._results: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._pending: dict[Hashable, _Run] = {}  # queued or running, in the order they were asked for
        self._wake = threading.Condition(self._lock)
        self._worker = threading.Thread(target=self._serve, name="rnnviz-shared-runs", daemon=True)
        self._worker.start()
        self.runs_started = 0  # how many runs the worker began: one per distinct key asked for while not kept

    # ---- asking ------------------------------------------------------------------------------------------------
    def request(self, key: Hashable, work: Callable[[Callable[[Any], None]], Any]) -> Ticket:
        """A ticket for `key`: the kept result, the run already queued or running, or a new run of `work`."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                run = _Run(key, work)
                run.result = self._results[key][0]
                run.finished.set()
                return Ticket(self, run)
            run = self._pending.get(key)
            if run is None or run.cancelled:
                run = self._pending[key] = _Run(key, work)
                self._wake.notify()
            run.waiters += 1
            return Ticket(self, run)

    def keep(self, key: Hashable, result: Any) -> None:
        """Keep a result made elsewhere under `key` (the benchmark's private runs)."""
        with self._lock:
            self._results[key] = (result, self._size_of(result))
            self._drop_beyond_budget()

    def kept(self, key: Hashable) -> Any | None:
        """The kept result of `key` (marking it recently used), or None."""
        with self._lock:
            if key not in self._results:
                return None
            self._results.move_to_end(key)
            return self._results[key][0]

    # ---- inside --------------------------------------------------------------------------------------------------
    def _ahead_of(self, run: _Run) -> int:
        with self._lock:
            if run.started or run.finished.is_set():
                return 0
            order = list(self._pending.values())
            return order.index(run) if run in order else 0

    def _leave(self, run: _Run) -> None:
        with self._lock:
            run.waiters -= 1
            if run.waiters <= 0 and not run.finished.is_set():
                run.cancelled = True
                if not run.started and self._pending.get(run.key) is run:
                    del self._pending[run.key]
                    run.error = Cancelled()
                    run.finished.set()

    def _serve(self) -> None:
        if self._prepare is not None:
            try:
                self._prepare()
            except Exception:  # noqa: BLE001 - only a head start: the first run pays for it instead
                logging.getLogger(__name__).exception("preparing for runs failed")
        while True:
            with self._lock:
                while not self._pending:
                    self._wake.wait()
                run = next(iter(self._pending.values()))
                run.started = True
                self.runs_started += 1
            self._run(run)

    def _run(self, run: _Run) -> None:
        def report(progress: Any) -> None:
            with self._lock:
                run.reports.append(progress)
                if run.cancelled:
                    raise Cancelled()

        try:
            result = run.work(report)
        except BaseException as error:  # noqa: BLE001 - handed to every waiter, which raises it in its session
            with self._lock:
                run.error = error
                self._pending.pop(run.key, None)
            run.finished.set()
            return
        size = self._size_of(result)
        with self._lock:
            run.result = result
            self._pending.pop(run.key, None)
            self._results[run.key] = (result, size)
            self._results.move_to_end(run.key)
            self._drop_beyond_budget()
        run.finished.set()

    def _drop_beyond_budget(self) -> None:
        """Drop the least recently used results until the rest fit (the newest always stays). Holds the lock."""
        total = sum(kept_size for _, kept_size in self._results.values())
        while total > self._kept_bytes and len(self._results) > 1:
            _, (_, dropped) = self._results.popitem(last=False)
            total -= dropped
