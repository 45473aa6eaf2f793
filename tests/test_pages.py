"""Every page through Streamlit's AppTest: it runs without exception, shows what it should, and reacts to input."""

from __future__ import annotations

import pytest
from tests_support import plain

from rnnviz import i18n
from rnnviz.ui.navigation import PAGES

LAYER_PAGE = "pages/layer_builder.py"


def markdown_text(at) -> str:
    return "\n".join(element.value for element in at.markdown)


def shape_line(at, name: str) -> str:
    """The Layer builder's line for tensor `name`, e.g. "**`h_n`** &nbsp; `(6, 30, 200)` ..."."""
    lines = [m.value for m in at.markdown if m.value.startswith(f"**`{name}`**")]
    assert len(lines) == 1, [m.value for m in at.markdown]
    return lines[0]


# ---- app and navigation -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_home_opens_in_each_language_with_a_link_to_every_page(app, lang):
    at = app(query={"lang": lang})
    assert not at.exception
    assert at.title[0].value == i18n.text("home.title", lang)
    links = [element.proto.label for element in at.get("page_link")]
    assert links == [i18n.text(entry.title_key, lang) for entry in PAGES[1:]]
    assert at.query_params["lang"] == lang
    assert len(at.get("image")) == len(PAGES) - 1, "every page's card has its picture"
    for entry in PAGES[1:]:
        assert entry.card(lang).stat().st_size > 1000, entry.card(lang)


def test_language_defaults_to_the_browser_locale(app):
    assert app(locale="ko-KR").title[0].value == i18n.text("home.title", "ko")
    assert app(locale="en-GB").title[0].value == i18n.text("home.title", "en")
    assert app().title[0].value == i18n.text("home.title", "en")


def test_url_language_wins_over_the_browser_locale(app):
    at = app(query={"lang": "en"}, locale="ko-KR")
    assert at.title[0].value == i18n.text("home.title", "en")


def test_language_switch_changes_the_page_and_the_url(app):
    at = app(LAYER_PAGE)
    at.sidebar.radio(key="lang").set_value("ko").run()
    assert at.title[0].value == i18n.text("page.layer_builder", "ko")
    assert at.query_params["lang"] == "ko"
    assert any("순방향" in m.value for m in at.markdown)


@pytest.mark.parametrize("page", [entry.path for entry in PAGES])
def test_every_page_runs_inside_the_router_with_its_language_switch(app, page):
    # Streamlit's legacy pages/ mode would run the file alone (AppTest.switch_page and a fresh server's first
    # deep link both hit it); rnnviz.ui.router sends it back through app.py.
    at = app(page, query={"lang": "ko"})
    assert not at.exception
    assert at.sidebar.radio(key="lang").value == "ko"
    assert at.title[0].value in {i18n.text(entry.title_key, "ko") for entry in PAGES} | {i18n.text("home.title", "ko")}


# ---- Layer builder ---------------------------------------------------------------------------------------------
def test_layer_builder_opens_on_a_layer_whose_every_size_differs_and_shows_measured_shapes(app):
    at = app(LAYER_PAGE)
    assert not at.exception and not at.error
    assert "`(5, 2, 4)`" in shape_line(at, "input")
    assert "`(5, 2, 3)`" in shape_line(at, "output")
    assert "seq_len=5 · batch=2 · hidden=3" in shape_line(at, "output")
    assert "`(1, 2, 3)`" in shape_line(at, "h_n")
    assert "rnn = nn.RNN(4, 3)" in at.code[0].value
    assert at.metric[0].value == f"{4 * 3 + 3 * 3 + 2 * 3:,}"
    assert at.dataframe[0].value.shape == (4, 6)


def test_changing_hidden_size_updates_shapes_code_parameters_and_url(app):
    at = app(LAYER_PAGE)
    at.number_input(key="hidden_size").set_value(64).run()
    assert "`(5, 2, 64)`" in shape_line(at, "output")
    assert "nn.RNN(4, 64)" in at.code[0].value
    assert at.metric[0].value == f"{4 * 64 + 64 * 64 + 2 * 64:,}"
    assert at.query_params["hidden_size"] == "64"


def test_bidirectional_three_layers_answers_which_row_is_which(app):
    at = app(LAYER_PAGE)
    at.number_input(key="num_layers").set_value(3).run()
    at.toggle(key="bidirectional").set_value(True).run()
    assert "`(5, 2, 6)`" in shape_line(at, "output")
    assert "D*hidden=6" in shape_line(at, "output")
    assert "`(6, 2, 3)`" in shape_line(at, "h_n")
    assert "`3` = layer 1 backward" in markdown_text(at)
    assert at.dataframe[0].value.shape == (24, 6)  # 3 layers x 2 directions x 4 tensors


@pytest.mark.parametrize("preset_key", ["lstm_6_200", "rnn_5_8_l2_bf", "lstm_mnist", "rnn_4_200_l3_bi"])
def test_a_preset_sets_every_control_and_the_shapes(app, preset_key):
    from rnnviz.presets import PRESETS_BY_KEY

    preset = PRESETS_BY_KEY[preset_key]
    at = app(LAYER_PAGE)
    at.number_input(key="hidden_size").set_value(17).run()
    at.selectbox(key="preset").select(preset_key).run()
    assert not at.exception
    expected = preset.spec.shapes(preset.seq_len, preset.batch)
    for name, shape in expected.items():
        assert f"`{shape}`" in shape_line(at, name)
    assert at.number_input(key="hidden_size").value == preset.spec.hidden_size
    assert at.radio(key="cell").value == preset.spec.cell
    assert at.toggle(key="batch_first").value == preset.spec.batch_first
    assert i18n.text(f"preset.{preset_key}", "en") in at.caption[1].value
    assert at.selectbox(key="preset").value is None


