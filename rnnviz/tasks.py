"""Small lecture tasks that a recurrent layer learns in seconds, so its units come to mean something.

Each task makes seeded batches `(x, target, tracked)`: `x` in the layer's own layout, `target` what the head
should output, and `tracked`, a quantity per step that a unit might learn to follow (the nesting depth of
brackets, the value a memory cell holds). `train` fits any `LayerSpec` whose input_size and batch_first match
the task with a linear head, Adam, one seeded run, and keeps checkpoints from torch's initialisation onwards.

    hihello   "hihell" -> "ihello", next character; both h's and both l's must get different states
    sine      sin over [0, pi] and beyond, 20 steps (the sine note's input), predict the next value
    memory    output the first step's value 30 steps later
    brackets  strings of ( ) and letters, next character; tracked: the nesting depth
"""

from __future__ import annotations

import contextlib
import copy
import math
from dataclasses import dataclass, field
from typing import Callable

import torch
from torch import Tensor, nn

from rnnviz import limits
from rnnviz.inits import add_forget_bias
from rnnviz.seeding import GlobalDraws, draws_in_forward, seeded
from rnnviz.spec import LayerSpec

CHECKPOINTS = 10  # checkpoints after step 0 (torch's initialisation), spaced through training
MAX_STEPS = 100_000  # training batch k of run seed s is drawn with seed s * MAX_STEPS + k
HELD_OUT_SEED = 2**40  # held-out batches come from a seed no training batch uses
HELD_OUT_BATCH = 64


@dataclass(frozen=True)
class Task:
    """A lecture task. Per-step tasks score the head at every step; `last_step_only` tasks at the last step."""

    name: str
    input_size: int
    output_size: int  # the head's outputs: the vocabulary for next-character tasks, 1 for a value
    batch_first: bool
    seq_len: int
    steps: int  # default training steps (Adam updates)
    lr: float
    train_batch: int
    suggested_cell: str
    suggested_hidden: int
    vocabulary: tuple[str, ...] = ()  # characters of a next-character task, in one-hot order
    last_step_only: bool = False
    clip: float | None = None  # gradient-norm clipping, for tasks with long dependencies
    warmup: int = 0  # first steps left out of the held-out score (and its baselines): nothing can be known yet

    @property
    def is_classification(self) -> bool:
        return bool(self.vocabulary)

    def batch(self, n: int, seed: int = 0) -> tuple[Tensor, Tensor, Tensor]:
        """(x, target, tracked): x in the layer's layout, (seq_len, n, input_size) or (n, seq_len, input_size)
        when batch_first; target (seq_len, n) class indices or (seq_len, n) values (for a last-step task only
        its last step is scored); tracked (n, seq_len)."""
        generator = torch.Generator().manual_seed(seed)
        x, target, tracked = self._make(n, generator)
        if self.batch_first:
            x = x.transpose(0, 1).contiguous()
        return x, target, tracked

    def _make(self, n: int, generator: torch.Generator) -> tuple[Tensor, Tensor, Tensor]:
        raise NotImplementedError

    def loss(self, prediction: Tensor, target: Tensor) -> Tensor:
        """Cross-entropy (nats) for next-character tasks, mean squared error for values. prediction
        (seq_len, n, output_size) time-first, target (seq_len, n)."""
        if self.last_step_only:
            prediction, target = prediction[-1:], target[-1:]
        if self.is_classification:
            return nn.functional.cross_entropy(prediction.reshape(-1, self.output_size), target.reshape(-1))
        return nn.functional.mse_loss(prediction.squeeze(-1), target)

    def metric(self, prediction: Tensor, target: Tensor) -> float:
        """Held-out score: next-character accuracy (0-1) or mean squared error, after the warm-up steps."""
        if self.last_step_only:
            prediction, target = prediction[-1:], target[-1:]
        prediction, target = prediction[self.warmup:], target[self.warmup:]
        if self.is_classification:
            return float((prediction.argmax(-1) == target).float().mean())
        return float(nn.functional.mse_loss(prediction.squeeze(-1), target))

    def metric_name(self) -> str:
        return "accuracy" if self.is_classification else "mse"


def _one_hot(indices: Tensor, size: int) -> Tensor:
    return nn.functional.one_hot(indices, size).to(torch.float32)


