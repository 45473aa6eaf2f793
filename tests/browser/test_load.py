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
