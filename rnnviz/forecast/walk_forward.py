"""Walk-forward evaluation: the single split repeated over expanding windows, as forecasters score a model.

The days are cut into `folds + 1` equal blocks in date order. Fold k trains on every day before block k + 1
(its last 10 % validating, for early stopping), fits its scaler on those training days only, and is scored on
block k + 1 against persistence at the same horizon. A fold is handed only the prices up to the end of its own
test block, and its scaler and model read only the rows before its test block: no fold sees a later price.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from rnnviz import limits
from rnnviz.bounds import bounded
from rnnviz.errors import RnnvizError
from rnnviz.forecast.single import (
    HORIZONS,
    MIN_TEST_DAYS,
    ForecastConfig,
    ForecastResult,
    Split,
    check_config,
    chronological_split,
    evaluate,
    first_target_day,
    fit_split,
    past_split,
    verdict_ratio,
)

FOLD_COLUMNS = ("train_end", "test_start", "test_end", "test_days", "epochs", "RMSE LSTM", "RMSE Persistence",
                "MAE LSTM", "MAE Persistence", "Direction LSTM", "Up days", "Majority class", "Skill")


@dataclass(frozen=True)
class WalkForwardSettings:
    """How many folds; the range the page and its link allow."""

    folds: int = bounded(2, 10, default=5)


@dataclass(frozen=True)
class Fold:
    """Row positions of one fold: training [0, validation_start), validation [validation_start, test_start),
    test [test_start, test_end)."""

    validation_start: int
    test_start: int
    test_end: int


@dataclass(frozen=True)
class FoldProgress:
    """Where a walk-forward run is: fold (1-based) of folds, epoch of at most epochs (early stopping may end a
    fold sooner), and that epoch's losses in scaled units."""

    fold: int
    folds: int
    epoch: int
    epochs: int
    train_loss: float
    validation_loss: float

    @property
    def fraction(self) -> float:
        """The share of the run done, counting each fold as an equal part."""
        return (self.fold - 1 + self.epoch / self.epochs) / self.folds


def fold_splits(days: int, config: ForecastConfig, folds: int, horizon: int = 1) -> list[Fold]:
    """`folds` expanding-window folds over `days` rows: block = days // (folds + 1) test days each (the last
    fold also takes the remainder), the first fold trains on the days before the last `folds` blocks.
    Raises RnnvizError when a test block is too short or the first fold has too little to train on."""
    block = days // (folds + 1)
    if block < MIN_TEST_DAYS:
        raise RnnvizError("too_many_folds", folds=folds, days=days - folds * block)
    made = []
    for index in range(folds):
        test_start = days - (folds - index) * block
        test_end = days if index == folds - 1 else test_start + block
        try:
            split = past_split(test_start, config, horizon)
        except RnnvizError as error:
            if error.code != "window_too_long":
                raise
            raise RnnvizError("too_many_folds", folds=folds, days=test_start) from None
        made.append(Fold(split.validation_start, test_start, test_end))
    return made


@dataclass
class WalkForwardResult:
    """folds: one row per fold (index "fold", 1-based) with the columns of FOLD_COLUMNS: the fold's last
    training date, its test block's first and last dates, RMSE / MAE in price units and direction accuracy of
    the LSTM and persistence, the share of up-days, the majority class's accuracy and the skill
    1 - RMSE LSTM / RMSE Persistence.
    histories: each fold's training history (columns "epoch", "train_loss", "validation_loss").
    predictions: every test day of every fold, indexed by date, columns "Fold", "Actual", "LSTM", "Persistence".
    """

    config: ForecastConfig
    horizon: int
    folds: pd.DataFrame
    histories: list[pd.DataFrame]
    predictions: pd.DataFrame

    @property
    def mean_skill(self) -> float:
        return float(self.folds["Skill"].mean())

    @property
    def skill_spread(self) -> float:
        """The standard deviation of the skill across folds (0 for a single fold)."""
        return float(self.folds["Skill"].std(ddof=1)) if len(self.folds) > 1 else 0.0

    @property
    def folds_won(self) -> int:
        """In how many folds the LSTM's RMSE is below persistence's."""
        return int((self.folds["Skill"] > 0).sum())


def _fold_row(prices: pd.DataFrame, fold: Fold, result: ForecastResult) -> dict:
    predictions, metrics = result.predictions, result.metrics
    # Persistence's prediction is the last close known when predicting: an up-day closes above it.
    up_share = float(np.mean(predictions["Actual"].to_numpy() > predictions["Persistence"].to_numpy()))
    return {
        "train_end": prices.index[fold.test_start - 1],
        "test_start": prices.index[fold.test_start],
        "test_end": prices.index[fold.test_end - 1],
        "test_days": fold.test_end - fold.test_start,
        "epochs": len(result.history),
        "RMSE LSTM": metrics.loc["LSTM", "RMSE"],
        "RMSE Persistence": metrics.loc["Persistence", "RMSE"],
        "MAE LSTM": metrics.loc["LSTM", "MAE"],
        "MAE Persistence": metrics.loc["Persistence", "MAE"],
        "Direction LSTM": metrics.loc["LSTM", "Direction accuracy"],
        "Up days": up_share,
        "Majority class": max(up_share, 1.0 - up_share),
        "Skill": -verdict_ratio(metrics),
    }


