"""Walk-forward evaluation, horizons, the lag detector and the random-walk control: no fold sees a later price,
persistence is the close h days before, the lag detector names a shifted copy, nothing beats a random walk."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rnnviz.errors import RnnvizError
from rnnviz.forecast import (
    FoldProgress,
    ForecastConfig,
    fold_splits,
    horizon_study,
    lag_correlations,
    lag_reading,
    walk_forward,
)
from rnnviz.market import random_walk_ohlc, sample_ohlc, validate_ohlc

PRICES = sample_ohlc().iloc[:720]
QUICK = ForecastConfig(window=10, hidden_size=8, num_layers=1, epochs=3, batch_size=32)
FOLDS = 5


@pytest.fixture(scope="module")
def quick_run():
    return walk_forward(PRICES, QUICK, FOLDS)


def test_folds_are_expanding_windows_with_consecutive_test_blocks_to_the_last_day(quick_run):
    block = 720 // 6
    assert [(fold.test_start, fold.test_end) for fold in fold_splits(720, QUICK, FOLDS)] == \
        [(720 - (5 - k) * block, 720 - (4 - k) * block) for k in range(5)]
    table = quick_run.folds
    assert list(table.index) == [1, 2, 3, 4, 5]
    assert list(table["test_start"]) == [PRICES.index[720 - (5 - k) * block] for k in range(5)]
    assert list(table["test_end"]) == [PRICES.index[720 - (4 - k) * block - 1] for k in range(5)]
    assert list(table["train_end"]) == [PRICES.index[720 - (5 - k) * block - 1] for k in range(5)]
    assert (table["test_days"] == block).all()
    assert list(quick_run.predictions.index) == list(PRICES.index[720 - 5 * block:])
    assert list(quick_run.predictions["Fold"]) == [k for k in range(1, 6) for _ in range(block)]
    assert len(quick_run.histories) == 5


def test_validation_is_the_last_tenth_of_each_folds_past():
    for fold in fold_splits(720, QUICK, FOLDS):
        assert fold.validation_start == fold.test_start - round(fold.test_start * QUICK.validation_fraction)


@pytest.mark.parametrize("target", ["price", "log_return"])
def test_no_fold_sees_a_price_after_its_training_end(target):
    """Perturb every price after fold k's training end: fold k's loss history (its scaler and model) must not
    move, while its test block's actual prices do."""
    config = ForecastConfig(**{**QUICK.__dict__, "target": target})
    original = walk_forward(PRICES, config, FOLDS)
    generator = np.random.default_rng(1)
    for number, fold in enumerate(fold_splits(len(PRICES), config, FOLDS), start=1):
        altered = PRICES.copy()
        later = slice(fold.test_start, None)
        factors = generator.uniform(0.5, 2.0, len(PRICES) - fold.test_start)
        for column in ("Open", "High", "Low", "Close", "Volume"):
            altered.iloc[later, altered.columns.get_loc(column)] *= factors
        changed = walk_forward(altered, config, FOLDS)
        pd.testing.assert_frame_equal(original.histories[number - 1], changed.histories[number - 1])
        block = original.predictions["Fold"] == number
        assert not np.allclose(original.predictions.loc[block, "Actual"], changed.predictions.loc[block, "Actual"])
        if number > 1:
            pd.testing.assert_frame_equal(original.histories[number - 2], changed.histories[number - 2])


def test_skill_and_errors_are_those_of_the_folds_predictions(quick_run):
    for number, row in quick_run.folds.iterrows():
        fold = quick_run.predictions[quick_run.predictions["Fold"] == number]
        lstm = np.sqrt(np.mean((fold["LSTM"] - fold["Actual"]) ** 2))
        persistence = np.sqrt(np.mean((fold["Persistence"] - fold["Actual"]) ** 2))
        assert row["RMSE LSTM"] == pytest.approx(lstm)
        assert row["RMSE Persistence"] == pytest.approx(persistence)
        assert row["Skill"] == pytest.approx(1 - lstm / persistence)
    assert quick_run.mean_skill == pytest.approx(quick_run.folds["Skill"].mean())
    assert quick_run.folds_won == int((quick_run.folds["RMSE LSTM"] < quick_run.folds["RMSE Persistence"]).sum())


def test_up_days_and_the_majority_class_come_from_the_actual_closes(quick_run):
    close = PRICES["Close"]
    for number, row in quick_run.folds.iterrows():
        days = quick_run.predictions.index[quick_run.predictions["Fold"] == number]
        rises = [close[day] > close.iloc[close.index.get_loc(day) - 1] for day in days]
        assert row["Up days"] == pytest.approx(np.mean(rises))
        assert row["Majority class"] == pytest.approx(max(np.mean(rises), 1 - np.mean(rises)))


@pytest.mark.parametrize("horizon", [1, 5, 20])
def test_persistence_at_a_horizon_is_the_close_that_many_days_before(horizon):
    result = walk_forward(PRICES, QUICK, 3, horizon=horizon)
    close = PRICES["Close"].to_numpy()
    rows = [PRICES.index.get_loc(day) for day in result.predictions.index]
    np.testing.assert_array_equal(result.predictions["Persistence"].to_numpy(), close[np.array(rows) - horizon])
    np.testing.assert_array_equal(result.predictions["Actual"].to_numpy(), close[rows])
    assert result.horizon == horizon


