"""Wording the app got wrong (issue 15, part 2): each test failed before its fix."""

from __future__ import annotations

import json

import pytest
import torch
from tests_support import plain

from rnnviz import LayerSpec, i18n

BUILDER = "pages/layer_builder.py"
HIDDEN = "pages/hidden_states.py"


def markdown(at) -> str:
    return "\n".join(element.value for element in at.markdown)


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
def test_the_step_index_the_app_names_is_the_one_torch_confirms(batch_first, bidirectional):
    spec = LayerSpec("GRU", 3, 5, num_layers=2, batch_first=batch_first, bidirectional=bidirectional)
    x = torch.randn(4, 6, 3, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        output, h_n = spec.build()(x)
    last = eval(spec.at_step("output", "-1"), {"output": output})  # noqa: S307 - the expression shown to students
    first = eval(spec.at_step("output", "0"), {"output": output})  # noqa: S307
    if bidirectional:
        assert torch.equal(last[..., :5], h_n[-2]) and torch.equal(first[..., 5:], h_n[-1])
    else:
        assert torch.equal(last, h_n[-1])


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_why_these_shapes_indexes_batch_first_output_by_its_second_dimension(app, lang):
    at = app(BUILDER, query={"cell": "RNN", "batch_first": "true", "lang": lang})
    text = markdown(at)
    assert "`output[:, -1]`" in text and "`output[:, t] = h_t`" in text
    assert "`output[-1]`" not in text
    time_first = markdown(app(BUILDER, query={"cell": "RNN", "lang": lang}))
    assert "`output[-1]`" in time_first and "`output[:, -1]`" not in time_first


def test_why_these_shapes_names_the_halves_of_a_bidirectional_output(app):
    text = markdown(app(BUILDER, query={"cell": "LSTM", "bidirectional": "true", "batch_first": "true"}))
    assert "`output[:, -1]` is `h_n[-2]`" in text and "`output[:, 0]` (step 0)" in text


@pytest.mark.parametrize("kind, time_first_shape, dims", [
    ("random", "(20, 3, 4)", "(batch, seq_len, input_size)"),
    ("sine", "(20, 1, 1)", "(batch, seq_len, input_size)"),
])
def test_hidden_states_caption_prints_the_batch_first_shape_the_layer_reads(app, kind, time_first_shape, dims):
    at = app(HIDDEN, query={"cell": "GRU", "input": kind, "seq_len": "20", "batch": "3", "hidden_size": "8",
                            "batch_first": "true"})
    assert not at.exception
    caption = next(m.value for m in at.markdown if m.value.startswith("**Input:**"))
    sizes = time_first_shape.strip("()").split(", ")
    batch_first_shape = f"({sizes[1]}, {sizes[0]}, {sizes[2]})"
    assert f"`{batch_first_shape}` `{dims}`" in caption, caption


@pytest.mark.parametrize("cell, named", [("RNN", "output, h_n "), ("GRU", "output, h_n "),
                                         ("LSTM", "output, h_n, c_n ")])
def test_the_badge_names_only_the_tensors_this_cell_returns(app, cell, named):
    at = app(HIDDEN, query={"cell": cell, "seq_len": "12", "hidden_size": "8"})
    badge = at.success[0].value
    assert named in badge
    assert ("c_n" in badge) == (cell == "LSTM")


@pytest.mark.parametrize("word", ["hello", "안녕하세요"])
def test_the_word_input_names_the_words_own_letters_not_hellos(app, word):
    for lang in i18n.LANGUAGES:
        at = app(HIDDEN, query={"input": "word", "word": word, "lang": lang})
        caption = next(m.value for m in at.markdown if m.value.startswith(("**Input:**", "**입력:**")))
        letters = ", ".join(repr(letter) for letter in sorted(set(word)))
        assert letters in caption
        if word != "hello":
            assert "e, h, l, o" not in caption.split("\"hello\"")[0]
        assert caption.rstrip().endswith((".", "다."))


MACHINE_KOREAN = ("슬랩", "반지름", "정상적", "출처 따라가기", "솔직", "정직", "찍기", "은(는)", "이(가)", "을(를)",
                  "와(과)", "논문 제목은 원문")


def test_korean_text_has_none_of_the_machine_translated_phrases():
    found = {key: phrase for key, texts in i18n.STRINGS.items() for phrase in MACHINE_KOREAN if phrase in texts["ko"]}
    assert found == {}


def test_layer_rows_are_named_one_way_in_korean(app):
    at = app(BUILDER, query={"cell": "GRU", "num_layers": "2", "bidirectional": "true", "lang": "ko"})
    assert "`1` = 0번 층 역방향" in markdown(at) and "`2` = 1번 층 순방향" in markdown(at)
    shapes = app("pages/shapes.py", query={"cell": "GRU", "num_layers": "2", "bidirectional": "true", "lang": "ko"})
    ticks = json.loads(shapes.get("plotly_chart")[0].proto.spec)["layout"]["yaxis"]["ticktext"]
    assert "0번 층 · 역방향" in ticks and "1번 층 · 순방향" in ticks


def test_layer_settings_and_link_messages_read_in_korean(app):
    at = app(BUILDER, query={"hidden_size": "abc", "cell": "LSTX", "lang": "ko"})
    warnings = "\n".join(plain(warning.value) for warning in at.warning)
    assert "정수가 아닙니다: 'abc'" in warnings
    assert "RNN, LSTM, GRU 중 하나가 아닙니다: 'LSTX'" in warnings
    assert "not a whole number" not in warnings and "not one of" not in warnings
    with pytest.raises(ValueError) as raised:
        LayerSpec("GRU", 4, 8, nonlinearity="relu")
    assert raised.value.message("ko").startswith("nonlinearity는 RNN에만 적용됩니다")
    assert str(raised.value).startswith("nonlinearity applies to RNN only")


def test_stock_sidebar_labels_and_feature_chips_are_korean(app):
    at = app("pages/stock.py", query={"lang": "ko"})
    assert at.number_input(key="f_hidden").label == i18n.text("stock.hidden_size", "ko")
    assert at.number_input(key="f_batch").label == i18n.text("stock.batch_size", "ko")
    assert at.number_input(key="f_seed").label == i18n.text("stock.seed", "ko")
    assert {"시가", "고가", "저가", "종가", "거래량"} <= set(at.multiselect(key="features").options)


@pytest.mark.parametrize("lang, rising, falling", [("en", "#16a34a", "#dc2626"), ("ko", "#dc2626", "#2563eb")])
def test_candles_follow_the_readers_market_and_volume_bars_show(app, lang, rising, falling):
    at = app("pages/stock.py", query={"lang": lang})
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    candles = next(trace for trace in figure["data"] if trace["type"] == "candlestick")
    assert candles["increasing"]["line"]["color"] == rising and candles["decreasing"]["line"]["color"] == falling
    bars = next(trace for trace in figure["data"] if trace["type"] == "bar")
    assert bars["marker"]["line"]["width"] == 0 and bars["marker"]["opacity"] == 1
    assert set(bars["marker"]["color"]) == {rising, falling}
