"""Sequences page: AppTest reruns on the notes' layer with 16 sequences, and run_packed against one call per
sequence (the naive way to get each sequence's own last state)."""

from __future__ import annotations

import streamlit as st
import torch

from benchmarks.harness import FLOOR, NOTES_LAYER, Plan, Row, next_value, open_app, open_floor
from rnnviz.sequences import padded_batch, run_packed
from rnnviz.spec import LayerSpec

# Sixteen sequences of 100 down to 25 steps, padded to the notes' seq_len (100).
LENGTHS = tuple(range(100, 20, -5))
QUERY = {**NOTES_LAYER, "lengths": ",".join(map(str, LENGTHS))}


def plan() -> Plan:
    """Reruns of the Sequences page unchanged and after new lengths (new packed and padded runs), beside the
    framework floor; run_packed beside one forward call per sequence on the same batch."""
    st.cache_data.clear()
    at = open_app("pages/sequences.py", QUERY)
    # More variants than the page's cache holds (64): each timed call packs a batch it has not seen.
    new_lengths = next_value([",".join(map(str, (100 - shift, *LENGTHS[1:]))) for shift in range(80)])
    floor = open_floor()
    spec = LayerSpec("RNN", 4, 200)
    module = spec.build(0)
    x = padded_batch(LENGTHS, spec.input_size, seed=0)

    @torch.no_grad()
    def one_call_per_sequence() -> None:
        for b, length in enumerate(LENGTHS):
            module(x[:length, b:b + 1])

    def rows(seconds: dict) -> list[Row]:
        return [
            Row("Sequences page rerun, nn.RNN(4, 200), 16 sequences padded to 100 (AppTest)",
                seconds["unchanged"] * 1e3, "ms", FLOOR, seconds["floor"] * 1e3, "<= 150 ms",
                seconds["unchanged"] <= 0.15),
            Row("Sequences page rerun after typing new lengths", seconds["new_lengths"] * 1e3, "ms",
                FLOOR, seconds["floor"] * 1e3, "<= 500 ms", seconds["new_lengths"] <= 0.5),
            Row("run_packed, nn.RNN(4, 200) on 16 sequences (packed and padded runs)", seconds["packed"] * 1e3, "ms",
                "one forward call per sequence", seconds["naive"] * 1e3),
        ]

    return Plan({"unchanged": lambda: at.run(),
                 "new_lengths": lambda: at.text_input(key="lengths").set_value(new_lengths()).run(),
                 "floor": lambda: floor.run(),
                 "packed": lambda: run_packed(module, x, LENGTHS),
                 "naive": one_call_per_sequence}, rows)
