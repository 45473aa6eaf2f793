"""The Lecture notes page: one section per note, each its example's code, torch's printout, the checks against what
the note printed, and a card on what the output really says.

The code shown is the source of the function that produced the output beside it (`inspect.getsource`), so the
page cannot show one thing and run another.
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import streamlit as st
import torch

from rnnviz import i18n
from rnnviz.bounds import Bounds
from rnnviz.figures.notes import BASELINE_DASHES, accuracy_by_rows_figure, slope_by_step_figure
from rnnviz.lecture_notes import NOTES, Check, digits, hello, numpy_loop, shapes_note, sine
from rnnviz.ui import url_state
from rnnviz.ui.charts import show_chart
from rnnviz.ui.language import labels, tr
from rnnviz.ui.layer_controls import PRESET_NAMES, apply_preset
from rnnviz.ui.runs import Progress, kept, run_button, run_shared

NOTE_TEXTS = {part: i18n.family("notes.{}." + part, NOTES) for part in ("title", "file")}
ORDER_NAMES = i18n.family("notes.hello.order_{}", hello.ORDERS)
DIGIT_BASELINE_NAMES = i18n.family("notes.digits.baseline_{}", BASELINE_DASHES)
FIELDS = url_state.register(
    __name__,
    url_state.choice_field("note", NOTES[0], NOTES),
    url_state.choice_field("hello_order", hello.NOTE_ORDER, hello.ORDERS),
    url_state.number_field("loop_scale", numpy_loop.NOTE_SCALE, Bounds(0.05, 1.0, 0.05)),
    url_state.choice_field("sine_input", "1", tuple(map(str, sine.HIDDEN_FOR_INPUT))),
)
_GO_TO_SHAPES = "notes_open_shapes"


def note_picker() -> str:
    """The note chooser (in the URL as ?note=, so a link opens one note)."""
    url_state.restore_from_url(list(FIELDS.values()))
    return url_state.bound(st.radio, FIELDS["note"], tr("notes.pick"), options=list(NOTES), horizontal=True,
                           format_func=labels(NOTE_TEXTS["title"]))


def _checks_table(checks: list[Check]) -> None:
    """Each check as a row: the code both sides evaluate, the note's figure, torch's figure here, same or not."""
    frame = pd.DataFrame({
        tr("notes.check.what"): [check.what for check in checks],
        tr("notes.check.note"): [check.note for check in checks],
        tr("notes.check.ours"): [check.ours for check in checks],
        tr("notes.check.same"): [check.matches for check in checks],
    })
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={tr("notes.check.same"): st.column_config.CheckboxColumn(width="small")})
    matched = sum(check.matches for check in checks)
    st.caption(tr("notes.check.summary", matched=matched, total=len(checks)))


def _code(*functions) -> None:
    """The source of the functions that ran, in an expander opened by default."""
    with st.expander(tr("notes.code"), expanded=True, icon=":material/code:"):
        st.code("\n\n".join(inspect.getsource(function) for function in functions), language="python")


def _card(key: str, **values: object) -> None:
    with st.container(border=True):
        st.markdown(f"**{tr('notes.card')}**")
        st.markdown(tr(key, **values))


def _intro(name: str) -> None:
    st.subheader(tr(NOTE_TEXTS["title"].key(name)))
    st.caption(tr("notes.source", file=tr(NOTE_TEXTS["file"].key(name))))


# ---- note 1 ----------------------------------------------------------------------------------------------------
def _open_in_shapes(preset_key: str) -> None:
    """Button callback: put the experiment's layer in the shared layer settings and ask for the Shape diagrams.
    (A callback, not the button's return value: the router's first rerun would drop the click.)"""
    apply_preset(preset_key)
    st.session_state[_GO_TO_SHAPES] = True


def shapes_section() -> None:
    """Note 1: its six experiments, their shapes against the note's, each a click away from the Shape diagrams."""
    if st.session_state.pop(_GO_TO_SHAPES, False):
        st.switch_page("pages/shapes.py")
    _intro("shapes")
    _code(shapes_note.shapes_example)
    for preset_key, _ in shapes_note.EXPERIMENTS:
        result = shapes_note.run(preset_key)
        with st.container(border=True):
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.markdown(f"**{tr(PRESET_NAMES.key(preset_key))}**")
            right.button(tr("notes.shapes.open"), key=f"open_{preset_key}", icon=":material/stacks:",
                         on_click=_open_in_shapes, args=(preset_key,))
            printed = [f"h_0.shape  # torch.Size({list(result['h_0'].shape)})"]
            printed += [f"{name}.shape  # torch.Size({list(result[name].shape)})"
                        for name in ("output", "h_n", "c_n") if name in result]
            st.code("\n".join(printed), language="python")
            _checks_table(shapes_note.checks(preset_key, result))
    _card("notes.shapes.card")


