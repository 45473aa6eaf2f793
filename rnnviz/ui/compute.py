"""Cached wrappers around the library's torch work, for the pages.

Only immutable results (shapes, numbers, frames) are cached with `st.cache_data`, which hands each session its
own copy, so one user's work can never change what another sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Hashable

import numpy as np
import pandas as pd
import streamlit as st
import torch

from rnnviz import inputs, memory, run, sequences
from rnnviz.charlm import CharModel, Corpus, load_corpus, ngram_baselines, validation_loss
from rnnviz.charlm.bundle import note, pretrained
from rnnviz.charlm.features import text_features
from rnnviz.charlm.own_text import is_own, kept_text
from rnnviz.charlm.reading import Reading, hidden_states, read
from rnnviz.figures.cell_diagram import DiagramText, cell_diagram_figure
from rnnviz.figures.hidden_states import FigureText, hidden_state_base, with_equation
from rnnviz.gradients import GradientCurves, StudySettings, Theory, layer_gradient_study, run_study
from rnnviz.identities import Identity, identities, unbatched_shapes
from rnnviz.lessons import Answer, Step
from rnnviz.market import download_ohlc
from rnnviz.recording import Recording, record
from rnnviz.spec import LayerSpec


@st.cache_data(max_entries=256, show_spinner=False)
def measured_shapes(spec: LayerSpec, seq_len: int, batch: int, seed: int) -> dict[str, tuple[int, ...]]:
    """`rnnviz.run.measured_shapes`, cached per (layer, input size, seed)."""
    return run.measured_shapes(spec, seq_len, batch, seed)


@dataclass(frozen=True)
class RecordedExample:
    """Which sequence the Hidden states page records: the layer, the example input's settings, and the batch item
    (0 <= batch_item < batch) whose steps are drawn."""

    spec: LayerSpec
    kind: str
    word: str
    seq_len: int
    batch: int
    seed: int
    batch_item: int


@dataclass(frozen=True)
class HeatmapWindow:
    """The part of a recording one figure draws: a layer and direction, and the steps and units in view."""

    layer: int
    direction: int
    steps: range
    units: range


@st.cache_data(max_entries=64, show_spinner=False)
def recording(example: RecordedExample) -> Recording:
    """`rnnviz.recording.record` of one sequence of the example, cached per settings."""
    given = inputs.example_input(example.kind, example.word, example.seq_len, example.batch, example.spec.input_size,
                          example.seed)
    return record(example.spec, given, example.batch_item, example.seed)


# A figure is large and read-only once built: cache_resource hands out the object itself instead of unpickling a
# copy per rerun. Nothing mutates it (st.plotly_chart converts it with to_dict()).
@st.cache_resource(max_entries=16, show_spinner=False)
def hidden_state_chart(example: RecordedExample, window: HeatmapWindow, unit: int, text: FigureText):
    """The animated heatmap figure of `window` of one recorded sequence, with the equation of `unit`: a new unit
    only writes the equations into the cached rest of the figure."""
    recorded = recording(example)
    base = _hidden_state_base(example, window, text)
    direction = recorded.directions[(window.layer, window.direction)]
    return with_equation(base, example.spec, direction, recorded.step_labels, window.steps, unit, text)


@st.cache_resource(max_entries=8, show_spinner=False)
def _hidden_state_base(example: RecordedExample, window: HeatmapWindow, text: FigureText) -> dict:
    """Everything of the hidden-state figure but the equation (rnnviz.figures.hidden_states.hidden_state_base)."""
    recorded = recording(example)
    return hidden_state_base(example.spec, recorded.directions[(window.layer, window.direction)],
                             recorded.step_labels, window.steps, window.units, text)


@st.cache_resource(max_entries=16, show_spinner=False)
def cell_chart(example: RecordedExample, window: HeatmapWindow, unit: int, text: DiagramText, start: int):
    """The cell diagram of `unit` over the window's steps, opening at step `start` (rnnviz.figures.cell_diagram),
    built once per view."""
    recorded = recording(example)
    return cell_diagram_figure(example.spec, recorded.directions[(window.layer, window.direction)],
                               recorded.step_labels, window.steps, unit, text, window.direction, start)


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


@st.cache_data(max_entries=16, show_spinner=False)
def layer_gradient_curves(spec: LayerSpec, seq_len: int, seeds: int) -> GradientCurves:
    """`rnnviz.gradients.layer_gradient_study` of one layer (an uploaded one), cached per settings."""
    return layer_gradient_study(spec, seq_len, seeds)


@st.cache_data(max_entries=32, show_spinner=False)
def gradient_curves(settings: StudySettings) -> tuple[dict[str, GradientCurves], Theory]:
    """`rnnviz.gradients.run_study`, cached per settings (about a second at seq_len 1000: the page shows a
    spinner around the call)."""
    return run_study(settings)


# ---- the language models (a corpus, its bundled model and what is computed once about them) ----------------------
def lm_corpus(name: str) -> Corpus:
    """A bundled corpus (`rnnviz.charlm.load_corpus`, once per server) or a student's text kept on the server
    (rnnviz.charlm.own_text; RnnvizError "own_text_gone" when it was let go)."""
    return kept_text(name) if is_own(name) else _bundled_corpus(name)


@st.cache_resource(show_spinner=False)
def _bundled_corpus(name: str) -> Corpus:
    return load_corpus(name)


@st.cache_resource(show_spinner=False)
def lm_bundled(name: str) -> CharModel:
    """The corpus's bundled model (rnnviz.charlm.bundle), loaded once per server."""
    return pretrained(name, corpus=lm_corpus(name))