def test_a_horizon_model_reads_nothing_after_the_day_horizon_days_before_its_target():
    """Predicting 5 days ahead, the window for day d ends at d - 5: a change on day r (in the last test block)
    moves the predictions from day r + 5 on, never those of days r + 1 .. r + 4."""
    config = ForecastConfig(**{**QUICK.__dict__, "epochs": 1})
    original = walk_forward(PRICES, config, 2, horizon=5)
    day = len(PRICES) - 100
    altered = PRICES.copy()
    altered.iloc[day, :4] *= 1.5
    changed = walk_forward(altered, config, 2, horizon=5)
    position = original.predictions.index.get_loc(PRICES.index[day])
    before, after = original.predictions["LSTM"].to_numpy(), changed.predictions["LSTM"].to_numpy()
    np.testing.assert_array_equal(before[:position + 5], after[:position + 5])
    assert before[position + 5] != after[position + 5]


def test_progress_reports_every_epoch_of_every_fold_in_order():
    seen: list[FoldProgress] = []
    walk_forward(PRICES, QUICK, 3, on_progress=seen.append)
    assert [(p.fold, p.epoch) for p in seen] == [(fold, epoch) for fold in (1, 2, 3) for epoch in (1, 2, 3)]
    assert [p.fraction for p in seen][-1] == 1.0 and all(p.folds == 3 and p.epochs == 3 for p in seen)


def test_too_many_folds_or_too_long_a_window_is_a_message():
    with pytest.raises(RnnvizError) as error:
        fold_splits(200, ForecastConfig(window=60), 9)
    assert error.value.code == "too_many_folds"
    assert str(error.value) == ("9 folds leave 20 days to train the first fold on: use fewer folds, a shorter window "
                                "or more data")
    with pytest.raises(RnnvizError, match="too_many_folds|folds leave"):
        walk_forward(PRICES.iloc[:100], QUICK, 10)


def test_the_horizon_study_reuses_a_finished_run_and_summarises_each_horizon(quick_run):
    trained = []
    study = horizon_study(PRICES, QUICK, FOLDS, horizons=(1, 5), done={1: quick_run},
                          on_progress=lambda horizon, progress: trained.append(horizon))
    assert study.runs[1] is quick_run and set(trained) == {5}
    summary = study.summary
    assert list(summary.index) == [1, 5]
    errors = study.runs[5].predictions
    assert summary.loc[5, "RMSE Persistence"] == pytest.approx(
        np.sqrt(np.mean((errors["Persistence"] - errors["Actual"]) ** 2)))
    assert summary.loc[5, "Skill"] == pytest.approx(study.runs[5].mean_skill)


# ---- the lag detector ------------------------------------------------------------------------------------------------
def _series(values: np.ndarray, lstm: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"Actual": values, "LSTM": lstm}, index=pd.RangeIndex(len(values)))


def test_a_prediction_that_is_yesterdays_price_peaks_at_plus_one():
    actual = 100 + np.cumsum(np.random.default_rng(0).normal(size=400))
    yesterday = np.concatenate([[actual[0]], actual[:-1]])
    correlations = lag_correlations(_series(actual, yesterday))
    assert list(correlations.index) == [-3, -2, -1, 0, 1, 2, 3]
    assert correlations[1] == pytest.approx(1.0)
    assert abs(correlations[0]) < 0.15
    assert lag_reading(correlations) == "repeats"


def test_a_perfect_forecast_peaks_at_zero_and_noise_reads_as_nothing():
    generator = np.random.default_rng(0)
    actual = 100 + np.cumsum(generator.normal(size=400))
    assert lag_reading(lag_correlations(_series(actual, actual))) == "anticipates"
    assert lag_reading(lag_correlations(_series(actual, 100 + generator.normal(size=400) * 1e-3))) == "none"


def test_changes_are_never_taken_across_two_folds():
    # Two folds whose predictions jump between them: with the jump the lag-0 correlation would be near 1.
    actual = np.concatenate([np.zeros(50), np.full(50, 100.0)]) + np.random.default_rng(0).normal(size=100)
    lstm = np.concatenate([np.zeros(50), np.full(50, 100.0)])
    frame = _series(actual, lstm + np.random.default_rng(1).normal(size=100)).assign(Fold=[1] * 50 + [2] * 50)
    assert abs(lag_correlations(frame)[0]) < 0.3


# ---- the random-walk control -----------------------------------------------------------------------------------------
def test_the_random_walk_has_the_samples_dates_volatility_and_a_valid_schema():
    sample = sample_ohlc()
    walk = random_walk_ohlc(sample, seed=0)
    assert walk.index.equals(sample.index) and list(walk.columns) == list(sample.columns)
    validate_ohlc(walk)
    assert (walk["High"] >= walk[["Open", "Close"]].max(axis=1)).all()
    assert (walk["Low"] <= walk[["Open", "Close"]].min(axis=1)).all()
    steps = np.log(walk["Close"]).diff().dropna()
    target = np.log(sample["Close"]).diff().dropna().std()
    assert steps.std() == pytest.approx(target, rel=0.1)
    assert abs(steps.mean()) < 3 * target / np.sqrt(len(steps))  # no drift beyond chance
    pd.testing.assert_frame_equal(walk, random_walk_ohlc(sample, seed=0))
    assert not walk.equals(random_walk_ohlc(sample, seed=1))


def test_the_random_walks_steps_are_uncorrelated_from_one_day_to_the_next():
    steps = np.log(random_walk_ohlc(sample_ohlc(), seed=3)["Close"]).diff().dropna().to_numpy()
    assert abs(np.corrcoef(steps[1:], steps[:-1])[0, 1]) < 3 / np.sqrt(len(steps))
