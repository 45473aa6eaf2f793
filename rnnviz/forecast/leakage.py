"""The two leaks forecasting tutorials keep making, run beside the honest split on the same prices and settings:
the scaler fitted on every day (the test period's level and spread reach the training inputs), and windows
shuffled before the split (each test day's neighbours, sharing all but one day of its window, are in training).
Each run trains the same seeded LSTM for one day ahead and is scored against persistence on its own test days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rnnviz import limits
from rnnviz.forecast.single import (
    ForecastConfig,
    check_config,
    chronological_split,
    first_target_day,
    prepare_periods,
    trained_predictions,
)
from rnnviz.forecast.walk_forward import training_cost

LEAKS = ("honest", "scaler on all days", "shuffled windows")
COLUMNS = ("RMSE LSTM", "RMSE Persistence", "Skill", "Test days", "Beside training")


def leakage_study(prices: pd.DataFrame, config: ForecastConfig, on_epoch=None) -> pd.DataFrame:
    """Rows LEAKS; columns "RMSE LSTM", "RMSE Persistence" (price units, on the row's test days), "Skill"
    (1 - RMSE LSTM / RMSE Persistence: above 0 beats persistence), "Test days", and "Beside training": the share of
    test days whose day before or day after is a training target day (its window then shares all but one day).

    "honest" is the page's single split (fit). "scaler on all days" keeps its periods and fits the scaler on
    every row. "shuffled windows" draws the same numbers of validation and test windows at random (seeded by
    config.seed) from all of them, so its test days are scattered among training days. `on_epoch(leak, epoch,
    train_loss, validation_loss)` follows the three trainings. Raises RnnvizError as fit does."""
    check_config(config)
    days = len(prices)
    split = chronological_split(days, config)
    first = first_target_day(config)
    honest = (range(first, split.validation_start), range(split.validation_start, split.test_start),
              range(split.test_start, days))
    order = np.random.default_rng(config.seed).permutation(np.arange(first, days))
    tested, validated = len(honest[2]), len(honest[1])
    shuffled = (np.sort(order[tested + validated:]), np.sort(order[tested:tested + validated]),
                np.sort(order[:tested]))
    runs = {
        "honest": (honest, slice(0, split.validation_start)),
        "scaler on all days": (honest, slice(None)),
        # The scaler is fitted on the training target days, as honest as a shuffled split can be: the leak shown
        # is the shuffle alone.
        "shuffled windows": (shuffled, shuffled[0]),
    }
    rows = {}
    for leak, (periods, scaler_rows) in runs.items():
        def follow(epoch, train_loss, validation_loss, leak=leak):
            if on_epoch:
                on_epoch(leak, epoch, train_loss, validation_loss)

        rows[leak] = _scored(prices, config, periods, scaler_rows, follow)
    return pd.DataFrame.from_dict(rows, orient="index")[list(COLUMNS)]


def leakage_cost(days: int, config: ForecastConfig) -> limits.Cost:
    """Three trainings of the single split's size, one after another (the memory of one)."""
    one = training_cost(days, config)
    return limits.Cost(one.seconds * len(LEAKS), one.bytes)


def _scored(prices: pd.DataFrame, config: ForecastConfig, periods: tuple, scaler_rows, on_epoch) -> dict:
    data = prepare_periods(prices, config, periods, scaler_rows)
    _, _, _, predicted = trained_predictions(data, config, on_epoch)
    close = prices["Close"].to_numpy(dtype=np.float64)
    test_days = np.asarray(periods[2])
    today = close[test_days - 1]
    lstm = predicted if config.target == "price" else today * np.exp(predicted)
    actual = close[test_days]
    rmse_lstm = float(np.sqrt(np.mean((lstm - actual) ** 2)))
    rmse_persistence = float(np.sqrt(np.mean((today - actual) ** 2)))
    training = np.asarray(periods[0])
    beside = np.isin(test_days - 1, training) | np.isin(test_days + 1, training)
    return {"RMSE LSTM": rmse_lstm, "RMSE Persistence": rmse_persistence,
            "Skill": 1.0 - rmse_lstm / rmse_persistence, "Test days": len(test_days),
            "Beside training": float(beside.mean())}
