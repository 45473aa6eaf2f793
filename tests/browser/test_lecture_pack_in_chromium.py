"""The lecture pack in Chromium: every page's "This view as HTML", in both languages, downloads one file that opens
from disk with every network request blocked, draws each of its charts, and asks the network for nothing; the same
view downloaded again is the same bytes but for its saved-at line; and the course made into a handout, with and
without its answers, opens the same way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rnnviz import i18n
from rnnviz.lessons import LESSONS
from rnnviz.ui.navigation import PAGES
from tools.chromium import wait_for_idle

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1600, "height": 900}
LOCALES = {"en": "en-US", "ko": "ko-KR"}
# Where the file is 8 MB at most (the budget for one page; plotly.js alone is about 4.6 MB).
MAX_FILE_BYTES = 8 * 1024 * 1024
# The one line of a file that changes from one download of the same view to the next.
SAVED_LINE = re.compile(r'<p class="made">.*?</p>')
COURSE = LESSONS["course"]


def _saved(tab, button, folder) -> tuple[str, bytes]:
    """Click the download `button`; (the file's name, its bytes), saved into `folder`."""
    expect(button).to_be_visible()
    with tab.expect_download(timeout=60_000) as download:
        button.click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return download.value.suggested_filename, path.read_bytes()


def _download(chromium, url: str, lang: str, folder) -> tuple[str, bytes]:
    def steps(tab):
        button = tab.locator("[data-testid='stSidebar']").get_by_role(
            "button", name=i18n.text("export.button", lang))
        return _saved(tab, button, folder)

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


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", ["hidden_states", "language_model"])
def test_the_same_view_downloaded_again_is_the_same_bytes_but_for_its_saved_line(server, chromium, tmp_path, page,
                                                                                 lang):
    first = tmp_path / "first"
    again = tmp_path / "again"
    first.mkdir(), again.mkdir()
    _, made = _download(chromium, f"{server}/{page}?lang={lang}", lang, first)
    _, remade = _download(chromium, f"{server}/{page}?lang={lang}", lang, again)
    assert len(SAVED_LINE.findall(made.decode("utf-8"))) == 1
    assert SAVED_LINE.sub("", made.decode("utf-8")) == SAVED_LINE.sub("", remade.decode("utf-8"))


def _handout(chromium, server: str, lang: str, folder, times: int = 1) -> list[tuple[str, bytes]]:
    """Make the course's handout `times` times from the Lessons page, each time downloading it without and with
    the answers."""
    def steps(tab):
        files = []
        for _ in range(times):
            tab.get_by_role("button", name=i18n.text("handout.make", lang)).click()
            ready = i18n.text("handout.ready", lang, steps=len(COURSE.steps), questions=0, size="").split(",")[0]
            expect(tab.get_by_text(ready).first).to_be_visible(timeout=180_000)
            wait_for_idle(tab)
            for name in ("handout.download", "handout.download_answers"):
                files.append(_saved(tab, tab.get_by_role("button", name=i18n.text(name, lang), exact=True), folder))
        return files

    return chromium.drive(f"{server}/lessons?lang={lang}", steps, viewport=VIEWPORT, locale=LOCALES[lang],
                          accept_downloads=True, timeout_ms=240_000)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_course_as_a_handout_opens_with_no_network_with_and_without_its_answers(server, chromium, tmp_path,
                                                                                    lang):
    from rnnviz.ui.lesson_views import PAGES_BY_URL_PATH

    (name, plain), (answered_name, answered) = _handout(chromium, server, lang, tmp_path)
    assert (name, answered_name) == (f"rnnviz_lesson_course_{lang}.html", f"rnnviz_lesson_course_{lang}_answers.html")
    text, with_answers = plain.decode("utf-8"), answered.decode("utf-8")
    assert f'<html lang="{lang}">' in text and f"<title>{COURSE.title[lang]}</title>" in text
    for number, step in enumerate(COURSE.steps, start=1):
        page = PAGES_BY_URL_PATH[step.page].title(lang)
        assert i18n.text("handout.step", lang, step=number, steps=len(COURSE.steps), page=page) in text
    answers = i18n.text("handout.answers", lang)
    assert answers not in text and f'<h2 class="step">{answers}</h2>' in with_answers
    for step in COURSE.steps:  # every key as torch computes it, after the answers' heading
        if step.question and not step.question.answer(step).choices:
            assert step.question.answer(step).key in with_answers.split(f'<h2 class="step">{answers}</h2>')[1]
    for file in (name, answered_name):
        charts, drawn, asked = _opened_offline(chromium, tmp_path / file)
        assert charts >= 10 and drawn == charts, f"{drawn} of {charts} charts drawn"
        assert asked == [], f"the file asked the network for {asked}"


def test_the_course_made_into_a_handout_twice_is_the_same_bytes_but_for_its_saved_line(server, chromium, tmp_path):
    (_, first), (_, first_answered), (_, again), (_, again_answered) = _handout(chromium, server, "en", tmp_path, 2)
    for made, remade in ((first, again), (first_answered, again_answered)):
        assert SAVED_LINE.sub("", made.decode("utf-8")) == SAVED_LINE.sub("", remade.decode("utf-8"))
