"""The course as one handout: the app's walk through every step (AppTest, warm caches, as for the class's second
student) and the file it makes, against downloading every step's page as a file of its own (the naive way: plotly.js
in each), with the same walk keeping nothing of the steps as the floor (the pages' own runs)."""

from __future__ import annotations

import time
from contextlib import nullcontext
from unittest import mock

import streamlit as st

from benchmarks.harness import Row, open_app
from rnnviz.lecture_pack import page_html
from rnnviz.lesson_handout import HandoutStep, handout_html
from rnnviz.lessons import LESSONS
from rnnviz.ui.export import LAST_PACK
from rnnviz.ui.handout_views import _WALK
from rnnviz.ui.navigation import PAGES_BY_URL_PATH

COURSE = LESSONS["course"]
MAX_SECONDS = 5.0  # warm; the walk shows its progress step by step, and the first walk's figure is in the note
MAX_FILE_MB = 12.0
REPEATS = 3


def _walked(keeping: bool = True) -> tuple[float, str]:  # noqa: FBT001, FBT002 - a benchmark's switch
    """(seconds, the handout with its answers): Make a handout pressed on the Lessons page, the file made. Not
    `keeping`: each step is kept as an empty one and no file is made (the floor)."""
    at = open_app("pages/lessons.py")
    empty = HandoutStep("", "", "", (), b"")
    with mock.patch("rnnviz.ui.lesson_views._handout_step", lambda *_: empty) if not keeping else nullcontext():
        started = time.perf_counter()
        at.button(key="handout_make_course").click().run()
        walk = at.session_state[_WALK]
        made = handout_html("course", "16 steps", "/lessons", "link", "saved", walk.steps, "Answers") if keeping else ""
        seconds = time.perf_counter() - started
    if not walk.done:
        raise RuntimeError(f"the walk stopped: {walk.stopped}")
    return seconds, made


def _each_step() -> tuple[float, int]:
    """(seconds, bytes of the files): every step's page opened with the step's settings (outside the lesson, so no
    question hides the view) and saved as a file of its own."""
    started, size = time.perf_counter(), 0
    for step in COURSE.steps:
        pack = open_app(PAGES_BY_URL_PATH[step.page].path, step.query).session_state[LAST_PACK]
        size += len(page_html(pack.title, "/x", "link", "saved", pack.in_order()).encode())
    return time.perf_counter() - started, size


def run() -> list[Row]:
    st.cache_data.clear()
    st.cache_resource.clear()
    cold, _ = _walked()  # the first student's walk fills the pages' caches
    seconds, made = min(_walked() for _ in range(REPEATS))
    naive_seconds, naive_size = min(_each_step() for _ in range(REPEATS))
    floor_seconds, _ = min(_walked(keeping=False) for _ in range(REPEATS))
    size = len(made.encode()) / 1e6
    return [
        Row(f"lesson handout: the course's {len(COURSE.steps)} steps walked and made into one file (AppTest)",
            seconds, "s", "naive: each step's page opened and saved as a file", naive_seconds,
            f"< {MAX_SECONDS:.0f} s", seconds < MAX_SECONDS,
            note=f"floor (the same walk keeping nothing) {floor_seconds:.1f} s; the first walk, caches empty: "
                 f"{cold:.1f} s"),
        Row("lesson handout: the course's file with its answers", size, "MB", "naive: the steps' files together",
            naive_size / 1e6, f"<= {MAX_FILE_MB:.0f} MB", size <= MAX_FILE_MB),
    ]
