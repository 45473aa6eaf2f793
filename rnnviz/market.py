"""OHLC price data in one schema: an ascending DatetimeIndex and float columns Open, High, Low, Close, Volume.

Only the bundled sample is here so far; the yfinance download and CSV upload come with the stock page.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

COLUMNS = ("Open", "High", "Low", "Close", "Volume")
SAMPLE_PATH = Path(__file__).parent / "data" / "GOOG_daily_2004-2013.csv"
SAMPLE_NAME = "GOOG daily, 2004-08-19 to 2013-03-01 (Yahoo Finance, bundled)"


class OHLCError(ValueError):
    """Price data that cannot be used, with a message a user can act on."""


@lru_cache(maxsize=1)
def _read_sample() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE_PATH, index_col=0, parse_dates=True)
    frame.index.name = "Date"
    return frame[list(COLUMNS)].astype(float).sort_index()


def sample_ohlc() -> pd.DataFrame:
    """The bundled real sample: 2,148 trading days of GOOG, (days, 5) with columns Open, High, Low, Close, Volume.

    A fresh copy each call, so callers may modify it.
    """
    return _read_sample().copy()
