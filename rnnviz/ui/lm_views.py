"""The language-model page: which model, its score beside the n-gram baselines, a passage coloured by one unit,
the unit finder, select-and-match and sampling.

The bundled model of a corpus is loaded once per server (`rnnviz.ui.compute`, with everything else cached about the
corpora); a model trained here lives in the user's session only and replaces the bundled one there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st
import torch

from rnnviz import i18n
from rnnviz.bounds import Bounds
from rnnviz.charlm import CORPORA, CharModel, Corpus, bits_per_char
from rnnviz.charlm.bundle import paths
from rnnviz.charlm.features import FEATURES
from rnnviz.charlm.model import EMBEDDING
from rnnviz.charlm.ngram import ORDERS as NGRAM_ORDERS
from rnnviz.charlm.own_text import decoded_text, keep_text
from rnnviz.charlm.patterns import first_match
from rnnviz.charlm.reading import (
    Reading,
    rank_units,
    reading_of,
    sample_steps,
    select_and_match,
    top_guesses,
)
from rnnviz.charlm.training import BATCH, DEFAULT_SPEC, LIVE_STATEFUL, LR, SEQ_LEN, train
from rnnviz.errors import RnnvizError
from rnnviz.figures.coloured_text import coloured_text_html
from rnnviz.figures.lm import loss_bars_figure
from rnnviz.figures.loss import loss_curves_figure
from rnnviz.figures.theme import titled
from rnnviz.figures.trained import TRAINED_COLOR
from rnnviz.limits import (
    MAX_OWN_TEXT_BYTES,
    MAX_OWN_TEXT_CHARS,
    MAX_OWN_VOCABULARY,
    MAX_PATTERN_LENGTH,
    MIB,
    MIN_OWN_TEXT_CHARS,
    lm_training_seconds,
)
from rnnviz.threads import CHARLM_THREADS
from rnnviz.ui import url_state
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import (
    lm_baselines,
    lm_bundled,
    lm_corpus,
    lm_features,
    lm_long_states,
    lm_note,
    lm_reading,
    lm_validation,
)
from rnnviz.ui.language import error_text, labels, tr
from rnnviz.ui.runs import LiveChartSpec, Progress, run_button, run_shared
from rnnviz.ui.sidebar import sidebar_section, translated_radio

PASSAGE = 1500  # characters of validation text coloured at once
FINDER_PREVIEW = 300  # characters of the passage shown for each feature's best unit
MATCH_TEXT = 100_000  # characters of validation text searched by select-and-match
SAMPLE_LENGTH = 400  # characters sampled
GROWTH_STEP = 20  # characters drawn between two repaints of the growing sample
MAX_SAMPLES = 16  # samples a session keeps
SOURCES = ("bundled", "live")
STATES = ("cell", "hidden")
OWN_TEXT = "own"  # the corpus choice that is the student's own text (rnnviz.charlm.own_text)
CORPUS_NAMES = i18n.family("lm.corpus_{}", CORPORA + (OWN_TEXT,))
SOURCE_NAMES = i18n.family("lm.source_{}", SOURCES)
STATE_NAMES = i18n.family("lm.state_{}", STATES)
FEATURE_NAMES = i18n.family("lm.feature_{}", dict.fromkeys(name for names in FEATURES.values() for name in names))
NGRAM_NAMES = i18n.family("lm.baseline_{}", NGRAM_ORDERS)
FIELDS = url_state.register(
    __name__,
    url_state.choice_field("lm_corpus", CORPORA[0], CORPORA + (OWN_TEXT,)),
    url_state.choice_field("lm_model", SOURCES[0], SOURCES),
    # The longest training a click may ask for is the budget's CPU seconds over the training's two threads.
    url_state.number_field("lm_seconds", lm_training_seconds(CHARLM_THREADS),
                           Bounds(10, lm_training_seconds(CHARLM_THREADS), 10)),
    url_state.number_field("lm_start", 0, Bounds(0, 100_000, 100)),
    url_state.choice_field("lm_state", STATES[0], STATES),
    url_state.number_field("lm_unit", 0, Bounds(0, 4095)),
    url_state.text_field("lm_pattern", "", max_length=MAX_PATTERN_LENGTH),
    url_state.number_field("lm_threshold", 0.5, Bounds(-1.0, 1.0, 0.05)),
    url_state.number_field("lm_temperature", 0.8, Bounds(0.1, 2.0, 0.1)),
    url_state.number_field("lm_seed", 0, Bounds(0, 9999)),
)
_LIVE = "lm_live_models"  # session key: corpus name -> TrainedModel
_OWN_NAME = "lm_own_corpus"  # session key: the name of the student's kept text in use
_OWN_CLICKED = "lm_own_clicked"  # session key: "Use this text" was pressed
_OWN_PASTE, _OWN_PASTE_KEPT = "lm_own_paste", "lm_own_paste_kept"  # the text box, and its copy
_SAMPLES = "lm_samples"  # session key: (model key, temperature, seed) -> the sample's Reading


@dataclass(frozen=True)
class Chosen:
    """The model on screen, the corpus it reads, and a key naming it for the caches."""

    corpus: Corpus
    model: CharModel
    key: str
    trained_here: bool


def model_sidebar() -> Chosen | None:
    """Corpus and model in the sidebar; training from scratch when asked, with a progress bar. A student's own
    text has no bundled model: until one is trained here, its n-gram baselines are shown and this returns None
    (the page ends there; returning, not stopping the script, lets a handout walk keep that view and go on)."""
    sidebar = sidebar_section(FIELDS.values(), "lm.model_header")
    name = translated_radio(sidebar, FIELDS["lm_corpus"], "lm.corpus", CORPUS_NAMES)
    own = name == OWN_TEXT
    if own:
        corpus, source, bundled = _own_text_sidebar(sidebar), "live", False
        if corpus is None:
            return None
    else:
        source = translated_radio(sidebar, FIELDS["lm_model"], "lm.source", SOURCE_NAMES)
        corpus, bundled = lm_corpus(name), paths(name)[0].exists()
        if not bundled:
            st.info(tr("lm.no_bundled"), icon=":material/info:")
    live = st.session_state.setdefault(_LIVE, {})
    if source == "live" or not bundled:
        how = tr("lm.seconds_help", layer=DEFAULT_SPEC.constructor_code(), embedding=EMBEDDING, lr=f"{LR:g}",
                 batch=BATCH, seq_len=SEQ_LEN, threads=CHARLM_THREADS)
        seconds = url_state.bound(sidebar.slider, FIELDS["lm_seconds"], tr("lm.seconds"), help=how)
        if run_button(tr("lm.train"), "lm_train", container=sidebar):
            live[corpus.name] = _train_live(corpus, float(seconds))
        if corpus.name in live:
            return Chosen(corpus, live[corpus.name].model, f"live:{corpus.name}:{id(live[corpus.name])}", True)
        if own:
            _own_text_baselines(corpus)
        if not bundled:
            return None
        st.info(tr("lm.press_train"), icon=":material/model_training:")
    return Chosen(corpus, lm_bundled(name), f"bundled:{name}", False)


def _read_own_text(paste: str, upload) -> Corpus:
    """The uploaded file's text if there is one, else the pasted text, as a kept corpus (RnnvizError if unfit)."""
    if upload is None:
        return keep_text(paste)
    data = upload.read(MAX_OWN_TEXT_BYTES + 1)
    if len(data) > MAX_OWN_TEXT_BYTES:
        raise RnnvizError("own_text_bytes", limit=f"{MAX_OWN_TEXT_BYTES // MIB}")
    return keep_text(decoded_text(data))


