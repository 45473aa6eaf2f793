"""The lag detector: does the model forecast the next move, or repeat the last one a day late?

A model whose prediction for day d is roughly the close of day d - 1 draws a curve that hugs the actual price
on a chart, yet knows nothing: its predicted series moves one day after the actual one. Correlating the day-to-
day changes of the prediction with those of the actual close k days earlier shows it as a peak at k = +1; a
model that anticipates moves would peak at k = 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LAGS = tuple(range(-3, 4))
# A peak this strong or stronger is called a pattern; below it the changes are too weakly related to name one.
CLEAR_CORRELATION = 0.3


def _pairs(predicted: np.ndarray, actual: np.ndarray, lag: int) -> tuple[np.ndarray, np.ndarray]:
    """(predicted change on day t, actual change on day t - lag) for every t where both exist."""
    if lag >= 0:
        return predicted[lag:], actual[:len(actual) - lag]
    return predicted[:lag], actual[-lag:]


def lag_correlations(predictions: pd.DataFrame, lags: tuple[int, ...] = LAGS) -> pd.Series:
    """Pearson correlation between the change of the "LSTM" column from one test day to the next and the change
    of "Actual" `lag` days earlier, for each lag; index "lag". Changes are taken within each "Fold" (when
    there is such a column), never across the gap between two folds' models. NaN where a series is constant."""
    groups = [group for _, group in predictions.groupby("Fold")] if "Fold" in predictions else [predictions]
    changes = [(np.diff(group["LSTM"].to_numpy(dtype=np.float64)), np.diff(group["Actual"].to_numpy(dtype=np.float64)))
               for group in groups]
    values = {}
    for lag in lags:
        pairs = [_pairs(predicted, actual, lag) for predicted, actual in changes]
        predicted = np.concatenate([p for p, _ in pairs])
        actual = np.concatenate([a for _, a in pairs])
        if len(predicted) < 2 or predicted.std() == 0 or actual.std() == 0:
            values[lag] = float("nan")
        else:
            values[lag] = float(np.corrcoef(predicted, actual)[0, 1])
    return pd.Series(values, name="correlation").rename_axis("lag")


READINGS = ("repeats", "anticipates", "late", "early", "none")  # what `lag_reading` can say


def lag_reading(correlations: pd.Series) -> str:
    """What the peak says: "repeats" (peak at +1: the model mostly repeats the day before), "anticipates"
    (peak at 0), "late" (peak at +2 or later), "early" (a negative lag), or "none" (no correlation reaches
    CLEAR_CORRELATION)."""
    known = correlations.dropna()
    if known.empty or known.max() < CLEAR_CORRELATION:
        return "none"
    peak = int(known.idxmax())
    if peak == 1:
        return "repeats"
    if peak == 0:
        return "anticipates"
    return "late" if peak > 1 else "early"
