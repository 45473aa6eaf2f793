"""The classic lecture examples, each a layer plus the input it is run on."""

from __future__ import annotations

from dataclasses import dataclass

from rnnviz.bounds import bounded
from rnnviz.spec import LayerSpec


@dataclass(frozen=True)
class Preset:
    """A named lecture example: `spec` run on a batched input of `seq_len` steps and `batch` sequences."""

    key: str
    spec: LayerSpec
    seq_len: int = bounded(1, 2000)
    batch: int = bounded(1, 512)

    def settings(self) -> dict:
        """The preset as control values: every LayerSpec field plus seq_len and batch."""
        return {**self.spec.to_dict(), "seq_len": self.seq_len, "batch": self.batch}


PRESETS: tuple[Preset, ...] = (
    # The opening layer: small enough that every number of it is printed (the Hidden states page reads the one-hot
    # "hello", 4 letters over 5 steps), and every size different, so each axis of each shape can be named.
    Preset("rnn_4_3", LayerSpec("RNN", 4, 3), seq_len=5, batch=2),
    Preset("rnn_4_200", LayerSpec("RNN", 4, 200), seq_len=100, batch=30),
    Preset("rnn_4_200_bi", LayerSpec("RNN", 4, 200, bidirectional=True), seq_len=100, batch=30),
    Preset("rnn_4_200_l3", LayerSpec("RNN", 4, 200, num_layers=3), seq_len=100, batch=30),
    Preset("rnn_4_200_l3_bi", LayerSpec("RNN", 4, 200, num_layers=3, bidirectional=True), seq_len=100, batch=30),
    Preset("lstm_6_200", LayerSpec("LSTM", 6, 200), seq_len=100, batch=30),
    Preset("lstm_6_200_bi", LayerSpec("LSTM", 6, 200, bidirectional=True), seq_len=100, batch=30),
    Preset("rnn_5_8_l2_bf", LayerSpec("RNN", 5, 8, num_layers=2, batch_first=True), seq_len=10, batch=1),
    Preset("lstm_mnist", LayerSpec("LSTM", 28, 256, num_layers=2, batch_first=True), seq_len=28, batch=64),
)

PRESETS_BY_KEY = {preset.key: preset for preset in PRESETS}
DEFAULT_PRESET = PRESETS[0]


def matching_preset(spec: LayerSpec, seq_len: int, batch: int) -> Preset | None:
    """The preset these settings reproduce exactly, if any (dropout is ignored: presets have none)."""
    for preset in PRESETS:
        if preset.spec == spec and (preset.seq_len, preset.batch) == (seq_len, batch):
            return preset
    return None
