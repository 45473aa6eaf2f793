"""Any view as one HTML file: what a page draws in its main area is recorded in order (titles, captions, notices,
tables, code, every chart), the file is the same bytes for the same view apart from its saved-at line, and text
in it is text (Markdown, never raw HTML). The file opened offline in Chromium:
tests/browser/test_lecture_pack_in_chromium.py."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from rnnviz.lecture_pack import Block, page_html
from rnnviz.ui.export import LAST_PACK
from rnnviz.ui.navigation import PAGES


def _pack(at):
    return at.session_state[LAST_PACK]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.url_path or "home")
def test_every_page_is_recorded_with_its_title_captions_tables_and_every_chart(app, entry, lang):
    at = app(entry.path, query={"lang": lang})
    assert not at.exception
    blocks = _pack(at).in_order()
    assert _pack(at).title == at.title[0].value
    charts = [block for block in blocks if block.kind == "chart"]
    assert len(charts) == len(at.get("plotly_chart"))
    for block, shown in zip(charts, at.get("plotly_chart")):
        assert json.loads(block.content) == json.loads(shown.proto.spec), "the chart as the browser got it"
    recorded = {block.content for block in blocks}
    main_captions = [caption.value for caption in at.main.caption]
    assert all(caption in recorded for caption in main_captions)
    assert sum(block.kind == "table" for block in blocks) == len(at.main.dataframe)
    assert not any(caption.value in recorded for caption in at.sidebar.caption if caption.value not in main_captions)


def test_a_trained_result_is_in_the_file_and_a_rerun_does_not_double_it(app):
    at = app("pages/stock.py", query={"epochs": "2", "f_hidden": "8", "window": "10"})
    at.button(key="train").click().run()
    blocks = _pack(at).in_order()
    tables = [block.content for block in blocks if block.kind == "table"]
    assert len(tables) == 1 and "Persistence (tomorrow = today)" in tables[0]
    assert sum(block.kind == "chart" for block in blocks) == len(at.get("plotly_chart")) == 3
    at.run()
    assert [block.kind for block in _pack(at).in_order()] == [block.kind for block in blocks]


def test_the_same_view_makes_the_same_bytes_but_for_the_saved_line(app):
    first, second = (_pack(app("pages/hidden_states.py")) for _ in range(2))
    made = page_html(first.title, "/hidden_states", "link", "saved A", first.in_order())
    again = page_html(second.title, "/hidden_states", "link", "saved B", second.in_order())
    assert made != again and made == again.replace("saved B", "saved A")
    assert made.count("<script>") == 1 + sum(block.kind == "chart" for block in first.in_order())


def test_text_in_the_file_is_text_and_a_chart_cannot_end_its_script():
    blocks = [Block("markdown", "a <script>alert(1)</script> **bold**"), Block("notice", "<img src=x>", "error"),
              Block("code", "if a < b: print('</script>')"),
              Block("chart", json.dumps({"data": [{"type": "bar", "name": "</script><b>"}], "layout": {}}), "{}")]
    made = page_html("T <i>", "/x?a=1&b=2", "back", "saved", blocks)
    assert "<script>alert" not in made and "&lt;script&gt;alert(1)&lt;/script&gt;" in made
    assert "<strong>bold</strong>" in made and "<img" not in made
    assert "&lt;/script&gt;" in made  # the code block
    assert '"</script><b>"' not in made and '"<\\/script><b>"' in made
    assert "<title>T &lt;i&gt;</title>" in made and 'href="/x?a=1&amp;b=2"' in made


def test_no_chart_no_plotly_and_a_korean_file_says_its_language():
    made = page_html("표", "/", "rnnviz에서 열기", "저장", [Block("table", pd.DataFrame({"a": [1]}).to_html())], "ko")
    assert '<html lang="ko">' in made and "Plotly" not in made and "rnnviz에서 열기" in made
