"""Both languages carry every string, with the same fields to fill in."""

import re

import pytest

from rnnviz import i18n

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_both_languages_have_the_same_keys():
    assert set(i18n.catalog("en")) == set(i18n.catalog("ko"))
    for key, texts in i18n.STRINGS.items():
        assert set(texts) == set(i18n.LANGUAGES), key


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_translations_take_the_same_fields_and_are_not_empty(key):
    english, korean = i18n.STRINGS[key]["en"], i18n.STRINGS[key]["ko"]
    assert english.strip() and korean.strip()
    assert i18n.placeholders(english) == i18n.placeholders(korean)


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_korean_strings_are_written_in_korean(key):
    # Every Korean entry has Hangul in it: an English string copied across would fail here.
    assert HANGUL.search(i18n.STRINGS[key]["ko"]), i18n.STRINGS[key]["ko"]


def test_text_fills_fields_and_rejects_unknown_keys_and_languages():
    assert i18n.text("builder.matches_preset", "ko", name="X") == "강의 예제: X"
    with pytest.raises(KeyError):
        i18n.text("no.such.key", "en")
    with pytest.raises(ValueError, match="lang"):
        i18n.catalog("fr")
