"""The Hidden states page with trained weights: the weights choice, training with progress, and what the trained
layer's units do (checkpoints, ranked units, predictions, gate saturation, connectivity).

Training runs are shared by the server (rnnviz.ui.runs): one per (task, layer, seed, forget-gate bias), shown to
the sessions that asked for it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st
import torch

from rnnviz import i18n
from rnnviz.analysis import connectivity, gate_saturation, unit_correlations
from rnnviz.bounds import Bounds
from rnnviz.figures.hidden_states import hidden_state_figure
from rnnviz.figures.theme import titled
from rnnviz.figures.trained import (
    TrainedText,
    connectivity_figure,
    loss_curve_figure,
    predictions_figure,
    ranked_units_figure,
    saturation_figure,
)
from rnnviz.recording import record_module
from rnnviz.spec import LayerSpec
from rnnviz.tasks import (
    BASELINES,
    CHECKPOINTS,
    HELD_OUT_SEED,
    METRICS,
    TASKS,
    TrainingRun,
    check_training,
    example,
    predict,
    train,
)
from rnnviz.tracing import trace
from rnnviz.ui import url_state
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import built_once
from rnnviz.ui.hidden_state_controls import ViewChoice, view_sidebar
from rnnviz.ui.hidden_state_views import figure_text, layer_title, measured_badge, window_note
from rnnviz.ui.language import current_language, labels, tr
from rnnviz.ui.layer_controls import LayerSettings
from rnnviz.ui.literal import literal
from rnnviz.ui.notices import limit_warning
from rnnviz.ui.own_layer_views import active_layer
from rnnviz.ui.runs import LIVE_DRAWINGS, LiveChartSpec, Progress, kept, run_button, run_shared
from rnnviz.ui.sidebar import sidebar_section, translated_radio
from rnnviz.ui.spotlight import view as page_view

WEIGHTS = ("init", "trained")
WEIGHT_NAMES = i18n.family("trained.weights_{}", WEIGHTS)
TASK_TEXTS = {part: i18n.family("task.{}." + part, TASKS) for part in ("name", "tracked", "loss", "explain")}
SCORE_TEXTS = i18n.family("trained.score_{}", METRICS,
                          fields=("metric", "baseline", "baseline_name", "seconds", "steps"))
BASELINE_NAMES = i18n.family("trained.baseline_{}", BASELINES)
FIELDS = url_state.register(
    __name__,
    url_state.choice_field("weights", "init", WEIGHTS),
    url_state.choice_field("task", "hihello", tuple(TASKS)),
    url_state.number_field("forget_bias_t", 0.0, Bounds(0.0, 3.0, 0.5)),
    url_state.int_field("ckpt", CHECKPOINTS, 0, CHECKPOINTS),
)
RANKING_SEQUENCES = 32


@dataclass(frozen=True)
class WeightsChoice:
    """Torch's initialisation (task None), or a task to train on, with the LSTM's forget-gate bias."""

    task: str | None
    forget_bias: float


def weights_sidebar() -> WeightsChoice:
    """The weights radio and, for trained weights, the task and (LSTM) the forget-gate bias."""
    sidebar = sidebar_section(FIELDS.values(), "trained.header")
    weights = translated_radio(sidebar, FIELDS["weights"], "trained.weights", WEIGHT_NAMES)
    if weights == "init":
        return WeightsChoice(None, 0.0)
    task = url_state.bound(sidebar.selectbox, FIELDS["task"], tr("trained.task"), options=list(TASKS),
                           format_func=labels(TASK_TEXTS["name"]), help=tr("trained.task_help"))
    bias = url_state.bound(sidebar.slider, FIELDS["forget_bias_t"], tr("grad.forget_bias"),
                           help=tr("grad.forget_bias_help"))
    return WeightsChoice(task, float(bias))


def own_weights_sidebar() -> WeightsChoice | None:
    """With an uploaded layer in use, the weights section names it (a task would train other weights);
    None otherwise."""
    own = active_layer()
    if own is None:
        return None
    sidebar_section(FIELDS.values(), "trained.header").caption(
        tr("own.weights_in_use", prefix=own.prefix or tr("own.top_level"), name=literal(own.source)))
    return WeightsChoice(None, 0.0)


def trained_view_button() -> None:
    """One visible button from torch's initialisation to the same page trained on a lecture task: it sets the
    sidebar's weights radio (before the next run draws it), so the link and the sidebar say the same."""
    st.button(tr("trained.try"), key="try_trained", icon=":material/model_training:",
              on_click=url_state.save, args=(FIELDS["weights"].name, "trained"))


def task_spec(spec: LayerSpec, task_name: str) -> LayerSpec:
    """The sidebar's layer, reading the task's input: its input_size and batch_first are the task's."""
    task = TASKS[task_name]
    return dataclasses.replace(spec, input_size=task.input_size, batch_first=task.batch_first)


