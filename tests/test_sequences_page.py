"""The sequences page through AppTest: what it shows for the sidebar's layer, and every bad setting's message."""

from __future__ import annotations

import json

import numpy as np
import pytest
from tests_support import decoded

from rnnviz import i18n
from rnnviz.ui.literal import format_literally

PAGE = "pages/sequences.py"


def _spec(at, key: str) -> dict:
    charts = [chart for chart in at.get("plotly_chart") if chart.proto.id and key in chart.proto.id]
    return json.loads(charts[0].proto.spec)


def _codes(at) -> list[str]:
    return [code.value for code in at.code]


def test_the_default_batch_shows_torchs_packed_fields_and_every_claim(app):
    at = app(PAGE)
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 3
    packed = next(code for code in _codes(at) if code.startswith("packed = "))
    assert "packed.batch_sizes       # tensor([3, 3, 2, 1, 1])" in packed
    assert "packed.sorted_indices    # tensor([0, 1, 2])" in packed
    assert "packed.data.shape        # torch.Size([10, 4])" in packed
    claims = at.table[0].value
    assert list(claims.index) == ["h_n[-1] == gather(output, lengths - 1)", "output[padding] == 0",
                                       "output[-1] == h_n[-1]", "padded_h_n[-1] == h_n[-1]",
                                       "gather(padded_output, lengths - 1) == h_n[-1]"]
    assert list(claims.iloc[:, 2]) == ["✓", "✓", "✗", "✗", "✓"]
    per_sequence = at.dataframe[0].value
    assert list(per_sequence.iloc[:, 1]) == [5, 3, 2] and list(per_sequence.iloc[:, 2]) == [4, 2, 1]
    assert list(per_sequence.iloc[:, 3]) == ["its last step", "padding", "padding"]
    differences = [float(value) for value in per_sequence.iloc[:, 4]]
    assert differences[0] == 0.0 and min(differences[1:]) > 1e-3


def test_the_grid_links_each_cell_to_its_row_of_packed_data(app):
    at = app(PAGE, query={"lengths": "2,4", "seq_len": "5"})
    figure = _spec(at, "packed_batch")
    grid, strip = figure["data"][1], figure["data"][2]
    assert grid["text"][0][:3] == ["data[1]", "data[3]", "pad"]  # sequence 0 (length 2) sorts second
    assert grid["text"][1][:4] == ["data[0]", "data[2]", "data[4]", "data[5]"]
    assert strip["text"][0] == ["(1, 0)", "(0, 0)", "(1, 1)", "(0, 1)", "(1, 2)", "(1, 3)"]
    annotations = [annotation["text"] for annotation in figure["layout"]["annotations"]]
    assert "batch_sizes[0] = 2" in annotations and "batch_sizes[3] = 1" in annotations


def test_a_bidirectional_batch_first_layer_indexes_its_own_layout_and_marks_step_zero(app):
    at = app(PAGE, query={"cell": "GRU", "bidirectional": "true", "batch_first": "true"})
    assert not at.exception and not at.error
    codes = list(at.table[0].value.index)
    assert "h_n[-1] == output[:, 0, 3:]" in codes and "padded_output[:, 0, 3:] == h_n[-1]" in codes
    figure = _spec(at, "last_states")
    texts = figure["data"][0]["text"]  # default lengths 5, 3, 2: last steps 4, 2, 1 forward, step 0 backward
    assert [row[0].startswith("<b>h_n[-1]</b>") for row in texts] == [True] * 3
    assert [[t for t, cell in enumerate(row) if "h_n[-2]" in cell] for row in texts] == [[4], [2], [1]]
    outlined = sorted((shape["x0"] + 0.5, shape["y0"] + 0.5) for shape in figure["layout"]["shapes"])
    assert outlined == sorted([(0, 0), (0, 1), (0, 2), (4, 0), (2, 1), (1, 2)])
    assert any("output.gather(1, " in code for code in _codes(at))