# ---- note 2 ----------------------------------------------------------------------------------------------------
def hello_section() -> None:
    """Note 2: the printed tensor reproduced, read as torch reads it, beside the same data with batch_first=True."""
    _intro("hello")
    order = url_state.bound(st.radio, FIELDS["hello_order"], tr("notes.hello.order"), options=list(hello.ORDERS),
                            horizontal=True, format_func=labels(ORDER_NAMES))
    _code(hello.hello_example)
    time_first, batch_first = hello.run(order), hello.run(order, batch_first=True)
    left, right = st.columns(2)
    for column, result, key in ((left, time_first, "notes.hello.time_first"),
                                (right, batch_first, "notes.hello.batch_first")):
        column.markdown(f"**{tr(key)}**")
        column.code(result.printout + f"\n# h_n.shape: torch.Size({list(result.h_n.shape)})", language="text")
    _checks_table(hello.checks(time_first))
    pairs = ", ".join(f"{i} / {j}" for i, j in time_first.equal_rows) or "-"
    _card("notes.hello.card", pairs=pairs)


# ---- note 3 ----------------------------------------------------------------------------------------------------
def numpy_loop_section() -> None:
    """Note 3: the loop equals nn.RNN with torch's weights; the note's weight draw saturates tanh."""
    _intro("numpy_loop")
    _code(numpy_loop.rnn_loop, numpy_loop.loop_with_torch_weights)
    loop, torch_output = numpy_loop.run_loop_with_torch_weights()
    st.metric(tr("notes.numpy_loop.difference"), f"{float(np.abs(loop - torch_output).max()):.1e}")
    scale = url_state.bound(st.slider, FIELDS["loop_scale"], tr("notes.numpy_loop.scale"),
                            help=tr("notes.numpy_loop.scale_help"))
    result = numpy_loop.saturation(float(scale))
    first, second, third = st.columns(3)
    first.metric(tr("notes.numpy_loop.smallest"), f"{float(result.hidden[1:].min()):.5f}")
    second.metric(tr("notes.numpy_loop.mean_slope"), f"{float(result.slope[1:].mean()):.4f}")
    third.metric(tr("notes.numpy_loop.mean_pre"), f"{float(np.abs(result.pre_activation).mean()):.2f}")
    show_chart(slope_by_step_figure(result, numpy_loop.saturation(numpy_loop.NOTE_SCALE), {
        "title": tr("notes.numpy_loop.chart_title"), "x": tr("notes.numpy_loop.chart_x"),
        "y": tr("notes.numpy_loop.chart_y"), "chosen": tr("notes.numpy_loop.chart_chosen", scale=scale),
        "note": tr("notes.numpy_loop.chart_note")}), "numpy_loop_slope")
    with np.printoptions(precision=8, suppress=True):
        st.code(f"print(total_hidden_states)  # scale {scale}\n{result.hidden}", language="text")
    runs = numpy_loop.torch_variants()
    st.code("\n".join(f"# {variant}\noutputs.shape  # torch.Size({list(o.shape)})\n"
                      f"_status.shape  # torch.Size({list(s.shape)})" for variant, (o, s) in runs.items())
            + f"\n\nnn.LSTM(5, 8, batch_fisrt=True)\n# {numpy_loop.misspelt_keyword_error()}", language="python")
    _checks_table(numpy_loop.checks(numpy_loop.saturation(numpy_loop.NOTE_SCALE), runs))
    _card("notes.numpy_loop.card")


