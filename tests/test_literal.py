"""Echoed user text is text: links, code, emphasis and HTML from a link, a widget, a file or an error message are
shown as typed, never rendered (checked with a CommonMark parser and on the pages themselves)."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from rnnviz.ui.literal import format_literally, literal

HOSTILE = [
    "[Click to log in](https://evil.example/login)",
    "https://evil.example/login",
    "www.evil.example",
    "`rm -rf /`",
    "**bold** and *em* and _em_",
    "<b>bold</b><script>alert(1)</script>",
    "# heading\n- list",
    ":material/warning: :red[red] $x^2$",
    "![img](https://evil.example/x.png)",
    "\\*",
]
# GitHub-flavoured Markdown, as Streamlit renders it: tables, strikethrough and bare addresses turned into links.
PARSER = MarkdownIt("gfm-like")


PLAIN = {"paragraph_open", "paragraph_close", "inline", "text", "softbreak"}
LITERAL = PLAIN | {"code_inline"}


def _rendered_tokens(markdown: str) -> list[str]:
    """Every block and inline token the parser makes of `markdown`: plain text is PLAIN only."""
    tokens = PARSER.parse(markdown)
    return [token.type for token in tokens] + [child.type for token in tokens for child in token.children or ()]


@pytest.mark.parametrize("text", HOSTILE)
def test_an_escaped_text_renders_as_plain_text_and_reads_as_typed(text):
    rendered = PARSER.render(literal(text))
    assert set(_rendered_tokens(literal(text))) <= LITERAL, rendered
    # What the reader sees is the text itself (line breaks become spaces), in one code element.
    (code,) = [child for token in PARSER.parse(literal(text)) for child in token.children or () if child.type != "text"]
    assert code.content == text.replace("\n", " ")


def test_the_unescaped_texts_would_have_been_markup():
    # The test above proves something only if these texts are markup when not escaped.
    assert sum(not set(_rendered_tokens(text)) <= PLAIN for text in HOSTILE) == 7


def test_a_template_keeps_its_own_markdown_and_escapes_what_it_is_given():
    shown = format_literally("**{name}** = {value!r} ({count:,})", name="[x](http://e.vil)", value="*a*",
                             count=12345)
    assert PARSER.render(shown) == ("<p><strong><code>[x](http://e.vil)</code></strong> = <code>'*a*'</code>"
                                    " (12,345)</p>\n")
    types = _rendered_tokens(shown)
    assert "strong_open" in types and "link_open" not in types and "em_open" not in types


@pytest.mark.parametrize("text", ["`", "``x``", "` x `", "   ", "a`b"])
def test_backticks_and_spaces_survive_the_code_span(text):
    (code,) = [child for token in PARSER.parse(literal(text)) for child in token.children or () if child.type != "text"]
    assert code.content == text
