"""Layer builder: AppTest rerun time after a change of hidden_size, and the torch work behind it."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from benchmarks.harness import Row, next_value, seconds_per_call
from rnnviz.presets import PRESETS_BY_KEY
from rnnviz.run import measured_shapes
from rnnviz.threads import APP_THREADS, use_threads

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _page_reruns() -> list[Row]:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/layer_builder.py").run()
    # More sizes than the shapes cache holds (256 entries), so every rerun builds and runs a new layer.
    size_next = next_value(range(64, 64 + 300))

    def change_hidden_size():
        at.number_input(key="hidden_size").set_value(size_next()).run()

    changed = seconds_per_call(change_hidden_size)
    unchanged = seconds_per_call(lambda: at.run())
    home = AppTest.from_file(APP, default_timeout=60)
    home.run()
    floor = seconds_per_call(lambda: home.run())
    return [
        Row("Layer builder rerun after hidden_size change (AppTest)", changed * 1e3, "ms",
            "Home page rerun (framework floor)", floor * 1e3, "< 150 ms", changed < 0.150),
        Row("Layer builder rerun, nothing changed (cache hit)", unchanged * 1e3, "ms",
            "Home page rerun (framework floor)", floor * 1e3),
    ]


def _forward_threads() -> list[Row]:
    """The torch part of a rerun for the largest lecture example, on 1 thread (the app's) and on 2."""
    preset = PRESETS_BY_KEY["rnn_4_200_l3_bi"]
    timings = {}
    for threads in (1, 2):
        use_threads(threads)
        timings[threads] = seconds_per_call(lambda: measured_shapes(preset.spec, preset.seq_len, preset.batch))
    use_threads(APP_THREADS)
    return [Row("build + run nn.RNN(4, 200, 3 layers, bidirectional) on (100, 30, 4), 1 thread",
                timings[1] * 1e3, "ms", "same on 2 threads", timings[2] * 1e3)]


def run() -> list[Row]:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    st.cache_data.clear()
    return _page_reruns() + _forward_threads()
