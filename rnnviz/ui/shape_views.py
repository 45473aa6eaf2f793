"""Layout pieces of the shape-diagram page: the trace-back picker, the identities table, the 2 x 2 comparison
and the unbatched case."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from rnnviz.figures.shapes import DiagramText, highlight_keys
from rnnviz.identities import Identity
from rnnviz.limits import check_live_run
from rnnviz.own_layer import OwnLayerSpec
from rnnviz.spec import LayerSpec
from rnnviz.ui import url_state
from rnnviz.ui.compute import measured_shapes, unbatched
from rnnviz.ui.language import tr

HIGHLIGHT = url_state.register(__name__, url_state.Field("highlight", "", str))["highlight"]


def diagram_text() -> DiagramText:
    return DiagramText(input=tr("shapes.input_caption"), output=tr("shapes.output_caption"),
                       layer=tr("word.layer_number", layer="{layer}"),
                       forward=tr("word.forward"), backward=tr("word.backward"), time=tr("axis.time"),
                       trace_back=tr("shapes.click_hint"), joined=tr("shapes.joined"))


def describe_pick(spec: LayerSpec, key: str) -> str:
    """"output:1" -> "output, backward half"; "h_n:3" -> "h_n[3]: layer 1, backward"."""
    if not key:
        return tr("shapes.pick_none")
    tensor, index = key.split(":")
    index = int(index)
    if tensor == "output":
        return tr("shapes.pick_output", direction=tr("word.backward" if index else "word.forward"))
    layer, direction = divmod(index, spec.num_directions)
    return tr("shapes.pick_row", tensor=tensor, row=index, layer=layer,
              direction=tr("word.backward" if direction else "word.forward"))


def trace_back_picker(spec: LayerSpec) -> str:
    """A selectbox of what to trace back (also set by clicking the diagram); returns the key or ""."""
    url_state.restore_from_url([HIGHLIGHT])
    options = [""] + highlight_keys(spec)
    if url_state.value(HIGHLIGHT) not in options or st.session_state.get(HIGHLIGHT.name, "") not in options:
        url_state.save(HIGHLIGHT.name, "")
    return url_state.bound(st.selectbox, HIGHLIGHT, tr("shapes.trace_back"), options=options,
                           format_func={key: describe_pick(spec, key) for key in options}.__getitem__,
                           help=tr("shapes.trace_back_help"))


def on_diagram_pick() -> None:
    """Clicking a slab or an output half selects it in the picker."""
    points = st.session_state.get("diagram", {}).get("selection", {}).get("points", [])
    keys = [point.get("customdata") for point in points if point.get("customdata")]
    if keys:
        url_state.save(HIGHLIGHT.name, keys[0])


def identities_frame(found: list[Identity]) -> pd.DataFrame:
    """One row per identity: the code, its meaning, the measured max difference and whether it holds."""
    return pd.DataFrame({
        tr("table.identity"): [identity.code for identity in found],
        tr("table.meaning"): [tr(identity.meaning) for identity in found],
        tr("table.difference"): [f"{identity.difference:.1e}" for identity in found],
        tr("table.holds"): ["✓" if identity.holds else "✗" for identity in found],
    })


def identities_table(found: list[Identity]) -> None:
    st.dataframe(identities_frame(found), hide_index=True, width="stretch")


def comparison_grid(spec: LayerSpec, seq_len: int, batch: int, seed: int) -> None:
    """The lecture's four experiments: D in {1, 2} x num_layers in {1, 3}, same cell, sizes and input."""
    # The variants have other shapes than an uploaded layer's tensors: they are built at torch's initialisation.
    base = spec.plain() if isinstance(spec, OwnLayerSpec) else spec
    rows = st.columns(2), st.columns(2)
    for (bidirectional, num_layers), column in zip(((False, 1), (True, 1), (False, 3), (True, 3)),
                                                    (*rows[0], *rows[1])):
        variant = dataclasses.replace(base, bidirectional=bidirectional, num_layers=num_layers,
                                      dropout=spec.dropout if num_layers > 1 else 0.0)
        breach = check_live_run(variant, seq_len, batch)
        shapes = variant.shapes(seq_len, batch) if breach else measured_shapes(variant, seq_len, batch, seed)
        with column.container(border=True):
            st.markdown(f"**D = {variant.num_directions}, num_layers = {num_layers}**")
            lines = [f"rnn = {variant.constructor_code()}"] + [
                f"{name}.shape  # torch.Size({list(shape)})" for name, shape in shapes.items()]
            st.code("\n".join(lines), language="python")
            if breach:
                st.caption(tr("builder.shapes_computed"))


def unbatched_section(spec: LayerSpec, seq_len: int, seed: int, too_large: bool) -> None:
    """The same layer on one sequence with no batch dimension: the shapes torch returns, measured (or, when the
    layer is over the live limits, computed from the batched shapes with the batch dimension dropped)."""
    with st.expander(tr("shapes.unbatched_header"), icon=":material/looks_one:"):
        if too_large:
            # batch_first does not apply without a batch: drop the batch dimension of the time-first shapes.
            time_first = dataclasses.replace(spec, batch_first=False).shapes(seq_len, 1)
            single = {name: shape[:1] + shape[2:] for name, shape in time_first.items()}
        else:
            single = unbatched(spec, seq_len, seed)
        st.markdown(tr("shapes.unbatched_text", input=single["input"], output=single["output"], h_n=single["h_n"]))
        st.code("\n".join(f"{name}.shape  # torch.Size({list(shape)})" for name, shape in single.items()),
                language="python")
