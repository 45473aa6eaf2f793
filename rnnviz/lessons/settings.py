"""What a lesson step's link sets, read the way the pages read it: the layer, its input, the gradient study.

A step's `query` is a deep link's parameters (text). The pages parse them with their URL fields
(`rnnviz.ui.url_state`); this module reads the same names with the same defaults (the default preset's layer, the
study's dataclass), so a question's answer is computed for the layer the step's page shows. A test compares the
two for every step of the course.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from rnnviz.errors import RnnvizError
from rnnviz.presets import DEFAULT_PRESET
from rnnviz.spec import CELL_ONLY, LayerSpec

if TYPE_CHECKING:  # the study needs torch; app.py imports this module before any page, so torch waits
    from rnnviz.gradients import StudySettings

# The sidebar's layer controls: every LayerSpec argument, the input's seq_len and batch, and the seed.
LAYER_DEFAULTS: dict[str, object] = {**DEFAULT_PRESET.settings(), "seed": 0}
# The Hidden states page's example input.
INPUT_DEFAULTS = {"input": "random", "word": "hello"}
# The Vanishing gradients page's study, by URL name: (StudySettings field, default on the page).
STUDY_FIELDS = {"g_seq_len": "seq_len", "g_hidden": "hidden_size", "g_seeds": "seeds", "rnn_init": "init",
                "forget_bias": "forget_bias"}
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def _parse(name: str, text: str, default: object) -> object:
    """`text` as a value of `default`'s type (how the URL fields read it), or RnnvizError naming the parameter."""
    try:
        if isinstance(default, bool):
            lowered = text.strip().lower()
            if lowered not in _TRUE + _FALSE:
                raise ValueError(text)
            return lowered in _TRUE
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
    except ValueError:
        raise RnnvizError("lesson_setting", name=name, text=text) from None
    return text


def _cell_name(text: str) -> str:
    return {cell.lower(): cell for cell in ("RNN", "LSTM", "GRU")}.get(text.strip().lower(), text)


def layer_settings(query: dict[str, str]) -> tuple[LayerSpec, int, int, int]:
    """(spec, seq_len, batch, seed) of the sidebar's layer after opening a link with `query`; raises RnnvizError
    for a value the layer cannot take."""
    values = {name: _parse(name, query[name], default) if name in query else default
              for name, default in LAYER_DEFAULTS.items()}
    values["cell"] = _cell_name(str(values["cell"]))
    # As the sidebar does: a setting the cell does not take is hidden and left at its default, and dropout is
    # off on one layer (torch ignores it there).
    for name, (only, default) in CELL_ONLY.items():
        if values["cell"] != only:
            values[name] = default
    if values["num_layers"] == 1:
        values["dropout"] = 0.0
    names = {field.name for field in fields(LayerSpec)}
    spec = LayerSpec(**{name: value for name, value in values.items() if name in names})
    return spec, int(values["seq_len"]), int(values["batch"]), int(values["seed"])


def example_settings(query: dict[str, str]) -> tuple[str, str]:
    """(kind, word) of the Hidden states page's example input after opening a link with `query`."""
    return query.get("input", INPUT_DEFAULTS["input"]).strip().lower(), query.get("word", INPUT_DEFAULTS["word"])


def view_settings(query: dict[str, str]) -> tuple[int, int, int]:
    """(layer, direction, batch item) the Hidden states page's heatmaps show after opening a link with `query`."""
    return tuple(int(_parse(name, query[name], 0)) if name in query else 0 for name in ("layer", "direction", "item"))


def study_settings(query: dict[str, str]) -> StudySettings:
    """The Vanishing gradients page's study after opening a link with `query`."""
    from rnnviz.gradients import StudySettings

    defaults = StudySettings()
    changes = {attribute: _parse(name, query[name], getattr(defaults, attribute))
               for name, attribute in STUDY_FIELDS.items() if name in query}
    if "init" in changes:
        changes["init"] = str(changes["init"]).strip().lower()
    # The page keeps W_hh's own radius unless rescaling is on; its slider then starts at 1.0.
    if _parse("rescale", query.get("rescale", "false"), False):
        changes["radius"] = float(_parse("radius", query.get("radius", "1.0"), 1.0))
    return StudySettings(**{**{f.name: getattr(defaults, f.name) for f in fields(StudySettings)}, **changes})