@dataclass(frozen=True)
class HiHello(Task):
    """The same six steps every time: nothing to generalise, everything to remember (which h, which l)."""

    word: str = "hihello"

    def _make(self, n, generator):
        codes = torch.tensor([self.vocabulary.index(char) for char in self.word])
        inputs, targets = codes[:-1], codes[1:]
        x = _one_hot(inputs, len(self.vocabulary)).unsqueeze(1).expand(-1, n, -1).contiguous()
        target = targets.unsqueeze(1).expand(-1, n).contiguous()
        tracked = torch.arange(len(inputs), dtype=torch.float32).expand(n, -1).contiguous()  # the position
        return x, target, tracked


@dataclass(frozen=True)
class Sine(Task):
    """sin at 20 points spaced pi/19 apart (linspace(0, pi, 20), as the sine note builds it), from a random
    start phase; the target is the next point. One value cannot say whether the wave rises or falls, so the
    tracked quantity is the slope's sign and size: cos of the phase; and the first step, where no model can know
    it yet, is left out of the score (warmup=1; persistence is scored on the same steps)."""

    step: float = math.pi / 19

    def _make(self, n, generator):
        start = torch.rand(n, generator=generator) * 2 * math.pi
        phase = start.unsqueeze(0) + self.step * torch.arange(self.seq_len + 1, dtype=torch.float32).unsqueeze(1)
        wave = torch.sin(phase)
        return wave[:-1].unsqueeze(-1), wave[1:], torch.cos(phase[:-1]).T.contiguous()

    def persistence_mse(self, x: Tensor, target: Tensor) -> float:
        """The sceptic's baseline: predict that the next value equals this one."""
        time_first = x.transpose(0, 1) if self.batch_first else x
        return self.metric(time_first, target)


@dataclass(frozen=True)
class Memory(Task):
    """Step 0 carries a value in feature 0 and a marker (1) in feature 1; every later step is noise in the other
    features and 0 in the marker. The target, at the last step, is that value; its variance is 1, so a loss near
    1 means nothing was learned (predicting 0) and near 0 that the value was carried across every step."""

    def _make(self, n, generator):
        x = torch.randn(self.seq_len, n, self.input_size, generator=generator)
        x[:, :, 1] = 0.0
        x[0, :, 1] = 1.0
        value = x[0, :, 0].clone()
        target = value.unsqueeze(0).expand(self.seq_len, -1).contiguous()
        return x, target, value.unsqueeze(1).expand(-1, self.seq_len).contiguous()


@dataclass(frozen=True)
class Brackets(Task):
    """Strings of ( ) and letters with nesting depth at most `max_depth`: ")" cannot come at depth 0 and "("
    cannot come at the deepest level, and deeper strings close more often, so predicting the next character
    well needs the depth. The tracked quantity is the depth after each character."""

    max_depth: int = 4

    def _make(self, n, generator):
        letters = len(self.vocabulary) - 2  # vocabulary: "(", ")", then the letters
        codes = torch.empty(self.seq_len + 1, n, dtype=torch.long)
        depths = torch.zeros(self.seq_len + 1, n)
        depth = torch.zeros(n)
        draws = torch.rand(self.seq_len + 1, n, generator=generator)
        letter = torch.randint(letters, (self.seq_len + 1, n), generator=generator) + 2
        for t in range(self.seq_len + 1):
            open_ = (draws[t] < 0.3) & (depth < self.max_depth)
            close = ~open_ & (draws[t] > 1 - 0.15 * depth) & (depth > 0)
            codes[t] = torch.where(open_, 0, torch.where(close, 1, letter[t]))
            depth = depth + open_.float() - close.float()
            depths[t] = depth
        x = _one_hot(codes[:-1], len(self.vocabulary))
        return x, codes[1:], depths[:-1].T.contiguous()


TASKS: dict[str, Task] = {
    "hihello": HiHello("hihello", input_size=5, output_size=5, batch_first=False, seq_len=6, steps=150, lr=0.05,
                       train_batch=1, suggested_cell="RNN", suggested_hidden=8, vocabulary=("h", "i", "e", "l", "o")),
    "sine": Sine("sine", input_size=1, output_size=1, batch_first=True, seq_len=20, steps=600, lr=0.02,
                 train_batch=32, suggested_cell="RNN", suggested_hidden=10, warmup=1),
    # lr 5e-3 with batches of 64: the forget-biased LSTM learns it from every seed tried (0-3: loss 0.002-0.004);
    # lr 1e-2 with batches of 32 learned it from one seed in four.
    "memory": Memory("memory", input_size=4, output_size=1, batch_first=False, seq_len=30, steps=300, lr=5e-3,
                     train_batch=64, suggested_cell="LSTM", suggested_hidden=64, last_step_only=True, clip=1.0),
    "brackets": Brackets("brackets", input_size=6, output_size=6, batch_first=False, seq_len=60, steps=300,
                         lr=0.02, train_batch=32, suggested_cell="LSTM", suggested_hidden=16,
                         vocabulary=("(", ")", "a", "b", "c", "d")),
}