def _own_text_sidebar(sidebar) -> Corpus | None:
    """Paste or upload a text and use it; returns its corpus, or None once it has said what to do."""
    # The pasted text outlives the text box (which Streamlit forgets while another corpus is shown).
    st.session_state.setdefault(_OWN_PASTE, st.session_state.get(_OWN_PASTE_KEPT, ""))
    paste = sidebar.text_area(tr("lm.own_paste"), key=_OWN_PASTE, height=140, max_chars=MAX_OWN_TEXT_CHARS,
                              help=tr("lm.own_paste_help", minimum=f"{MIN_OWN_TEXT_CHARS:,}",
                                      maximum=f"{MAX_OWN_TEXT_CHARS:,}", vocabulary=f"{MAX_OWN_VOCABULARY:,}"))
    st.session_state[_OWN_PASTE_KEPT] = paste
    upload = sidebar.file_uploader(tr("lm.own_upload"), type=["txt", "md", "py", "csv"], key="lm_own_upload",
                                   help=tr("lm.own_upload_help", limit=f"{MAX_OWN_TEXT_BYTES // MIB}"))
    # The click is kept by a callback: the router's first rerun would drop a button's return value.
    sidebar.button(tr("lm.own_use"), key="lm_own_use", icon=":material/check:", type="primary",
                   on_click=st.session_state.__setitem__, args=(_OWN_CLICKED, True))
    if st.session_state.pop(_OWN_CLICKED, False):
        try:
            st.session_state[_OWN_NAME] = _read_own_text(paste, upload).name
        except RnnvizError as error:
            sidebar.error(tr("lm.own_failed", reason=error_text(error)), icon=":material/error:")
    name = st.session_state.get(_OWN_NAME)
    if name is None:
        st.info(tr("lm.own_intro", minimum=f"{MIN_OWN_TEXT_CHARS:,}"), icon=":material/edit_note:")
        return None
    try:
        corpus = lm_corpus(name)
    except RnnvizError as error:
        del st.session_state[_OWN_NAME]
        st.warning(error_text(error), icon=":material/warning:")
        return None
    st.info(tr("lm.own_summary", chars=f"{len(corpus.text):,}", vocabulary=f"{len(corpus.vocabulary):,}",
               train=f"{corpus.split_at:,}", validation=f"{len(corpus.validation_text):,}"),
            icon=":material/description:")
    return corpus


