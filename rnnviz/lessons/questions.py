"""The questions a lesson step can ask, each answered by torch from the step's own layer and input.

A question is a kind and its parameters (`Question("shape", {"tensor": "h_n"})`). Its answer key is never written
in the lesson: `Question.key(step)` builds the step's layer (or study) from the step's link, runs it, and reads the
answer off what torch returned, so a lecturer who changes the layer cannot make a key wrong. Every computation is
costed against `rnnviz.limits` first; a step over the budget raises instead of running.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Callable

from rnnviz import limits
from rnnviz.errors import RnnvizError
from rnnviz.lessons.settings import example_settings, layer_settings, study_settings, view_settings

# Pages whose sidebar holds the layer a layer question is about (PageEntry.layer_controls; a test compares).
LAYER_PAGES = ("layer_builder", "hidden_states", "shapes")
GATE_LEVELS = ("near_0", "between", "near_1")  # below 1/3, between, above 2/3
YES_NO = ("yes", "no")
# The explanations an answer can come with (`lesson.why.<reason>`): a kind's own, or one per verdict.
REASONS = ("shape", "h_n_row", "last_output_is_h_n_yes", "last_output_is_h_n_no", "gate_level", "gradient_keeper",
           "parameters")


@dataclass(frozen=True)
class Answer:
    """A question's answer for one step: `key` as the student would write it, the choices offered (None for a
    typed answer), and its explanation: `reason` (one of REASONS, `lesson.why.<reason>` in rnnviz.i18n) and the
    values it quotes."""

    key: str
    choices: tuple[str, ...] | None
    values: dict[str, object]
    reason: str = ""


@dataclass(frozen=True)
class Kind:
    """One kind of question: how it is answered, which pages it can be asked on, the parameters it takes (name ->
    (default, allowed values or None)), and the function computing its answer from (query, parameters)."""

    format: str  # how it is answered: "shape" typed as (2, 5, 4), "number", or "choice"
    pages: tuple[str, ...]
    params: dict[str, tuple[object, tuple | None]]
    answer: Callable[[dict[str, str], dict[str, object]], Answer]


def _over_budget(breach: limits.LimitBreach | None) -> None:
    if breach:
        raise RnnvizError("lesson_over_budget", what=breach.what, value=breach.value, limit=breach.limit)


def _shape_text(shape) -> str:
    return "(" + ", ".join(str(int(size)) for size in shape) + ")"


def _built_layer(query: dict[str, str]):
    """The step's layer, built as the pages build it, and the random input they run it on."""
    from rnnviz.run import random_input

    spec, seq_len, batch, seed = layer_settings(query)
    _over_budget(limits.check_live_run(spec, seq_len, batch))
    return spec, spec.build(seed), random_input(spec, seq_len, batch, seed)


def _shape(query: dict[str, str], params: dict[str, object]) -> Answer:
    from rnnviz.run import measured_shapes

    spec, seq_len, batch, seed = layer_settings(query)
    _over_budget(limits.check_live_run(spec, seq_len, batch))
    tensor = str(params["tensor"])
    if tensor == "c_n" and spec.cell != "LSTM":
        raise RnnvizError("lesson_no_c_n", cell=spec.cell)
    measured = measured_shapes(spec, seq_len, batch, seed)[tensor]
    names = "(" + ", ".join(name for name, _ in spec.shape_dims(seq_len, batch)[tensor]) + ")"
    return Answer(_shape_text(measured), None, {"tensor": tensor, "names": names, "shape": _shape_text(measured)})


def _h_n_row(query: dict[str, str], params: dict[str, object]) -> Answer:
    import torch

    from rnnviz.tracing import trace

    spec, module, x = _built_layer(query)
    layer, direction = int(params["layer"]), int(params["direction"])
    if layer >= spec.num_layers or direction >= spec.num_directions:
        raise RnnvizError("lesson_no_such_state", layer=layer, direction=direction, layers=spec.num_layers,
                          directions=spec.num_directions)
    with torch.no_grad():
        _, state = module(x)
    h_n = state[0] if isinstance(state, tuple) else state
    traced = trace(module, x)
    # The state this layer and direction ended in: after the last step forward, after the first backward.
    final = traced.hidden(layer, direction)[-1 if direction == 0 else 0]
    distances = torch.stack([(row - final).abs().max() for row in h_n])
    row = int(distances.argmin())
    return Answer(str(row), None, {"layer": layer, "direction": direction, "row": row, "rows": h_n.shape[0],
                                   "D": spec.num_directions})


def _last_output_is_h_n(query: dict[str, str], params: dict[str, object]) -> Answer:
    import torch

    spec, module, x = _built_layer(query)
    with torch.no_grad():
        output, state = module(x)
    h_n = state[0] if isinstance(state, tuple) else state
    last, final = output[-1], h_n[-1]
    same = last.shape == final.shape and torch.equal(last, final)
    verdict = "yes" if same else "no"
    return Answer(verdict, YES_NO, {"output_last": _shape_text(last.shape), "h_n_last": _shape_text(final.shape)},
                  reason=f"last_output_is_h_n_{verdict}")


