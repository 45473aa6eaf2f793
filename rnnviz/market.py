"""OHLC price data in one schema: an ascending DatetimeIndex and float columns Open, High, Low, Close, Volume,
no NaN. Three sources: the bundled real sample, a yfinance download, an uploaded CSV. Every failure a user can
cause or meet raises `OHLCError` (`rnnviz.errors.RnnvizError`), with a `code` the UI translates and an English
message."""

from __future__ import annotations

import concurrent.futures
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from rnnviz.errors import RnnvizError

COLUMNS = ("Open", "High", "Low", "Close", "Volume")
SAMPLE_PATH = Path(__file__).parent / "data" / "GOOG_daily_2004-2013.csv"
MIN_ROWS = 60
DOWNLOAD_TIMEOUT = 15.0

# Header spellings accepted in an uploaded CSV (compared lower-case, spaces and underscores removed).
HEADER_NAMES = {
    "Date": {"date", "datetime", "time", "timestamp", "day", "unnamed:0", "", "날짜", "일자"},
    "Open": {"open", "o", "opening", "openprice", "시가"},
    "High": {"high", "h", "highprice", "고가"},
    "Low": {"low", "l", "lowprice", "저가"},
    "Close": {"close", "c", "closeprice", "last", "price", "종가"},
    "AdjClose": {"adjclose", "adjustedclose"},
    "Volume": {"volume", "vol", "v", "거래량"},
}


# The public name for price-data errors, which checks outside the tests import; the library has one error type.
OHLCError = RnnvizError


@lru_cache(maxsize=1)
def _read_sample() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE_PATH, index_col=0, parse_dates=True)
    frame.index.name = "Date"
    return frame[list(COLUMNS)].astype(float).sort_index()


def sample_days() -> int:
    """How many trading days the bundled sample holds (2,148)."""
    return len(_read_sample())


def sample_ohlc() -> pd.DataFrame:
    """The bundled real sample: 2,148 trading days of GOOG, (days, 5) with columns Open, High, Low, Close, Volume.

    A fresh copy each call, so callers may modify it.
    """
    return _read_sample().copy()


def random_walk_ohlc(like: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """A control series where nothing can be forecast: (days, 5) in the schema, on `like`'s dates, starting at
    its first open. The log close moves by a seeded random walk without drift whose daily steps have `like`'s
    volatility: an overnight gap and an intraday move, independent normals with `like`'s two standard
    deviations scaled so that their sum has the close-to-close one. High and Low reach beyond the day's open and
    close by exponential amounts with `like`'s mean wicks; volume is log-normal with `like`'s log mean and
    spread, independent of the prices. The same `like` and seed give the same series."""
    rng = np.random.default_rng(seed)
    open_, high, low, close = (like[name].to_numpy(dtype=np.float64) for name in ("Open", "High", "Low", "Close"))
    step = np.log(close[1:] / close[:-1]).std()
    gap_spread, move_spread = np.log(open_[1:] / close[:-1]).std(), np.log(close / open_).std()
    scale = step / np.hypot(gap_spread, move_spread)
    days = len(like)
    gaps = np.concatenate([[0.0], rng.normal(0.0, gap_spread * scale, days - 1)])
    moves = rng.normal(0.0, move_spread * scale, days)
    # Each day opens at the last close moved by the gap and closes at its open moved by the intraday move.
    log_open = np.log(open_[0]) + np.cumsum(gaps) + np.concatenate([[0.0], np.cumsum(moves)[:-1]])
    log_close = log_open + moves
    top, bottom = np.maximum(open_, close), np.minimum(open_, close)
    upper_wick, lower_wick = np.log(high / top).mean(), np.log(bottom / low).mean()
    walk_open, walk_close = np.exp(log_open), np.exp(log_close)
    walk_high = np.maximum(walk_open, walk_close) * np.exp(rng.exponential(upper_wick, days))
    walk_low = np.minimum(walk_open, walk_close) * np.exp(-rng.exponential(lower_wick, days))
    log_volume = np.log1p(like["Volume"].to_numpy(dtype=np.float64))
    volume = np.maximum(np.round(np.expm1(rng.normal(log_volume.mean(), log_volume.std(), days))), 0.0)
    frame = pd.DataFrame({"Open": walk_open, "High": walk_high, "Low": walk_low, "Close": walk_close,
                          "Volume": volume}, index=like.index.copy())
    return validate_ohlc(frame, min_rows=1)


# ---- validation shared by every source -------------------------------------------------------------------------------
def validate_ohlc(frame: pd.DataFrame, min_rows: int = MIN_ROWS) -> pd.DataFrame:
    """Check a frame already in the schema's columns (DatetimeIndex, float O/H/L/C/V) and return it sorted.

    Raises OHLCError for: NaN, duplicated dates, dates out of order (strictly descending is reversed, as some
    exports list the newest day first), High below Low, negative prices or volume, fewer than `min_rows` rows.
    """
    missing = frame[list(COLUMNS)].isna()
    if missing.any().any():
        row, column = _first_true(missing)
        raise RnnvizError("missing_values", column=column, row=row)
    index = frame.index
    if index.has_duplicates:
        day = index[index.duplicated()][0].strftime("%Y-%m-%d")
        raise RnnvizError("duplicate_dates", row=day)
    if not index.is_monotonic_increasing:
        if index.is_monotonic_decreasing:
            frame = frame.iloc[::-1]
        else:
            raise RnnvizError("unsorted_dates")
    if (frame[["Open", "High", "Low", "Close"]] <= 0).any().any() or (frame["Volume"] < 0).any():
        raise RnnvizError("negative_values")
    inverted = frame["High"] < frame["Low"]
    if inverted.any():
        day = frame.index[inverted.argmax()].strftime("%Y-%m-%d")
        raise RnnvizError("high_below_low", row=day)
    if len(frame) < min_rows:
        raise RnnvizError("too_few_rows", rows=len(frame), minimum=min_rows)
    return frame


def _first_true(mask: pd.DataFrame) -> tuple[str, str]:
    stacked = mask.stack()
    (row, column) = stacked[stacked].index[0]
    return (row.strftime("%Y-%m-%d") if hasattr(row, "strftime") else str(row)), str(column)


# ---- yfinance --------------------------------------------------------------------------------------------------------
_EXECUTOR = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="yfinance")
TICKER_LENGTH = 15  # Yahoo's longest symbols (with an exchange suffix) fit
_TICKER = re.compile(rf"^[A-Z0-9.^=\-]{{1,{TICKER_LENGTH}}}$")


