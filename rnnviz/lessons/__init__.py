"""Lessons: guided paths through the app's pages, with questions whose answers torch computes.

`LESSONS` holds the lessons that ship with the app (name -> Lesson; "course" follows the lecture notes);
`load_lesson` reads a lecturer's own TOML file (format: docs/lessons.md).
"""

from __future__ import annotations

from rnnviz.lessons.lesson import COURSE_PATH, Lesson, Step, load_lesson, parse_lesson
from rnnviz.lessons.questions import KINDS, Answer, Question

__all__ = ["KINDS", "LESSONS", "Answer", "Lesson", "Question", "Step", "load_lesson", "parse_lesson"]

LESSONS: dict[str, Lesson] = {"course": load_lesson(COURSE_PATH, name="course", builtin=True)}
