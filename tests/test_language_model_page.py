"""The language-model page through AppTest: the bundled models, the baselines, coloured text, the unit finder,
select-and-match, sampling and training from scratch."""

from __future__ import annotations

import json
import time

import pytest
from tests_support import plain

from rnnviz import i18n
from rnnviz.charlm import load_corpus

PAGE = "pages/language_model.py"


def coloured(at) -> list[str]:
    return [element.proto.body for element in at.get("html") if "background:rgba" in element.proto.body]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("corpus", ["shakespeare", "python"])
def test_the_bundled_model_opens_beside_its_baselines_and_beats_the_trigram(app, corpus, lang):
    at = app(PAGE, query={"lm_corpus": corpus, "lang": lang})
    assert not at.exception and not at.error
    assert at.title[0].value == i18n.text("page.language_model", lang)
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert len(bars["y"]) == 4 and bars["y"][0] == i18n.text("lm.this_model", lang)
    model, trigram = bars["x"][0], bars["x"][3]
    assert model < trigram, "the bundled model must beat the trigram baseline"
    verdict = i18n.text("lm.beats", lang, difference=f"{trigram - model:.2f}")
    assert any(verdict == m.value for m in at.markdown)
    expected = {"shakespeare": 4, "python": 6}[corpus]
    passage = coloured(at)
    assert len(passage) == 1 + expected + 1, "the passage, each feature's best unit, the sample"
    assert passage[0].count("<span") == 1500 and passage[1].count("<span") == 300
    assert 'title="' in passage[0], "each character carries its top-5 guesses"
    finder = at.dataframe[-1].value
    assert len(finder) == expected


def test_the_unit_and_the_state_recolour_the_passage_and_stay_in_the_link(app):
    at = app(PAGE, query={"lm_unit": "3"})
    first = coloured(at)[0]
    at.number_input(key="lm_unit").set_value(7).run()
    assert not at.exception and coloured(at)[0] != first
    assert at.query_params["lm_unit"] == "7"
    at.radio(key="lm_state").set_value("hidden").run()
    assert at.query_params["lm_state"] == "hidden" and not at.exception


def test_select_and_match_lists_units_and_matches_for_a_speaker_name(app):
    corpus = load_corpus("shakespeare")
    passage = corpus.validation_text[:1500]
    speaker = next(line for line in passage.split("\n") if line.endswith(":") and line.isupper())
    at = app(PAGE, query={"lm_pattern": speaker, "lm_threshold": "0.3"})
    assert not at.exception
    found = [m.value for m in at.markdown if m.value.startswith("**") and "units** are on throughout" in m.value]
    assert len(found) == 1
    # The units that fire on this speaker's name line fire on the same name elsewhere in the play.
    runs = at.code[-1].value.splitlines()
    assert runs and sum(f"[{speaker}]" in run for run in runs) >= 3, runs[:5]


def test_a_broken_pattern_gets_a_message_not_a_traceback(app):
    at = app(PAGE, query={"lm_pattern": "(unclosed"})
    assert not at.exception
    assert [plain(element.value) for element in at.error] == [
        i18n.text("error.pattern_invalid", "en", reason="missing ): (unclosed")]


@pytest.mark.parametrize("pattern", ["(.*)*$x", "(a+)+$", "(?:(?:(?:a{65535}){65535}){65535})", r"(\w)\1"],
                         ids=["catastrophic", "nested-plus", "memory-bomb", "back-reference"])
def test_a_hostile_pattern_in_the_link_is_answered_within_seconds(app, pattern):
    start = time.perf_counter()
    at = app(PAGE, query={"lm_pattern": pattern})
    assert time.perf_counter() - start < 30  # the page itself, torch's import included; the match is milliseconds
    assert not at.exception
    shown = [element.value for element in at.error] + [element.value for element in at.warning]
    assert shown and all("RE2" in value or value == i18n.text("lm.no_span", "en") for value in shown), shown


def test_the_pattern_box_holds_as_many_characters_as_the_link(app):
    from rnnviz.limits import MAX_PATTERN_LENGTH

    at = app(PAGE)
    assert at.text_input(key="lm_pattern").proto.max_chars == MAX_PATTERN_LENGTH
    at = app(PAGE, query={"lm_pattern": "a" * (MAX_PATTERN_LENGTH + 1)})
    assert any(f"more than {MAX_PATTERN_LENGTH}" in element.value for element in at.warning)


def test_sampling_follows_the_seed_and_temperature(app):
    at = app(PAGE)
    sample = coloured(at)[-1]
    at.number_input(key="lm_seed").set_value(1).run()
    assert coloured(at)[-1] != sample
    at.number_input(key="lm_seed").set_value(0).run()
    assert coloured(at)[-1] == sample, "the same seed gives the same sample"


def test_picking_a_feature_colours_the_passage_by_its_best_unit(app):
    at = app(PAGE)
    options = at.selectbox(key="lm_pick_feature").options
    assert len(options) == 4
    at.selectbox(key="lm_pick_feature").set_value("speaker_line").run()
    assert not at.exception
    best = options[-1].rsplit(": ", 1)[1]
    assert at.number_input(key="lm_unit").value == int(best)


def test_training_from_scratch_replaces_the_bundled_model_in_this_session(app):
    at = app(PAGE, query={"lm_model": "live", "lm_seconds": "10"})
    assert any(element.value == i18n.text("lm.press_train", "en") for element in at.info)
    how = at.sidebar.slider(key="lm_seconds").help
    assert how.startswith("nn.LSTM(64, 256) with a 64-dimensional embedding, Adam 0.003, batches of 64 windows of 100 "
                          "characters on 2 threads."), how
    at.sidebar.button(key="lm_train").click().run()
    assert not at.exception
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert bars["x"][0] < bars["x"][1], "ten seconds of training already beat the unigram baseline"
    assert not any(element.value == i18n.text("lm.press_train", "en") for element in at.info)
