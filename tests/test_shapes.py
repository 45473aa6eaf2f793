"""The shape diagram's labels, the identities and the unbatched shapes, all against torch."""

from __future__ import annotations

import itertools

import pytest
import torch

from rnnviz import LayerSpec
from rnnviz.figures import theme
from rnnviz.figures.shapes import (
    BACKWARD,
    CELL_H,
    CELL_W,
    FORWARD,
    HIGHLIGHT,
    DiagramText,
    highlight_keys,
    join_y,
    row_y,
    shape_diagram,
    shown_steps,
)
from rnnviz.identities import identities, unbatched_shapes
from rnnviz.run import measured_shapes
from rnnviz.spec import describe_dims

TEXT = DiagramText(input="in", output="out", layer="layer {layer}", forward="fwd", backward="bwd", time="t",
                   trace_back="click")
GRID = [LayerSpec(cell, 3, 4, num_layers, bidirectional=bidirectional, batch_first=batch_first,
                  proj_size=2 if cell == "LSTM" and proj else 0)
        for cell, num_layers, bidirectional, batch_first, proj in itertools.product(
            ("RNN", "LSTM", "GRU"), (1, 2, 3), (False, True), (False, True), (False, True))
        if not (proj and cell != "LSTM")]


def annotation_texts(figure) -> list[str]:
    return [annotation.text for annotation in figure.layout.annotations]


@pytest.mark.parametrize("spec", GRID, ids=str)
def test_diagram_labels_print_the_shapes_torch_returned(spec):
    seq_len, batch = 9, 2
    shapes = measured_shapes(spec, seq_len, batch)
    figure = shape_diagram(spec, seq_len, batch, shapes, TEXT)
    texts = "\n".join(annotation_texts(figure))
    dims = spec.shape_dims(seq_len, batch)
    for name, shape in shapes.items():
        assert f"<b>{name}</b> {shape}" in texts, name
    assert describe_dims(dims["output"]) in texts and describe_dims(dims["input"]) in texts
    rows = spec.num_directions * spec.num_layers
    assert [t for t in annotation_texts(figure) if t.startswith("h_n[")] == [f"h_n[{r}]" for r in range(rows)]
    c_n_labels = [t for t in annotation_texts(figure) if t.startswith("c_n[")]
    assert c_n_labels == ([f"c_n[{r}]" for r in range(rows)] if spec.cell == "LSTM" else [])


def test_long_sequences_are_drawn_as_first_steps_ellipsis_last_steps():
    assert shown_steps(4) == [0, 1, 2, 3]
    assert shown_steps(100) == [0, 1, 2, None, 98, 99]
    figure = shape_diagram(LayerSpec("RNN", 4, 8), 100, 30, measured_shapes(LayerSpec("RNN", 4, 8), 100, 30), TEXT)
    assert "x<sub>99</sub>" in annotation_texts(figure) and "x<sub>50</sub>" not in annotation_texts(figure)


def _arrows(figure) -> list[tuple[float, float, float, float, str]]:
    """Every arrow as (tail x, tail y, head x, head y, colour)."""
    return [(a.ax, a.ay, a.x, a.y, a.arrowcolor) for a in figure.layout.annotations if a.showarrow]


@pytest.mark.parametrize("num_layers", [1, 3])
def test_both_directions_of_a_layer_read_its_input_and_the_next_layer_reads_both(num_layers):
    spec = LayerSpec("GRU", 3, 4, num_layers=num_layers, bidirectional=True)
    figure = shape_diagram(spec, 4, 2, measured_shapes(spec, 4, 2), TEXT)
    arrows, xs = _arrows(figure), [index * 1.55 for index in range(4)]
    near = lambda a, b: abs(a - b) < 1e-9  # noqa: E731
    for layer in range(num_layers):
        backward_y = row_y(spec, layer, 1)
        for x in xs:
            # The backward row gets its own input arrow, into its left side (not only the recurrent one).
            fed = [a for a in arrows if near(a[2], x - CELL_W / 2) and abs(a[3] - backward_y) < CELL_H / 2
                   and a[0] < a[2]]
            assert len(fed) == 1, (layer, x)
            # Both directions arrive at the join node above the layer, each in its colour.
            into_join = {a[4] for a in arrows if abs(a[3] - join_y(spec, layer)) < 0.2 and abs(a[2] - x) < 0.5}
            assert into_join == {FORWARD, BACKWARD}
            if layer:
                # No chain: the forward row above reads the join, not the backward row's top.
                into_forward = [a for a in arrows if near(a[2], x) and near(a[3], row_y(spec, layer, 0) - CELL_H / 2)]
                assert len(into_forward) == 1
                assert not near(into_forward[0][1], row_y(spec, layer - 1, 1) + CELL_H / 2)
    key = next(a.text for a in figure.layout.annotations if "■" in a.text)
    assert TEXT.forward in key and TEXT.backward in key and TEXT.joined in key


def _lit_rects(figure) -> list:
    return [s for s in figure.layout.shapes if s.type == "rect" and s.fillcolor == HIGHLIGHT]


