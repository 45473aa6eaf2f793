"""The hidden-state animation: heatmaps of units x time that are sent once, and light frames that only move.

Each frame carries one highlight band over all heatmaps (5 points), x_t, h_{t-1} and h_t as bars, and the
equation text: O(features + units) numbers, so the figure grows linearly with seq_len x hidden. A naive
animation that re-sends the heatmap in every frame grows with seq_len^2 x hidden (`tools.naive_figures`, the
benchmark's baseline). Arrays go to Plotly as float32 numpy (sent as base64), never Python lists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rnnviz.cells import ALL_GATES, GATES
from rnnviz.figures.theme import SCREEN, titled
from rnnviz.recording import DirectionRecording, step_equation
from rnnviz.spec import LayerSpec

MAX_BAR_FEATURES = 64
MAX_BAR_UNITS = 64
FRAME_MS = 150
DIVERGING = "RdBu_r"  # red positive, blue negative, white at 0
BOUNDED_LIMIT = 1.0  # tanh, sigmoid and their products stay in [-1, 1]
# A panel of at most this many cells prints each value in its cell (the opening "hello" layer: 5 x 3): a student
# reads the numbers themselves; beyond it the text would be smaller than the projector shows.
MAX_PRINTED_CELLS = 160
BARS_ROW = 2  # the right column's row of h_{t-1} -> h_t bars
PICK_TRACE = "pick"  # the invisible markers over the heatmap cells that a click selects (step, unit)
PICK_MARKER_PX = 40
# The pick markers cost 20 bytes a cell in the page: they cover the first panel (h_t) only, and only windows of up to
# this many cells (a 500 x 256 window would add 2.5 MB); larger windows keep the sidebar's unit.
PICK_MAX_CELLS = 10_000
# Everything the figure can title: the states, every cell's gates, the input bars, the step's bars and equation.
PANELS = ("h", "c", *ALL_GATES, "x", "bars", "equation")


@dataclass(frozen=True)
class FigureText:
    """Every label the figure shows, already in the reader's language."""

    panel_titles: dict[str, str]  # every name in PANELS
    time_axis: str
    unit_axis: str
    previous: str
    current: str
    play: str
    pause: str
    step: str
    # The bars' title when they show only some units ({first}, {last}, {total}), and what h_{t-1}'s legend entry
    # adds (why its bars are empty at the first step read).
    bar_window: str = "units {first}–{last} of {total}"
    previous_note: str = ""
    title: str = ""  # what the figure shows, e.g. "nn.LSTM(4, 3) · layer 0": exports and slides name the layer


def panel_names(spec: LayerSpec) -> list[str]:
    """The heatmaps, top to bottom: "h", then "c" for LSTM, then the gates."""
    return ["h"] + (["c"] if spec.cell == "LSTM" else []) + list(GATES[spec.cell])


def hidden_is_bounded(spec: LayerSpec) -> bool:
    """h_t stays in [-1, 1] for tanh RNN, GRU and LSTM without projection; relu and W_hr projections do not."""
    return (spec.cell == "RNN" and spec.nonlinearity == "tanh") or spec.cell == "GRU" or \
        (spec.cell == "LSTM" and not spec.proj_size)


def panel_matrix(recording: DirectionRecording, name: str) -> np.ndarray:
    """(seq_len, units) for panel `name`."""
    if name == "h":
        return recording.hidden
    if name == "c":
        return recording.cell
    return recording.gates[name]


def _symmetric_limit(arrays: list[np.ndarray]) -> float:
    """A round symmetric colour/axis limit that covers every value (so the scale never moves between steps)."""
    largest = max(float(np.abs(array).max()) for array in arrays) if arrays else 1.0
    if largest <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(largest))
    return math.ceil(largest / magnitude * 10) / 10 * magnitude


def fit_units(units: range, width: int) -> range:
    """The part of `units` that a panel `width` units wide has (with proj_size, h is narrower than c and the
    gates); its first units when the window starts beyond it."""
    if units.start < width:
        return range(units.start, min(units.stop, width))
    return range(0, min(width, len(units)))


def _band(t: int) -> np.ndarray:
    """x of a closed rectangle around column t (its y runs 0 -> 1 on the overlay axis)."""
    return np.array([t - 0.5, t + 0.5, t + 0.5, t - 0.5, t - 0.5], dtype=np.float32)


