"""Stock forecasting with an LSTM, judged against persistence: one chronological split (`single`), walk-forward
folds and horizons (`walk_forward`), and the lag detector (`lags`)."""

from rnnviz.forecast.lags import LAGS, lag_correlations, lag_reading
from rnnviz.forecast.leakage import LEAKS, leakage_study
from rnnviz.forecast.single import (
    HORIZONS,
    TARGETS,
    ForecastConfig,
    ForecastResult,
    PricePredictor,
    Split,
    check_config,
    chronological_split,
    evaluate,
    fit,
    fit_split,
    verdict_ratio,
)
from rnnviz.forecast.walk_forward import (
    FoldProgress,
    HorizonStudy,
    WalkForwardResult,
    WalkForwardSettings,
    fold_splits,
    horizon_study,
    training_cost,
    walk_forward,
)

__all__ = [
    "HORIZONS", "LAGS", "LEAKS", "TARGETS", "FoldProgress", "ForecastConfig", "ForecastResult", "HorizonStudy",
    "PricePredictor", "Split", "WalkForwardResult", "WalkForwardSettings", "check_config", "chronological_split",
    "evaluate", "fit", "fit_split", "fold_splits", "horizon_study", "lag_correlations", "lag_reading", "leakage_study",
    "training_cost",
    "verdict_ratio", "walk_forward",
]
