"""Gradient norms through time: how much of the last step's output reaches each earlier input and state.

Everything runs in float64: in float32 the norms underflow to exact zeros after ~150-200 steps.

`input_gradient_norms` works on any torch module (autograd through the fused kernel; one backward pass).
dL/dh_t needs the recurrence unrolled, because the fused kernel's intermediate states are not on the autograd
graph, so `gradient_study` writes the one-layer cell out step by step with the module's weights, and its backward
pass too (rnnviz.backprop: autograd's per-operation cost made it 2-3x slower). It gets every curve the page draws
from one forward and one backward pass per cell:
  - the batch holds `seeds` random sequences for each length in `lengths`, each replica's loss taken at its own
    last step. Replicas are independent, so one backward pass gives, for every length T at once,
    ||d sum(output_{T-1}) / d x_0|| (output_{T-1} depends only on x_0..x_{T-1} for a one-way layer);
  - the replicas of the longest length also give ||dL/dx_t|| and ||dL/dh_t|| for every distance k = T-1-t.
Replicas are sorted by length and each step only computes the rows still running, like a packed sequence.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

from rnnviz import limits
from rnnviz.backprop import backprop
from rnnviz.bounds import bounded
from rnnviz.inits import add_forget_bias
from rnnviz.spec import LayerSpec
from rnnviz.tasks import TASKS, fit_module, new_head, training_cost

INITS = ("default", "orthogonal", "identity")


def input_gradient_norms(module: nn.Module, x: Tensor) -> Tensor:
    """(seq_len, batch) float64: the L2 norm over features of dL/dx_t, with L the sum of the output at the last
    time step (input order), from one backward pass. `x` is batched in the module's own layout."""
    if x.dim() != 3:
        raise ValueError(f"x must be batched (3-D), not {x.dim()}-D")
    module64 = copy.deepcopy(module).double()
    x64 = x.detach().double().requires_grad_(True)
    output, _ = module64(x64)
    last = output[:, -1] if module.batch_first else output[-1]
    last.sum().backward()
    grad = x64.grad.transpose(0, 1) if module.batch_first else x64.grad
    return grad.norm(dim=-1)


def _check_one_layer(module: nn.Module) -> None:
    if type(module) not in (nn.RNN, nn.LSTM, nn.GRU):
        raise ValueError(f"expected nn.RNN, nn.LSTM or nn.GRU, not {type(module).__name__}")
    if module.num_layers != 1 or module.bidirectional or getattr(module, "proj_size", 0) or module.batch_first:
        raise ValueError("the unrolled gradient study takes one layer, one direction, time-first, no proj_size")


@dataclass(frozen=True)
class GradientCurves:
    """One cell's curves, every norm float64, one row per seeded input sequence.

    input_by_distance   (seeds, seq_len)  ||dL/dx_{T-1-k}||, k = 0..T-1, L = sum(output_{T-1}) for T = seq_len
    hidden_by_distance  (seeds, seq_len)  ||dL/dh_{T-1-k}||
    lengths             (n,)              sequence lengths T, ascending, the last one = seq_len
    first_step          (seeds, n)        ||d sum(output_{T-1}) / d x_0|| for each length T
    """

    input_by_distance: np.ndarray
    hidden_by_distance: np.ndarray
    lengths: np.ndarray
    first_step: np.ndarray


def study_lengths(seq_len: int, count: int = 13) -> list[int]:
    """Log-spaced lengths from 1 to seq_len (distinct, ascending, both ends included)."""
    points = np.unique(np.round(np.logspace(0, math.log10(seq_len), count)).astype(int)) if seq_len > 1 else [1]
    return sorted(set(int(p) for p in points) | {seq_len})


