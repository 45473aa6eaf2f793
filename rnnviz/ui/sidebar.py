"""Small building blocks of the sidebars: a section of URL-bound controls, a radio with translated options."""

from __future__ import annotations

from typing import Iterable

import streamlit as st

from rnnviz import i18n
from rnnviz.ui import url_state
from rnnviz.ui.language import labels, tr


def sidebar_section(fields: Iterable[url_state.Field], title_key: str):
    """Take the section's fields from the link (once per session), head the section with `tr(title_key)`, and
    return the sidebar to draw its controls in."""
    url_state.restore_from_url(list(fields))
    st.sidebar.subheader(tr(title_key))
    return st.sidebar


def translated_radio(container, field: url_state.Field, label_key: str, family: i18n.KeyFamily, **kwargs):
    """A URL-bound radio labelled `tr(label_key)`, helped by `tr(label_key + "_help")`, whose options are
    `family.names`, each shown as its key's text."""
    return url_state.bound(container.radio, field, tr(label_key), options=list(family.names),
                           format_func=labels(family), help=tr(label_key + "_help"), **kwargs)
