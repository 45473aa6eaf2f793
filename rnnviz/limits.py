"""The one budget of the hosted demo: what one setting may cost, counted before any tensor is made.

A class shares one server process of about 1 GiB on one or two cores. Every setting a page or its link accepts is
costed here from its sizes alone (the input tensor, the states and gates kept, the checkpoints, the optimiser's
state, the training's steps and epochs, folds and horizons), and a page refuses, with a message naming the figure
and the limit, whatever would go over. The estimates are fitted to measurements on the reference machine (2
cores, torch 2.13 CPU, one thread) and rounded toward caution; `python -m benchmarks limits` runs the largest
setting each page accepts in a process of its own and prints its peak memory and CPU seconds beside the budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rnnviz.spec import LayerSpec

MIB = 1 << 20
# What one setting's tensors may take: torch and the bundled models already hold ~570 MiB once every page has been
# visited (benchmark row "server peak RSS after one session visits every page"), so one session stays under 1 GiB.
MEMORY_BUDGET = 384 * MIB
# The estimates below come within a few per cent of the measured figures, some from below (benchmark rows "largest
# accepted": a forward pass at 391 MiB and a trace at 393 MiB against an estimate under 384; stock runs fitted to
# the measurements exactly). A setting is accepted only with this much room, in memory and in CPU seconds alike,
# so the largest one stays under the budget.
ESTIMATE_MARGIN = 1.1
# CPU seconds one click may cost (a training, a study): a student who asks for more is told so, up front.
SECONDS_BUDGET = 60.0

MAX_PARAMETERS = 5_000_000
# seq_len * batch * parameters: roughly the multiply-adds of one forward pass; 2e10 is about a second here.
MAX_FORWARD_WORK = 20_000_000_000

# Select-and-match: a pattern's length (the widget and the link alike) and the memory RE2 may use to match it.
MAX_PATTERN_LENGTH = 200
# A lecturer's lesson file (rnnviz.lessons): its size, its steps, and each caption.
MAX_LESSON_BYTES = 64 * 1024
MAX_LESSON_STEPS = 100
MAX_CAPTION_LENGTH = 2000
# A lesson's handout (rnnviz.ui.handout_views): what one session's walk keeps, compressed, and how long one click
# may keep the walk going. The course keeps 0.15 MiB and walks in 5 s with the caches empty (python -m benchmarks
# lesson_handout); an uploaded lesson of MAX_LESSON_STEPS heavy steps stops at either bound, not 100 budgets later.
MAX_HANDOUT_BYTES = 16 * MIB
MAX_HANDOUT_SECONDS = 120.0
# A student's own trained layer (rnnviz.own_model): the file read, as .streamlit/config.toml's maxUploadSize.
MAX_OWN_MODEL_BYTES = 5 * MIB
# Uploaded layers' weights the server keeps for the pages (rnnviz.own_layer), least recently used out first: a class
# of thirty each with a full-size layer (float16 files double in float32) fits, and nothing beyond it stays.
OWN_LAYERS_KEPT_BYTES = 64 * MIB
# A student's own text on the language-model page (rnnviz.charlm.own_text): at least a passage's worth of validation
# text (10 % of it must hold the page's 1,500-character passage), at most about tiny Shakespeare's size, and an
# alphabet a Korean text fits (2,350 common syllables and ASCII): 2,500 characters cost 1.7x the time per training
# step of 80 (measured, charlm's default LSTM). The server keeps the most recent texts within OWN_TEXTS_KEPT_CHARS.
MIN_OWN_TEXT_CHARS = 20_000
MAX_OWN_TEXT_CHARS = 1_200_000
MAX_OWN_TEXT_BYTES = 5 * MIB
MAX_OWN_VOCABULARY = 2_500
OWN_TEXTS_KEPT_CHARS = 12_000_000
# A student's price file (rnnviz.price_file): the file, as maxUploadSize, and an Excel workbook's XML once
# unzipped (openpyxl holds about ten times the XML it parses; a real ten-year daily sheet is about 1 MiB of it).
MAX_PRICE_FILE_BYTES = 5 * MIB
MAX_PRICE_SHEET_BYTES = 20 * MIB
PATTERN_MEMORY = 1 << 20

FLOAT = 4  # bytes of a float32
# Training throughput: parameter x time step x sequence products per CPU second, forward and backward with Adam.
# Measured 6.5e9-9.8e9 on the lecture tasks (LSTM 256 to 1024, GRU 256 x 2, RNN 512 x 2 bidirectional).
TRAINING_RATE = 6.0e9
# The stock model's epochs cost a rate, ~2 ms per mini-batch, and a per-time-step dispatch of each mini-batch
# (forward and backward, whatever the width). The rate and the step cost solve two runs measured here: the
# horizons study at 40 epochs with every epoch run (5 folds x 3 horizons) in 87 s of CPU, and window 250 at 300
# epochs in 82 s (hidden 16) and 67 s (hidden 4): the narrow run sets the step cost (benchmark rows "largest
# accepted, stock ...").
FORECAST_RATE = 5.2e9
FORECAST_BATCH_SECONDS = 0.002
FORECAST_STEP_SECONDS = 3.0e-5
# The rate holds near the default window (30 days) and falls for longer ones: window 250 on the default model ran
# at ~9e8 (10 epochs took 77 s of CPU), (30 / 250) ** 0.83 of it. Taken as (30 / window) ** 0.9 beyond 30.
FORECAST_RATE_WINDOW = 30
FORECAST_RATE_FALL = 0.9
# Per time step, layer and direction of one training step, whatever the width: torch's per-operation dispatch,
# forward and backward. Measured with 8 layers x 2 directions of 8 units: RNN 0.10 ms, LSTM 0.06 ms, GRU 0.27 ms.
STEP_DISPATCH_SECONDS = {"RNN": 0.00012, "LSTM": 0.00007, "GRU": 0.0003}
# The memory ladder's rungs (rnnviz.memory: one layer of 16-34 units on batches of 128, 200 steps): a fixed part of
# every step (head, loss, Adam) and a part per time step, measured at distances 40 and 80 (benchmark rows "memory
# ladder"); the rates above, fitted to wider layers, overestimated the default ladder by 60 %.
LADDER_STEP_SECONDS = 0.0006
LADDER_TIME_STEP_SECONDS = {"RNN": 0.00008, "LSTM": 0.00005, "GRU": 0.00019}
# A training's fixed cost (the first run's one-off set-up of torch's kernels included).
TRAINING_SETUP_SECONDS = 1.5
# What a training holds besides its tensors' sizes (batches, autograd's bookkeeping): measured ~90 MB.
TRAINING_OVERHEAD_BYTES = 100 * MIB
# Floats per parameter while training: weights, gradients, Adam's two moments, and 11 checkpoint copies of layer
# and head (measured ~15.6 with a 21M-parameter LSTM).
FLOATS_PER_TRAINED_PARAMETER = 18
# Floats kept for backward per step, sequence, layer, direction and gate row (measured 1.7-5).
SAVED_FLOATS_PER_GATE_ROW = 6
# The gradient study keeps every step's state of every copy of the sequences: measured 973-1,067 bytes per (step x
# seed x unit) (3.9 GB at seq_len 1000, hidden 256, 16 seeds), and 1,221 with the gradient page's trained cells
# beside it (benchmark rows "largest accepted, gradient ...").
STUDY_BYTES_PER_STEP_SEED_UNIT = 1400
# Its time: ~1 s per 1,000 steps of dispatch (four cells, forward and backward), plus the products.
STUDY_DISPATCH_SECONDS_PER_STEP = 0.001
STUDY_SECONDS_PER_PRODUCT = 2e-8


@dataclass(frozen=True)
class Cost:
    """An estimate: CPU seconds and the peak bytes of tensors (beyond what the server already holds)."""

    seconds: float
    bytes: int

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.seconds + other.seconds, self.bytes + other.bytes)


BREACHES = ("parameters", "forward_work", "memory", "seconds")


@dataclass(frozen=True)
class LimitBreach:
    """A setting over the budget: `what` is one of BREACHES: "parameters", "forward_work", "memory" (value and
    limit in MiB) or "seconds" (CPU seconds)."""

    what: str
    value: int
    limit: int

    def __post_init__(self):
        if self.what not in BREACHES:
            raise ValueError(f"what must be one of {BREACHES}, not {self.what!r}")


def check(cost: Cost) -> LimitBreach | None:
    """None if `cost` fits the budget; else which part it breaks, memory first."""
    if cost.bytes * ESTIMATE_MARGIN > MEMORY_BUDGET:
        return LimitBreach("memory", math.ceil(cost.bytes * ESTIMATE_MARGIN / MIB), MEMORY_BUDGET // MIB)
    if cost.seconds * ESTIMATE_MARGIN > SECONDS_BUDGET:
        return LimitBreach("seconds", math.ceil(cost.seconds * ESTIMATE_MARGIN), int(SECONDS_BUDGET))
    return None


def _layer_rows(spec: LayerSpec) -> int:
    """Floats one step of one sequence produces in one layer: every direction's gate rows and twice its output."""
    return spec.num_directions * (spec.gate_count * spec.hidden_size + 2 * spec.output_size)


