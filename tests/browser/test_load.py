"""Twenty sessions at once against one server: each sees only its own settings and results, none errors."""

import pytest

from tools.devserver import running_app
from tools.loadtest import run_sessions

pytestmark = pytest.mark.browser


def test_twenty_sessions_at_once_keep_to_themselves(chromium):
    with running_app() as (url, process):
        report = run_sessions(chromium, url, sessions=20, train=True)
    assert report.problems == []
    assert len(report.latencies) == 20


def test_a_class_moment_of_tabs_and_protocol_sessions_gives_every_session_its_result(chromium):
    from benchmarks.class_moment import MOMENTS
    from tools.class_moment import press_train_at_once

    with running_app() as (url, process):
        report = press_train_at_once(chromium, url, MOMENTS["lecture task hihello"], sessions=6, browser_tabs=2)
    assert report.problems == []
    assert len(report.latencies) == 2 and len(report.protocol_latencies) == 4
    assert all(seconds > 0 for seconds in report.latencies + list(report.protocol_latencies))
