"""Layer builder: AppTest rerun time after a change of hidden_size, and the torch work behind it."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st
import torch
from streamlit.testing.v1 import AppTest

from benchmarks.harness import Row, median_seconds
from rnnviz.presets import PRESETS_BY_KEY
from rnnviz.run import measured_shapes

APP = str(Path(__file__).resolve().parents[1] / "app.py")
RERUNS = 20


def _page_reruns() -> list[Row]:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/layer_builder.py").run()
    sizes = iter(range(64, 64 + 2 * RERUNS + 2))

    def change_hidden_size():
        at.number_input(key="hidden_size").set_value(next(sizes)).run()

    changed = median_seconds(change_hidden_size, RERUNS)
    unchanged = median_seconds(lambda: at.run(), RERUNS)
    home = AppTest.from_file(APP, default_timeout=60)
    home.run()
    floor = median_seconds(lambda: home.run(), RERUNS)
    return [
        Row("Layer builder rerun after hidden_size change (AppTest, median of 20)", changed * 1e3, "ms",
            "Home page rerun (framework floor)", floor * 1e3, "< 150 ms", changed < 0.150),
        Row("Layer builder rerun, nothing changed (cache hit)", unchanged * 1e3, "ms",
            "Home page rerun (framework floor)", floor * 1e3),
    ]


def _forward_threads() -> list[Row]:
    """The torch part of a rerun for the largest lecture example, on 1 thread (the app's) and on 2."""
    preset = PRESETS_BY_KEY["rnn_4_200_l3_bi"]
    timings = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        timings[threads] = median_seconds(lambda: measured_shapes(preset.spec, preset.seq_len, preset.batch), 10)
    torch.set_num_threads(1)
    return [Row("build + run nn.RNN(4, 200, 3 layers, bidirectional) on (100, 30, 4), 1 thread",
                timings[1] * 1e3, "ms", "same on 2 threads", timings[2] * 1e3)]


def run() -> list[Row]:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    st.cache_data.clear()
    return _page_reruns() + _forward_threads()
