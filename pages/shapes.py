"""Shape diagrams: what D (bidirectional) and num_layers do to output, h_n and c_n, and which row is which."""

import dataclasses

import streamlit as st

from rnnviz.figures.shapes import shape_diagram
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import layer_identities, unbatched
from rnnviz.ui.language import tr
from rnnviz.ui.layer_controls import layer_page
from rnnviz.ui.layer_views import live_shapes
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.shape_views import comparison_grid, diagram_text, identities_table, on_diagram_pick, trace_back_picker

leave_legacy_pages_mode()

settings, _ = layer_page("page.shapes", "shapes.intro")
if settings:
    shapes, breach = live_shapes(settings)
    spec, seq_len, batch, seed = settings.spec, settings.seq_len, settings.batch, settings.seed
    highlight = trace_back_picker(spec)
    figure = shape_diagram(spec, seq_len, batch, shapes, diagram_text(), highlight or None)
    show_chart(figure, f"shapes_{spec.cell}_L{spec.num_layers}_D{spec.num_directions}", image_format="svg",
               key="diagram", on_select=on_diagram_pick, selection_mode="points")

    st.subheader(tr("shapes.identities_header"))
    st.caption(tr("shapes.identities_caption"))
    if breach:
        st.caption(tr("builder.shapes_computed"))
    else:
        identities_table(layer_identities(spec, seq_len, batch, seed))

    st.subheader(tr("shapes.compare_header"))
    st.caption(tr("shapes.compare_caption"))
    comparison_grid(spec, seq_len, batch, seed)

    with st.expander(tr("shapes.unbatched_header"), icon=":material/looks_one:"):
        if breach:
            # batch_first does not apply without a batch: drop the batch dimension of the time-first shapes.
            time_first = dataclasses.replace(spec, batch_first=False).shapes(seq_len, 1)
            single = {name: shape[:1] + shape[2:] for name, shape in time_first.items()}
        else:
            single = unbatched(spec, seq_len, seed)
        st.markdown(tr("shapes.unbatched_text", input=single["input"], output=single["output"], h_n=single["h_n"]))
        st.code("\n".join(f"{name}.shape  # torch.Size({list(shape)})" for name, shape in single.items()),
                language="python")
