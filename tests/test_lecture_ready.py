"""Lecture-ready: every chart exports well, lecture mode enlarges, and Korean pages show no English prose."""

from __future__ import annotations

import json

import pytest
from tests_support import layout_value, shown_texts

from rnnviz import i18n
from rnnviz.figures import theme
from rnnviz.ui.navigation import PAGES, PAGES_BY_URL_PATH


def open_page(app, entry, **query):
    """The page at its quick settings (PageEntry.quick), its result button pressed so those charts exist too."""
    at = app(entry.path, query={**entry.quick_query, **query})
    if entry.result_button:
        at.button(key=entry.result_button).click().run()
    assert not at.exception
    return at


CHART_PAGES = [entry for entry in PAGES if entry.charts]
HIDDEN_QUICK = PAGES_BY_URL_PATH["hidden_states"].quick_query
STOCK_QUICK = PAGES_BY_URL_PATH["stock"].quick_query


@pytest.mark.parametrize("entry", CHART_PAGES, ids=lambda e: e.url_path)
def test_every_chart_exports_at_3x_with_a_meaningful_name(app, entry):
    at = open_page(app, entry)
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        options = json.loads(chart.proto.config)["toImageButtonOptions"]
        assert options["scale"] == 3 and options["format"] in ("png", "svg")
        assert options["filename"].startswith("rnnviz_") and len(options["filename"]) > len("rnnviz_")
        # Its font comes from the one screen template, so lecture mode can enlarge it by switching templates.
        layout = json.loads(chart.proto.spec)["layout"]
        assert "size" not in layout.get("font", {})
        assert layout_value(layout, "font", "size") == theme.FONT_SIZE


@pytest.mark.parametrize("entry", CHART_PAGES, ids=lambda e: e.url_path)
def test_lecture_mode_enlarges_every_chart_on_white_paper(app, entry):
    at = open_page(app, entry, lecture="true")
    assert at.toggle(key="lecture").value is True
    assert any("font-size: 22px" in element.proto.body for element in at.get("html"))
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        assert layout_value(layout, "font", "size") == 20 and layout_value(layout, "paper_bgcolor") == "white"


def test_lecture_mode_leaves_the_cached_figure_alone(app):
    plain = app("pages/hidden_states.py", query=HIDDEN_QUICK)
    lecture = app("pages/hidden_states.py", query={**HIDDEN_QUICK, "lecture": "true"})
    again = app("pages/hidden_states.py", query=HIDDEN_QUICK)
    sizes = [layout_value(json.loads(at.get("plotly_chart")[0].proto.spec)["layout"], "font", "size")
             for at in (plain, lecture, again)]
    assert sizes == [13, 20, 13]


# English strings that the Korean catalogue translates. Short ones (axis words, "layer") may occur inside code-like
# text; prose is what matters.
ENGLISH_PROSE = {text for key, text in i18n.catalog("en").items()
                 if text != i18n.STRINGS[key]["ko"] and len(text) > 25}


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.url_path or "home")
def test_korean_pages_show_no_english_prose(app, entry):
    at = open_page(app, entry, lang="ko")
    for text in shown_texts(at):
        for english in ENGLISH_PROSE:
            assert english not in text, (english, text)


@pytest.mark.parametrize("evaluation, button, charts", [("walk_forward", "walk", 4), ("horizons", "horizons", 2)])
def test_walk_forward_results_are_lecture_ready_in_korean(app, evaluation, button, charts):
    """The price chart, then the fold chart, the predictions and the lag detector (or the horizon chart): each
    exported at 3x, enlarged in lecture mode, and no English prose around them."""
    at = app("pages/stock.py", query={**STOCK_QUICK, "eval": evaluation, "folds": "2", "lecture": "true", "lang": "ko"})
    at.button(key=button).click().run()
    assert not at.exception and not at.error
    shown = at.get("plotly_chart")
    assert len(shown) == charts
    for chart in shown:
        assert json.loads(chart.proto.config)["toImageButtonOptions"]["filename"].startswith("rnnviz_")
        layout = json.loads(chart.proto.spec)["layout"]
        assert layout_value(layout, "font", "size") == 20 and layout_value(layout, "paper_bgcolor") == "white"
    for text in shown_texts(at):
        for english in ENGLISH_PROSE:
            assert english not in text, (english, text)
