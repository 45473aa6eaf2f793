"""The stock chart's period shading never shares a hue with the candles, in either market's colour convention."""

from __future__ import annotations

import colorsys
import re

import pytest

from rnnviz.figures.market import CANDLE_COLORS, PERIOD_COLORS

ACHROMATIC = 0.2  # saturation under which a colour reads as grey
HUE_APART = 40 / 360


def hsv(colour: str) -> tuple[float, float, float]:
    if colour.startswith("#"):
        rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        rgb = [int(part) for part in re.findall(r"\d+", colour)[:3]]
    return colorsys.rgb_to_hsv(*(channel / 255 for channel in rgb))


@pytest.mark.parametrize("convention", sorted(CANDLE_COLORS))
@pytest.mark.parametrize("period", sorted(PERIOD_COLORS))
def test_each_period_is_grey_or_a_hue_far_from_every_candle(convention, period):
    shade_hue, shade_saturation, _ = hsv(PERIOD_COLORS[period])
    if shade_saturation < ACHROMATIC:
        return
    for candle in CANDLE_COLORS[convention]:
        candle_hue = hsv(candle)[0]
        apart = min(abs(shade_hue - candle_hue), 1 - abs(shade_hue - candle_hue))
        assert apart >= HUE_APART, (period, PERIOD_COLORS[period], candle)


def test_the_check_rejects_the_old_pink_test_shading():
    pink, red = hsv("rgba(220, 38, 38, 0.10)"), hsv(CANDLE_COLORS["korea"][0])
    assert pink[1] >= ACHROMATIC and abs(pink[0] - red[0]) < HUE_APART