def _gate_level(query: dict[str, str], params: dict[str, object]) -> Answer:
    from rnnviz.inputs import example_input
    from rnnviz.recording import record

    spec, seq_len, batch, seed = layer_settings(query)
    kind, word = example_settings(query)
    if query.get("weights", "init") != "init":
        raise RnnvizError("lesson_gate_trained")  # a trained layer is trained by a click, after the question
    layer, direction, item = view_settings(query)
    try:
        example = example_input(kind, word, seq_len, batch, spec.input_size, seed)
    except ValueError as unusable:
        raise RnnvizError("lesson_input", reason=str(unusable)) from None
    spec = dataclasses.replace(spec, input_size=example.input_size)
    _over_budget(limits.check_trace(spec, example.seq_len, example.batch))
    gate, unit, step = str(params["gate"]), int(params["unit"]), int(params["step"])
    if layer >= spec.num_layers or direction >= spec.num_directions or item >= example.batch:
        raise RnnvizError("lesson_no_such_state", layer=layer, direction=direction, layers=spec.num_layers,
                          directions=spec.num_directions)
    # The sequence, layer and direction the page's heatmaps show (its sidebar's item, layer and direction).
    gates = record(spec, example, item, seed).directions[(layer, direction)].gates
    if gate not in gates or unit >= spec.hidden_size or step >= example.seq_len:
        raise RnnvizError("lesson_no_such_gate", gate=gate, cell=spec.cell, unit=unit, step=step,
                          hidden=spec.hidden_size, steps=example.seq_len)
    value = float(gates[gate][step, unit])
    level = "near_0" if value < 1 / 3 else "near_1" if value > 2 / 3 else "between"
    return Answer(level, GATE_LEVELS, {"gate": gate, "unit": unit, "step": step, "value": f"{value:.3f}"})


def _gradient_keeper(query: dict[str, str], params: dict[str, object]) -> Answer:
    import numpy as np

    from rnnviz.gradients import STUDY_CELLS, run_study, study_cost

    settings = study_settings(query)
    _over_budget(limits.check(study_cost(settings)))
    distance = int(params["distance"])
    if distance >= settings.seq_len:
        raise RnnvizError("lesson_distance", distance=distance, seq_len=settings.seq_len)
    curves, _ = run_study(settings)
    # The page's default view: ||dL/dx_t|| at `distance` steps before the end, the median over the seeded inputs.
    at = {key: float(np.median(curve.input_by_distance[:, distance])) for key, curve in curves.items()}
    keeper = max(at, key=at.get)
    return Answer(keeper, tuple(STUDY_CELLS), {"distance": distance, "cell": STUDY_CELLS[keeper].label,
                                               "norm": f"{at[keeper]:.2e}",
                                               "weakest": f"{min(at.values()):.2e}"})


def _parameters(query: dict[str, str], params: dict[str, object]) -> Answer:
    _, module, _ = _built_layer(query)
    count = sum(parameter.numel() for parameter in module.parameters())
    return Answer(str(count), None, {"count": f"{count:,}", "tensors": len(list(module.parameters()))})


KINDS: dict[str, Kind] = {
    "shape": Kind("shape", LAYER_PAGES, {"tensor": ("h_n", ("output", "h_n", "c_n"))}, _shape),
    "h_n_row": Kind("number", LAYER_PAGES, {"layer": (0, None), "direction": (0, (0, 1))}, _h_n_row),
    "last_output_is_h_n": Kind("choice", LAYER_PAGES, {}, _last_output_is_h_n),
    "gate_level": Kind("choice", ("hidden_states",),
                       {"gate": ("f", ("i", "f", "g", "o", "r", "z", "n")), "unit": (0, None), "step": (0, None)},
                       _gate_level),
    "gradient_keeper": Kind("choice", ("gradients",), {"distance": (50, None)}, _gradient_keeper),
    "parameters": Kind("number", LAYER_PAGES, {}, _parameters),
}


def _numbers(text: str, separators: bool = False) -> tuple[int, ...]:
    """The whole numbers written in `text`: "torch.Size([2, 5, 4])" -> (2, 5, 4); with `separators`, one number
    may be written with thousands separators ("819,200", "819 200")."""
    if separators:
        text = re.sub(r"(?<=\d)[, _](?=\d{3}\b)", "", text.strip())
    return tuple(int(number) for number in re.findall(r"\d+", text))


@dataclass(frozen=True)
class Question:
    """A question of `kind` (one of KINDS) with its parameters, asked before a step's view is shown."""

    kind: str
    params: dict[str, object] = field(default_factory=dict)

    @property
    def parameters(self) -> dict[str, object]:
        """Every parameter of the kind: the lesson's value, else the kind's default."""
        return {name: self.params.get(name, default) for name, (default, _) in KINDS[self.kind].params.items()}

    def answer(self, step) -> Answer:
        """The answer torch gives for `step`'s layer and input (raises RnnvizError if it cannot be computed)."""
        answer = KINDS[self.kind].answer(step.query, self.parameters)
        return dataclasses.replace(answer, reason=answer.reason or self.kind)

    def key(self, step) -> str:
        """The right answer for `step`, as text: "(2, 5, 4)", "3", "yes", "lstm"."""
        return self.answer(step).key

    @property
    def format(self) -> str:
        return KINDS[self.kind].format

    def check(self, step, answer: str) -> bool:
        """Whether `answer` (what the student typed or chose) is right for `step`."""
        return self.is_right(self.answer(step), answer)

    def is_right(self, computed: Answer, answer: str) -> bool:
        """`check` against an answer already computed (the page computes it once)."""
        if self.format == "choice":
            return answer.strip().lower() == computed.key
        if self.format == "number":
            given = _numbers(answer, separators=True)
            return len(given) == 1 and given == _numbers(computed.key) and not answer.strip().startswith("-")
        given, expected = _numbers(answer), _numbers(computed.key)
        # A shape: the sizes in order; "(2, 5, 4)", "2 5 4", "torch.Size([2, 5, 4])" are all the same answer.
        return given == expected and not re.search(r"-\s*\d", answer)