def training_run(spec: LayerSpec, choice: WeightsChoice, seed: int) -> tuple[tuple, TrainingRun | None]:
    """The Train button and, once pressed, training with a progress bar and a live loss curve (one run per
    server for these settings, rnnviz.ui.runs); returns the run's key and the run for these settings if this
    session asked for it."""
    task = TASKS[choice.task]
    bias = choice.forget_bias if spec.cell == "LSTM" else 0.0
    key = (choice.task, spec, seed, bias)
    if run_button(tr("trained.train"), "train_task"):
        chart = LiveChartSpec("training_loss", task.steps // LIVE_DRAWINGS,
                              lambda losses: loss_curve_figure(losses, trained_text(task.name, spec)))

        def describe(losses: list[float]) -> tuple[float, str]:
            return len(losses) / task.steps, tr("trained.training", step=len(losses), steps=task.steps)

        def work(report) -> TrainingRun:
            return train(choice.task, spec, seed=seed, on_step=lambda step, loss: report(loss), forget_bias=bias)

        run_shared("task", key, work, Progress(tr("trained.training", step=0, steps=task.steps), describe, chart))
    return key, kept("task", key)


def trained_text(task_name: str, spec: LayerSpec) -> TrainedText:
    state = "c_t" if spec.cell == "LSTM" else "h_t"
    return TrainedText(
        tracked=tr(TASK_TEXTS["tracked"].key(task_name)), state=state, time_axis=tr("axis.time"),
        unit_axis=tr("axis.unit"),
        unit=tr("trained.unit"), correlation="r", predicted=tr("trained.predicted"), actual=tr("trained.actual"),
        low=tr("trained.low"), high=tr("trained.high"), untrained=tr("trained.weights_init"),
        trained=tr("trained.trained"), gate_axis=tr("trained.gate_axis"), share_axis=tr("trained.share_axis"),
        output_step=tr("trained.output_step"), input_step=tr("trained.input_step"),
        loss_axis=tr(TASK_TEXTS["loss"].key(task_name)), step_axis=tr("trained.step_axis"),
        title=f"{spec.constructor_code()} · {task_name}")


def checkpoint_picker(run: TrainingRun) -> int:
    """The checkpoint slider: an index into run.checkpoints, from torch's initialisation (0) to the end."""
    steps = [step for step, _ in run.checkpoints]
    url_state.clamp(FIELDS["ckpt"], 0, len(steps) - 1)
    return url_state.bound(st.select_slider, FIELDS["ckpt"], tr("trained.checkpoint"),
                           options=list(range(len(steps))),
                           format_func=lambda index: tr("trained.checkpoint_step", step=steps[index]),
                           help=tr("trained.checkpoint_help"))


def score_line(run: TrainingRun) -> None:
    """The held-out metric next to the sceptic's baseline, and how long training took."""
    task = run.task
    (baseline_name, baseline), = run.baselines.items()
    st.markdown(tr(SCORE_TEXTS.key(task.metric_name()), metric=run.metric, baseline=baseline,
                   baseline_name=tr(BASELINE_NAMES.key(baseline_name)), seconds=run.seconds, steps=len(run.history)))


def trained_section(settings: LayerSettings, choice: WeightsChoice) -> None:
    """The page for trained weights: the task, training, the checkpoint's heatmaps and what its units do."""
    task = TASKS[choice.task]
    spec = task_spec(settings.spec, choice.task)
    st.markdown(tr(TASK_TEXTS["explain"].key(task.name)))
    st.caption(tr("trained.layer_note", input_size=task.input_size, batch_first=task.batch_first,
                  cell=task.suggested_cell, hidden=task.suggested_hidden))
    if settings.spec.input_size != task.input_size:  # the sidebar still shows its own number
        st.caption(tr("trained.input_size_override", input_size=task.input_size, sidebar=settings.spec.input_size))
    breach = check_training(task, spec)
    if breach:
        limit_warning(breach)
        return
    key, run = training_run(spec, choice, settings.seed)
    if run is None:
        st.info(tr("trained.press_train"), icon=":material/model_training:")
        return
    score_line(run)
    index = checkpoint_picker(run)
    view = view_sidebar(spec, task.seq_len, 1)
    checkpoint = tr("trained.checkpoint_step", step=run.checkpoints[index][0])
    text = trained_text(task.name, spec)
    heatmap_text = figure_text(task.seq_len, spec.hidden_size,
                               f"{layer_title(spec, view.layer, view.direction)} · {task.name} · {checkpoint}")
    with st.spinner(tr("hidden.computing")):
        views = built_once(("trained", key, index, view, current_language(), text, heatmap_text),
                           lambda: checkpoint_views(run, index, view, text, heatmap_text))
    measured_badge(views.max_abs_difference, spec)
    window_note(view, task.seq_len, spec)
    with page_view("hidden_states", "heatmaps"):
        show_chart(views.heatmaps, f"hidden_states_{task.name}_step{run.checkpoints[index][0]}")
    _unit_views(task, views, text)


@dataclass(frozen=True)
class CheckpointViews:
    """What the page shows of one checkpoint of a run for one view: figures and the numbers written beside them
    (built once per server for the run, checkpoint, view and language: `built_once`)."""

    max_abs_difference: float   # trace against torch's module, on the example sequence
    heatmaps: go.Figure
    best_unit: int
    best_r: float
    ranked_units: go.Figure
    prediction_rows: list[dict] | None   # classification: a row per step
    predictions: go.Figure | None        # regression: predicted against actual
    saturation: go.Figure | None         # gated cells only: before and after training
    connectivity: go.Figure


