"""The one shape price data has in the app: an ascending DatetimeIndex named Date and float columns Open, High,
Low, Close, Volume, no NaN. Every source (the bundled sample, a download, a student's file) ends in
`validate_ohlc`."""

from __future__ import annotations

import pandas as pd

from rnnviz.errors import RnnvizError

COLUMNS = ("Open", "High", "Low", "Close", "Volume")
MIN_ROWS = 60


def _day(stamp) -> str:
    return stamp.strftime("%Y-%m-%d")


def validate_ohlc(frame: pd.DataFrame, min_rows: int = MIN_ROWS) -> pd.DataFrame:
    """Check a frame already in the schema's columns (DatetimeIndex, float O/H/L/C/V) and return it sorted.

    Raises RnnvizError for: NaN, duplicated dates, dates out of order (strictly descending is reversed, as some
    exports list the newest day first), High below Low, negative prices or volume, fewer than `min_rows` rows.
    Each message names the first day (and column) where it happens.
    """
    missing = frame[list(COLUMNS)].isna()
    if missing.any().any():
        row, column = _first_true(missing)
        raise RnnvizError("missing_values", column=column, row=row)
    index = frame.index
    if index.has_duplicates:
        raise RnnvizError("duplicate_dates", row=_day(index[index.duplicated()][0]))
    if not index.is_monotonic_increasing:
        if index.is_monotonic_decreasing:
            frame = frame.iloc[::-1]
        else:
            raise _out_of_order(index)
    prices = frame[["Open", "High", "Low", "Close"]]
    for values in (prices, frame[["Volume"]]):
        bad = values <= 0 if values is prices else values < 0
        if bad.any().any():
            row, column = _first_true(bad)
            raise RnnvizError("negative_values", column=column, row=row,
                              value=f"{values.loc[pd.Timestamp(row), column]:g}")
    inverted = frame["High"] < frame["Low"]
    if inverted.any():
        raise RnnvizError("high_below_low", row=_day(frame.index[inverted.argmax()]))
    if len(frame) < min_rows:
        raise RnnvizError("too_few_rows", rows=len(frame), minimum=min_rows)
    return frame


def _out_of_order(index: pd.DatetimeIndex) -> RnnvizError:
    """unsorted_dates naming the first day that breaks the file's own direction (set by its first and last day)."""
    ascending = index[-1] >= index[0]
    steps = index[1:] < index[:-1] if ascending else index[1:] > index[:-1]
    at = int(steps.argmax()) + 1
    return RnnvizError("unsorted_dates", row=_day(index[at]), previous=_day(index[at - 1]))


def _first_true(mask: pd.DataFrame) -> tuple[str, str]:
    stacked = mask.stack()
    (row, column) = stacked[stacked].index[0]
    return (_day(row) if hasattr(row, "strftime") else str(row)), str(column)
