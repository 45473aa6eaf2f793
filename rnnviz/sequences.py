"""Batches of sequences of different lengths, and one long sequence read in windows, run through torch's own calls.

A padded batch is zeros after each sequence's length; `run_packed` runs a layer on it twice: packed
(`pack_padded_sequence`, so each direction reads only the real steps) and padded as it is (so the forward direction
reads the padding after the end and the backward direction reads it first). `read_in_windows` reads one long
sequence `window` steps at a time, carrying the state, with and without `detach()` at each boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

from rnnviz.bounds import bounded
from rnnviz.errors import RnnvizError
from rnnviz.identities import Identity
from rnnviz.seeding import generator

# The grid draws one row per sequence and the packed strip one cell per real step: past 16 rows neither reads.
MAX_SEQUENCES = 16
# Unless the user types lengths: the padded length and about 60 % and 40 % of it (5, 3, 2 at the default seq_len),
# so the batch always fits seq_len and two sequences are padded.
DEFAULT_FRACTIONS = (1.0, 0.6, 0.4)
# What `torch.autograd` says when a window's loss is backpropagated through a graph an earlier backward freed.
SECOND_BACKWARD = "backward through the graph a second time"


def _check_range(lengths: tuple[int, ...], seq_len: int) -> None:
    """Every length from 1 to `seq_len`; else RnnvizError naming the first one that is not."""
    if min(lengths) < 1:
        raise RnnvizError("lengths_zero", index=lengths.index(min(lengths)))
    if max(lengths) > seq_len:
        raise RnnvizError("lengths_over_seq_len", length=max(lengths), seq_len=seq_len)


def default_lengths(seq_len: int) -> tuple[int, ...]:
    """The batch shown until lengths are typed: (5, 3, 2) for seq_len 5, (100, 60, 40) for 100, (1, 1, 1) for 1."""
    return tuple(max(1, round(fraction * seq_len)) for fraction in DEFAULT_FRACTIONS)


def parse_lengths(text: str, seq_len: int) -> tuple[int, ...]:
    """"5,3,2" -> (5, 3, 2): one whole number from 1 to `seq_len` per sequence, at most MAX_SEQUENCES of them, in
    any order. RnnvizError naming what is wrong otherwise."""
    parts = [part.strip() for part in text.replace(";", ",").split(",")]
    if not any(parts):
        raise RnnvizError("lengths_empty")
    if not all(part.isdigit() for part in parts):
        raise RnnvizError("lengths_not_whole", value=text)
    lengths = tuple(int(part) for part in parts)
    if len(lengths) > MAX_SEQUENCES:
        raise RnnvizError("lengths_too_many", count=len(lengths), limit=MAX_SEQUENCES)
    _check_range(lengths, seq_len)
    return lengths


def padded_batch(lengths: tuple[int, ...] | list[int], input_size: int, seed: int = 0, batch_first: bool = False,
                 total_length: int | None = None) -> torch.Tensor:
    """Standard-normal values on each sequence's real steps and zeros after its length: `(T, batch, input_size)`,
    or `(batch, T, input_size)` when `batch_first`, with T = `total_length` (default: the longest length) and
    batch = len(lengths). Drawn from a generator of its own, so a sequence's values do not depend on the others'
    lengths."""
    steps = total_length if total_length is not None else max(lengths)
    values = torch.randn(steps, len(lengths), input_size, generator=generator(seed))
    real = torch.arange(steps).unsqueeze(1) < torch.as_tensor(lengths).unsqueeze(0)  # (T, batch)
    values = values * real.unsqueeze(2)
    return values.transpose(0, 1).contiguous() if batch_first else values


@dataclass(frozen=True)
class PackedRun:
    """One module run on a padded batch, packed and not.

    `packed`: torch's PackedSequence of the input. `output`: the packed run's output padded back by
    `pad_packed_sequence` to the input's length, zeros after each sequence's length, in the module's layout
    (`(T, batch, D*H)`, or `(batch, T, D*H)` when batch_first). `h_n` / `c_n`: the packed run's final states,
    `(D*num_layers, batch, H)` (`c_n` None unless LSTM). `last_steps`: each sequence's last real step (length - 1).
    `padded_output`, `padded_h_n`, `padded_c_n`: the same module on the padded tensor itself, without packing."""

    packed: PackedSequence
    output: torch.Tensor
    h_n: torch.Tensor
    c_n: torch.Tensor | None
    last_steps: tuple[int, ...]
    padded_output: torch.Tensor
    padded_h_n: torch.Tensor
    padded_c_n: torch.Tensor | None


def _split_state(state) -> tuple[torch.Tensor, torch.Tensor | None]:
    return state if isinstance(state, tuple) else (state, None)


def _check_lengths(x: torch.Tensor, lengths: tuple[int, ...], batch_first: bool) -> None:
    steps, batch = (x.shape[1], x.shape[0]) if batch_first else (x.shape[0], x.shape[1])
    if len(lengths) != batch:
        raise RnnvizError("lengths_batch", count=len(lengths), batch=batch)
    _check_range(lengths, steps)


@torch.no_grad()
def run_packed(module: torch.nn.Module, x: torch.Tensor, lengths, enforce_sorted: bool = False) -> PackedRun:
    """Run `module` on the padded batch `x` (in the module's `batch_first` layout) packed with `lengths`, and on `x`
    as it is. With `enforce_sorted=True` the lengths must already be longest first (torch then keeps no
    `sorted_indices`); otherwise RnnvizError."""
    lengths = tuple(int(length) for length in lengths)
    batch_first = module.batch_first
    _check_lengths(x, lengths, batch_first)
    if enforce_sorted and list(lengths) != sorted(lengths, reverse=True):
        raise RnnvizError("lengths_unsorted", lengths=", ".join(map(str, lengths)))
    packed = pack_padded_sequence(x, torch.as_tensor(lengths), batch_first=batch_first, enforce_sorted=enforce_sorted)
    packed_output, state = module(packed)
    total = x.shape[1] if batch_first else x.shape[0]
    output, _ = pad_packed_sequence(packed_output, batch_first=batch_first, total_length=total)
    h_n, c_n = _split_state(state)
    padded_output, padded_state = module(x)
    padded_h_n, padded_c_n = _split_state(padded_state)
    return PackedRun(packed, output, h_n, c_n, tuple(length - 1 for length in lengths), padded_output,
                     padded_h_n, padded_c_n)


def packed_positions(packed: PackedSequence) -> list[tuple[int, int]]:
    """Where each row of `packed.data` comes from: row k is (sequence, step), read from torch's own layout
    (time-major; within a step, the sequences in `sorted_indices` order, longest first)."""
    order = packed.sorted_indices.tolist() if packed.sorted_indices is not None else None
    positions = []
    for step, size in enumerate(packed.batch_sizes.tolist()):
        for rank in range(size):
            positions.append((order[rank] if order is not None else rank, step))
    return positions


def gather_last(output: torch.Tensor, last_steps: tuple[int, ...], batch_first: bool) -> torch.Tensor:
    """The mask-and-gather idiom: each sequence's output at its own last real step, `(batch, D*H)`, with
    `output.gather` along the time dimension."""
    time_dim = 1 if batch_first else 0
    batch, width = output.shape[1 - time_dim], output.shape[2]
    index = torch.as_tensor(last_steps).view(*((batch, 1) if batch_first else (1, batch)), 1)
    return output.gather(time_dim, index.expand(*((batch, 1) if batch_first else (1, batch)), width)).squeeze(time_dim)


def at_step(output: torch.Tensor, step: int, batch_first: bool) -> torch.Tensor:
    """`output` at one time step, `(batch, D*H)`."""
    return output[:, step] if batch_first else output[step]


def _difference(left: torch.Tensor, right: torch.Tensor) -> float:
    return float((left - right).abs().max())


def _time_index(batch_first: bool, step: str, features: str) -> str:
    """`[-1, :, :3]` time-first, `[:, -1, :3]` batch-first; `[-1]` / `[:, -1]` when `features` is every feature."""
    if features == ":":
        return f"[:, {step}]" if batch_first else f"[{step}]"
    return f"[:, {step}, {features}]" if batch_first else f"[{step}, :, {features}]"


def padding_mask(lengths: tuple[int, ...], steps: int, batch_first: bool) -> torch.Tensor:
    """True on padding: `(T, batch)`, or `(batch, T)` when batch_first."""
    mask = torch.arange(steps).unsqueeze(1) >= torch.as_tensor(lengths).unsqueeze(0)
    return mask.T if batch_first else mask


def last_state_claims(run: PackedRun, num_directions: int, batch_first: bool) -> list[Identity]:
    """What is and is not the last state, each measured on this run as max |left - right| (0 when it holds).

    The packed run's top-layer rows of `h_n` against its outputs; its zeros after each length; the padded run's
    `h_n`, its `output[-1]`, and the gather idiom. Row -1 is the top layer's forward direction for D = 1; for D = 2,
    row -2 is its forward and row -1 its backward direction (whose last step is step 0)."""
    D, H = num_directions, run.h_n.shape[2]
    forward_row = -1 if D == 1 else -2
    half = f":{H}" if D == 2 else ":"
    lengths = tuple(step + 1 for step in run.last_steps)
    steps = run.output.shape[1 if batch_first else 0]
    gathered = gather_last(run.output, run.last_steps, batch_first)[:, :H]
    padded_gathered = gather_last(run.padded_output, run.last_steps, batch_first)[:, :H]
    padding = padding_mask(lengths, steps, batch_first)
    claims = [
        Identity(f"h_n[{forward_row}] == gather(output, lengths - 1){'[:, :' + str(H) + ']' if D == 2 else ''}",
                 "seq.claim_packed_forward", _difference(run.h_n[forward_row], gathered)),
    ]
    if D == 2:
        claims.append(Identity(f"h_n[-1] == output{_time_index(batch_first, '0', f'{H}:')}",
                               "seq.claim_packed_backward", _difference(run.h_n[-1], at_step(run.output, 0,
                                                                                             batch_first)[:, H:])))
    claims += [
        Identity("output[padding] == 0", "seq.claim_zeros", float(run.output[padding].abs().max())
                 if padding.any() else 0.0),
        Identity(f"output{_time_index(batch_first, '-1', half)} == h_n[{forward_row}]", "seq.claim_output_last",
                 _difference(at_step(run.output, -1, batch_first)[:, :H], run.h_n[forward_row])),
        Identity(f"padded_h_n[{forward_row}] == h_n[{forward_row}]", "seq.claim_padded_h_n",
                 _difference(run.padded_h_n[forward_row], run.h_n[forward_row])),
        Identity(f"gather(padded_output, lengths - 1){'[:, :' + str(H) + ']' if D == 2 else ''} == h_n[{forward_row}]",
                 "seq.claim_gather" if D == 1 or run.h_n.shape[0] == D else "seq.claim_gather_deep",
                 _difference(padded_gathered, run.h_n[forward_row])),
    ]
    if D == 2:
        claims.append(Identity(f"padded_output{_time_index(batch_first, '0', f'{H}:')} == h_n[-1]",
                               "seq.claim_padded_backward",
                               _difference(at_step(run.padded_output, 0, batch_first)[:, H:], run.h_n[-1])))
    return claims


def sequence_differences(run: PackedRun, num_directions: int) -> list[dict[str, float]]:
    """Per sequence, how far the padded run's final states are from the packed run's: max over h_n's rows of one
    direction ("forward", and "backward" for D = 2), and over c_n's for LSTM ("c_n")."""
    D = num_directions
    rows = []
    for b in range(run.h_n.shape[1]):
        row = {"forward": _difference(run.padded_h_n[0::D, b], run.h_n[0::D, b])}
        if D == 2:
            row["backward"] = _difference(run.padded_h_n[1::D, b], run.h_n[1::D, b])
        if run.c_n is not None:
            row["c_n"] = _difference(run.padded_c_n[:, b], run.c_n[:, b])
        rows.append(row)
    return rows


@dataclass(frozen=True)
class StreamSettings:
    """One long sequence of `length` steps, read `window` steps at a time."""

    length: int = bounded(2, 500, default=24)
    window: int = bounded(1, 500, default=6)

    def __post_init__(self):
        if self.window > self.length:
            raise RnnvizError("window_over_length", window=self.window, length=self.length)

    @property
    def boundaries(self) -> tuple[int, ...]:
        """The steps where a new window starts (0 excluded)."""
        return tuple(range(self.window, self.length, self.window))


@dataclass(frozen=True)
class WindowedReading:
    """What `read_in_windows` measured. `carried_vs_full` / `reset_vs_full`: max |windowed output - one run over
    the whole sequence| with the state carried from window to window, and with it reset to zeros. `detached_grad` /
    `kept_grad`: per step t, the norm of d(loss)/d(x_t) over the input features, `(length,)`, with `detach()` at
    every boundary and without; the loss is the sum of the last step's output. `second_backward`: torch's message
    when each window's loss is backpropagated in turn without `detach()` ("" if torch raised nothing)."""

    settings: StreamSettings
    carried_vs_full: float
    reset_vs_full: float
    detached_grad: torch.Tensor
    kept_grad: torch.Tensor
    second_backward: str


def stream_input(settings: StreamSettings, input_size: int, seed: int = 0, batch_first: bool = False) -> torch.Tensor:
    """The long sequence: standard normal, `(length, 1, input_size)`, or `(1, length, input_size)` when batch_first."""
    values = torch.randn(settings.length, 1, input_size, generator=generator(seed))
    return values.transpose(0, 1).contiguous() if batch_first else values


def _windows(x: torch.Tensor, settings: StreamSettings, batch_first: bool) -> list[torch.Tensor]:
    return list(x.split(settings.window, dim=1 if batch_first else 0))


def _detach(state):
    return tuple(part.detach() for part in state) if isinstance(state, tuple) else state.detach()


def _windowed_output(module, x, settings: StreamSettings, carry: bool, detach: bool) -> torch.Tensor:
    """The outputs of every window joined along time; the state carried (detached or not) or reset each window."""
    outputs, state = [], None
    for piece in _windows(x, settings, module.batch_first):
        output, new_state = module(piece, state)
        outputs.append(output)
        state = (_detach(new_state) if detach else new_state) if carry else None
    return torch.cat(outputs, dim=1 if module.batch_first else 0)


def _input_gradient(module, x, settings: StreamSettings, detach: bool) -> torch.Tensor:
    leaf = x.clone().requires_grad_(True)
    output = _windowed_output(module, leaf, settings, carry=True, detach=detach)
    at_step(output, -1, module.batch_first).sum().backward()
    per_step = leaf.grad.squeeze(0 if module.batch_first else 1)  # (length, input_size)
    return per_step.norm(dim=1).detach()


def _second_backward_message(module, x, settings: StreamSettings) -> str:
    """Backpropagate each window's loss in turn, carrying the state without detach(), as a training loop would."""
    state = None
    try:
        for piece in _windows(x, settings, module.batch_first):
            output, state = module(piece, state)
            output.sum().backward()
    except RuntimeError as refused:
        return str(refused).split("\n")[0]
    finally:
        module.zero_grad(set_to_none=True)
    return ""


def read_in_windows(module: torch.nn.Module, x: torch.Tensor, settings: StreamSettings) -> WindowedReading:
    """Read the long sequence `x` (from `stream_input`) in windows, and measure what carrying and detaching the
    state do: to the outputs (against one run over the whole sequence) and to the input gradients."""
    with torch.no_grad():
        full, _ = module(x)
        carried = _windowed_output(module, x, settings, carry=True, detach=True)
        reset = _windowed_output(module, x, settings, carry=False, detach=False)
    reading = WindowedReading(
        settings,
        carried_vs_full=float((carried - full).abs().max()),
        reset_vs_full=float((reset - full).abs().max()),
        detached_grad=_input_gradient(module, x, settings, detach=True),
        kept_grad=_input_gradient(module, x, settings, detach=False),
        second_backward=_second_backward_message(module, x, settings),
    )
    module.zero_grad(set_to_none=True)
    return reading

