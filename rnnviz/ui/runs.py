"""The one way a page runs a training: a button, progress while it runs, and the result kept per settings, shared
by every session of the server (rnnviz.shared_runs: thirty students pressing Train on the same settings wait for
one run; a run nobody waits for any more is cancelled; results are kept least-recently-used within a budget).

A session remembers only which runs it asked for (their keys) and the last one of each section; the results live
in the server's one store, so memory does not grow with every student.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Hashable

import streamlit as st

from rnnviz.errors import RnnvizError
from rnnviz.limits import MEMORY_BUDGET
from rnnviz.shared_runs import SharedRuns
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import built_once
from rnnviz.ui.language import current_language, error_text, tr

# How often a waiting session redraws its progress. Thirty sessions redrawing a live chart at every epoch took the
# GIL from the run they waited for (benchmark rows "30 sessions press Train at once"): half a second is smooth enough.
POLL_SECONDS = 0.5
LIVE_CHART_SECONDS = 2.0  # a live loss chart is redrawn at most this often by each waiting session
LIVE_DRAWINGS = 10  # a live chart shows a run of known length at about this many points of its progress
# The way before shared runs, kept only as the class-moment benchmark's reference: every session trains its own copy
# in its own script thread, at once (RNNVIZ_PRIVATE_RUNS=1 in the server's environment).
PRIVATE_RUNS = os.environ.get("RNNVIZ_PRIVATE_RUNS") == "1"
_ASKED = "runs.asked"  # session key: the (section, key) pairs this session ran or waited for
_LATEST = "runs.latest."  # session key prefix: section -> (key, the page's own note on it, e.g. the data's label)


def result_bytes(result: Any, _depth: int = 0) -> int:
    """The bytes of every tensor a result holds (modules, checkpoints, tensors in lists, dicts and dataclasses)."""
    import torch

    if isinstance(result, torch.Tensor):
        return result.numel() * result.element_size()
    if isinstance(result, torch.nn.Module):
        return sum(tensor.numel() * tensor.element_size() for tensor in result.state_dict().values())
    if _depth > 4:
        return 0
    if isinstance(result, dict):
        parts = result.values()
    elif isinstance(result, (list, tuple)):
        parts = result
    elif hasattr(result, "__dict__"):
        parts = vars(result).values()
    else:
        return 0
    return sum(result_bytes(part, _depth + 1) for part in parts)


def _prepare_torch() -> None:
    """Import what a first training imports: torch's first optimizer pulls in torch._dynamo (over a second here).
    Done on the runs' worker as soon as a page with runs opens, so the class's first Train does not wait for it."""
    import torch

    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


@st.cache_resource(show_spinner=False)
def shared_runs() -> SharedRuns:
    """The server's one store of runs (one per process, whatever the session)."""
    return SharedRuns(kept_bytes=MEMORY_BUDGET, size_of=result_bytes, prepare=_prepare_torch)


def _request(flag: str) -> None:
    st.session_state[flag] = True


def run_button(label: str, key: str, container=None, primary: bool = True) -> bool:
    """A run button; True on the rerun its click caused. The click is kept by a callback (the router's first
    rerun would drop a button's return value)."""
    flag = f"runs.clicked.{key}"
    shared_runs()  # a page with a run button starts the store, and its worker prepares, before the first click
    (container or st).button(label, key=key, type="primary" if primary else "secondary",
                             icon=":material/model_training:", on_click=_request, args=(flag,))
    return st.session_state.pop(flag, False)


@dataclass(frozen=True)
class LiveChartSpec:
    """A chart that follows a run's reports below its progress bar (a `LiveChart`): its name, how many reports
    apart it is drawn, and `build(reports) -> figure`."""

    name: str
    every: int
    build: Callable[[list], Any]


@dataclass(frozen=True)
class Progress:
    """What a run shows while a session waits for it: a bar saying `first` until the first report, then
    `describe(reports so far) -> (fraction done in [0, 1], text)`, or how many runs are queued ahead; below it the
    live chart `chart`, if any. Both go when the wait ends, however it ends."""

    first: str
    describe: Callable[[list], tuple[float, str]]
    chart: LiveChartSpec | None = None


class _Shown:
    """A `Progress` on screen for the run `run`: the bar and its live chart."""

    def __init__(self, progress: Progress, run: tuple[str, Hashable]) -> None:
        self._progress = progress
        self._bar = st.progress(0.0, text=progress.first)
        spec = progress.chart
        self._chart = LiveChart(spec.name, run, spec.every, spec.build) if spec else None

    def update(self, reports: list, ahead: int) -> None:
        if ahead:
            self._bar.progress(0.0, text=queued_text(ahead))
        elif reports:
            fraction, text = self._progress.describe(reports)
            self._bar.progress(min(max(fraction, 0.0), 1.0), text=text)
            if self._chart:
                self._chart.update(reports)

    def empty(self) -> None:
        self._bar.empty()
        if self._chart:
            self._chart.empty()


