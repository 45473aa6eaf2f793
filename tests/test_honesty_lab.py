"""The forecasting honesty lab: the two leaks beside the honest split, and multi-step forecasts direct and
recursive. The honest row is the page's own training; each leak reads what it claims to read, and no more; the
recursive forecast feeds back exactly its own predictions and reads no later price."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from rnnviz.errors import RnnvizError
from rnnviz.forecast import LEAKS, ForecastConfig, chronological_split, fit, leakage_study
from rnnviz.forecast.multi_step import multi_step_config, multi_step_study, recursive_predictions
from rnnviz.forecast.single import _prepare, trained_predictions
from rnnviz.market import sample_ohlc

PRICES = sample_ohlc().iloc[:400]
QUICK = ForecastConfig(window=10, hidden_size=8, num_layers=1, epochs=2, batch_size=32)


@pytest.fixture(scope="module")
def study():
    return leakage_study(PRICES, QUICK)


def test_the_study_has_the_three_rows_and_the_honest_row_is_the_pages_own_training(study):
    assert list(study.index) == list(LEAKS) == ["honest", "scaler on all days", "shuffled windows"]
    assert {"RMSE LSTM", "RMSE Persistence", "Skill"} <= set(study.columns)
    metrics = fit(PRICES, QUICK).metrics
    assert study.loc["honest", "RMSE LSTM"] == metrics.loc["LSTM", "RMSE"]
    assert study.loc["honest", "RMSE Persistence"] == metrics.loc["Persistence", "RMSE"]


def test_every_row_is_scored_on_as_many_test_days_and_only_the_shuffle_puts_them_beside_training(study):
    split = chronological_split(len(PRICES), QUICK)
    assert set(study["Test days"]) == {len(PRICES) - split.test_start}
    assert study.loc["honest", "Beside training"] == 0 == study.loc["scaler on all days", "Beside training"]
    assert study.loc["shuffled windows", "Beside training"] > 0.8  # 70 % of days train: 1 - 0.3 ** 2 on average
    # The scaler leak keeps the honest test days, so persistence scores them the same.
    assert study.loc["scaler on all days", "RMSE Persistence"] == study.loc["honest", "RMSE Persistence"]
    assert study.loc["shuffled windows", "RMSE Persistence"] != study.loc["honest", "RMSE Persistence"]


def test_only_the_scaler_leak_lets_a_test_day_reach_training():
    # The last day is a test target and in no window: changing it may change no honest training step.
    later = PRICES.copy()
    later.iloc[-1, :4] *= 3.0

    def losses(prices):
        seen = {leak: [] for leak in LEAKS}
        leakage_study(prices, QUICK, lambda leak, epoch, train, validation: seen[leak].append((train, validation)))
        return seen

    before, after = losses(PRICES), losses(later)
    assert before["honest"] == after["honest"]
    assert before["scaler on all days"] != after["scaler on all days"]


def test_the_shuffle_is_seeded():
    again, first = leakage_study(PRICES, QUICK), leakage_study(PRICES, QUICK)
    other = leakage_study(PRICES, replace(QUICK, seed=QUICK.seed + 1))
    assert again.equals(first)
    assert other.loc["shuffled windows", "RMSE Persistence"] != again.loc["shuffled windows", "RMSE Persistence"]


def test_progress_follows_the_three_trainings_in_order():
    seen = []
    leakage_study(PRICES, QUICK, on_epoch=lambda leak, epoch, train, validation: seen.append((leak, epoch)))
    assert seen == [(leak, epoch) for leak in LEAKS for epoch in range(1, QUICK.epochs + 1)]


def test_settings_that_leave_no_split_are_a_message():
    with pytest.raises(RnnvizError) as raised:
        leakage_study(PRICES.iloc[:60], replace(QUICK, window=50))
    assert raised.value.code == "window_too_long"


# ---- direct or recursive -----------------------------------------------------------------------------------------
def _one_day_model(prices, config):
    data = _prepare(prices, config, chronological_split(len(prices), config), 1)
    model, _, _, predicted = trained_predictions(data, config)
    return model, data, predicted


def _recursive(model, data, prices, config, days, horizon):
    return recursive_predictions(model, data.feature_mean, data.feature_std, data.target_mean, data.target_std,
                                 prices, config, np.asarray(days), horizon)


@pytest.mark.parametrize("target", ["price", "log_return"])
def test_one_step_recursive_is_the_one_day_model_and_two_steps_feed_back_its_first_prediction(target):
    config = multi_step_config(replace(QUICK, target=target))
    model, data, predicted = _one_day_model(PRICES, config)
    test_start = chronological_split(len(PRICES), config).test_start
    days = np.arange(test_start, len(PRICES))
    one_step = _recursive(model, data, PRICES, config, days, 1)
    expected = predicted if target == "price" else PRICES["Close"].to_numpy()[days - 1] * np.exp(predicted)
    np.testing.assert_array_equal(one_step, expected)
    # Two steps to day d equal one step to d on prices whose close on d - 1 is the model's own forecast of it.
    day = int(days[5])
    fed_back = PRICES.copy()
    fed_back.iloc[day - 1, fed_back.columns.get_loc("Close")] = _recursive(model, data, PRICES, config, [day - 1], 1)[0]
    np.testing.assert_allclose(_recursive(model, data, PRICES, config, [day], 2),
                               _recursive(model, data, fed_back, config, [day], 1), rtol=1e-6)


def test_a_recursive_forecast_reads_no_close_after_the_day_it_starts_from():
    config = multi_step_config(QUICK)
    model, data, _ = _one_day_model(PRICES, config)
    day, horizon = len(PRICES) - 3, 5
    later = PRICES.copy()
    later.iloc[day - horizon + 1:, :4] *= 2.0
    np.testing.assert_array_equal(_recursive(model, data, PRICES, config, [day], horizon),
                                  _recursive(model, data, later, config, [day], horizon))
    earlier = PRICES.copy()
    earlier.iloc[day - horizon, earlier.columns.get_loc("Close")] *= 1.5
    assert _recursive(model, data, earlier, config, [day], horizon) != _recursive(model, data, PRICES, config,
                                                                                  [day], horizon)


def test_the_study_scores_every_horizon_on_the_same_days_and_agrees_at_one_day():
    study = multi_step_study(PRICES, replace(QUICK, features=("Open", "Volume")), horizons=(1, 3))
    assert list(study.index) == [1, 3]
    close_only = fit(PRICES, multi_step_config(QUICK)).metrics
    assert study.loc[1, "RMSE direct"] == study.loc[1, "RMSE recursive"] == close_only.loc["LSTM", "RMSE"]
    assert study.loc[1, "RMSE Persistence"] == close_only.loc["Persistence", "RMSE"]
    assert study.loc[3, "RMSE direct"] == fit(PRICES, multi_step_config(QUICK), horizon=3).metrics.loc["LSTM", "RMSE"]
    assert set(study["Test days"]) == {len(PRICES) - chronological_split(len(PRICES), QUICK).test_start}
