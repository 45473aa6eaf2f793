"""A layer with the user's own weights, as every layer page takes it: an `OwnLayerSpec` is a `LayerSpec` whose
`build()` returns torch's module holding the weights of a file the user uploaded (rnnviz.own_model found them),
so the Layer builder, Hidden states, Shapes and Sequences pages run on those weights with no change of their own.

The weights are kept once per server, named by a digest of their bytes, least recently used first out within
OWN_LAYERS_KEPT_BYTES (a class uploading files cannot fill the memory); a spec holds only the digest, so caches
keyed by the spec tell two files apart. A spec whose weights were let go raises `own_layer_gone` when built.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass, fields
from pathlib import PurePath
from typing import TYPE_CHECKING

from rnnviz.bounds import bounds_of
from rnnviz.errors import RnnvizError
from rnnviz.limits import OWN_LAYERS_KEPT_BYTES
from rnnviz.spec import LayerSpec

if TYPE_CHECKING:
    import torch

    from rnnviz.own_model import FoundLayer

# The settings a file's tensors fix (rnnviz.own_model reads them from the shapes); the others are free.
SHAPE_SETTINGS = ("cell", "input_size", "hidden_size", "num_layers", "bias", "bidirectional", "proj_size")
BOUNDED_SETTINGS = ("input_size", "hidden_size", "num_layers", "proj_size")

_kept: OrderedDict[str, dict[str, torch.Tensor]] = OrderedDict()
_kept_lock = threading.Lock()


@dataclass(frozen=True)
class OwnLayerSpec(LayerSpec):
    """A LayerSpec whose weights are the uploaded file's: `weights` is their digest (see `keep_layer`), `source`
    the file's name and `prefix` the layer's key prefix in it ("encoder.lstm.", or "" at the top)."""

    weights: str = ""
    source: str = ""
    prefix: str = ""

    def to_dict(self) -> dict:
        """The constructor's settings only (as LayerSpec's), in constructor order."""
        return {field.name: getattr(self, field.name) for field in fields(LayerSpec)}

    def plain(self) -> LayerSpec:
        """The same settings with torch's seeded initialisation."""
        return LayerSpec(**self.to_dict())

    def build(self, seed: int = 0) -> torch.nn.Module:
        """torch's module with these settings holding the file's weights, in eval mode (`seed` seeds nothing here:
        it is kept for the random input). Raises RnnvizError "own_layer_gone" when the server let them go."""
        module = self.plain().build(seed)
        state = kept_weights(self.weights)
        if state is None:
            raise RnnvizError("own_layer_gone", name=self.source)
        try:
            module.load_state_dict(state, strict=True)
        except RuntimeError as error:  # a page changed a shape setting (replace(spec, input_size=...))
            detail = str(error).split("\n\t", 1)[-1].replace("\n\t", "; ")[:300]
            raise RnnvizError("own_layer_mismatch", layer=self.constructor_code(), detail=detail) from None
        return module.eval()

    def weights_file_name(self) -> str:
        """The name the layer's own weights download under, e.g. `model_encoder.lstm.pt`."""
        stem = PurePath(self.source).stem or "layer"
        return f"{stem}_{self.prefix.rstrip('.')}.pt" if self.prefix else f"{stem}_layer.pt"

    def code(self, seq_len: int = 5, batch: int = 3, seed: int = 0) -> str:
        """LayerSpec's snippet with the weights loaded from the file `weights_file_bytes` makes (right after the
        constructor, so the seeded input is drawn as before)."""
        lines = super().code(seq_len, batch, seed).splitlines()
        at = next(index for index, line in enumerate(lines) if line.startswith("rnn = "))
        lines.insert(at + 1, f'rnn.load_state_dict(torch.load("{self.weights_file_name()}", weights_only=True))')
        return "\n".join(lines) + "\n"


def _digest(state: dict[str, torch.Tensor]) -> str:
    digest = hashlib.sha256()
    for key, tensor in state.items():
        digest.update(f"{key}:{tensor.dtype}:{tuple(tensor.shape)};".encode())
        digest.update(tensor.numpy().tobytes())
    return digest.hexdigest()


def _bytes_of(state: dict[str, torch.Tensor]) -> int:
    return sum(tensor.numel() * tensor.element_size() for tensor in state.values())


def keep_layer(found: FoundLayer, source: str) -> OwnLayerSpec:
    """Keep `found`'s weights on the server and return the spec that builds them. Raises RnnvizError
    "own_layer_bounds" when a setting is beyond what the app's controls go to (LayerSpec's bounds)."""
    for name in BOUNDED_SETTINGS:
        value, bounds = getattr(found.spec, name), bounds_of(LayerSpec, name)
        if not bounds.low <= value <= bounds.high:
            raise RnnvizError("own_layer_bounds", name=name, value=value, high=bounds.high)
    state = {key: tensor.detach().clone().contiguous() for key, tensor in found.module.state_dict().items()}
    digest = _digest(state)
    with _kept_lock:
        _kept[digest] = state
        _kept.move_to_end(digest)
        while len(_kept) > 1 and sum(_bytes_of(kept) for kept in _kept.values()) > OWN_LAYERS_KEPT_BYTES:
            _kept.popitem(last=False)
    return OwnLayerSpec(**found.spec.to_dict(), weights=digest, source=source, prefix=found.prefix)


def kept_weights(digest: str) -> dict[str, torch.Tensor] | None:
    """The state_dict kept under `digest` (most recently used from now on), or None if it was let go."""
    with _kept_lock:
        state = _kept.get(digest)
        if state is not None:
            _kept.move_to_end(digest)
        return state


def weights_file_bytes(spec: OwnLayerSpec) -> bytes:
    """The layer's weights alone (keys without the file's prefix), as `torch.save` writes them: the file the
    snippet of `spec.code()` loads with `weights_only=True`."""
    import torch

    buffer = io.BytesIO()
    torch.save(spec.build().state_dict(), buffer)
    return buffer.getvalue()
