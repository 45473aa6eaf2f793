"""The hidden-states page through AppTest: every cell type and input kind, large configs, bad input."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from tests_support import decoded

from rnnviz import i18n

PAGE = "pages/hidden_states.py"


def chart_spec(at) -> dict:
    """The heatmaps' figure: the first of the page's two charts (the cell diagram is the second)."""
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    return json.loads(charts[0].proto.spec)


def diagram_spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[1].proto.spec)


def diagram_values(spec: dict, frame: int) -> dict[str, float]:
    """Box name -> the value it is coloured by, in the diagram's frame `frame`."""
    names = spec["data"][0]["ids"]
    return dict(zip(names, decoded(spec["frames"][frame]["data"][0]["marker"]["color"]).tolist()))


def heatmaps(spec: dict) -> list[dict]:
    return [trace for trace in spec["data"] if trace["type"] == "heatmap"]


def badge_difference(at) -> float:
    match = re.search(r"= ([0-9.e+-]+) ", at.success[0].value)
    assert match, at.success[0].value
    return float(match.group(1))


def test_the_page_opens_on_the_one_hot_hello_with_every_one_of_torchs_numbers_printed(app):
    """The teaching default: nn.RNN(4, 3) reading "hello" one-hot, 3 units x 5 steps, each value in its cell."""
    import torch

    at = app(PAGE)
    assert not at.exception and not at.error
    (panel,) = heatmaps(chart_spec(at))
    assert panel["texttemplate"] == "%{z:.2f}"
    letters = "ehlo"  # the word's vocabulary, sorted
    inputs = torch.zeros(5, 1, 4)
    for t, char in enumerate("hello"):
        inputs[t, 0, letters.index(char)] = 1.0
    torch.manual_seed(0)  # LayerSpec.build's seed, as the snippet on screen writes it
    output, _ = torch.nn.RNN(4, 3)(inputs)
    assert np.allclose(decoded(panel["z"]), output[:, 0, :].T.detach().numpy(), atol=1e-6)


def test_a_window_too_large_to_read_draws_colours_only(app):
    at = app(PAGE, query={"hidden_size": "40", "seq_len": "20", "input": "random"})
    (panel,) = heatmaps(chart_spec(at))
    assert panel.get("texttemplate") is None, "800 cells would print unreadably small numbers"


def test_the_bars_say_which_units_they_show_and_why_h_t_minus_1_is_empty_at_the_first_step(app):
    at = app(PAGE, query={"hidden_size": "200", "seq_len": "20", "input": "random"})
    spec = chart_spec(at)
    titles = [annotation["text"] for annotation in spec["layout"]["annotations"]]
    bars = i18n.text("panel.bars", "en")
    assert f"{bars} · units 0–63 of 200" in titles
    previous_name = "h<sub>t-1</sub> " + i18n.text("hidden.previous_note", "en")
    previous = next(trace for trace in spec["data"] if trace.get("name") == previous_name)
    assert not decoded(previous["y"]).any(), "h_0 = 0: the first frame's h_{t-1} bars are all zero"
    small = chart_spec(app(PAGE))
    assert bars in [annotation["text"] for annotation in small["layout"]["annotations"]], "3 units: all shown"


def test_the_trained_view_is_one_button_away_and_the_link_says_so(app):
    at = app(PAGE)
    at.button(key="try_trained").click().run()
    assert not at.exception
    assert at.radio(key="weights").value == "trained"
    assert at.button(key="train_task"), "the lecture task's Train button is shown"
    assert at.query_params["weights"] == "trained"


@pytest.mark.parametrize("kind", ["random", "word", "sine", "prices"])
@pytest.mark.parametrize("cell, panels", [("RNN", 1), ("LSTM", 6), ("GRU", 4)])
def test_every_cell_and_input_kind_draws_its_panels_with_torchs_numbers(app, cell, panels, kind):
    at = app(PAGE, query={"cell": cell, "input": kind, "seq_len": "24", "hidden_size": "16"})
    assert not at.exception and not at.error
    assert badge_difference(at) <= 1e-5
    spec = chart_spec(at)
    assert len(heatmaps(spec)) == panels
    expected_steps = 5 if kind == "word" else 24
    assert len(spec["frames"]) == expected_steps
    assert len(spec["layout"]["sliders"][0]["steps"]) == expected_steps
    assert "`(" in at.markdown[0].value, "the input's shape is stated"