def forward_cost(spec: LayerSpec, seq_len: int, batch: int) -> Cost:
    """Building the layer and one forward pass on a `(seq_len, batch, input_size)` input, no gradients: the
    parameters, the input, and the outputs and gate rows of the two layers alive at once (measured 0.9-1.8
    layers' worth). Seconds from MAX_FORWARD_WORK (about 1 s)."""
    floats = spec.num_parameters() + seq_len * batch * spec.input_size
    floats += seq_len * batch * _layer_rows(spec) * min(spec.num_layers, 2)
    return Cost(seq_len * batch * spec.num_parameters() / MAX_FORWARD_WORK, floats * FLOAT)


def check_live_run(spec: LayerSpec, seq_len: int, batch: int) -> LimitBreach | None:
    """None if the layer can be built and run on a `(seq_len, batch, input_size)` input within the live budget."""
    parameters = spec.num_parameters()
    if parameters > MAX_PARAMETERS:
        return LimitBreach("parameters", parameters, MAX_PARAMETERS)
    work = seq_len * batch * parameters
    if work > MAX_FORWARD_WORK:
        return LimitBreach("forward_work", work, MAX_FORWARD_WORK)
    return check(forward_cost(spec, seq_len, batch))


def check_trace(spec: LayerSpec, seq_len: int, batch: int) -> LimitBreach | None:
    """The Hidden states page: a `(seq_len, batch, input_size)` example is drawn whole (its seeded numbers depend
    on every sequence), then one sequence of it is traced with every state and gate kept."""
    breach = check_live_run(spec, seq_len, 1)
    if breach:
        return breach
    drawn = Cost(0.0, seq_len * batch * spec.input_size * FLOAT)
    kept = Cost(0.0, 3 * seq_len * spec.num_layers * _layer_rows(spec) * FLOAT)  # trace, recording, figure
    return check(forward_cost(spec, seq_len, 1) + drawn + kept)


