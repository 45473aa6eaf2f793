"""Following a lesson through AppTest: the Lessons page, a step opened from its link, predict-then-reveal, a walk
through the whole course, and a lecturer's upload."""

from __future__ import annotations

import pytest

from rnnviz import i18n
from rnnviz.gradients import StudySettings
from rnnviz.lessons import LESSONS, parse_lesson
from rnnviz.lessons.settings import LAYER_DEFAULTS, STUDY_FIELDS
from rnnviz.ui import gradient_views, layer_controls, url_state
from rnnviz.ui.navigation import PAGES_BY_URL_PATH

COURSE = LESSONS["course"]
PAGE = "pages/lessons.py"


def test_the_lessons_read_of_a_link_is_the_pages_own_reading():
    """The library computes answer keys from a step's link with the defaults the pages' controls start at."""
    for name, default in LAYER_DEFAULTS.items():
        assert layer_controls.FIELDS[name].default == default, name
    for name, attribute in STUDY_FIELDS.items():
        assert gradient_views.FIELDS[name].default == getattr(StudySettings(), attribute), name


def test_the_lessons_page_lists_the_course_with_its_counts_and_a_start_button(app):
    at = app(PAGE)
    assert not at.exception
    assert COURSE.title["en"] in [header.value for header in at.subheader]
    questions = sum(step.question is not None for step in COURSE.steps)
    assert i18n.text("lessons.counts", "en", steps=len(COURSE.steps), questions=questions) in \
        [caption.value for caption in at.caption]
    at.button(key="lesson_start_course").click().run()
    assert not at.exception
    assert at.query_params["lesson"] == "course" and at.query_params["step"] == "1"
    # Step 1 opened its page (the Shape diagrams, its settings in the link) and asks before it shows.
    assert at.query_params["hidden_size"] == "3"
    assert i18n.text("lesson.progress", "en", title=COURSE.title["en"], step=1, steps=len(COURSE.steps)) in \
        [caption.value for caption in at.caption]
    assert i18n.text("lesson.answer_first", "en") in [info.value for info in at.info] and not at.title


def follow(at, lesson=COURSE) -> None:
    """Point AppTest at the page the lesson moved to. A browser's address follows st.switch_page by itself; an
    AppTest that was once sent to a page with `switch_page` keeps asking for that page on every later run."""
    step = lesson.steps[int(at.query_params["step"]) - 1]
    at.switch_page(PAGES_BY_URL_PATH[step.page].path)


def _rejected(at) -> dict:
    return dict(at.session_state[url_state._REJECTED]) if url_state._REJECTED in at.session_state else {}


def test_a_steps_link_opens_that_step_and_hides_the_view_until_the_question_is_answered(app):
    at = app(query={"lesson": "course", "step": "3", "lang": "ko"})
    assert not at.exception
    assert not at.title  # the page waits for the answer
    assert i18n.text("lesson.answer_first", "ko") in [info.value for info in at.info]
    assert i18n.text("lesson.progress", "ko", title=COURSE.title["ko"], step=3, steps=len(COURSE.steps)) in \
        [caption.value for caption in at.caption]
    at.text_input(key="lesson_answer_course_3").input("0").run()
    at.button(key="lesson_check_3").click().run()
    assert at.error and at.error[0].value.startswith(i18n.text("lesson.wrong", "ko", answer="` 0 `"))
    assert at.title[0].value == i18n.text("page.shapes", "ko")  # shown after any answer, with the reason
    at.text_input(key="lesson_answer_course_3").input("3").run()
    at.button(key="lesson_check_3").click().run()
    assert at.success[0].value.startswith(i18n.text("lesson.right", "ko"))
    assert not _rejected(at)


def test_entering_a_step_puts_every_other_setting_back_at_its_default(app):
    at = app("pages/layer_builder.py", query={"hidden_size": "50", "num_layers": "3", "cell": "GRU"})
    assert "nn.GRU(4, 50, num_layers=3)" in at.code[0].value
    at.switch_page("pages/lessons.py").run()
    at.button(key="lesson_start_course").click().run()
    follow(at)
    at.text_input(key="lesson_answer_course_1").input("(5, 2, 3)").run()
    at.button(key="lesson_check_1").click().run()
    for _ in range(3):  # to step 4: the Layer builder, nn.RNN(4, 3, batch_first=True)
        at.button(key="lesson_next").click().run()
        follow(at)
    at.text_input(key="lesson_answer_course_4").input("(2, 5, 3)").run()
    at.button(key="lesson_check_4").click().run()
    assert not at.exception
    assert "nn.RNN(4, 3, batch_first=True)" in at.code[0].value