def _grid(names: list[str], text: FigureText) -> tuple[go.Figure, int]:
    """The subplot grid: the heatmaps down the left column (one tall one when there is a single panel), and on
    the right x_t on top, the h_{t-1} -> h_t bars below it and the equation at the bottom. Returns (figure, rows)."""
    count = len(names)
    rows = max(count, 3)
    left = [[{"rowspan": rows}]] + [[None]] * (rows - 1) if count == 1 else [[{}] for _ in range(rows)]
    right = [{}, {"rowspan": rows - 2}] + [None] * (rows - 3) + [{"type": "xy"}]
    specs = [left[r] + [right[r]] for r in range(rows)]
    titles = []
    for r in range(rows):
        if r < count and (count > 1 or r == 0):
            titles.append(text.panel_titles[names[r]])
        if specs[r][1] is not None:
            titles.append(text.panel_titles[("x", "bars")[min(r, 1)] if r < rows - 1 else "equation"])
    figure = make_subplots(rows=rows, cols=2, specs=specs, column_widths=[0.66, 0.34], horizontal_spacing=0.13,
                           vertical_spacing=0.075 if rows > 3 else 0.1, subplot_titles=titles)
    return figure, rows


def _is_bounded_panel(spec: LayerSpec, name: str) -> bool:
    """Whether panel `name` lives in [-1, 1] (the shared colour scale); c_t and an unbounded h_t do not."""
    return not (name == "c" or (name == "h" and not hidden_is_bounded(spec)))


def _add_heatmaps(figure: go.Figure, spec: LayerSpec, recording: DirectionRecording, names: list[str], steps: range,
                  units: range, text: FigureText) -> None:
    """One heatmap per panel, units x steps of the window, on the bounded or the unbounded colour axis."""
    count = len(names)
    step_index = np.arange(steps.start, steps.stop, dtype=np.float32)
    # The band's overlay axis (y99: 0 at the last heatmap's bottom, 1 at the first's top) lies over every heatmap
    # and so receives the clicks: the pick markers live on it, each at its cell's height.
    top = figure.get_subplot(1, 1).yaxis.domain[1]
    bottom = figure.get_subplot(1 if count == 1 else count, 1).yaxis.domain[0]
    for position, name in enumerate(names):
        row = 1 if count == 1 else position + 1
        full = panel_matrix(recording, name)
        shown = fit_units(units, full.shape[1])
        matrix = full[steps.start:steps.stop, shown.start:shown.stop]
        printed = matrix.size <= MAX_PRINTED_CELLS
        unit_index = np.arange(shown.start, shown.stop, dtype=np.float32)
        figure.add_trace(go.Heatmap(
            z=np.ascontiguousarray(matrix.T, dtype=np.float32), x=step_index, y=unit_index,
            coloraxis="coloraxis" if _is_bounded_panel(spec, name) else "coloraxis2",
            texttemplate="%{z:.2f}" if printed else None,
            hovertemplate=f"{text.panel_titles[name]}<br>t=%{{x}} · [%{{y}}]<br>%{{z:.4f}}<extra></extra>",
        ), row=row, col=1)
        # Few units: a tick on each one (Plotly would otherwise label 0.5 steps between them).
        figure.update_yaxes(title_text=text.unit_axis, dtick=1 if printed else None, row=row, col=1)
        if row == (1 if count == 1 else count):
            figure.update_xaxes(title_text=text.time_axis, row=row, col=1)
        if position > 0 or matrix.size > PICK_MAX_CELLS:
            continue
        # Streamlit reports no selection on a heatmap (streamlit#8760): an invisible marker on every cell carries
        # the cell's hover text and makes a click select its step and unit (PICK_TRACE names these traces;
        # customdata is (t, unit, value)).
        low, high = figure.get_subplot(row, 1).yaxis.domain
        cell_t, cell_unit = np.meshgrid(step_index, unit_index)
        cell_y = low + (cell_unit - shown.start + 0.5) / len(unit_index) * (high - low)
        figure.add_trace(go.Scatter(
            x=cell_t.ravel(), y=((cell_y - bottom) / (top - bottom)).ravel(), xaxis="x99", yaxis="y99",
            mode="markers", name=PICK_TRACE, showlegend=False, marker=dict(size=PICK_MARKER_PX, opacity=0),
            customdata=np.stack([cell_t.ravel(), cell_unit.ravel(), np.ascontiguousarray(matrix.T).ravel()], axis=1),
            hovertemplate=(f"{text.panel_titles[name]}<br>t=%{{customdata[0]}} · [%{{customdata[1]}}]<br>"
                           "%{customdata[2]:.4f}<extra></extra>"),
            unselected=dict(marker=dict(opacity=0)), selected=dict(marker=dict(opacity=0)),
        ))


