"""The sequences page's controls and sections: the padded and packed batch, which state is the last one, and one
long sequence read in windows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from rnnviz import sequences
from rnnviz.errors import RnnvizError
from rnnviz.figures import sequences as figures
from rnnviz.figures.theme import titled
from rnnviz.identities import Identity
from rnnviz.limits import check, check_live_run, packed_run_cost, stream_cost
from rnnviz.sequences import PackedRun, StreamSettings, WindowedReading
from rnnviz.spec import LayerSpec
from rnnviz.ui import url_state
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import packed_run, windowed_reading
from rnnviz.ui.language import error_text, template, tr
from rnnviz.ui.layer_controls import FIELDS as LAYER_FIELDS
from rnnviz.ui.notices import limit_warning
from rnnviz.ui.shape_views import identities_frame
from rnnviz.ui.spotlight import view

FIELDS = url_state.register(
    __name__,
    # "" until the user types lengths: the page then shows sequences.default_lengths(seq_len).
    # Room for MAX_SEQUENCES lengths of four digits with a comma and a space each.
    url_state.text_field("lengths", "", max_length=6 * sequences.MAX_SEQUENCES),
    url_state.bool_field("enforce_sorted", False),
    url_state.setting_field("stream_len", StreamSettings, "length"),
    url_state.setting_field("tbptt_window", StreamSettings, "window"),
)


@dataclass(frozen=True)
class SequenceControls:
    """What the sequences sidebar chose: the lengths as typed, enforce_sorted, and the long sequence's settings (or
    the message saying why they cannot be used)."""

    lengths_text: str
    enforce_sorted: bool
    stream: StreamSettings | None
    stream_error: str | None


def _lengths_text(lengths: tuple[int, ...]) -> str:
    return ",".join(map(str, lengths))


def sequence_sidebar() -> SequenceControls:
    """The batch's lengths (empty: `sequences.default_lengths` of the layer sidebar's seq_len, shown as the
    placeholder) and enforce_sorted, then the long sequence's length and window."""
    url_state.restore_from_url(list(FIELDS.values()))
    seq_len = int(url_state.value(LAYER_FIELDS["seq_len"]))
    sidebar = st.sidebar
    sidebar.subheader(tr("seq.controls_header"))
    text = url_state.bound(sidebar.text_input, FIELDS["lengths"], "lengths", help=tr("seq.lengths_help"),
                           placeholder=_lengths_text(sequences.default_lengths(seq_len)))
    enforce = url_state.bound(sidebar.toggle, FIELDS["enforce_sorted"], "enforce_sorted",
                              help=tr("seq.enforce_sorted_help"))
    sidebar.subheader(tr("seq.stream_header"))
    length = int(url_state.bound(sidebar.number_input, FIELDS["stream_len"], tr("seq.stream_len"),
                                 help=tr("seq.stream_len_help")))
    window = int(url_state.bound(sidebar.number_input, FIELDS["tbptt_window"], "window", help=tr("seq.window_help")))
    try:
        return SequenceControls(text, enforce, StreamSettings(length, window), None)
    except RnnvizError as invalid:
        return SequenceControls(text, enforce, None, error_text(invalid))


def lengths_or_message(text: str, seq_len: int) -> tuple[int, ...] | None:
    """The parsed lengths (the default batch when none were typed), or None after showing why they cannot be
    used."""
    if not text.strip():
        return sequences.default_lengths(seq_len)
    try:
        return sequences.parse_lengths(text, seq_len)
    except RnnvizError as invalid:
        st.error(error_text(invalid), icon=":material/error:")
        return None


def _tensor_text(tensor) -> str:
    return "None" if tensor is None else str(tensor)


