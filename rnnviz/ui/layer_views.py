"""Layout pieces that show one layer: its shapes, why they are so, and its parameters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rnnviz import i18n
from rnnviz.limits import LimitBreach, check_live_run
from rnnviz.spec import LayerSpec, describe_dims, h_n_rows
from rnnviz.ui.compute import measured_shapes
from rnnviz.ui.language import DIRECTION_WORDS, tr
from rnnviz.ui.layer_controls import LayerSettings
from rnnviz.ui.notices import limit_warning

SHAPE_NAMES = i18n.family("shape.{}", ("input", "output", "h_n", "c_n"))


def live_shapes(settings: LayerSettings) -> tuple[dict[str, tuple[int, ...]], LimitBreach | None]:
    """The shapes of the sidebar's layer on its input: measured by running it, or, over the live limits, computed
    from the settings after a warning that says why. Returns (shapes, the limit breached or None)."""
    breach = check_live_run(settings.spec, settings.seq_len, settings.batch)
    if breach:
        limit_warning(breach)
        return settings.spec.shapes(settings.seq_len, settings.batch), breach
    return measured_shapes(settings.spec, settings.seq_len, settings.batch, settings.seed), None


def shape_lines(spec: LayerSpec, seq_len: int, batch: int, shapes: dict[str, tuple[int, ...]]) -> None:
    """One line per tensor: its name, the shape torch returned, and each dimension named.

    `shapes` are the measured ones; the names come from the spec. A disagreement would be a bug in rnnviz, so it
    is shown rather than hidden.
    """
    dims = spec.shape_dims(seq_len, batch)
    for name, named in dims.items():
        measured = shapes[name]
        expected = tuple(size for _, size in named)
        st.markdown(f"**`{name}`** &nbsp; `{tuple(measured)}`  \n{tr(SHAPE_NAMES.key(name))}: {describe_dims(named)}")
        if tuple(measured) != expected:
            st.error(tr("error.shape_mismatch", name=name, measured=measured, expected=expected))


def shape_explanations(spec: LayerSpec) -> None:
    """The recurring questions about these shapes, answered with this layer's numbers."""
    with st.expander(tr("builder.why_header"), expanded=True, icon=":material/school:"):
        st.markdown(tr("why.input_batch_first" if spec.batch_first else "why.input"))
        st.markdown(tr("why.output_bidirectional" if spec.bidirectional else "why.output",
                       h_out=spec.output_size, d_h_out=spec.num_directions * spec.output_size,
                       output_t=spec.at_step("output", "t"), output_last=spec.at_step("output", "-1"),
                       output_first=spec.at_step("output", "0")))
        rows = ", ".join(
            f"`{row}` = {tr('word.layer_number', layer=layer)} {tr('word.backward' if direction else 'word.forward')}"
            for row, layer, direction in h_n_rows(spec)
        )
        st.markdown(tr("why.h_n", d=spec.num_directions, num_layers=spec.num_layers,
                       rows=spec.num_directions * spec.num_layers, row_list=rows))
        if spec.proj_size:
            st.markdown(tr("why.proj_size", proj_size=spec.proj_size, hidden_size=spec.hidden_size))


def parameter_section(spec: LayerSpec) -> None:
    """Total parameter count, the formula per layer, and the table of every weight and bias tensor."""
    table = spec.parameter_table()
    st.subheader(tr("builder.parameters_header"))
    total_column, formula_column = st.columns([1, 3])
    total_column.metric(tr("builder.total_parameters"), f"{int(table['count'].sum()):,}",
                        help=tr("builder.total_parameters_help"))
    with formula_column:
        for layer in range(spec.num_layers):
            per_direction = int(table[(table["layer"] == layer) & (table["direction"] == "forward")]["count"].sum())
            times = f" × {spec.num_directions}" if spec.bidirectional else ""
            st.markdown(tr("builder.layer_formula", layer=layer, formula=spec.layer_formula(layer),
                           count=f"{per_direction:,}", times=times))
    shown = pd.DataFrame({
        tr("table.name"): table["name"],
        tr("table.layer"): table["layer"],
        tr("table.direction"): [tr(DIRECTION_WORDS.key(direction)) for direction in table["direction"]],
        tr("table.shape"): [str(shape) for shape in table["shape"]],
        tr("table.count"): table["count"],
        tr("table.formula"): table["formula"],
    })
    st.dataframe(shown, hide_index=True, width="stretch")
