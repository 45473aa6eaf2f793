"""Notices: which values of the opened link could not be used (above every page), and a limit a setting breaks."""

from __future__ import annotations

import streamlit as st

from rnnviz import i18n
from rnnviz.limits import BREACHES, LimitBreach
from rnnviz.ui import url_state
from rnnviz.ui.language import error_text, tr
from rnnviz.ui.literal import literal

LIMIT_TEXTS = i18n.family("limits.{}", BREACHES, fields=("value", "limit"))


def show_rejected_url_values(container) -> None:
    """Say in `container` which parts of the opened link were not usable (the controls keep their values).
    The link's text is the user's: it is shown escaped, never as Markdown."""
    for name, (text, reason) in url_state.rejected_url_values().items():
        container.warning(tr("error.url_value", name=literal(name), text=literal(text), reason=error_text(reason)),
                          icon=":material/link_off:")


def limit_warning(breach: LimitBreach) -> None:
    """Say which limit a setting exceeds, by how much, and why the limit exists (rnnviz.limits)."""
    st.warning(tr(LIMIT_TEXTS.key(breach.what), value=f"{breach.value:,}", limit=f"{breach.limit:,}"),
               icon=":material/speed:")


def notice_area():
    """A place at the top of the page, filled once the page has read the link (see app.py)."""
    return st.container()