def batch_section(spec: LayerSpec, lengths: tuple[int, ...], seq_len: int, run: PackedRun, enforce: bool) -> None:
    """The padded grid and torch's PackedSequence of it, with the packed fields as torch prints them."""
    st.subheader(tr("seq.batch_header"))
    st.caption(tr("seq.batch_caption", batch=len(lengths), seq_len=seq_len))
    layout = "(batch, T, input_size)" if spec.batch_first else "(T, batch, input_size)"
    text = figures.BatchText(grid_title=tr("seq.grid_title", layout=layout), packed_title=tr("seq.packed_title"),
                             sequence=template("seq.sequence_label"), time_axis=tr("axis.time"),
                             packed_axis=tr("seq.packed_axis"), pad=tr("seq.pad"),
                             batch_sizes="batch_sizes[{t}] = {size}")
    figure = figures.batch_figure(sequences.packed_positions(run.packed), lengths, seq_len, text)
    show_chart(titled(figure, f"pack_padded_sequence(x, {list(lengths)}, batch_first={spec.batch_first}, "
                              f"enforce_sorted={enforce})"), f"packed_batch_{spec.cell}", key="packed_batch")
    packed = run.packed
    st.code("\n".join([
        f"packed = pack_padded_sequence(x, lengths=torch.tensor({list(lengths)}), "
        f"batch_first={spec.batch_first}, enforce_sorted={enforce})",
        f"packed.data.shape        # {packed.data.shape}",
        f"packed.batch_sizes       # {_tensor_text(packed.batch_sizes)}",
        f"packed.sorted_indices    # {_tensor_text(packed.sorted_indices)}",
        f"packed.unsorted_indices  # {_tensor_text(packed.unsorted_indices)}",
    ]), language="python")
    st.caption(tr("seq.packed_fields_sorted" if enforce else "seq.packed_fields"))


def claims_table(claims: list[Identity]) -> None:
    """The claims with their meaning written out in full (a static table wraps its text; a data grid cuts it)."""
    st.table(identities_frame(claims).set_index(tr("table.identity")))


def _state_marks(spec: LayerSpec, run: PackedRun) -> list[tuple[int, int, str]]:
    forward = "h_n[-1]" if spec.num_directions == 1 else "h_n[-2]"
    marks = [(b, step, forward) for b, step in enumerate(run.last_steps)]
    if spec.num_directions == 2:
        marks += [(b, 0, "h_n[-1]") for b in range(len(run.last_steps))]
    return marks


def _norms(output, batch_first: bool) -> np.ndarray:
    """‖output[t, b]‖ as (batch, T)."""
    norms = output.norm(dim=2)
    return (norms if batch_first else norms.T).numpy()


def _difference_table(spec: LayerSpec, run: PackedRun) -> None:
    steps = run.output.shape[1 if spec.batch_first else 0]
    rows = sequences.sequence_differences(run, spec.num_directions)
    table = {tr("seq.col_sequence"): list(range(len(rows))),
             tr("seq.col_length"): [step + 1 for step in run.last_steps],
             tr("seq.col_last_step"): list(run.last_steps),
             tr("seq.col_output_last"): [tr("seq.real" if step == steps - 1 else "seq.padding")
                                         for step in run.last_steps]}
    parts = {"forward": tr("word.forward"), "backward": tr("word.backward"), "c_n": "c_n"}
    for name in rows[0]:
        table[tr("seq.col_difference", part=parts[name])] = [f"{row[name]:.1e}" for row in rows]
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")


def gather_code(spec: LayerSpec) -> str:
    """The mask-and-gather idiom in this layer's layout."""
    width = spec.num_directions * spec.output_size
    if spec.batch_first:
        index = f"(lengths - 1).view(-1, 1, 1).expand(-1, 1, {width})"
        lines = [f"last = output.gather(1, {index}).squeeze(1)  # (batch, {width})"]
    else:
        index = f"(lengths - 1).view(1, -1, 1).expand(1, -1, {width})"
        lines = [f"last = output.gather(0, {index}).squeeze(0)  # (batch, {width})"]
    if spec.num_directions == 2:
        lines.append(f"forward_last = last[:, :{spec.output_size}]  # == h_n[-2] only if nothing read padding")
    return "\n".join(lines)


def last_state_section(spec: LayerSpec, run: PackedRun) -> None:
    """Where each final state is read from, the claims measured on this run, and the padded run's differences."""
    st.subheader(tr("seq.last_header"))
    st.caption(tr("seq.last_caption_bi" if spec.num_directions == 2 else "seq.last_caption"))
    text = figures.OutputText(packed_title=tr("seq.output_packed_title"), padded_title=tr("seq.output_padded_title"),
                              sequence=template("seq.sequence_label"), time_axis=tr("axis.time"),
                              norm="‖output[t, b]‖")
    lengths = tuple(step + 1 for step in run.last_steps)
    figure = figures.output_figure(_norms(run.output, spec.batch_first), _norms(run.padded_output, spec.batch_first),
                                   lengths, _state_marks(spec, run), text)
    show_chart(titled(figure, spec.constructor_code()), f"last_states_{spec.cell}", key="last_states")
    claims_table(sequences.last_state_claims(run, spec.num_directions, spec.batch_first))
    st.caption(tr("seq.differences_caption"))
    _difference_table(spec, run)
    st.markdown(tr("seq.gather_text"))
    st.code(gather_code(spec), language="python")


