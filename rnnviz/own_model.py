"""Your own trained layer: every `nn.RNN` / `nn.LSTM` / `nn.GRU` inside a saved state_dict, found by its keys, its
settings read from the tensors' shapes, rebuilt as torch's own module with those weights.

A file is read as tensors only: `torch.load(..., weights_only=True)` (torch's restricted unpickler: tensors and
plain containers; any other object, a pickled whole module among them, is refused before anything of it runs) or
`safetensors` (no pickle at all). Keys may sit under any prefix (`encoder.lstm.weight_ih_l0`) beside a whole
model's other tensors, and a checkpoint may nest its state_dict (`{"model": {...}, "epoch": 3}`).

What the weights cannot say is assumed at torch's default and listed in `FoundLayer.assumed`: a plain RNN's
nonlinearity (tanh and relu have the same tensors), `batch_first` and `dropout` (they change no tensor).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rnnviz.errors import RnnvizError
from rnnviz.limits import MAX_OWN_MODEL_BYTES, MIB
from rnnviz.spec import LayerSpec

# `<prefix>weight_ih_l0`, `<prefix>bias_hh_l1_reverse`, `<prefix>weight_hr_l0` (an LSTM's projection).
LAYER_KEY = re.compile(r"^(?P<prefix>(?:.+\.)?)(?P<name>weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)"
                       r"_l(?P<layer>\d+)(?P<reverse>_reverse)?$")
GATES_TO_CELL = {1: "RNN", 3: "GRU", 4: "LSTM"}  # rows of weight_hh per hidden unit
ASSUMED_RNN = ("nonlinearity", "batch_first", "dropout")
ASSUMED = ("batch_first", "dropout")
SAFETENSORS_SUFFIX = ".safetensors"
KEYS_SHOWN = 8  # how many of a file's keys a message names


@dataclass(frozen=True)
class FoundLayer:
    """One recurrent layer found in a file: the key prefix it sits under ("" at the top), its settings, torch's
    module holding its weights (eval mode, float32), and the settings taken at their default (`ASSUMED`)."""

    prefix: str
    spec: LayerSpec
    module: Any
    assumed: tuple[str, ...]


def read_layers(source: str | Path | IO[bytes], name: str = "") -> list[FoundLayer]:
    """Every RNN / LSTM / GRU in a state_dict file (a path, or an open binary file such as an upload; `name` is
    its file name when `source` has none), in the file's key order (a torch state_dict's is the model's order of
    modules; safetensors sorts its keys). Raises RnnvizError naming what is wrong: a file over
    MAX_OWN_MODEL_BYTES, one holding objects other than tensors, one neither torch nor safetensors can read, no
    layer's keys, or keys whose shapes fit no layer."""
    data, name = _read_bytes(source, name)
    tensors = _tensors(data, name)
    groups: dict[str, dict[str, Any]] = {}
    for key, tensor in tensors.items():
        match = LAYER_KEY.match(key)
        if match:
            groups.setdefault(match["prefix"], {})[key[len(match["prefix"]):]] = tensor
    if not groups:
        shown = ", ".join(list(tensors)[:KEYS_SHOWN]) + (", ..." if len(tensors) > KEYS_SHOWN else "")
        raise RnnvizError("own_model_no_layer", keys=shown or "none")
    return [_layer(prefix, weights) for prefix, weights in groups.items()]


