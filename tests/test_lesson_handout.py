"""A lesson as one handout: the app walks every step as a student entering it sees it, keeps each step's view (the
same charts and tables the step's page shows), prints every question and, on request, torch's answers at the end;
an upload's text stays text; an interrupted or oversized walk stops with a message. The file opened offline in
Chromium: tests/browser/test_lecture_pack_in_chromium.py."""

from __future__ import annotations

import json
import re

import pytest

from rnnviz import i18n
from rnnviz.lecture_pack import Block
from rnnviz.lesson_handout import HandoutStep, handout_html, packed_blocks, page_view, unpacked_blocks
from rnnviz.lessons import LESSONS, parse_lesson
from rnnviz.limits import MIN_OWN_TEXT_CHARS
from rnnviz.ui import handout_views
from rnnviz.ui.export import LAST_PACK
from rnnviz.ui.handout_views import _WALK, HandoutWalk
from rnnviz.ui.navigation import PAGES_BY_URL_PATH

COURSE = LESSONS["course"]
LESSONS_PAGE = "pages/lessons.py"


def _made(app, lang: str = "en"):
    at = app(LESSONS_PAGE, query={"lang": lang})
    at.button(key="handout_make_course").click().run()
    assert not at.exception
    return at, at.session_state[_WALK]


def _shown(blocks: list[Block]) -> list[tuple[str, object]]:
    """The charts (as data) and tables of some blocks, in order."""
    return [(block.kind, json.loads(block.content) if block.kind == "chart" else block.content)
            for block in blocks if block.kind in ("chart", "table")]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_making_the_course_handout_keeps_every_step_and_lands_on_the_lessons_page(app, lang):
    at, walk = _made(app, lang)
    assert walk.done and walk.stopped is None and walk.language == lang
    assert len(walk.steps) == len(COURSE.steps)
    for number, (step, kept) in enumerate(zip(COURSE.steps, walk.steps), start=1):
        page = PAGES_BY_URL_PATH[step.page].title(lang)
        assert kept.heading == i18n.text("handout.step", lang, step=number, steps=len(COURSE.steps), page=page)
        assert f"lesson=course&step={number}&lang={lang}" in kept.link
        assert kept.intro[0] == Block("markdown", step.caption[lang])
        assert (kept.answer is None) == (step.question is None)
    # Back on the Lessons page, out of the lesson, with the handout's two downloads.
    assert at.title[0].value == i18n.text("page.lessons", lang) and "lesson" not in at.query_params
    questions = sum(step.question is not None for step in COURSE.steps)
    ready = i18n.text("handout.ready", lang, steps=len(COURSE.steps), questions=questions,
                      size=f"{walk.size / (1 << 20):.1f}")
    assert ready in [success.value for success in at.success]
    assert {button.label for button in at.main.get("download_button")} == {
        i18n.text("handout.download", lang), i18n.text("handout.download_answers", lang)}


def test_each_step_of_the_handout_holds_the_charts_and_tables_its_page_shows(app):
    _, walk = _made(app)
    drawn = 0
    for number, (step, kept) in enumerate(zip(COURSE.steps, walk.steps), start=1):
        at = app(query={"lesson": "course", "step": str(number)})
        at.switch_page(PAGES_BY_URL_PATH[step.page].path)
        at.run()
        if step.question:  # a student sees the view once the question is answered
            at.session_state["lesson_answer_course_%d" % number] = step.question.key(step)
            at.button(key=f"lesson_check_{number}").click().run()
        assert not at.exception, number
        shown = _shown(at.session_state[LAST_PACK].in_order())
        assert _shown(unpacked_blocks(kept.view)) == shown, number
        drawn += bool(shown)
    assert drawn >= len(COURSE.steps) - 2, "most steps draw a chart or a table"


def _choice_text(name: str) -> str:
    from rnnviz.gradients import STUDY_CELLS

    return STUDY_CELLS[name].label if name in STUDY_CELLS else i18n.text(f"lesson.choice.{name}", "en")


def test_the_handout_asks_every_question_and_only_the_answered_file_gives_torchs_answers(app):
    _, walk = _made(app)
    plain = handout_html("T", "S", "/lessons", "link", "saved", walk.steps, None)
    answered = handout_html("T", "S", "/lessons", "link", "saved", walk.steps, "Answers")
    after = answered.split('<h2 class="step">Answers</h2>')
    assert len(after) == 2 and "Answers" not in plain
    for number, step in enumerate(COURSE.steps, start=1):
        if not step.question:
            continue
        computed = step.question.answer(step)
        assert "<strong>Question:</strong>" in plain
        key = _choice_text(computed.key) if computed.choices else computed.key
        assert f"<strong>Step {number}.</strong>" in after[1]
        assert key in after[1].split(f"<strong>Step {number}.</strong>")[1].split("<strong>Step")[0], number
    # Chart containers are numbered through the whole file: no two charts share one.
    ids = re.findall(r'id="chart-(\d+)"', answered)
    assert len(ids) == len(set(ids)) == answered.count("Plotly.newPlot(")


def test_the_same_walk_makes_the_same_bytes_but_for_the_saved_line(app):
    _, first = _made(app)
    _, again = _made(app)
    made = handout_html("T", "S", "/l", "link", "saved A", first.steps, "Answers")
    remade = handout_html("T", "S", "/l", "link", "saved B", again.steps, "Answers")
    assert made != remade and made == remade.replace("saved B", "saved A")


TOML = '''[lesson]
title = "<b>Mine</b> & co"

[[steps]]
page = "layer_builder"
query = { cell = "LSTM", hidden_size = 5 }
caption = "Look: *not bold* <script>alert(1)</script>"
question = { kind = "parameters" }
'''