def walk_forward(df: pd.DataFrame, config: ForecastConfig, folds: int = 5, horizon: int = 1,
                 on_progress: Callable[[FoldProgress], None] | None = None) -> WalkForwardResult:
    """Train and score one model per fold (see the module's docstring) on `df` (the market schema), predicting
    the close `horizon` trading days ahead. `on_progress(FoldProgress)` is called after every epoch of every
    fold. Raises RnnvizError for settings that leave a fold unusable and for a diverging run."""
    check_config(config)
    rows, histories, predictions = [], [], []
    splits = fold_splits(len(df), config, folds, horizon)
    for number, fold in enumerate(splits, start=1):
        def on_epoch(epoch: int, train_loss: float, validation_loss: float, number: int = number) -> None:
            if on_progress:
                on_progress(FoldProgress(number, len(splits), epoch, config.epochs, train_loss, validation_loss))

        # Only the prices up to the end of this fold's test block exist for it.
        result = fit_split(df.iloc[:fold.test_end], config, Split(fold.validation_start, fold.test_start), horizon,
                           on_epoch)
        rows.append(_fold_row(df, fold, result))
        histories.append(result.history)
        predictions.append(result.predictions.assign(Fold=number))
    table = pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="fold"))[list(FOLD_COLUMNS)]
    joined = pd.concat(predictions)[["Fold", "Actual", "LSTM", "Persistence"]]
    return WalkForwardResult(config, horizon, table, histories, joined)


@dataclass
class HorizonStudy:
    """One walk-forward run per horizon. summary: index "horizon" (trading days), columns "RMSE LSTM" and
    "RMSE Persistence" (over every test day of every fold, price units), "Skill" (mean over folds) and
    "Folds won"."""

    runs: dict[int, WalkForwardResult]

    @property
    def summary(self) -> pd.DataFrame:
        rows = {}
        for horizon, run in sorted(self.runs.items()):
            # Persistence's prediction is the last close known, the `today` evaluate compares directions with.
            rmse = evaluate(run.predictions, run.predictions["Persistence"].to_numpy())["RMSE"]
            rows[horizon] = {"RMSE LSTM": float(rmse["LSTM"]), "RMSE Persistence": float(rmse["Persistence"]),
                             "Skill": run.mean_skill, "Folds won": run.folds_won}
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("horizon")


def horizon_study(df: pd.DataFrame, config: ForecastConfig, folds: int = 5, horizons: tuple[int, ...] = HORIZONS,
                  on_progress: Callable[[int, FoldProgress], None] | None = None,
                  done: dict[int, WalkForwardResult] | None = None) -> HorizonStudy:
    """Walk-forward at each horizon (direct: one model per horizon and fold). Runs in `done` with the same
    config and folds (made on the same prices) are reused. `on_progress(horizon, FoldProgress)` after every
    epoch."""
    runs = {}
    for horizon in horizons:
        earlier = (done or {}).get(horizon)
        if earlier is not None and earlier.config == config and len(earlier.folds) == folds:
            runs[horizon] = earlier
            continue
        report = (lambda progress, horizon=horizon: on_progress(horizon, progress)) if on_progress else None
        runs[horizon] = walk_forward(df, config, folds, horizon, report)
    return HorizonStudy(runs)


def training_cost(days: int, config: ForecastConfig, folds: int | None = None,
                  horizons: tuple[int, ...] = (1,)) -> limits.Cost:
    """What training on `days` rows will cost (rnnviz.limits), every epoch run: one chronological split when `folds`
    is None, else walk-forward with `folds` folds at each of `horizons`. Validation passes count a third of a
    training pass (forward only). Raises RnnvizError as the split or the folds would."""
    windows = 0
    for horizon in horizons:
        if folds is None:
            split = chronological_split(days, config, horizon)
            parts = [(split.validation_start, split.test_start)]
        else:
            parts = [(fold.validation_start, fold.test_start) for fold in fold_splits(days, config, folds, horizon)]
        first = first_target_day(config, horizon)
        windows += sum(validation_start - first + (test_start - validation_start) // 3
                       for validation_start, test_start in parts)
    return limits.forecast_cost(len(config.features), config.window, config.hidden_size, config.num_layers,
                                config.epochs, config.batch_size, windows)