def _read_bytes(source: str | Path | IO[bytes], name: str) -> tuple[bytes, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        size = path.stat().st_size
        if size > MAX_OWN_MODEL_BYTES:
            raise RnnvizError("own_model_size", size=f"{size / MIB:.1f}", limit=f"{MAX_OWN_MODEL_BYTES / MIB:.0f}")
        return path.read_bytes(), name or path.name
    data = source.read(MAX_OWN_MODEL_BYTES + 1)  # never more than one byte past the limit
    if len(data) > MAX_OWN_MODEL_BYTES:
        raise RnnvizError("own_model_size", size=f"> {MAX_OWN_MODEL_BYTES / MIB:.0f}",
                          limit=f"{MAX_OWN_MODEL_BYTES / MIB:.0f}")
    return data, name or getattr(source, "name", "")


def _tensors(data: bytes, name: str) -> dict[str, Any]:
    """key -> tensor of the file, nested dicts flattened with "." (what is not a tensor is left out)."""
    import torch

    if name.endswith(SAFETENSORS_SUFFIX) or _looks_like_safetensors(data):
        from safetensors import SafetensorError
        from safetensors.torch import load

        try:
            return load(data)
        except (SafetensorError, ValueError) as error:
            raise RnnvizError("own_model_unreadable", detail=str(error)[:200]) from None
    _check_expanded_size(data)
    try:
        loaded = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as error:  # noqa: BLE001 - torch raises many kinds; each gets the message below
        text = str(error)
        # torch's restricted unpickler names the object it refused: "Unsupported global: GLOBAL builtins.exec".
        found = re.search(r"GLOBAL ([\w.]+)", text)
        if found:
            raise RnnvizError("own_model_pickle", detail=found[1]) from None
        # torch's own first line is advice to load without weights_only, which the app never does: name the cause.
        cause = text.split("WeightsUnpickler error:", 1)[-1].strip() if text else type(error).__name__
        raise RnnvizError("own_model_unreadable", detail=cause.splitlines()[0][:200]) from None
    return dict(_flattened(loaded, ""))


def _check_expanded_size(data: bytes) -> None:
    """A torch file is a zip, and torch reads deflated entries too: 9 KB of deflated zeros loads as 8 MB of tensor
    (measured), so a file within the limit could expand past the server's memory. The entries' sizes as stored
    in the zip's directory are counted against the same limit before anything is read."""
    if not data.startswith(b"PK"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        return  # torch's own reader says what is wrong with it
    if expanded > MAX_OWN_MODEL_BYTES:
        raise RnnvizError("own_model_size", size=f"{expanded / MIB:.1f}", limit=f"{MAX_OWN_MODEL_BYTES / MIB:.0f}")


def _looks_like_safetensors(data: bytes) -> bool:
    """A safetensors file: an 8-byte little-endian header length, then the header, a JSON object."""
    return len(data) > 8 and data[8:9] == b"{" and int.from_bytes(data[:8], "little") < len(data)


def _flattened(value: Any, prefix: str):
    import torch

    if isinstance(value, torch.Tensor):
        yield prefix.rstrip("."), value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _flattened(item, f"{prefix}{key}.")


def _layer(prefix: str, weights: dict[str, Any]) -> FoundLayer:
    """The layer whose tensors are `weights` (keys without `prefix`)."""
    def fail(detail: str) -> RnnvizError:
        return RnnvizError("own_model_layer", prefix=prefix or "(top level)", detail=detail)

    layers = 1 + max(int(LAYER_KEY.match(key)["layer"]) for key in weights)
    bidirectional = any(key.endswith("_reverse") for key in weights)
    for layer in range(layers):
        for direction in ("", "_reverse") if bidirectional else ("",):
            for needed in ("weight_ih", "weight_hh"):
                if f"{needed}_l{layer}{direction}" not in weights:
                    raise fail(f"{needed}_l{layer}{direction} is missing")
    w_hh, w_ih = weights["weight_hh_l0"], weights["weight_ih_l0"]
    if w_hh.dim() != 2 or w_ih.dim() != 2:
        raise fail(f"weight_hh_l0 is {tuple(w_hh.shape)} and weight_ih_l0 {tuple(w_ih.shape)}: both must be matrices")
    projection = weights.get("weight_hr_l0")
    if projection is not None and projection.dim() != 2:
        raise fail(f"weight_hr_l0 is {tuple(projection.shape)}: it must be a matrix")
    hidden = projection.shape[1] if projection is not None else w_hh.shape[1]
    gates, rest = divmod(w_hh.shape[0], hidden) if hidden else (0, 1)
    cell = GATES_TO_CELL.get(gates) if not rest else None
    if cell is None or (projection is not None and cell != "LSTM"):
        raise fail(f"weight_hh_l0 is {tuple(w_hh.shape)}: its rows are not 1, 3 or 4 times {hidden} (hidden_size)"
                   + (" with a projection, which only an LSTM has" if projection is not None and cell else ""))
    spec = LayerSpec(cell, int(w_ih.shape[1]), int(hidden), num_layers=layers, bias="bias_ih_l0" in weights,
                     bidirectional=bidirectional, proj_size=int(projection.shape[0]) if projection is not None else 0)
    module = spec.build()
    try:
        module.load_state_dict({key: tensor.float() for key, tensor in weights.items()}, strict=True)
    except RuntimeError as error:
        raise fail(str(error).split("\n\t", 1)[-1].replace("\n\t", "; ")[:300]) from None
    return FoundLayer(prefix, spec, module.eval(), ASSUMED_RNN if cell == "RNN" else ASSUMED)
