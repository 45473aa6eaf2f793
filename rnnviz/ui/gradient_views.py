"""Controls and layout pieces of the vanishing-gradients page."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz import i18n, limits
from rnnviz.errors import RnnvizError
from rnnviz.figures.gradients import GradientText, distance_figure, length_figure
from rnnviz.gradients import (
    INITS,
    STUDY_CELLS,
    GradientCurves,
    StudySettings,
    Theory,
    TrainedCell,
    fit_decay,
    run_trained_study,
    studies_layer,
    trained_study_cost,
)
from rnnviz.limits import check
from rnnviz.tasks import TASKS
from rnnviz.ui import url_state
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import gradient_curves, layer_gradient_curves
from rnnviz.ui.language import error_text, labels, template, tr
from rnnviz.ui.literal import literal
from rnnviz.ui.notices import limit_warning
from rnnviz.ui.own_layer_views import active_layer
from rnnviz.ui.runs import Progress, latest, run_button, run_shared

VIEWS = ("input", "hidden")  # dL/dx_t or dL/dh_t
VIEW_NAMES = i18n.family("grad.view_{}", VIEWS)
INIT_NAMES = i18n.family("grad.init_{}", INITS)
FIELDS = url_state.register(
    __name__,
    url_state.setting_field("g_seq_len", StudySettings, "seq_len"),
    url_state.setting_field("g_hidden", StudySettings, "hidden_size"),
    url_state.setting_field("g_seeds", StudySettings, "seeds"),
    url_state.choice_field("rnn_init", StudySettings.init, INITS),
    url_state.bool_field("rescale", False),
    # Off by default (W_hh keeps its own radius); 1.0 is where the slider starts once rescaling is on.
    url_state.setting_field("radius", StudySettings, "radius", default=1.0),
    url_state.setting_field("forget_bias", StudySettings, "forget_bias"),
    url_state.choice_field("g_view", "input", VIEWS),
)


def study_sidebar() -> tuple[StudySettings, bool]:
    """The study's settings, and whether to show dL/dh_t (True) or dL/dx_t (False)."""
    url_state.restore_from_url(list(FIELDS.values()))
    sidebar = st.sidebar
    sidebar.subheader(tr("grad.setup_header"))
    seq_len = url_state.bound(sidebar.number_input, FIELDS["g_seq_len"], tr("grad.seq_len"),
                              help=tr("grad.seq_len_help"))
    hidden = url_state.bound(sidebar.number_input, FIELDS["g_hidden"], tr("grad.hidden"),
                             help=tr("grad.hidden_help"))
    seeds = url_state.bound(sidebar.number_input, FIELDS["g_seeds"], tr("grad.seeds"),
                            help=tr("grad.seeds_help"))
    view = url_state.bound(sidebar.radio, FIELDS["g_view"], tr("grad.view"), options=["input", "hidden"],
                           format_func=labels(VIEW_NAMES),
                           help=tr("grad.view_help"))
    sidebar.subheader(tr("grad.rnn_header"))
    init = url_state.bound(sidebar.radio, FIELDS["rnn_init"], tr("grad.init"), options=list(INITS),
                           format_func=labels(INIT_NAMES), help=tr("grad.init_help"))
    rescale = url_state.bound(sidebar.toggle, FIELDS["rescale"], tr("grad.rescale"), help=tr("grad.rescale_help"))
    radius = url_state.bound(sidebar.slider, FIELDS["radius"], tr("grad.radius"),
                             disabled=not rescale, help=tr("grad.radius_help"))
    sidebar.subheader(tr("grad.lstm_header"))
    forget_bias = url_state.bound(sidebar.slider, FIELDS["forget_bias"], tr("grad.forget_bias"),
                                  help=tr("grad.forget_bias_help"))
    settings = StudySettings(init=init, seq_len=int(seq_len), hidden_size=int(hidden), seeds=int(seeds),
                             radius=float(radius) if rescale else None, forget_bias=float(forget_bias))
    return settings, view == "hidden"


