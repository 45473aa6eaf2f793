"""Layer builder: AppTest rerun time after a change of hidden_size, and the torch work behind it."""

from __future__ import annotations

import streamlit as st

from benchmarks.harness import FLOOR, NOTES_LAYER, Plan, Row, Timed, next_value, open_app, open_floor
from rnnviz.presets import PRESETS_BY_KEY
from rnnviz.run import measured_shapes


def plan() -> Plan:
    """Reruns of the Layer builder (AppTest) after a change and without one, the Home page as the framework's
    floor, and the torch part of a rerun for the largest lecture example on 1 thread (the app's) and 2."""
    st.cache_data.clear()
    at = open_app("pages/layer_builder.py", NOTES_LAYER)
    # More sizes than the shapes cache holds (256 entries), so every rerun builds and runs a new layer.
    size_next = next_value(range(64, 64 + 300))

    def change_hidden_size():
        at.number_input(key="hidden_size").set_value(size_next()).run()

    home = open_floor()
    preset = PRESETS_BY_KEY["rnn_4_200_l3_bi"]
    forward = {threads: Timed(lambda: measured_shapes(preset.spec, preset.seq_len, preset.batch), threads)
               for threads in (1, 2)}

    def rows(seconds: dict) -> list[Row]:
        changed, unchanged, floor = seconds["changed"], seconds["unchanged"], seconds["floor"]
        return [
            Row("Layer builder rerun after hidden_size change, nn.RNN(4, 64+) on (100, 30, 4) (AppTest)",
                changed * 1e3, "ms",
                FLOOR, floor * 1e3, "<= 100 ms", changed <= 0.100),
            Row("Layer builder rerun, nothing changed (cache hit)", unchanged * 1e3, "ms",
                FLOOR, floor * 1e3),
            Row("build + run nn.RNN(4, 200, 3 layers, bidirectional) on (100, 30, 4), 1 thread",
                seconds[1] * 1e3, "ms", "same on 2 threads", seconds[2] * 1e3),
        ]

    return Plan({"changed": change_hidden_size, "unchanged": lambda: at.run(), "floor": lambda: home.run(),
                 **forward}, rows)
