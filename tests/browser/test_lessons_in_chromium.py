"""The course lesson in Chromium, step by step in both languages: each step opened from its link, its question
answered once wrongly and once rightly, its page drawn with no error and no rejected setting, and Next landing
on the step after it. One test a step, so a renderer crash repeats one step, not the walk."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rnnviz import i18n
from rnnviz.lessons import LESSONS
from rnnviz.ui.lesson_views import CHOICE_TEXTS
from rnnviz.ui.navigation import PAGES_BY_URL_PATH
from tools.chromium import wait_for_idle

pytestmark = pytest.mark.browser

COURSE = LESSONS["course"]
VIEWPORT = {"viewport": {"width": 1600, "height": 900}, "locale": "en-US"}


def _alerts(tab, kind: str):
    return tab.locator(f"[data-testid='stAlertContent{kind}']")


def _answer(tab, lang: str, text: str, choices) -> None:
    """Give `text` (a choice as shown, or what to type) and press Check. The lesson panel is the first thing in the
    page's main area, so its answer widget is the first of its kind there."""
    main = tab.locator("[data-testid='stMain']")
    if choices:
        main.locator("[data-testid='stRadio']").first.get_by_text(text, exact=True).click()
    else:
        box = main.locator("[data-testid='stTextInput'] input").first
        box.fill(text)
        box.press("Enter")
    wait_for_idle(tab)
    main.get_by_role("button", name=i18n.text("lesson.check", lang)).click()
    wait_for_idle(tab)


def _choice_text(lang: str, name: str) -> str:
    from rnnviz.gradients import STUDY_CELLS

    return STUDY_CELLS[name].label if name in STUDY_CELLS else i18n.text(CHOICE_TEXTS.key(name), lang)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("number", range(1, len(COURSE.steps) + 1))
def test_each_course_step_asks_reveals_and_leads_on(server, chromium, number, lang):
    step = COURSE.steps[number - 1]
    title = PAGES_BY_URL_PATH[step.page].title(lang)

    def steps(tab):
        expect(tab.locator("[data-testid='stException']")).to_have_count(0)
        progress = i18n.text("lesson.progress", lang, title=COURSE.title[lang], step=number, steps=len(COURSE.steps))
        expect(tab.get_by_text(progress)).to_be_visible()
        if step.question:
            answer = step.question.answer(step)
            expect(tab.locator("h1").filter(has_text=title)).to_have_count(0)  # the view waits for the answer
            wrong = next(c for c in answer.choices if c != answer.key) if answer.choices else "(99, 99)"
            _answer(tab, lang, _choice_text(lang, wrong) if answer.choices else wrong, answer.choices)
            expect(_alerts(tab, "Error").first).to_contain_text(i18n.text("lesson.wrong", lang, answer="")[:6])
            right = _choice_text(lang, answer.key) if answer.choices else answer.key
            _answer(tab, lang, right, answer.choices)
            expect(_alerts(tab, "Success").first).to_contain_text(i18n.text("lesson.right", lang))
        expect(tab.locator("h1").filter(has_text=title).first).to_be_visible(timeout=30_000)
        expect(_alerts(tab, "Error")).to_have_count(0)
        if step.view:  # the one part the step is about is outlined, and the panel names it
            outlined = tab.locator(f".st-key-view_{step.page}_{step.view}")
            expect(outlined).to_have_count(1)
            expect(outlined).to_have_css("outline-style", "solid")
            expect(tab.get_by_text(i18n.text("lesson.look_at", lang, view=i18n.text(f"view.{step.view}", lang)))
                   ).to_be_visible()
        # No setting of the step was refused: the notice of unusable link values is not on the page.
        unused = i18n.text("error.url_value", lang, name="\0", text="", reason="").split("\0")[0].rstrip("*")
        expect(tab.locator("[data-testid='stAlert']").filter(has_text=unused)).to_have_count(0)
        if number < len(COURSE.steps):
            tab.get_by_role("button", name=i18n.text("lesson.next", lang)).click()
            expect(tab).to_have_url(re.compile(rf"step={number + 1}\b"), timeout=30_000)
            after = i18n.text("lesson.progress", lang, title=COURSE.title[lang], step=number + 1,
                              steps=len(COURSE.steps))
            expect(tab.get_by_text(after)).to_be_visible(timeout=30_000)
        else:
            expect(tab.get_by_text(i18n.text("lesson.done", lang))).to_be_visible()

    chromium.drive(f"{server}/?lesson=course&step={number}&lang={lang}", steps, **VIEWPORT)
