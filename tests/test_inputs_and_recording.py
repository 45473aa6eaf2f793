"""Example inputs, the display recording, and the hidden-state figure."""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.io as pio
import pytest
import torch
from tests_support import decoded

from rnnviz import LayerSpec, trace
from rnnviz.figures.hidden_states import (
    PANELS,
    PICK_MAX_CELLS,
    PICK_TRACE,
    FigureText,
    hidden_state_base,
    hidden_state_figure,
    panel_names,
    with_equation,
)
from rnnviz.inputs import one_hot_word, price_window, random_normal, sine_wave
from rnnviz.market import sample_ohlc
from rnnviz.recording import record, step_equation
from tools.naive_figures import naive_figure

TEXT = FigureText(panel_titles={k: k for k in PANELS},
                  time_axis="time", unit_axis="unit", previous="prev", current="cur",
                  play="Play", pause="Pause", step="step")


def test_hello_is_one_hot_over_its_sorted_letters():
    example = one_hot_word("hello")
    assert example.values.shape == (5, 1, 4)
    assert example.feature_names == ("'e'", "'h'", "'l'", "'o'")
    assert example.values[:, 0].argmax(dim=1).tolist() == [1, 0, 2, 2, 3]
    assert torch.equal(example.values.sum(dim=2), torch.ones(5, 1))


def test_korean_word_works_as_one_hot_input():
    example = one_hot_word("안녕하세요")
    assert example.values.shape == (5, 1, 5)


@pytest.mark.parametrize("word", ["", "x" * 201])
def test_unusable_words_raise_value_error(word):
    with pytest.raises(ValueError):
        one_hot_word(word)


def test_sine_wave_spans_zero_to_pi():
    example = sine_wave(9)
    assert example.values.shape == (9, 1, 1)
    assert example.values[0, 0, 0] == pytest.approx(0.0, abs=1e-6)
    assert example.values[4, 0, 0] == pytest.approx(1.0, abs=1e-6)
    assert example.values[-1, 0, 0] == pytest.approx(0.0, abs=1e-6)


def test_price_window_is_the_last_days_standardised():
    example = price_window(30)
    assert example.values.shape == (30, 1, 5)
    assert example.step_labels[-1] == "2013-03-01"
    assert torch.allclose(example.values.mean(dim=0), torch.zeros(1, 5), atol=1e-5)
    assert torch.allclose(example.values.std(dim=0, unbiased=False), torch.ones(1, 5), atol=1e-4)
    with pytest.raises(ValueError, match="2148"):
        price_window(5000)


def test_bundled_sample_follows_the_schema():
    prices = sample_ohlc()
    assert list(prices.columns) == ["Open", "High", "Low", "Close", "Volume"]
    assert len(prices) == 2148 and prices.index.is_monotonic_increasing
    assert not prices.isna().any().any()
    assert (prices["Low"] <= prices[["Open", "Close"]].min(axis=1)).all()
    prices.iloc[0, 0] = -1.0
    assert sample_ohlc().iloc[0, 0] == 100.0, "callers get their own copy"


def test_random_input_is_seeded_and_in_layout():
    example = random_normal(6, 3, 2, seed=4)
    assert torch.equal(example.values, random_normal(6, 3, 2, seed=4).values)
    assert example.in_layout(batch_first=True).shape == (3, 6, 2)


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_recording_keeps_one_sequence_of_the_trace(cell):
    spec = LayerSpec(cell, 3, 5, num_layers=2, bidirectional=True, batch_first=True)
    example = random_normal(7, 4, 3, seed=1)
    recorded = record(spec, example, batch_item=2, seed=3)
    assert recorded.max_abs_difference <= 1e-5
    full = trace(spec.build(3), example.in_layout(True))
    for (layer, direction), one in recorded.directions.items():
        assert np.allclose(one.hidden, full.hidden(layer, direction)[:, 2].numpy())
        assert one.hidden.dtype == np.float32 and one.hidden.shape == (7, 5)
        assert one.inputs.shape == (7, 3 if layer == 0 else 10)
    with pytest.raises(ValueError, match="input_size=4"):
        record(LayerSpec(cell, 4, 5), example)