def gradient_study(module: nn.Module, seq_len: int, seeds: int, input_seed: int = 0,
                   lengths: list[int] | None = None) -> GradientCurves:
    """All of one cell's curves from one forward and one backward pass (see the module docstring).

    The inputs are standard normal, drawn from `input_seed`: the same for every cell studied with that seed.
    """
    _check_one_layer(module)
    lengths = sorted(lengths or study_lengths(seq_len))
    if lengths[-1] != seq_len or lengths[0] < 1:
        raise ValueError("lengths must lie in 1..seq_len and include seq_len")
    module64 = copy.deepcopy(module).double()
    generator = torch.Generator().manual_seed(input_seed)
    base = torch.randn(seq_len, seeds, module.input_size, generator=generator, dtype=torch.float64)
    by_length = lengths[::-1]  # longest first: each step runs a prefix of the rows
    x = base.repeat(1, len(by_length), 1)  # row = length index * seeds + seed
    # Rows still running at step t: `seeds` for every length over t (counted once, not with a tensor per step).
    ascending = np.array(lengths)
    active = (seeds * (len(lengths) - np.searchsorted(ascending, np.arange(seq_len), side="right"))).tolist()
    # The loss: every replica's sum of h at its own last step; BPTT written out (rnnviz.backprop), not autograd.
    grads = backprop(module64, x, active, keep=seeds)
    first_step = grads.input_first.norm(dim=-1).reshape(len(by_length), seeds).T.flip(1)  # ascending lengths
    input_by_distance = grads.input_kept.norm(dim=-1).T.flip(1)  # the longest replicas; k = T-1-t
    hidden_by_distance = grads.hidden_kept.norm(dim=-1).T.flip(1)
    return GradientCurves(input_by_distance.numpy(), hidden_by_distance.numpy(), np.array(lengths),
                          first_step.numpy())


def studies_layer(spec: LayerSpec) -> bool:
    """Whether `gradient_study` takes a layer of these settings: one layer, one direction, no proj_size
    (batch_first and dropout change no tensor: the study runs the layer time-first, without dropout)."""
    return spec.num_layers == 1 and not spec.bidirectional and not spec.proj_size


def layer_gradient_study(spec: LayerSpec, seq_len: int, seeds: int, input_seed: int = 0) -> GradientCurves:
    """`gradient_study` of the layer `spec` builds (an uploaded layer's own weights, rnnviz.own_layer), run
    time-first without dropout on standard-normal inputs of its own input_size. ValueError unless
    `studies_layer(spec)`."""
    if not studies_layer(spec):
        raise ValueError("the unrolled gradient study takes one layer, one direction, no proj_size")
    module = dataclasses.replace(spec, batch_first=False, dropout=0.0).build()
    return gradient_study(module, seq_len, seeds, input_seed)


# ---- theory -------------------------------------------------------------------------------------------------------
def spectral_radius(matrix: Tensor) -> float:
    """max |eigenvalue| of a square matrix."""
    return float(torch.linalg.eigvals(matrix.detach().double()).abs().max())


def largest_singular_value(matrix: Tensor) -> float:
    """The spectral norm: max over unit x of ||W x||."""
    return float(torch.linalg.matrix_norm(matrix.detach().double(), ord=2))


def fit_decay(distances: np.ndarray, norms: np.ndarray, floor: float = 1e-280, skip: int = 5) -> float:
    """The per-step decay factor of `norms` (seeds, k) against distance: exp of the least-squares slope of the mean
    log-norm over k >= skip, up to where any seed reaches `floor` (underflow would flatten the fit).

    A curve c * a**k gives a. NaN when fewer than 3 points are usable.
    """
    norms = np.atleast_2d(norms)
    usable = np.all(norms > floor, axis=0)
    end = int(np.argmin(usable)) if not usable.all() else norms.shape[1]
    k = distances[skip:end]
    if len(k) < 3:
        return float("nan")
    log_mean = np.log(norms[:, skip:end]).mean(axis=0)
    slope = np.polyfit(k, log_mean, 1)[0]
    return float(math.exp(slope))


