"""Browser-test fixtures: one Debian chromium for the whole run (relaunched if it dies), one app server per
module. Every test drives its tab through `chromium.drive`, which retries Chromium's own crashes and nothing else."""

from __future__ import annotations

import os

import pytest

from tools.chromium import Chromium, chromium_path
from tools.devserver import running_app


@pytest.fixture(scope="session")
def chromium():
    if chromium_path() is None:
        message = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with Chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def server():
    with running_app() as (url, process):
        yield url
    log = process.stdout.read()
    assert "Traceback" not in log, log
