"""The close `horizon` trading days ahead from OHLC windows with an LSTM, judged honestly against persistence
(the close `horizon` days before: "tomorrow = today" at horizon 1), on one chronological split.

The dates are split in order: training, then validation (for early stopping), then the test period. A sample
is the `window` days ending `horizon` days before its target day and belongs to its target day's split, so no
training target and no scaler statistic comes from the validation or test days (the scaler is fitted on
training days only). Two targets: the price itself (scaled), or the log return close_d / close_{d-horizon},
which is then turned back into a price. Metrics are in price units on the test period.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch
from torch import nn

from rnnviz.bounds import bounded
from rnnviz.bounds import seed as seed_field
from rnnviz.errors import RnnvizError
from rnnviz.market import COLUMNS
from rnnviz.seeding import seeded
from rnnviz.spec import LayerSpec

TARGETS = ("price", "log_return")
# In scaled units predicting the mean costs about 1; an epoch averaging 100 times that has diverged (Adam bounds
# each step by the learning rate, so a huge rate gives enormous losses at least as often as NaN).
DIVERGED_LOSS = 100.0
# A test period needs two days for one day-to-day change (direction accuracy, persistence).
MIN_TEST_DAYS = 2
# Trading days ahead: one day (the page's single split), a week, a month.
HORIZONS = (1, 5, 20)
# Added to a standard deviation before dividing: a constant column (a day range with zero volume) stays finite.
STD_FLOOR = 1e-8


@dataclass(frozen=True)
class ForecastConfig:
    """Everything that decides a training run; the same config, data and seed give the same result."""

    window: int = bounded(2, 250, 5, default=30)
    hidden_size: int = bounded(4, 256, 8, default=64)
    # One layer: 2.9 s to the same verdict as two layers in 18.5 s on the sample (40 epochs allowed, early stopping
    # after 28; price target 62 % worse than persistence against 50 %, log return within 2 % against 0.2 %).
    num_layers: int = bounded(1, 4, default=1)
    # 20: the horizons study (5 folds x 3 horizons, every epoch run) fits the 60 s budget with the estimate's margin
    # (rnnviz.limits); early stopping often ends a fold sooner, and the best epoch's weights are the ones kept.
    epochs: int = bounded(1, 300, 5, default=20)
    lr: float = bounded(1e-4, 10.0, default=1e-3)
    batch_size: int = bounded(8, 512, 8, default=64)
    # 0 is allowed in the control so that the page can say why a test period is needed.
    test_fraction: float = bounded(0.0, 0.5, 0.05, default=0.2)
    validation_fraction: float = 0.1
    seed: int = seed_field()
    features: tuple[str, ...] = COLUMNS
    target: str = "price"
    patience: int = 8

    def model_code(self) -> str:
        """The model as a lecture writes it, e.g. `nn.LSTM(5, 64, batch_first=True) → nn.Linear(64, 1)`."""
        lstm = LayerSpec("LSTM", len(self.features), self.hidden_size, num_layers=self.num_layers, batch_first=True)
        return f"{lstm.constructor_code()} → nn.Linear({self.hidden_size}, 1)"


@dataclass
class ForecastResult:
    """metrics: rows "LSTM", "Persistence"; columns "RMSE", "MAE", "Direction accuracy" (price units, test period).
    history: one row per epoch, columns "epoch", "train_loss", "validation_loss".
    predictions: indexed by test date, columns "Actual", "LSTM", "Persistence".
    """

    config: ForecastConfig
    metrics: pd.DataFrame
    history: pd.DataFrame
    predictions: pd.DataFrame
    best_epoch: int
    num_parameters: int
    validation_start: pd.Timestamp
    test_start: pd.Timestamp
    stopped_early: bool = field(default=False)
    horizon: int = 1


class PricePredictor(nn.Module):
    """nn.LSTM(batch_first=True) over a window, then a linear head on the last step's output.

    x (batch, window, features) -> (batch,)
    """

    def __init__(self, features: int, hidden_size: int, num_layers: int) -> None:
        super().__init__()
        self.lstm = nn.LSTM(features, hidden_size, num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        output, _ = self.lstm(x)
        return self.head(output[:, -1]).squeeze(-1)


@dataclass(frozen=True)
class Split:
    """Row positions: training days [0, validation_start), validation [validation_start, test_start), test after."""

    validation_start: int
    test_start: int


def first_target_day(config: ForecastConfig, horizon: int = 1) -> int:
    """The first row that can be a target: its window (ending `horizon` days before it) must start at row 0, or
    at row 1 for the log-return target, whose inputs need the day before."""
    return config.window + horizon - 1 + (1 if config.target == "log_return" else 0)


def past_split(test_start: int, config: ForecastConfig, horizon: int = 1) -> Split:
    """Training and validation rows inside [0, test_start): the last `validation_fraction` validates. Raises
    RnnvizError when either part would be too short to use."""
    validation_start = test_start - int(round(test_start * config.validation_fraction))
    # Fewer training windows than half a batch cannot fit anything (and an empty training set is no split).
    training_windows = validation_start - first_target_day(config, horizon)
    if training_windows < max(config.batch_size // 2, 1):
        raise RnnvizError("window_too_long", window=config.window, days=validation_start)
    if test_start - validation_start < 1:
        raise RnnvizError("no_validation_days")
    return Split(validation_start, test_start)


def chronological_split(days: int, config: ForecastConfig, horizon: int = 1) -> Split:
    """Where validation and test begin, in rows. Raises RnnvizError when a part would be too short to use."""
    if not 0 < config.test_fraction < 1:
        raise RnnvizError("bad_fraction")
    test_start = days - int(round(days * config.test_fraction))
    if days - test_start < MIN_TEST_DAYS:
        raise RnnvizError("no_test_days", days=days - test_start)
    return past_split(test_start, config, horizon)


def raw_features(prices: pd.DataFrame, config: ForecastConfig) -> np.ndarray:
    """(days, features) before scaling: levels for the price target; for the log-return target, each price
    relative to the day before's close (log) and the volume's log change, so inputs are stationary too."""
    chosen = list(config.features)
    if config.target == "price":
        values = prices[chosen].copy()
        if "Volume" in chosen:
            values["Volume"] = np.log1p(values["Volume"])
        return values.to_numpy(dtype=np.float64)
    previous_close = prices["Close"].shift(1).bfill()
    columns = []
    for name in chosen:
        if name == "Volume":
            volume = np.log1p(prices["Volume"])
            columns.append((volume - volume.shift(1)).fillna(0.0))
        else:
            columns.append(np.log(prices[name] / previous_close))
    return np.column_stack([c.to_numpy(dtype=np.float64) for c in columns])


def _targets(prices: pd.DataFrame, config: ForecastConfig, horizon: int) -> np.ndarray:
    """(days,): the close, or the log return over `horizon` days ending that day (0 where there is none)."""
    close = prices["Close"].to_numpy(dtype=np.float64)
    if config.target == "price":
        return close
    returns = np.zeros_like(close)
    returns[horizon:] = np.log(close[horizon:] / close[:-horizon])
    return returns


def _windows(features: np.ndarray, targets: np.ndarray, days, window: int,
             horizon: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs (samples, window, features): for each target day in `days`, the `window` days ending `horizon`
    days before it; targets (samples,)."""
    last_known = [day - horizon for day in days]
    inputs = np.stack([features[last + 1 - window:last + 1] for last in last_known])
    return torch.tensor(inputs, dtype=torch.float32), torch.tensor(targets[list(days)], dtype=torch.float32)


