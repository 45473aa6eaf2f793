"""A student's own text as a corpus for the language-model page: checked for size and alphabet, split 90 / 10 in
order like the bundled corpora, and kept once per server under a name made from its digest ("own:<16 hex>"), so
every cache keyed by a corpus name (its n-gram baselines, its features, the shared training run) tells two texts
apart. The texts kept are the most recently used, within OWN_TEXTS_KEPT_CHARS.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections import OrderedDict

from rnnviz.charlm.corpus import TRAIN_FRACTION, Corpus
from rnnviz.errors import RnnvizError
from rnnviz.limits import MAX_OWN_TEXT_CHARS, MAX_OWN_VOCABULARY, MIN_OWN_TEXT_CHARS, OWN_TEXTS_KEPT_CHARS
from rnnviz.text_files import decoded

PREFIX = "own:"

_kept: OrderedDict[str, Corpus] = OrderedDict()
_kept_lock = threading.Lock()


def is_own(name: str) -> bool:
    """Whether a corpus name is a student's text (not a bundled corpus)."""
    return name.startswith(PREFIX)


def decoded_text(data: bytes) -> str:
    """An uploaded file's text (`rnnviz.text_files.decoded`: UTF-16 with its mark, UTF-8, cp949). Raises
    RnnvizError "own_text_encoding" when none reads it."""
    text = decoded(data)
    if text is None:
        raise RnnvizError("own_text_encoding")
    return text


def keep_text(text: str) -> Corpus:
    """The corpus of `text` (line ends made "\\n", Unicode composed as NFC), kept on the server. Raises
    RnnvizError when it is shorter than MIN_OWN_TEXT_CHARS, longer than MAX_OWN_TEXT_CHARS, or has more distinct
    characters than MAX_OWN_VOCABULARY (the model's output has one score per character)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) < MIN_OWN_TEXT_CHARS:
        raise RnnvizError("own_text_short", chars=f"{len(text):,}", minimum=f"{MIN_OWN_TEXT_CHARS:,}",
                          validation=f"{MIN_OWN_TEXT_CHARS - int(MIN_OWN_TEXT_CHARS * TRAIN_FRACTION):,}")
    if len(text) > MAX_OWN_TEXT_CHARS:
        raise RnnvizError("own_text_long", chars=f"{len(text):,}", maximum=f"{MAX_OWN_TEXT_CHARS:,}")
    distinct = len(set(text))
    if distinct > MAX_OWN_VOCABULARY:
        raise RnnvizError("own_text_vocabulary", distinct=f"{distinct:,}", maximum=f"{MAX_OWN_VOCABULARY:,}")
    name = PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    corpus = Corpus(name, text)
    with _kept_lock:
        _kept[name] = _kept.get(name, corpus)
        _kept.move_to_end(name)
        while len(_kept) > 1 and sum(len(kept.text) for kept in _kept.values()) > OWN_TEXTS_KEPT_CHARS:
            _kept.popitem(last=False)
        return _kept[name]


def kept_text(name: str) -> Corpus:
    """The kept corpus called `name`. Raises RnnvizError "own_text_gone" when the server let it go."""
    with _kept_lock:
        corpus = _kept.get(name)
        if corpus is not None:
            _kept.move_to_end(name)
    if corpus is None:
        raise RnnvizError("own_text_gone")
    return corpus
