"""Keep every run inside app.py's router, even on a fresh server.

Streamlit keeps a legacy mode for apps with a `pages/` folder: until some session has called `st.navigation`,
each run goes through a wrapper that either runs app.py as a "main page" or, for a deep link such as
`/layer_builder`, runs `pages/layer_builder.py` alone (no language switch, no wide layout, untranslated menu).
Widgets drawn under that wrapper also get other IDs than in a routed run, so the language chosen in the first
run would be forgotten in the second. AppTest re-enters the legacy mode on every run, so tests meet it too.

`leave_legacy_pages_mode()` is the first call in app.py and in every page: under the wrapper it turns the
legacy mode off and reruns before anything is drawn; in a routed run it does nothing.
Relies on `PagesManager.uses_pages_directory` (streamlit 1.67, pinned in requirements.txt).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from rnnviz.ui.language import tr
from rnnviz.ui.navigation import PAGES_BY_URL_PATH


def leave_legacy_pages_mode() -> None:
    """Rerun through app.py's `st.navigation` if Streamlit is running this script in its legacy pages mode."""
    if PagesManager.uses_pages_directory:
        # st.navigation would clear the flag too, but only after widgets were drawn with legacy IDs.
        PagesManager.uses_pages_directory = False
        st.rerun()


def link_to(url_path: str) -> None:
    """A link to the page served at `url_path` (navigation.PAGES), with its menu title and icon."""
    entry = PAGES_BY_URL_PATH[url_path]
    st.page_link(entry.path, label=tr(entry.title_key), icon=entry.icon)
