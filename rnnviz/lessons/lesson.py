"""A lesson: steps through the app's pages, each a deep link with a caption and maybe a question, read from TOML.

The format (docs/lessons.md has the whole of it, with the course lesson as the example):

    [lesson]
    title = { en = "...", ko = "..." }

    [[steps]]
    page = "shapes"                                   # a file stem of pages/
    query = { cell = "GRU", bidirectional = true }    # the link's settings
    caption = { en = "...", ko = "..." }               # one language is enough; the other falls back to it
    question = { kind = "shape", tensor = "h_n" }     # optional: one of rnnviz.lessons.questions.KINDS
    view = "diagram"                                  # optional: the part outlined (rnnviz.lessons.views)

A file that cannot be used raises RnnvizError naming the step (counted from 1) and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rnnviz.errors import RnnvizError
from rnnviz.i18n import LANGUAGES
from rnnviz.lessons.questions import KINDS, Question
from rnnviz.lessons.views import VIEWS
from rnnviz.limits import MAX_CAPTION_LENGTH, MAX_LESSON_BYTES, MAX_LESSON_STEPS

# The app's pages a step can open: the files of pages/ (Home has nothing to show in a lesson).
PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"
COURSE_PATH = Path(__file__).with_name("course.toml")  # the course lesson, also the format's example
STEP_FIELDS = ("page", "query", "caption", "question", "view")


@dataclass(frozen=True)
class Step:
    """One step: open `page` (a file stem of pages/) with the URL parameters `query`, say `caption` ("en" and
    "ko"), ask `question` first when there is one, and outline the part `view` of the page (VIEWS) if named."""

    page: str
    query: dict[str, str]
    caption: dict[str, str]
    question: Question | None = None
    view: str | None = None


@dataclass(frozen=True)
class Lesson:
    """A named list of steps. `builtin` lessons ship with the app and their captions are Markdown; a lesson a
    lecturer uploads is shown as plain text."""

    name: str
    title: dict[str, str]
    steps: list[Step] = field(default_factory=list)
    builtin: bool = False


def _pages() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in PAGES_DIR.glob("*.py") if path.stem != "home"))


def _texts(value, step: int | None, name: str) -> dict[str, str]:
    """A {en, ko} table (or one string for both languages): each language's text, the missing one filled in."""
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not any(isinstance(value.get(lang), str) for lang in LANGUAGES):
        raise RnnvizError("lesson_texts", step=step or "-", field=name)
    given = {lang: value[lang] for lang in LANGUAGES if isinstance(value.get(lang), str)}
    if any(len(text) > MAX_CAPTION_LENGTH for text in given.values()):
        raise RnnvizError("lesson_caption_long", step=step or "-", field=name, limit=MAX_CAPTION_LENGTH)
    fallback = next(iter(given.values()))
    return {lang: given.get(lang, fallback) for lang in LANGUAGES}


def _query(value, step: int) -> dict[str, str]:
    if not isinstance(value, dict):
        raise RnnvizError("lesson_wrong_type", step=step, field="query", expected="table")
    query = {}
    for name, setting in value.items():
        if isinstance(setting, bool):
            query[name] = "true" if setting else "false"
        elif isinstance(setting, (str, int, float)):
            query[name] = str(setting)
        else:
            raise RnnvizError("lesson_wrong_type", step=step, field=f"query.{name}", expected="string")
    return query