def test_rnn_equation_adds_up_to_the_recorded_state():
    spec = LayerSpec("RNN", 4, 6)
    recorded = record(spec, one_hot_word("hello"))
    one = recorded.directions[(0, 0)]
    for t in range(5):
        assert np.allclose(np.tanh(one.input_term[t] + one.recurrent_term[t]), one.hidden[t], atol=1e-6)
    text = step_equation(spec, one, 3, 2)
    assert f"{one.hidden[3, 2]:+.3f}" in text and "tanh" in text


@pytest.mark.parametrize("cell, panels", [("RNN", ["h"]), ("LSTM", ["h", "c", "i", "f", "g", "o"]),
                                          ("GRU", ["h", "r", "z", "n"])])
def test_figure_has_a_heatmap_per_panel_and_a_frame_per_step(cell, panels):
    spec = LayerSpec(cell, 2, 8)
    recorded = record(spec, random_normal(12, 1, 2))
    figure = hidden_state_figure(spec, recorded.directions[(0, 0)], recorded.step_labels,
                                 range(12), range(8), 0, TEXT)
    assert panel_names(spec) == panels
    heatmaps = [trace for trace in figure.data if trace.type == "heatmap"]
    assert len(heatmaps) == len(panels)
    assert all(decoded(h.z).shape == (8, 12) for h in heatmaps)
    assert np.allclose(decoded(heatmaps[0].z), recorded.directions[(0, 0)].hidden.T)
    assert len(figure.frames) == 12
    assert [frame.name for frame in figure.frames] == [str(t) for t in range(12)]
    assert len(figure.layout.sliders[0].steps) == 12
    # The highlight band moves with the step: frame t's band is centred on t.
    band = figure.frames[5].data[0]
    assert decoded(band.x).mean() == pytest.approx(5.0, abs=0.2)


def test_every_cell_of_the_first_heatmap_has_a_pick_marker_carrying_its_step_unit_and_value():
    # Streamlit reports clicks on markers, not on heatmaps: h_t's cells are covered by markers at (t, unit) whose
    # value is the heatmap's own; the other panels (and windows over PICK_MAX_CELLS) have none, to keep the page small.
    spec = LayerSpec("LSTM", 2, 8)
    recorded = record(spec, random_normal(12, 1, 2))
    figure = hidden_state_figure(spec, recorded.directions[(0, 0)], recorded.step_labels, range(3, 9), range(2, 6), 0,
                                 TEXT)
    heatmaps = [trace for trace in figure.data if trace.type == "heatmap"]
    picks = [trace for trace in figure.data if trace.name == PICK_TRACE]
    assert len(heatmaps) == 6 and len(picks) == 1
    heatmap, pick = heatmaps[0], picks[0]
    # On the band's overlay axis, which lies over the heatmaps and so is the one that receives clicks.
    assert (pick.xaxis, pick.yaxis) == ("x99", "y99")
    z = decoded(heatmap.z)  # (units, steps)
    low, high = figure.layout.yaxis.domain
    top, bottom = high, figure.layout[heatmaps[-1].yaxis.replace("y", "yaxis")].domain[0]
    x, y, (ts, units, values) = decoded(pick.x), decoded(pick.y), decoded(pick.customdata).T
    assert sorted(set(ts)) == list(range(3, 9)) and sorted(set(units)) == list(range(2, 6)) and len(x) == 24
    for marker_x, marker_y, t, unit, value in zip(x, y, ts, units, values):
        assert value == z[int(unit) - 2, int(t) - 3] and marker_x == t
        # The marker sits on its cell: unit 2 in the panel's lowest quarter, unit 5 in its highest.
        paper = bottom + marker_y * (top - bottom)
        assert low + (unit - 2) / 4 * (high - low) < paper < low + (unit - 1) / 4 * (high - low)
    assert np.allclose(z, recorded.directions[(0, 0)].hidden[3:9, 2:6].T)
    wide = LayerSpec("RNN", 2, 100)
    long = record(wide, random_normal(120, 1, 2))  # 12,000 cells, over PICK_MAX_CELLS
    large = hidden_state_figure(wide, long.directions[(0, 0)], long.step_labels, range(120), range(100), 0, TEXT)
    assert 120 * 100 > PICK_MAX_CELLS and not [trace for trace in large.data if trace.name == PICK_TRACE]
    assert figure.layout.clickmode == "event+select"


