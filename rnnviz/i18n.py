"""Every user-facing string, in English and Korean: the catalogue in strings.toml, side by side so a missing
translation shows at a glance, and the functions that read it.

Values are `str.format` templates with named fields; both languages of a key take the same fields (a test checks
it). Code identifiers (`nn.LSTM`, `h_n`, `batch_first`) stay as they are in both languages: they are what the
student types.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
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
    """The string `key` in `lang`, with `values` filled in. Unknown keys raise KeyError (a bug, caught by tests).
    Always formatted, values or not, so a brace written `{{` in the catalogue shows as one."""
    return STRINGS[key][lang].format(**values)


@dataclass(frozen=True)
class KeyFamily:
    """Keys made at run time from one pattern over a fixed set of names: "stock.target_{}" over the targets.

    Every key built from a value goes through one (`family`), so the tests check each key of every family
    against the catalogue instead of a copy of the patterns. `fields` are the values the code fills in.
    """

    pattern: str
    names: tuple[str, ...]
    fields: frozenset[str] = frozenset()

    def key(self, name: str) -> str:
        """The key for `name`; a name outside the family raises KeyError (a bug, caught by tests)."""
        if name not in self.names:
            raise KeyError(f"{name!r} is not one of {self.pattern!r}'s names {self.names}")
        return self.pattern.format(name)

    def keys(self) -> list[str]:
        """Every key of the family, in the order of `names`."""
        return [self.pattern.format(name) for name in self.names]


FAMILIES: list[KeyFamily] = []


def family(pattern: str, names, fields=()) -> KeyFamily:
    """Register the keys `pattern.format(name)` for each of `names`, filled with `fields`, and return them."""
    made = KeyFamily(pattern, tuple(names), frozenset(fields))
    if made not in FAMILIES:  # a module imported again (Streamlit reloading an edited file) adds nothing
        FAMILIES.append(made)
    return made
