"""A student's own text on the language-model page: checked for size, alphabet and encoding with a message each,
split 90 / 10 in order, its n-gram baselines shown before training, a model trained on it here, and the text
shown as text (never as HTML)."""

from __future__ import annotations

import json
import random

import pytest

from rnnviz import i18n
from rnnviz.charlm import own_text
from rnnviz.charlm.corpus import Corpus
from rnnviz.charlm.ngram import ngram_baselines
from rnnviz.charlm.own_text import decoded_text, keep_text, kept_text
from rnnviz.errors import RnnvizError
from rnnviz.limits import MAX_OWN_VOCABULARY, MIN_OWN_TEXT_CHARS

PAGE = "pages/language_model.py"
WORDS = ("순환", "신경망", "<b>hidden</b>", "state", "기울기", "LSTM", "gate", "시점", "memory", "&amp;")


def lecture_text(chars: int = 25_000, seed: int = 0) -> str:
    """Words of a lecture in two languages (and markup that must stay text), one line per sentence."""
    generator, lines = random.Random(seed), []
    while sum(len(line) + 1 for line in lines) < chars:
        lines.append(" ".join(generator.choice(WORDS) for _ in range(generator.randint(4, 12))) + ".")
    return "\n".join(lines)


def test_a_text_is_kept_under_its_digest_with_line_ends_and_unicode_made_one_form():
    text = lecture_text()
    corpus = keep_text(text.replace("\n", "\r\n"))
    assert corpus.name.startswith("own:") and kept_text(corpus.name) is corpus
    assert corpus.text == text, "CRLF line ends read as \\n"
    decomposed = "\u1112\u1161\u11ab" + text  # 한 as three jamo
    assert keep_text(decomposed).text.startswith("한")
    assert corpus.split_at == int(len(text) * 0.9)


def test_short_text_and_too_many_characters_are_refused_with_the_counts():
    with pytest.raises(RnnvizError) as short:
        keep_text("x" * 500)
    assert short.value.code == "own_text_short" and short.value.values["chars"] == "500"
    alphabet = "".join(chr(0xAC00 + k) for k in range(MAX_OWN_VOCABULARY + 1))
    with pytest.raises(RnnvizError) as wide:
        keep_text(alphabet * (MIN_OWN_TEXT_CHARS // len(alphabet) + 1))
    assert wide.value.code == "own_text_vocabulary" and wide.value.values["distinct"] == f"{MAX_OWN_VOCABULARY + 1:,}"


def test_utf8_utf16_and_cp949_files_are_read_and_other_bytes_are_a_message():
    assert decoded_text("순환 신경망".encode("cp949")) == "순환 신경망"
    assert decoded_text("\ufeff순환".encode("utf-8")) == "순환"
    assert decoded_text("순환 신경망".encode("utf-16")) == "순환 신경망"  # Notepad's "Unicode", with its mark
    for unreadable_bytes in (b"\xff\xfe\x00\xd8" * 10, b"PK\x03\x04\x00\x00" + "순환".encode("utf-8")):
        with pytest.raises(RnnvizError) as unreadable:
            decoded_text(unreadable_bytes)
        assert unreadable.value.code == "own_text_encoding"


def test_the_server_lets_the_oldest_text_go_and_says_so(monkeypatch):
    monkeypatch.setattr(own_text, "_kept", own_text.OrderedDict())
    monkeypatch.setattr(own_text, "OWN_TEXTS_KEPT_CHARS", 40_000)
    first = keep_text(lecture_text(seed=1))
    keep_text(lecture_text(seed=2))
    with pytest.raises(RnnvizError) as gone:
        kept_text(first.name)
    assert gone.value.code == "own_text_gone"


def test_the_page_shows_the_baselines_then_trains_on_the_text_and_shows_it_as_text(app):
    text = lecture_text()
    at = app(PAGE, query={"lm_corpus": "own", "lm_seconds": "10"})
    assert not at.exception
    assert any("at least 20,000 characters" in element.value for element in at.info)
    at.sidebar.text_area(key="lm_own_paste").input(text).run()
    at.sidebar.button(key="lm_own_use").click().run()
    assert not at.exception and not at.error
    expected = ngram_baselines(Corpus("check", text))
    table = at.dataframe[0].value
    assert list(table.index) == [i18n.text(f"lm.baseline_{name}", "en") for name in expected]
    assert list(table.iloc[:, 0]) == [f"{value:.3f}" for value in expected.values()]
    at.sidebar.button(key="lm_train").click().run()
    assert not at.exception and not at.error
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert len(bars["x"]) == 4, "the model beside the three n-gram baselines"
    passage = next(element.proto.body for element in at.get("html") if "background:rgba" in element.proto.body)
    assert "&lt;" in passage and "<b>" not in passage, "the text's markup is shown as characters"
    assert at.sidebar.text_area(key="lm_own_paste").value == text, "the pasted text stays in the box"


def test_a_text_too_short_is_a_message_and_the_text_stays(app):
    at = app(PAGE, query={"lm_corpus": "own", "lang": "ko"})
    at.sidebar.text_area(key="lm_own_paste").input("짧은 글").run()
    at.sidebar.button(key="lm_own_use").click().run()
    assert not at.exception
    assert any("20,000" in element.value and "자 이상이 필요합니다" in element.value for element in at.sidebar.error)
    assert at.sidebar.text_area(key="lm_own_paste").value == "짧은 글"