@dataclass
class TrainingRun:
    """A trained layer: `checkpoints` (step, module) from step 0 (torch's initialisation) to the last, with the
    head at each in `head_checkpoints`; `head` the final head; `history` the loss per step; `metric` the task's
    metric on a held-out batch; `baseline` the same metric for the sceptic's baseline where the task has one."""

    task: Task
    spec: LayerSpec
    checkpoints: list[tuple[int, nn.Module]]
    head_checkpoints: list[nn.Module]
    history: list[float]
    metric: float
    seconds: float = 0.0
    baselines: dict[str, float] = field(default_factory=dict)

    @property
    def module(self) -> nn.Module:
        return self.checkpoints[-1][1]

    @property
    def head(self) -> nn.Module:
        return self.head_checkpoints[-1]


def time_first(task: Task, tensor: Tensor) -> Tensor:
    """(batch, seq_len, ...) -> (seq_len, batch, ...) for batch_first tasks; unchanged otherwise."""
    return tensor.transpose(0, 1) if task.batch_first else tensor


def predict(task: Task, module: nn.Module, head: nn.Module, x: Tensor) -> Tensor:
    """The head's output at every step, time-first: (seq_len, n, output_size)."""
    output, _ = module(x)
    return head(time_first(task, output))


def checkpoint_steps(steps: int, count: int = CHECKPOINTS) -> list[int]:
    """0, then `count` steps spread evenly up to `steps` (fewer when there are fewer steps)."""
    return sorted({0} | {round(steps * k / count) for k in range(1, count + 1)})


def fit_module(task: Task, module: nn.Module, head: nn.Module, steps: int, seed: int = 0,
               on_step: Callable[[int, float], None] | None = None
               ) -> tuple[list[tuple[int, nn.Module]], list[nn.Module], list[float]]:
    """Train `module` and `head` in place on `task` (Adam, one seeded batch per step); the one trainer of the app.
    Returns (checkpoints (step, module copy), head copies at the same steps, loss per step). `on_step(step,
    loss)` is called after each step, step counting from 1."""
    keep = set(checkpoint_steps(steps))
    checkpoints = [(0, copy.deepcopy(module).eval())]
    heads = [copy.deepcopy(head).eval()]
    parameters = list(module.parameters()) + list(head.parameters())
    optimiser = torch.optim.Adam(parameters, lr=task.lr)
    history = []
    # Dropout between layers draws from torch's global generator: a stream of its own keeps a run exact when
    # other sessions train at the same time.
    draws = GlobalDraws(seed) if draws_in_forward(module) else contextlib.nullcontext()
    module.train()
    for step in range(1, steps + 1):
        x, target, _ = task.batch(task.train_batch, seed=seed * MAX_STEPS + step)
        with draws:
            prediction = predict(task, module, head, x)
        loss = task.loss(prediction, target)
        optimiser.zero_grad()
        loss.backward()
        if task.clip is not None:
            nn.utils.clip_grad_norm_(parameters, task.clip)
        optimiser.step()
        history.append(loss.item())
        if step in keep:
            checkpoints.append((step, copy.deepcopy(module).eval()))
            heads.append(copy.deepcopy(head).eval())
        if on_step:
            on_step(step, history[-1])
    module.eval()
    return checkpoints, heads, history


def training_cost(task: Task, spec: LayerSpec, steps: int | None = None) -> limits.Cost:
    """What `train(task.name, spec)` will cost (rnnviz.limits): its steps on the task's batches, with checkpoints."""
    return limits.training_cost(spec, task.seq_len, task.train_batch, steps or task.steps, task.output_size)


def check_training(task: Task, spec: LayerSpec) -> limits.LimitBreach | None:
    """None if the layer may be built and trained on the task here; else the limit it would break."""
    return limits.check_live_run(spec, task.seq_len, task.train_batch) or limits.check(training_cost(task, spec))


