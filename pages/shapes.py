"""Shape diagrams: what D (bidirectional) and num_layers do to output, h_n and c_n, and which row is which."""

import streamlit as st

from rnnviz.figures.shapes import shape_diagram
from rnnviz.figures.theme import titled
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import layer_identities
from rnnviz.ui.language import tr
from rnnviz.ui.layer_controls import layer_page
from rnnviz.ui.layer_views import live_shapes
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.shape_views import (
    comparison_grid,
    diagram_text,
    identities_table,
    on_diagram_pick,
    trace_back_picker,
    unbatched_section,
)
from rnnviz.ui.spotlight import view

leave_legacy_pages_mode()

settings, _ = layer_page("page.shapes", "shapes.intro")
if settings:
    shapes, breach = live_shapes(settings)
    spec, seq_len, batch, seed = settings.spec, settings.seq_len, settings.batch, settings.seed
    highlight = trace_back_picker(spec)
    figure = titled(shape_diagram(spec, seq_len, batch, shapes, diagram_text(), highlight or None),
                    spec.constructor_code())
    with view("shapes", "diagram"):
        show_chart(figure, f"shapes_{spec.cell}_L{spec.num_layers}_D{spec.num_directions}", image_format="svg",
                   key="diagram", on_select=on_diagram_pick, selection_mode="points")
    with view("shapes", "identities"):
        st.subheader(tr("shapes.identities_header"))
        st.caption(tr("shapes.identities_caption"))
        if breach:
            st.caption(tr("builder.shapes_computed"))
        else:
            identities_table(layer_identities(spec, seq_len, batch, seed))
    with view("shapes", "comparison"):
        st.subheader(tr("shapes.compare_header"))
        st.caption(tr("shapes.compare_caption"))
        comparison_grid(spec, seq_len, batch, seed)
    unbatched_section(spec, seq_len, seed, too_large=bool(breach))
