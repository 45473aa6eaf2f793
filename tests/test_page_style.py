"""The page stylesheet's colours pass WCAG AA for normal text, computed with WCAG 2.1's own contrast formula, and
every page carries the stylesheet (lecture mode: its larger type and darker captions)."""

from __future__ import annotations

import pytest

from rnnviz.ui import page_style
from rnnviz.ui.navigation import PAGES

WHITE = "#ffffff"
SIDEBAR_GREY = "#f0f2f6"  # Streamlit's light theme's secondaryBackgroundColor, the sidebar's
AA_NORMAL_TEXT = 4.5


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB hex colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_known_ratios():
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    # Streamlit's own code colours, which axe reported at 3.63:1 and 3.5:1.
    assert contrast("#1c83e1", page_style.CODE_BACKGROUND) == pytest.approx(3.63, abs=0.01)


@pytest.mark.parametrize("background", [WHITE, SIDEBAR_GREY])
def test_captions_pass_aa_on_the_page_and_in_the_sidebar(background):
    for colour in (page_style.CAPTION_COLOUR, page_style.LECTURE_CAPTION_COLOUR):
        assert contrast(colour, background) >= AA_NORMAL_TEXT, (colour, background)


def test_every_code_token_colour_passes_aa_on_the_code_block():
    for names, colour in page_style.CODE_TOKEN_COLOURS.items():
        assert contrast(colour, page_style.CODE_BACKGROUND) >= AA_NORMAL_TEXT, (names, colour)


def test_the_stylesheet_sets_opaque_captions_and_only_lecture_mode_enlarges():
    plain, lecture = page_style.page_css(False), page_style.page_css(True)
    assert plain.startswith("<style>") and plain.endswith("</style>")
    assert "opacity: 1 !important" in plain and page_style.CAPTION_COLOUR in plain
    assert "font-size" not in plain
    assert f"font-size: {page_style.LECTURE_FONT_SIZE}" in lecture and page_style.LECTURE_CAPTION_COLOUR in lecture
    assert f"color: {page_style.CAPTION_COLOUR} !important; opacity" not in lecture
    for colour in page_style.CODE_TOKEN_COLOURS.values():
        assert colour in plain and colour in lecture
    assert '[data-testid="stCode"] .token.keyword,' in plain


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.url_path or "home")
def test_every_page_carries_the_stylesheet(app, entry):
    at = app(entry.path, query=entry.quick_query)
    assert [element.proto.body for element in at.get("html")].count(page_style.page_css(False)) == 1


def test_the_templates_keep_plotly_whites_defaults_for_every_trace_type_a_figure_draws():
    import re
    from pathlib import Path

    import plotly.io as pio

    from rnnviz.figures import theme

    package = Path(theme.__file__).parent.parent
    sources = " ".join(path.read_text() for path in package.rglob("*.py"))
    drawn = {name.lower() for name in re.findall(r"go\.([A-Z][a-zA-Z]+)\(", sources)} - {"figure", "frame"}
    assert drawn <= set(theme.TRACE_TYPES)
    white = pio.templates["plotly_white"].to_plotly_json()
    for name in (theme.SCREEN, theme.LECTURE):
        ours = pio.templates[name].to_plotly_json()
        for kind in drawn:  # plotly_white's defaults but its colour scale, which every figure names itself
            expected = [{key: value for key, value in trace.items() if key != "colorscale"}
                        for trace in white["data"].get(kind, [])]
            assert ours["data"].get(kind) == (expected or None)
        assert {key: value for key, value in ours["layout"].items() if key not in ("font", "paper_bgcolor")} == \
            {key: value for key, value in white["layout"].items()
             if key not in theme.UNUSED_LAYOUT + ("font", "paper_bgcolor")}


def _scale_missing(figure: dict) -> list[str]:
    """The heatmaps of a chart's spec with no colour scale of their own (nor one on the colour axis they use)."""
    layout = figure.get("layout", {})
    return [trace.get("name") or str(index) for index, trace in enumerate(figure.get("data", []))
            if trace.get("type") == "heatmap" and "colorscale" not in trace
            and "colorscale" not in layout.get(trace.get("coloraxis", "-"), {})]


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.url_path or "home")
def test_every_heatmap_names_its_colour_scale_since_the_templates_have_none(app, entry):
    import json

    at = app(entry.path, query=entry.quick_query)
    missing = {chart.proto.id: _scale_missing(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")}
    assert not {chart: traces for chart, traces in missing.items() if traces}
