"""The language switch (English / 한국어), bound to `?lang=`, defaulting to the browser's locale."""

from __future__ import annotations

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


def _lang_field() -> url_state.Field:
    return url_state.choice_field("lang", browser_language(), i18n.LANGUAGES, always_in_url=True)


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


def labels(options, key_of) -> callable:
    """A format_func for a widget: each option's text in the current language, looked up once per run.

    Built eagerly because Streamlit may call a format_func outside the script run (AppTest does, to serialise a
    widget's value), where the session's language is not in reach.
    """
    texts = {option: tr(key_of(option)) for option in options}
    return texts.__getitem__



def error_text(error: Exception) -> str:
    """An error's message for the reader, as Markdown: an RnnvizError in the current language, any other in its own
    words. What the error quotes (a link's text, a file's cell, a library's message) is shown as text."""
    if isinstance(error, RnnvizError):
        return format_literally(i18n.template(f"error.{error.code}", current_language()), **error.values)
    return literal(error)
