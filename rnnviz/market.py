"""OHLC price data in one schema: an ascending DatetimeIndex and float columns Open, High, Low, Close, Volume,
no NaN. Three sources: the bundled real sample, a yfinance download, an uploaded CSV. Every failure a user can
cause or meet raises `OHLCError` (`rnnviz.errors.RnnvizError`), with a `code` the UI translates and an English
message."""

from __future__ import annotations

import concurrent.futures
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from rnnviz.errors import RnnvizError
from rnnviz.ohlc_schema import COLUMNS, MIN_ROWS, validate_ohlc
from rnnviz.price_file import read_price_file

SAMPLE_PATH = Path(__file__).parent / "data" / "GOOG_daily_2004-2013.csv"
DOWNLOAD_TIMEOUT = 15.0

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
        raise RnnvizError("missing_columns", columns=", ".join(missing),
                          headers=", ".join(map(str, frame.columns)))
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


# ---- a student's file --------------------------------------------------------------------------------------------
def read_ohlc_csv(file: str | Path | BinaryIO, min_rows: int = MIN_ROWS) -> pd.DataFrame:
    """An uploaded price file (CSV, TSV, semicolon text or .xlsx) in the schema, (days, 5); rows dropped for no
    or a zero price are listed in `frame.attrs["dropped"]`. `file` is a path or a binary file-like object (what
    st.file_uploader returns). Raises OHLCError. See rnnviz.price_file for what it reads."""
    return read_price_file(file, min_rows)
