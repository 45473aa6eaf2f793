"""Sidebar controls for one recurrent layer and its example input, shared by every page that shows a layer.

The values live in session state and the URL (see `url_state`), so moving between pages keeps the same layer
and a copied link reopens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from rnnviz import i18n
from rnnviz.bounds import SEED_MAX, Bounds
from rnnviz.cells import CELLS, NONLINEARITIES
from rnnviz.own_layer import SHAPE_SETTINGS, OwnLayerSpec
from rnnviz.presets import DEFAULT_PRESET, PRESETS, PRESETS_BY_KEY, Preset
from rnnviz.spec import CELL_ONLY, LayerSpec
from rnnviz.ui import url_state
from rnnviz.ui.language import error_text, labels, tr
from rnnviz.ui.own_layer_views import own_layer_sidebar

_defaults = DEFAULT_PRESET.settings()

# Ranges are declared on LayerSpec and Preset (rnnviz.bounds); the compute limits in rnnviz.limits catch what is
# still too large in combination. Defaults are the default preset's.
FIELDS: dict[str, url_state.Field] = url_state.register(
    __name__,
    url_state.choice_field("cell", _defaults["cell"], CELLS),
    url_state.setting_field("input_size", LayerSpec, "input_size", _defaults["input_size"]),
    url_state.setting_field("hidden_size", LayerSpec, "hidden_size", _defaults["hidden_size"]),
    url_state.setting_field("num_layers", LayerSpec, "num_layers", _defaults["num_layers"]),
    url_state.choice_field("nonlinearity", _defaults["nonlinearity"], NONLINEARITIES),
    url_state.bool_field("bias", _defaults["bias"]),
    url_state.bool_field("batch_first", _defaults["batch_first"]),
    url_state.setting_field("dropout", LayerSpec, "dropout", _defaults["dropout"]),
    url_state.bool_field("bidirectional", _defaults["bidirectional"]),
    url_state.setting_field("proj_size", LayerSpec, "proj_size", _defaults["proj_size"]),
    url_state.setting_field("seq_len", Preset, "seq_len", _defaults["seq_len"]),
    url_state.setting_field("batch", Preset, "batch", _defaults["batch"]),
    url_state.number_field("seed", 0, Bounds(0, SEED_MAX)),
)


PRESET_NAMES = i18n.family("preset.{}", [preset.key for preset in PRESETS])
CONTROL_HELP = i18n.family("controls.{}_help", FIELDS)


@dataclass(frozen=True)
class LayerSettings:
    """What the sidebar chose: the layer (or why it is invalid) and the example input's size and seed."""

    spec: LayerSpec | None
    error: str | None
    seq_len: int
    batch: int
    seed: int


def apply_preset(key: str) -> None:
    """Put a lecture example's layer and input size into the shared layer settings (every page's sidebar)."""
    for name, preset_value in PRESETS_BY_KEY[key].settings().items():
        url_state.save(name, preset_value)


def _apply_preset() -> None:
    key = st.session_state.get("preset")
    if key:
        apply_preset(key)
    # Back to the placeholder, so choosing the same example again after editing re-applies it.
    st.session_state["preset"] = None


def _preset_picker(sidebar, disabled: bool = False) -> None:
    sidebar.selectbox(
        tr("controls.preset"),
        options=[preset.key for preset in PRESETS],
        format_func=labels(PRESET_NAMES),
        index=None,
        placeholder=tr("controls.preset_placeholder"),
        key="preset",
        on_change=_apply_preset,
        disabled=disabled,
        help=tr("own.preset_locked_help" if disabled else "controls.preset_help"),
    )


def _control(widget, name: str, locked: tuple[str, ...] = (), **kwargs):
    """A bound control labelled with its constructor argument's name and helped by `controls.<name>_help`; a
    setting in `locked` (fixed by an uploaded layer's tensors) is shown disabled, saying so."""
    if name in locked:
        kwargs.update(disabled=True, help=tr("own.locked_help"))
    kwargs.setdefault("help", tr(CONTROL_HELP.key(name)))
    return url_state.bound(widget, FIELDS[name], name, **kwargs)


# The six arguments the lecture notes use, in the sidebar's first group; the rest wait in "Advanced".
FIRST_SETTINGS = ("cell", "input_size", "hidden_size", "num_layers", "bidirectional", "batch_first")
ADVANCED_SETTINGS = ("nonlinearity", "bias", "dropout", "proj_size")