def test_a_new_unit_changes_only_the_equation_and_leaves_the_shared_base_alone():
    spec = LayerSpec("LSTM", 3, 8)
    recorded = record(spec, random_normal(10, 1, 3))
    direction = recorded.directions[(0, 0)]
    base = hidden_state_base(spec, direction, recorded.step_labels, range(10), range(8), TEXT)
    before = pio.to_json(base, validate=False)
    first = with_equation(base, spec, direction, recorded.step_labels, range(10), 0, TEXT)
    second = with_equation(base, spec, direction, recorded.step_labels, range(10), 5, TEXT)
    assert pio.to_json(base, validate=False) == before, "the cached base is never written to"
    for t in range(10):
        assert step_equation(spec, direction, t, 5) in second.frames[t].data[4].text[0]
        assert step_equation(spec, direction, t, 0) in first.frames[t].data[4].text[0]
    assert step_equation(spec, direction, 0, 5) in second.data[-1].text[0]
    same = json.loads(pio.to_json(first, validate=False)), json.loads(pio.to_json(second, validate=False))
    assert same[0]["data"][:-1] == same[1]["data"][:-1] and same[0]["layout"] == same[1]["layout"]
    assert pio.to_json(hidden_state_figure(spec, direction, recorded.step_labels, range(10), range(8), 5, TEXT),
                       validate=False) == pio.to_json(second, validate=False)


def _json_bytes(figure) -> int:
    return len(pio.to_json(figure, validate=False))


def test_figure_json_grows_linearly_with_seq_len_not_quadratically():
    spec = LayerSpec("LSTM", 4, 32)
    sizes = {}
    for seq_len in (50, 200):
        recorded = record(spec, random_normal(seq_len, 1, 4))
        figure = hidden_state_figure(spec, recorded.directions[(0, 0)], recorded.step_labels, range(seq_len),
                                     range(32), 0, TEXT)
        sizes[seq_len] = _json_bytes(figure)
    growth = sizes[200] / sizes[50]
    assert growth < 4.4, f"4x the steps should cost about 4x the bytes, not {growth:.1f}x"
    naive = {n: _json_bytes(naive_figure(np.random.rand(n, 32).astype(np.float32))) for n in (50, 200)}
    assert naive[200] / naive[50] > 12, "the naive animation is quadratic (the baseline the benchmark uses)"


def test_arrays_are_sent_as_base64_not_lists():
    spec = LayerSpec("RNN", 2, 16)
    recorded = record(spec, random_normal(20, 1, 2))
    figure = hidden_state_figure(spec, recorded.directions[(0, 0)], recorded.step_labels,
                                 range(20), range(16), 0, TEXT)
    spec_json = json.loads(pio.to_json(figure, validate=False))
    assert "bdata" in spec_json["data"][0]["z"]
    assert "bdata" in spec_json["frames"][0]["data"][1]["y"]


def test_colour_limits_are_fixed_and_centred_on_zero():
    spec = LayerSpec("LSTM", 2, 8)
    recorded = record(spec, random_normal(30, 1, 2))
    figure = hidden_state_figure(spec, recorded.directions[(0, 0)], recorded.step_labels,
                                 range(30), range(8), 0, TEXT)
    assert (figure.layout.coloraxis.cmin, figure.layout.coloraxis.cmid, figure.layout.coloraxis.cmax) == (-1, 0, 1)
    limit = figure.layout.coloraxis2.cmax
    assert figure.layout.coloraxis2.cmin == -limit
    assert limit >= float(np.abs(recorded.directions[(0, 0)].cell).max())
    assert math.isfinite(limit)