def _own_text_baselines(corpus: Corpus) -> None:
    """Before a model is trained on a student's text: what it will have to beat, and how to train it."""
    st.subheader(tr("lm.own_baselines_header"))
    baselines = lm_baselines(corpus.name)
    st.dataframe(pd.DataFrame({tr("lm.nats"): [f"{v:.3f}" for v in baselines.values()],
                               tr("lm.bits"): [f"{bits_per_char(v):.3f}" for v in baselines.values()]},
                              index=[tr(NGRAM_NAMES.key(k)) for k in baselines]), width="content")
    st.info(tr("lm.own_press_train"), icon=":material/model_training:")


# A step of the live model takes about 0.1-0.2 s here: the live chart shows the run every ten steps.
LIVE_REPORT_STEPS = 10


def _train_live(corpus: Corpus, seconds: float):
    chart = LiveChartSpec("lm_loss", LIVE_REPORT_STEPS, lambda reports: loss_curves_figure(
        np.arange(1, len(reports) + 1), {tr("lm.train_loss"): [loss for loss, _ in reports]},
        tr("trained.step_axis"), tr("lm.train_loss"), log=False, colors=(TRAINED_COLOR,)))

    def describe(reports: list[tuple[float, float]]) -> tuple[float, str]:
        loss, elapsed = reports[-1]
        return elapsed / seconds, tr("lm.training", elapsed=int(elapsed), seconds=int(seconds), loss=f"{loss:.2f}")

    def work(report):
        return train(corpus, DEFAULT_SPEC, seconds=seconds, on_step=lambda step, loss, elapsed: report((loss, elapsed)),
                     stateful=LIVE_STATEFUL)

    # Trained for a time, not a number of steps: sessions asking at once share one run (rnnviz.ui.runs).
    return run_shared("lm", (corpus.name, seconds), work,
                      Progress(tr("lm.training", elapsed=0, seconds=int(seconds), loss="…"), describe, chart))


def scores(chosen: Chosen) -> None:
    """Validation loss of the model and of the three n-gram baselines, in nats and bits per character."""
    name = chosen.corpus.name
    facts = None if chosen.trained_here else lm_note(name)
    # The bundled model's loss was measured on the same validation text by the script that trained it
    # (validation_loss, stored in its note; tests/test_charlm_bundled.py checks the weights still give it).
    ours = lm_validation(chosen.key, chosen.model, name) if facts is None else facts["validation_nats"]
    baselines = lm_baselines(name)
    named = {tr(NGRAM_NAMES.key(k)): v for k, v in baselines.items()}
    rows = {tr("lm.this_model"): ours, **named}
    chart, table = st.columns([3, 2])
    with chart:
        show_chart(titled(loss_bars_figure(tr("lm.this_model"), ours, named, tr("lm.nats")),
                          chosen.model.spec.constructor_code()), f"language_model_{name}_loss")
    table.dataframe(pd.DataFrame({tr("lm.nats"): [f"{v:.3f}" for v in rows.values()],
                                  tr("lm.bits"): [f"{bits_per_char(v):.3f}" for v in rows.values()]},
                                 index=list(rows)), width="stretch")
    trigram = baselines["trigram"]
    key = "lm.beats" if ours < trigram else "lm.does_not_beat"
    st.markdown(tr(key, difference=f"{abs(trigram - ours):.2f}"))
    if facts is not None:
        st.caption(tr("lm.bundled_note", command=facts["command"], steps=facts["steps"],
                      minutes=f"{facts['seconds'] / 60:.0f}", spec=chosen.model.spec.constructor_code()))


