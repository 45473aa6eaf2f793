"""Following a lesson: a panel above the step's page with its caption, its question, and Back / Next.

A step is a deep link: entering it puts every control back at its default, applies the step's settings and opens
its page, so the page shows exactly the layer the question's key was computed for. The lesson and the step stay
in the URL (`?lesson=course&step=4`), so a lecturer can put any step on a slide. A question is asked before the
view: the page is drawn once the student has answered (right or wrong, with the reason torch gives).
"""

from __future__ import annotations

import contextlib

import streamlit as st

from rnnviz import i18n
from rnnviz.errors import RnnvizError
from rnnviz.lecture_pack import Block
from rnnviz.lesson_handout import HandoutStep, packed_blocks, page_view
from rnnviz.lessons import LESSONS, Answer, Lesson, Step, load_lesson
from rnnviz.lessons.questions import GATE_LEVELS, KINDS, REASONS, YES_NO
from rnnviz.lessons.views import VIEWS
from rnnviz.limits import MAX_LESSON_STEPS
from rnnviz.ui import handout_views, url_state
from rnnviz.ui.export import Pack, app_link
from rnnviz.ui.language import current_language, error_text, tr
from rnnviz.ui.literal import literal
from rnnviz.ui.navigation import PAGES_BY_URL_PATH
from rnnviz.ui.spotlight import spotlight

FIELDS = url_state.register(
    __name__,
    url_state.text_field("lesson", "", max_length=40),  # the lesson followed: a name in LESSONS, or "uploaded"
    url_state.int_field("step", 1, 1, MAX_LESSON_STEPS),  # counted from 1, as the progress strip says
)
UPLOADED = "uploaded"
_UPLOADED_LESSON = "lesson_uploaded"  # session key: the lesson this session uploaded
_ENTERED = "_lesson_entered"  # session key: (lesson, step) whose settings were applied last
_ANSWERS = "_lesson_answers"  # session key: (lesson, step) -> (the answer given, whether it was right)
# Settings a step leaves as they are: the reader's language and lecture mode, and the lesson itself.
KEPT = {"lang", "lecture", "lesson", "step"}

QUESTION_TEXTS = i18n.family("lesson.q.{}", KINDS, fields=("tensor", "layer", "direction", "gate", "unit", "step",
                                                           "distance"))
REASON_TEXTS = i18n.family("lesson.why.{}", REASONS, fields=(
    "tensor", "names", "shape", "layer", "direction", "row", "rows", "D", "output_last", "h_n_last", "gate",
    "unit", "step", "value", "distance", "cell", "norm", "weakest", "count", "tensors"))
CHOICE_TEXTS = i18n.family("lesson.choice.{}", YES_NO + GATE_LEVELS)
VIEW_TEXTS = i18n.family("view.{}", sorted({name for names in VIEWS.values() for name in names}))


def uploaded_lesson(data: bytes) -> Lesson:
    """Read a lecturer's lesson file into this session (raises RnnvizError naming the step and field)."""
    lesson = load_lesson(data, name=UPLOADED)
    st.session_state[_UPLOADED_LESSON] = lesson
    return lesson


def lesson_named(name: str) -> Lesson | None:
    """A built-in lesson, or this session's uploaded one."""
    if name == UPLOADED:
        return st.session_state.get(_UPLOADED_LESSON)
    return LESSONS.get(name)


def start(name: str, number: int = 1) -> None:
    """Button callback: follow lesson `name` from step `number`."""
    url_state.save("lesson", name)
    url_state.save("step", number)


def _resume() -> None:
    st.session_state.pop(_ENTERED, None)  # entered again: its settings, then its page


def _leave() -> None:
    url_state.save("lesson", "")
    url_state.save("step", 1)
    st.session_state.pop(_ENTERED, None)


def _step_query(step: Step, name: str, number: int, language: str | None = None) -> dict[str, str]:
    return {**step.query, "lesson": name, "step": str(number), "lang": language or current_language()}


def step_link(lesson: Lesson, number: int, language: str, here: str) -> str:
    """The address of step `number` in `language`, from the page at `here`. An uploaded lesson lives in one session
    only: its link opens the step's page with the step's settings."""
    step = lesson.steps[number - 1]
    query = (_step_query(step, lesson.name, number, language) if lesson.builtin
             else {**step.query, "lang": language})
    return app_link(here, step.page, query)