def test_tracing_back_an_h_n_row_lights_that_layers_final_cell_and_the_slab():
    spec = LayerSpec("GRU", 3, 4, num_layers=3, bidirectional=True)
    shapes = measured_shapes(spec, 5, 2)
    assert highlight_keys(spec) == ["output:0", "output:1"] + [f"h_n:{r}" for r in range(6)]
    figure = shape_diagram(spec, 5, 2, shapes, TEXT, highlight="h_n:3")  # layer 1, backward: ends at t = 0
    lit = _lit_rects(figure)
    assert len(lit) == 2
    y = row_y(spec, 1, 1)
    assert all(abs((rect.y0 + rect.y1) / 2 - y) < 1e-9 for rect in lit)
    cell, slab = sorted(lit, key=lambda rect: rect.x0)
    assert (cell.x0 + cell.x1) / 2 == pytest.approx(0.0), "the backward direction's final state is at t = 0"


def test_tracing_back_an_output_half_lights_the_last_layers_row():
    spec = LayerSpec("LSTM", 3, 4, num_layers=2, bidirectional=True)
    figure = shape_diagram(spec, 4, 2, measured_shapes(spec, 4, 2), TEXT, highlight="output:0")
    lit = _lit_rects(figure)
    cells = [rect for rect in lit if abs((rect.y0 + rect.y1) / 2 - row_y(spec, 1, 0)) < 1e-9]
    assert len(cells) == 4, "every step of layer 1 forward"
    assert highlight_keys(spec)[-1] == "c_n:3"


@pytest.mark.parametrize("spec", GRID, ids=str)
def test_every_identity_holds_for_every_config(spec):
    found = identities(spec, 6, 3, seed=2)
    assert found and all(identity.holds for identity in found), [(i.code, i.difference) for i in found]
    last_step = ["identity.last_step_is_h_n"] if spec.num_directions == 1 else ["identity.forward_half",
                                                                                 "identity.backward_half"]
    expected = last_step + ["identity.view_rows", "identity.rows_are_layers"]
    expected += ["identity.c_n_rows"] if spec.cell == "LSTM" else []
    assert [identity.meaning for identity in found] == expected


def test_identities_are_written_in_the_modules_layout():
    codes = [i.code for i in identities(LayerSpec("RNN", 3, 4, bidirectional=True, batch_first=True), 5, 2)]
    assert codes[:2] == ["output[:, -1, :4] == h_n[-2]", "output[:, 0, 4:] == h_n[-1]"]
    codes = [i.code for i in identities(LayerSpec("LSTM", 3, 4, num_layers=3, bidirectional=True), 5, 2)]
    assert codes[:3] == ["output[-1, :, :4] == h_n[-2]", "output[0, :, 4:] == h_n[-1]",
                         "h_n.view(3, 2, 2, 4)[k, d] == trace.hidden(k, d)[-1 if d == 0 else 0]"]


def test_a_wrong_identity_would_show_a_difference():
    # The check is real: the forward half at step 0 is NOT the final state.
    spec = LayerSpec("RNN", 3, 4, bidirectional=True)
    module = spec.build()
    x = torch.randn(5, 2, 3)
    with torch.no_grad():
        output, h_n = module(x)
    assert float((output[0, :, :4] - h_n[-2]).abs().max()) > 1e-3


def test_the_view_identity_is_measured_against_each_layers_own_states(monkeypatch):
    """It compared h_n's view with h_n's own storage (always 0); now the other side is the traced layer states, so
    a trace that disagreed with h_n would show a difference."""
    import rnnviz.identities as module_under_test

    real_trace = module_under_test.trace

    def shifted_trace(module, x):
        recorded = real_trace(module, x)
        for key in recorded._hidden:
            recorded._hidden[key] = recorded._hidden[key] + 0.5
        return recorded

    monkeypatch.setattr(module_under_test, "trace", shifted_trace)
    found = {i.meaning: i for i in identities(LayerSpec("GRU", 3, 4, num_layers=2, bidirectional=True), 5, 2)}
    assert found["identity.view_rows"].difference == pytest.approx(0.5)
    assert found["identity.rows_are_layers"].difference == pytest.approx(0.5)
    assert found["identity.forward_half"].holds


@pytest.mark.parametrize("spec", GRID[::4], ids=str)
def test_unbatched_shapes_drop_the_batch_dimension(spec):
    single = unbatched_shapes(spec, 7)
    batched = LayerSpec(**{**spec.to_dict(), "batch_first": False}).shapes(7, 1)
    assert single == {name: shape[:1] + shape[2:] for name, shape in batched.items()}


@pytest.mark.parametrize("bidirectional", [False, True])
def test_every_label_in_the_diagram_is_at_least_the_themes_text_size(bidirectional):
    # The join node's "→;←" was 11 px, too small for a projector; nothing is drawn under the theme's size.
    spec = LayerSpec("LSTM", 4, 8, num_layers=2, bidirectional=bidirectional)
    figure = shape_diagram(spec, 5, 3, measured_shapes(spec, 5, 3), TEXT)
    sizes = [a.font.size for a in figure.layout.annotations if a.text and a.font.size is not None]
    assert sizes and min(sizes) >= theme.FONT_SIZE
    if bidirectional:
        assert any("→" in a.text and "←" in a.text for a in figure.layout.annotations)
