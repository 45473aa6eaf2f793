"""A whole lesson as one handout (rnnviz.lecture_pack): every step in order, each with its heading, a link to that
step in the app, its caption, its question and the view its page drew, then, optionally, every question's answer
as torch computed it, at the end.

The steps' views are collected as the app walks the lesson (rnnviz.ui.handout_views); each is kept here compressed
(chart JSON shrinks about tenfold), so a class's handouts stay small on the one server. The file is the same bytes
for the same lesson and language apart from its `made` line.
"""

from __future__ import annotations

import html
import json
import zlib
from dataclasses import dataclass

from rnnviz.lecture_pack import Block, page_html


def packed_blocks(blocks: list[Block]) -> bytes:
    """`blocks` as compressed JSON (what a walk keeps per step)."""
    rows = [[block.kind, block.content, block.detail] for block in blocks]
    return zlib.compress(json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), 6)


def unpacked_blocks(data: bytes) -> list[Block]:
    """The blocks `packed_blocks` kept."""
    return [Block(*row) for row in json.loads(zlib.decompress(data).decode("utf-8"))]


@dataclass(frozen=True)
class HandoutStep:
    """One step as the handout prints it: `heading` ("Step 3 of 14 · Shape diagrams"), `link` (the step in the app)
    shown as `link_text`, its `intro` (the caption, the question, the part to look at), the page's view
    (`packed_blocks` of `page_view`), and the question's `answer` for the answers section (None: no question)."""

    heading: str
    link: str
    link_text: str
    intro: tuple[Block, ...]
    view: bytes
    answer: Block | None = None

    @property
    def size(self) -> int:
        """Bytes this step keeps in memory (its compressed view, mostly)."""
        texts = [*self.intro, *([self.answer] if self.answer else [])]
        return len(self.view) + sum(len(block.content.encode("utf-8")) for block in texts)


def page_view(blocks: list[Block]) -> list[Block]:
    """A page's blocks as a step of a handout shows them: its h1 (the page's title) left out, the other headings a
    level lower, so that the step's own heading stays above them."""
    shown = []
    for block in blocks:
        if block.kind == "heading":
            level = int(block.detail or 2)
            if level == 1:
                continue
            block = Block("heading", block.content, str(min(level + 1, 3)))
        shown.append(block)
    return shown


def handout_blocks(title: str, summary: str, steps: list[HandoutStep], answers_heading: str | None) -> list[Block]:
    """The lesson's `title` (shown as typed) and `summary`, every step's blocks in order; then, when
    `answers_heading` is given, that heading and each answer."""
    blocks = [Block("html", f"<h1>{html.escape(title)}</h1>"), Block("caption", summary)]
    for step in steps:
        blocks.append(Block("html", f'<h2 class="step">{html.escape(step.heading)}</h2>\n<p><a href="'
                                    f'{html.escape(step.link, quote=True)}">{html.escape(step.link_text)}</a></p>'))
        blocks.extend(step.intro)
        blocks.extend(unpacked_blocks(step.view))
    if answers_heading is not None:
        answers = [step.answer for step in steps if step.answer is not None]
        if answers:
            blocks.append(Block("html", f'<h2 class="step">{html.escape(answers_heading)}</h2>'))
            blocks.extend(answers)
    return blocks


def handout_html(title: str, summary: str, link: str, link_text: str, made: str, steps: list[HandoutStep],
                 answers_heading: str | None = None, language: str = "en") -> str:
    """The lesson's handout as one HTML file (`page_html`): a link back to its first step and the `made` line, its
    `title` and `summary`, every step, and the answers when `answers_heading` is given."""
    return page_html(title, link, link_text, made, handout_blocks(title, summary, steps, answers_heading), language)