@dataclass(frozen=True)
class _SidePanel:
    """What the right-hand column shows at each step: the input features, the units as bars, the equation."""

    spec: LayerSpec
    recording: DirectionRecording
    step_labels: tuple[str, ...]
    features: list[str]
    bar_units: range
    text: FigureText

    # Frames are plain dicts: Plotly's object model costs ~100 us per trace object, and Streamlit converts the
    # figure with to_dict() on every rerun, so per-frame objects are kept to four.
    def step_data(self, t: int) -> list[dict]:
        """The four animated traces at step t that do not depend on the equation's unit: the band, x_t, h_{t-1}
        and h_t."""
        units, recording = self.bar_units, self.recording
        return [
            dict(type="scatter", x=_band(t)),
            dict(type="bar", y=recording.inputs[t, :len(self.features)].astype(np.float32)),
            dict(type="bar", y=recording.previous_hidden[t, units.start:units.stop].astype(np.float32)),
            dict(type="bar", y=recording.hidden[t, units.start:units.stop].astype(np.float32)),
        ]


def _equation(spec: LayerSpec, recording: DirectionRecording, step_labels: tuple[str, ...], t: int, unit: int,
              text: FigureText) -> dict:
    """The fifth animated trace at step t: the equation of hidden unit `unit`."""
    return dict(type="scatter", text=[f"<b>{text.step} {step_labels[t]}</b><br>"
                                      + step_equation(spec, recording, t, unit)])


def _side_panel(spec, recording, step_labels, units: range, text: FigureText) -> _SidePanel:
    hidden_units = fit_units(units, recording.hidden.shape[1])
    bar_units = range(hidden_units.start, min(hidden_units.stop, hidden_units.start + MAX_BAR_UNITS))
    return _SidePanel(spec, recording, step_labels, list(recording.input_names[:MAX_BAR_FEATURES]), bar_units, text)


def _add_animated_traces(figure: go.Figure, panel: _SidePanel, first: list[dict], rows: int) -> list[int]:
    """The band over every heatmap and the right column's traces, at the first step; returns their indices."""
    text = panel.text
    unit_labels = [str(u) for u in panel.bar_units]
    # One band over every heatmap at once: a trace on an overlay axis spanning the whole left column.
    figure.add_trace(go.Scatter(x=first[0]["x"], y=np.array([0, 0, 1, 1, 0], dtype=np.float32), mode="lines",
                                fill="toself", fillcolor="rgba(17, 24, 39, 0.05)",
                                line=dict(color="rgb(17, 24, 39)", width=2.5), hoverinfo="skip", showlegend=False,
                                xaxis="x99", yaxis="y99"))
    # A picked heatmap cell is a selection; Plotly would dim every other trace's points for it.
    kept = dict(unselected=dict(marker=dict(opacity=1)))
    figure.add_trace(go.Bar(x=panel.features, y=first[1]["y"], marker_color="#6b7280", showlegend=False,
                            hovertemplate="%{x}: %{y:.4f}<extra></extra>", **kept), row=1, col=2)
    previous_name = f"{text.previous} {text.previous_note}" if text.previous_note else text.previous
    figure.add_trace(go.Bar(x=unit_labels, y=first[2]["y"], name=previous_name, marker_color="#9ca3af",
                            hovertemplate="[%{x}]: %{y:.4f}<extra>" + text.previous + "</extra>", **kept),
                     row=BARS_ROW, col=2)
    figure.add_trace(go.Bar(x=unit_labels, y=first[3]["y"], name=text.current, marker_color="#dc2626",
                            hovertemplate="[%{x}]: %{y:.4f}<extra>" + text.current + "</extra>", **kept),
                     row=BARS_ROW, col=2)
    figure.add_trace(go.Scatter(x=[0], y=[0], mode="text", text=[""], textposition="middle center",
                                textfont=dict(size=14), hoverinfo="skip", showlegend=False), row=rows, col=2)
    return list(range(len(figure.data) - 5, len(figure.data)))


