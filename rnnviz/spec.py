"""LayerSpec: one recurrent layer's settings, and everything that follows from them without running it.

A LayerSpec mirrors the constructor of `torch.nn.RNN` / `nn.LSTM` / `nn.GRU` argument for argument. From it we
derive the torch module itself (`build`), the shapes torch will return (`shapes`, `shape_dims`), the parameter
table with a formula per tensor (`parameter_table`), and a runnable code snippet (`code`).

Notation used in shapes and formulas, as in torch's docs:
    D      = 2 if bidirectional else 1
    H_out  = proj_size if proj_size > 0 else hidden_size
    gates  = 1 for RNN, 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING

import pandas as pd

from rnnviz.bounds import bounded
from rnnviz.cells import CELLS, NONLINEARITIES, weight_blocks
from rnnviz.errors import RnnvizError

# The app's controls go this far (bounds on the fields below); LayerSpec itself accepts any size torch does.
MAX_HIDDEN = 2048
MAX_LAYERS = 8

if TYPE_CHECKING:  # torch is imported lazily: the Home page and `import rnnviz` should not pay for it.
    import torch



# Settings that only one cell takes: the cell, and the value every other cell has (the constructor's default).
CELL_ONLY = {"nonlinearity": ("RNN", "tanh"), "proj_size": ("LSTM", 0)}


@dataclass(frozen=True)
class LayerSpec:
    """The settings of one `nn.RNN`, `nn.LSTM` or `nn.GRU`, validated like torch validates them (and a little
    stricter: an invalid combination raises `ValueError` naming the field instead of being silently ignored).
    The `bounded` ranges are how far the app's controls go, not a limit of the class."""

    cell: str
    input_size: int = bounded(1, 1024)
    hidden_size: int = bounded(1, MAX_HIDDEN)
    num_layers: int = bounded(1, MAX_LAYERS, default=1)
    nonlinearity: str = "tanh"
    bias: bool = True
    batch_first: bool = False
    dropout: float = bounded(0.0, 0.9, 0.05, default=0.0)
    bidirectional: bool = False
    proj_size: int = bounded(0, MAX_HIDDEN - 1, default=0)

    def for_cell(self, cell: str) -> LayerSpec:
        """The same layer with `cell`, and every setting `cell` does not take back at its default (`CELL_ONLY`):
        `LayerSpec("RNN", 4, 8, nonlinearity="relu").for_cell("GRU")` is `LayerSpec("GRU", 4, 8)`."""
        reset = {name: default for name, (only, default) in CELL_ONLY.items() if only != cell}
        return replace(self, cell=cell, **reset)

    def __post_init__(self) -> None:
        if self.cell not in CELLS:
            raise RnnvizError("spec_cell", choices=", ".join(CELLS), value=self.cell)
        for name in ("input_size", "hidden_size", "num_layers"):
            value = getattr(self, name)
            if not _is_int(value) or value < 1:
                raise RnnvizError("spec_whole", name=name, low=1, value=value)
        if not _is_int(self.proj_size) or self.proj_size < 0:
            raise RnnvizError("spec_whole", name="proj_size", low=0, value=self.proj_size)
        for name in ("bias", "batch_first", "bidirectional"):
            if not isinstance(getattr(self, name), bool):
                raise RnnvizError("spec_bool", name=name, value=getattr(self, name))
        if self.nonlinearity not in NONLINEARITIES:
            raise RnnvizError("spec_nonlinearity", value=self.nonlinearity)
        if self.cell != "RNN" and self.nonlinearity != "tanh":
            raise RnnvizError("spec_nonlinearity_rnn_only", cell=self.cell, value=self.nonlinearity)
        if isinstance(self.dropout, bool) or not isinstance(self.dropout, (int, float)) or not 0 <= self.dropout < 1:
            raise RnnvizError("spec_dropout", value=self.dropout)
        if self.proj_size and self.cell != "LSTM":
            raise RnnvizError("spec_proj_lstm_only", cell=self.cell, proj_size=self.proj_size)
        if self.proj_size >= self.hidden_size and self.proj_size:
            raise RnnvizError("spec_proj_too_large", proj_size=self.proj_size, hidden_size=self.hidden_size)

    # ---- derived sizes ------------------------------------------------------------------------------------
    @property
    def num_directions(self) -> int:
        """D in torch's docs: 2 if bidirectional else 1."""
        return 2 if self.bidirectional else 1

    @property
    def output_size(self) -> int:
        """H_out: the size of each hidden state h_t (proj_size if set, else hidden_size)."""
        return self.proj_size or self.hidden_size

    def at_step(self, tensor: str, step: str) -> str:
        """How to index one time step of `tensor` (input or output) in this layer's layout, as code:
        at_step("output", "-1") is "output[:, -1]" with batch_first (batch, seq_len, ...), else "output[-1]"."""
        return f"{tensor}[:, {step}]" if self.batch_first else f"{tensor}[{step}]"

    @property
    def gate_count(self) -> int:
        """How many gate blocks are stacked in each weight matrix: RNN 1, LSTM 4, GRU 3."""
        return weight_blocks(self.cell)

    def layer_input_size(self, layer: int) -> int:
        """The feature size layer `layer` reads: input_size for layer 0, D*H_out for the layers above."""
        return self.input_size if layer == 0 else self.num_directions * self.output_size

    def to_dict(self) -> dict:
        """The settings as plain values, in constructor order."""
        return asdict(self)

    # ---- torch ----------------------------------------------------------------------------------------------
    def torch_kwargs(self) -> dict:
        """Keyword arguments for the torch constructor; arguments the cell does not take are left out."""
        kwargs = self.to_dict()
        del kwargs["cell"]
        if self.cell != "RNN":
            del kwargs["nonlinearity"]
        if self.cell != "LSTM":
            del kwargs["proj_size"]
        return kwargs

    def build(self, seed: int = 0) -> "torch.nn.Module":
        """The real `nn.RNN` / `nn.LSTM` / `nn.GRU` with exactly these settings, in eval mode.

        Weights are drawn right after `torch.manual_seed(seed)`, exactly as `code()` does, so the snippet on
        screen builds the same numbers, however many sessions build at once (`rnnviz.seeding.seeded`). The
        caller's global random state is left as it was.
        """
        import torch

        from rnnviz.seeding import seeded

        with seeded(seed):
            module = getattr(torch.nn, self.cell)(**self.torch_kwargs())
        return module.eval()

    # ---- shapes -------------------------------------------------------------------------------------------------
    def shape_dims(self, seq_len: int, batch: int) -> dict[str, list[tuple[str, int]]]:
        """Every tensor's shape with each dimension named, for a batched input.

        Keys "input", "output", "h_n" and for LSTM "c_n"; e.g. "output" -> [("seq_len", 100), ("batch", 30),
        ("D*hidden", 400)]; `batch_first` swaps the first two dimensions of input and output (never of h_n/c_n).
        """
        for name, value in (("seq_len", seq_len), ("batch", batch)):
            if not _is_int(value) or value < 1:
                raise RnnvizError("spec_whole", name=name, low=1, value=value)
        out_name = "proj_size" if self.proj_size else "hidden"
        d_prefix = "D*" if self.bidirectional else ""
        leading = [("seq_len", seq_len), ("batch", batch)]
        if self.batch_first:
            leading.reverse()
        dims = {
            "input": leading + [("input_size", self.input_size)],
            "output": leading + [(f"{d_prefix}{out_name}", self.num_directions * self.output_size)],
            "h_n": [
                (f"{d_prefix}num_layers", self.num_directions * self.num_layers),
                ("batch", batch),
                (out_name, self.output_size),
            ],
        }
        if self.cell == "LSTM":
            dims["c_n"] = [
                (f"{d_prefix}num_layers", self.num_directions * self.num_layers),
                ("batch", batch),
                ("hidden", self.hidden_size),
            ]
        return dims

    def shapes(self, seq_len: int, batch: int) -> dict[str, tuple[int, ...]]:
        """The shapes torch returns for a batched input `(seq_len, batch, input_size)` (batch first if set).

        input  (seq_len, batch, input_size)
        output (seq_len, batch, D*H_out)
        h_n    (D*num_layers, batch, H_out)
        c_n    (D*num_layers, batch, hidden_size)   LSTM only
        """
        return {name: tuple(size for _, size in dims) for name, dims in self.shape_dims(seq_len, batch).items()}

    # ---- parameters ---------------------------------------------------------------------------------------------
    def parameter_table(self) -> pd.DataFrame:
        """One row per torch parameter tensor, in `module.named_parameters()` order.

        Columns: "name" (`weight_ih_l0`, `weight_hh_l1_reverse`, `weight_hr_l0`, ...), "layer", "direction"
        ("forward"/"backward"), "shape" (tuple), "count" (int) and "formula" (how the shape follows from the
        settings, e.g. "4·hidden × input = 4·200 × 6").
        """
        gates = self.gate_count
        gate_prefix = f"{gates}·" if gates > 1 else ""
        hidden, proj = self.hidden_size, self.proj_size
        recurrent_name, recurrent_size = ("proj", proj) if proj else ("hidden", hidden)
        rows = []
        for layer in range(self.num_layers):
            if layer == 0:
                in_name, in_value = "input", f"{self.input_size}"
            else:
                in_name = f"{'D·' if self.bidirectional else ''}{recurrent_name}"
                in_value = f"{'2·' if self.bidirectional else ''}{recurrent_size}"
            for direction in range(self.num_directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                tensors = [
                    ("weight_ih", (gates * hidden, self.layer_input_size(layer)),
                     f"{gate_prefix}hidden × {in_name} = {gate_prefix}{hidden} × {in_value}"),
                    ("weight_hh", (gates * hidden, recurrent_size),
                     f"{gate_prefix}hidden × {recurrent_name} = {gate_prefix}{hidden} × {recurrent_size}"),
                ]
                if self.bias:
                    tensors += [
                        ("bias_ih", (gates * hidden,), f"{gate_prefix}hidden = {gate_prefix}{hidden}"),
                        ("bias_hh", (gates * hidden,), f"{gate_prefix}hidden = {gate_prefix}{hidden}"),
                    ]
                if proj:
                    tensors.append(("weight_hr", (proj, hidden), f"proj × hidden = {proj} × {hidden}"))
                for stem, shape, formula in tensors:
                    count = 1
                    for size in shape:
                        count *= size
                    rows.append({
                        "name": stem + suffix,
                        "layer": layer,
                        "direction": "backward" if direction else "forward",
                        "shape": shape,
                        "count": count,
                        "formula": formula,
                    })
        return pd.DataFrame(rows, columns=["name", "layer", "direction", "shape", "count", "formula"])

    def layer_formula(self, layer: int) -> str:
        """The parameter count of one direction of `layer` as a formula in the settings' names, e.g. LSTM layer 0:
        "4·hidden·(input + hidden) + 8·hidden"."""
        gates = self.gate_count
        gate_prefix = f"{gates}·" if gates > 1 else ""
        recurrent_name = "proj" if self.proj_size else "hidden"
        in_name = "input" if layer == 0 else f"{'D·' if self.bidirectional else ''}{recurrent_name}"
        formula = f"{gate_prefix}hidden·({in_name} + {recurrent_name})"
        if self.bias:
            formula += f" + {2 * gates}·hidden"
        if self.proj_size:
            formula += " + proj·hidden"
        return formula

    def num_parameters(self) -> int:
        """Total learnable numbers; equals `sum(p.numel() for p in self.build().parameters())`. A closed form of
        `layer_formula` summed over layers and directions: no table is built, so any size costs the same."""
        blocks, hidden, recurrent = self.gate_count * self.hidden_size, self.hidden_size, self.output_size
        per_direction = 0
        for layer in (0, 1) if self.num_layers > 1 else (0,):
            count = blocks * (self.layer_input_size(layer) + recurrent)
            count += 2 * blocks if self.bias else 0
            count += self.proj_size * hidden
            per_direction += count * (1 if layer == 0 else self.num_layers - 1)  # layers 1.. are all alike
        return self.num_directions * per_direction

    # ---- code ------------------------------------------------------------------------------------------------------
    def constructor_code(self) -> str:
        """The constructor call as a lecture would write it, defaults left out: `nn.LSTM(6, 200, num_layers=3)`."""
        defaults = {f.name: f.default for f in fields(LayerSpec) if f.name not in ("cell", "input_size", "hidden_size")}
        args = [str(self.input_size), str(self.hidden_size)]
        for name, value in self.torch_kwargs().items():
            if name in defaults and value != defaults[name]:
                args.append(f"{name}={value!r}")
        return f"nn.{self.cell}({', '.join(args)})"

    def code(self, seq_len: int = 5, batch: int = 3, seed: int = 0) -> str:
        """A runnable snippet that builds this layer (same weights as `build(seed)`), runs it on a random batched
        input and prints each returned tensor's shape."""
        input_shape = self.shapes(seq_len, batch)["input"]
        layout = "(batch, seq_len, input_size)" if self.batch_first else "(seq_len, batch, input_size)"
        returned = "output, (h_n, c_n)" if self.cell == "LSTM" else "output, h_n"
        dims = self.shape_dims(seq_len, batch)
        lines = [
            "import torch",
            "import torch.nn as nn",
            "",
            f"torch.manual_seed({seed})",
            f"rnn = {self.constructor_code()}",
            f"x = torch.randn{input_shape}  # {layout}",
            f"{returned} = rnn(x)",
        ]
        for name in [n for n in ("output", "h_n", "c_n") if n in dims]:
            named = ", ".join(dim_name for dim_name, _ in dims[name])
            lines.append(f"print({name}.shape)  # ({named})")
        return "\n".join(lines) + "\n"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def describe_dims(dims: list[tuple[str, int]]) -> str:
    """Named dimensions as one line: [("seq_len", 100), ("batch", 30)] -> "seq_len=100 · batch=30"."""
    return " · ".join(f"{name}={size}" for name, size in dims)


def h_n_rows(spec: LayerSpec) -> list[tuple[int, int, int]]:
    """(row, layer, direction) for every row of h_n (and c_n): row = D*layer + direction, direction 1 backward.

    torch stacks the final states layer by layer, and within a layer forward then backward, which is why
    `h_n.view(num_layers, D, batch, H_out)[layer, direction]` picks one out.
    """
    d = spec.num_directions
    return [(d * layer + direction, layer, direction) for layer in range(spec.num_layers) for direction in range(d)]