@torch.no_grad()
def checkpoint_views(run: TrainingRun, index: int, view: ViewChoice, text: TrainedText,
                     heatmap_text) -> CheckpointViews:
    """Record checkpoint `index` on the task's example and build every view below the checkpoint slider: the
    heatmaps, ranked units, predictions, gate saturation (against torch's initialisation) and connectivity."""
    task, spec = run.task, run.spec
    module, head = run.checkpoints[index][1], run.head_checkpoints[index]
    sequence, target, tracked = example(task)
    recorded = record_module(spec, module, sequence)
    direction_recording = recorded.directions[(view.layer, view.direction)]
    heatmaps = hidden_state_figure(spec, direction_recording, recorded.step_labels, view.steps, view.units, view.unit,
                                   heatmap_text)
    states = direction_recording.cell if spec.cell == "LSTM" else direction_recording.hidden
    r = ranking_correlations(run, module, view.layer, view.direction)
    best = int(np.abs(r).argmax())
    shown = view.unit if view.unit < states.shape[1] else best
    ranked = titled(ranked_units_figure(states, tracked.numpy(), r, shown, recorded.step_labels, text), text.title)
    prediction = predict(task, module, head, sequence.in_layout(spec.batch_first))[:, 0]
    rows, predictions = _predictions(task, prediction, target, recorded.step_labels, text)
    saturation = None
    if direction_recording.gates:
        before = record_module(spec, run.checkpoints[0][1], sequence).directions[(view.layer, view.direction)]
        saturation = titled(saturation_figure(gate_saturation(_tensors(before.gates)),
                                              gate_saturation(_tensors(direction_recording.gates)), text), text.title)
    matrix = connectivity(module, head, sequence.in_layout(spec.batch_first)).numpy()
    return CheckpointViews(recorded.max_abs_difference, heatmaps, best, float(r[best]), ranked, rows, predictions,
                           saturation, titled(connectivity_figure(matrix, recorded.step_labels, text), text.title))


def _unit_views(task, views: CheckpointViews, text: TrainedText) -> None:
    """Below the heatmaps: ranked units, predictions, saturation, connectivity."""
    st.subheader(tr("trained.units_header"))
    st.markdown(tr("trained.best_unit", unit=views.best_unit, r=views.best_r, tracked=text.tracked, state=text.state,
                   sequences=RANKING_SEQUENCES))
    show_chart(views.ranked_units, f"ranked_units_{task.name}")
    st.subheader(tr("trained.predictions_header"))
    if views.prediction_rows is not None:
        st.dataframe(views.prediction_rows, hide_index=True, width="stretch")
    else:
        show_chart(views.predictions, f"predictions_{task.name}")
    if views.saturation is not None:
        st.subheader(tr("trained.saturation_header"))
        st.caption(tr("trained.saturation_caption"))
        show_chart(views.saturation, f"gate_saturation_{task.name}")
    st.subheader(tr("trained.connectivity_header"))
    st.caption(tr("trained.connectivity_caption"))
    show_chart(views.connectivity, f"connectivity_{task.name}")


def ranking_correlations(run: TrainingRun, module, layer: int, direction: int) -> np.ndarray:
    """(H,) Pearson r of every unit's state (c_t for LSTM, else h_t) with the tracked quantity, over every step of
    RANKING_SEQUENCES held-out sequences: one sequence cannot rank units by a quantity that stays constant along
    it (the remembered value)."""
    x, _, tracked = run.task.batch(RANKING_SEQUENCES, seed=HELD_OUT_SEED + 2)
    recorded = trace(module, x)
    states = recorded.cell(layer, direction) if run.spec.cell == "LSTM" else recorded.hidden(layer, direction)
    return unit_correlations(states.reshape(-1, states.shape[-1]), tracked.T.reshape(-1)).numpy()


def _tensors(arrays: dict[str, np.ndarray]) -> dict[str, torch.Tensor]:
    return {name: torch.from_numpy(values) for name, values in arrays.items()}


def _predictions(task, prediction: torch.Tensor, target: torch.Tensor, step_labels,
                 text: TrainedText) -> tuple[list[dict] | None, go.Figure | None]:
    """A classification task's table rows (predicted, probability, actual, right), or a regression task's figure."""
    if not task.is_classification:
        return None, titled(predictions_figure(prediction[:, 0].numpy(), target.numpy(), step_labels, text),
                            text.title)
    probabilities = torch.softmax(prediction, dim=-1)
    guess = probabilities.argmax(-1)
    return [{tr("trained.col_step"): step_labels[t], tr("trained.col_predicted"): task.vocabulary[int(guess[t])],
             tr("trained.col_probability"): f"{float(probabilities[t, guess[t]]):.2f}",
             tr("trained.col_actual"): task.vocabulary[int(target[t])],
             tr("trained.col_right"): "✓" if int(guess[t]) == int(target[t]) else "✗"}
            for t in range(len(target))], None
