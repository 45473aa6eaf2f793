"""The stock page through AppTest: offline first open, training, downloads (faked) and uploads, bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import rnnviz.market
from rnnviz import i18n
from rnnviz.market import sample_ohlc

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
    assert at.get("download_button"), "predictions can be downloaded as CSV"


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
    assert "AAPL from Yahoo Finance" in at.info[0].value and "(200 days)" in at.info[0].value


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
    assert message in at.error[0].value and "prices.csv" in at.error[0].value
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
