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


# The trace types the app draws: plotly_white's defaults for the other twenty (maps, 3-D, polar, ...) and its geo,
# polar, scene and ternary axes are left out of the templates, because every figure validates its template when
# it is built: 8.2 ms a figure with all of plotly_white, 3.1 ms without them (measured; a page draws up to five).
# Its default colour scales go too (the layout's and the heatmap's, half of what is left: 2.3 -> 1.3 ms a figure):
# every heatmap and colour axis in the app names its own scale, diverging or sequential by what it shows.
TRACE_TYPES = ("scatter", "heatmap", "bar", "candlestick")
UNUSED_LAYOUT = ("geo", "polar", "scene", "ternary", "colorscale")


def _template(font_size: int) -> go.layout.Template:
    """plotly_white (white paper, light grid) for the app's trace types, with the app's font size."""
    white = pio.templates["plotly_white"].to_plotly_json()
    data = {kind: [{key: value for key, value in trace.items() if key != "colorscale"} for trace in defaults]
            for kind, defaults in white["data"].items() if kind in TRACE_TYPES}
    layout = {name: value for name, value in white["layout"].items() if name not in UNUSED_LAYOUT}
    template = go.layout.Template(data=copy.deepcopy(data), layout=copy.deepcopy(layout))
    template.layout.font.size = font_size
    template.layout.paper_bgcolor = "white"
    return template


pio.templates[SCREEN] = _template(FONT_SIZE)
pio.templates[LECTURE] = _template(LECTURE_FONT_SIZE)


# The height a title takes above a figure's own top margin (Plotly draws titles at 1.4 x the font size).
TITLE_HEIGHT = 36


def _title(text: str) -> dict:
    return dict(text=text, x=0.0, xanchor="left", xref="container", y=1.0, yanchor="top", yref="container",
                pad=dict(t=10, l=12))


def titled(figure, title: str):
    """Put `title` (the layer's constructor call, usually) at the figure's top left, in a strip added above its top
    margin so that no legend or label above the plot moves under it: an export or a screenshot then names what it
    shows. Takes a go.Figure or a figure dict and changes it in place (call it where the figure is built, before
    anything shares it); returns it."""
    if isinstance(figure, dict):
        layout = figure.setdefault("layout", {})
        layout["title"] = _title(title)
        top = layout.get("margin", {}).get("t")
        if top is not None:
            layout["margin"] = {**layout["margin"], "t": top + TITLE_HEIGHT}
        return figure
    top = figure.layout.margin.t
    figure.update_layout(title=_title(title), **({} if top is None else {"margin_t": top + TITLE_HEIGHT}))
    return figure