def _question(value, step: int, page: str) -> Question:
    if not isinstance(value, dict) or not isinstance(value.get("kind"), str):
        raise RnnvizError("lesson_missing", step=step, field="question.kind")
    kind_name = value["kind"]
    if kind_name not in KINDS:
        raise RnnvizError("lesson_unknown", step=step, field="question.kind", value=kind_name,
                          allowed=", ".join(KINDS))
    kind = KINDS[kind_name]
    if page not in kind.pages:
        raise RnnvizError("lesson_question_page", step=step, kind=kind_name, page=page, pages=", ".join(kind.pages))
    params = {}
    for name, given in value.items():
        if name == "kind":
            continue
        if name not in kind.params:
            raise RnnvizError("lesson_unknown_field", step=step, field=f"question.{name}")
        default, allowed = kind.params[name]
        if isinstance(default, int) and (isinstance(given, bool) or not isinstance(given, int) or given < 0):
            raise RnnvizError("lesson_not_count", step=step, field=f"question.{name}")
        if allowed is not None and given not in allowed:
            raise RnnvizError("lesson_unknown", step=step, field=f"question.{name}", value=given,
                              allowed=", ".join(map(str, allowed)))
        params[name] = given
    return Question(kind_name, params)


def _step(value, number: int, pages: tuple[str, ...]) -> Step:
    if not isinstance(value, dict):
        raise RnnvizError("lesson_wrong_type", step=number, field="steps", expected="table")
    unknown = [name for name in value if name not in STEP_FIELDS]
    if unknown:
        raise RnnvizError("lesson_unknown_field", step=number, field=unknown[0])
    page = value.get("page")
    if not isinstance(page, str):
        raise RnnvizError("lesson_missing", step=number, field="page")
    if page not in pages:
        raise RnnvizError("lesson_unknown", step=number, field="page", value=page, allowed=", ".join(pages))
    if "caption" not in value:
        raise RnnvizError("lesson_missing", step=number, field="caption")
    question = _question(value["question"], number, page) if "question" in value else None
    return Step(page, _query(value.get("query", {}), number), _texts(value["caption"], number, "caption"), question,
                _view(value.get("view"), number, page))


def _view(value, step: int, page: str) -> str | None:
    if value is None:
        return None
    views = VIEWS.get(page, ())
    if value not in views:
        raise RnnvizError("lesson_unknown", step=step, field="view", value=value, allowed=", ".join(views) or "-")
    return value


def parse_lesson(text: str, name: str = "uploaded", builtin: bool = False) -> Lesson:
    """The lesson in TOML `text`; RnnvizError (naming the step and field) for anything the app cannot use."""
    size = len(text.encode("utf-8"))
    if size > MAX_LESSON_BYTES:
        raise RnnvizError("lesson_too_large", size=size, limit=MAX_LESSON_BYTES)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RnnvizError("lesson_toml", reason=str(error)) from None
    header = data.get("lesson", {})
    if not isinstance(header, dict) or "title" not in header:
        raise RnnvizError("lesson_missing", step="-", field="lesson.title")
    steps = data.get("steps")
    if not isinstance(steps, list) or not 1 <= len(steps) <= MAX_LESSON_STEPS:
        raise RnnvizError("lesson_steps", count=len(steps) if isinstance(steps, list) else 0,
                          limit=MAX_LESSON_STEPS)
    pages = _pages()
    return Lesson(name, _texts(header["title"], None, "lesson.title"),
                  [_step(step, number, pages) for number, step in enumerate(steps, start=1)], builtin)


def load_lesson(path_or_text: str | Path | bytes, name: str = "uploaded", builtin: bool = False) -> Lesson:
    """A lesson from a `.toml` file's path, its bytes (an upload) or its text."""
    if isinstance(path_or_text, bytes):
        if len(path_or_text) > MAX_LESSON_BYTES:
            raise RnnvizError("lesson_too_large", size=len(path_or_text), limit=MAX_LESSON_BYTES)
        try:
            return parse_lesson(path_or_text.decode("utf-8"), name, builtin)
        except UnicodeDecodeError:
            raise RnnvizError("lesson_encoding") from None
    if isinstance(path_or_text, Path) or (str(path_or_text).endswith(".toml") and "\n" not in str(path_or_text)):
        path = Path(path_or_text)
        if path.stat().st_size > MAX_LESSON_BYTES:
            raise RnnvizError("lesson_too_large", size=path.stat().st_size, limit=MAX_LESSON_BYTES)
        return load_lesson(path.read_bytes(), name, builtin)
    return parse_lesson(path_or_text, name, builtin)
