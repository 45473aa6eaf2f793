"""Cached wrappers around the library's torch work, for the pages.

Only immutable results (shapes, numbers, frames) are cached with `st.cache_data`, which hands each session its
own copy, so one user's work can never change what another sees.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable

import streamlit as st

from rnnviz import inputs, run
from rnnviz.figures.hidden_states import FigureText, hidden_state_base, with_equation
from rnnviz.gradients import GradientCurves, StudySettings, Theory, run_study
from rnnviz.identities import Identity, identities, unbatched_shapes
from rnnviz.recording import Recording, record
from rnnviz.spec import LayerSpec


@st.cache_data(max_entries=256, show_spinner=False)
def measured_shapes(spec: LayerSpec, seq_len: int, batch: int, seed: int) -> dict[str, tuple[int, ...]]:
    """`rnnviz.run.measured_shapes`, cached per (layer, input size, seed)."""
    return run.measured_shapes(spec, seq_len, batch, seed)


def example_input(kind: str, word: str, seq_len: int, batch: int, input_size: int, seed: int) -> inputs.ExampleInput:
    """The chosen example input (see rnnviz.inputs); raises ValueError for an unusable word or window."""
    if kind == "word":
        return inputs.one_hot_word(word)
    if kind == "sine":
        return inputs.sine_wave(seq_len)
    if kind == "prices":
        return inputs.price_window(seq_len)
    return inputs.random_normal(seq_len, batch, input_size, seed)


@st.cache_data(max_entries=64, show_spinner=False)
def recording(spec: LayerSpec, kind: str, word: str, seq_len: int, batch: int, seed: int,
              batch_item: int) -> Recording:
    """`rnnviz.recording.record` of one sequence of the example, cached per settings."""
    example = example_input(kind, word, seq_len, batch, spec.input_size, seed)
    return record(spec, example, batch_item, seed)


# A figure is large and read-only once built: cache_resource hands out the object itself instead of unpickling a
# copy per rerun. Nothing mutates it (st.plotly_chart converts it with to_dict()).
@st.cache_resource(max_entries=16, show_spinner=False)
def hidden_state_chart(spec: LayerSpec, kind: str, word: str, seq_len: int, batch: int, seed: int, batch_item: int,
                       layer: int, direction: int, steps: range, units: range, unit: int, text: FigureText):
    """The animated heatmap figure for one layer and direction of one recorded sequence, with the equation of
    `unit`: a new unit only writes the equations into the cached rest of the figure."""
    recorded = recording(spec, kind, word, seq_len, batch, seed, batch_item)
    base = _hidden_state_base(spec, kind, word, seq_len, batch, seed, batch_item, layer, direction, steps, units, text)
    return with_equation(base, spec, recorded.directions[(layer, direction)], recorded.step_labels, steps, unit, text)


@st.cache_resource(max_entries=8, show_spinner=False)
def _hidden_state_base(spec: LayerSpec, kind: str, word: str, seq_len: int, batch: int, seed: int, batch_item: int,
                       layer: int, direction: int, steps: range, units: range, text: FigureText) -> dict:
    """Everything of the hidden-state figure but the equation (rnnviz.figures.hidden_states.hidden_state_base)."""
    recorded = recording(spec, kind, word, seq_len, batch, seed, batch_item)
    return hidden_state_base(spec, recorded.directions[(layer, direction)], recorded.step_labels, steps, units, text)


# A shared run's views (its figures, the analyses under them) depend only on the run, the view and the language: the
# thirty sessions of a class that waited for one run show them built once, not thirty times (benchmark rows "30
# sessions press Train at once"; building Plotly figures was 90 % of each session's rerun). Read-only, as above.
@st.cache_resource(max_entries=32, show_spinner=False)
def _built(key: Hashable, _build: Callable[[], Any]) -> Any:
    return _build()


def built_once(key: tuple, build: Callable[[], Any]) -> Any:
    """`build()` once per server for `key`, which must name everything the result depends on (a shared run's key,
    the data's digest, the view, the language's texts); sessions asking at once wait for the one build. The result
    is shared by every session: never mutate it (`show_chart` copies a figure for lecture mode)."""
    return _built(key, build)


@st.cache_data(max_entries=64, show_spinner=False)
def layer_identities(spec: LayerSpec, seq_len: int, batch: int, seed: int) -> list[Identity]:
    """`rnnviz.identities.identities`, cached per settings."""
    return identities(spec, seq_len, batch, seed)


@st.cache_data(max_entries=64, show_spinner=False)
def unbatched(spec: LayerSpec, seq_len: int, seed: int) -> dict[str, tuple[int, ...]]:
    """`rnnviz.identities.unbatched_shapes`, cached per settings."""
    return unbatched_shapes(spec, seq_len, seed)


@st.cache_data(max_entries=32, show_spinner=False)
def gradient_curves(settings: StudySettings) -> tuple[dict[str, GradientCurves], Theory]:
    """`rnnviz.gradients.run_study`, cached per settings (about a second at seq_len 1000: the page shows a
    spinner around the call)."""
    return run_study(settings)