def _answer(at, number: int, text: str) -> None:
    """Give `text` as the answer to step `number` (a choice or a typed answer) and press Check."""
    key = f"lesson_answer_course_{number}"
    choices = [radio for radio in at.radio if radio.key == key]
    if choices:
        choices[0].set_value(text).run()
    else:
        at.text_input(key=key).input(text).run()
    at.button(key=f"lesson_check_{number}").click().run()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_whole_course_walks_with_every_question_answered_wrongly_then_rightly(app, lang):
    at = app(query={"lesson": "course", "lang": lang})  # opened from a link: AppTest follows the pages itself
    for number, step in enumerate(COURSE.steps, start=1):
        assert not at.exception, (number, at.exception)
        entry = PAGES_BY_URL_PATH[step.page]
        if step.question:
            computed = step.question.answer(step)
            wrong = next(c for c in computed.choices if c != computed.key) if computed.choices else "(99, 99)"
            _answer(at, number, wrong)
            assert at.error, number
            _answer(at, number, computed.key)
            assert at.success and at.success[0].value.startswith(i18n.text("lesson.right", lang)), number
        assert not at.exception and not at.error, (number, at.exception, [e.value for e in at.error])
        assert not _rejected(at), (number, _rejected(at))
        assert at.title[0].value == entry.title(lang), number
        if number < len(COURSE.steps):
            at.button(key="lesson_next").click().run()
    assert i18n.text("lesson.done", lang) in [s.value for s in at.success]
    at.button(key="lesson_leave").click().run()
    assert not at.exception and "lesson" not in at.query_params


TOML = '''[lesson]
title = "**Mine** [link](https://evil.example)"

[[steps]]
page = "layer_builder"
query = { cell = "LSTM", hidden_size = 5 }
caption = "Look: *not bold* <b>x</b>"
question = { kind = "parameters" }
'''


def test_a_lecturers_upload_is_followed_with_its_text_shown_as_typed(app):
    at = app(PAGE)
    at.file_uploader(key="lesson_upload").upload("mine.toml", TOML.encode(), "application/toml").run()
    assert not at.exception
    assert "**Mine** [link](https://evil.example)" in [text.value for text in at.text]
    at.button(key="lesson_start_uploaded").click().run()
    assert not at.exception
    follow(at, parse_lesson(TOML))
    assert "Look: *not bold* <b>x</b>" in [text.value for text in at.text]
    count = sum(p.numel() for p in __import__("torch").nn.LSTM(4, 5).parameters())
    at.text_input(key="lesson_answer_uploaded_1").input(f"{count:,}").run()
    at.button(key="lesson_check_1").click().run()
    assert at.success and "nn.LSTM(4, 5)" in at.code[0].value


def test_an_unusable_upload_names_the_step_and_field_and_the_page_stays_usable(app):
    at = app(PAGE)
    broken = TOML.replace('page = "layer_builder"', 'page = "nowhere"')
    at.file_uploader(key="lesson_upload").upload("broken.toml", broken.encode(), "application/toml").run()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert "cannot be used" in message and "step 1" in message and "nowhere" in message
    assert at.button(key="lesson_start_course")


def test_a_step_outlines_its_view_only_once_the_question_is_answered(app):
    at = app(query={"lesson": "course", "step": "1"})
    follow(at)
    at.run()
    styles = [element.proto.body for element in at.get("html")]
    assert not any("st-key-view_shapes_diagram" in style for style in styles), "nothing is outlined before"
    step = COURSE.steps[0]
    at.text_input(key="lesson_answer_course_1").input(step.question.key(step)).run()
    at.button(key="lesson_check_1").click().run()
    assert any(".st-key-view_shapes_diagram {" in element.proto.body for element in at.get("html"))
    look = i18n.text("lesson.look_at", "en", view=i18n.text("view.diagram", "en"))
    assert look in [caption.value for caption in at.caption]


def test_an_uploaded_lesson_is_still_there_after_another_page_was_shown(app):
    at = app(PAGE)
    at.file_uploader(key="lesson_upload").upload("mine.toml", TOML.encode(), "application/toml").run()
    at.switch_page("pages/layer_builder.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert i18n.text("lessons.own_kept", "en") in [caption.value for caption in at.caption]
    assert "**Mine** [link](https://evil.example)" in [text.value for text in at.text]
    at.button(key="lesson_start_uploaded").click().run()
    follow(at, parse_lesson(TOML))
    assert "Look: *not bold* <b>x</b>" in [text.value for text in at.text]