def make_handout(name: str) -> None:
    """Button callback: walk lesson `name` from its first step, keeping every step for its handout."""
    lesson = lesson_named(name)
    if lesson is None:
        return
    handout_views.begin(name, len(lesson.steps))
    st.session_state.pop(_ENTERED, None)  # step 1 entered afresh, even when it was the step on screen
    start(name, 1)


def _enter(name: str, number: int, step: Step) -> bool:
    """Once per step: every control back at its default, then the step's settings (a value the page cannot use is
    reported like a link's). True when the step was entered now."""
    if st.session_state.get(_ENTERED) == (name, number):
        return False
    st.session_state[_ENTERED] = (name, number)
    fields = url_state.every_field()
    url_state.reset_to_defaults(KEPT)
    for setting, text in step.query.items():
        if setting in KEPT:
            continue
        if setting not in fields:
            url_state.reject(setting, text, RnnvizError("lesson_setting", name=setting, text=text))
            continue
        try:
            url_state.save(setting, fields[setting].parse(text))
        except ValueError as reason:
            url_state.reject(setting, text, reason)
    return True


def follow_lesson(url_path: str) -> bool:
    """Draw the lesson panel when a lesson is followed (moving to the step's page first); return whether the page
    itself should be drawn: not while the step's question waits for an answer."""
    url_state.restore_from_url(list(FIELDS.values()))
    name = url_state.value(FIELDS["lesson"])
    if not name:
        for field in FIELDS:  # a lesson just left: its link no longer names it
            if field in st.query_params:
                del st.query_params[field]
        return True
    lesson = lesson_named(name)
    if lesson is None:
        st.warning(tr("lesson.unknown", name=literal(name)), icon=":material/school:")
        return True
    number = min(int(url_state.value(FIELDS["step"])), len(lesson.steps))
    step = lesson.steps[number - 1]
    if _enter(name, number, step) and url_path != step.page:
        st.switch_page(PAGES_BY_URL_PATH[step.page].path, query_params=_step_query(step, name, number))
    if url_path != step.page:
        # The student went to another page from the menu: the lesson waits, one click away.
        with st.container(border=True):
            st.caption(tr("lesson.paused", step=number, steps=len(lesson.steps)))
            st.button(tr("lesson.resume"), key="lesson_resume", on_click=_resume, icon=":material/school:")
        return True
    # Both always in the link, step 1 too: the link names the step a lecturer put on a slide.
    for field, text in (("lesson", name), ("step", str(number))):
        if st.query_params.get(field) != text:
            st.query_params[field] = text
    walk = handout_views.walking(name)
    if walk is not None:
        if walk.drawing == number:  # this step's page began and was never kept: something interrupted it
            handout_views.stop(tr("handout.interrupted", step=number))
        else:
            walk.drawing = number
            handout_views.walk_panel(walk, number)
            return True  # the view as it opens: the question is printed in the handout, its answer at the end
    return _panel(lesson, number, step)


@contextlib.contextmanager
def page_of_a_step(pack: Pack, url_path: str):
    """Around a page's run: when a handout is being made, keep the step once the page is drawn; a page that fails
    stops the walk there. A rerun or stop of the script (a click elsewhere) is no Exception and keeps nothing: the
    next run finds the walk interrupted at that step."""
    try:
        yield
    except Exception:
        handout_views.failed()
        raise
    keep_handout_step(pack, url_path)


def keep_handout_step(pack: Pack, url_path: str) -> None:
    """After a page was drawn: when a walk for a handout is drawing this step, keep what the page drew and go on to
    the next step (or, after the last, to the Lessons page, where the handout waits)."""
    name = url_state.value(FIELDS["lesson"])
    walk = handout_views.walking(name) if name else None
    lesson = lesson_named(name) if walk else None
    if walk is None or lesson is None:
        return
    number = min(int(url_state.value(FIELDS["step"])), len(lesson.steps))
    step = lesson.steps[number - 1]
    if walk.drawing != number or url_path != step.page:
        return
    if not handout_views.keep(walk, _handout_step(lesson, number, step, pack, url_path), number):
        _leave()
    elif number < len(lesson.steps):
        start(name, number + 1)
        st.rerun()
    else:
        _leave()
    if walk.done or walk.stopped is not None:
        st.switch_page(PAGES_BY_URL_PATH["lessons"].path)