def normalise_download(frame: pd.DataFrame | None, ticker: str) -> pd.DataFrame:
    """A yfinance frame in the schema. Handles the `(Price, Ticker)` MultiIndex that `yf.download` returns even
    for one ticker, time-zone-aware indexes, and the empty frame it returns instead of raising."""
    if frame is None or frame.empty:
        raise RnnvizError("no_data", ticker=ticker)
    if isinstance(frame.columns, pd.MultiIndex):
        tickers = list(dict.fromkeys(frame.columns.get_level_values(-1)))
        if ticker not in tickers:
            raise RnnvizError("wrong_ticker", ticker=ticker, found=", ".join(map(str, tickers)))
        frame = frame.xs(ticker, axis=1, level=-1)
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise RnnvizError("missing_columns", columns=", ".join(missing))
    frame = frame[list(COLUMNS)].astype(float)
    index = pd.DatetimeIndex(frame.index)
    frame.index = (index.tz_localize(None) if index.tz is not None else index).normalize()
    frame.index.name = "Date"
    return validate_ohlc(frame)


def _fetch(ticker: str, start: str, end: str, timeout: float) -> pd.DataFrame:
    import yfinance as yf

    # yfinance swallows most errors unless told not to; then each arrives as its own exception type.
    yf.config.debug.hide_exceptions = False
    return yf.Ticker(ticker).history(start=start, end=end, interval="1d", auto_adjust=True, actions=False,
                                     timeout=timeout)


def download_ohlc(ticker: str, start: Any, end: Any, timeout: float = DOWNLOAD_TIMEOUT,
                  fetch=None) -> pd.DataFrame:
    """Daily bars of `ticker` from `start` (inclusive) to `end` (exclusive), split- and dividend-adjusted, from
    Yahoo Finance through yfinance. Gives up after `timeout` seconds whatever yfinance does (its own timeout
    does not bound a connection that hangs), and never retries. `fetch` is the network call (tests pass a fake;
    None means yfinance, looked up at call time so a test can patch `rnnviz.market._fetch`).
    """
    fetch = fetch or _fetch
    ticker = ticker.strip().upper()
    if not _TICKER.match(ticker):
        raise RnnvizError("bad_ticker", ticker=ticker)
    start, end = pd.Timestamp(start).strftime("%Y-%m-%d"), pd.Timestamp(end).strftime("%Y-%m-%d")
    if start >= end:
        raise RnnvizError("bad_range", start=start, end=end)
    future = _EXECUTOR.submit(fetch, ticker, start, end, timeout)
    try:
        frame = future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        future.cancel()
        raise RnnvizError("timeout", seconds=round(timeout)) from None
    except RnnvizError:
        raise
    except Exception as error:  # noqa: BLE001 - every yfinance or network failure becomes a message
        raise _explain(error, ticker) from error
    return normalise_download(frame, ticker)