def _layer_controls(sidebar, locked: tuple[str, ...] = ()) -> dict:
    """The constructor's arguments as the user set them; those that do not apply to the cell keep their default.

    First the six the notes use; the others in an "Advanced" group, open when a link or the user changed one.
    Hidden when inapplicable: nonlinearity (RNN only), proj_size (LSTM only). Disabled with the reason: dropout,
    which acts between layers, so it needs num_layers > 1. `locked`: settings shown but not changeable.
    """
    sidebar.subheader(tr("controls.layer_header"))
    values = {"cell": _control(sidebar.radio, "cell", locked, options=list(CELLS), horizontal=True)}
    for name in ("input_size", "hidden_size", "num_layers"):
        values[name] = int(_control(sidebar.number_input, name, locked))
    for name in ("bidirectional", "batch_first"):
        values[name] = _control(sidebar.toggle, name, locked)
    changed = any(url_state.value(FIELDS[name]) != FIELDS[name].default for name in ADVANCED_SETTINGS)
    advanced = sidebar.expander(tr("controls.advanced"), expanded=changed, icon=":material/tune:")
    only, values["nonlinearity"] = CELL_ONLY["nonlinearity"]
    if values["cell"] == only:
        values["nonlinearity"] = _control(advanced.radio, "nonlinearity", options=list(NONLINEARITIES),
                                          horizontal=True)
    values["bias"] = _control(advanced.toggle, "bias", locked)
    single = values["num_layers"] == 1
    dropout = _control(advanced.slider, "dropout", disabled=single,
                       help=tr("controls.dropout_disabled_help" if single else "controls.dropout_help"))
    # torch ignores dropout on a single layer (with a warning); the slider keeps the user's value.
    values["dropout"] = 0.0 if single else float(dropout)
    only, values["proj_size"] = CELL_ONLY["proj_size"]
    if values["cell"] == only:
        values["proj_size"] = int(_control(advanced.number_input, "proj_size", locked))
    return values


INPUT_SETTINGS = ("seq_len", "batch", "seed")


def layer_sidebar(inputs: tuple[str, ...] = INPUT_SETTINGS) -> LayerSettings:
    """Draw the preset picker, the layer's constructor arguments and the input's settings named in `inputs` (a
    page whose batch is made otherwise leaves "batch" out; it then keeps its stored value); return the settings."""
    url_state.restore_from_url(list(FIELDS.values()))
    sidebar = st.sidebar
    own = own_layer_sidebar(sidebar)
    _preset_picker(sidebar, disabled=own is not None)
    values = _layer_controls(sidebar, SHAPE_SETTINGS if own else ())
    sidebar.subheader(tr("controls.input_header"))
    # With an uploaded layer the seed draws the random input only: the weights are the file's.
    helps = {"seed": tr("own.seed_help")} if own else {}
    seq_len, batch, seed = (int(_control(sidebar.number_input, name, **({"help": helps[name]} if name in helps
                                                                        else {}))) if name in inputs
                            else int(url_state.value(FIELDS[name])) for name in INPUT_SETTINGS)
    try:  # LayerSpec checks every rule (proj_size < hidden_size among them) and says which one a setting breaks
        if own:
            return LayerSettings(OwnLayerSpec(**values, weights=own.weights, source=own.source, prefix=own.prefix),
                                 None, seq_len, batch, seed)
        return LayerSettings(LayerSpec(**values), None, seq_len, batch, seed)
    except ValueError as invalid:
        return LayerSettings(None, error_text(invalid), seq_len, batch, seed)


def layer_page(title_key: str, intro_key: str, extra_sidebar: Callable[[], Any] | None = None,
               inputs: tuple[str, ...] = INPUT_SETTINGS) -> tuple[LayerSettings | None, Any]:
    """The opening every page about the sidebar's layer shares: title, intro, the layer controls (then
    `extra_sidebar()`'s controls, if given), the link values that could not be used, and the settings' error.
    `inputs`: which of the input's settings the sidebar draws (see `layer_sidebar`).
    Returns (settings, what extra_sidebar returned); settings is None when the error was shown instead."""
    st.title(tr(title_key))
    st.caption(tr(intro_key))
    settings = layer_sidebar(inputs)
    extra = extra_sidebar() if extra_sidebar else None
    if settings.error:
        st.error(settings.error, icon=":material/error:")
        return None, extra
    return settings, extra

