"""Every chart names what it shows in its own title, so a camera-button export or a screenshot pasted into a slide
says which layer it came from (the layer's constructor call, or the layers a study compares)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from rnnviz.figures import theme
from rnnviz.ui.navigation import PAGES

# The price chart shows data, not a layer; its only name would be the data's label, which can be an uploaded
# file's name (Plotly reads titles as HTML), so it has none.
UNTITLED = {"rnnviz_prices"}


def chart_titles(at) -> dict[str, str | None]:
    titles = {}
    for chart in at.get("plotly_chart"):
        name = json.loads(chart.proto.config)["toImageButtonOptions"]["filename"]
        titles[name] = (json.loads(chart.proto.spec)["layout"].get("title") or {}).get("text")
    return titles


@pytest.mark.parametrize("entry", [entry for entry in PAGES if entry.charts], ids=lambda e: e.url_path)
def test_every_chart_has_a_title(app, entry):
    at = app(entry.path, query=entry.quick_query)
    if entry.result_button:
        at.button(key=entry.result_button).click().run()
    titles = chart_titles(at)
    assert titles
    for name, title in titles.items():
        assert (title is None) == (name in UNTITLED), (name, title)


def test_layer_charts_are_titled_with_the_layers_constructor_call(app):
    hidden = chart_titles(app("pages/hidden_states.py", query={"cell": "LSTM", "hidden_size": "5", "num_layers": "2",
                                                              "bidirectional": "true", "layer": "1", "direction": "1"}))
    assert set(hidden.values()) == {"nn.LSTM(4, 5, num_layers=2, bidirectional=True) · layer 1 · backward",
                                    "nn.LSTM(4, 5, num_layers=2, bidirectional=True) · layer 1 · backward · unit 0"}
    shapes = chart_titles(app("pages/shapes.py", query={"cell": "GRU", "batch_first": "true"}))
    assert list(shapes.values()) == ["nn.GRU(4, 3, batch_first=True)"]


def test_trained_charts_name_the_layer_task_and_checkpoint(app):
    at = app("pages/hidden_states.py", query={"weights": "trained", "task": "hihello", "cell": "RNN",
                                             "hidden_size": "8"})
    at.button(key="train_task").click().run()
    titles = chart_titles(at)
    assert len(titles) >= 3
    heatmaps = next(title for name, title in titles.items() if name.startswith("rnnviz_hidden_states_hihello"))
    assert heatmaps.startswith("nn.RNN(5, 8) · layer 0 · hihello · training step ")
    assert all(title.startswith("nn.RNN(5, 8) · ") for title in titles.values())


@pytest.mark.parametrize("as_dict", [False, True])
def test_a_title_gets_its_own_strip_above_the_figures_top_margin(as_dict):
    figure = go.Figure(go.Scatter(y=[1, 2]), layout=dict(margin=dict(t=30), legend=dict(y=1.08)))
    titled = theme.titled(figure.to_dict() if as_dict else figure, "nn.GRU(4, 3)")
    layout = titled["layout"] if as_dict else titled.layout.to_plotly_json()
    assert layout["title"]["text"] == "nn.GRU(4, 3)" and layout["title"]["x"] == 0.0
    assert layout["margin"]["t"] == 30 + theme.TITLE_HEIGHT
    assert layout["legend"]["y"] == 1.08
