"""rnnviz.market: the bundled sample, yfinance downloads (faked: no network in tests), and CSV uploads."""

from __future__ import annotations

import io
import time

import numpy as np
import pandas as pd
import pytest
from yfinance.exceptions import YFRateLimitError, YFTzMissingError

from rnnviz.market import OHLCError, download_ohlc, normalise_download, read_ohlc_csv, sample_ohlc


def yahoo_frame(ticker: str = "GOOG", days: int = 80, multi: bool = True, tz: str | None = "America/New_York"):
    """What yfinance returns: a (Price, Ticker) MultiIndex from yf.download, flat columns from Ticker.history."""
    prices = sample_ohlc().iloc[:days].copy()
    index = pd.DatetimeIndex(prices.index)
    prices.index = index.tz_localize(tz) if tz else index
    if multi:
        prices.columns = pd.MultiIndex.from_product([prices.columns, [ticker]], names=["Price", "Ticker"])
    return prices


def fake(result=None, error: Exception | None = None, delay: float = 0.0):
    def fetch(ticker, start, end, timeout):
        if delay:
            time.sleep(delay)
        if error is not None:
            raise error
        return result

    return fetch


def code_of(call) -> str:
    with pytest.raises(OHLCError) as caught:
        call()
    return caught.value.code


# ---- downloads -------------------------------------------------------------------------------------------------------
def test_a_multiindex_download_for_one_ticker_is_flattened_into_the_schema():
    frame = download_ohlc("goog", "2004-01-01", "2005-01-01", fetch=fake(yahoo_frame("GOOG")))
    assert list(frame.columns) == ["Open", "High", "Low", "Close", "Volume"]
    assert frame.index.tz is None and frame.index.is_monotonic_increasing and len(frame) == 80
    assert frame.dtypes.eq(float).all()


def test_a_flat_history_frame_is_accepted_too():
    assert len(download_ohlc("GOOG", "2004-01-01", "2005-01-01", fetch=fake(yahoo_frame(multi=False)))) == 80


def test_a_multiindex_frame_for_another_ticker_is_refused():
    assert code_of(lambda: download_ohlc("AAPL", "2004-01-01", "2005-01-01", fetch=fake(yahoo_frame("GOOG")))) == \
        "wrong_ticker"


def test_an_empty_frame_instead_of_an_error_says_no_data():
    assert code_of(lambda: download_ohlc("ZZZZ", "2004-01-01", "2005-01-01", fetch=fake(pd.DataFrame()))) == "no_data"


@pytest.mark.parametrize("error, code", [
    (YFRateLimitError(), "rate_limited"),
    (YFTzMissingError("ZZZZ"), "unknown_ticker"),
    (ConnectionError("Failed to resolve host"), "offline"),
    (RuntimeError("curl: (6) Could not resolve host: query1.finance"), "offline"),
    (KeyError("chart"), "download_failed"),
])
def test_each_failure_gets_its_own_message(error, code):
    assert code_of(lambda: download_ohlc("GOOG", "2004-01-01", "2005-01-01", fetch=fake(error=error))) == code


def test_a_hanging_download_gives_up_at_its_own_deadline():
    start = time.perf_counter()
    assert code_of(lambda: download_ohlc("GOOG", "2004-01-01", "2005-01-01", timeout=0.5,
                                         fetch=fake(yahoo_frame(), delay=3.0))) == "timeout"
    assert time.perf_counter() - start < 1.5


@pytest.mark.parametrize("ticker, start, end, code", [
    ("GO OG!", "2004-01-01", "2005-01-01", "bad_ticker"),
    ("", "2004-01-01", "2005-01-01", "bad_ticker"),
    ("GOOG", "2005-01-01", "2004-01-01", "bad_range"),
])
def test_bad_requests_are_refused_before_any_network(ticker, start, end, code):
    assert code_of(lambda: download_ohlc(ticker, start, end, fetch=fake(error=AssertionError("no call")))) == code


def test_too_few_rows_and_partly_nan_downloads():
    assert code_of(lambda: normalise_download(yahoo_frame(days=20), "GOOG")) == "too_few_rows"
    frame = yahoo_frame()
    frame.iloc[3, 0] = np.nan
    assert code_of(lambda: normalise_download(frame, "GOOG")) == "missing_values"


# ---- CSV uploads -----------------------------------------------------------------------------------------------------
SAMPLE_CSV = sample_ohlc().iloc[:100].to_csv(index_label="Date")


def upload(text: str | bytes):
    return io.BytesIO(text.encode() if isinstance(text, str) else text)


def edited(row: int, column: str, value: str) -> str:
    table = pd.read_csv(io.StringIO(SAMPLE_CSV), dtype=str)
    table.loc[row, column] = value
    return table.to_csv(index=False)


@pytest.mark.parametrize("content, code", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not_csv"),
    (b"", "not_csv"),
    ("just one column\n1\n2\n", "missing_columns"),
    (SAMPLE_CSV.replace("High", "Hi"), "missing_columns"),
    (edited(5, "Date", "yesterday"), "bad_dates"),
    (edited(7, "Close", "n/q"), "non_numeric"),
    (edited(9, "Date", "2004-08-19"), "duplicate_dates"),
    (edited(9, "Date", "2004-01-02"), "unsorted_dates"),
    (edited(10, "High", "1.0"), "high_below_low"),
    (edited(11, "Low", "-5"), "negative_values"),
    (sample_ohlc().iloc[:30].to_csv(index_label="Date"), "too_few_rows"),
    (edited(12, "Volume", "inf"), "non_numeric"),
])
def test_bad_csvs_are_refused_with_their_reason(content, code):
    assert code_of(lambda: read_ohlc_csv(upload(content))) == code


def test_a_good_csv_in_any_common_form_is_read():
    expected = sample_ohlc().iloc[:100]
    assert read_ohlc_csv(upload(SAMPLE_CSV)).equals(expected)
    newest_first = sample_ohlc().iloc[:100].iloc[::-1].to_csv(index_label="date")
    assert read_ohlc_csv(upload(newest_first)).equals(expected)
    korean = sample_ohlc().iloc[:100].rename(columns={"Open": "시가", "High": "고가", "Low": "저가", "Close": "종가",
                                                      "Volume": "거래량"}).to_csv(index_label="날짜")
    assert read_ohlc_csv(upload(korean.encode("cp949"))).equals(expected)
    no_volume = read_ohlc_csv(upload(sample_ohlc().iloc[:100].drop(columns="Volume").to_csv(index_label="Date")))
    assert (no_volume["Volume"] == 0).all()
    thousands = sample_ohlc().iloc[:100].copy()
    text = thousands.to_csv(index_label="Date", float_format="%.2f")
    text = text.replace(",22351900.00", ',"22,351,900"')
    assert read_ohlc_csv(upload(text))["Volume"].iloc[0] == 22351900.0


def test_a_path_works_as_well_as_an_upload(tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text(SAMPLE_CSV)
    assert len(read_ohlc_csv(path)) == 100
