"""The stock page through AppTest: offline first open, training, downloads (faked) and uploads, bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from tests_support import decoded, plain

import rnnviz.market
from rnnviz import i18n
from rnnviz.market import random_walk_ohlc, sample_ohlc

PAGE = "pages/stock.py"
QUICK = {"epochs": "2", "f_hidden": "8", "f_layers": "1", "window": "10"}


def test_first_open_is_offline_on_the_bundled_sample_and_says_so(app):
    at = app(PAGE)
    assert not at.exception and not at.error
    assert at.info[0].value == i18n.text("stock.source_notice", "en", label=i18n.text("stock.sample_label", "en"))
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["type"] == "candlestick"
    shaded = [shape for shape in spec["layout"]["shapes"] if shape["type"] == "rect"]
    assert len(shaded) >= 3, "training, validation and test periods are shaded"


def test_a_short_training_run_ends_with_the_metrics_table_and_a_verdict(app):
    at = app(PAGE, query=QUICK)
    at.button(key="train").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table.index) == ["LSTM", "Persistence (tomorrow = today)"]
    assert list(table.columns) == ["RMSE (price)", "MAE (price)", "Direction accuracy"]
    assert table.loc["Persistence (tomorrow = today)", "RMSE (price)"] > 0
    verdicts = [element.value for element in list(at.warning) + list(at.success)]
    assert any("than predicting yesterday's close" in text for text in verdicts)
    assert at.main.get("download_button"), "predictions can be downloaded as CSV"


def test_a_diverging_learning_rate_is_a_message_and_the_previous_result_stays(app):
    # The default model size: lr 10 makes it diverge in the first epoch (a tiny model can saturate and survive).
    at = app(PAGE, query={"epochs": "2", "window": "10"})
    at.button(key="train").click().run()
    first = at.dataframe[0].value.copy()
    at.select_slider(key="lr").set_value(10.0).run()
    at.button(key="train").click().run()
    assert not at.exception
    assert "learning rate 10 is too large" in at.error[0].value
    pd.testing.assert_frame_equal(at.dataframe[0].value, first)


def test_a_window_longer_than_the_training_data_is_a_message(app):
    at = app(PAGE, query={"window": "250", "test_fraction": "0.5"})
    upload = sample_ohlc().iloc[:300].to_csv(index_label="Date").encode()
    at.radio(key="src").set_value("upload").run()
    at.file_uploader(key="upload").upload("short.csv", upload, "text/csv").run()
    assert not at.exception
    assert any("window of 250 days" in error.value for error in at.error)


def test_a_download_is_normalised_and_shown_with_its_source(app, monkeypatch):
    frame = sample_ohlc().iloc[:200].copy()
    frame.columns = pd.MultiIndex.from_product([frame.columns, ["AAPL"]], names=["Price", "Ticker"])
    monkeypatch.setattr(rnnviz.market, "_fetch", lambda ticker, start, end, timeout: frame)
    at = app(PAGE, query={"src": "download", "ticker": "aapl"})
    at.button(key="download").click().run()
    assert not at.exception and not at.error
    assert "AAPL from Yahoo Finance" in plain(at.info[0].value) and "(200 days)" in at.info[0].value


def test_an_offline_download_says_so_and_keeps_the_sample(app, monkeypatch):
    def offline(ticker, start, end, timeout):
        raise ConnectionError("Failed to resolve 'query2.finance.yahoo.com'")

    monkeypatch.setattr(rnnviz.market, "_fetch", offline)
    at = app(PAGE, query={"src": "download"})
    at.button(key="download").click().run()
    assert not at.exception
    assert i18n.text("error.offline", "en") in at.error[0].value
    assert i18n.text("stock.sample_label", "en") in at.info[0].value


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not a readable CSV"),
    (sample_ohlc().iloc[:100].drop(columns="Close").to_csv(index_label="Date").encode(), "no column for Close"),
])
def test_a_bad_upload_says_why_and_keeps_the_data_on_screen(app, content, message):
    at = app(PAGE, query={"src": "upload"})
    at.file_uploader(key="upload").upload("prices.csv", content, "text/csv").run()
    assert not at.exception
    assert message in plain(at.error[0].value) and "prices.csv" in at.error[0].value
    assert i18n.text("stock.sample_label", "en") in at.info[0].value


def test_a_good_upload_replaces_the_sample(app):
    at = app(PAGE, query={"src": "upload"})
    content = sample_ohlc().iloc[-500:].to_csv(index_label="Date").encode()
    at.file_uploader(key="upload").upload("goog_tail.csv", content, "text/csv").run()
    assert not at.exception and not at.error
    assert "goog_tail.csv" in at.info[0].value and "(500 days)" in at.info[0].value


def test_korean(app):
    at = app(PAGE, query={**QUICK, "lang": "ko"})
    at.button(key="train").click().run()
    assert not at.exception
    assert at.title[0].value == i18n.text("page.stock", "ko")
    assert "지속 예측" in at.dataframe[0].value.index[1]


# ---- walk-forward, horizons, the random-walk control -----------------------------------------------------------------
WALK = {**QUICK, "eval": "walk_forward", "folds": "3"}


def test_walk_forward_ends_with_a_fold_table_a_verdict_the_lag_detector_and_downloads(app):
    at = app(PAGE, query=WALK)
    assert [chart for chart in at.get("plotly_chart")], "the price chart with the folds' test blocks"
    shaded = [shape for shape in json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["shapes"]
              if shape["type"] == "rect"]
    assert len({shape["x0"] for shape in shaded}) == 3, "one shaded test block per fold (over prices and volume)"
    at.button(key="walk").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table.index) == [1, 2, 3]
    assert list(table.columns)[:3] == ["Trained to", "Test from", "Test to"]
    assert {"Skill", "Direction LSTM", "Up days", "Majority class"} <= set(table.columns)
    verdicts = [element.value for element in list(at.warning) + list(at.success)]
    assert any("of 3 folds" in text or "all 3 folds" in text or "none of the 3 folds" in text for text in verdicts)
    lag_readings = [text for text in verdicts + [element.value for element in at.info] if "k = " in text
                    or "No lag reaches" in text]
    assert lag_readings, "the lag detector says what its peak means"
    assert len(at.main.get("download_button")) == 2
    at.run()
    assert list(at.dataframe[0].value.index) == [1, 2, 3], "the result survives a rerun"


def test_the_horizon_study_shows_one_row_per_horizon(app):
    at = app(PAGE, query={**QUICK, "eval": "horizons", "folds": "2"})
    at.button(key="horizons").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table.index) == [1, 5, 20]
    assert list(table.columns) == ["RMSE LSTM", "RMSE persistence", "Mean skill", "Folds won"]
    assert table.loc[20, "RMSE persistence"] > table.loc[1, "RMSE persistence"], "a month ahead is harder than a day"


def test_too_many_folds_for_the_window_is_a_message_not_a_traceback(app):
    at = app(PAGE, query={"eval": "walk_forward", "folds": "10", "window": "250"})
    assert not at.exception
    assert any("10 folds leave" in error.value for error in at.error)
    assert not at.get("button") or all(button.key != "walk" for button in at.button)


def test_the_random_walk_control_is_a_source_with_its_seed_in_the_link(app):
    at = app(PAGE, query={"src": "random_walk", "walk_seed": "7"})
    assert not at.exception and not at.error
    assert "a random walk with the sample's volatility (seed 7, 2,148 days)" in at.info[0].value
    assert i18n.text("stock.random_walk_note", "en") == at.info[1].value
    closes = decoded(json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["close"])
    np.testing.assert_array_equal(closes, random_walk_ohlc(sample_ohlc(), seed=7)["Close"].to_numpy())
    assert not np.allclose(closes, sample_ohlc()["Close"].to_numpy())


def test_walk_forward_in_korean(app):
    at = app(PAGE, query={**WALK, "lang": "ko"})
    at.button(key="walk").click().run()
    assert not at.exception
    assert list(at.dataframe[0].value.columns)[:3] == ["학습 종료", "테스트 시작", "테스트 종료"]
    assert any("폴드" in element.value for element in list(at.warning) + list(at.success))


@pytest.mark.parametrize("evaluation, button", [("single", "train"), ("walk_forward", "walk")])
def test_no_features_is_a_message_and_no_run_button(app, evaluation, button):
    at = app(PAGE, query={"eval": evaluation})
    at.multiselect(key="features").set_value([]).run()
    assert not at.exception
    assert [error.value for error in at.error] == [i18n.text("error.bad_features", "en")]
    assert all(widget.key != button for widget in at.button)


def test_an_upload_with_holiday_and_halt_rows_says_which_days_it_left_out(app):
    days = sample_ohlc().iloc[:100].round(2)
    text = days.to_csv(index_label="Date").splitlines()
    text[3] = text[3].split(",")[0] + ",null,null,null,null,null"
    text[5] = text[5].split(",")[0] + ",0,0,0,0,0"
    for lang, expected in (("en", "2 days of the file were left out: 2004-08-23 (no price), 2004-08-25 (price 0, "
                                  "trading halted)"),
                           ("ko", "파일에서 2일을 뺐습니다: 2004-08-23 (가격 없음), 2004-08-25 (가격 0, 거래 정지)")):
        at = app(PAGE, query={"src": "upload", "lang": lang})
        at.file_uploader(key="upload").upload("gaps.csv", "\n".join(text).encode(), "text/csv").run()
        assert not at.exception and not at.error
        assert [plain(note.value) for note in at.sidebar.info] == [expected]
        assert "(98" in at.info[0].value
        at.run()  # the note stays with the prices on a rerun
        assert [plain(note.value) for note in at.sidebar.info] == [expected]


# ---- the honesty lab: leaks, direct or recursive ---------------------------------------------------------------------
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_leakage_rows_are_on_the_page_each_leak_with_its_sentence(app, language):
    at = app(PAGE, query={**QUICK, "eval": "leakage", "lang": language})
    at.button(key="leakage").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table.index) == [i18n.text(f"leak.name_{name}", language) for name in ("honest", "scaler", "shuffled")]
    skill = i18n.text("walk.col_skill", language)
    sentences = [element.value for element in at.warning]
    assert len(sentences) == 2
    for row, sentence in zip(table.index[1:], sentences):
        # Each sentence quotes its own row's skill and the honest one, as the table shows them.
        assert table.loc[row, skill] in sentence and table.loc[table.index[0], skill] in sentence
    beside = table.loc[table.index[2], i18n.text("leak.col_beside", language)]
    assert beside in sentences[1] and beside != "0 %"
    at.run()
    assert list(at.dataframe[0].value.index) == list(table.index), "the result survives a rerun"


def test_direct_or_recursive_shows_error_against_horizon_on_a_close_only_model(app):
    at = app(PAGE, query={**QUICK, "eval": "multi_step"})
    assert any("nn.LSTM(1, 8, batch_first=True)" in element.value for element in at.info), \
        "the page says the study's model reads the close only"
    at.button(key="multi_step").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table.index) == [1, 5, 20]
    assert table.loc[1, "RMSE direct"] == table.loc[1, "RMSE recursive"], "one step ahead the two ways are one model"
    verdict = next(element.value for element in at.info if "trading days ahead" in element.value)
    assert f"{table.loc[20, 'RMSE recursive']:.3f}" in verdict and f"{table.loc[20, 'RMSE direct']:.3f}" in verdict
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert [trace["name"] for trace in spec["data"]] == ["LSTM, direct", "LSTM, recursive",
                                                        "Persistence (the close h days before)"]
