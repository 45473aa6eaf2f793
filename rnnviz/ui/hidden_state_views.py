"""Layout pieces of the hidden-states page: what the input is, the measured-difference badge, window notes."""

from __future__ import annotations

import dataclasses

import streamlit as st

from rnnviz import i18n
from rnnviz.cells import CELLS, GATES
from rnnviz.figures.cell_diagram import DiagramText
from rnnviz.figures.hidden_states import PANELS, FigureText
from rnnviz.inputs import MAX_WORD_LENGTH, ExampleInput, example_input
from rnnviz.limits import check_trace
from rnnviz.market import sample_days
from rnnviz.own_layer import OwnLayerSpec
from rnnviz.spec import LayerSpec
from rnnviz.ui import url_state
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import HeatmapWindow, RecordedExample, cell_chart, hidden_state_chart, recording
from rnnviz.ui.hidden_state_controls import FIELDS, INPUT_TEXTS, InputChoice, ViewChoice, view_sidebar
from rnnviz.ui.language import DIRECTION_WORDS, template, tr
from rnnviz.ui.layer_controls import LayerSettings
from rnnviz.ui.literal import literal
from rnnviz.ui.notices import limit_warning
from rnnviz.ui.spotlight import view as page_view

PANEL_TITLES = i18n.family("panel.{}", PANELS)
CELL_CAPTIONS = i18n.family("cell.caption_{}", CELLS)


def layer_title(spec: LayerSpec, layer: int, direction: int) -> str:
    """Which layer a figure shows: its constructor call, the level of the stack and, when bidirectional, the
    direction, e.g. "nn.LSTM(4, 3, bidirectional=True) · layer 0 · backward"."""
    title = f"{spec.constructor_code()} · {tr('word.layer_number', layer=layer)}"
    if spec.bidirectional:
        title += f" · {tr(DIRECTION_WORDS.key(DIRECTION_WORDS.names[direction]))}"
    return title


def figure_text(seq_len: int, units: int, title: str = "") -> FigureText:
    """The figure's labels in the current language, the axes with their sizes (a slide needs no caption), and
    its title (`layer_title`)."""
    return FigureText(title=title,
        panel_titles={name: tr(PANEL_TITLES.key(name)) for name in PANELS},
        time_axis=f"{tr('axis.time')} (seq_len = {seq_len})", unit_axis=f"{tr('axis.unit')} (0…{units - 1})",
        previous="h<sub>t-1</sub>", current="h<sub>t</sub>",
        play=tr("anim.play"), pause=tr("anim.pause"), step=tr("anim.step"),
        bar_window=template("hidden.bar_window"), previous_note=tr("hidden.previous_note"),
    )


def diagram_text(spec: LayerSpec, layer: int, direction: int, unit: int) -> DiagramText:
    """The cell diagram's title (the layer's constructor call, which layer, direction and unit) and words."""
    return DiagramText(title=f"{layer_title(spec, layer, direction)} · {tr('cell.unit_number', unit=unit)}",
                       gate_titles={gate: tr(PANEL_TITLES.key(gate)) for gate in GATES[spec.cell]},
                       play=tr("anim.play"), pause=tr("anim.pause"), step=tr("anim.step"))


HEATMAPS_KEY = "heatmaps"


def on_heatmap_pick() -> None:
    """A heatmap cell clicked (its invisible pick marker, rnnviz.figures.hidden_states.PICK_TRACE) becomes the
    sidebar's unit and the step the cell diagram opens at."""
    points = st.session_state.get(HEATMAPS_KEY, {}).get("selection", {}).get("points", [])
    picked = [row for row in map(_pick_row, points) if row is not None]
    if picked:
        t, unit, _ = picked[0]
        url_state.save(FIELDS["unit"].name, int(round(unit)))
        url_state.save(FIELDS["cell_step"].name, int(round(t)))


def _pick_row(point: dict) -> tuple[float, float, float] | None:
    """A selected point's (t, unit, value) when it is a pick marker (Streamlit hands an array's customdata over
    as {"0": t, "1": unit, "2": value}); None for anything else, e.g. a clicked bar."""
    data = point.get("customdata")
    if isinstance(data, dict):
        data = [data.get(str(index)) for index in range(3)]
    if isinstance(data, list) and len(data) == 3 and all(isinstance(value, (int, float)) for value in data):
        return data[0], data[1], data[2]
    return None


def cell_section(example: RecordedExample, window: HeatmapWindow, unit: int) -> None:
    """Under the heatmaps: one step inside the cell for the sidebar's unit, with its own Play and step slider,
    opening at the heatmap cell last picked when that step is in the window."""
    spec = example.spec
    picked = url_state.value(FIELDS["cell_step"])
    start = picked if picked in window.steps else window.steps.start
    url_state.write_to_url(FIELDS["cell_step"], start)
    with page_view("hidden_states", "cell"):
        st.subheader(tr("cell.header"))
        st.caption(tr(CELL_CAPTIONS.key(spec.cell)))
        chart = cell_chart(example, window, unit, diagram_text(spec, window.layer, window.direction, unit), start)
        show_chart(chart, f"cell_{spec.cell}_layer{window.layer}_dir{window.direction}_unit{unit}")