def _handout_step(lesson: Lesson, number: int, step: Step, pack: Pack, url_path: str) -> HandoutStep:
    """Step `number` as the handout prints it: heading, link, caption, question, the part to look at, the page's
    view, and the question's answer with torch's reason."""
    page = PAGES_BY_URL_PATH[step.page].title(current_language())
    heading = tr("handout.step", step=number, steps=len(lesson.steps), page=page)
    caption = step.caption[current_language()]
    intro = [Block("markdown", caption) if lesson.builtin else Block("text", caption)]
    answer = None
    if step.question:
        prompt, choices, answer_text = _question_texts(step)
        shown = f"**{tr('handout.question')}** {prompt}" + (f"\n\n{' · '.join(choices)}" if choices else "")
        intro.append(Block("notice", shown, "info"))
        answer = Block("markdown", f"**{tr('handout.step_short', step=number)}** {prompt}\n\n{answer_text}")
    if step.view:
        intro.append(Block("caption", tr("handout.look_at", view=tr(VIEW_TEXTS.key(step.view)))))
    return HandoutStep(heading, step_link(lesson, number, current_language(), url_path), tr("handout.open_step"),
                       tuple(intro), packed_blocks(page_view(pack.in_order())), answer)


def _question_texts(step: Step) -> tuple[str, list[str], str]:
    """(the question, its choices as shown, its answer with torch's reason) of a step that asks one."""
    from rnnviz.ui.compute import lesson_answer

    question = step.question
    prompt = tr(QUESTION_TEXTS.key(question.kind), **question.parameters)
    try:
        computed: Answer = lesson_answer(step)
    except RnnvizError as unanswerable:
        return prompt, [], error_text(unanswerable)
    choices = [_choice_label(choice) for choice in computed.choices or ()]
    key = _choice_label(computed.key) if computed.choices else f"`{computed.key}`"
    reason = tr(REASON_TEXTS.key(computed.reason), **computed.values)
    return prompt, choices, f"{tr('handout.answer', answer=key)} {reason}"


def _caption(lesson: Lesson, step: Step) -> None:
    text = step.caption[current_language()]
    if lesson.builtin:
        st.markdown(text)
    else:
        st.text(text)  # a lecturer's upload: shown as typed, never as Markdown


def _panel(lesson: Lesson, number: int, step: Step) -> bool:
    total = len(lesson.steps)
    with st.container(border=True):
        title = lesson.title[current_language()]
        st.caption(tr("lesson.progress", step=number, steps=total, title=title if lesson.builtin else literal(title)))
        st.progress(number / total)
        _caption(lesson, step)
        revealed = _question(lesson.name, number, step) if step.question else True
        if step.view and revealed:
            spotlight(step.page, step.view)
            st.caption(tr("lesson.look_at", view=tr(VIEW_TEXTS.key(step.view))))
        back, forward, leave = st.columns(3)
        back.button(tr("lesson.back"), key="lesson_back", disabled=number == 1, on_click=start,
                    args=(lesson.name, number - 1), icon=":material/arrow_back:", width="stretch")
        if number < total:
            forward.button(tr("lesson.next"), key="lesson_next", type="primary", on_click=start,
                           args=(lesson.name, number + 1), icon=":material/arrow_forward:", width="stretch")
        else:
            forward.success(tr("lesson.done"), icon=":material/flag:")
        leave.button(tr("lesson.leave"), key="lesson_leave", on_click=_leave, icon=":material/close:",
                     width="stretch")
    return revealed


def _choice_label(name: str) -> str:
    """A choice as shown: a study cell by its code name ("LSTM", "RNN (tanh)"), anything else translated."""
    if name in CHOICE_TEXTS.names:
        return tr(CHOICE_TEXTS.key(name))
    from rnnviz.gradients import STUDY_CELLS

    return STUDY_CELLS[name].label


