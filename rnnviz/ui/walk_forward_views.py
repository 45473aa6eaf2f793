"""The stock page's walk-forward and horizon sections: the evaluation picker, the folds on the price chart, runs
with progress over every fold, and their results (fold table and chart, predictions, the lag detector, error
against horizon, CSV downloads). Results live in the user's session, with the label of the data they came from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rnnviz import i18n
from rnnviz.errors import RnnvizError
from rnnviz.figures.market import candlestick_figure, prediction_figure
from rnnviz.figures.theme import titled
from rnnviz.figures.walk_forward import FoldText, fold_figure, horizon_figure, lag_figure
from rnnviz.forecast import (
    HORIZONS,
    FoldProgress,
    ForecastConfig,
    HorizonStudy,
    WalkForwardResult,
    WalkForwardSettings,
    check_config,
    fold_splits,
    horizon_study,
    lag_correlations,
    lag_reading,
    training_cost,
    walk_forward,
)
from rnnviz.forecast.lags import CLEAR_CORRELATION
from rnnviz.forecast.lags import READINGS as LAG_READINGS
from rnnviz.limits import check
from rnnviz.ui import url_state
from rnnviz.ui.charts import show_chart
from rnnviz.ui.language import error_text, labels, template, tr
from rnnviz.ui.notices import limit_warning
from rnnviz.ui.runs import Progress, latest, run_button, run_shared
from rnnviz.ui.stock_views import TARGET_NAMES, market_text, prices_digest

EVALUATIONS = ("single", "walk_forward", "horizons", "leakage", "multi_step")
EVALUATION_NAMES = i18n.family("walk.eval_{}", EVALUATIONS)
# What the lag detector read, in words ("none" has a sentence of its own: no peak to name).
LAG_TEXTS = i18n.family("walk.lag_{}", tuple(r for r in LAG_READINGS if r != "none"), fields=("lag", "r"))
FIELDS = url_state.register(
    __name__,
    url_state.choice_field("eval", "single", EVALUATIONS),
    url_state.setting_field("folds", WalkForwardSettings, "folds"),
)

# The fold table as shown: the result's column -> its label's key, in order.
TABLE_COLUMNS = {
    "train_end": "walk.col_train_end", "test_start": "walk.col_test_start", "test_end": "walk.col_test_end",
    "test_days": "walk.col_test_days", "epochs": "walk.col_epochs", "RMSE LSTM": "walk.col_rmse_lstm",
    "RMSE Persistence": "walk.col_rmse_persistence", "MAE LSTM": "walk.col_mae_lstm",
    "MAE Persistence": "walk.col_mae_persistence", "Direction LSTM": "walk.col_direction_lstm",
    "Up days": "walk.col_up_days", "Majority class": "walk.col_majority", "Skill": "walk.col_skill",
}
SHARES = ("Direction LSTM", "Up days", "Majority class")
DATES = ("train_end", "test_start", "test_end")


def evaluation_picker() -> str:
    """One split, walk-forward folds, horizons, the leaks or direct against recursive (in the link as ?eval=)."""
    url_state.restore_from_url(list(FIELDS.values()))
    return url_state.bound(st.radio, FIELDS["eval"], tr("walk.evaluation"), options=list(EVALUATIONS),
                           format_func=labels(EVALUATION_NAMES), horizontal=True,
                           help=tr("walk.evaluation_help"))


def fold_text(persistence_key: str = "stock.persistence") -> FoldText:
    return FoldText(fold=template("walk.fold_label"), rmse_axis=tr("stock.rmse"), skill_axis=tr("walk.axis_skill"),
                    lstm="LSTM", persistence=tr(persistence_key), lag_axis=tr("walk.axis_lag"),
                    correlation_axis=tr("walk.axis_correlation"), horizon_axis=tr("walk.axis_horizon"))


def walk_forward_section(mode: str, label: str, prices: pd.DataFrame, config: ForecastConfig) -> None:
    """The price chart with the folds' test blocks, the folds control, the run button of `mode` ("walk_forward"
    or "horizons") with progress, and the stored result of that mode."""
    folds = int(url_state.bound(st.number_input, FIELDS["folds"], tr("walk.folds"), help=tr("walk.folds_help")))
    st.markdown(tr("walk.intro", blocks=folds + 1, folds=folds))
    # The longest horizon decides whether every fold can be made (its windows end furthest before the target).
    horizon = max(HORIZONS) if mode == "horizons" else 1
    splits, problem, breach = [], None, None
    try:
        splits = fold_splits(len(prices), config, folds, horizon)
        check_config(config)
        breach = check(training_cost(len(prices), config, folds, HORIZONS if mode == "horizons" else (1,)))
    except RnnvizError as error:
        problem = error_text(error)
    blocks = [(prices.index[fold.test_start], prices.index[fold.test_end - 1], tr("walk.block", number=number))
              for number, fold in enumerate(splits, start=1)]
    show_chart(candlestick_figure(prices, market_text(), test_blocks=blocks), "prices")
    if problem:
        st.error(problem, icon=":material/error:")
    elif breach:
        limit_warning(breach)
    elif mode == "walk_forward":
        _run_walk_forward(label, prices, config, folds)
    else:
        _run_horizons(label, prices, config, folds)
    stored = latest(mode)
    if stored and mode == "walk_forward":
        _show_walk_forward(stored[1], stored[2])
    elif stored:
        _show_horizons(stored[1], stored[2])


def _run_walk_forward(label: str, prices: pd.DataFrame, config: ForecastConfig, folds: int) -> None:
    if not run_button(tr("walk.run"), "walk"):
        return
    def describe(reports: list[FoldProgress]) -> tuple[float, str]:
        last = reports[-1]
        return last.fraction, tr("walk.progress", fold=last.fold, folds=last.folds, epoch=last.epoch,
                                 epochs=last.epochs)

    run_shared("walk_forward", (prices_digest(prices), config, folds),
               lambda report: walk_forward(prices, config, folds, on_progress=report),
               Progress(tr("walk.progress", fold=1, folds=folds, epoch=0, epochs=config.epochs), describe),
               note=label, show_errors=True)


def _run_horizons(label: str, prices: pd.DataFrame, config: ForecastConfig, folds: int) -> None:
    if not run_button(tr("walk.run_horizons"), "horizons"):
        return
    first = tr("walk.progress_horizon", horizon=HORIZONS[0], index=1, count=len(HORIZONS), fold=1, folds=folds,
               epoch=0, epochs=config.epochs)

    def describe(reports: list[tuple[int, FoldProgress]]) -> tuple[float, str]:
        horizon, last = reports[-1]
        index = HORIZONS.index(horizon)
        return (index + last.fraction) / len(HORIZONS), tr(
            "walk.progress_horizon", horizon=horizon, index=index + 1, count=len(HORIZONS), fold=last.fold,
            folds=last.folds, epoch=last.epoch, epochs=last.epochs)

    # The one-day run of the walk-forward section, when it was made on these prices, is not trained again.
    digest = prices_digest(prices)
    earlier = latest("walk_forward")
    done = {1: earlier[2]} if earlier and earlier[0] == (digest, config, folds) else None
    run_shared("horizons", (digest, config, folds),
               lambda report: horizon_study(prices, config, folds, on_progress=lambda *step: report(step), done=done),
               Progress(first, describe), note=label, show_errors=True)


def fold_table(result: WalkForwardResult) -> pd.DataFrame:
    """The fold table as shown: dates as YYYY-MM-DD, shares in %, errors to 3 decimals, columns translated."""
    shown = result.folds[list(TABLE_COLUMNS)].copy()
    for column in DATES:
        shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    for column in SHARES:
        shown[column] = (shown[column] * 100).map("{:.1f} %".format)
    shown["Skill"] = shown["Skill"].map("{:+.3f}".format)
    shown = shown.round(3)
    shown.columns = [tr(key) for key in TABLE_COLUMNS.values()]
    shown.index.name = tr("walk.col_fold")
    return shown


def walk_verdict(result: WalkForwardResult) -> tuple[str, bool]:
    """The sentence on consistency, and whether the LSTM won every fold."""
    folds, won = len(result.folds), result.folds_won
    key = "walk.verdict_all" if won == folds else "walk.verdict_none" if won == 0 else "walk.verdict_some"
    return tr(key, folds=folds, won=won, mean=f"{result.mean_skill:+.3f}", spread=f"{result.skill_spread:.3f}"), \
        won == folds


def lag_text(correlations: pd.Series, reading: str) -> str:
    """What the lag detector's peak says (its `lag_reading`), in words."""
    if reading == "none":
        return tr("walk.lag_none", threshold=CLEAR_CORRELATION)
    peak = int(correlations.idxmax())
    return tr(LAG_TEXTS.key(reading), lag=f"{peak:+d}" if reading == "early" else peak,
              r=f"{correlations[peak]:.2f}")


