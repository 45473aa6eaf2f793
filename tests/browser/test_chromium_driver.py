"""The crash-retry path of `tools.chromium.Chromium.drive`, proven with crashes made on purpose.

`chrome://crash` crashes the renderer of the tab that opens it. These tests give the driver a log of their own, so
the crashes they make are not counted with the real ones in pytest's summary.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tools.chromium import CRASH_TRIES, ChromiumCrashed, CrashLog

pytestmark = pytest.mark.browser


@pytest.fixture
def own_log(chromium):
    """The session's chromium, counting into a fresh log for the length of one test."""
    shared = chromium.crash_log
    chromium.crash_log = CrashLog()
    yield chromium
    chromium.crash_log = shared


def test_a_first_try_that_crashes_is_repeated_in_a_fresh_tab_and_counted(server, own_log):
    tabs = []

    def steps(tab):
        tabs.append(tab)
        if len(tabs) == 1:
            tab.goto("chrome://crash")
        expect(tab.locator("h1").first).to_have_text("Layer builder")
        return tab.url

    url = own_log.drive(f"{server}/layer_builder?lang=en", steps)
    assert url.endswith("/layer_builder?lang=en")
    assert len(tabs) == 2 and tabs[0] is not tabs[1], "the second try runs in a fresh tab"
    assert own_log.crash_log.loads == 2
    assert len(own_log.crash_log.crashes) == 1
    assert own_log.crash_log.crashes[0].startswith(f"{server}/layer_builder?lang=en: "), "logged under the page tested"


def test_a_crash_on_every_try_fails_saying_how_many_crashes(own_log):
    with pytest.raises(ChromiumCrashed, match=rf"crashed the page {CRASH_TRIES} times in {CRASH_TRIES} tries"):
        own_log.drive("chrome://crash")
    assert len(own_log.crash_log.crashes) == CRASH_TRIES


def test_a_dead_browser_is_launched_again_and_the_steps_repeated(server, own_log):
    calls = []

    def steps(tab):
        calls.append(tab)
        if len(calls) == 1:
            own_log.browser.close()  # the whole browser gone, as when Chromium itself dies
        return tab.evaluate("() => document.title")

    assert own_log.drive(f"{server}/?lang=en", steps)
    assert len(calls) == 2
    assert len(own_log.crash_log.crashes) == 1
    assert own_log.browser.is_connected()


def test_a_failed_assertion_fails_at_once_and_is_not_retried(server, own_log):
    calls = []

    def steps(tab):
        calls.append(tab)
        expect(tab.locator("h1").first).to_have_text("A title the app does not have", timeout=500)

    with pytest.raises(AssertionError, match="A title the app does not have"):
        own_log.drive(f"{server}/?lang=en", steps)
    assert len(calls) == 1
    assert own_log.crash_log.crashes == []


def test_a_timeout_fails_at_once_and_is_not_retried(server, own_log):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    calls = []

    def steps(tab):
        calls.append(tab)
        tab.wait_for_selector("#no-such-element", timeout=300)

    with pytest.raises(PlaywrightTimeout):
        own_log.drive(f"{server}/?lang=en", steps)
    assert len(calls) == 1
    assert own_log.crash_log.crashes == []


def test_an_exception_element_on_the_page_fails_at_once(tmp_path, own_log):
    from tools.devserver import running_app

    (tmp_path / "broken.py").write_text('import streamlit as st\nraise ValueError("broken on purpose")\n')
    calls = []

    def steps(tab):
        calls.append(tab)
        assert tab.locator("[data-testid='stException']").count() == 0, "the page shows an exception"

    with running_app(script="broken.py", cwd=tmp_path, options=("--client.showErrorDetails", "full")) as (url, _):
        with pytest.raises(AssertionError, match="the page shows an exception"):
            own_log.drive(url, steps)
    assert len(calls) == 1
    assert own_log.crash_log.crashes == []

