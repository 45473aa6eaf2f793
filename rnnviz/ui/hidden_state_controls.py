"""Sidebar controls of the hidden-states page: which example input, and which layer, direction, sequence, unit
and window to show. Bound to the URL like the layer controls."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from rnnviz import i18n
from rnnviz.bounds import bounds_of
from rnnviz.inputs import KINDS, MAX_WORD_LENGTH
from rnnviz.presets import Preset
from rnnviz.spec import MAX_HIDDEN, MAX_LAYERS, LayerSpec
from rnnviz.ui import url_state
from rnnviz.ui.language import DIRECTION_WORDS, labels, tr
from rnnviz.ui.sidebar import sidebar_section, translated_radio

MAX_STEPS_SHOWN = 500
MAX_UNITS_SHOWN = 256

INPUT_TEXTS = {"name": i18n.family("input.{}.name", KINDS),
               "explain": i18n.family("input.{}.explain", KINDS, fields=("shape", "dims", "features")),
               "error": i18n.family("input.{}.error", KINDS, fields=("word_limit", "days"))}
# The sidebar's start of a window onto more steps or units than are drawn.
WINDOW_TEXTS = {"label": i18n.family("hidden.{}", ("first_step", "first_unit")),
                "help": i18n.family("hidden.{}_help", ("first_step", "first_unit"), fields=("shown",))}
FIELDS = url_state.register(
    __name__,
    # The opening example is the one-hot "hello" (the notes' second lecture): with the default layer it is 3 units
    # over 5 steps, every value printed.
    url_state.choice_field("input", "word", KINDS),
    url_state.text_field("word", "hello", MAX_WORD_LENGTH),
    # Indices into what the layer controls allow (their ranges are declared on LayerSpec and Preset).
    url_state.int_field("layer", 0, 0, MAX_LAYERS - 1),
    url_state.int_field("direction", 0, 0, 1),
    url_state.int_field("item", 0, 0, bounds_of(Preset, "batch").high - 1),
    url_state.int_field("unit", 0, 0, MAX_HIDDEN - 1),
    url_state.int_field("first_step", 0, 0, bounds_of(Preset, "seq_len").high - 1),
    url_state.int_field("first_unit", 0, 0, MAX_HIDDEN - 1),
    # The step the cell diagram opens at: a heatmap cell picked, kept in the link (no widget of its own).
    url_state.int_field("cell_step", 0, 0, bounds_of(Preset, "seq_len").high - 1),
)


@dataclass(frozen=True)
class InputChoice:
    kind: str
    word: str


@dataclass(frozen=True)
class ViewChoice:
    """What to show: one layer and direction of one sequence, the unit whose equation is written out, and the
    window of steps and units drawn (the whole sequence unless it is larger than the display limits)."""

    layer: int
    direction: int
    batch_item: int
    unit: int
    steps: range
    units: range


def input_sidebar() -> InputChoice:
    """The example input: its kind and, for one-hot characters, the word."""
    sidebar = sidebar_section(FIELDS.values(), "hidden.input_header")
    kind = translated_radio(sidebar, FIELDS["input"], "hidden.input_kind", INPUT_TEXTS["name"])
    word = url_state.value(FIELDS["word"])
    if kind == "word":
        word = url_state.bound(sidebar.text_input, FIELDS["word"], tr("hidden.word"), max_chars=MAX_WORD_LENGTH,
                               help=tr("hidden.word_help"))
    return InputChoice(kind, word)


def _window(name: str, total: int, shown: int, step: int) -> range:
    """The part of `total` items drawn: all of them, or `shown` from a start the user picks in the sidebar."""
    if total <= shown:
        return range(total)
    url_state.clamp(FIELDS[name], 0, total - shown)
    start = url_state.bound(st.sidebar.number_input, FIELDS[name], tr(WINDOW_TEXTS["label"].key(name)),
                            min_value=0, max_value=total - shown, step=step,
                            help=tr(WINDOW_TEXTS["help"].key(name), shown=shown))
    return range(start, start + shown)


def view_sidebar(spec: LayerSpec, seq_len: int, batch: int) -> ViewChoice:
    """Layer, direction, sequence and unit pickers, and window starts when the sequence or layer is larger than
    the display limits (MAX_STEPS_SHOWN x MAX_UNITS_SHOWN)."""
    url_state.restore_from_url(list(FIELDS.values()))  # also when the page drew no input controls (a task's input)
    sidebar = st.sidebar
    sidebar.subheader(tr("hidden.view_header"))
    url_state.clamp(FIELDS["layer"], 0, spec.num_layers - 1)
    layer = url_state.bound(sidebar.selectbox, FIELDS["layer"], tr("hidden.layer"),
                            options=list(range(spec.num_layers)), help=tr("hidden.layer_help"))
    direction = 0
    if spec.bidirectional:
        url_state.clamp(FIELDS["direction"], 0, 1)
        direction = url_state.bound(sidebar.radio, FIELDS["direction"], tr("hidden.direction"), options=[0, 1],
                                    format_func=labels(DIRECTION_WORDS, dict(enumerate(DIRECTION_WORDS.names))),
                                    horizontal=True, help=tr("hidden.direction_help"))
    batch_item = 0
    if batch > 1:
        url_state.clamp(FIELDS["item"], 0, batch - 1)
        batch_item = url_state.bound(sidebar.number_input, FIELDS["item"], tr("hidden.batch_item"), min_value=0,
                                     max_value=batch - 1, step=1, help=tr("hidden.batch_item_help"))
    units_total = spec.output_size if spec.cell != "LSTM" else spec.hidden_size
    url_state.clamp(FIELDS["unit"], 0, units_total - 1)
    unit = url_state.bound(sidebar.number_input, FIELDS["unit"], tr("hidden.unit"), min_value=0,
                           max_value=units_total - 1, step=1, help=tr("hidden.unit_help"))
    steps = _window("first_step", seq_len, MAX_STEPS_SHOWN, 50)
    units = _window("first_unit", units_total, MAX_UNITS_SHOWN, 32)
    return ViewChoice(int(layer), int(direction), int(batch_item), int(unit), steps, units)
