"""The lecture pack in Chromium: every page's "This view as HTML", in both languages, downloads one file that opens
from disk with every network request blocked, draws each of its charts, and asks the network for nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rnnviz import i18n
from rnnviz.ui.navigation import PAGES

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1600, "height": 900}
LOCALES = {"en": "en-US", "ko": "ko-KR"}
# Where the file is 8 MB at most (the budget for one page; plotly.js alone is about 4.6 MB).
MAX_FILE_BYTES = 8 * 1024 * 1024


def _download(chromium, url: str, lang: str, folder) -> tuple[str, bytes]:
    def steps(tab):
        button = tab.locator("[data-testid='stSidebar']").get_by_role(
            "button", name=i18n.text("export.button", lang))
        expect(button).to_be_visible()
        with tab.expect_download(timeout=60_000) as download:
            button.click()
        path = folder / download.value.suggested_filename
        download.value.save_as(path)
        return download.value.suggested_filename, path.read_bytes()

    return chromium.drive(url, steps, viewport=VIEWPORT, locale=LOCALES[lang], accept_downloads=True)


def _opened_offline(chromium, path) -> tuple[int, int, list[str]]:
    """(charts in the file, charts drawn, requests other than the file itself) with the network blocked."""
    def steps(tab):
        asked: list[str] = []

        def block(route) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                asked.append(route.request.url)
                route.abort()

        tab.context.route("**/*", block)
        tab.goto(path.as_uri())
        charts = tab.locator("div.chart").count()
        if charts:
            expect(tab.locator("div.chart .main-svg").first).to_be_visible(timeout=30_000)
            tab.wait_for_function(
                "n => document.querySelectorAll('div.chart.js-plotly-plot').length === n", arg=charts,
                timeout=30_000)
        drawn = tab.locator("div.chart.js-plotly-plot").count()
        return charts, drawn, asked

    return chromium.drive(None, steps, viewport=VIEWPORT)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.url_path or "home")
def test_every_page_downloads_as_one_file_that_opens_with_no_network(server, chromium, tmp_path, entry, lang):
    name, data = _download(chromium, f"{server}/{entry.url_path}?lang={lang}", lang, tmp_path)
    assert name == f"rnnviz_{entry.url_path or 'home'}_{lang}.html"
    assert len(data) <= MAX_FILE_BYTES
    text = data.decode("utf-8")
    assert f'<html lang="{lang}">' in text
    title = re.search(r"<title>(.*?)</title>", text).group(1)
    assert title not in ("", "rnnviz"), "the file is titled by the page's own heading"
    charts, drawn, asked = _opened_offline(chromium, tmp_path / name)
    assert drawn == charts, f"{drawn} of {charts} charts drawn"
    assert asked == [], f"the file asked the network for {asked}"


def test_the_hidden_states_file_plays_its_steps_offline(server, chromium, tmp_path):
    name, _ = _download(chromium, f"{server}/hidden_states?lang=en", "en", tmp_path)

    def steps(tab):
        tab.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                          else route.abort())
        tab.goto((tmp_path / name).as_uri())
        chart = tab.locator("div.chart.js-plotly-plot").first
        expect(chart.locator(".main-svg").first).to_be_visible(timeout=30_000)
        assert chart.evaluate("gd => gd._fullLayout.sliders[0].active") == 0
        chart.locator(".updatemenu-button").first.click()
        tab.wait_for_function("gd => gd._fullLayout.sliders[0].active > 0", arg=chart.element_handle(),
                              timeout=15_000)

    chromium.drive(None, steps, viewport=VIEWPORT)
