"""Language-model page: the bundled models against the n-gram baselines, live training against the clock, the unit
finder on Python source, select-and-match on 100,000 characters, and the page's rerun."""

from __future__ import annotations

import time

import streamlit as st

from benchmarks.harness import FLOOR, Plan, Row, open_app, open_floor
from rnnviz.charlm import load_corpus, ngram_baselines, pretrained, train, validation_loss
from rnnviz.charlm.bundle import note
from rnnviz.charlm.features import text_features
from rnnviz.charlm.reading import hidden_states, rank_units, read, select_and_match
from rnnviz.charlm.training import DEFAULT_SPEC, LIVE_STATEFUL
from rnnviz.ui.lm_views import MATCH_TEXT

FINDER_CHARS = 20_000


def plan() -> Plan:
    """A rerun of the page on the bundled Shakespeare model (loaded, passage read), the Home page, and a
    select-and-match query on 100,000 characters' states (computed once here, and timed doing so)."""
    at, home = open_app("pages/language_model.py", timeout=120), open_floor()
    corpus, model = load_corpus("shakespeare"), pretrained("shakespeare")
    text = corpus.validation_text[:MATCH_TEXT]
    started = time.perf_counter()
    states = hidden_states(model, corpus, text)
    once = time.perf_counter() - started
    start = text.index("ROMEO:") if "ROMEO:" in text else 0

    def rows(seconds: dict) -> list[Row]:
        page, query = seconds["page"], seconds["match"]
        return [Row("Language model page rerun, bundled Shakespeare model, 1,500 characters coloured (AppTest)",
                    page * 1e3, "ms", FLOOR, seconds["floor"] * 1e3, "< 300 ms",
                    page < 0.3),
                Row(f"select and match on {MATCH_TEXT:,} characters (states computed once per model)", query * 1e3,
                    "ms", "computing the states, once per model", once * 1e3, "< 1 s", query < 1.0)]

    return Plan({"page": lambda: at.run(), "floor": lambda: home.run(),
                 "match": lambda: select_and_match(states, start, start + 6, 0.3)}, rows)


def default_of_field(name: str):
    from rnnviz.ui.lm_views import FIELDS

    return FIELDS[name].default


def run() -> list[Row]:
    rows = []
    for name in ("shakespeare", "python"):
        corpus, facts = load_corpus(name), note(name)
        nats = validation_loss(pretrained(name), corpus)
        trigram = ngram_baselines(corpus)["trigram"]
        target = "<= 1.50 nats" if name == "shakespeare" else "beats the trigram"
        rows.append(Row(f"bundled {name} model, {facts['spec']['cell']}({facts['spec']['hidden_size']}), "
                        f"validation nats per character", nats, "nats", "trigram baseline", trigram, target,
                        nats <= 1.5 if name == "shakespeare" else nats < trigram, digits=3,
                        note=f"trained {facts['seconds'] / 60:.0f} min, {facts['steps']} steps: {facts['command']}"))
    corpus = load_corpus("shakespeare")
    trigram = ngram_baselines(corpus)["trigram"]
    # The page's default is also the longest a click may ask for (rnnviz.limits: 60 CPU seconds on two threads).
    seconds = default_of_field("lm_seconds")
    live = train(corpus, DEFAULT_SPEC, seconds=seconds, stateful=LIVE_STATEFUL)
    loss = validation_loss(live.model, corpus)
    rows.append(Row(f"live training from scratch at the page's defaults, {seconds:g} s (nats per character)", loss,
                    "nats", "trigram baseline", trigram, "< trigram", loss < trigram, note=f"{live.steps} steps",
                    digits=3))
    python, model = load_corpus("python"), pretrained("python")
    reading = read(model, python, python.validation_text[:FINDER_CHARS])
    features = {k: v[python.split_at:python.split_at + FINDER_CHARS] for k, v in text_features(python).items()}
    found = []  # (|r|, feature, state, unit, r) of the best unit for each feature and state
    for kind in ("hidden", "cell"):
        ranked = rank_units(reading.state(kind), features)
        for name in ("in_brackets", "in_string"):
            unit = int(ranked[name].abs().argmax())
            found.append((abs(float(ranked[name][unit])), name, kind, unit, float(ranked[name][unit])))
    strongest = max(found)[0]
    rows.append(Row(f"unit finder on Python source, best |r| of any unit for inside a string or inside brackets, "
                    f"first {FINDER_CHARS:,} validation characters", strongest, "r", target=">= 0.8", digits=3,
                    met=strongest >= 0.8,
                    note="; ".join(f"{name}: {kind} unit {unit}, r = {r:+.3f}"
                                   for _, name, kind, unit, r in sorted(found, reverse=True))))
    st.cache_resource.clear()
    return rows


PLANNED = {"language_model_page": plan}
SEQUENTIAL = {"language_model": run}
