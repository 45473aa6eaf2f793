"""The library's one error type: a `ValueError` with a code the UI translates and an English message.

The message is the English text of `error.<code>` in `rnnviz.i18n`, so each message is written once.
"""

from __future__ import annotations

from typing import Any

from rnnviz import i18n


class RnnvizError(ValueError):
    """Input or settings that cannot give a result. `code` names the case, `values` fill its message, and
    `str(error)` is the English message (what the user can do about it)."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(i18n.text(f"error.{code}", "en", **values))
        self.code = code
        self.values = values

    def message(self, lang: str) -> str:
        """The message in `lang`."""
        return i18n.text(f"error.{self.code}", lang, **self.values)