def packed_section(spec: LayerSpec, settings_seq_len: int, seed: int, controls: SequenceControls) -> None:
    """Sections 1 and 2, or the message saying why the lengths or the layer cannot be run."""
    lengths = lengths_or_message(controls.lengths_text, settings_seq_len)
    if lengths is None:
        return
    breach = check_live_run(spec, settings_seq_len, len(lengths)) or check(
        packed_run_cost(spec, settings_seq_len, len(lengths)))
    if breach:
        limit_warning(breach)
        return
    try:
        with st.spinner(tr("seq.computing")):  # up to ~2 s for the largest accepted layer (two runs)
            run = packed_run(spec, lengths, settings_seq_len, seed, controls.enforce_sorted)
    except RnnvizError as refused:
        st.error(error_text(refused), icon=":material/error:")
        return
    with view("sequences", "batch"):
        batch_section(spec, lengths, settings_seq_len, run, controls.enforce_sorted)
    with view("sequences", "last_state"):
        last_state_section(spec, run)


def _reading_metrics(spec: LayerSpec, reading: WindowedReading) -> None:
    left, right = st.columns(2)
    left.metric(tr("seq.carried_metric"), f"{reading.carried_vs_full:.1e}")
    right.metric(tr("seq.reset_metric"), f"{reading.reset_vs_full:.1e}")
    st.caption(tr("seq.carried_caption_bi" if spec.num_directions == 2 else "seq.carried_caption"))


def window_section(spec: LayerSpec, seed: int, controls: SequenceControls) -> None:
    """One long sequence read in windows: outputs against one full run, the gradient cut by detach(), and what
    torch says when each window is backpropagated without it."""
    st.subheader(tr("seq.stream_section_header"))
    if controls.stream_error:
        st.error(controls.stream_error, icon=":material/error:")
        return
    stream = controls.stream
    breach = check_live_run(spec, stream.length, 1) or check(stream_cost(spec, stream.length))
    if breach:
        limit_warning(breach)
        return
    st.caption(tr("seq.stream_caption", length=stream.length, window=stream.window,
                  windows=len(stream.boundaries) + 1))
    with st.spinner(tr("seq.computing")):
        reading = windowed_reading(spec, stream, seed)
    _reading_metrics(spec, reading)
    text = figures.GradientText(kept=tr("seq.kept"), detached=tr("seq.detached"), cut="detach()",
                                time_axis=tr("axis.time"), norm_axis="‖∂loss/∂x_t‖", zero=tr("seq.zero"))
    figure = figures.window_gradient_figure(reading.kept_grad.numpy(), reading.detached_grad.numpy(),
                                            stream.boundaries, text)
    show_chart(titled(figure, tr("seq.gradient_title", code=spec.constructor_code(), window=stream.window)),
               f"window_gradients_{spec.cell}", key="window_gradients")
    st.caption(tr("seq.gradient_caption"))
    st.markdown(tr("seq.loop_text"))
    st.code(loop_code(spec), language="python")
    if reading.second_backward:
        st.markdown(tr("seq.second_backward"))
        st.code(reading.second_backward, language="text", wrap_lines=True)


def loop_code(spec: LayerSpec) -> str:
    """The stateful training loop, with the detach() that truncates backpropagation at each window."""
    detach = "state = tuple(s.detach() for s in state)" if spec.cell == "LSTM" else "state = state.detach()"
    return "\n".join([
        "state = None",
        "for x_window in x.split(window, dim=1 if rnn.batch_first else 0):",
        "    output, state = rnn(x_window, state)",
        "    loss = output.sum()",
        "    loss.backward()",
        f"    {detach}  # without it, the next backward() reaches the freed graph of this window",
    ])

