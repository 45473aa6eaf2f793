"""A traced example ready to display: one batch item's states and gates as float32 numpy arrays, the measured
difference from torch's module, and the cell's equation with one step's numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from rnnviz.inputs import ExampleInput
from rnnviz.spec import LayerSpec
from rnnviz.tracing import trace


@dataclass(frozen=True)
class DirectionRecording:
    """One layer and direction for one sequence, every array indexed by time step in input order.

    hidden, previous_hidden  (seq_len, H_out)     h_t and h_{t-1} as the cell saw it
    inputs                   (seq_len, features)  what this layer read at each step, named by input_names
    cell, previous_cell      (seq_len, hidden)    LSTM only, else None
    gates                    name -> (seq_len, hidden)
    input_term, recurrent_term (seq_len, hidden)  RNN only: W_ih x_t + b_ih and W_hh h_{t-1} + b_hh
    """

    hidden: np.ndarray
    previous_hidden: np.ndarray
    inputs: np.ndarray
    input_names: tuple[str, ...]
    cell: np.ndarray | None
    previous_cell: np.ndarray | None
    gates: dict[str, np.ndarray]
    input_term: np.ndarray | None
    recurrent_term: np.ndarray | None


@dataclass(frozen=True)
class Recording:
    """Every layer and direction of one traced sequence, and how far the trace is from torch's own run."""

    spec: LayerSpec
    example_kind: str
    batch_item: int
    step_labels: tuple[str, ...]
    feature_names: tuple[str, ...]
    directions: dict[tuple[int, int], DirectionRecording]
    max_abs_difference: float

    @property
    def seq_len(self) -> int:
        return len(self.step_labels)


def _numpy(tensor: torch.Tensor | None) -> np.ndarray | None:
    return None if tensor is None else tensor.detach().to(torch.float32).numpy().copy()


@torch.no_grad()
def record(spec: LayerSpec, example: ExampleInput, batch_item: int = 0, seed: int = 0) -> Recording:
    """Build `spec` (weights seeded by `seed`), trace it on sequence `batch_item` of `example`, and keep that
    sequence's states and gates. `spec.input_size` must equal `example.input_size`.

    `max_abs_difference` is max |trace - module| over output, h_n and (LSTM) c_n for this sequence.
    """
    return record_module(spec, spec.build(seed), example, batch_item)


@torch.no_grad()
def record_module(spec: LayerSpec, module: torch.nn.Module, example: ExampleInput, batch_item: int = 0) -> Recording:
    """`record` for a module already built from `spec` (a trained one, say)."""
    if spec.input_size != example.input_size:
        raise ValueError(f"the layer reads input_size={spec.input_size} features but the example has "
                         f"{example.input_size}")
    if not 0 <= batch_item < example.batch:
        raise ValueError(f"batch_item must be in 0..{example.batch - 1}, not {batch_item}")
    sequence = ExampleInput(example.kind, example.values[:, batch_item:batch_item + 1], example.feature_names,
                            example.step_labels)
    x = sequence.in_layout(spec.batch_first)
    recorded = trace(module, x)
    output, state = module(x)
    h_n, c_n = state if spec.cell == "LSTM" else (state, None)
    differences = [(recorded.output - output).abs().max(), (recorded.h_n - h_n).abs().max()]
    if c_n is not None:
        differences.append((recorded.c_n - c_n).abs().max())

    directions = {}
    for layer in range(spec.num_layers):
        for direction in range(spec.num_directions):
            inputs = recorded.layer_input(layer, direction)[:, 0]
            previous = recorded.previous_hidden(layer, direction)[:, 0]
            cell = previous_cell = input_term = recurrent_term = None
            if spec.cell == "LSTM":
                cell = recorded.cell(layer, direction)[:, 0]
                previous_cell = recorded.previous_cell(layer, direction)[:, 0]
            if spec.cell == "RNN":
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                input_term = inputs @ getattr(module, "weight_ih" + suffix).T
                recurrent_term = previous @ getattr(module, "weight_hh" + suffix).T
                if spec.bias:
                    input_term = input_term + getattr(module, "bias_ih" + suffix)
                    recurrent_term = recurrent_term + getattr(module, "bias_hh" + suffix)
            directions[(layer, direction)] = DirectionRecording(
                hidden=_numpy(recorded.hidden(layer, direction)[:, 0]),
                previous_hidden=_numpy(previous),
                inputs=_numpy(inputs),
                input_names=example.feature_names if layer == 0 else _layer_output_names(spec, layer - 1),
                cell=_numpy(cell),
                previous_cell=_numpy(previous_cell),
                gates={name: _numpy(value[:, 0]) for name, value in recorded.gates(layer, direction).items()},
                input_term=_numpy(input_term),
                recurrent_term=_numpy(recurrent_term),
            )
    return Recording(spec, example.kind, batch_item, example.step_labels, example.feature_names, directions,
                     float(max(differences)))