def _label_bars(figure: go.Figure, panel: _SidePanel, text: FigureText) -> None:
    """Say which units the bars show when they are not all of them."""
    total, shown = panel.recording.hidden.shape[1], panel.bar_units
    if len(shown) < total:
        title = text.panel_titles["bars"]
        window = text.bar_window.format(first=shown.start, last=shown.stop - 1, total=total)
        for annotation in figure.layout.annotations:
            if annotation.text == title:
                annotation.text = f"{title} · {window}"


def _fix_axes(figure: go.Figure, panel: _SidePanel, count: int, rows: int, steps: range) -> list:
    """Fixed ranges so nothing rescales while playing, one time axis at the bottom, and the band's overlay axis
    over the whole left column. Returns the heatmaps' subplot axes, top to bottom."""
    inputs_limit = _symmetric_limit([panel.recording.inputs[:, :len(panel.features)]])
    hidden_limit = BOUNDED_LIMIT if hidden_is_bounded(panel.spec) else _symmetric_limit([panel.recording.hidden])
    figure.update_yaxes(range=[-inputs_limit, inputs_limit], row=1, col=2)
    figure.update_yaxes(range=[-hidden_limit, hidden_limit], row=BARS_ROW, col=2)
    figure.update_xaxes(nticks=9, row=BARS_ROW, col=2)
    figure.update_xaxes(visible=False, range=[-1, 1], row=rows, col=2)
    figure.update_yaxes(visible=False, range=[-1, 1], row=rows, col=2)
    step_range = [steps.start - 0.5, steps.stop - 0.5]
    heatmap_axes = [figure.get_subplot(1 if count == 1 else position + 1, 1) for position in range(count)]
    for axes in heatmap_axes:
        axes.xaxis.range = step_range
        axes.xaxis.showticklabels = axes is heatmap_axes[-1]  # one time axis, at the bottom
    top, bottom = heatmap_axes[0].yaxis.domain[1], heatmap_axes[-1].yaxis.domain[0]
    figure.update_layout(
        xaxis99=dict(domain=heatmap_axes[0].xaxis.domain, range=step_range, visible=False, fixedrange=True),
        yaxis99=dict(domain=[bottom, top], range=[0, 1], visible=False, fixedrange=True),
    )
    return heatmap_axes


def _colour_axes(unbounded: list[np.ndarray], colorbar_x: float) -> dict:
    """The [-1, 1] scale and the unbounded one, their colour bars in the gap before the side panel."""
    unbounded_limit = _symmetric_limit(unbounded)
    return dict(
        coloraxis=dict(colorscale=DIVERGING, cmin=-BOUNDED_LIMIT, cmax=BOUNDED_LIMIT, cmid=0,
                       colorbar=dict(x=colorbar_x, xanchor="left", y=1.0, yanchor="top", len=0.45, thickness=12)),
        coloraxis2=dict(colorscale=DIVERGING, cmin=-unbounded_limit, cmax=unbounded_limit, cmid=0,
                        showscale=bool(unbounded),
                        colorbar=dict(x=colorbar_x, xanchor="left", y=0.0, yanchor="bottom", len=0.45, thickness=12)),
    )


