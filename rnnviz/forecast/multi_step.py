"""Forecasting several trading days ahead, two ways, on the page's chronological split:

- direct: one model trained for each horizon h (its windows end h days before their target), as the horizons
  study does;
- recursive: the one-day model run h times, each prediction appended to the window as if it were the next day's
  close, so its own errors become its inputs.

Feeding a prediction back needs the model to forecast every input it reads; the LSTM here forecasts only the
close, so both ways use the close as their only feature (the page's other settings are kept). Every horizon is
scored on the same test days, against persistence at that horizon (the close h days before).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import numpy as np
import pandas as pd
import torch

from rnnviz import limits
from rnnviz.forecast.single import (
    HORIZONS,
    ForecastConfig,
    PricePredictor,
    _prepare,
    check_config,
    chronological_split,
    fit_split,
    raw_features,
    trained_predictions,
)
from rnnviz.forecast.walk_forward import training_cost

FEATURES = ("Close",)
COLUMNS = ("RMSE direct", "RMSE recursive", "RMSE Persistence", "Skill direct", "Skill recursive", "Test days")


def multi_step_config(config: ForecastConfig) -> ForecastConfig:
    """The page's settings with the close as the only feature (what a recursive forecast can feed back)."""
    return replace(config, features=FEATURES)


def multi_step_cost(days: int, config: ForecastConfig, horizons: tuple[int, ...] = HORIZONS) -> limits.Cost:
    """One training per horizon (the one-day model serves both ways at h = 1 and every recursive h)."""
    return training_cost(days, multi_step_config(config), None, horizons)


def recursive_predictions(model: PricePredictor, feature_mean: np.ndarray, feature_std: np.ndarray,
                          target_mean: float, target_std: float, prices: pd.DataFrame, config: ForecastConfig,
                          days: np.ndarray, horizon: int) -> np.ndarray:
    """The close of each target day in `days` (row positions), (len(days),) float64, forecast by the one-day
    `model` from the window ending `horizon` days before it: `horizon` one-day steps, each step's predicted close
    (or one-day log return) appended to the window as the next day's input. Reads no row after day - horizon."""
    unscaled = raw_features(prices, config)[:, 0]
    scaled = (unscaled - feature_mean[0]) / feature_std[0]
    last_known = days - horizon
    window = np.stack([scaled[last + 1 - config.window:last + 1] for last in last_known])
    inputs = torch.tensor(window[:, :, None], dtype=torch.float32)
    total_return = np.zeros(len(days))
    with torch.no_grad():
        for _ in range(horizon):
            predicted = model(inputs).double().numpy() * target_std + target_mean
            total_return += predicted
            # For one feature, the close (price target) or its log change from the day before (log-return target)
            # is exactly the one-day target, so the prediction is the next day's raw input.
            following = torch.tensor((predicted - feature_mean[0]) / feature_std[0], dtype=torch.float32)
            inputs = torch.cat([inputs[:, 1:], following[:, None, None]], dim=1)
    if config.target == "price":
        return predicted
    close = prices["Close"].to_numpy(dtype=np.float64)
    return close[last_known] * np.exp(total_return)


def multi_step_study(prices: pd.DataFrame, config: ForecastConfig, horizons: tuple[int, ...] = HORIZONS,
                     on_epoch: Callable[[int, int, float, float], None] | None = None) -> pd.DataFrame:
    """Index: the horizons (trading days); columns COLUMNS. RMSE in price units over the same test days (the
    page's test period) for the direct model of each horizon, the one-day model run recursively, and persistence;
    Skill = 1 - RMSE / RMSE Persistence. `on_epoch(horizon, epoch, train_loss, validation_loss)` follows each
    training. Raises RnnvizError as fit does (at the longest horizon, whose windows reach furthest back)."""
    config = multi_step_config(config)
    check_config(config)
    chronological_split(len(prices), config, max(horizons))
    close = prices["Close"].to_numpy(dtype=np.float64)

    def follow(horizon: int):
        return (lambda epoch, train, validation: on_epoch(horizon, epoch, train, validation)) if on_epoch else None

    one_day_split = chronological_split(len(prices), config, 1)
    data = _prepare(prices, config, one_day_split, 1)
    model, _, _, _ = trained_predictions(data, config, follow(1))
    test_days = np.arange(one_day_split.test_start, len(prices))
    actual = close[test_days]
    rows = {}
    for horizon in horizons:
        recursive = recursive_predictions(model, data.feature_mean, data.feature_std, data.target_mean,
                                          data.target_std, prices, config, test_days, horizon)
        if horizon == 1:
            direct = recursive
        else:
            direct = fit_split(prices, config, chronological_split(len(prices), config, horizon), horizon,
                               follow(horizon)).predictions["LSTM"].to_numpy()
        persistence = close[test_days - horizon]
        errors = {name: float(np.sqrt(np.mean((values - actual) ** 2)))
                  for name, values in (("direct", direct), ("recursive", recursive), ("Persistence", persistence))}
        rows[horizon] = {"RMSE direct": errors["direct"], "RMSE recursive": errors["recursive"],
                         "RMSE Persistence": errors["Persistence"],
                         "Skill direct": 1.0 - errors["direct"] / errors["Persistence"],
                         "Skill recursive": 1.0 - errors["recursive"] / errors["Persistence"],
                         "Test days": len(test_days)}
    frame = pd.DataFrame.from_dict(rows, orient="index")[list(COLUMNS)]
    frame.index.name = "horizon"
    return frame
