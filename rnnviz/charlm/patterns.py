"""A student's search pattern run so that no pattern can hold the server: RE2, a linear-time engine.

Python's `re` backtracks: `(.*)*$x` on the 1,500-character passage ran for minutes while holding the GIL, and
every session of the server waited (issue 24). RE2 matches in time linear in the text for any pattern, holds
each compiled pattern to a memory budget, and refuses at parse time what would need more (a repeat of a repeat
over 1,000 copies), so a pattern is either answered within milliseconds or refused with RE2's reason. RE2 has
no look-arounds and no back-references; the page's help says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import re2

from rnnviz.errors import RnnvizError
from rnnviz.limits import MAX_PATTERN_LENGTH, PATTERN_MEMORY


@dataclass(frozen=True)
class Span:
    """Where a pattern first matched: characters [start, end) of the text searched."""

    start: int
    end: int


def _options() -> re2.Options:
    options = re2.Options()
    options.max_mem = PATTERN_MEMORY
    options.log_errors = False  # a student's typo is a message on the page, not a line in the server's log
    return options


def first_match(pattern: str, text: str) -> Span | None:
    """The first match of `pattern` in `text` (character offsets), or None. Raises RnnvizError "pattern_too_long"
    over MAX_PATTERN_LENGTH characters and "pattern_invalid" (with RE2's reason) for a pattern RE2 refuses."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise RnnvizError("pattern_too_long", length=len(pattern), limit=MAX_PATTERN_LENGTH)
    try:
        compiled = re2.compile(pattern, _options())
    except re2.error as error:
        reason = error.args[0] if error.args else ""
        raise RnnvizError("pattern_invalid", reason=reason.decode(errors="replace") if isinstance(reason, bytes)
                          else str(reason)) from None
    finally:
        re2.purge()  # the module keeps 128 compiled patterns, each up to its memory budget: keep none
    found = compiled.search(text)
    return None if found is None else Span(*found.span())