def test_a_deep_bidirectional_layer_says_the_gather_idiom_fails(app):
    at = app(PAGE, query={"cell": "LSTM", "bidirectional": "true", "num_layers": "2"})
    claims = at.table[0].value
    row = claims[claims.index.str.startswith("gather(padded_output")].iloc[0]
    assert row.iloc[0] == i18n.text("seq.claim_gather_deep", "en") and row.iloc[2] == "✗"
    assert i18n.text("seq.carried_caption_bi", "en") in [caption.value for caption in at.caption]


@pytest.mark.parametrize("query, code, values", [
    ({"lengths": "5,0,2"}, "lengths_zero", {"index": 1}),
    ({"lengths": "6,3"}, "lengths_over_seq_len", {"length": 6, "seq_len": 5}),
    ({"lengths": ",".join(["1"] * 17)}, "lengths_too_many", {"count": 17, "limit": 16}),
    ({"lengths": "three"}, "lengths_not_whole", {"value": "three"}),
    ({"lengths": "2,5", "enforce_sorted": "true"}, "lengths_unsorted", {"lengths": "2, 5"}),
])
def test_bad_lengths_get_a_clear_message_and_the_window_section_still_runs(app, query, code, values):
    at = app(PAGE, query=query)
    assert not at.exception
    assert [error.value for error in at.error] == [format_literally(i18n.template(f"error.{code}", "en"), **values)]
    assert at.text_input(key="lengths").value == query["lengths"], "what the user typed is kept"
    assert len(at.get("plotly_chart")) == 1  # the window gradients


def test_a_window_longer_than_the_sequence_is_a_message_and_the_batch_still_shows(app):
    at = app(PAGE, query={"stream_len": "10", "tbptt_window": "12"})
    assert not at.exception
    assert [error.value for error in at.error] == [i18n.text("error.window_over_length", "en", window=12,
                                                             length=10)]
    assert len(at.get("plotly_chart")) == 2


def test_the_window_section_shows_torchs_refusal_and_the_detached_zeros(app):
    at = app(PAGE, query={"stream_len": "12", "tbptt_window": "4"})
    metrics = {metric.label: float(metric.value) for metric in at.metric}
    assert metrics[i18n.text("seq.carried_metric", "en")] <= 1e-5 < metrics[i18n.text("seq.reset_metric", "en")]
    assert any("backward through the graph a second time" in code for code in _codes(at))
    figure = _spec(at, "window_gradients")
    detached = decoded(figure["data"][1]["y"])
    assert np.isnan(detached[:8]).all() and (detached[8:] > 0).all()
    assert [shape["x0"] for shape in figure["layout"]["shapes"] if shape["type"] == "line"] == [3.5, 7.5]


def test_the_page_keeps_its_settings_in_the_link_and_hides_the_batch_control(app):
    at = app(PAGE, query={"lengths": "4,1", "tbptt_window": "3"})
    assert at.query_params["lengths"] == ["4,1"] or at.query_params["lengths"] == "4,1"
    keys = {widget.key for widget in at.number_input}
    assert "batch" not in keys and {"seq_len", "seed", "stream_len", "tbptt_window"} <= keys
    at.text_input(key="lengths").set_value("3,3,1").run()
    assert not at.error
    assert list(at.dataframe[0].value.iloc[:, 1]) == [3, 3, 1]


@pytest.mark.parametrize("seq_len, lengths", [("1", [1, 1, 1]), ("3", [3, 2, 1]), ("100", [100, 60, 40])])
def test_until_lengths_are_typed_the_batch_fits_seq_len(app, seq_len, lengths):
    at = app(PAGE, query={"seq_len": seq_len})
    assert not at.exception and not at.error
    assert at.text_input(key="lengths").value == "" and at.text_input(key="lengths").placeholder == ",".join(
        map(str, lengths))
    assert list(at.dataframe[0].value.iloc[:, 1]) == lengths


def test_the_page_in_korean(app):
    at = app(PAGE, query={"lang": "ko"})
    assert not at.exception and not at.error
    assert at.title[0].value == i18n.text("page.sequences", "ko")
    assert [subheader.value for subheader in at.subheader if subheader.value.startswith("어느")] == [
        i18n.text("seq.last_header", "ko")]