@torch.no_grad()
def set_recurrent_init(module: nn.Module, init: str, radius: float | None = None, seed: int = 0) -> nn.Module:
    """Re-initialise weight_hh_l0 in place: "default" keeps torch's, "orthogonal" draws an orthogonal matrix,
    "identity" sets I (the IRNN of Le et al. 2015, for relu); then, if `radius` is given, rescales it to that
    spectral radius. Returns the module."""
    weight = module.weight_hh_l0
    if init not in INITS:
        raise ValueError(f"init must be one of {', '.join(INITS)}, not {init!r}")
    if init != "default" and not isinstance(module, nn.RNN):
        raise ValueError("orthogonal and identity inits apply to the plain RNN's W_hh here")
    if init == "orthogonal":
        generator = torch.Generator().manual_seed(seed)
        q, r = torch.linalg.qr(torch.randn(weight.shape, generator=generator, dtype=torch.float64))
        weight.copy_(q * torch.sign(torch.diagonal(r)))
    elif init == "identity":
        weight.copy_(torch.eye(weight.shape[0]))
    if radius is not None:
        if not isinstance(module, nn.RNN):
            raise ValueError("the spectral radius control applies to the plain RNN's W_hh")
        current = spectral_radius(weight)
        if current > 0:
            weight.mul_(radius / current)
    return module


def study_module(cell: str, hidden_size: int, input_size: int = 4, nonlinearity: str = "tanh", init: str = "default",
                 radius: float | None = None, forget_bias: float = 0.0, seed: int = 0) -> nn.Module:
    """The one-layer module a gradient study uses: torch's default init (seeded), then the chosen changes."""
    module = LayerSpec(cell, input_size, hidden_size, nonlinearity=nonlinearity if cell == "RNN" else "tanh"
                       ).build(seed)
    if cell == "RNN":
        set_recurrent_init(module, init, radius, seed)  # LSTM and GRU keep torch's default W_hh
    if cell == "LSTM" and forget_bias:
        add_forget_bias(module, forget_bias)
    return module


# ---- the page's study ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StudyCell:
    """One cell the study compares."""

    cell: str
    nonlinearity: str = "tanh"

    @property
    def label(self) -> str:
        """How tables and legends name it: "RNN (tanh)", "LSTM" (code names, the same in every language)."""
        return f"{self.cell} ({self.nonlinearity})" if self.cell == "RNN" else self.cell


# Keyed by an identifier, never by the label shown.
STUDY_CELLS = {"rnn_tanh": StudyCell("RNN", "tanh"), "rnn_relu": StudyCell("RNN", "relu"), "lstm": StudyCell("LSTM"),
               "gru": StudyCell("GRU")}
# The cell whose W_hh the theory (spectral radius, sigma_max) describes.
THEORY_CELL = "rnn_tanh"
STUDY_INPUT_SIZE = 4
LOSS_WINDOW = 20  # a trained cell's task loss: the mean of its last training steps' losses


@dataclass(frozen=True)
class StudySettings:
    """What the vanishing-gradient page varies. `radius` None keeps W_hh's own spectral radius."""

    init: str = "default"  # one of INITS, for the plain RNN's W_hh
    seq_len: int = bounded(2, 1000, 50, default=200)
    hidden_size: int = bounded(2, 256, 8, default=64)
    seeds: int = bounded(1, 16, default=4)
    radius: float | None = bounded(0.5, 1.5, 0.05, default=None)
    forget_bias: float = bounded(0.0, 3.0, 0.5, default=0.0)

    def layers_code(self) -> str:
        """The layers compared, as code: "nn.RNN / nn.LSTM / nn.GRU (4, 64) · seq_len = 200" (a figure's title)."""
        cells = " / ".join(dict.fromkeys(f"nn.{cell.cell}" for cell in STUDY_CELLS.values()))
        return f"{cells} ({STUDY_INPUT_SIZE}, {self.hidden_size}) · seq_len = {self.seq_len}"


