"""The memory ladder page's controls and sections: the matched cells, the ladder trained rung by rung (each rung a
shared run, so the class waits for one), its chart and tables, the horizons, and the language model's read-out."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from rnnviz import i18n, memory
from rnnviz.figures.memory import LadderText, ladder_figure, profile_figure
from rnnviz.figures.theme import titled
from rnnviz.limits import check
from rnnviz.ui import url_state
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import built_once, lm_memory_profile, memory_initial_decay
from rnnviz.ui.language import template, tr
from rnnviz.ui.notices import limit_warning
from rnnviz.ui.runs import LiveChartSpec, Progress, kept_all, run_button, run_shared_all
from rnnviz.ui.spotlight import view

SECTION = "memory_ladder"
LONGEST = tuple(str(distance) for distance in memory.RUNGS[1:])
FIELDS = url_state.register(
    __name__,
    url_state.choice_field("m_longest", str(memory.LadderSettings.longest), LONGEST),
    url_state.setting_field("m_seeds", memory.LadderSettings, "seeds"),
)
REPORT_EVERY = 50  # training steps between a rung's reports (where a run nobody waits for is cancelled)
LM_MODELS = ("shakespeare", "python")
LM_NAMES = i18n.family("mem.model_{}", LM_MODELS)


def ladder_sidebar() -> memory.LadderSettings:
    """The longest distance and the number of seeds."""
    url_state.restore_from_url(list(FIELDS.values()))
    sidebar = st.sidebar
    sidebar.subheader(tr("mem.setup_header"))
    longest = url_state.bound(sidebar.select_slider, FIELDS["m_longest"], tr("mem.longest"), options=list(LONGEST),
                              help=tr("mem.longest_help"))
    seeds = url_state.bound(sidebar.number_input, FIELDS["m_seeds"], tr("mem.seeds"), help=tr("mem.seeds_help"))
    return memory.LadderSettings(longest=int(longest), seeds=int(seeds))


def cell_label(cell: str) -> str:
    """How the page names a ladder cell: its torch class ("GRU", the same in every language), and the forget bias
    where there is one ("LSTM + forget bias 5")."""
    ladder_cell = memory.CELLS[cell]
    if ladder_cell.forget_bias:
        return tr("mem.cell_forget", cell=ladder_cell.cell, bias=f"{ladder_cell.forget_bias:g}")
    return ladder_cell.cell


def ladder_text() -> LadderText:
    return LadderText(distance_axis=tr("mem.axis_distance"), score_axis=tr("mem.axis_score"),
                      baseline=tr("mem.baseline_line"), hover=template("mem.hover"),
                      steps_back_axis=tr("mem.axis_steps_back"), connectivity_axis=tr("mem.axis_connectivity"),
                      horizon=template("mem.horizon_label"))


def cells_table() -> None:
    """Each cell's layer, hidden size and parameters against the target: what "matched" means here."""
    rows = []
    for cell in memory.PAGE_CELLS:
        ladder_cell = memory.CELLS[cell]
        parameters = ladder_cell.parameters()
        rows.append({
            tr("mem.col_cell"): cell_label(cell),
            tr("mem.col_layer"): f"nn.{ladder_cell.cell}({memory.INPUT_SIZE}, {ladder_cell.hidden_size})",
            tr("mem.col_parameters"): f"{parameters:,}",
            tr("mem.col_vs_target"): f"{(parameters - memory.PARAMETER_TARGET) / memory.PARAMETER_TARGET:+.1%}",
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _rung_work(cell: str, distance: int, seed: int):
    def work(report):
        return memory.train_rung(cell, distance, seed,
                                 on_step=lambda step, loss: report(step) if step % REPORT_EVERY == 0 else None)
    return work


def _keys(settings: memory.LadderSettings) -> list[tuple[str, int, int]]:
    return memory.rung_order(settings.distances, memory.PAGE_CELLS, settings.seed_list)


def _partial(rungs: list[memory.Rung]) -> pd.DataFrame:
    return memory.summary(pd.DataFrame([memory.rung_row(rung) for rung in rungs]))


def _labels() -> dict[str, str]:
    return {cell: cell_label(cell) for cell in memory.PAGE_CELLS}


def _title(settings: memory.LadderSettings) -> str:
    return tr("mem.chart_title", steps=memory.STEPS, batch=memory.BATCH, lr=f"{memory.LR:g}",
              seeds=settings.seeds)


def train_ladder(settings: memory.LadderSettings) -> dict:
    """Ask for every rung (shortest distance first) and wait, drawing the progress and the chart so far."""
    keys = _keys(settings)
    # Rungs finish in one order, so every session waiting for this ladder draws the same few figures (LiveChart).
    chart = LiveChartSpec("memory_ladder", 1, lambda rungs: titled(
        ladder_figure(_partial(rungs), _labels(), ladder_text()), _title(settings)))

    def describe(finished: list) -> tuple[float, str]:
        return len(finished) / len(keys), tr("mem.training", done=len(finished), total=len(keys))

    return run_shared_all(SECTION, [(key, _rung_work(*key)) for key in keys],
                          Progress(tr("mem.training", done=0, total=len(keys)), describe, chart))


def ladder_section(settings: memory.LadderSettings) -> memory.LadderResult | None:
    """The task, the matched cells, the button, and once trained the ladder's chart and table."""
    st.markdown(tr("mem.task_text", steps=memory.STEPS, batch=memory.BATCH, lr=f"{memory.LR:g}",
                   clip=f"{memory.CLIP:g}", held_out=memory.HELD_OUT, bias=f"{memory.FORGET_BIAS:g}"))
    cells_table()
    cost = memory.ladder_cost(settings.distances, memory.PAGE_CELLS, settings.seeds)
    breach = check(cost)
    if breach:
        limit_warning(breach)
        return None
    keys = _keys(settings)
    rungs = kept_all(SECTION, keys)
    st.caption(tr("mem.train_cost", runs=len(keys), seconds=math.ceil(cost.seconds)))
    if run_button(tr("mem.train_button"), "train_ladder", primary=not rungs):
        rungs = train_ladder(settings)
    if len(rungs) < len(keys):
        if rungs:
            st.caption(tr("mem.partial", done=len(rungs), total=len(keys)))
        return None
    ordered = [rungs[key] for key in keys]
    result = built_once(("memory_result", tuple(keys)), lambda: memory.result_of(ordered))
    scores = memory.summary(result.table)
    with view("memory", "ladder"):
        st.subheader(tr("mem.ladder_header"))
        figure = titled(ladder_figure(scores, _labels(), ladder_text()), _title(settings))
        show_chart(figure, "memory_ladder", image_format="svg", key="memory_ladder")
    scores_table(scores)
    return result


def scores_table(summary: pd.DataFrame) -> None:
    """Mean R^2 (lowest to highest over seeds) per cell and distance, the baseline's in the last row; `summary` is
    `rnnviz.memory.summary` of the ladder's table."""
    rows = []
    for cell, cell_rows in summary.groupby("cell", sort=False):
        row = {tr("mem.col_cell"): cell_label(cell)}
        for distance, mean, low, high in zip(cell_rows["distance"], cell_rows["mean"], cell_rows["low"],
                                             cell_rows["high"]):
            row[str(distance)] = f"{mean:.2f} ({low:.2f}–{high:.2f})"
        rows.append(row)
    baseline = {tr("mem.col_cell"): tr("mem.baseline_row")}
    for distance, rows_at in summary.groupby("distance"):
        baseline[str(distance)] = f"{rows_at['baseline'].mean():.3f}"
    rows.append(baseline)
    st.caption(tr("mem.table_caption"))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def horizons_section(result: memory.LadderResult, settings: memory.LadderSettings) -> None:
    """Per cell: how far it remembered, where it fell to the baseline, its memory horizon and its gradient decay at
    initialisation; the connectivity profiles; what it means."""
    longest = max(settings.distances)
    scores = memory.summary(result.table)
    rows, meanings = [], []
    for cell in memory.PAGE_CELLS:
        held = memory.remembered_up_to(scores, cell)
        falls = memory.falls_to_baseline(scores, cell)
        factor = memory_initial_decay(cell, longest + 1)
        left = factor ** longest if math.isfinite(factor) else float("nan")
        rows.append({
            tr("mem.col_cell"): cell_label(cell),
            tr("mem.col_remembered"): str(held) if held else "–",
            tr("mem.col_falls"): str(falls) if falls else "–",
            tr("mem.col_horizon"): str(result.horizons[cell]),
            tr("mem.col_decay"): f"×{factor:.3f}" if math.isfinite(factor) else "–",
            tr("mem.col_left", distance=longest): f"{left:.1e}" if math.isfinite(left) else "–",
        })
        values = dict(cell=cell_label(cell), falls=falls, factor=f"{factor:.3f}", distance=longest,
                      left=f"{left:.1e}", held=held)
        if falls:
            meanings.append(tr("mem.meaning_falls", **values))
        else:
            meanings.append(tr("mem.meaning_holds", **values))
    with view("memory", "horizons"):
        st.subheader(tr("mem.horizons_header"))
        st.caption(tr("mem.horizons_caption", fraction=f"{memory.HORIZON_FRACTION:.0%}", distance=longest,
                      sequences=memory.HORIZON_SEQUENCES, threshold=f"{memory.REMEMBERED:g}"))
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        figure = profile_figure(result.profiles, _labels(), result.horizons, ladder_text())
        show_chart(titled(figure, tr("mem.profile_title", distance=longest)), "memory_connectivity",
                   image_format="svg", key="memory_connectivity")
    st.subheader(tr("mem.meaning_header"))
    st.markdown("\n".join(f"- {line}" for line in meanings))
    st.markdown(tr("mem.meaning_text"))


def language_model_section() -> None:
    """How far back the bundled language models' next character depends."""
    st.subheader(tr("mem.lm_header"))
    st.caption(tr("mem.lm_caption", context=memory.LM_CONTEXT, passages=memory.LM_PASSAGES,
                  fraction=f"{memory.HORIZON_FRACTION:.0%}"))
    with st.spinner(tr("mem.lm_computing")):
        profiles = {name: lm_memory_profile(name) for name in LM_MODELS}
    horizons = {name: memory.memory_horizon(profile) for name, profile in profiles.items()}
    names = {name: tr(LM_NAMES.key(name)) for name in LM_MODELS}
    figure = profile_figure(profiles, names, horizons, ladder_text())
    show_chart(titled(figure, tr("mem.lm_title", context=memory.LM_CONTEXT)), "memory_language_model",
               image_format="svg", key="memory_language_model")
