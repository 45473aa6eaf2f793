"""A view of the app as one self-contained HTML file for the lecture hall: its title, a link back to the same
settings, its headings, text, notices, code and tables in the language it was shown in, and every chart as a live
Plotly figure (frames, sliders and Play included), with plotly.js inlined so that the file opens with no server
and no network.

Blocks arrive as the page drew them (rnnviz.ui.export records them); the file is the same bytes for the same
blocks apart from its `created` line: chart containers are numbered, not random.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

# Text of the app is Markdown; raw HTML in it is shown as text (html=False), so nothing a user typed becomes markup.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
KINDS = ("heading", "markdown", "text", "caption", "notice", "code", "table", "chart", "html")
NOTICE_STYLES = {"info": "#1d4ed8", "success": "#15803d", "warning": "#a16207", "error": "#b91c1c"}
STYLE = """
body { font-family: "Source Sans 3", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif;
       max-width: 1200px; margin: 2rem auto; padding: 0 1.5rem; color: #111827; line-height: 1.5; }
h1 { font-size: 2.1rem; margin-bottom: .3rem; } h2 { font-size: 1.6rem; } h3 { font-size: 1.3rem; }
.made { color: #4b5563; font-size: .9rem; margin-bottom: 1.5rem; }
.caption { color: #4b5563; font-size: .95rem; }
.text { white-space: pre-wrap; }
.step { border-top: 2px solid #d1d5db; margin-top: 2.5rem; padding-top: .5rem; }
.notice { border-left: 4px solid; padding: .5rem 1rem; margin: 1rem 0; background: #f9fafb; }
pre { background: #f3f4f6; padding: .8rem 1rem; overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .95rem; }
th, td { border: 1px solid #d1d5db; padding: .3rem .6rem; text-align: right; }
th { background: #f3f4f6; } td:first-child, th:first-child { text-align: left; }
.chart { margin: 1rem 0; }
"""


@dataclass(frozen=True)
class Block:
    """One thing a page drew: `kind` (one of KINDS) and its content: Markdown text (heading, markdown, caption,
    notice), plain text shown as typed (text), code, a table's HTML, app-made HTML, or a chart's Plotly JSON
    (`{"data", "layout", "frames"}`).
    `detail`: a heading's level (1-3), a notice's kind (NOTICE_STYLES), a chart's Plotly config JSON."""

    kind: str
    content: str
    detail: str = ""


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.js as Plotly for Python bundles it (the version its figures are made for), read once."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _markdown(text: str) -> str:
    return _MARKDOWN.render(text)


def _block_html(block: Block, number: int) -> str:
    if block.kind == "heading":
        level = min(max(int(block.detail or 2), 1), 3)
        inner = _MARKDOWN.renderInline(block.content)
        return f"<h{level}>{inner}</h{level}>"
    if block.kind == "markdown":
        return _markdown(block.content)
    if block.kind == "text":
        return f'<p class="text">{html.escape(block.content)}</p>'
    if block.kind == "caption":
        return f'<div class="caption">{_markdown(block.content)}</div>'
    if block.kind == "notice":
        color = NOTICE_STYLES.get(block.detail, NOTICE_STYLES["info"])
        return f'<div class="notice" style="border-color: {color}">{_markdown(block.content)}</div>'
    if block.kind == "code":
        return f"<pre><code>{html.escape(block.content)}</code></pre>"
    if block.kind in ("table", "html"):
        return block.content  # made by the app: pandas' escaped table, or the coloured text's escaped spans
    if block.kind == "chart":
        figure, config = block.content, block.detail or "{}"
        # "</" would end the script element early: JSON allows it written as "<\/".
        safe = figure.replace("</", "<\\/")
        return (f'<div class="chart" id="chart-{number}"></div>\n<script>(function () {{ const f = {safe};'
                f' Plotly.newPlot("chart-{number}", {{data: f.data || [], layout: f.layout || {{}},'
                f' frames: f.frames || [], config: {config}}}); }})();</script>')
    raise ValueError(f"block kind must be one of {', '.join(KINDS)}, not {block.kind!r}")


def page_html(title: str, link: str, link_text: str, made: str, blocks: list[Block], language: str = "en") -> str:
    """The whole file: `title`, a link back (`link`, shown as `link_text`), the `made` line (the only part that
    changes from one download of the same view to the next), then every block in order. plotly.js is inlined
    once, and only when there is a chart."""
    charts = any(block.kind == "chart" for block in blocks)
    body = "\n".join(_block_html(block, number) for number, block in enumerate(blocks, start=1))
    script = f"<script>{plotly_js()}</script>\n" if charts else ""
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n{script}</head>\n<body>\n"
            f'<p class="made"><a href="{html.escape(link, quote=True)}">{html.escape(link_text)}</a> · '
            f"{html.escape(made)}</p>\n{body}\n</body>\n</html>\n")


def chart_json(spec: str) -> str:
    """A chart's Plotly JSON as Streamlit sent it to the browser, re-serialised compactly."""
    return json.dumps(json.loads(spec), separators=(",", ":"), ensure_ascii=False)
