"""The one view a lesson step points at: pages draw their parts inside `view(page, name)`, and a step that names
one (rnnviz.lessons.views.VIEWS) outlines it, with the panel saying what to look at."""

from __future__ import annotations

import streamlit as st

from rnnviz.lessons.views import VIEWS

# Amber reads on white and on the dark theme, and is neither of the heatmaps' red and blue.
OUTLINE = "4px solid #d97706"


def _key(page: str, name: str) -> str:
    if name not in VIEWS.get(page, ()):
        raise KeyError(f"{page} has no view {name!r}: add it to rnnviz.lessons.views.VIEWS")
    return f"view_{page}_{name}"


def view(page: str, name: str):
    """A container for the part `name` of `page` (its CSS class `st-key-view_<page>_<name>` is what is outlined)."""
    return st.container(key=_key(page, name))


def spotlight_css(page: str, name: str) -> str:
    """The stylesheet outlining the part `name` of `page`: made only of names in VIEWS, never of a lesson's text."""
    return (f"<style>.st-key-{_key(page, name)} {{ outline: {OUTLINE}; outline-offset: 6px; border-radius: 6px; }}"
            "</style>")


def spotlight(page: str, name: str) -> None:
    """Outline the part `name` of `page` on this run (the page draws it after the lesson panel)."""
    st.html(spotlight_css(page, name))
