"""The stock page's honesty lab: the two leaks that make forecasts look good, run beside the honest split with a
sentence each on what the leak did and why its score is not real; and forecasting several days ahead directly or
recursively, error against horizon. Runs are shared (rnnviz.ui.runs) and results kept with their data's label."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from rnnviz import i18n
from rnnviz.errors import RnnvizError
from rnnviz.figures.market import candlestick_figure
from rnnviz.figures.theme import titled
from rnnviz.figures.walk_forward import multi_step_figure
from rnnviz.forecast import HORIZONS, LEAKS, ForecastConfig, check_config, chronological_split, leakage_study
from rnnviz.forecast.leakage import leakage_cost
from rnnviz.forecast.multi_step import multi_step_config, multi_step_cost, multi_step_study
from rnnviz.limits import Cost, check
from rnnviz.ui.charts import show_chart
from rnnviz.ui.language import error_text, tr
from rnnviz.ui.notices import limit_warning
from rnnviz.ui.runs import Progress, latest, run_button, run_shared
from rnnviz.ui.stock_views import TARGET_NAMES, market_text, prices_digest
from rnnviz.ui.walk_forward_views import fold_text

# A leak's name in the strings (the study's row names have spaces).
LEAK_IDS = {"honest": "honest", "scaler on all days": "scaler", "shuffled windows": "shuffled"}
LEAK_NAMES = i18n.family("leak.name_{}", tuple(LEAK_IDS.values()))
LEAK_SENTENCES = i18n.family("leak.sentence_{}", ("scaler", "shuffled"), fields=("change", "leaky", "honest", "share"))
CHANGES = i18n.family("leak.change_{}", ("higher", "lower", "same"))
# Skills are shown to 3 decimals: a leak that moves the skill by less reads as no change.
SAME_SKILL = 5e-4


def _split_problem(prices: pd.DataFrame, config: ForecastConfig, horizon: int) -> str | None:
    try:
        chronological_split(len(prices), config, horizon)
        check_config(config)
    except RnnvizError as error:
        return error_text(error)
    return None


def _prices_chart(prices: pd.DataFrame) -> None:
    show_chart(candlestick_figure(prices, market_text()), "prices")


@dataclass(frozen=True)
class StudyRun:
    """One study of the lab: its shared-run `name` (also its button's key), the button's `label`, the `config` its
    result is stored under, the days after a window its split needs (`horizon`), its `cost` for the budget, the
    `parts` it trains in turn with `progress(part, epoch, epochs)` to say where it is, `study(report)` to run it,
    and `show(label, config, result)` to draw what it stored."""

    name: str
    label: str
    config: ForecastConfig
    horizon: int
    cost: Cost
    parts: tuple
    progress: Callable[[object, int, int], str]
    study: Callable[[Callable], object]
    show: Callable[[str, ForecastConfig, pd.DataFrame], None]


def _study(run: StudyRun, label: str, prices: pd.DataFrame, epochs: int) -> None:
    """A study's split problem or budget refusal, else its run button (a shared run with progress over its parts,
    `epochs` each), then the result this session stored last."""
    problem = _split_problem(prices, run.config, run.horizon)
    if problem:
        st.error(problem, icon=":material/error:")
    elif breach := check(run.cost):
        limit_warning(breach)
    elif run_button(run.label, run.name):
        def describe(reports: list) -> tuple[float, str]:
            part, epoch = reports[-1][:2]
            return (run.parts.index(part) + epoch / epochs) / len(run.parts), run.progress(part, epoch, epochs)

        run_shared(run.name, (prices_digest(prices), run.config), run.study,
                   Progress(run.progress(run.parts[0], 0, epochs), describe), note=label, show_errors=True)
    stored = latest(run.name)
    if stored:
        run.show(stored[1], stored[0][1], stored[2])


# ---- the leaks ----------------------------------------------------------------------------------------------------
def leakage_section(label: str, prices: pd.DataFrame, config: ForecastConfig) -> None:
    """The price chart, the run button (three trainings, with progress), and the stored leakage table with a
    sentence per leak."""
    st.markdown(tr("leak.intro"))
    _prices_chart(prices)
    _study(StudyRun("leakage", tr("leak.run"), config, 1, leakage_cost(len(prices), config), LEAKS, _leak_progress,
                    lambda report: leakage_study(prices, config, lambda *step: report(step)), _show_leakage),
           label, prices, config.epochs)


def _leak_progress(leak: str, epoch: int, epochs: int) -> str:
    return tr("leak.progress", index=LEAKS.index(leak) + 1, count=len(LEAKS), name=tr(LEAK_NAMES.key(LEAK_IDS[leak])),
              epoch=epoch, epochs=epochs)


def leakage_table(study: pd.DataFrame) -> pd.DataFrame:
    """A `leakage_study` table as shown: rows and columns translated, errors to 3 decimals, skill signed."""
    shown = study.copy()
    shown["Skill"] = shown["Skill"].map("{:+.3f}".format)
    shown["Beside training"] = (shown["Beside training"] * 100).map("{:.0f} %".format)
    shown = shown.round(3)
    shown.index = [tr(LEAK_NAMES.key(LEAK_IDS[leak])) for leak in study.index]
    shown.columns = [tr(key) for key in ("walk.col_rmse_lstm", "walk.col_rmse_persistence", "walk.col_skill",
                                         "walk.col_test_days", "leak.col_beside")]
    return shown


def leak_sentence(study: pd.DataFrame, leak: str) -> str:
    """What the leak `leak` did to the skill against the honest row, and why its score is not real (true whether
    the leak raised the skill or not)."""
    honest, leaky = study.loc["honest", "Skill"], study.loc[leak, "Skill"]
    change = "same" if abs(leaky - honest) < SAME_SKILL else "higher" if leaky > honest else "lower"
    return tr(LEAK_SENTENCES.key(LEAK_IDS[leak]), change=tr(CHANGES.key(change)), leaky=f"{leaky:+.3f}",
              honest=f"{honest:+.3f}", share=f"{study.loc[leak, 'Beside training'] * 100:.0f} %")


def _show_leakage(label: str, config: ForecastConfig, study: pd.DataFrame) -> None:
    st.subheader(tr("leak.results_header"))
    st.caption(tr("leak.results_caption", label=label, target=tr(TARGET_NAMES.key(config.target))))
    st.dataframe(leakage_table(study), width="stretch")
    for leak in LEAKS[1:]:
        st.warning(leak_sentence(study, leak), icon=":material/water_drop:")
    st.caption(tr("leak.skill_explained"))


# ---- direct or recursive --------------------------------------------------------------------------------------
def multi_step_section(label: str, prices: pd.DataFrame, config: ForecastConfig) -> None:
    """The price chart, the run button (one training per horizon, with progress), and the stored study: error
    against horizon for the direct models, the recursive one-day model and persistence."""
    study_config = multi_step_config(config)
    st.markdown(tr("multi.intro", horizons=", ".join(str(h) for h in HORIZONS)))
    st.info(tr("multi.close_only", model=study_config.model_code()), icon=":material/info:")
    _prices_chart(prices)
    _study(StudyRun("multi_step", tr("multi.run"), study_config, max(HORIZONS), multi_step_cost(len(prices), config),
                    HORIZONS, _multi_progress,
                    lambda report: multi_step_study(prices, config, on_epoch=lambda *step: report(step)),
                    _show_multi_step),
           label, prices, config.epochs)


def _multi_progress(horizon: int, epoch: int, epochs: int) -> str:
    return tr("multi.progress", horizon=horizon, index=HORIZONS.index(horizon) + 1, count=len(HORIZONS),
              epoch=epoch, epochs=epochs)


def multi_step_table(study: pd.DataFrame) -> pd.DataFrame:
    """A `multi_step_study` table as shown: columns translated, errors to 3 decimals, skills signed."""
    shown = study.copy()
    for column in ("Skill direct", "Skill recursive"):
        shown[column] = shown[column].map("{:+.3f}".format)
    shown = shown.round(3)
    shown.columns = [tr(key) for key in ("multi.col_rmse_direct", "multi.col_rmse_recursive",
                                         "walk.col_rmse_persistence", "multi.col_skill_direct",
                                         "multi.col_skill_recursive", "walk.col_test_days")]
    shown.index.name = tr("walk.col_horizon")
    return shown


def multi_step_verdict(study: pd.DataFrame) -> str:
    """Which way had the smaller error at the longest horizon, with the three errors."""
    longest = study.index[-1]
    row = study.loc[longest]
    key = "multi.verdict_recursive" if row["RMSE recursive"] < row["RMSE direct"] else "multi.verdict_direct"
    return tr(key, horizon=longest, recursive=f"{row['RMSE recursive']:.3f}", direct=f"{row['RMSE direct']:.3f}",
              persistence=f"{row['RMSE Persistence']:.3f}")


def _show_multi_step(label: str, config: ForecastConfig, study: pd.DataFrame) -> None:
    st.subheader(tr("multi.results_header"))
    st.caption(tr("multi.results_caption", label=label, target=tr(TARGET_NAMES.key(config.target)),
                  days=int(study["Test days"].iloc[0])))
    st.info(multi_step_verdict(study), icon=":material/balance:")
    left, right = st.columns([3, 2], gap="large")
    with left:
        figure = multi_step_figure(study, fold_text("walk.persistence_h"), tr("multi.direct"), tr("multi.recursive"))
        show_chart(titled(figure, config.model_code()), "multi_step")
    with right:
        st.dataframe(multi_step_table(study), width="stretch")
        st.caption(tr("leak.skill_explained"))
    st.caption(tr("multi.explained"))
