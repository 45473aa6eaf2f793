"""Twenty sessions at once against one server: each sees only its own settings and results, none errors."""

import os

import pytest

from rnnviz.devserver import chromium_path, launch_chromium, running_app
from rnnviz.loadtest import run_sessions

pytestmark = pytest.mark.browser


def test_twenty_sessions_at_once_keep_to_themselves():
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with running_app() as (url, process), launch_chromium() as browser:
        report = run_sessions(browser, url, sessions=20, train=True)
    assert report.problems == []
    assert len(report.latencies) == 20