@dataclass(frozen=True)
class _Prepared:
    """Scaled windows for each period: x (samples, window, features), y (samples,) in scaled target units."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    validation_x: torch.Tensor
    validation_y: torch.Tensor
    test_x: torch.Tensor
    target_mean: float
    target_std: float
    feature_mean: np.ndarray  # (features,): the scaler, for inputs made later (rnnviz.forecast.multi_step)
    feature_std: np.ndarray


def check_config(config: ForecastConfig) -> None:
    """Raises RnnvizError for a target or feature list the model does not know."""
    if config.target not in TARGETS:
        raise RnnvizError("bad_target")
    if not config.features or any(name not in COLUMNS for name in config.features):
        raise RnnvizError("bad_features")


def _prepare(prices: pd.DataFrame, config: ForecastConfig, split: Split, horizon: int) -> _Prepared:
    """Features and targets scaled with statistics of the training days only (nothing from validation or test
    leaks into them), cut into windows per period."""
    periods = (range(first_target_day(config, horizon), split.validation_start),
               range(split.validation_start, split.test_start), range(split.test_start, len(prices)))
    return prepare_periods(prices, config, periods, slice(0, split.validation_start), horizon)


def prepare_periods(prices: pd.DataFrame, config: ForecastConfig, periods: tuple, scaler_rows,
                    horizon: int = 1) -> _Prepared:
    """Windows for the target days of each period (training, validation, test: sequences of row positions),
    scaled with the mean and spread of the rows `scaler_rows` selects. An honest split passes the training days;
    rnnviz.forecast.leakage passes other rows to show what a leak does."""
    unscaled, raw_targets = raw_features(prices, config), _targets(prices, config, horizon)
    feature_mean, feature_std = unscaled[scaler_rows].mean(0), unscaled[scaler_rows].std(0) + STD_FLOOR
    target_mean, target_std = raw_targets[scaler_rows].mean(), raw_targets[scaler_rows].std() + STD_FLOOR
    features = (unscaled - feature_mean) / feature_std
    targets = (raw_targets - target_mean) / target_std
    window = config.window
    train_x, train_y = _windows(features, targets, periods[0], window, horizon)
    val_x, val_y = _windows(features, targets, periods[1], window, horizon)
    test_x, _ = _windows(features, targets, periods[2], window, horizon)
    return _Prepared(train_x, train_y, val_x, val_y, test_x, float(target_mean), float(target_std), feature_mean,
                     feature_std)


def trained_predictions(data: _Prepared, config: ForecastConfig, on_epoch=None) -> tuple[PricePredictor, list,
                                                                                           int, np.ndarray]:
    """A seeded PricePredictor trained on `data` with early stopping; returns (model, history rows, best epoch,
    the test windows' predictions in target units, (test samples,) float64)."""
    with seeded(config.seed):
        model = PricePredictor(len(config.features), config.hidden_size, config.num_layers)
    history, best_epoch = _train(model, data, config, on_epoch)
    with torch.no_grad():
        predicted = model(data.test_x).double().numpy() * data.target_std + data.target_mean
    return model, history, best_epoch, predicted


def _epoch(model: PricePredictor, optimiser, data: _Prepared, batch_size: int, generator: torch.Generator) -> float:
    """One pass over the training windows in shuffled mini-batches; returns the mean training loss."""
    model.train()
    order = torch.randperm(len(data.train_x), generator=generator)
    total = 0.0
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        loss = nn.functional.mse_loss(model(data.train_x[batch]), data.train_y[batch])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        total += loss.item() * len(batch)
    return total / len(data.train_x)


def _train(model: PricePredictor, data: _Prepared, config: ForecastConfig, on_epoch) -> tuple[list, int]:
    """Adam with early stopping on the validation loss; the model ends with its best epoch's weights.
    Returns (history rows (epoch, train_loss, validation_loss), best epoch)."""
    optimiser = torch.optim.Adam(model.parameters(), lr=config.lr)
    generator = torch.Generator().manual_seed(config.seed)
    history, best_state, best_loss, best_epoch, stale = [], None, math.inf, 0, 0
    for epoch in range(1, config.epochs + 1):
        train_loss = _epoch(model, optimiser, data, config.batch_size, generator)
        model.eval()
        with torch.no_grad():
            validation_loss = nn.functional.mse_loss(model(data.validation_x), data.validation_y).item()
        if not (math.isfinite(train_loss) and math.isfinite(validation_loss)) or train_loss > DIVERGED_LOSS:
            raise RnnvizError("diverged", epoch=epoch, lr=config.lr, factor=DIVERGED_LOSS)
        history.append((epoch, train_loss, validation_loss))
        if on_epoch:
            on_epoch(epoch, train_loss, validation_loss)
        if validation_loss < best_loss:
            best_loss, best_epoch, stale = validation_loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            stale += 1
            if stale >= config.patience:
                break
    model.load_state_dict(best_state)
    model.eval()
    return history, best_epoch


def fit(prices: pd.DataFrame, config: ForecastConfig, on_epoch=None, horizon: int = 1) -> ForecastResult:
    """Train the LSTM on `prices` (the market schema) and evaluate it and persistence on the test period (the
    last `config.test_fraction` of the days), predicting the close `horizon` days ahead.

    `on_epoch(epoch, train_loss, validation_loss)` is called after every epoch. Raises RnnvizError when the
    settings leave no usable split, and when the loss becomes NaN, infinite or beyond DIVERGED_LOSS (a learning
    rate too large).
    """
    check_config(config)
    return fit_split(prices, config, chronological_split(len(prices), config, horizon), horizon, on_epoch)


def fit_split(prices: pd.DataFrame, config: ForecastConfig, split: Split, horizon: int = 1,
              on_epoch=None) -> ForecastResult:
    """Train on rows [0, split.validation_start), stop early on [validation_start, test_start), and predict
    every row from test_start to the end of `prices`: the LSTM's close and persistence's (the close `horizon`
    rows before). Rows from test_start on are read only to make the test windows and to score them."""
    model, history, best_epoch, predicted = trained_predictions(_prepare(prices, config, split, horizon), config,
                                                                on_epoch)

    close = prices["Close"].to_numpy(dtype=np.float64)
    today = close[split.test_start - horizon:len(prices) - horizon]
    lstm = predicted if config.target == "price" else today * np.exp(predicted)
    predictions = pd.DataFrame({"Actual": close[split.test_start:], "LSTM": lstm, "Persistence": today},
                               index=prices.index[split.test_start:])
    return ForecastResult(
        config=config,
        metrics=evaluate(predictions, today),
        history=pd.DataFrame(history, columns=["epoch", "train_loss", "validation_loss"]),
        predictions=predictions,
        best_epoch=best_epoch,
        num_parameters=sum(p.numel() for p in model.parameters()),
        validation_start=prices.index[split.validation_start],
        test_start=prices.index[split.test_start],
        stopped_early=len(history) < config.epochs,
        horizon=horizon,
    )


def evaluate(predictions: pd.DataFrame, today: np.ndarray) -> pd.DataFrame:
    """RMSE, MAE and direction accuracy of each model column against "Actual". A direction is "up" when the
    prediction is above `today` (the last close known when predicting); persistence never predicts up, so it
    scores the share of days not up."""
    actual = predictions["Actual"].to_numpy()
    rows = {}
    for name in ("LSTM", "Persistence"):
        predicted = predictions[name].to_numpy()
        error = predicted - actual
        rows[name] = {
            "RMSE": float(np.sqrt(np.mean(error ** 2))),
            "MAE": float(np.mean(np.abs(error))),
            "Direction accuracy": float(np.mean((predicted > today) == (actual > today))),
        }
    return pd.DataFrame.from_dict(rows, orient="index")[["RMSE", "MAE", "Direction accuracy"]]


def verdict_ratio(metrics: pd.DataFrame) -> float:
    """How much worse (positive) or better (negative) the LSTM's RMSE is than persistence's, as a fraction."""
    return metrics.loc["LSTM", "RMSE"] / metrics.loc["Persistence", "RMSE"] - 1.0