def _show_walk_forward(label: str, result: WalkForwardResult) -> None:
    st.subheader(tr("walk.results_header", folds=len(result.folds)))
    st.caption(tr("walk.results_caption", label=label, horizon=result.horizon,
                  target=tr(TARGET_NAMES.key(result.config.target))))
    text, consistent = walk_verdict(result)
    (st.success if consistent else st.warning)(text, icon=":material/balance:")
    title = f"{result.config.model_code()} · {tr('walk.folds_title', folds=len(result.folds))}"
    show_chart(titled(fold_figure(result.folds, fold_text()), title), "walk_forward_folds")
    st.dataframe(fold_table(result), width="stretch")
    st.caption(tr("walk.skill_explained"))
    st.markdown(f"#### {tr('walk.predictions_header')}")
    show_chart(titled(prediction_figure(result.predictions, market_text(),
                                        boundaries=list(result.folds["test_start"])), title),
               "walk_forward_predictions")
    st.markdown(f"#### {tr('walk.lag_header')}")
    st.caption(tr("walk.lag_intro"))
    correlations = lag_correlations(result.predictions)
    left, right = st.columns([3, 2], gap="large")
    with left:
        show_chart(titled(lag_figure(correlations, fold_text()), title), "lag_detector")
    with right:
        reading = lag_reading(correlations)
        (st.warning if reading in ("repeats", "late", "early") else st.info)(lag_text(correlations, reading),
                                                                              icon=":material/timeline:")
    left, right = st.columns(2)
    left.download_button(tr("walk.download_folds"), result.folds.to_csv(), file_name="rnnviz_walk_forward_folds.csv",
                         mime="text/csv", icon=":material/download:", key="download_folds")
    right.download_button(tr("walk.download_predictions"), result.predictions.to_csv(index_label="Date"),
                          file_name="rnnviz_walk_forward_predictions.csv", mime="text/csv",
                          icon=":material/download:", key="download_walk_predictions")