def run_shared(section: str, key: Hashable, work: Callable[[Callable[[Any], None]], Any], progress: Progress,
               note: Any = None, show_errors: bool = False) -> Any:
    """Run `work(report)` for `key`, or wait for the same run another session started, showing `progress` of the
    reports so far a few times a second; returns the result or raises the run's error (with `show_errors`, an
    RnnvizError is shown as a message instead and None returned). If the session stops waiting (a rerun: a setting
    changed), it leaves the run, which goes on only while another session waits for it. `note` is kept beside the
    key for `latest`."""
    st.session_state.setdefault(_ASKED, set()).add((section, key))
    shown = _Shown(progress, (section, key))
    try:
        result = _wait(section, key, work, shown)
    except RnnvizError as error:
        if not show_errors:
            raise
        st.error(error_text(error), icon=":material/error:")
        return None
    finally:
        shown.empty()
    st.session_state[_LATEST + section] = (key, note)
    return result


def _wait(section: str, key: Hashable, work: Callable, shown: _Shown) -> Any:
    if PRIVATE_RUNS:
        reports: list = []
        result = work(lambda report: (reports.append(report), shown.update(reports, 0)))
        shared_runs().keep((section, key), result)
        return result
    ticket = shared_runs().request((section, key), work)
    try:
        while not ticket.wait(POLL_SECONDS):
            shown.update(ticket.reports, ticket.runs_ahead)
    finally:
        ticket.leave()
    return ticket.result()


def run_shared_all(section: str, jobs: list[tuple[Hashable, Callable[[Callable[[Any], None]], Any]]],
                   progress: Progress) -> dict:
    """Every `(key, work)` of `jobs` as a shared run of its own (`run_shared`), asked for at once and run in that
    order, so that results arrive one by one; `progress` is shown of the results finished so far (a list, in the
    jobs' order). Returns key -> result, or raises the first failed run's error. Leaving (a rerun) leaves every run
    not yet finished."""
    shown = _Shown(progress, (section, tuple(key for key, _ in jobs)))
    try:
        return _wait_all(section, jobs, shown)
    finally:
        shown.empty()


def _wait_all(section: str, jobs: list, shown: _Shown) -> dict:
    asked = st.session_state.setdefault(_ASKED, set())
    finished: dict = {}
    if PRIVATE_RUNS:
        for key, work in jobs:
            asked.add((section, key))
            finished[key] = work(lambda report: None)
            shared_runs().keep((section, key), finished[key])
            shown.update(list(finished.values()), 0)
        return finished
    tickets = []
    for key, work in jobs:
        asked.add((section, key))
        tickets.append((key, shared_runs().request((section, key), work)))
    try:
        for key, ticket in tickets:
            while not ticket.wait(POLL_SECONDS):
                shown.update(list(finished.values()), ticket.runs_ahead)
            finished[key] = ticket.result()
            shown.update(list(finished.values()), 0)
    finally:
        for _, ticket in tickets:
            ticket.leave()
    return finished


def kept_all(section: str, keys: list[Hashable]) -> dict:
    """key -> result for each of `keys` this session ran (or waited for) and the server still keeps."""
    found = {key: kept(section, key) for key in keys}
    return {key: result for key, result in found.items() if result is not None}


def kept(section: str, key: Hashable) -> Any | None:
    """The result of `key` if this session ran it (or waited for it) and the server still keeps it."""
    if (section, key) not in st.session_state.get(_ASKED, set()):
        return None
    return shared_runs().kept((section, key))


def latest(section: str) -> tuple[Hashable, Any, Any] | None:
    """(key, note, result) of the last run this session had in `section`, while the server keeps it."""
    found = st.session_state.get(_LATEST + section)
    if found is None:
        return None
    result = shared_runs().kept((section, found[0]))
    if result is None:
        st.caption(tr("runs.dropped"))
        return None
    return found[0], found[1], result


class LiveChart:
    """A loss chart that follows a shared run while a session waits for it. It shows the run's first `every`,
    2 x `every`, ... reports, so every waiting session draws the same few figures, each built once per server
    (`built_once`); a session redraws at most every `LIVE_CHART_SECONDS`, and only when the run has reported
    further (thirty sessions building their own figure at every epoch took the GIL from the run they waited for;
    drawing the same figure twice in one script run repeats its element id, which Streamlit refuses)."""

    def __init__(self, name: str, run: tuple[str, Hashable], every: int, build: Callable[[list], Any]) -> None:
        self._name, self._run, self._every, self._build = name, run, max(1, every), build
        self._slot = st.empty()
        self._drawn_at, self._drawn_reports = float("-inf"), 0

    def update(self, reports: list) -> None:
        """Draw `build(reports[:n])` for the largest multiple n of `every` so far, if due."""
        shown = len(reports) // self._every * self._every
        if shown <= self._drawn_reports or time.monotonic() - self._drawn_at < LIVE_CHART_SECONDS:
            return
        self._drawn_at, self._drawn_reports = time.monotonic(), shown
        first = list(reports[:shown])
        figure = built_once(("live", self._name, self._run, shown, current_language()), lambda: self._build(first))
        show_chart(figure, self._name, container=self._slot, key=f"live_{self._name}_{shown}")

    def empty(self) -> None:
        self._slot.empty()


def queued_text(ahead: int) -> str:
    """What a progress bar says while the run waits behind others."""
    return tr("runs.queued", ahead=ahead)