# ---- note 4 ----------------------------------------------------------------------------------------------------
def sine_section() -> None:
    """Note 4: both of its runs (input_size 1 and 3), with its two broken lines fixed."""
    _intro("sine")
    input_size = int(url_state.bound(st.radio, FIELDS["sine_input"], tr("notes.sine.input_size"),
                                     options=[str(size) for size in sine.HIDDEN_FOR_INPUT], horizontal=True,
                                     format_func=lambda size: f"input_size={size}, hidden_dim="
                                                              f"{sine.HIDDEN_FOR_INPUT[int(size)]}"))
    _code(sine.sine_example)
    result = sine.run(input_size)
    st.code("\n".join(f"{name}.shape  # {tuple(value.shape)}" if isinstance(value, np.ndarray)
                      else f"{name}.size()  # torch.Size({list(value.shape)})" for name, value in result.items()),
            language="python")
    with np.printoptions(precision=4, suppress=True):
        st.code(f"data[:3]\n{result['data'][:3]}", language="text")
    _checks_table(sine.checks(input_size, result))
    _card("notes.sine.card")


# ---- note 5 ----------------------------------------------------------------------------------------------------
DIGITS_RUN = "defaults"  # the digits classifier has one setting: the defaults of digits.train_digits


def _train_digits() -> digits.DigitsRun:
    def describe(reports: list[tuple[int, int]]) -> tuple[float, str]:
        step, steps = reports[-1]
        return step / steps, tr("notes.digits.training", step=step, steps=steps)

    return run_shared("digits", DIGITS_RUN,
                      lambda report: digits.train_digits(on_step=lambda step, steps, loss: report((step, steps))),
                      Progress(tr("notes.digits.training", step=0, steps="…"), describe))


def digits_section() -> None:
    """Note 5: the model and its torchinfo summaries, the last-step indexing, and the classifier trained here."""
    _intro("digits")
    _code(digits.RecurrentClassifier)
    model = digits.note_model()
    own_count = sum(parameter.numel() for parameter in model.parameters())
    for input_size in digits.NOTE_INPUT_SIZES:
        stats = digits.summary(model, input_size)
        st.markdown(tr("notes.digits.summary", size=input_size))
        st.code(str(stats), language="text")
    st.caption(tr("notes.digits.total", total=f"{own_count:,}"))
    x = torch.randn(*digits.NOTE_INPUT_SIZES[0], generator=torch.Generator().manual_seed(0))
    tensors = digits.last_step_shapes(model, x)
    lines = [f"{name}.shape  # torch.Size({list(tensor.shape)})" for name, tensor in tensors.items()]
    last, h_n, c_n = tensors["rnn_out[:, -1, :]"], tensors["h_n"], tensors["c_n"]
    lines += ["", f"torch.equal(rnn_out[:, -1, :], h_n[-1])  # {torch.equal(last, h_n[-1])}",
              f"(rnn_out[:, -1, :] - c_n[-1]).abs().max()  # {float((last - c_n[-1]).abs().max()):.4f}"]
    projected = digits.projected_shapes()
    lines += ["", "# nn.LSTM(28, 256, 2, batch_first=True, proj_size=64)"]
    lines += [f"{name}.shape  # torch.Size({list(shape)})" for name, shape in projected.items()]
    st.code("\n".join(lines), language="python")
    _card("notes.digits.card")

    st.subheader(tr("notes.digits.train_header"))
    st.markdown(tr("notes.digits.train_intro"))
    if run_button(tr("notes.digits.train"), "train_digits"):
        _train_digits()
    run = kept("digits", DIGITS_RUN)
    if run is None:
        return
    columns = st.columns(3)
    columns[0].metric(tr("notes.digits.lstm"), f"{run.test_accuracy:.1%}")
    for column, name in zip(columns[1:], ("nearest_mean", "majority")):
        column.metric(tr(DIGIT_BASELINE_NAMES.key(name)), f"{run.baselines[name]:.1%}")
    st.caption(tr("notes.digits.split", train=run.train_count, test=run.test_count))
    show_chart(accuracy_by_rows_figure(run.accuracy_after_rows, run.baselines, {
        "title": tr("notes.digits.rows_title"), "x": tr("notes.digits.rows_x"), "y": tr("notes.digits.rows_y"),
        "lstm": tr("notes.digits.lstm"), "nearest_mean": tr("notes.digits.baseline_nearest_mean"),
        "majority": tr("notes.digits.baseline_majority")}), "digits_accuracy_by_rows")


SECTIONS = {"shapes": shapes_section, "hello": hello_section, "numpy_loop": numpy_loop_section,
            "sine": sine_section, "digits": digits_section}