def packed_run_cost(spec: LayerSpec, seq_len: int, batch: int) -> Cost:
    """The sequences page's batch: the layer run twice on `(seq_len, batch, input_size)` (packed, and padded as it
    is), both results kept. The input is held four times (the padded tensor, torch's packed copy, and the cache's
    pickled and unpickled copies of the run), the outputs six (packed, padded back, padded run, each cached)."""
    steps = seq_len * batch
    floats = spec.num_parameters() + 4 * steps * spec.input_size
    floats += 6 * steps * spec.num_directions * spec.output_size + steps * _layer_rows(spec) * min(spec.num_layers, 2)
    return Cost(2 * steps * spec.num_parameters() / MAX_FORWARD_WORK, floats * FLOAT)


def stream_cost(spec: LayerSpec, length: int) -> Cost:
    """The sequences page's long sequence of `length` steps: three backward passes (with and without detach(), and
    window by window), costed as three training steps on one sequence."""
    return training_cost(spec, length, 1, steps=3)


def training_cost(spec: LayerSpec, seq_len: int, batch: int, steps: int, head_outputs: int = 1) -> Cost:
    """`steps` Adam steps of the layer (and a linear head with `head_outputs`) on `(seq_len, batch)` batches,
    with checkpoints kept (rnnviz.tasks.fit_module)."""
    parameters = spec.num_parameters() + (spec.num_directions * spec.output_size + 1) * head_outputs
    per_step = seq_len * batch * parameters / TRAINING_RATE
    per_step += seq_len * spec.num_layers * spec.num_directions * STEP_DISPATCH_SECONDS[spec.cell]
    saved = SAVED_FLOATS_PER_GATE_ROW * seq_len * batch * spec.num_layers * _layer_rows(spec)
    floats = FLOATS_PER_TRAINED_PARAMETER * parameters + saved + seq_len * batch * spec.input_size
    return Cost(TRAINING_SETUP_SECONDS + steps * per_step, TRAINING_OVERHEAD_BYTES + floats * FLOAT)


