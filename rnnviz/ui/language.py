"""The language switch (English / 한국어), bound to `?lang=`, defaulting to the browser's locale."""

from __future__ import annotations

import dataclasses

import streamlit as st

from rnnviz import i18n
from rnnviz.errors import RnnvizError
from rnnviz.ui import url_state
from rnnviz.ui.literal import format_literally, literal

LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}


def browser_language() -> str:
    """"ko" when the browser prefers Korean, else "en"."""
    locale = st.context.locale or ""
    return "ko" if locale.lower().startswith("ko") else "en"


# Registered with English as its default; each session's own default is its browser's language.
_LANG = url_state.register(__name__, url_state.choice_field("lang", "en", i18n.LANGUAGES, always_in_url=True))["lang"]


def _lang_field() -> url_state.Field:
    return dataclasses.replace(_LANG, default=browser_language())


def language_switch() -> str:
    """Draw the switch in the sidebar and return the chosen language code ("en" or "ko")."""
    field = _lang_field()
    url_state.restore_from_url([field])
    return url_state.bound(
        st.sidebar.radio,
        field,
        "Language · 언어",
        options=list(i18n.LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
    )


def current_language() -> str:
    """The language of this run (chosen by `language_switch`, which app.py draws before any page runs)."""
    return url_state.value(_lang_field())


def tr(key: str, **values: object) -> str:
    """The text of `key` in the current language, with `values` filled in."""
    return i18n.text(key, current_language(), **values)


def template(key: str) -> str:
    """The text of `key` in the current language, its fields left for the caller's str.format."""
    return i18n.template(key, current_language())


# The two directions of a bidirectional layer, as a direction index or table value names them.
DIRECTION_WORDS = i18n.family("word.{}", ("forward", "backward"))


def labels(family: i18n.KeyFamily, names_of: dict | None = None) -> callable:
    """A format_func for a widget whose options are `family.names` (or the keys of `names_of`, an option -> its
    name in the family): each option's text in the current language, looked up once per run.

    Built eagerly because Streamlit may call a format_func outside the script run (AppTest does, to serialise a
    widget's value), where the session's language is not in reach.
    """
    names_of = names_of or {name: name for name in family.names}
    texts = {option: tr(family.key(name)) for option, name in names_of.items()}
    return texts.__getitem__



def error_text(error: Exception) -> str:
    """An error's message for the reader, as Markdown: an RnnvizError in the current language, any other in its own
    words. What the error quotes (a link's text, a file's cell, a library's message) is shown as text."""
    if isinstance(error, RnnvizError):
        return format_literally(i18n.template(f"error.{error.code}", current_language()), **error.values)
    return literal(error)
