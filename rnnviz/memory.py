"""The memory ladder: the same recall task at growing distances, each cell trained with the same budget.

At step 0 the sequence shows a value (feature 0, standard normal) and a marker (feature 1 = 1); the next
`distance` steps carry only noise (features 2 and 3, standard normal; the value and marker features are 0); the
model must say the value at step `distance`. The task is `Recall`, `rnnviz.tasks.Memory` with seq_len = distance + 1
and a silent value feature after step 0, trained by the app's one trainer (`rnnviz.tasks.fit_module`).

Every cell is a one-layer torch module whose hidden size is chosen so that layer and head have about the same
number of parameters (`matched_hidden`); every run takes the same steps, batch, learning rate and clipping. The
score is the held-out R^2 of the answer (1 = perfect, 0 = predicting the mean): the sceptic's baseline, which
ignores the input, scores 0 by construction, and is shown in the table beside every score.

`connectivity_profile` measures, over held-out sequences, how strongly the answer depends on the input k steps
back (||d prediction / d x_{T-1-k}||, autograd), and `memory_horizon` reads off the farthest k at which it still
reaches HORIZON_FRACTION of its peak.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import torch
from torch import Tensor, nn

from rnnviz import limits
from rnnviz.bounds import bounded
from rnnviz.inits import add_forget_bias
from rnnviz.spec import LayerSpec
from rnnviz.tasks import HELD_OUT_SEED, TASKS, Memory, fit_module, new_head, predict

RUNGS = (5, 10, 20, 40, 80, 160)  # the distances a ladder may climb
DISTANCES = RUNGS[:5]  # the default ladder, up to 80
MAX_DISTANCE = RUNGS[-1]
SEEDS = (0, 1, 2)
MAX_SEEDS = 5
# The same for every cell and distance. Measured here (3 seeds): a forget-biased LSTM of 16 units reaches R^2 >= 0.97
# at distance 80 within 200 Adam steps at lr 1e-2 on batches of 128 (at 150 steps one seed was at 0.84).
STEPS = 200
BATCH = 128
LR = 1e-2
CLIP = 1.0
HELD_OUT = 512  # held-out sequences per score
# The LSTM's forget gate starts out remembering: sigmoid(5 + torch's bias) ~ 0.99 per step. With +3 one seed in
# three did not learn distance 80 within the steps (measured with 32 units).
FORGET_BIAS = 5.0
# A parameter budget every cell is matched to: an LSTM with 16 units and its head (the runs are bound by torch's
# per-step dispatch, and twice these widths took about twice as long without learning longer distances).
PARAMETER_TARGET = 1_425
PARAMETER_TOLERANCE = 0.10
INPUT_SIZE = TASKS["memory"].input_size
HORIZON_FRACTION = 0.1  # a memory horizon: the farthest step back the answer still depends on at 10 % of its peak
HORIZON_SEQUENCES = 64
REMEMBERED = 0.9  # a rung counts as remembered when the mean R^2 over seeds reaches this


@dataclass(frozen=True)
class LadderSettings:
    """What the page varies: the longest distance climbed (one of RUNGS) and how many seeds (0, 1, ...)."""

    longest: int = DISTANCES[-1]
    seeds: int = bounded(1, MAX_SEEDS, default=len(SEEDS))

    @property
    def distances(self) -> tuple[int, ...]:
        return tuple(distance for distance in RUNGS if distance <= self.longest)

    @property
    def seed_list(self) -> tuple[int, ...]:
        return tuple(range(self.seeds))


@dataclass(frozen=True)
class LadderCell:
    """One cell of the ladder: a torch cell and its LSTM forget-gate bias (0 = torch's initialisation)."""

    cell: str
    forget_bias: float = 0.0

    @property
    def hidden_size(self) -> int:
        return matched_hidden(self.cell)

    def spec(self) -> LayerSpec:
        return LayerSpec(self.cell, INPUT_SIZE, self.hidden_size)

    def parameters(self) -> int:
        """The layer's and the head's parameters."""
        return parameters_of(self.cell, self.hidden_size)


# Keyed by an identifier (the table's "cell" column), never by a translated label.
CELLS: dict[str, LadderCell] = {
    "RNN": LadderCell("RNN"),
    "LSTM": LadderCell("LSTM"),
    "LSTM+forget": LadderCell("LSTM", FORGET_BIAS),
    "GRU": LadderCell("GRU"),
}
PAGE_CELLS = tuple(CELLS)


def parameters_of(cell: str, hidden_size: int) -> int:
    """Parameters of a one-layer `cell` with `hidden_size` units on the task's input, and its linear head."""
    return LayerSpec(cell, INPUT_SIZE, hidden_size).num_parameters() + hidden_size + 1


@functools.cache
def matched_hidden(cell: str, target: int = PARAMETER_TARGET) -> int:
    """The hidden size whose layer and head come nearest to `target` parameters. Remembered: the search builds 511
    specs (1.4 ms), and every table row and cost asks for it."""
    return min(range(1, 512), key=lambda hidden: abs(parameters_of(cell, hidden) - target))


@dataclass(frozen=True)
class Recall(Memory):
    """The memory task whose value feature is 0 after step 0, so the steps in between carry noise only (in the
    memory task they carry new values too; there the forget-biased LSTM learned distance 80 from two seeds in three
    within the ladder's steps, measured)."""

    def _make(self, n, generator):
        x, target, tracked = super()._make(n, generator)
        x[1:, :, 0] = 0.0
        return x, target, tracked


def recall_task(distance: int) -> Recall:
    """The recall task at `distance`: seq_len distance + 1 and the ladder's training budget."""
    if not 1 <= distance <= MAX_DISTANCE:
        raise ValueError(f"distance must lie in 1..{MAX_DISTANCE}, not {distance}")
    fields = {field.name: getattr(TASKS["memory"], field.name) for field in dataclasses.fields(Memory)}
    return Recall(**{**fields, "name": "recall", "seq_len": distance + 1, "steps": STEPS, "lr": LR,
                     "train_batch": BATCH, "clip": CLIP})


def held_out(distance: int, n: int = HELD_OUT) -> tuple[Tensor, Tensor]:
    """(x (distance + 1, n, 4), answers (n,)) drawn from a seed no training batch uses."""
    x, target, _ = recall_task(distance).batch(n, seed=HELD_OUT_SEED)
    return x, target[-1]


def r_squared(prediction: Tensor, answer: Tensor) -> float:
    """1 - sum of squared errors / sum of squares about the answers' mean: 1 = perfect, 0 = predicting the mean."""
    answer = answer.double()
    residual = (answer - prediction.double()).pow(2).sum()
    return float(1.0 - residual / (answer - answer.mean()).pow(2).sum())


@dataclass
class Rung:
    """One trained cell at one distance and seed: the real torch module and head, the held-out R^2, the loss."""

    cell: str
    distance: int
    seed: int
    module: nn.Module
    head: nn.Linear
    score: float
    baseline: float
    history: list[float]


def build(cell: str, seed: int) -> tuple[nn.Module, nn.Linear]:
    """The ladder cell's layer (torch's initialisation for `seed`, then its forget-gate bias) and head."""
    ladder_cell = CELLS[cell]
    module = ladder_cell.spec().build(seed)
    if ladder_cell.forget_bias:
        add_forget_bias(module, ladder_cell.forget_bias)
    return module, new_head(TASKS["memory"], ladder_cell.hidden_size, seed)


def train_rung(cell: str, distance: int, seed: int, on_step: Callable[[int, float], None] | None = None) -> Rung:
    """Train one cell at one distance from one seed and score it on held-out sequences. Deterministic."""
    task = recall_task(distance)
    module, head = build(cell, seed)
    _, _, history = fit_module(task, module, head, task.steps, seed, on_step)
    x, answer = held_out(distance)
    with torch.no_grad():
        prediction = predict(task, module, head, x)[-1, :, 0]
    # The baseline ignores the input and predicts the mean the values are drawn from (0).
    return Rung(cell, distance, seed, module, head, r_squared(prediction, answer),
                r_squared(torch.zeros_like(answer), answer), history)


def rung_cost(cell: str, distance: int) -> limits.Cost:
    """What `train_rung(cell, distance, seed)` costs (rnnviz.limits), without the training's one-off set-up."""
    return limits.ladder_rung_cost(CELLS[cell].spec(), distance + 1, BATCH, STEPS)


def ladder_cost(distances: Iterable[int], cells: Iterable[str], seeds: int) -> limits.Cost:
    """What a whole ladder costs: every rung one after the other (seconds add up; memory is the largest rung's)."""
    costs = [rung_cost(cell, distance) for cell in cells for distance in distances]
    seconds = limits.TRAINING_SETUP_SECONDS + seeds * sum(cost.seconds for cost in costs)
    return limits.Cost(seconds, max(cost.bytes for cost in costs))


def connectivity_profile(module: nn.Module, head: nn.Linear, distance: int,
                         sequences: int = HORIZON_SEQUENCES) -> np.ndarray:
    """(distance + 1,) float64: entry k is ||d prediction / d x_{T-1-k}|| (over features) averaged over `sequences`
    held-out sequences, T = distance + 1: how strongly the answer depends on the input k steps back. One backward
    pass (the sequences are independent rows of one batch)."""
    x, _ = held_out(distance, sequences)
    x = x.double().requires_grad_(True)
    module64, head64 = copy.deepcopy(module).double(), copy.deepcopy(head).double()
    with torch.enable_grad():
        output, _ = module64(x)
        head64(output[-1]).sum().backward()
    per_step = x.grad.norm(dim=-1).mean(dim=1)  # (T,), step order
    return per_step.flip(0).numpy()


def memory_horizon(profile: np.ndarray, fraction: float = HORIZON_FRACTION) -> int:
    """The farthest step back k at which `profile` (by distance k) is still at least `fraction` of its peak."""
    if not np.any(profile > 0):
        return 0
    return int(np.nonzero(profile >= fraction * profile.max())[0].max())


@dataclass
class LadderResult:
    """`table`: one row per (cell, distance, seed) with "cell", "distance", "seed", "hidden_size", "parameters",
    "score" (held-out R^2), "baseline" (the mean's R^2), "final_loss". `horizons`: cell -> its memory horizon in
    steps, read from the connectivity of the model trained at the longest distance (seed `SEEDS[0]`'s, averaged
    over held-out sequences). `profiles`: cell -> that connectivity by distance. `rungs`: the trained modules."""

    table: pd.DataFrame
    horizons: dict[str, int]
    profiles: dict[str, np.ndarray]
    rungs: list[Rung]


LadderProgress = Callable[[int, int, Rung], None]


def rung_row(rung: Rung) -> dict:
    """The table row of one trained rung."""
    ladder_cell = CELLS[rung.cell]
    return {"cell": rung.cell, "distance": rung.distance, "seed": rung.seed, "hidden_size": ladder_cell.hidden_size,
            "parameters": ladder_cell.parameters(), "score": rung.score, "baseline": rung.baseline,
            "final_loss": float(np.mean(rung.history[-10:]))}


def result_of(rungs: list[Rung]) -> LadderResult:
    """The table, the connectivity profiles and the horizons of the rungs trained so far (any order)."""
    table = pd.DataFrame([rung_row(rung) for rung in rungs],
                         columns=["cell", "distance", "seed", "hidden_size", "parameters", "score", "baseline",
                                  "final_loss"])
    table = table.sort_values(["cell", "distance", "seed"], key=_cell_order).reset_index(drop=True)
    profiles, horizons = {}, {}
    for cell in dict.fromkeys(rung.cell for rung in rungs):
        own = [rung for rung in rungs if rung.cell == cell]
        longest = max(rung.distance for rung in own)
        first = min((rung for rung in own if rung.distance == longest), key=lambda rung: rung.seed)
        profiles[cell] = connectivity_profile(first.module, first.head, longest)
        horizons[cell] = memory_horizon(profiles[cell])
    return LadderResult(table, horizons, profiles, list(rungs))


def _cell_order(column: pd.Series) -> pd.Series:
    if column.name == "cell":
        order = {cell: index for index, cell in enumerate(CELLS)}
        return column.map(lambda cell: order.get(cell, len(order)))
    return column


def check_ladder(distances: Iterable[int], cells: Iterable[str], seeds: Iterable[int]) -> None:
    """ValueError naming the setting when the ladder cannot be run."""
    distances, cells, seeds = list(distances), list(cells), list(seeds)
    if not distances or not cells or not seeds:
        raise ValueError("a ladder needs at least one distance, one cell and one seed")
    for distance in distances:
        if not isinstance(distance, int) or not 1 <= distance <= MAX_DISTANCE:
            raise ValueError(f"distance must be a whole number in 1..{MAX_DISTANCE}, not {distance!r}")
    unknown = [cell for cell in cells if cell not in CELLS]
    if unknown:
        raise ValueError(f"unknown cell {unknown[0]!r}: choose from {', '.join(CELLS)}")
    if len(seeds) > MAX_SEEDS:
        raise ValueError(f"at most {MAX_SEEDS} seeds, not {len(seeds)}")


def rung_order(distances: Iterable[int], cells: Iterable[str], seeds: Iterable[int]) -> list[tuple[str, int, int]]:
    """(cell, distance, seed) in the order they are trained: shortest distance first, so the chart fills in from the
    left, every cell at a distance before the next distance."""
    return [(cell, distance, seed) for distance in sorted(set(distances)) for seed in seeds for cell in cells]


def ladder(distances: Iterable[int] = DISTANCES, cells: Iterable[str] = ("RNN", "LSTM", "GRU"),
           seeds: Iterable[int] = SEEDS, on_progress: LadderProgress | None = None) -> LadderResult:
    """Train every cell at every distance from every seed (`rung_order`) and score each on held-out sequences.

    `cells` are keys of CELLS ("RNN", "LSTM", "LSTM+forget", "GRU"); `on_progress(done, total, rung)` is called
    after each rung. Deterministic for its arguments."""
    distances, cells, seeds = list(distances), list(cells), list(seeds)
    check_ladder(distances, cells, seeds)
    order = rung_order(distances, cells, seeds)
    rungs = []
    for cell, distance, seed in order:
        rungs.append(train_rung(cell, distance, seed))
        if on_progress:
            on_progress(len(rungs), len(order), rungs[-1])
    return result_of(rungs)


def initial_decay(cell: str, seq_len: int, seeds: int = 4) -> float:
    """The per-step factor by which ||dL/dx|| shrinks with distance in the ladder cell at torch's initialisation
    (seed 0, its forget bias included) on standard-normal inputs: `rnnviz.gradients.fit_decay` of the vanishing-gradient
    page's own measurement."""
    from rnnviz.gradients import fit_decay, gradient_study

    module, _ = build(cell, seed=0)
    curves = gradient_study(module, seq_len, seeds)
    return fit_decay(np.arange(seq_len), curves.input_by_distance)


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per cell and distance: the mean, lowest and highest score over seeds, and the baseline's mean."""
    grouped = table.groupby(["cell", "distance"], sort=False)
    return grouped.agg(mean=("score", "mean"), low=("score", "min"), high=("score", "max"),
                       baseline=("baseline", "mean"), seeds=("seed", "count")).reset_index()


def remembered_up_to(scores: pd.DataFrame, cell: str, threshold: float = REMEMBERED) -> int | None:
    """The longest distance up to which every rung of `cell` has a mean score >= threshold (None if not the first).
    `scores` is `summary(table)`."""
    rows = scores[scores["cell"] == cell].sort_values("distance")
    reached = None
    for distance, mean in zip(rows["distance"], rows["mean"]):
        if not (math.isfinite(mean) and mean >= threshold):
            break
        reached = int(distance)
    return reached


def falls_to_baseline(scores: pd.DataFrame, cell: str, margin: float = 0.1) -> int | None:
    """The shortest distance at which `cell`'s mean score is within `margin` of the baseline's (None if never).
    `scores` is `summary(table)`."""
    rows = scores[scores["cell"] == cell].sort_values("distance")
    for distance, mean, baseline in zip(rows["distance"], rows["mean"], rows["baseline"]):
        if mean <= baseline + margin:
            return int(distance)
    return None


# ---- the same read-out for a character language model -------------------------------------------------------------
LM_CONTEXT = 200  # characters read before the one predicted
LM_PASSAGES = 32  # validation passages averaged


def language_model_profile(model: nn.Module, validation_ids: Tensor, context: int = LM_CONTEXT,
                           passages: int = LM_PASSAGES) -> np.ndarray:
    """(context,) float64: entry k is ||d log p(next character) / d e_{T-1-k}||, e_s the embedding of the character
    read k steps before the prediction (T = context), averaged over `passages` validation passages spread evenly
    through `validation_ids` ((n,) character ids), the probability being the model's for the character that follows.
    `model` is an `rnnviz.charlm.CharModel` (embedding -> layer -> head)."""
    if len(validation_ids) < context + 1:
        raise ValueError(f"the validation text is shorter than {context + 1} characters")
    starts = np.linspace(0, len(validation_ids) - context - 1, passages).astype(int)
    windows = torch.stack([validation_ids[start:start + context + 1] for start in starts])  # (passages, T + 1)
    with torch.enable_grad():
        embedded = model.embedding(windows[:, :-1]).detach().requires_grad_(True)  # (passages, T, EMBEDDING)
        output, _ = model.rnn(embedded)
        log_probs = torch.log_softmax(model.head(output[:, -1]), dim=-1)  # (passages, vocabulary)
        log_probs.gather(1, windows[:, -1:]).sum().backward()
    per_step = embedded.grad.double().norm(dim=-1).mean(dim=0)  # (T,), reading order
    return per_step.flip(0).numpy()
