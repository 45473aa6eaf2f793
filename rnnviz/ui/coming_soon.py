"""The plain notice a page shows while it is still being built."""

import streamlit as st

from rnnviz.ui.language import tr


def coming_soon_page(title_key: str) -> None:
    """Title, the page's one-line promise, and a clear "coming" notice."""
    st.title(tr(title_key))
    st.info(tr("coming.notice"), icon=":material/construction:")
    st.markdown(tr(title_key + ".summary"))
