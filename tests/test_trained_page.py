"""The Hidden states page with trained weights, through AppTest: training, checkpoints, ranked units,
predictions, saturation, connectivity, deep links, Korean."""

from __future__ import annotations

import json

import pytest
from tests_support import shown_texts

from rnnviz import i18n

PAGE = "pages/hidden_states.py"
HIHELLO = {"weights": "trained", "task": "hihello", "cell": "RNN", "hidden_size": "8"}


def trained(app, query: dict):
    at = app(PAGE, query=query)
    assert not at.exception
    at.button(key="train_task").click().run()
    assert not at.exception, [str(e.value) for e in at.exception]
    return at


def charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_before_training_the_page_says_what_the_task_fixes_and_asks_for_training(app):
    at = app(PAGE, query=HIHELLO)
    assert not at.exception
    assert at.info[0].value == i18n.text("trained.press_train", "en")
    assert i18n.text("trained.layer_note", "en", input_size=5, batch_first=False, cell="RNN", hidden=8) in [
        caption.value for caption in at.caption]
    assert at.get("plotly_chart") == [] or len(at.get("plotly_chart")) == 0


def test_the_task_says_its_input_size_where_the_sidebar_shows_another(app):
    at = app(PAGE, query={"weights": "trained", "task": "brackets", "cell": "LSTM"})
    assert at.number_input(key="input_size").value == 4
    captions = [caption.value for caption in at.caption]
    assert i18n.text("trained.input_size_override", "en", input_size=6, sidebar=4) in captions
    at = app(PAGE, query={"weights": "trained", "task": "brackets", "cell": "LSTM", "input_size": "6"})
    assert not any(caption.value.startswith("input_size is") for caption in at.caption)


def test_hihello_trains_to_every_character_and_shows_what_the_units_do(app):
    at = trained(app, HIHELLO)
    score = next(m.value for m in at.markdown if m.value.startswith("On held-out data"))
    assert "**100.0%**" in score and "66.7%" in score
    predictions = at.dataframe[0].value
    assert list(predictions["predicted next"]) == list("ihello")
    assert list(predictions["right?"]) == ["✓"] * 6
    specs = charts(at)
    assert specs[0]["layout"]["sliders"], "the animated heatmaps of the trained layer"
    assert any(trace.get("type") == "heatmap" and len(trace.get("y", [])) == 8 for trace in specs[1]["data"]), \
        "every unit ranked"
    assert specs[-1]["data"][0]["type"] == "heatmap", "connectivity"
    assert any("max |trace − torch|" in s.value for s in at.success)
    assert at.select_slider(key="ckpt").value == 10, "opens on the trained end"


def test_the_checkpoint_scrubber_goes_back_to_torchs_initialisation(app):
    at = trained(app, HIHELLO)
    at.select_slider(key="ckpt").set_value(0).run()
    assert not at.exception
    assert at.query_params["ckpt"] == "0"
    right = list(at.dataframe[0].value["right?"])
    assert right.count("✓") < 6, "the untrained layer guesses"
    at.run()
    assert at.select_slider(key="ckpt").value == 0, "kept on rerun"


def test_the_training_result_stays_for_its_settings_and_new_settings_ask_again(app):
    at = trained(app, HIHELLO)
    at.run()
    assert at.dataframe, "the result stays on a rerun"
    at.number_input(key="hidden_size").set_value(12).run()
    assert at.info[0].value == i18n.text("trained.press_train", "en")
    at.number_input(key="hidden_size").set_value(8).run()
    assert at.dataframe and not at.info, "the earlier run of these settings is still in the session"


def test_brackets_names_the_unit_that_counts_depth_and_shows_gate_saturation(app):
    at = trained(app, {"weights": "trained", "task": "brackets", "cell": "LSTM", "hidden_size": "16"})
    best = next(m.value for m in at.markdown if m.value.startswith("Unit **"))
    r = float(best.split("r = **")[1].split("**")[0])
    assert abs(r) >= 0.9
    assert i18n.text("trained.saturation_header", "en") in [s.value for s in at.subheader]
    saturation = next(spec for spec in charts(at) if spec["data"][0]["type"] == "bar")
    assert {trace["name"] for trace in saturation["data"]} == {"torch's initialisation", "trained"}


def test_the_sine_task_draws_predictions_against_the_true_wave(app):
    at = trained(app, {"weights": "trained", "task": "sine", "cell": "RNN", "hidden_size": "10",
                       "num_layers": "2"})
    names = [[trace.get("name") for trace in spec["data"]] for spec in charts(at)]
    assert ["actual", "predicted"] in names
    assert "batch_first" not in at.query_params, "the sidebar's own batch_first is left alone"


def test_a_deep_link_keeps_task_checkpoint_and_unit(app):
    link = {"weights": "trained", "task": "brackets", "cell": "LSTM", "hidden_size": "16", "ckpt": "3", "unit": "5"}
    at = trained(app, link)
    assert at.selectbox(key="task").value == "brackets"
    assert at.select_slider(key="ckpt").value == 3
    ranked = charts(at)[1]
    assert any(str(trace.get("name", "")).startswith("c_t[5]") for trace in ranked["data"]), \
        [trace.get("name") for trace in ranked["data"]]
    for name in ("weights", "task", "ckpt", "unit"):
        assert at.query_params[name] == link[name]


def test_korean_trained_page_shows_no_english_prose(app):
    at = trained(app, {**HIHELLO, "lang": "ko"})
    english = {text for key, text in i18n.catalog("en").items()
               if (key.startswith("trained.") or key.startswith("task.")) and len(text) > 25}
    for text in shown_texts(at):
        for sentence in english:
            assert sentence not in text, (sentence, text)
    assert i18n.text("trained.units_header", "ko") in [s.value for s in at.subheader]


@pytest.mark.parametrize("task, query", [("memory", {"cell": "LSTM", "hidden_size": "32", "forget_bias_t": "2.0"}),
                                         ("hihello", {"cell": "GRU", "hidden_size": "6", "bidirectional": "true",
                                                      "num_layers": "2"})])
def test_other_layers_train_without_error(app, task, query):
    at = trained(app, {"weights": "trained", "task": task, **query})
    assert len(at.get("plotly_chart")) >= 3