@dataclass(frozen=True)
class Theory:
    """The plain RNN's W_hh and W_ih, summarised: the textbook bound uses sigma_max, the linear rate uses rho."""

    spectral_radius: float
    sigma_max: float
    input_sigma_max: float
    hidden_size: int

    def hidden_bound(self, seq_len: int) -> np.ndarray:
        """sqrt(H) * sigma_max**k: ||dL/dh_{T-1-k}|| can be no larger (|tanh'|, relu' <= 1;
        ||dL/dh_{T-1}|| = sqrt(H))."""
        return math.sqrt(self.hidden_size) * self.sigma_max ** np.arange(seq_len, dtype=np.float64)

    def input_bound(self, seq_len: int) -> np.ndarray:
        """||W_ih|| * the hidden bound: dL/dx_t = W_ih^T diag(act') dL/dh_t."""
        return self.input_sigma_max * self.hidden_bound(seq_len)

    def radius_line(self, seq_len: int) -> np.ndarray:
        """sqrt(H) * rho**k: the rate a linear recurrence h_t = W_hh h_{t-1} settles to (not a bound)."""
        return math.sqrt(self.hidden_size) * self.spectral_radius ** np.arange(seq_len, dtype=np.float64)


def _study_module_for(study_cell: StudyCell, settings: StudySettings) -> nn.Module:
    return study_module(study_cell.cell, settings.hidden_size, STUDY_INPUT_SIZE, study_cell.nonlinearity,
                        settings.init, settings.radius, settings.forget_bias)


def study_cost(settings: StudySettings) -> limits.Cost:
    """What `run_study(settings)` will cost (rnnviz.limits)."""
    return limits.study_cost(settings.seq_len, settings.hidden_size, settings.seeds)


def trained_study_cost(settings: StudySettings) -> limits.Cost:
    """What `run_trained_study(settings)` will cost: every study cell trained on the memory task, then studied."""
    task, study = TASKS["memory"], study_cost(settings)
    trainings = [training_cost(task, LayerSpec(cell.cell, STUDY_INPUT_SIZE, settings.hidden_size))
                 for cell in STUDY_CELLS.values()]
    seconds = study.seconds + sum(training.seconds + study.seconds for training in trainings)
    # The cells are trained one after the other: memory is the largest of them, not their sum.
    return limits.Cost(seconds, max([study.bytes] + [training.bytes for training in trainings]))


def run_study(settings: StudySettings, on_cell=None) -> tuple[dict[str, GradientCurves], Theory]:
    """Every cell's curves on the same inputs (keyed like STUDY_CELLS), and the plain RNN's theory numbers.
    `on_cell(index, key)` is called before each cell (for a progress bar)."""
    results = {}
    rnn = None
    for index, (key, study_cell) in enumerate(STUDY_CELLS.items()):
        if on_cell:
            on_cell(index, key)
        module = _study_module_for(study_cell, settings)
        if key == THEORY_CELL:
            rnn = module
        results[key] = gradient_study(module, settings.seq_len, settings.seeds)
    theory = Theory(spectral_radius(rnn.weight_hh_l0), largest_singular_value(rnn.weight_hh_l0),
                    largest_singular_value(rnn.weight_ih_l0), settings.hidden_size)
    return results, theory


@dataclass(frozen=True)
class TrainedCell:
    """One cell after the memory task: its curves at the page's settings, and its final task loss."""

    curves: GradientCurves
    task_loss: float


def run_trained_study(settings: StudySettings, on_progress=None) -> dict[str, TrainedCell]:
    """Train every study cell on the memory task (rnnviz.tasks, the app's one trainer), then measure its curves again.
    `on_progress(fraction, label)` reports progress from 0 to 1; results are keyed like STUDY_CELLS."""
    task = TASKS["memory"]
    results = {}
    count = len(STUDY_CELLS)
    for index, (key, study_cell) in enumerate(STUDY_CELLS.items()):
        trained = copy.deepcopy(_study_module_for(study_cell, settings))

        def step_done(step: int, loss: float, index: int = index, label: str = study_cell.label) -> None:
            if on_progress and step % 25 == 0:
                on_progress((index + step / task.steps) / count, label)

        _, _, history = fit_module(task, trained, new_head(task, trained.hidden_size), task.steps,
                                   on_step=step_done)
        loss = float(np.mean(history[-LOSS_WINDOW:]))
        results[key] = TrainedCell(gradient_study(trained, settings.seq_len, settings.seeds), loss)
    if on_progress:
        on_progress(1.0, "")
    return results
