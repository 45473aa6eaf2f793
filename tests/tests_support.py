"""Helpers shared by the AppTest files."""

from __future__ import annotations

import base64
import html
import re

import numpy as np
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("gfm-like")


def plain(markdown: str) -> str:
    """What a reader sees of a Markdown message: rendered (GitHub's flavour, as Streamlit does), tags dropped."""
    return html.unescape(re.sub(r"<[^>]+>", "", _MARKDOWN.render(markdown))).strip()


def shown_texts(at) -> list[str]:
    """Every text a page shows a reader: headings, prose, messages, and every widget's label and help."""
    texts = [element.value for kind in ("title", "subheader", "markdown", "caption", "info", "success", "warning",
                                        "error") for element in getattr(at, kind)]
    for kind in ("radio", "selectbox", "number_input", "toggle", "slider", "text_input", "multiselect", "button",
                 "select_slider"):
        for widget in getattr(at, kind):
            texts += [widget.label, widget.help or ""]
    return [text for text in texts if text]


def decoded(value) -> np.ndarray:
    """A Plotly array as numpy, whether kept as an array or encoded as {"bdata", "dtype", "shape"}."""
    if isinstance(value, dict):
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            array = array.reshape([int(dim) for dim in str(shape).split(",")])
        return array
    return np.asarray(value)


# What a test's AppTest script built, seen by the test itself (the scripts run in this process).
BUILT: list = []


def layout_value(layout: dict, *path: str):
    """A Plotly layout setting as the browser draws it: the figure's own value, else its template's (None if
    neither sets it). `layout_value(layout, "font", "size")`."""
    for source in (layout, layout.get("template", {}).get("layout", {})):
        value = source
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            return value
    return None
