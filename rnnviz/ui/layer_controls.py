"""Sidebar controls for one recurrent layer and its example input, shared by every page that shows a layer.

The values live in session state and the URL (see `url_state`), so moving between pages keeps the same layer
and a copied link reopens it.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from rnnviz.presets import DEFAULT_PRESET, PRESETS, PRESETS_BY_KEY
from rnnviz.cells import CELLS, NONLINEARITIES
from rnnviz.spec import LayerSpec
from rnnviz.ui import url_state
from rnnviz.ui.language import labels, tr

_defaults = DEFAULT_PRESET.settings()

# Widget bounds: wide enough for every lecture example, small enough that one number cannot freeze the page
# (the compute limits in rnnviz.limits catch what is still too large in combination).
FIELDS: dict[str, url_state.Field] = {
    field.name: field
    for field in (
        url_state.choice_field("cell", _defaults["cell"], CELLS),
        url_state.int_field("input_size", _defaults["input_size"], 1, 1024),
        url_state.int_field("hidden_size", _defaults["hidden_size"], 1, 2048),
        url_state.int_field("num_layers", _defaults["num_layers"], 1, 8),
        url_state.choice_field("nonlinearity", _defaults["nonlinearity"], NONLINEARITIES),
        url_state.bool_field("bias", _defaults["bias"]),
        url_state.bool_field("batch_first", _defaults["batch_first"]),
        url_state.float_field("dropout", _defaults["dropout"], 0.0, 0.9),
        url_state.bool_field("bidirectional", _defaults["bidirectional"]),
        url_state.int_field("proj_size", _defaults["proj_size"], 0, 2047),
        url_state.int_field("seq_len", _defaults["seq_len"], 1, 2000),
        url_state.int_field("batch", _defaults["batch"], 1, 512),
        url_state.int_field("seed", 0, 0, 2**31 - 1),
    )
}


@dataclass(frozen=True)
class LayerSettings:
    """What the sidebar chose: the layer (or why it is invalid) and the example input's size and seed."""

    spec: LayerSpec | None
    error: str | None
    seq_len: int
    batch: int
    seed: int


def _apply_preset() -> None:
    key = st.session_state.get("preset")
    if key:
        for name, preset_value in PRESETS_BY_KEY[key].settings().items():
            url_state.save(name, preset_value)
    # Back to the placeholder, so choosing the same example again after editing re-applies it.
    st.session_state["preset"] = None


def layer_sidebar() -> LayerSettings:
    """Draw the preset picker, the layer's constructor arguments and the input size; return the settings.

    Controls that do not apply to the chosen cell are hidden (nonlinearity: RNN only; proj_size: LSTM only)
    or disabled with the reason (dropout acts between layers, so it needs num_layers > 1).
    """
    url_state.restore_from_url(list(FIELDS.values()))
    sidebar = st.sidebar

    sidebar.selectbox(
        tr("controls.preset"),
        options=[preset.key for preset in PRESETS],
        format_func=labels([preset.key for preset in PRESETS], lambda key: f"preset.{key}"),
        index=None,
        placeholder=tr("controls.preset_placeholder"),
        key="preset",
        on_change=_apply_preset,
        help=tr("controls.preset_help"),
    )

    sidebar.subheader(tr("controls.layer_header"))
    cell = url_state.bound(sidebar.radio, FIELDS["cell"], "cell", options=list(CELLS), horizontal=True,
                           help=tr("controls.cell_help"))
    input_size = url_state.bound(sidebar.number_input, FIELDS["input_size"], "input_size", min_value=1,
                                 max_value=1024, step=1, help=tr("controls.input_size_help"))
    hidden_size = url_state.bound(sidebar.number_input, FIELDS["hidden_size"], "hidden_size", min_value=1,
                                  max_value=2048, step=1, help=tr("controls.hidden_size_help"))
    num_layers = url_state.bound(sidebar.number_input, FIELDS["num_layers"], "num_layers", min_value=1,
                                 max_value=8, step=1, help=tr("controls.num_layers_help"))
    nonlinearity = "tanh"
    if cell == "RNN":
        nonlinearity = url_state.bound(sidebar.radio, FIELDS["nonlinearity"], "nonlinearity",
                                       options=list(NONLINEARITIES), horizontal=True,
                                       help=tr("controls.nonlinearity_help"))
    bias = url_state.bound(sidebar.toggle, FIELDS["bias"], "bias", help=tr("controls.bias_help"))
    batch_first = url_state.bound(sidebar.toggle, FIELDS["batch_first"], "batch_first",
                                  help=tr("controls.batch_first_help"))
    bidirectional = url_state.bound(sidebar.toggle, FIELDS["bidirectional"], "bidirectional",
                                    help=tr("controls.bidirectional_help"))
    dropout = url_state.bound(
        sidebar.slider, FIELDS["dropout"], "dropout", min_value=0.0, max_value=0.9, step=0.05,
        disabled=num_layers == 1,
        help=tr("controls.dropout_disabled_help") if num_layers == 1 else tr("controls.dropout_help"),
    )
    proj_size = 0
    if cell == "LSTM":
        proj_size = url_state.bound(sidebar.number_input, FIELDS["proj_size"], "proj_size", min_value=0,
                                    max_value=2047, step=1, help=tr("controls.proj_size_help"))

    sidebar.subheader(tr("controls.input_header"))
    seq_len = url_state.bound(sidebar.number_input, FIELDS["seq_len"], "seq_len", min_value=1, max_value=2000,
                              step=1, help=tr("controls.seq_len_help"))
    batch = url_state.bound(sidebar.number_input, FIELDS["batch"], "batch", min_value=1, max_value=512, step=1,
                            help=tr("controls.batch_help"))
    seed = url_state.bound(sidebar.number_input, FIELDS["seed"], "seed", min_value=0, max_value=2**31 - 1,
                           step=1, help=tr("controls.seed_help"))

    error = None
    spec = None
    if proj_size and proj_size >= hidden_size:
        error = tr("error.proj_size", proj_size=proj_size, hidden_size=hidden_size)
    else:
        try:
            spec = LayerSpec(
                cell, int(input_size), int(hidden_size), int(num_layers), nonlinearity=nonlinearity, bias=bias,
                batch_first=batch_first,
                # torch ignores dropout on a single layer (with a warning); the slider keeps the user's value.
                dropout=float(dropout) if num_layers > 1 else 0.0,
                bidirectional=bidirectional, proj_size=int(proj_size),
            )
        except ValueError as invalid:
            error = str(invalid)
    return LayerSettings(spec, error, int(seq_len), int(batch), int(seed))


def show_rejected_url_values() -> None:
    """Say which parts of the opened link were not usable (and that defaults are shown instead)."""
    for name, (text, reason) in url_state.rejected_url_values().items():
        st.warning(tr("error.url_value", name=name, text=text, reason=reason), icon=":material/link_off:")
