"""SharedRuns: one run per key however many sessions ask at once, progress for all, cancelled when nobody waits,
results kept least-recently-used within their byte budget."""

from __future__ import annotations

import json
import threading
import time

import pytest

from rnnviz.shared_runs import Cancelled, SharedRuns


def _slow(steps: int, value, gate: threading.Event | None = None, calls: list | None = None):
    def work(report):
        if calls is not None:
            calls.append(value)
        for step in range(1, steps + 1):
            if gate is not None:
                gate.wait()
            time.sleep(0.01)
            report(step)
        return value

    return work


def test_thirty_sessions_asking_for_the_same_key_at_once_share_one_run():
    store, calls = SharedRuns(kept_bytes=10), []
    start, results = threading.Barrier(30), []

    def session():
        start.wait()
        ticket = store.request("hihello", _slow(5, "trained", calls=calls))
        ticket.wait(10)
        results.append((ticket.result(), ticket.reports))

    threads = [threading.Thread(target=session) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["trained"] and store.runs_started == 1
    assert results == [("trained", [1, 2, 3, 4, 5])] * 30


def test_a_finished_key_is_answered_from_the_kept_results_without_running_again():
    store, calls = SharedRuns(kept_bytes=10), []
    first = store.request("k", _slow(2, 1, calls=calls))
    first.wait(5)
    again = store.request("k", _slow(2, 2, calls=calls))
    assert again.done and again.result() == 1 and calls == [1]


def test_different_keys_run_one_after_the_other_and_say_how_many_are_ahead():
    store, gate = SharedRuns(kept_bytes=10), threading.Event()
    first = store.request("a", _slow(3, "a", gate))
    second = store.request("b", _slow(3, "b", gate))
    time.sleep(0.05)
    assert second.runs_ahead == 1 and not second.done
    gate.set()
    assert second.wait(5) and second.result() == "b" and first.result() == "a"


def test_a_run_nobody_waits_for_is_cancelled_and_a_new_request_starts_it_again():
    store, gate = SharedRuns(kept_bytes=10), threading.Event()
    calls = []
    ticket = store.request("k", _slow(50, "done", gate, calls))
    time.sleep(0.05)
    ticket.leave()
    gate.set()
    assert ticket.wait(5)
    with pytest.raises(Cancelled):
        ticket.result()
    assert store.kept("k") is None
    again = store.request("k", _slow(2, "again", calls=calls))
    assert again.wait(5) and again.result() == "again"


def test_one_session_leaving_does_not_cancel_the_run_others_wait_for():
    store, gate = SharedRuns(kept_bytes=10), threading.Event()
    leaving = store.request("k", _slow(3, "shared", gate))
    staying = store.request("k", _slow(3, "never", gate))
    leaving.leave()
    gate.set()
    assert staying.wait(5) and staying.result() == "shared"


def test_a_failed_run_raises_its_error_in_every_waiting_session_and_is_not_kept():
    store = SharedRuns(kept_bytes=10)

    def failing(report):
        report(1)
        raise ValueError("diverged")

    tickets = [store.request("k", failing) for _ in range(3)]
    for ticket in tickets:
        assert ticket.wait(5)
        with pytest.raises(ValueError, match="diverged"):
            ticket.result()
    assert store.kept("k") is None


def test_kept_results_stay_within_their_bytes_dropping_the_least_recently_used():
    store = SharedRuns(kept_bytes=25, size_of=lambda result: result)
    for key, size in (("a", 10), ("b", 10)):
        store.request(key, lambda report, size=size: size).wait(5)
    store.kept("a")  # a is now the most recently used
    store.request("c", lambda report: 10).wait(5)
    assert store.kept("b") is None and store.kept("a") == 10 and store.kept("c") == 10


@pytest.mark.parametrize("page, query, button", [
    ("pages/hidden_states.py", {"weights": "trained", "task": "hihello", "cell": "RNN", "hidden_size": "8"},
     "train_task"),
    ("pages/stock.py", {"epochs": "2", "window": "10"}, "train"),
], ids=["lecture-task", "stock"])
def test_sessions_pressing_train_at_once_wait_for_one_run_and_see_the_same_result(app, page, query, button):
    from rnnviz.ui.runs import shared_runs

    sessions = [app(page, query=query) for _ in range(4)]
    start = threading.Barrier(len(sessions))

    def press(at):
        start.wait()
        at.button(key=button).click().run()

    threads = [threading.Thread(target=press, args=(at,)) for at in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert shared_runs().runs_started == 1
    shown = [[element.value for element in at.markdown if "held-out" in element.value or "Trained on" in element.value]
             + [element.value for element in at.caption if "Trained on" in element.value] for at in sessions]
    assert all(not at.exception for at in sessions)
    assert shown[0] and all(texts == shown[0] for texts in shown)


def _live_chart_script():
    import plotly.graph_objects as go
    import tests_support

    from rnnviz.ui import runs

    runs.LIVE_CHART_SECONDS = 0.0  # every update is due by the clock: only new reports may draw

    def build(reports):
        tests_support.BUILT.append(len(reports))
        return go.Figure(go.Scatter(y=reports))

    chart = runs.LiveChart("loss", ("section", "run key"), every=2, build=build)
    # A loaded server: polls that see no new report, and polls between two drawing points.
    for reports in ([0.9], [0.9, 0.8], [0.9, 0.8], [0.9, 0.8, 0.7], [0.9, 0.8, 0.7, 0.6]):
        chart.update(reports)


def test_waiting_sessions_draw_the_same_few_live_figures_each_built_once():
    # Redrawing an unchanged figure repeated its element key (the stock trainer showed StreamlitDuplicateElementKey
    # under load and never its result), and thirty sessions building their own figure at every epoch took the GIL
    # from the run they waited for.
    import tests_support
    from streamlit.testing.v1 import AppTest

    tests_support.BUILT.clear()
    sessions = [AppTest.from_function(_live_chart_script).run() for _ in range(3)]
    assert all(not at.exception for at in sessions)
    assert all(len(at.get("plotly_chart")) == 1 for at in sessions)
    assert all(json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"] == [0.9, 0.8, 0.7, 0.6]
               for at in sessions)
    assert tests_support.BUILT == [2, 4]  # the first session built both drawings; the others reused them


def test_the_worker_prepares_before_its_first_run_and_serves_runs_even_if_preparing_fails():
    events = []
    prepared = SharedRuns(kept_bytes=10, prepare=lambda: events.append("prepared"))
    ticket = prepared.request("a", lambda report: events.append("run") or 1)
    assert ticket.wait(5) and ticket.result() == 1
    assert events == ["prepared", "run"]

    def broken():
        raise ImportError("no such module")

    ticket = SharedRuns(kept_bytes=10, prepare=broken).request("a", lambda report: 2)
    assert ticket.wait(5) and ticket.result() == 2
