"""Guard rails: the smallest and oddest settings work on every page, and the security basics hold."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from rnnviz.ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[1]
LAYER_PAGES = [entry.path for entry in PAGES if entry.layer_controls]


@pytest.mark.parametrize("page", LAYER_PAGES)
@pytest.mark.parametrize("query", [
    {"seq_len": "1", "batch": "1", "hidden_size": "1", "input_size": "1"},
    {"cell": "LSTM", "seq_len": "1", "batch": "1", "hidden_size": "1"},
    {"cell": "GRU", "hidden_size": "1", "num_layers": "8", "bidirectional": "true", "seq_len": "3"},
    {"cell": "LSTM", "hidden_size": "2", "proj_size": "1", "num_layers": "3", "bidirectional": "true",
     "batch_first": "true", "seq_len": "2", "batch": "1"},
    {"cell": "RNN", "nonlinearity": "relu", "bias": "false", "seq_len": "5", "batch": "2"},
], ids=["all-ones", "lstm-ones", "gru-8-layers", "lstm-proj-bf", "relu-no-bias"])
def test_the_smallest_and_oddest_layers_open_on_every_layer_page(app, page, query):
    at = app(page, query=query)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("word", ["안녕하세요", "a", "ééé", "🙂🙃🙂", "hello world"])
def test_any_word_works_as_one_hot_input(app, word):
    at = app("pages/hidden_states.py", query={"input": "word", "word": word})
    assert not at.exception and not at.error
    assert f"`({len(word)}, 1, {len(set(word))})`" in at.markdown[0].value


def test_the_test_fraction_that_leaves_no_test_days_is_a_message(app):
    at = app("pages/stock.py", query={"test_fraction": "0.0"})
    assert not at.exception
    assert "between 0 and 1" in at.error[0].value


def test_no_user_text_is_rendered_as_html_and_nothing_is_unpickled():
    sources = [path for folder in ("rnnviz", "pages") for path in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py"]
    for path in sources:
        text = path.read_text()
        assert "unsafe_allow_html" not in text, path
        assert not re.search(r"\bpickle\.loads?\(", text), path
        # torch.load only with weights_only=True, which refuses anything but tensors and plain containers.
        for line in (line for line in text.splitlines() if "torch.load(" in line):
            assert "weights_only=True" in line, (path, line)
        # st.html (or a placeholder's .html) only ever receives the page's stylesheet, made of constants,
        # coloured_text_html, which escapes every character it is given (tested below), or spotlight_css, which
        # refuses any name that is not in VIEWS (tested below).
        for call in re.findall(r"\.html\((.*?)\)", text):
            assert call.startswith(("page_css(", "coloured_text_html(", "spotlight_css(")), (path, call)


def test_the_spotlight_stylesheet_is_made_of_known_view_names_only():
    from rnnviz.ui.spotlight import spotlight_css

    assert ".st-key-view_shapes_diagram {" in spotlight_css("shapes", "diagram")
    with pytest.raises(KeyError):
        spotlight_css("shapes", "diagram}</style><script>")


def test_coloured_text_escapes_every_character_it_is_given():
    from rnnviz.figures.coloured_text import coloured_text_html

    html = coloured_text_html('<b>&"', [0.5, -0.5, 0.0, 1.0, 0.2], titles=['"><script>', "", "", "", ""])
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;" in html and "&amp;" in html and "&quot;&gt;&lt;script&gt;" in html


def test_the_hosted_config_caps_uploads_hides_tracebacks_and_keeps_xsrf_on():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] <= 10
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"


def test_the_hosted_config_skips_per_run_work_that_makes_a_class_wait():
    # Measured in benchmarks/load.py: with Streamlit's defaults 20 sessions at once waited ~10 s for an update.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
    assert config["server"]["fileWatcherType"] == "none"
