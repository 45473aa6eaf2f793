"""Controls and layout pieces of the vanishing-gradients page."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.figures.gradients import GradientText
from rnnviz.gradients import (
    INITS,
    STUDY_CELLS,
    GradientCurves,
    StudySettings,
    Theory,
    TrainedCell,
    fit_decay,
    run_trained_study,
)
from rnnviz.tasks import TASKS
from rnnviz.ui import url_state
from rnnviz.ui.language import labels, tr

FIELDS = {
    field.name: field
    for field in (
        url_state.setting_field("g_seq_len", StudySettings, "seq_len"),
        url_state.setting_field("g_hidden", StudySettings, "hidden_size"),
        url_state.setting_field("g_seeds", StudySettings, "seeds"),
        url_state.choice_field("rnn_init", StudySettings.init, INITS),
        url_state.bool_field("rescale", False),
        # Off by default (W_hh keeps its own radius); 1.0 is where the slider starts once rescaling is on.
        url_state.setting_field("radius", StudySettings, "radius", default=1.0),
        url_state.setting_field("forget_bias", StudySettings, "forget_bias"),
        url_state.choice_field("g_view", "input", ("input", "hidden")),
    )
}


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
                           format_func=labels(("input", "hidden"), lambda v: f"grad.view_{v}"),
                           help=tr("grad.view_help"))
    sidebar.subheader(tr("grad.rnn_header"))
    init = url_state.bound(sidebar.radio, FIELDS["rnn_init"], tr("grad.init"), options=list(INITS),
                           format_func=labels(INITS, lambda i: f"grad.init_{i}"), help=tr("grad.init_help"))
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
                        first_step_axis=tr("grad.axis_first_step"), trained=tr("grad.trained"))


def decay_table(curves: dict[str, GradientCurves], theory: Theory) -> None:
    """Per cell: the fitted per-step factor of both curves, beside the RNN's spectral radius and sigma_max."""
    rows = []
    for key, curve in curves.items():
        distance = np.arange(curve.input_by_distance.shape[1])
        factor = fit_decay(distance, curve.input_by_distance)
        plain_rnn = STUDY_CELLS[key].cell == "RNN"
        rows.append({
            tr("grad.col_cell"): STUDY_CELLS[key].label,
            tr("grad.col_factor_input"): f"{factor:.3f}" if math.isfinite(factor) else "–",
            tr("grad.col_log_factor"): f"{math.log(factor):+.3f}" if math.isfinite(factor) and factor > 0 else "–",
            tr("grad.col_factor_hidden"): f"{fit_decay(distance, curve.hidden_by_distance):.3f}",
            tr("grad.col_radius"): f"{theory.spectral_radius:.3f} (ln {math.log(theory.spectral_radius):+.3f})"
            if plain_rnn else "",
            tr("grad.col_sigma"): f"{theory.sigma_max:.3f}" if plain_rnn else "",
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


_TRAINED = "trained_study"
_REQUESTED = "training_requested"


def _request_training() -> None:
    # A callback, not the button's return value: the request must survive a rerun that happens before the page
    # body reads it (rnnviz.ui.router reruns a run Streamlit started in its legacy pages mode).
    st.session_state[_REQUESTED] = True


def training_controls(settings: StudySettings) -> dict[str, TrainedCell] | None:
    """The button that trains every cell on the memory task (a few seconds, with a progress bar). Results live
    in this user's session only, and are shown while the settings they were made with are still the ones set."""
    st.markdown(tr("grad.train_text", length=TASKS["memory"].seq_len, steps=TASKS["memory"].steps))
    st.button(tr("grad.train_button"), key="train_memory", icon=":material/model_training:",
              on_click=_request_training)
    if st.session_state.pop(_REQUESTED, False):
        bar = st.progress(0.0, text=tr("grad.training", name=""))
        results = run_trained_study(settings, lambda fraction, name: bar.progress(
            min(fraction, 1.0), text=tr("grad.training", name=name)))
        bar.empty()
        st.session_state[_TRAINED] = (settings, results)
    stored = st.session_state.get(_TRAINED)
    if stored and stored[0] == settings:
        return stored[1]
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