def player(step_labels: tuple[str, ...], steps: range, text, start: int | None = None) -> dict:
    """Play / Pause buttons and the step slider (`text` has .play, .pause, .step), at step `start` (the first
    step when None); all animate frames without redrawing the heatmaps. The cell diagram uses the same player."""
    slider_steps = [dict(method="animate", label=step_labels[t],
                         args=[[str(t)], dict(mode="immediate", frame=dict(duration=0, redraw=False),
                                              transition=dict(duration=0))]) for t in steps]
    return dict(
        updatemenus=[dict(type="buttons", direction="left", x=0.0, xanchor="left", y=-0.06, yanchor="top",
                          showactive=False, buttons=[
                              dict(label=f"▶ {text.play}", method="animate",
                                   args=[None, dict(frame=dict(duration=FRAME_MS, redraw=False), fromcurrent=True,
                                                    transition=dict(duration=0), mode="immediate")]),
                              dict(label=f"⏸ {text.pause}", method="animate",
                                   args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate",
                                                      transition=dict(duration=0))]),
                          ])],
        sliders=[dict(active=0 if start is None else steps.index(start), x=0.16, len=0.84, y=-0.06, yanchor="top",
                      steps=slider_steps,
                      currentvalue=dict(prefix=f"{text.step} ", font=dict(size=14)),
                      transition=dict(duration=0))],
    )


def hidden_state_figure(spec: LayerSpec, recording: DirectionRecording, step_labels: tuple[str, ...],
                        steps: range, units: range, unit: int, text: FigureText) -> go.Figure:
    """Heatmaps of every panel over `steps` x `units`, a highlight box on the current step in all of them, and a
    side panel with x_t, h_{t-1} -> h_t as bars and the equation for hidden unit `unit`; Play / Pause and a step
    slider drive them in the browser.
    """
    return with_equation(hidden_state_base(spec, recording, step_labels, steps, units, text), spec, recording,
                         step_labels, steps, unit, text)


def with_equation(base: dict, spec: LayerSpec, recording: DirectionRecording, step_labels: tuple[str, ...],
                  steps: range, unit: int, text: FigureText) -> go.Figure:
    """`hidden_state_base`'s figure with the equation of hidden unit `unit` filled in at every step. `base` is
    not modified (it may be a cached, shared dict): only the equation trace and each frame's list are new."""
    equations = [_equation(spec, recording, step_labels, t, unit, text) for t in steps]
    # Plotly takes each trace dict apart while building the figure (it pops "type"): every dict it will touch is
    # a shallow copy, so concurrent sessions never see the shared base change. The arrays inside are shared.
    data = [dict(trace) for trace in base["data"]]
    data[-1]["text"] = equations[0]["text"]
    frames = [{**frame, "data": [*(dict(trace) for trace in frame["data"]), equation]}
              for frame, equation in zip(base["frames"], equations)]
    return go.Figure({**base, "data": data, "frames": frames}, _validate=False)


def hidden_state_base(spec: LayerSpec, recording: DirectionRecording, step_labels: tuple[str, ...],
                      steps: range, units: range, text: FigureText) -> dict:
    """The figure of `hidden_state_figure` as a dict, everything but the equation: its trace (the last one) is
    empty and each frame carries the four other animated traces. Building this is most of the figure's cost,
    and none of it depends on the equation's unit."""
    names = panel_names(spec)
    figure, rows = _grid(names, text)
    _add_heatmaps(figure, spec, recording, names, steps, units, text)
    panel = _side_panel(spec, recording, step_labels, units, text)
    animated = _add_animated_traces(figure, panel, panel.step_data(steps.start), rows)
    heatmap_axes = _fix_axes(figure, panel, len(names), rows, steps)
    _label_bars(figure, panel, text)
    unbounded = [panel_matrix(recording, name) for name in names if not _is_bounded_panel(spec, name)]
    figure.update_layout(
        height=max(760, 220 + 150 * rows),
        margin=dict(t=60, b=120, l=70, r=30),
        barmode="group", clickmode="event+select", dragmode=False,
        legend=dict(orientation="h", x=1.0, xanchor="right", y=figure.get_subplot(BARS_ROW, 2).yaxis.domain[1],
                    yanchor="top", bgcolor="rgba(255, 255, 255, 0.8)"),
        **_colour_axes(unbounded, heatmap_axes[0].xaxis.domain[1] + 0.012),
        **player(step_labels, steps, text),
        template=SCREEN,
        # Transparent: the band's overlay axis would otherwise paint its white background over the heatmaps.
        plot_bgcolor="rgba(0, 0, 0, 0)",
    )
    as_dict = figure.to_dict()
    as_dict["frames"] = [dict(name=str(t), data=panel.step_data(t), traces=animated) for t in steps]
    return titled(as_dict, text.title) if text.title else as_dict