def ladder_rung_cost(spec: LayerSpec, seq_len: int, batch: int, steps: int) -> Cost:
    """One rung of the memory ladder: `steps` Adam steps of the one-layer `spec` on `(seq_len, batch)` batches,
    without the training's one-off set-up (a ladder pays it once); memory as `training_cost` counts it."""
    seconds = steps * (LADDER_STEP_SECONDS + seq_len * LADDER_TIME_STEP_SECONDS[spec.cell])
    return Cost(seconds, training_cost(spec, seq_len, batch, steps).bytes)


def forecast_cost(features: int, window: int, hidden_size: int, num_layers: int, epochs: int, batch_size: int,
                  training_windows: int) -> Cost:
    """Training the stock model for every one of `epochs` (early stopping may end sooner) on `training_windows`
    windows in all (summed over folds and horizons)."""
    spec = LayerSpec("LSTM", features, hidden_size, num_layers)
    parameters = spec.num_parameters() + hidden_size + 1
    batches = math.ceil(training_windows / batch_size)
    per_batch = FORECAST_BATCH_SECONDS + window * FORECAST_STEP_SECONDS
    rate = FORECAST_RATE * min(1.0, FORECAST_RATE_WINDOW / window) ** FORECAST_RATE_FALL
    seconds = epochs * (training_windows * window * parameters / rate + batches * per_batch)
    largest_batch = min(batch_size, training_windows)
    saved = SAVED_FLOATS_PER_GATE_ROW * window * largest_batch * num_layers * _layer_rows(spec)
    # The windows of one fold (inputs of every period) are held at once: at most every day's window.
    floats = FLOATS_PER_TRAINED_PARAMETER * parameters + saved + 2 * training_windows * window * features
    return Cost(TRAINING_SETUP_SECONDS + seconds, TRAINING_OVERHEAD_BYTES + floats * FLOAT)


def study_cost(seq_len: int, hidden_size: int, seeds: int) -> Cost:
    """The vanishing-gradient study (rnnviz.gradients.run_study): four cells, one forward and one backward pass
    over a copy of the sequences per length, float64."""
    seconds = seq_len * STUDY_DISPATCH_SECONDS_PER_STEP + STUDY_SECONDS_PER_PRODUCT * seq_len * seeds * hidden_size ** 2
    return Cost(seconds, STUDY_BYTES_PER_STEP_SEED_UNIT * seq_len * seeds * hidden_size)


def lm_training_seconds(threads: int) -> int:
    """The longest live language-model training a click may ask for: the budget's CPU seconds over its threads."""
    return int(SECONDS_BUDGET // threads)