def check_spec(task: Task, spec: LayerSpec) -> None:
    """ValueError naming the setting when `spec` cannot read the task's input."""
    if spec.input_size != task.input_size:
        raise ValueError(f"the {task.name} task has input_size {task.input_size}, not {spec.input_size}")
    if spec.batch_first != task.batch_first:
        raise ValueError(f"the {task.name} task needs batch_first={task.batch_first}")


def held_out_metric(task: Task, module: nn.Module, head: nn.Module) -> float:
    """The task's metric on a batch no training step drew."""
    x, target, _ = task.batch(HELD_OUT_BATCH, seed=HELD_OUT_SEED)
    with torch.no_grad():
        return task.metric(predict(task, module, head, x), target)


def new_head(task: Task, features: int, seed: int = 0) -> nn.Linear:
    """The task's output layer on `features` = D*H_out outputs per step, drawn from `seed` (the caller's random
    state is left as it was)."""
    with seeded(seed):
        return nn.Linear(features, task.output_size)


def train(task_name: str, spec: LayerSpec, *, steps: int | None = None, seed: int = 0,
          on_step: Callable[[int, float], None] | None = None, forget_bias: float = 0.0) -> TrainingRun:
    """Build `spec` (torch's initialisation for `seed`; an LSTM's forget-gate bias raised by `forget_bias`) and a
    head, train both on the task, and score the result on held-out data. Deterministic for a seed. See
    `fit_module` for `on_step`."""
    import time

    task = TASKS[task_name]
    check_spec(task, spec)
    module = spec.build(seed)
    if forget_bias:
        add_forget_bias(module, forget_bias)
    head = new_head(task, spec.num_directions * spec.output_size, seed)
    start = time.perf_counter()
    checkpoints, heads, history = fit_module(task, module, head, steps or task.steps, seed, on_step)
    seconds = time.perf_counter() - start
    run = TrainingRun(task, spec, checkpoints, heads, history, held_out_metric(task, module, head), seconds)
    run.baselines = baselines(task)
    return run


def baselines(task: Task) -> dict[str, float]:
    """What a sceptic would pick, scored with the task's metric on the same held-out batch.

    hihello: the best model that sees only the current character (a bigram table fitted on the word itself).
    sine: persistence, "the next value equals this one". memory: predicting the mean, 0. brackets: a bigram
    table fitted on training batches (the best guess from the current character alone)."""
    x, target, _ = task.batch(HELD_OUT_BATCH, seed=HELD_OUT_SEED)
    if isinstance(task, Sine):
        return {"persistence": task.persistence_mse(x, target)}
    if isinstance(task, Memory):
        return {"mean": task.metric(torch.zeros(*target.shape, 1), target)}
    train_x, train_target, _ = task.batch(HELD_OUT_BATCH, seed=0)
    current, following = train_x.argmax(-1), train_target
    counts = torch.zeros(task.output_size, task.output_size)
    counts.index_put_((current.reshape(-1), following.reshape(-1)), torch.ones(current.numel()), accumulate=True)
    guess = counts.argmax(-1)[x.argmax(-1)]  # (seq_len, n): the commonest next character after this one
    return {"bigram": float((guess == target).float().mean())}


# What the held-out score is, and the sceptic's baselines (`baselines`) it is shown next to.
METRICS = ("accuracy", "mse")
BASELINES = ("bigram", "persistence", "mean")

FEATURE_NAMES = {"sine": ("sin",), "memory": ("value", "marker", "noise 1", "noise 2")}


def example(task: Task, seed: int = HELD_OUT_SEED + 1):
    """One held-out sequence of the task as the Hidden states page shows it: (ExampleInput (seq_len, 1,
    features) time-first with named features and steps, target (seq_len,), tracked (seq_len,))."""
    from rnnviz.inputs import ExampleInput

    x, target, tracked = task.batch(1, seed)
    values = time_first(task, x)
    if task.is_classification:
        names = tuple(task.vocabulary)
        read = [task.vocabulary[int(code)] for code in values[:, 0].argmax(-1)]
        labels = tuple(f"t={t} '{char}'" for t, char in enumerate(read))
    else:
        names = FEATURE_NAMES[task.name]
        labels = tuple(f"t={t}" for t in range(task.seq_len))
    return ExampleInput(task.name, values.contiguous(), names, labels), target[:, 0], tracked[0]
