"""Controls and layout pieces of the vanishing-gradients page."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz.figures.gradients import GradientText
from rnnviz.gradients import INITS, GradientCurves, StudySettings, Theory, fit_decay
from rnnviz.ui import url_state
from rnnviz.ui.language import tr

FIELDS = {
    field.name: field
    for field in (
        url_state.int_field("g_seq_len", 200, 2, 1000),
        url_state.int_field("g_hidden", 64, 2, 256),
        url_state.int_field("g_seeds", 4, 1, 16),
        url_state.choice_field("rnn_init", "default", INITS),
        url_state.bool_field("rescale", False),
        url_state.float_field("radius", 1.0, 0.5, 1.5),
        url_state.float_field("forget_bias", 0.0, 0.0, 3.0),
        url_state.choice_field("g_view", "input", ("input", "hidden")),
    )
}


def study_sidebar() -> tuple[StudySettings, bool]:
    """The study's settings, and whether to show dL/dh_t (True) or dL/dx_t (False)."""
    url_state.restore_from_url(list(FIELDS.values()))
    sidebar = st.sidebar
    sidebar.subheader(tr("grad.setup_header"))
    seq_len = url_state.bound(sidebar.number_input, FIELDS["g_seq_len"], tr("grad.seq_len"), min_value=2,
                              max_value=1000, step=50, help=tr("grad.seq_len_help"))
    hidden = url_state.bound(sidebar.number_input, FIELDS["g_hidden"], tr("grad.hidden"), min_value=2,
                             max_value=256, step=8, help=tr("grad.hidden_help"))
    seeds = url_state.bound(sidebar.number_input, FIELDS["g_seeds"], tr("grad.seeds"), min_value=1, max_value=16,
                            step=1, help=tr("grad.seeds_help"))
    view = url_state.bound(sidebar.radio, FIELDS["g_view"], tr("grad.view"), options=["input", "hidden"],
                           format_func=lambda v: tr(f"grad.view_{v}"), help=tr("grad.view_help"))
    sidebar.subheader(tr("grad.rnn_header"))
    init = url_state.bound(sidebar.radio, FIELDS["rnn_init"], tr("grad.init"), options=list(INITS),
                           format_func=lambda i: tr(f"grad.init_{i}"), help=tr("grad.init_help"))
    rescale = url_state.bound(sidebar.toggle, FIELDS["rescale"], tr("grad.rescale"), help=tr("grad.rescale_help"))
    radius = url_state.bound(sidebar.slider, FIELDS["radius"], tr("grad.radius"), min_value=0.5, max_value=1.5,
                             step=0.05, disabled=not rescale, help=tr("grad.radius_help"))
    sidebar.subheader(tr("grad.lstm_header"))
    forget_bias = url_state.bound(sidebar.slider, FIELDS["forget_bias"], tr("grad.forget_bias"), min_value=0.0,
                                  max_value=3.0, step=0.5, help=tr("grad.forget_bias_help"))
    settings = StudySettings(int(seq_len), int(hidden), int(seeds), init, float(radius) if rescale else None,
                             float(forget_bias))
    return settings, view == "hidden"


def gradient_text() -> GradientText:
    return GradientText(distance_axis=tr("grad.axis_distance"), length_axis=tr("grad.axis_length"),
                        norm_axis_input=tr("grad.axis_input_norm"), norm_axis_hidden=tr("grad.axis_hidden_norm"),
                        first_step_axis=tr("grad.axis_first_step"), trained=tr("grad.trained"))


def decay_table(curves: dict[str, GradientCurves], theory: Theory) -> None:
    """Per cell: the fitted per-step factor of both curves, beside the RNN's spectral radius and sigma_max."""
    rows = []
    for name, curve in curves.items():
        distance = np.arange(curve.input_by_distance.shape[1])
        factor = fit_decay(distance, curve.input_by_distance)
        rows.append({
            tr("grad.col_cell"): name,
            tr("grad.col_factor_input"): f"{factor:.3f}" if math.isfinite(factor) else "–",
            tr("grad.col_log_factor"): f"{math.log(factor):+.3f}" if math.isfinite(factor) and factor > 0 else "–",
            tr("grad.col_factor_hidden"): f"{fit_decay(distance, curve.hidden_by_distance):.3f}",
            tr("grad.col_radius"): f"{theory.spectral_radius:.3f} (ln {math.log(theory.spectral_radius):+.3f})"
            if name.startswith("RNN") else "",
            tr("grad.col_sigma"): f"{theory.sigma_max:.3f}" if name.startswith("RNN") else "",
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