@dataclass(frozen=True)
class Passage:
    """The coloured passage: its text, where it starts in the validation text, the states (T, H) shown, the unit
    and which state ("cell" or "hidden")."""

    text: str
    start: int
    states: torch.Tensor
    unit: int
    kind: str


def passage(chosen: Chosen) -> Passage:
    """The passage controls and the passage coloured by the chosen unit, its next-character guesses on hover."""
    corpus, model = chosen.corpus, chosen.model
    kinds = STATES if model.spec.cell == "LSTM" else ("hidden",)
    if url_state.value(FIELDS["lm_state"]) not in kinds:
        url_state.save("lm_state", "hidden")
    units = model.spec.hidden_size if url_state.value(FIELDS["lm_state"]) == "cell" else model.spec.output_size
    url_state.clamp(FIELDS["lm_unit"], 0, units - 1)
    left, middle, right = st.columns(3)
    start = int(url_state.bound(left.number_input, FIELDS["lm_start"], tr("lm.start"),
                                max_value=len(corpus.validation_text) - PASSAGE, help=tr("lm.start_help")))
    kind = url_state.bound(middle.radio, FIELDS["lm_state"], tr("lm.state"), options=list(kinds), horizontal=True,
                           format_func=labels(STATE_NAMES))
    unit = int(url_state.bound(right.number_input, FIELDS["lm_unit"], tr("lm.unit"), max_value=units - 1))
    reading = lm_reading(chosen.key, model, corpus.name, start, PASSAGE)
    st.caption(tr("lm.passage_caption", unit=unit, kind=tr(STATE_NAMES.key(kind)), start=start, end=start + PASSAGE))
    st.html(coloured_text_html(**_colouring(reading, corpus, unit, kind)))
    return Passage(reading.text, start, reading.state(kind), unit, kind)


def _shown(char: str) -> str:
    return {"\n": "↵", " ": "␣", "\t": "⇥"}.get(char, char)


def unit_finder(chosen: Chosen, shown: Passage) -> None:
    """Every unit ranked by |r| with each named feature over the passage; the best three per feature listed."""
    offset = chosen.corpus.split_at + shown.start
    features = {name: values[offset:offset + len(shown.text)]
                for name, values in lm_features(chosen.corpus.name).items()}
    ranked = rank_units(shown.states, features)
    rows, best = [], {}
    for name, r in ranked.items():
        order = torch.argsort(r.abs(), descending=True)[:3]
        best[name] = int(order[0])
        rows.append({tr("lm.feature"): tr(FEATURE_NAMES.key(name)),
                     **{tr("lm.rank", rank=rank + 1): f"{int(unit)} (r = {float(r[unit]):+.2f})"
                        for rank, unit in enumerate(order)}})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(tr("lm.finder_caption", kind=tr(STATE_NAMES.key(shown.kind))))
    st.selectbox(tr("lm.show_unit"), options=list(best), index=None, key="lm_pick_feature",
                 format_func=lambda name: f"{tr(FEATURE_NAMES.key(name))}: {best[name]}",
                 on_change=_show_best_unit, args=(best,), placeholder=tr("lm.show_unit_placeholder"))
    for name, unit in best.items():
        values = shown.states[:FINDER_PREVIEW, unit].numpy()
        r = float(ranked[name][unit])
        st.markdown(f"**{tr(FEATURE_NAMES.key(name))}** · {tr('lm.unit')} {unit} (r = {r:+.2f})")
        st.html(coloured_text_html(shown.text[:FINDER_PREVIEW], values, scale=_scale(values, shown.kind),
                                   font_size=13))


