"""The shape-diagram page through AppTest."""

from __future__ import annotations

import json

import pytest

from rnnviz import i18n

PAGE = "pages/shapes.py"


def diagram_annotations(at) -> str:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return "\n".join(annotation.get("text", "") for annotation in spec["layout"]["annotations"])


@pytest.mark.parametrize("query, expected", [
    ({}, ["<b>output</b> (5, 2, 3)", "<b>h_n</b> (1, 2, 3)"]),
    ({"cell": "LSTM", "input_size": "6", "num_layers": "3", "bidirectional": "true"},
     ["<b>output</b> (5, 2, 6)", "<b>h_n</b> (6, 2, 3)", "<b>c_n</b> (6, 2, 3)"]),
    ({"batch_first": "true", "bidirectional": "true"}, ["<b>input</b> (2, 5, 4)", "<b>output</b> (2, 5, 6)"]),
    ({"cell": "LSTM", "hidden_size": "200", "proj_size": "50"},
     ["<b>output</b> (5, 2, 50)", "<b>h_n</b> (1, 2, 50)", "<b>c_n</b> (1, 2, 200)"]),
    ({"hidden_size": "200", "seq_len": "100", "batch": "30"},
     ["<b>output</b> (100, 30, 200)", "<b>h_n</b> (1, 30, 200)"]),
])
def test_the_diagram_labels_the_shapes_of_the_sidebar_layer(app, query, expected):
    at = app(PAGE, query=query)
    assert not at.exception and not at.error
    texts = diagram_annotations(at)
    for label in expected:
        assert label in texts


def test_identities_all_hold_and_are_shown_with_their_difference(app):
    at = app(PAGE, query={"cell": "GRU", "num_layers": "2", "bidirectional": "true", "batch_first": "true"})
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0])[:2] == ["output[:, -1, :3] == h_n[-2]", "output[:, 0, 3:] == h_n[-1]"]
    assert set(table.iloc[:, 3]) == {"✓"}
    assert all(float(value) <= 1e-5 for value in table.iloc[:, 2])


def test_the_four_lecture_experiments_print_their_shapes(app):
    at = app(PAGE)
    codes = [code.value for code in at.code if code.value.startswith("rnn = ")]
    assert len(codes) == 4
    assert "h_n.shape  # torch.Size([1, 2, 3])" in codes[0]
    assert "output.shape  # torch.Size([5, 2, 6])" in codes[1]
    assert "h_n.shape  # torch.Size([3, 2, 3])" in codes[2]
    assert "h_n.shape  # torch.Size([6, 2, 3])" in codes[3]


def test_tracing_back_is_kept_in_the_link_and_reset_when_it_no_longer_exists(app):
    at = app(PAGE, query={"num_layers": "2", "bidirectional": "true"})
    at.selectbox(key="highlight").set_value("h_n:3").run()
    assert at.query_params["highlight"] == "h_n:3"
    assert at.selectbox(key="highlight").value == "h_n:3"
    at.number_input(key="num_layers").set_value(1).run()
    assert not at.exception
    assert at.selectbox(key="highlight").value == ""


def test_unbatched_input_is_explained_with_torchs_shapes(app):
    at = app(PAGE, query={"bidirectional": "true"})
    text = "\n".join(m.value for m in at.markdown)
    assert "`(5, 4)`" in text and "`(5, 6)`" in text and "`(2, 3)`" in text


def test_korean(app):
    at = app(PAGE, query={"lang": "ko", "num_layers": "2", "bidirectional": "true"})
    assert not at.exception
    assert at.title[0].value == i18n.text("page.shapes", "ko")
    assert "1번 층" in at.selectbox(key="highlight").options[-1]
    row_labels = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["yaxis"]["ticktext"]
    assert "1번 층 · 역방향" in row_labels
