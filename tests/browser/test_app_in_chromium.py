"""The whole app in a real headless Chromium (Debian's, driven by Playwright), against `streamlit run app.py`.

The server is started fresh for this module, and the first test opens a deep link: that is the request a hosted
demo gets when a student opens a lecturer's link after a restart, and the one Streamlit's legacy pages/ mode
used to get wrong.
"""

from __future__ import annotations

import os

import pytest

from rnnviz.devserver import chromium_path, launch_chromium, running_app, wait_for_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    with running_app() as (url, process):
        yield url
    log = process.stdout.read()
    assert "Traceback" not in log, log


@pytest.fixture(scope="module")
def browser():
    if chromium_path() is None:
        message = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="en-US")
    tab = context.new_page()
    yield tab
    context.close()


def open_and_wait(tab, url: str) -> None:
    tab.goto(url)
    wait_for_idle(tab)


def markdown_lines(tab) -> list[str]:
    return tab.locator("[data-testid='stMarkdownContainer']").all_inner_texts()


def assert_no_error(tab) -> None:
    assert tab.locator("[data-testid='stException']").count() == 0
    assert tab.locator("[data-testid='stAlertContentError']").count() == 0


def test_first_request_to_a_fresh_server_is_a_korean_deep_link(server, page):
    open_and_wait(page, f"{server}/layer_builder?hidden_size=64&bidirectional=true&num_layers=2&lang=ko")
    assert_no_error(page)
    assert page.locator("h1").first.inner_text() == "레이어 만들기"
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text("한국어").count() == 1, "the language switch from app.py is drawn"
    assert "홈" in sidebar.locator("[data-testid='stSidebarNav']").inner_text()
    lines = markdown_lines(page)
    assert any(line.startswith("output") and "(100, 30, 128)" in line for line in lines), lines
    assert any(line.startswith("h_n") and "(4, 30, 64)" in line for line in lines), lines


def test_a_control_change_updates_the_shapes_and_the_link_keeping_the_language(server, page):
    open_and_wait(page, f"{server}/layer_builder?lang=ko")
    page.get_by_role("spinbutton", name="num_layers").fill("3")
    page.get_by_role("spinbutton", name="num_layers").press("Enter")
    wait_for_idle(page)
    assert "num_layers=3" in page.url and "lang=ko" in page.url
    assert page.locator("h1").first.inner_text() == "레이어 만들기"
    assert any(line.startswith("h_n") and "(3, 30, 200)" in line for line in markdown_lines(page))


@pytest.mark.parametrize("lang, title", [("en", "rnnviz: see inside RNN, LSTM and GRU"),
                                         ("ko", "rnnviz: RNN, LSTM, GRU의 속을 들여다보기")])
def test_home_lists_every_page(server, page, lang, title):
    open_and_wait(page, f"{server}/?lang={lang}")
    assert_no_error(page)
    assert page.locator("h1").first.inner_text() == title
    assert page.locator("[data-testid='stPageLink']").count() == 5


@pytest.mark.parametrize("path", ["hidden_states", "shapes", "gradients", "stock"])
def test_pages_still_to_come_open_and_say_so(server, page, path):
    open_and_wait(page, f"{server}/{path}")
    assert_no_error(page)
    assert "Coming" in page.locator("[data-testid='stAlert']").first.inner_text()
