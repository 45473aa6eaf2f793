"""A lesson's handout, made by walking it: the app opens every step in turn, exactly as a student following the
lesson would see it on entering (settings applied, the view shown without waiting for an answer), keeps what each
step's page drew (rnnviz.ui.export), and once the last step is kept offers the handout, with or without the
answers, on the Lessons page.

The walk is a chain of ordinary page runs in the student's own session, so every step costs what it costs a student
who clicks Next, within the same budgets. Anything that interrupts it (the Stop button, another click, a page that
fails) stops it, and the Lessons page says at which step. What a walk keeps is bounded by
`rnnviz.limits.MAX_HANDOUT_BYTES` (compressed), and a session keeps one handout.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

import streamlit as st

from rnnviz import i18n
from rnnviz.lesson_handout import HandoutStep, handout_html
from rnnviz.lessons import Lesson
from rnnviz.limits import MAX_HANDOUT_BYTES, MAX_HANDOUT_SECONDS, MIB
from rnnviz.ui.export import unrecorded
from rnnviz.ui.language import current_language, tr

_WALK = "lesson.handout"  # session key: this session's HandoutWalk


@dataclass
class HandoutWalk:
    """A handout being made (or made) for lesson `lesson` of `total` steps in `language`. `drawing` is the step
    whose page is being drawn: met again before it is kept, the walk was interrupted. `stopped`: why it stopped
    early (shown as it is), None while it goes on or once it is `done`. `started`: time.monotonic() at its start."""

    lesson: str
    language: str
    total: int
    steps: list[HandoutStep] = field(default_factory=list)
    drawing: int | None = None
    stopped: str | None = None
    done: bool = False
    started: float = field(default_factory=time.monotonic)

    @property
    def size(self) -> int:
        return sum(step.size for step in self.steps)


def begin(lesson: str, total: int) -> None:
    """Start making lesson `lesson`'s handout (of `total` steps) in the current language; any earlier one is
    dropped."""
    st.session_state[_WALK] = HandoutWalk(lesson, current_language(), total)


def walk() -> HandoutWalk | None:
    """This session's handout, being made or made."""
    return st.session_state.get(_WALK)


def walking(lesson: str) -> HandoutWalk | None:
    """The walk going on through `lesson`, if there is one."""
    current = walk()
    if current is None or current.lesson != lesson or current.done or current.stopped is not None:
        return None
    return current


def stop(reason: str) -> None:
    """Stop the walk going on, saying `reason` on the Lessons page."""
    current = walk()
    if current is not None and not current.done and current.stopped is None:
        current.stopped = reason


def failed() -> None:
    """The page of the step being drawn failed: stop the walk going on there."""
    current = walk()
    if current is not None and current.drawing is not None:
        stop(tr("handout.failed", step=current.drawing))


def _stop_clicked() -> None:
    stop(tr("handout.stopped_by_you"))


def walk_panel(current: HandoutWalk, number: int) -> None:
    """In place of the lesson panel while the walk draws step `number`: its progress and a Stop button (none of it
    is part of the handout)."""
    with unrecorded(), st.container(border=True):
        st.progress(number / current.total, text=tr("handout.making", step=number, steps=current.total))
        st.button(tr("handout.stop"), key="handout_stop", on_click=_stop_clicked, icon=":material/stop:")


def keep(current: HandoutWalk, step: HandoutStep, number: int) -> bool:
    """Keep step `number` of the walk; False (and the walk stopped) when the handout would pass its bounds."""
    current.drawing = None
    if current.size + step.size > MAX_HANDOUT_BYTES:
        current.stopped = tr("handout.too_large", step=number, limit=MAX_HANDOUT_BYTES // MIB)
        return False
    current.steps.append(step)
    if number >= current.total:
        current.done = True
    elif time.monotonic() - current.started > MAX_HANDOUT_SECONDS:
        current.stopped = tr("handout.too_slow", step=number, limit=round(MAX_HANDOUT_SECONDS))
        return False
    return True


def handout_section(lesson: Lesson) -> None:
    """On the lesson's card: the Make button, then the handout made (two downloads, with and without the answers)
    or why the last walk stopped."""
    from rnnviz.ui.lesson_views import make_handout, step_link  # the walk follows the lesson: lesson_views drives it

    st.button(tr("handout.make"), key=f"handout_make_{lesson.name}", on_click=make_handout, args=(lesson.name,),
              icon=":material/menu_book:", help=tr("handout.help"))
    current = walk()
    if current is None or current.lesson != lesson.name:
        return
    if current.stopped is not None:
        st.warning(current.stopped, icon=":material/stop_circle:")
        return
    if not current.done:
        return
    language = current.language
    title, link = lesson.title[language], step_link(lesson, 1, language, "lessons")
    questions = sum(step.question is not None for step in lesson.steps)
    # The file's own words in the language its steps were kept in, whatever the page is shown in now.
    link_text, made_text = i18n.text("handout.link", language), i18n.template("export.made", language)
    answers_heading = i18n.text("handout.answers", language)
    summary = i18n.text("lessons.counts", language, steps=len(lesson.steps), questions=questions)
    steps = list(current.steps)

    def contents(answers: bool) -> bytes:
        made = made_text.format(time=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
        return handout_html(title, summary, link, link_text, made, steps, answers_heading if answers else None,
                            language).encode("utf-8")

    st.success(tr("handout.ready", steps=len(steps), questions=questions, size=f"{current.size / MIB:.1f}"),
               icon=":material/task_alt:")
    plain, answered = st.columns(2)
    plain.download_button(tr("handout.download"), lambda: contents(False),
                          file_name=f"rnnviz_lesson_{lesson.name}_{language}.html", mime="text/html",
                          key=f"handout_{lesson.name}", on_click="ignore", icon=":material/download:", width="stretch")
    answered.download_button(tr("handout.download_answers"), lambda: contents(True),
                             file_name=f"rnnviz_lesson_{lesson.name}_{language}_answers.html", mime="text/html",
                             key=f"handout_{lesson.name}_answers", on_click="ignore", icon=":material/download:",
                             width="stretch")