def _show_best_unit(best: dict[str, int]) -> None:
    """Selectbox callback: colour the passage by the best unit of the chosen feature."""
    name = st.session_state.get("lm_pick_feature")
    if name in best:
        url_state.save("lm_unit", best[name])


def _scale(values: np.ndarray, kind: str) -> float:
    """Hidden states lie in [-1, 1]; a cell state is scaled by its largest magnitude in view (at least 1)."""
    return max(1.0, float(np.abs(values).max())) if kind == "cell" else 1.0


def select_and_match_section(chosen: Chosen, shown: Passage) -> None:
    """A regex picks a span of the passage; the units on throughout it and off around it; where else they fire."""
    text, start = shown.text, shown.start
    left, right = st.columns([3, 1])
    pattern = url_state.bound(left.text_input, FIELDS["lm_pattern"], tr("lm.pattern"),
                              help=tr("lm.pattern_help", limit=MAX_PATTERN_LENGTH), max_chars=MAX_PATTERN_LENGTH,
                              placeholder="ROMEO:" if chosen.corpus.name == "shakespeare" else "return ")
    threshold = url_state.bound(right.slider, FIELDS["lm_threshold"], tr("lm.threshold"))
    if not pattern:
        return
    try:
        found = first_match(pattern, text)
    except RnnvizError as error:
        st.error(error_text(error), icon=":material/error:")
        return
    if not found or found.end == found.start:
        st.warning(tr("lm.no_span"), icon=":material/search_off:")
        return
    with st.spinner(tr("lm.reading_long", chars=f"{MATCH_TEXT:,}")):  # about 7 s, once per model
        states = lm_long_states(chosen.key, chosen.model, chosen.corpus.name, MATCH_TEXT)
    span = (start + found.start, start + found.end)
    matches = select_and_match(states, *span, threshold=float(threshold))
    if not matches.units:
        st.info(tr("lm.no_units"), icon=":material/info:")
        return
    st.markdown(tr("lm.units_found", count=len(matches.units), units=", ".join(map(str, matches.units[:30]))))
    validation = chosen.corpus.validation_text
    lines = []
    for run_start, run_end in matches.runs:
        before = validation[max(0, run_start - 30):run_start].replace("\n", "↵")
        inside = validation[run_start:run_end].replace("\n", "↵")
        after = validation[run_end:run_end + 30].replace("\n", "↵")
        lines.append(f"{run_start:>7}  {before}[{inside}]{after}")
    st.code("\n".join(lines) or tr("lm.no_matches"), language="text")


def _titles(reading: Reading, corpus: Corpus) -> list[str]:
    """Each character's hover text: its five likeliest next characters with their probabilities."""
    return [" · ".join(f"{_shown(char)} {p:.0%}" for char, p in guesses) for guesses in top_guesses(reading, corpus)]


def _colouring(reading: Reading, corpus: Corpus, unit: int, kind: str) -> dict:
    """coloured_text_html's arguments for a reading coloured by one unit, its guesses on hover."""
    values = reading.state(kind)[:, unit].numpy()
    return dict(text=reading.text, values=values, scale=_scale(values, kind), titles=_titles(reading, corpus))


def sampling(chosen: Chosen, shown: Passage) -> None:
    """A sample drawn at the chosen temperature and seed, coloured by the passage's unit while it grows (then
    kept in the session, so a rerun shows it at once)."""
    unit, kind = shown.unit, shown.kind
    left, right = st.columns(2)
    temperature = url_state.bound(left.slider, FIELDS["lm_temperature"], tr("lm.temperature"),
                                  help=tr("lm.temperature_help"))
    seed = url_state.bound(right.number_input, FIELDS["lm_seed"], tr("lm.seed"))
    key = (chosen.key, float(temperature), int(seed))
    samples: dict = st.session_state.setdefault(_SAMPLES, {})
    place = st.empty()
    if key not in samples:
        steps = []
        for step in sample_steps(chosen.model, chosen.corpus, SAMPLE_LENGTH, float(temperature), int(seed)):
            steps.append(step)
            if len(steps) % GROWTH_STEP == 0:
                place.html(coloured_text_html(**_colouring(reading_of(steps), chosen.corpus, unit, kind)))
        if len(samples) >= MAX_SAMPLES:
            samples.pop(next(iter(samples)))
        samples[key] = reading_of(steps)
    place.html(coloured_text_html(**_colouring(samples[key], chosen.corpus, unit, kind)))