def horizon_table(summary: pd.DataFrame) -> pd.DataFrame:
    """A `HorizonStudy.summary` as shown, columns translated."""
    shown = summary.copy()
    shown["Skill"] = shown["Skill"].map("{:+.3f}".format)
    shown = shown.round(3)
    shown.columns = [tr(key) for key in ("walk.col_rmse_lstm", "walk.col_rmse_persistence", "walk.col_mean_skill",
                                         "walk.col_folds_won")]
    shown.index.name = tr("walk.col_horizon")
    return shown


def _show_horizons(label: str, study: HorizonStudy) -> None:
    st.subheader(tr("walk.horizons_header"))
    config = next(iter(study.runs.values())).config
    st.caption(tr("walk.horizons_caption", label=label, target=tr(TARGET_NAMES.key(config.target))))
    summary = study.summary
    winners = [str(horizon) for horizon, skill in summary["Skill"].items() if skill > 0]
    if winners:
        st.success(tr("walk.horizons_verdict_some", horizons=", ".join(winners)), icon=":material/balance:")
    else:
        st.warning(tr("walk.horizons_verdict_none"), icon=":material/balance:")
    left, right = st.columns([3, 2], gap="large")
    with left:
        show_chart(titled(horizon_figure(summary, fold_text("walk.persistence_h")), config.model_code()), "horizons")
    with right:
        st.dataframe(horizon_table(summary), width="stretch")
        st.caption(tr("walk.skill_explained"))