def test_a_deep_link_restores_the_controls(app):
    query = {"cell": "LSTM", "hidden_size": "64", "bidirectional": "true", "num_layers": "2", "seq_len": "12",
             "batch_first": "true", "proj_size": "16", "lang": "ko"}
    at = app(LAYER_PAGE, query=query)
    assert not at.exception and not at.warning
    assert at.radio(key="cell").value == "LSTM"
    assert at.number_input(key="hidden_size").value == 64
    assert at.toggle(key="bidirectional").value is True
    assert at.number_input(key="proj_size").value == 16
    assert "`(2, 12, 32)`" in shape_line(at, "output")
    assert "`(4, 2, 16)`" in shape_line(at, "h_n")
    assert "`(4, 2, 64)`" in shape_line(at, "c_n")
    assert at.title[0].value == i18n.text("page.layer_builder", "ko")
    assert {k: at.query_params[k] for k in query} == query


def test_a_bad_value_in_a_link_is_named_and_the_rest_still_applies(app):
    at = app(LAYER_PAGE, query={"hidden_size": "lots", "num_layers": "2"})
    assert not at.exception
    assert "hidden_size = lots" in plain(at.warning[0].value)
    assert at.number_input(key="hidden_size").value == 3
    assert at.number_input(key="num_layers").value == 2


def test_dropout_is_disabled_with_the_reason_until_there_are_two_layers(app):
    at = app(LAYER_PAGE)
    slider = at.slider(key="dropout")
    assert slider.disabled and "num_layers > 1" in slider.help
    at.number_input(key="num_layers").set_value(2).run()
    assert not at.slider(key="dropout").disabled
    at.slider(key="dropout").set_value(0.3).run()
    assert "dropout=0.3" in at.code[0].value
    at.number_input(key="num_layers").set_value(1).run()
    assert at.slider(key="dropout").value == 0.3, "the user's value is kept while disabled"
    assert "dropout" not in at.code[0].value


def test_controls_that_do_not_apply_are_hidden(app):
    at = app(LAYER_PAGE)
    assert [r.key for r in at.radio] == ["lang", "cell", "nonlinearity"]
    assert "proj_size" not in [n.key for n in at.number_input]
    at.radio(key="cell").set_value("LSTM").run()
    assert [r.key for r in at.radio] == ["lang", "cell"]
    assert "proj_size" in [n.key for n in at.number_input]


def test_relu_reaches_the_code(app):
    at = app(LAYER_PAGE)
    at.radio(key="nonlinearity").set_value("relu").run()
    assert "nn.RNN(4, 3, nonlinearity='relu')" in at.code[0].value


def test_proj_size_not_below_hidden_size_is_a_clear_message_not_a_traceback(app):
    at = app(LAYER_PAGE, query={"cell": "LSTM", "hidden_size": "8"})
    at.number_input(key="proj_size").set_value(8).run()
    assert not at.exception
    assert at.error[0].value == i18n.text("error.spec_proj_too_large", "en", proj_size=8, hidden_size=8)
    at.number_input(key="proj_size").set_value(4).run()
    assert not at.error
    assert "`(1, 2, 4)`" in shape_line(at, "h_n")


def test_a_layer_too_big_to_run_live_says_which_limit_and_still_shows_shapes(app):
    at = app(LAYER_PAGE, query={"cell": "LSTM", "hidden_size": "2048", "input_size": "1024", "num_layers": "4"})
    assert not at.exception
    assert "live limit" in at.warning[0].value
    assert at.caption[-1].value == i18n.text("builder.shapes_computed", "en") or any(
        c.value == i18n.text("builder.shapes_computed", "en") for c in at.caption)
    assert "`(5, 2, 2048)`" in shape_line(at, "output")


def test_settings_survive_a_trip_to_another_page(app):
    at = app(LAYER_PAGE)
    at.number_input(key="hidden_size").set_value(33).run()
    at.radio(key="cell").set_value("GRU").run()
    at.switch_page("pages/home.py").run()
    at.switch_page(LAYER_PAGE).run()
    assert at.number_input(key="hidden_size").value == 33
    assert at.radio(key="cell").value == "GRU"
    assert at.query_params["hidden_size"] == "33"


def test_layer_builder_in_korean_has_no_english_prose(app):
    at = app(LAYER_PAGE, query={"lang": "ko", "bidirectional": "true"})
    assert not at.exception
    english = i18n.catalog("en")
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    for text in shown:
        for key in ("why.input", "builder.intro", "builder.shapes_measured", "word.forward"):
            assert english[key] not in text


def test_torch_gets_the_apps_thread_count_before_a_computing_page_runs_and_home_does_not_import_it(app, monkeypatch):
    """One deliberate place sets torch's threads (rnnviz.ui.navigation.prepare, from app.py), in the thread that
    runs the page, instead of a side effect of importing rnnviz.ui.compute."""
    import rnnviz.ui.navigation
    from rnnviz.threads import APP_THREADS

    calls = []
    monkeypatch.setattr(rnnviz.ui.navigation, "use_threads", calls.append)
    at = app()
    assert calls == [], "Home computes nothing"
    at.switch_page("pages/hidden_states.py").run()
    assert calls == [APP_THREADS]
