"""The memory ladder page through AppTest: the matched cells, a small ladder trained from the button (each rung the
library's own run), the budget, and a bad link's message."""

from __future__ import annotations

import json

import numpy as np
import pytest
from tests_support import decoded, shown_texts

from rnnviz import i18n, memory

PAGE = "pages/memory.py"
SMALL = {"m_longest": "10", "m_seeds": "1"}


def _chart(at, name: str) -> dict:
    charts = [chart for chart in at.get("plotly_chart") if chart.proto.id and name in chart.proto.id]
    return json.loads(charts[0].proto.spec)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_page_opens_on_the_matched_cells_and_the_language_models_horizons(app, lang):
    at = app(PAGE, query={**SMALL, "lang": lang})
    assert not at.exception and not at.error
    assert at.title[0].value == i18n.text("page.memory", lang)
    cells = at.dataframe[0].value
    assert list(cells.iloc[:, 1]) == ["nn.RNN(4, 34)", "nn.LSTM(4, 16)", "nn.LSTM(4, 16)", "nn.GRU(4, 19)"]
    assert list(cells.iloc[:, 2]) == [f"{memory.CELLS[cell].parameters():,}" for cell in memory.PAGE_CELLS]
    assert at.button(key="train_ladder")
    assert len(at.get("plotly_chart")) == 1  # the language models' read-out; the ladder waits for the button
    lm = _chart(at, "memory_language_model")
    assert len(decoded(lm["data"][0]["y"])) == memory.LM_CONTEXT


def test_training_draws_each_cells_held_out_score_as_the_library_trains_it(app):
    at = app(PAGE, query=SMALL)
    at.button(key="train_ladder").click().run()
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 3
    figure = _chart(at, "memory_ladder")
    lines = [trace for trace in figure["data"] if trace.get("mode") == "lines+markers"]
    assert len(lines) == len(memory.PAGE_CELLS)
    forget = memory.train_rung("LSTM+forget", 10, seed=0).score
    biased = next(trace for trace in lines if "forget" in trace["name"])
    assert list(decoded(biased["x"])) == [5.0, 10.0]
    assert decoded(biased["y"])[1] == pytest.approx(max(forget, -0.2), abs=1e-6)
    scores = at.dataframe[1].value
    assert scores.shape == (len(memory.PAGE_CELLS) + 1, 3)  # a row per cell and the baseline's
    assert scores.iloc[2, 2].startswith(f"{forget:.2f}")
    horizons = at.dataframe[2].value
    assert len(horizons) == len(memory.PAGE_CELLS)
    texts = " ".join(shown_texts(at))
    assert "LSTM + forget bias 5" in texts


def test_a_ladder_over_the_budget_is_refused_before_anything_trains(app):
    at = app(PAGE, query={"m_longest": "160", "m_seeds": str(memory.MAX_SEEDS)})
    assert not at.exception
    assert any("60" in warning.value for warning in at.warning)
    assert not [button for button in at.button if button.key == "train_ladder"]


def test_a_distance_off_the_ladder_in_the_link_gets_a_message_and_the_default(app):
    at = app(PAGE, query={"m_longest": "7"})
    assert not at.exception
    shown = " ".join(shown_texts(at))
    assert "7" in shown and "160" in shown
    assert at.select_slider(key="m_longest").value == str(memory.DISTANCES[-1])


def test_the_default_ladder_is_the_one_the_benchmark_times():
    settings = memory.LadderSettings()
    assert settings.distances == memory.DISTANCES and settings.seed_list == memory.SEEDS
    assert np.isclose(memory.PARAMETER_TARGET, memory.CELLS["LSTM"].parameters())
