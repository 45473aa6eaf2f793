"""Cached wrappers around the library's torch work, for the pages.

Only immutable results (shapes, numbers, frames) are cached with `st.cache_data`, which hands each session its
own copy, so one user's work can never change what another sees.
"""

from __future__ import annotations

import streamlit as st
import torch

from rnnviz import run
from rnnviz.spec import LayerSpec

# One thread leaves the other core to the Streamlit server; small models here are often slower, and erratic,
# with two (see DESIGN.md, "Facts measured on this machine").
torch.set_num_threads(1)


@st.cache_data(max_entries=256, show_spinner=False)
def measured_shapes(spec: LayerSpec, seq_len: int, batch: int, seed: int) -> dict[str, tuple[int, ...]]:
    """`rnnviz.run.measured_shapes`, cached per (layer, input size, seed)."""
    return run.measured_shapes(spec, seq_len, batch, seed)