def _layer_output_names(spec: LayerSpec, layer: int) -> tuple[str, ...]:
    """Names of the features layer+1 reads: layer's forward units, then (bidirectional) its backward units."""
    arrows = ("→", "←") if spec.bidirectional else ("",)
    return tuple(f"h{layer}{arrow}[{unit}]" for arrow in arrows for unit in range(spec.output_size))


def step_equation(spec: LayerSpec, direction_recording: DirectionRecording, t: int, unit: int) -> str:
    """The cell's update for hidden unit `unit` at step `t`, with this step's numbers, as Plotly text (<br> for
    line breaks)."""
    r = direction_recording
    h = r.hidden[t]
    if spec.cell == "RNN":
        act = spec.nonlinearity
        a, b = r.input_term[t, unit], r.recurrent_term[t, unit]
        return (f"h<sub>t</sub>[{unit}] = {act}(W<sub>ih</sub>x<sub>t</sub> + b<sub>ih</sub> + "
                f"W<sub>hh</sub>h<sub>t-1</sub> + b<sub>hh</sub>)[{unit}]<br>"
                f"= {act}({a:+.3f} {b:+.3f})<br>= {act}({a + b:+.3f}) = <b>{h[unit]:+.3f}</b>")
    g = r.gates
    if spec.cell == "GRU":
        z, n, h_prev = g["z"][t, unit], g["n"][t, unit], r.previous_hidden[t, unit]
        return (f"r = {g['r'][t, unit]:.3f}   z = {z:.3f}   n = {n:+.3f}<br>"
                f"h<sub>t</sub>[{unit}] = (1 - z)·n + z·h<sub>t-1</sub><br>"
                f"= {1 - z:.3f}·({n:+.3f}) + {z:.3f}·({h_prev:+.3f}) = <b>{h[unit]:+.3f}</b>")
    i, f, gg, o = (g[name][t, unit] for name in "ifgo")
    c, c_prev = r.cell[t, unit], r.previous_cell[t, unit]
    text = (f"i = {i:.3f}   f = {f:.3f}   g = {gg:+.3f}   o = {o:.3f}<br>"
            f"c<sub>t</sub>[{unit}] = f·c<sub>t-1</sub> + i·g = {f:.3f}·({c_prev:+.3f}) + {i:.3f}·({gg:+.3f})"
            f" = <b>{c:+.3f}</b><br>")
    if spec.proj_size:
        return text + (f"o·tanh(c<sub>t</sub>)[{unit}] = {o * np.tanh(c):+.3f}; "
                       f"h<sub>t</sub> = W<sub>hr</sub>(o·tanh(c<sub>t</sub>)) mixes units (proj_size)")
    return text + f"h<sub>t</sub>[{unit}] = o·tanh(c<sub>t</sub>) = {o:.3f}·tanh({c:+.3f}) = <b>{h[unit]:+.3f}</b>"