@st.cache_data(show_spinner=False)
def lm_note(name: str) -> dict:
    """The bundled model's note, read from disk once per server rather than on every rerun."""
    return note(name)


@st.cache_data(show_spinner=False)
def lm_baselines(name: str) -> dict[str, float]:
    """The n-gram baselines' validation nats per character: "unigram", "bigram", "trigram" -> nats."""
    return ngram_baselines(lm_corpus(name))


@st.cache_resource(show_spinner=False, max_entries=6)  # students' texts come and go: a few at a time
def lm_features(name: str) -> dict[str, np.ndarray]:
    """The corpus's text features (rnnviz.charlm.features): name -> (len(text),) float32."""
    return text_features(lm_corpus(name))


@st.cache_resource(show_spinner=False, max_entries=8)
def lm_validation(key: str, _model: CharModel, name: str) -> float:
    """The model's validation nats per character; `key` names the model (it is not hashed)."""
    return validation_loss(_model, lm_corpus(name))


@st.cache_resource(show_spinner=False, max_entries=4)
def lm_long_states(key: str, _model: CharModel, name: str, length: int) -> torch.Tensor:
    """The model's states over the first `length` validation characters, for select-and-match."""
    corpus = lm_corpus(name)
    return hidden_states(_model, corpus, corpus.validation_text[:length])


@st.cache_resource(show_spinner=False, max_entries=16)
def lm_reading(key: str, _model: CharModel, name: str, start: int, length: int) -> Reading:
    """The model read over `length` validation characters from `start`, warmed up on the 200 before them."""
    corpus = lm_corpus(name)
    return read(_model, corpus, corpus.validation_text[start:start + length],
                corpus.validation_text[max(0, start - 200):start])


# ---- downloaded prices ----------------------------------------------------------------------------------------------
@st.cache_data(ttl=6 * 3600, max_entries=64, show_spinner=False)
def cached_download(ticker: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """`rnnviz.market.download_ohlc`, cached for six hours per (ticker, range). Failures are not cached."""
    return download_ohlc(ticker, start, end)


# ---- lessons --------------------------------------------------------------------------------------------------------
@st.cache_data(max_entries=64, show_spinner=False)
def lesson_answer(step: Step) -> Answer:
    """`step.question.answer(step)`: torch's answer to a lesson step's question, once per step's settings (raises
    RnnvizError when it cannot be computed, over the budget included)."""
    return step.question.answer(step)


@st.cache_data(max_entries=64, show_spinner=False)
def packed_run(spec: LayerSpec, lengths: tuple[int, ...], seq_len: int, seed: int,
               enforce_sorted: bool) -> sequences.PackedRun:
    """`rnnviz.sequences.run_packed` on the seeded padded batch of `lengths` (T = seq_len), cached per settings."""
    x = sequences.padded_batch(lengths, spec.input_size, seed, spec.batch_first, total_length=seq_len)
    return sequences.run_packed(spec.build(seed), x, lengths, enforce_sorted)


@st.cache_data(max_entries=64, show_spinner=False)
def windowed_reading(spec: LayerSpec, stream: sequences.StreamSettings, seed: int) -> sequences.WindowedReading:
    """`rnnviz.sequences.read_in_windows` on the seeded long sequence, with a module of its own (its gradients are
    written), cached per settings."""
    x = sequences.stream_input(stream, spec.input_size, seed, spec.batch_first)
    return sequences.read_in_windows(spec.build(seed), x, stream)


@st.cache_data(max_entries=32, show_spinner=False)
def memory_initial_decay(cell: str, seq_len: int) -> float:
    """`rnnviz.memory.initial_decay`: a memory-ladder cell's gradient factor per step at initialisation."""
    return memory.initial_decay(cell, seq_len)


@st.cache_data(show_spinner=False)
def lm_memory_profile(name: str) -> np.ndarray:
    """`rnnviz.memory.language_model_profile` of the bundled model on its corpus's validation text, once."""
    return memory.language_model_profile(lm_bundled(name), lm_corpus(name).validation_ids)
