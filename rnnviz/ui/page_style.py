"""The page's own stylesheet: text colours that pass WCAG AA (4.5:1) where Streamlit's defaults do not, and lecture
mode's larger type. Made of the constants below only (tests/test_hardening.py allows `st.html(page_css(...))`)."""

from __future__ import annotations

# Streamlit draws captions at 60 % opacity: 2.9:1 on white, faint on a projector. Opaque gray-600 is 7.6:1 on
# white and over 6.9:1 on the sidebar's grey; lecture mode darkens them further. The colour sits on the caption's
# own paragraph and inline code, so the rule names those.
CAPTION_COLOUR = "#4b5563"
LECTURE_CAPTION_COLOUR = "#1f2937"
_CAPTION_PARTS = ", ".join(f'[data-testid="stCaptionContainer"]{part}' for part in ("", " p", " code"))

# Streamlit's code highlighting (keywords #1c83e1, comments #808495 on the block's #f7f7f6) is 3.5-3.6:1. These
# Tailwind 700/800 shades keep each token's hue at 4.5:1 or more on that grey.
CODE_BACKGROUND = "#f7f7f6"
CODE_TOKEN_COLOURS = {
    "comment, prolog, doctype, cdata, punctuation": "#4b5563",
    "keyword, tag, function, class-name, selector": "#1d4ed8",
    "attr-name, property, variable": "#0369a1",
    "boolean, constant, symbol, string, char, attr-value, inserted": "#166534",
    "number, regex": "#0f766e",
    "operator, entity, decorator, atrule": "#9a3412",
    "url": "#6b21a8",
    "important, deleted": "#b91c1c",
}

# Streamlit sizes its text in rem, so raising the root size enlarges the whole page, sidebar included.
LECTURE_FONT_SIZE = "22px"


def _code_css() -> str:
    rules = []
    for names, colour in CODE_TOKEN_COLOURS.items():
        selectors = ", ".join(f'[data-testid="stCode"] .token.{name.strip()}' for name in names.split(","))
        rules.append(f"{selectors} {{ color: {colour} !important; }}")
    return " ".join(rules)


def page_css(lecture: bool) -> str:
    """The `<style>` element every page gets: readable captions and code, and in lecture mode larger text and
    darker captions."""
    caption = LECTURE_CAPTION_COLOUR if lecture else CAPTION_COLOUR
    css = f"{_CAPTION_PARTS} {{ color: {caption} !important; opacity: 1 !important; }} {_code_css()}"
    if lecture:
        css += f" html {{ font-size: {LECTURE_FONT_SIZE}; }}"
    return f"<style>{css}</style>"
