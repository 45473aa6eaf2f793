"""rnnviz.forecast: an honest evaluation (no leakage, a real baseline), determinism, and clear failures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch

from rnnviz.errors import RnnvizError
from rnnviz.forecast import ForecastConfig, chronological_split, evaluate, fit, verdict_ratio
from rnnviz.market import sample_ohlc

PRICES = sample_ohlc().iloc[:600]
QUICK = ForecastConfig(window=10, hidden_size=8, num_layers=1, epochs=3, batch_size=32)


def test_the_test_period_is_the_last_dates_and_validation_comes_just_before():
    split = chronological_split(600, QUICK)
    assert split.test_start == 600 - 120
    assert split.validation_start == 480 - 48
    result = fit(PRICES, QUICK)
    assert result.test_start == PRICES.index[480] and result.validation_start == PRICES.index[432]
    assert list(result.predictions.index) == list(PRICES.index[480:])


@pytest.mark.parametrize("target", ["price", "log_return"])
def test_changing_test_period_prices_leaves_training_unchanged(target):
    config = ForecastConfig(**{**QUICK.__dict__, "target": target})
    altered = PRICES.copy()
    altered.iloc[480:, :4] *= 3.0  # only test-period days
    original, changed = fit(PRICES, config), fit(altered, config)
    pd.testing.assert_frame_equal(original.history, changed.history)
    assert not original.predictions.equals(changed.predictions)


def test_same_data_config_and_seed_give_the_same_result():
    first, second = fit(PRICES, QUICK), fit(PRICES, QUICK)
    pd.testing.assert_frame_equal(first.metrics, second.metrics)
    pd.testing.assert_frame_equal(first.predictions, second.predictions)
    other = fit(PRICES, ForecastConfig(**{**QUICK.__dict__, "seed": 1}))
    assert not other.predictions.equals(first.predictions)


def test_the_persistence_row_is_yesterdays_close():
    result = fit(PRICES, QUICK)
    close = PRICES["Close"].to_numpy()
    assert np.array_equal(result.predictions["Persistence"].to_numpy(), close[479:599])
    assert np.array_equal(result.predictions["Actual"].to_numpy(), close[480:600])
    errors = close[480:600] - close[479:599]
    assert result.metrics.loc["Persistence", "RMSE"] == pytest.approx(np.sqrt(np.mean(errors ** 2)))
    assert result.metrics.loc["Persistence", "MAE"] == pytest.approx(np.mean(np.abs(errors)))
    assert result.metrics.loc["Persistence", "Direction accuracy"] == pytest.approx(np.mean(errors <= 0))
    assert list(result.metrics.index) == ["LSTM", "Persistence"]
    assert list(result.metrics.columns) == ["RMSE", "MAE", "Direction accuracy"]


def test_metrics_and_verdict_on_a_known_example():
    predictions = pd.DataFrame({"Actual": [11.0, 9.0], "LSTM": [12.0, 9.0], "Persistence": [10.0, 10.0]})
    metrics = evaluate(predictions, today=np.array([10.0, 10.0]))
    assert metrics.loc["LSTM", "RMSE"] == pytest.approx(np.sqrt(0.5))
    assert metrics.loc["LSTM", "Direction accuracy"] == 1.0
    assert metrics.loc["Persistence", "Direction accuracy"] == 0.5
    assert verdict_ratio(metrics) == pytest.approx(np.sqrt(0.5) / 1.0 - 1.0)


def test_history_has_one_row_per_epoch_and_the_best_weights_are_kept():
    result = fit(PRICES, ForecastConfig(**{**QUICK.__dict__, "epochs": 12, "patience": 2}))
    assert list(result.history.columns) == ["epoch", "train_loss", "validation_loss"]
    assert list(result.history["epoch"]) == list(range(1, len(result.history) + 1))
    best = result.history["validation_loss"].idxmin()
    assert result.best_epoch == result.history.loc[best, "epoch"]
    assert result.stopped_early == (len(result.history) < 12)
    lstm, head = torch.nn.LSTM(5, 8, 1), torch.nn.Linear(8, 1)
    assert result.num_parameters == sum(p.numel() for p in [*lstm.parameters(), *head.parameters()])


def test_predictions_come_from_the_best_epochs_weights_not_the_last():
    config = ForecastConfig(**{**QUICK.__dict__, "epochs": 30, "patience": 3, "lr": 1e-2})
    result = fit(PRICES, config)
    assert len(result.history) > result.best_epoch, "this case trains past its best epoch"
    # Training is deterministic: a run that ends at the best epoch holds exactly the weights the first one kept.
    until_best = fit(PRICES, ForecastConfig(**{**config.__dict__, "epochs": result.best_epoch, "patience": 99}))
    assert until_best.best_epoch == len(until_best.history) == result.best_epoch
    # Had fit kept its last epoch's weights, trained 3 epochs further, these would differ.
    pd.testing.assert_frame_equal(result.predictions, until_best.predictions)


def test_log_return_predictions_are_prices_near_yesterdays():
    result = fit(PRICES, ForecastConfig(**{**QUICK.__dict__, "target": "log_return"}))
    ratio = result.predictions["LSTM"] / result.predictions["Persistence"]
    assert ratio.between(0.8, 1.25).all()


def test_a_learning_rate_that_diverges_stops_with_a_message():
    with pytest.raises(RnnvizError) as caught:
        fit(PRICES, ForecastConfig(**{**QUICK.__dict__, "lr": 1e6, "epochs": 20}))
    assert caught.value.code == "diverged" and caught.value.values["lr"] == 1e6


@pytest.mark.parametrize("changes, code", [
    ({"window": 500}, "window_too_long"),
    ({"test_fraction": 0.0}, "bad_fraction"),
    ({"test_fraction": 0.001}, "no_test_days"),
    ({"features": ()}, "bad_features"),
    ({"target": "price_level"}, "bad_target"),
])
def test_settings_that_leave_nothing_to_learn_or_test_are_refused(changes, code):
    with pytest.raises(RnnvizError) as caught:
        fit(PRICES, ForecastConfig(**{**QUICK.__dict__, **changes}))
    assert caught.value.code == code