def _check(name: str, number: int, step: Step, widget: str) -> None:
    """Check button callback: keep the answer and whether torch's key agrees."""
    given = st.session_state.get(widget)
    if given is None or not str(given).strip():
        return
    from rnnviz.ui.compute import lesson_answer  # torch: imported by the pages that ask questions, not by Home

    computed = lesson_answer(step)
    st.session_state.setdefault(_ANSWERS, {})[(name, number)] = (str(given), step.question.is_right(computed,
                                                                                                    str(given)))


def _question(name: str, number: int, step: Step) -> bool:
    """The question, the answer widget and, once answered, right or wrong with the reason. True once answered
    (or when the question cannot be asked: the view is then shown with the reason)."""
    from rnnviz.ui.compute import lesson_answer

    question = step.question
    try:
        computed: Answer = lesson_answer(step)
    except RnnvizError as unanswerable:
        st.warning(error_text(unanswerable), icon=":material/help:")
        return True
    prompt = tr(QUESTION_TEXTS.key(question.kind), **question.parameters)
    widget = f"lesson_answer_{name}_{number}"
    if computed.choices:
        # Looked up now: AppTest may call a format_func outside the run, where the language is out of reach.
        shown = {choice: _choice_label(choice) for choice in computed.choices}
        st.radio(prompt, options=list(computed.choices), index=None, format_func=shown.__getitem__, key=widget,
                 horizontal=True)
    else:
        st.text_input(prompt, key=widget, max_chars=40, placeholder="(2, 5, 4)" if question.format == "shape" else "")
    st.button(tr("lesson.check"), key=f"lesson_check_{number}", on_click=_check, args=(name, number, step, widget),
              icon=":material/check:")
    answered = st.session_state.get(_ANSWERS, {}).get((name, number))
    if answered is None:
        st.info(tr("lesson.answer_first"), icon=":material/visibility_off:")
        return False
    given, right = answered
    reason = tr(REASON_TEXTS.key(computed.reason), **computed.values)
    if right:
        st.success(f"{tr('lesson.right')} {reason}", icon=":material/check_circle:")
    else:
        st.error(f"{tr('lesson.wrong', answer=literal(given))} {reason}", icon=":material/cancel:")
    return True


def _lesson_card(lesson: Lesson) -> None:
    questions = sum(step.question is not None for step in lesson.steps)
    with st.container(border=True):
        title = lesson.title[current_language()]
        if lesson.builtin:
            st.subheader(title)
        else:
            st.text(title)
        st.caption(tr("lessons.counts", steps=len(lesson.steps), questions=questions))
        st.button(tr("lessons.start"), key=f"lesson_start_{lesson.name}", type="primary", on_click=start,
                  args=(lesson.name,), icon=":material/play_arrow:")
        handout_views.handout_section(lesson)


def lesson_list() -> None:
    """A card for every built-in lesson (the course first) with its Start button."""
    for lesson in LESSONS.values():
        _lesson_card(lesson)


def upload_section() -> None:
    """A lecturer's own lesson: the upload, what was wrong with it or its card, and the format by example."""
    from rnnviz.lessons.lesson import COURSE_PATH

    st.subheader(tr("lessons.own_header"))
    st.caption(tr("lessons.own_intro"))
    upload = st.file_uploader(tr("lessons.upload"), type=["toml"], key="lesson_upload")
    if upload is not None:
        try:
            _lesson_card(uploaded_lesson(upload.getvalue()))
        except RnnvizError as unusable:
            st.error(tr("lessons.unusable", name=literal(upload.name), reason=error_text(unusable)),
                     icon=":material/error:")
    elif (kept := st.session_state.get(_UPLOADED_LESSON)) is not None:
        # Streamlit forgets an uploader's file once another page is shown: the lesson read from it stays.
        st.caption(tr("lessons.own_kept"))
        _lesson_card(kept)
    with st.expander(tr("lessons.format_header"), icon=":material/description:"):
        st.caption(tr("lessons.format_intro", kinds=", ".join(f"`{kind}`" for kind in KINDS)))
        st.code(COURSE_PATH.read_text(encoding="utf-8"), language="toml")
