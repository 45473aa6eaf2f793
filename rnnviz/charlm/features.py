"""Named properties of every character of a text, for finding the units that track them (Karpathy, Johnson and
Fei-Fei 2015): position in the line, start of a word, uppercase, inside brackets; for Python also inside a string
literal (from Python's own tokenizer) and indentation; for Shakespeare a speaker's name line ("ROMEO:").

Each feature is a float array with one value per character. They are computed on the whole corpus text, so a
passage that starts inside a string or a bracket is still marked right; slice them like the text.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize

import numpy as np

from rnnviz.charlm.corpus import Corpus

COMMON = ("position_in_line", "word_start", "uppercase")
FEATURES = {"shakespeare": COMMON + ("speaker_line",), "python": COMMON + ("in_brackets", "in_string", "indentation")}
OPENING, CLOSING = "([{", ")]}"
SPEAKER = re.compile(r"^[A-Z][A-Za-z' ]*:$", re.MULTILINE)


def _position_in_line(text: str) -> np.ndarray:
    position, values = 0, np.zeros(len(text), dtype=np.float32)
    for index, char in enumerate(text):
        values[index] = position
        position = 0 if char == "\n" else position + 1
    return values


def _word_start(text: str) -> np.ndarray:
    letters = np.array([char.isalnum() or char == "_" for char in text])
    previous = np.concatenate([[False], letters[:-1]])
    return (letters & ~previous).astype(np.float32)


def _speaker_line(text: str) -> np.ndarray:
    values = np.zeros(len(text), dtype=np.float32)
    for match in SPEAKER.finditer(text):
        values[match.start():match.end()] = 1
    return values


def _line_starts(text: str) -> np.ndarray:
    return np.concatenate([[0], np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) == 10) + 1])


@functools.lru_cache(maxsize=2)  # in_string and in_brackets read the same tokens
def _python_tokens(text: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []


def _in_string(text: str) -> np.ndarray:
    """1 on every character of a string literal (quotes included), as Python's own tokenizer reads the text."""
    values, starts = np.zeros(len(text), dtype=np.float32), _line_starts(text)
    for token in _python_tokens(text):
        if token.type == tokenize.STRING:
            (row, column), (end_row, end_column) = token.start, token.end
            values[starts[row - 1] + column:starts[end_row - 1] + end_column] = 1
    return values


def _in_brackets(text: str) -> np.ndarray:
    """1 from an opening ( [ { to its closing one, both included, counting only the tokenizer's brackets (not
    those inside strings or comments)."""
    values, starts, depth, opened_at = np.zeros(len(text), dtype=np.float32), _line_starts(text), 0, 0
    for token in _python_tokens(text):
        if token.type != tokenize.OP or token.string not in OPENING + CLOSING:
            continue
        position = starts[token.start[0] - 1] + token.start[1]
        if token.string in OPENING:
            if depth == 0:
                opened_at = position
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                values[opened_at:position + 1] = 1
    return values


def _indentation(text: str) -> np.ndarray:
    """The number of leading spaces of the character's line, on every character of the line."""
    values, offset = np.zeros(len(text), dtype=np.float32), 0
    for line in text.split("\n"):
        values[offset:offset + len(line) + 1] = len(line) - len(line.lstrip(" "))
        offset += len(line) + 1
    return values


COMPUTE = {"position_in_line": _position_in_line, "word_start": _word_start,
           "uppercase": lambda text: np.array([char.isupper() for char in text], dtype=np.float32),
           "in_brackets": _in_brackets, "speaker_line": _speaker_line, "in_string": _in_string,
           "indentation": _indentation}


def text_features(corpus: Corpus) -> dict[str, np.ndarray]:
    """Every feature of FEATURES[corpus.name] (COMMON for a student's text) over corpus.text: name -> (len(text),)
    float32."""
    return {name: COMPUTE[name](corpus.text) for name in FEATURES.get(corpus.name, COMMON)}
