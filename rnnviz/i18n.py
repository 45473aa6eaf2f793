"""Every user-facing string, in English and Korean: the catalogue in strings.toml, side by side so a missing
translation shows at a glance, and the functions that read it.

Values are `str.format` templates with named fields; both languages of a key take the same fields (a test checks
it). Code identifiers (`nn.LSTM`, `h_n`, `batch_first`) stay as they are in both languages: they are what the
student types.
"""

from __future__ import annotations

import string
import tomllib
from pathlib import Path

LANGUAGES = ("en", "ko")

# The catalogue is data, not code: rnnviz/strings.toml, one table per key with its "en" and "ko" text.
with open(Path(__file__).with_name("strings.toml"), "rb") as _catalogue:
    STRINGS: dict[str, dict[str, str]] = tomllib.load(_catalogue)


def catalog(lang: str) -> dict[str, str]:
    """All strings of one language: key -> template."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return {key: texts[lang] for key, texts in STRINGS.items()}


def placeholders(template: str) -> set[str]:
    """The named fields a template takes: "Layer {layer}" -> {"layer"}."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def template(key: str, lang: str) -> str:
    """The unfilled template of `key` in `lang`."""
    return STRINGS[key][lang]


def text(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang`, with `values` filled in. Unknown keys raise KeyError (a bug, caught by tests)."""
    template = STRINGS[key][lang]
    return template.format(**values) if values else template