def gradient_text() -> GradientText:
    return GradientText(distance_axis=tr("grad.axis_distance"), length_axis=tr("grad.axis_length"),
                        norm_axis_input=tr("grad.axis_input_norm"), norm_axis_hidden=tr("grad.axis_hidden_norm"),
                        first_step_axis=tr("grad.axis_first_step"), trained=tr("grad.trained"),
                        line_label=template("grad.line_label"))


def decay_table(curves: dict[str, GradientCurves], theory: Theory, cell_labels: dict[str, str]) -> None:
    """Per cell: the fitted per-step factor of both curves, beside the RNN's spectral radius and sigma_max (the
    study's plain RNN's: an uploaded layer's row has none)."""
    rows = []
    for key, curve in curves.items():
        distance = np.arange(curve.input_by_distance.shape[1])
        factor = fit_decay(distance, curve.input_by_distance)
        plain_rnn = key in STUDY_CELLS and STUDY_CELLS[key].cell == "RNN"
        rows.append({
            tr("grad.col_cell"): cell_labels[key],
            tr("grad.col_factor_input"): f"{factor:.3f}" if math.isfinite(factor) else "–",
            tr("grad.col_log_factor"): f"{math.log(factor):+.3f}" if math.isfinite(factor) and factor > 0 else "–",
            tr("grad.col_factor_hidden"): f"{fit_decay(distance, curve.hidden_by_distance):.3f}",
            tr("grad.col_radius"): f"{theory.spectral_radius:.3f} (ln {math.log(theory.spectral_radius):+.3f})"
            if plain_rnn else "",
            tr("grad.col_sigma"): f"{theory.sigma_max:.3f}" if plain_rnn else "",
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def training_controls(settings: StudySettings) -> dict[str, TrainedCell] | None:
    """The button that trains every cell on the memory task (a few seconds, with a progress bar; one run per
    server for these settings, rnnviz.ui.runs), shown while the settings it was made with are still the ones set."""
    st.markdown(tr("grad.train_text", length=TASKS["memory"].seq_len, steps=TASKS["memory"].steps))
    breach = check(trained_study_cost(settings))
    if breach:
        limit_warning(breach)
        return None
    if run_button(tr("grad.train_button"), "train_memory", primary=False):
        def describe(reports: list[tuple[float, str]]) -> tuple[float, str]:
            fraction, name = reports[-1]
            return fraction, tr("grad.training", name=name)

        run_shared("trained_study", settings, lambda report: run_trained_study(settings, lambda *step: report(step)),
                   Progress(tr("grad.training", name=""), describe))
    stored = latest("trained_study")
    if stored and stored[0] == settings:
        return stored[2]
    if stored:
        st.caption(tr("grad.train_stale"))
    return None


def training_table(curves: dict[str, GradientCurves], trained: dict[str, TrainedCell]) -> None:
    """Per cell: the task loss after training (1 = guessing 0) and the fitted factor before and after."""
    rows = []
    for key, result in trained.items():
        distance = np.arange(result.curves.input_by_distance.shape[1])
        before = fit_decay(distance, curves[key].input_by_distance)
        after = fit_decay(distance, result.curves.input_by_distance)
        rows.append({
            tr("grad.col_cell"): STUDY_CELLS[key].label,
            tr("grad.col_task_loss"): f"{result.task_loss:.3f}",
            tr("grad.col_factor_before"): f"{before:.3f}",
            tr("grad.col_factor_after"): f"{after:.3f}" if math.isfinite(after) else "–",
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


OWN_KEY = "own"  # the curves' key of an uploaded layer (rnnviz.own_layer), drawn beside the study's cells


def _own_layer_curves(settings: StudySettings) -> tuple[str, GradientCurves] | None:
    """(its label, its curves) for the uploaded layer in use, studied at the page's length and seeds; None, with
    a caption saying why, when there is none, the study cannot take it, or it is over the budget."""
    own = active_layer()
    if own is None:
        return None
    label = tr("grad.own_label", prefix=own.prefix or tr("own.top_level"))
    if not studies_layer(own):
        st.info(tr("grad.own_not_studied", code=own.constructor_code()), icon=":material/info:")
        return None
    breach = check(limits.study_cost(settings.seq_len, own.hidden_size, settings.seeds))
    if breach:
        limit_warning(breach)
        return None
    try:
        curves = layer_gradient_curves(own, settings.seq_len, settings.seeds)
    except RnnvizError as error:  # the server let its weights go
        st.warning(error_text(error), icon=":material/warning:")
        return None
    st.info(tr("grad.own_studied", label=label, name=literal(own.source), code=own.constructor_code()),
            icon=":material/upload_file:")
    return label, curves


def study_section(settings: StudySettings, hidden_view: bool) -> None:
    """The study's charts and tables for `settings` (within the budget: the page checks study_cost first), and
    the button that trains every cell; `hidden_view` shows dL/dh_t instead of dL/dx_t."""
    with st.spinner(tr("grad.computing")):
        curves, theory = gradient_curves(settings)
    text = gradient_text()
    cell_labels = {key: cell.label for key, cell in STUDY_CELLS.items()}
    own = _own_layer_curves(settings)
    if own is not None:
        curves = {**curves, OWN_KEY: own[1]}
        cell_labels[OWN_KEY] = own[0]

    st.subheader(tr("grad.distance_header"))
    st.caption(tr("grad.distance_caption", seq_len=settings.seq_len, seeds=settings.seeds))
    with st.expander(tr("grad.train_header"), icon=":material/model_training:"):
        trained = training_controls(settings)
    by_distance = {name: c.hidden_by_distance if hidden_view else c.input_by_distance for name, c in curves.items()}
    bound = theory.hidden_bound(settings.seq_len) if hidden_view else theory.input_bound(settings.seq_len)
    radius_line = theory.radius_line(settings.seq_len)
    if not hidden_view:
        radius_line = radius_line * theory.input_sigma_max
    lines = {tr("grad.radius_line", rho=f"{theory.spectral_radius:.3f}"): radius_line}
    if theory.sigma_max < 1:  # the bound grows when sigma_max > 1: it then bounds nothing and is not drawn
        bound_name = tr("grad.bound_hidden" if hidden_view else "grad.bound", sigma=f"{theory.sigma_max:.3f}")
        lines = {bound_name: bound, **lines}
    else:
        st.caption(tr("grad.bound_absent", sigma=f"{theory.sigma_max:.3f}"))
    factors = {key: fit_decay(np.arange(norms.shape[1]), norms) for key, norms in by_distance.items()}
    after_training = None
    if trained:
        after_training = {name: result.curves.hidden_by_distance if hidden_view else result.curves.input_by_distance
                          for name, result in trained.items()}
    show_chart(distance_figure(by_distance, cell_labels, text, hidden_view, theory=lines, trained=after_training,
                               factors=factors, title=settings.layers_code()),
               "gradient_vs_distance", image_format="svg")

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(tr("grad.theory_header"))
        st.markdown(tr("grad.theory_text"))
        decay_table(curves, theory, cell_labels)
    with right:
        st.subheader(tr("grad.gates_header"))
        st.markdown(tr("grad.gates_text"))
        if trained:
            training_table(curves, trained)

    st.subheader(tr("grad.length_header"))
    st.caption(tr("grad.length_caption"))
    lengths = next(iter(curves.values())).lengths
    first_step = {key: c.first_step for key, c in curves.items()}
    show_chart(length_figure(lengths, first_step, cell_labels, text, title=settings.layers_code()),
               "gradient_vs_length", image_format="svg")
    st.caption(tr("grad.sources"))
