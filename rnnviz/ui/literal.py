"""Text that came from a user (a link, a widget, a file, an exception's message) shown as text, never as markup.

Streamlit renders every message body as Markdown (GitHub's flavour, with its own `:icon:`, `:color[...]` and
`$math$`), so `[Click to log in](https://evil.example)` in a link parameter would become a link inside the
app's own warning. Backslash escapes are not enough: Streamlit's renderer turns any bare `https://...` left in
the text into a link after the escapes are resolved (seen in Chromium). A code span is the one construct whose
content is shown character for character and never linked, so `literal` wraps the text in one, fenced with more
backticks than any run inside it. Line breaks become spaces.
"""

from __future__ import annotations

import re
import string


def literal(value: object) -> str:
    """`str(value)` as a Markdown code span that shows it as typed: `[x](y)` -> "`` `[x](y)` ``"."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    # CommonMark strips one space from each end of a code span's content when both ends have one (and the content
    # is not only spaces): padding both ends lets text that starts or ends with a backtick keep it, exactly.
    padded = text if text.strip(" ") == "" else f" {text} "
    return f"{fence}{padded}{fence}"


class _LiteralFields(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        shown = super().format_field(value, format_spec)
        # Numbers and dates carry no markup and read better as they are; any text (a `{value!r}` included, which
        # arrives here already converted) is shown literally.
        return shown if isinstance(value, (int, float)) and not isinstance(value, bool) else literal(shown)


def format_literally(template: str, **values: object) -> str:
    """`template.format(**values)` with every text value shown literally; the template's own Markdown stays."""
    return _LiteralFields().format(template, **values)
