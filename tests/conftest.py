"""Shared fixtures: an AppTest factory for app.py, with Streamlit's process-wide caches cleared per test."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"

# The first run imports torch (~2 s); a slow CI machine needs room beyond AppTest's default 3 s.
APP_TIMEOUT = 60

# .streamlit/config.toml hides error details from viewers; a failing test should show them.
streamlit_config.set_option("client.showErrorDetails", "full")


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture
def app():
    """A factory: `app(page="pages/x.py", query={...}, locale="ko-KR", session={...})` -> an AppTest that has run
    once (`session`: session state set before that run)."""

    def open_app(page: str | None = None, query: dict | None = None, locale: str | None = None,
                 session: dict | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)
        at.query_params.update(query or {})
        for key, value in (session or {}).items():
            at.session_state[key] = value
        if locale:
            at.context["locale"] = locale
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    return open_app


def pytest_terminal_summary(terminalreporter):
    """Print how many of Chromium's own page crashes the browser tests retried, so a rising rate stays visible."""
    from tools.chromium import CRASHES

    if CRASHES.loads:
        terminalreporter.write_sep("-", CRASHES.summary())
        for line in CRASHES.crashes:
            terminalreporter.write_line(f"  crashed: {line}")
