"""The two character corpora, both offline: tiny Shakespeare (bundled) and Python source (the running
interpreter's own standard library, a fixed sorted selection). Each is split 90 / 10 in order; the last 10 % is
validation text, never trained on."""

from __future__ import annotations

import sysconfig
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import torch

SHAKESPEARE_FILE = Path(__file__).resolve().parents[1] / "data" / "tinyshakespeare.txt"
TRAIN_FRACTION = 0.9
# Standard-library modules read for the Python corpus, in this order (present in every CPython 3.11+ install).
PYTHON_MODULES = (
    "abc.py", "argparse.py", "ast.py", "bisect.py", "calendar.py", "configparser.py", "contextlib.py", "copy.py",
    "csv.py", "dataclasses.py", "difflib.py", "enum.py", "fractions.py", "functools.py", "gettext.py", "heapq.py",
    "inspect.py", "ipaddress.py", "operator.py", "optparse.py", "pprint.py", "queue.py", "random.py", "shlex.py",
    "shutil.py", "statistics.py", "string.py", "textwrap.py", "threading.py", "typing.py",
)
CORPORA = ("shakespeare", "python")


@dataclass(frozen=True)
class Corpus:
    """A text, its vocabulary (every distinct character, sorted) and its ordered 90 / 10 split."""

    name: str
    text: str

    @cached_property
    def vocabulary(self) -> str:
        return "".join(sorted(set(self.text)))

    @cached_property
    def split_at(self) -> int:
        return int(len(self.text) * TRAIN_FRACTION)

    @property
    def train_text(self) -> str:
        return self.text[:self.split_at]

    @property
    def validation_text(self) -> str:
        return self.text[self.split_at:]

    @cached_property
    def _index(self) -> dict[str, int]:
        return {char: index for index, char in enumerate(self.vocabulary)}

    def encode(self, text: str) -> torch.Tensor:
        """Characters -> their vocabulary indices, (len(text),) int64."""
        return torch.tensor([self._index[char] for char in text], dtype=torch.long)

    def decode(self, indices) -> str:
        return "".join(self.vocabulary[int(index)] for index in indices)

    @cached_property
    def train_ids(self) -> torch.Tensor:
        return self.encode(self.train_text)

    @cached_property
    def validation_ids(self) -> torch.Tensor:
        return self.encode(self.validation_text)


def _python_text() -> str:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    return "".join((stdlib / name).read_text(encoding="utf-8") for name in PYTHON_MODULES)


def load_corpus(name: str) -> Corpus:
    """"shakespeare" (the bundled tiny Shakespeare, 1,115,394 characters) or "python" (the standard-library
    modules in PYTHON_MODULES, concatenated in that order)."""
    if name == "shakespeare":
        return Corpus(name, SHAKESPEARE_FILE.read_text(encoding="utf-8"))
    if name == "python":
        return Corpus(name, _python_text())
    raise ValueError(f"corpus must be one of {', '.join(CORPORA)}, not {name!r}")