def input_caption(kind: str, example: ExampleInput, sidebar_input_size: int, spec: LayerSpec) -> None:
    """What the input is, its shape as the layer takes it (batch first for a batch_first layer), and why
    input_size differs from the sidebar's when it does."""
    shape = tuple(example.in_layout(spec.batch_first).shape)
    dims = "(" + ", ".join(name for name, _ in spec.shape_dims(example.seq_len, example.batch)["input"]) + ")"
    features = literal(", ".join(example.feature_names[:12]))  # a word's letters are the user's text
    st.markdown(tr(INPUT_TEXTS["explain"].key(kind), shape=shape, dims=dims, features=features))
    if example.input_size != sidebar_input_size:
        st.caption(tr("hidden.input_size_override", input_size=example.input_size, sidebar=sidebar_input_size))


def measured_badge(difference: float, spec: LayerSpec) -> None:
    """The claim "these are torch's numbers", with the measured evidence, naming the tensors this cell returns."""
    tensors = ", ".join(name for name in spec.shapes(1, 1) if name != "input")  # c_n for an LSTM only
    st.success(tr("hidden.badge", difference=f"{difference:.1e}", tensors=tensors), icon=":material/verified:")


def window_note(view: ViewChoice, seq_len: int, spec: LayerSpec) -> None:
    """Say when only part of the sequence or of the units is drawn."""
    units_total = spec.output_size if spec.cell != "LSTM" else spec.hidden_size
    if len(view.steps) < seq_len:
        st.info(tr("hidden.window_steps", first=view.steps.start, last=view.steps.stop - 1, total=seq_len),
                icon=":material/crop:")
    if len(view.units) < units_total:
        st.info(tr("hidden.window_units", first=view.units.start, last=view.units.stop - 1, total=units_total),
                icon=":material/crop:")


def example_section(settings: LayerSettings, choice: InputChoice) -> None:
    """The sidebar's layer at torch's initialisation on the chosen example: what the input is, the measured
    badge and the animated heatmaps. A random example is costed before it is drawn (its size is the sidebar's);
    the word, the sine wave and the prices are small and fix the number of features themselves."""
    if choice.kind == "random":
        breach = check_trace(settings.spec, settings.seq_len, settings.batch)
        if breach:
            limit_warning(breach)
            return
    try:
        example = example_input(choice.kind, choice.word, settings.seq_len, settings.batch,
                                settings.spec.input_size, settings.seed)
    except ValueError:
        st.error(tr(INPUT_TEXTS["error"].key(choice.kind), word_limit=MAX_WORD_LENGTH, days=sample_days()),
                 icon=":material/error:")
        return
    if isinstance(settings.spec, OwnLayerSpec) and example.input_size != settings.spec.input_size:
        # An uploaded layer's input_size is its tensors': the input has to fit it, not the other way round.
        st.warning(tr("own.input_needs_random", input_size=settings.spec.input_size,
                      kind=tr(INPUT_TEXTS["name"].key(choice.kind)), given=example.input_size,
                      random=tr(INPUT_TEXTS["name"].key("random"))), icon=":material/info:")
        return
    # The word, the sine wave and the prices fix the number of features; the layer reads what they give.
    spec = dataclasses.replace(settings.spec, input_size=example.input_size)
    input_caption(choice.kind, example, settings.spec.input_size, spec)
    breach = check_trace(spec, example.seq_len, example.batch)
    if breach:
        limit_warning(breach)
        return
    view = view_sidebar(spec, example.seq_len, example.batch)
    recorded_example = RecordedExample(spec, choice.kind, choice.word, settings.seq_len, settings.batch,
                                       settings.seed, view.batch_item)
    window = HeatmapWindow(view.layer, view.direction, view.steps, view.units)
    with st.spinner(tr("hidden.computing")):
        recorded = recording(recorded_example)
        chart = hidden_state_chart(recorded_example, window, view.unit,
                                   figure_text(example.seq_len, spec.hidden_size,
                                               layer_title(spec, view.layer, view.direction)))
    measured_badge(recorded.max_abs_difference, spec)
    window_note(view, example.seq_len, spec)
    with page_view("hidden_states", "heatmaps"):
        show_chart(chart, f"hidden_states_{spec.cell}_layer{view.layer}_dir{view.direction}", key=HEATMAPS_KEY,
                   on_select=on_heatmap_pick, selection_mode="points")
    cell_section(recorded_example, window, view.unit)
