"""Parsing of URL values for deep links."""

import pytest

from rnnviz.ui import url_state


def test_int_field_parses_in_range_and_explains_rejections():
    field = url_state.int_field("hidden_size", 200, 1, 2048)
    assert field.parse("64") == 64
    with pytest.raises(ValueError, match="outside 1..2048"):
        field.parse("0")
    with pytest.raises(ValueError, match="not a whole number"):
        field.parse("abc")


def test_bool_field_accepts_common_spellings():
    field = url_state.bool_field("bidirectional", False)
    assert [field.parse(t) for t in ("true", "1", "Yes", "on")] == [True] * 4
    assert [field.parse(t) for t in ("false", "0", "no", "OFF")] == [False] * 4
    with pytest.raises(ValueError, match="true/false"):
        field.parse("maybe")
    assert field.format(True) == "true"


def test_choice_field_is_case_insensitive_but_stores_the_canonical_spelling():
    field = url_state.choice_field("cell", "RNN", ("RNN", "LSTM", "GRU"))
    assert field.parse("lstm") == "LSTM"
    with pytest.raises(ValueError, match="RNN, LSTM, GRU"):
        field.parse("transformer")


def test_float_field_bounds():
    field = url_state.float_field("dropout", 0.0, 0.0, 0.9)
    assert field.parse("0.25") == 0.25
    with pytest.raises(ValueError):
        field.parse("1.5")
