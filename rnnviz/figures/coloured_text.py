"""Text with every character's background coloured by one unit's value (Karpathy's "visualizing" pictures): red
for positive, blue for negative, stronger further from 0. Returned as HTML for a page to show."""

from __future__ import annotations

import html
from typing import Sequence

import numpy as np

POSITIVE, NEGATIVE = (220, 38, 38), (37, 99, 235)  # the app's red and blue
FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"


def _background(value: float) -> str:
    red, green, blue = POSITIVE if value >= 0 else NEGATIVE
    return f"rgba({red},{green},{blue},{min(abs(value), 1.0) * 0.85:.2f})"


def coloured_text_html(text: str, values: Sequence[float], scale: float = 1.0,
                       titles: Sequence[str] | None = None, marked: tuple[int, int] | None = None,
                       font_size: int = 15) -> str:
    """`text` (T characters) as HTML spans, character t on a background for values[t] / scale (clipped to
    [-1, 1]); `titles[t]` becomes its hover text (e.g. the next-character guesses); characters in `marked`
    [start, end) are underlined. Newlines stay line breaks and spaces keep their width."""
    if len(values) != len(text):
        raise ValueError(f"one value per character: {len(text)} characters, {len(values)} values")
    scaled = np.clip(np.asarray(values, dtype=np.float64) / (scale or 1.0), -1.0, 1.0)
    spans = []
    for index, (char, value) in enumerate(zip(text, scaled)):
        shown = "↵\n" if char == "\n" else html.escape(char)
        title = f' title="{html.escape(titles[index], quote=True)}"' if titles is not None else ""
        underline = ";text-decoration:underline 2px" if marked and marked[0] <= index < marked[1] else ""
        spans.append(f'<span style="background:{_background(float(value))}{underline}"{title}>{shown}</span>')
    return (f'<div style="font-family:{FONT};font-size:{font_size}px;line-height:1.55;white-space:pre-wrap;'
            f'color:#111827">' + "".join(spans) + "</div>")
