"""How far a setting may go, kept on the dataclass field it configures.

`LayerSpec`, `ForecastConfig`, `StudySettings` and `Preset` declare each control's range once, next to the
setting's default, with `bounded(...)`; the sidebar controls and the URL parser read it back with `bounds_of`.
The ranges are the app's (wide enough for every lecture example, small enough that one number cannot freeze a
page); the library itself validates only what torch requires.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

# Seeds are whatever torch.manual_seed takes and a number box can hold: 0 to 2**31 - 1.
SEED_MAX = 2**31 - 1


@dataclass(frozen=True)
class Bounds:
    """[low, high] in steps of `step`; whole numbers when all three are ints."""

    low: float
    high: float
    step: float = 1

    @property
    def whole(self) -> bool:
        return all(isinstance(value, int) for value in (self.low, self.high, self.step))


def bounded(low: float, high: float, step: float = 1, default: Any = dataclasses.MISSING) -> Any:
    """A dataclass field with the range [low, high] (and `default`, if given) attached."""
    return dataclasses.field(default=default, metadata={"bounds": Bounds(low, high, step)})


def seed(default: int = 0) -> Any:
    """A seed field: a whole number in [0, SEED_MAX]."""
    return bounded(0, SEED_MAX, default=default)


def _field(cls: type, name: str) -> dataclasses.Field:
    return next(f for f in dataclasses.fields(cls) if f.name == name)


def bounds_of(cls: type, name: str) -> Bounds:
    """The range declared on `cls.name`; KeyError if it declares none."""
    return _field(cls, name).metadata["bounds"]


def default_of(cls: type, name: str) -> Any:
    """The declared default of `cls.name`."""
    return _field(cls, name).default
