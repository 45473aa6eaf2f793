"""Every chart goes through `show_chart`: a camera button that exports at 3x scale with a meaningful file name,
and lecture mode (bigger fonts, white paper) for projectors and slides."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from rnnviz.figures import theme
from rnnviz.ui import url_state
from rnnviz.ui.language import tr
from rnnviz.ui.page_style import page_css

LECTURE = url_state.register(__name__, url_state.bool_field("lecture", False))["lecture"]


def lecture_mode_switch() -> bool:
    """The sidebar toggle (bound to `?lecture=true`), and the page's stylesheet: readable captions, and in lecture
    mode larger text and darker captions."""
    url_state.restore_from_url([LECTURE])
    on = url_state.bound(st.sidebar.toggle, LECTURE, tr("lecture.switch"), help=tr("lecture.help"))
    st.html(page_css(on))
    return on


def lecture_mode() -> bool:
    return bool(url_state.value(LECTURE))


def chart_config(name: str, image_format: str = "png") -> dict:
    """Plotly config: no logo, and the camera button exports `rnnviz_<name>` at 3x scale (SVG where given)."""
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": image_format, "scale": 3, "filename": f"rnnviz_{name}"}}


def for_lecture(figure: go.Figure) -> go.Figure:
    """A copy on the lecture template (larger fonts, white paper); the original may be a cached, shared figure,
    so it is never mutated. Annotations (subplot titles, the shape diagram's labels) carry their own font sizes,
    which no template reaches: they are enlarged one by one."""
    copy = go.Figure(figure.to_dict(), _validate=False)
    # The template itself, not its name: the copy is not validated, so a name would reach the browser as is.
    copy.update_layout(template=pio.templates[theme.LECTURE])
    copy.update_annotations(font_size=theme.LECTURE_FONT_SIZE - 2)
    return copy


def show_chart(figure: go.Figure, name: str, image_format: str = "png", container=None, **kwargs):
    """st.plotly_chart with the export config, in lecture mode on a larger-font copy; kwargs pass through."""
    target = container if container is not None else st
    if lecture_mode():
        figure = for_lecture(figure)
    kwargs.setdefault("width", "stretch")
    return target.plotly_chart(figure, config=chart_config(name, image_format), **kwargs)
