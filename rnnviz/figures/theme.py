"""The app's two Plotly templates, registered once: one for the screen, one for a projector or a slide.

Every figure builder passes `template=SCREEN` and sets no font size of its own, so lecture mode
(`rnnviz.ui.charts.for_lecture`) enlarges a figure by switching its template alone.
"""

from __future__ import annotations

import copy

import plotly.graph_objects as go
import plotly.io as pio

SCREEN = "rnnviz"
LECTURE = "rnnviz_lecture"
FONT_SIZE = 13
LECTURE_FONT_SIZE = 20  # readable from the back of a lecture hall, and in a slide at half width


def _template(font_size: int) -> go.layout.Template:
    """plotly_white (white paper, light grid) with the app's font size."""
    template = copy.deepcopy(pio.templates["plotly_white"])
    template.layout.font.size = font_size
    template.layout.paper_bgcolor = "white"
    return template


pio.templates[SCREEN] = _template(FONT_SIZE)
pio.templates[LECTURE] = _template(LECTURE_FONT_SIZE)