def test_the_word_sets_input_size_and_says_so(app):
    at = app(PAGE, query={"input": "word", "word": "hello"})
    assert "'e', 'h', 'l', 'o'" in at.markdown[0].value
    # "hello" has 4 letters and the sidebar's input_size is 4 too: nothing to explain yet.
    override = i18n.text("hidden.input_size_override", "en", input_size=4, sidebar=4)
    assert all(c.value != override for c in at.caption)
    at.text_input(key="word").set_value("안녕하세요").run()
    assert not at.exception and not at.error
    assert len(chart_spec(at)["frames"]) == 5
    assert any(c.value == i18n.text("hidden.input_size_override", "en", input_size=5, sidebar=4) for c in at.caption)


def test_an_empty_word_is_a_message_and_the_typed_word_is_kept(app):
    at = app(PAGE, query={"input": "word"})
    at.text_input(key="word").set_value("").run()
    assert not at.exception
    assert at.error[0].value == i18n.text("input.word.error", "en", word_limit=200)
    assert at.text_input(key="word").value == ""


def test_the_longest_price_window_the_control_allows_fits_the_sample(app):
    at = app(PAGE, query={"input": "prices", "seq_len": "2000", "hidden_size": "8"})
    assert not at.exception and not at.error
    assert "`(2000, 1, 5)`" in at.markdown[0].value


def test_prices_longer_than_the_sample_are_refused_with_the_sample_length(app, monkeypatch):
    """The page's control stops at 2000 steps, within the real sample (2,148 days), so a shorter sample stands in
    for one that is too short: the message must name the sample's own length, whatever it is."""
    import rnnviz.market

    assert rnnviz.market.sample_days() == 2148
    short = rnnviz.market.sample_ohlc().iloc[:150]
    monkeypatch.setattr(rnnviz.market, "_read_sample", lambda: short)
    at = app(PAGE, query={"input": "prices", "seq_len": "151", "hidden_size": "8"})
    assert not at.exception
    assert [error.value for error in at.error] == [i18n.text("input.prices.error", "en", days=150)]
    assert at.number_input(key="seq_len").value == 151, "what the user entered is kept"


def test_a_large_config_opens_windowed_and_says_so(app):
    at = app(PAGE, query={"cell": "LSTM", "seq_len": "1000", "hidden_size": "512", "batch": "1", "input": "random"})
    assert not at.exception and not at.error
    notes = [info.value for info in at.info]
    assert any("0–499 of 1000" in note for note in notes), notes
    assert any("0–255 of 512" in note for note in notes), notes
    spec = chart_spec(at)
    assert len(spec["frames"]) == 500
    assert len(heatmaps(spec)) == 6
    at.number_input(key="first_step").set_value(500).run()
    assert any("500–999 of 1000" in info.value for info in at.info)


def test_layer_and_direction_pickers_follow_the_layer(app):
    at = app(PAGE, query={"num_layers": "3", "bidirectional": "true", "hidden_size": "8", "seq_len": "10"})
    at.selectbox(key="layer").set_value(2).run()
    at.radio(key="direction").set_value(1).run()
    assert not at.exception
    # Layer 2 reads the concatenated output of layer 1: D*hidden = 16 features.
    assert len(chart_spec(at)["data"][-4]["x"]) == 16
    at.number_input(key="num_layers").set_value(1).run()
    assert not at.exception and not at.error
    assert at.selectbox(key="layer").value == 0


def test_layer_settings_are_shared_with_the_layer_builder(app):
    at = app("pages/layer_builder.py")
    at.radio(key="cell").set_value("GRU").run()
    at.number_input(key="hidden_size").set_value(12).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert len(heatmaps(chart_spec(at))) == 4
    assert at.query_params["hidden_size"] == "12" and at.query_params["cell"] == "GRU"