def test_an_uploaded_lessons_handout_shows_its_text_as_typed_and_links_to_the_steps_settings(app):
    at = app(LESSONS_PAGE)
    at.file_uploader(key="lesson_upload").upload("mine.toml", TOML.encode(), "application/toml").run()
    at.button(key="handout_make_uploaded").click().run()
    assert not at.exception
    walk = at.session_state[_WALK]
    assert walk.done and len(walk.steps) == 1
    (step,) = walk.steps
    assert step.intro[0] == Block("text", "Look: *not bold* <script>alert(1)</script>")
    assert "lesson=" not in step.link and "cell=LSTM&hidden_size=5&lang=en" in step.link
    made = handout_html(parse_lesson(TOML).title["en"], "S", "/l", "link", "saved", walk.steps, "Answers")
    assert "<script>alert" not in made and "&lt;script&gt;alert(1)&lt;/script&gt;" in made
    assert "<h1>&lt;b&gt;Mine&lt;/b&gt; &amp; co</h1>" in made and "<em>" not in made.split("<h1>")[1]
    count = sum(p.numel() for p in __import__("torch").nn.LSTM(4, 5).parameters())
    assert f"`{count}`" in step.answer.content


def test_a_walk_interrupted_at_a_step_stops_there_and_the_lessons_page_says_so(app):
    # A session whose walk began drawing step 2 and never kept it (a click, a failure), opened at that step.
    at = app(query={"lesson": "course", "step": "2"},
             session={_WALK: HandoutWalk("course", "en", len(COURSE.steps), drawing=2)})
    assert not at.exception
    walk = at.session_state[_WALK]
    assert walk.stopped == i18n.text("handout.interrupted", "en", step=2) and not walk.done
    # The step is followed as usual again: its question waits for an answer.
    assert i18n.text("lesson.answer_first", "en") in [info.value for info in at.info]
    at.button(key="lesson_leave").click().run()
    at.switch_page(LESSONS_PAGE).run()
    assert walk.stopped in [warning.value for warning in at.warning]
    assert not at.main.get("download_button")


def test_a_handout_over_its_bound_stops_at_the_step_that_passes_it(app, monkeypatch):
    monkeypatch.setattr(handout_views, "MAX_HANDOUT_BYTES", 20_000)
    at, walk = _made(app)
    assert walk.stopped is not None and not walk.done
    assert walk.size <= 20_000 and 0 < len(walk.steps) < len(COURSE.steps)
    assert walk.stopped == i18n.text("handout.too_large", "en", step=len(walk.steps) + 1, limit=0)
    assert walk.stopped in [warning.value for warning in at.warning] and "lesson" not in at.query_params


def test_a_page_view_in_a_handout_drops_its_title_and_keeps_its_headings_below_the_steps():
    blocks = [Block("heading", "Shape diagrams", "1"), Block("heading", "Which row", "2"),
              Block("heading", "Detail", "3"), Block("markdown", "text")]
    assert page_view(blocks) == [Block("heading", "Which row", "3"), Block("heading", "Detail", "3"),
                                 Block("markdown", "text")]
    assert unpacked_blocks(packed_blocks(blocks)) == blocks
    step = HandoutStep("Step 1", "/x", "open", (Block("markdown", "c"),), packed_blocks(blocks))
    assert step.size == len(step.view) + 1


def test_a_walk_that_takes_longer_than_its_bound_stops_after_the_step_that_passed_it(app, monkeypatch):
    monkeypatch.setattr(handout_views, "MAX_HANDOUT_SECONDS", 0.0)  # every step passes it
    at, walk = _made(app)
    assert len(walk.steps) == 1 and not walk.done
    assert walk.stopped == i18n.text("handout.too_slow", "en", step=1, limit=0)
    assert walk.stopped in [warning.value for warning in at.warning]


STOPPING = '''[lesson]
title = "Own text, then a layer"

[[steps]]
page = "language_model"
query = { lm_corpus = "own" }
caption = "The page asks for a text and stops there."

[[steps]]
page = "layer_builder"
query = { cell = "GRU" }
caption = "Then a GRU."
'''


def _uploaded(app, toml: str):
    at = app(LESSONS_PAGE)
    at.file_uploader(key="lesson_upload").upload("mine.toml", toml.encode(), "application/toml").run()
    at.button(key="handout_make_uploaded").click().run()
    return at, at.session_state[_WALK]


def test_a_step_whose_page_stops_itself_early_is_kept_as_drawn_and_the_walk_goes_on(app):
    at, walk = _uploaded(app, STOPPING)
    assert not at.exception and walk.done and len(walk.steps) == 2
    own_text_intro = i18n.text("lm.own_intro", "en", minimum=f"{MIN_OWN_TEXT_CHARS:,}")
    assert own_text_intro in [block.content for block in unpacked_blocks(walk.steps[0].view)]
    assert any("nn.GRU" in block.content for block in unpacked_blocks(walk.steps[1].view))


def test_a_step_whose_page_fails_stops_the_walk_there_and_says_so(app, monkeypatch):
    from rnnviz.ui import layer_views

    def broken(*_, **__):
        raise RuntimeError("a page bug")

    monkeypatch.setattr(layer_views, "live_shapes", broken)
    at, walk = _uploaded(app, STOPPING)
    assert at.exception and "a page bug" in at.exception[0].message
    assert walk.stopped == i18n.text("handout.failed", "en", step=2) and len(walk.steps) == 1
    at.switch_page(LESSONS_PAGE).run()
    assert walk.stopped in [warning.value for warning in at.warning]