def _explain(error: Exception, ticker: str) -> OHLCError:
    name = type(error).__name__
    text = str(error)
    if name == "YFRateLimitError" or "Too Many Requests" in text or "rate limit" in text.lower():
        return RnnvizError("rate_limited")
    if name in ("YFTzMissingError", "YFTickerMissingError") or "delisted" in text or "No timezone" in text:
        return RnnvizError("unknown_ticker", ticker=ticker)
    if name == "YFPricesMissingError":
        return RnnvizError("no_data", ticker=ticker)
    if isinstance(error, (ConnectionError, OSError, TimeoutError)) or any(
            word in text for word in ("resolve", "Connection", "connect", "Network", "timed out", "Timeout")):
        return RnnvizError("offline")
    return RnnvizError("download_failed", reason=f"{name}: {text[:200]}")


# ---- CSV upload ------------------------------------------------------------------------------------------------------
def _header_key(name: str) -> str:
    return re.sub(r"[\s_\-]", "", str(name)).lower()


def read_ohlc_csv(file: str | Path | BinaryIO, min_rows: int = MIN_ROWS) -> pd.DataFrame:
    """An uploaded CSV in the schema: a date column (first or named Date/날짜/...), Open, High, Low, Close
    (common spellings, any case), optional Volume (0 when absent). Thousands separators are accepted.

    `file` is a path or a binary file-like object (what st.file_uploader returns). Raises OHLCError.
    """
    table = _read_text_table(file)
    found = _find_columns(table)
    dates = pd.to_datetime(table[found["Date"]], errors="coerce", format="mixed")
    if dates.isna().any():
        row = int(dates.isna().to_numpy().argmax())
        raise RnnvizError("bad_dates", row=row + 2, value=str(table[found["Date"]].iloc[row]))
    frame = pd.DataFrame(index=pd.DatetimeIndex(dates, name="Date").normalize())
    for name in COLUMNS:
        frame[name] = _numbers(table[found[name]], name) if name in found else 0.0
    return validate_ohlc(frame, min_rows)


def _read_text_table(file: str | Path | BinaryIO) -> pd.DataFrame:
    """The file as a table of strings (UTF-8, or cp949 from Korean Windows exports); not_csv when it is not one."""
    try:
        raw = file.read() if hasattr(file, "read") else Path(file).read_bytes()
    except OSError as error:
        raise RnnvizError("not_csv") from error
    if b"\x00" in raw[:4096]:
        raise RnnvizError("not_csv")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp949")
        except UnicodeDecodeError:
            raise RnnvizError("not_csv") from None
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        raise RnnvizError("not_csv") from None
    if table.shape[1] < 2:
        raise RnnvizError("not_csv")
    return table


def _find_columns(table: pd.DataFrame) -> dict[str, str]:
    """Schema name -> the table's column, by HEADER_NAMES; the date defaults to the first column, Close to Adj
    Close. Raises missing_columns when a price column is not there."""
    found: dict[str, str] = {}
    for column in table.columns:
        key = _header_key(column)
        for name, spellings in HEADER_NAMES.items():
            if key in spellings and name not in found:
                found[name] = column
                break
    if "Date" not in found:
        found["Date"] = table.columns[0]
    if "Close" not in found and "AdjClose" in found:
        found["Close"] = found["AdjClose"]
    missing = [name for name in ("Open", "High", "Low", "Close") if name not in found]
    if missing:
        raise RnnvizError("missing_columns", columns=", ".join(missing))
    return found


def _numbers(column: pd.Series, name: str) -> np.ndarray:
    """A column of text as floats, thousands separators dropped; names the first empty or non-numeric cell by
    its row in the file (the header is row 1)."""
    cells = column.str.replace(",", "", regex=False).str.strip()
    empty = cells == ""
    if empty.any():
        row = int(empty.to_numpy().argmax())
        raise RnnvizError("missing_values", column=name, row=row + 2)
    numbers = pd.to_numeric(cells, errors="coerce")
    if numbers.isna().any() or not np.isfinite(numbers.to_numpy()).all():
        row = int((~np.isfinite(numbers.to_numpy(dtype=float, na_value=np.nan))).argmax())
        raise RnnvizError("non_numeric", column=name, row=row + 2, value=cells.iloc[row])
    return numbers.to_numpy(dtype=float)