def test_korean_deep_link(app):
    at = app(PAGE, query={"cell": "GRU", "input": "sine", "seq_len": "30", "lang": "ko"})
    assert not at.exception
    assert at.title[0].value == i18n.text("page.hidden_states", "ko")
    assert "torch가 계산한 값" in at.success[0].value
    spec = chart_spec(at)
    assert spec["layout"]["updatemenus"][0]["buttons"][0]["label"].endswith("재생")


def test_the_cell_diagram_shows_the_sidebars_unit_with_torchs_numbers_at_every_step(app):
    """nn.LSTM(4, 3) reading "hello", unit 2: every frame's gates, c_t and h_t are the module's own."""
    import torch

    at = app(PAGE, query={"cell": "LSTM", "unit": "2"})
    assert not at.exception and not at.error
    spec = diagram_spec(at)
    assert spec["layout"]["title"]["text"] == "nn.LSTM(4, 3) · layer 0 · unit 2"
    assert any(c.value == i18n.text("cell.caption_LSTM", "en") for c in at.caption)
    inputs = torch.zeros(5, 1, 4)
    for t, char in enumerate("hello"):
        inputs[t, 0, "ehlo".index(char)] = 1.0
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(4, 3)
    h, c = torch.zeros(1, 3), torch.zeros(1, 3)
    cell = torch.nn.LSTMCell(4, 3)
    cell.load_state_dict({name.removesuffix("_l0"): value for name, value in lstm.state_dict().items()})
    assert len(spec["frames"]) == 5
    for t in range(5):
        shown = diagram_values(spec, t)
        gates = (inputs[t] @ cell.weight_ih.T + cell.bias_ih + h @ cell.weight_hh.T + cell.bias_hh).detach()
        i, f, g, o = gates.chunk(4, dim=1)
        h, c = cell(inputs[t], (h, c))
        assert shown["f"] == pytest.approx(torch.sigmoid(f)[0, 2].item(), abs=1e-6)
        assert shown["g"] == pytest.approx(torch.tanh(g)[0, 2].item(), abs=1e-6)
        assert shown["c"] == pytest.approx(c[0, 2].item(), abs=1e-6)
        assert shown["h"] == pytest.approx(h[0, 2].item(), abs=1e-6)
    at.number_input(key="unit").set_value(0).run()
    assert diagram_values(diagram_spec(at), 4)["h"] == pytest.approx(h[0, 0].item(), abs=1e-6)


def test_the_cell_diagram_follows_the_layer_and_direction_pickers(app):
    at = app(PAGE, query={"cell": "GRU", "num_layers": "2", "bidirectional": "true", "layer": "1",
                          "direction": "1", "lang": "ko"})
    assert not at.exception and not at.error
    spec = diagram_spec(at)
    assert spec["layout"]["title"]["text"] == ("nn.GRU(4, 3, num_layers=2, bidirectional=True) · 1번 층 · 역방향 · "
                                               "0번 유닛")
    assert "h<sub>t+1</sub>" in spec["data"][0]["text"], "backward, the state read before is h_{t+1}"


def test_a_picked_heatmap_cell_is_read_from_streamlits_selection_and_a_bar_is_not():
    from rnnviz.ui.hidden_state_views import _pick_row

    # Streamlit hands an array's customdata over as a dict keyed "0", "1", ... (seen in Chromium).
    assert _pick_row({"x": 3, "y": 0.83, "customdata": {"0": 3, "1": 2, "2": 0.744}}) == (3, 2, 0.744)
    assert _pick_row({"x": 3, "y": 0.83, "customdata": [3, 2, 0.744]}) == (3, 2, 0.744)
    assert _pick_row({"x": "2", "y": 0.5}) is None  # a bar of the side panel
    assert _pick_row({"customdata": {"0": 3, "1": "<b>"}}) is None
