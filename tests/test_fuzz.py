"""Property-based fuzzing: the library either returns what torch returns or raises ValueError with a message,
never anything else; the CSV reader either returns the schema or raises OHLCError."""

from __future__ import annotations

import io

import pandas as pd
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnviz import LayerSpec, trace
from rnnviz.market import COLUMNS, OHLCError, read_ohlc_csv

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

anything = st.one_of(st.integers(-3, 12), st.floats(allow_nan=True), st.text(max_size=4), st.booleans(), st.none())
valid_settings = st.fixed_dictionaries({
    "cell": st.sampled_from(["RNN", "LSTM", "GRU"]),
    "input_size": st.integers(1, 6),
    "hidden_size": st.integers(2, 6),
    "num_layers": st.integers(1, 3),
    "bias": st.booleans(),
    "batch_first": st.booleans(),
    "dropout": st.floats(0.0, 0.9),
    "bidirectional": st.booleans(),
}).flatmap(lambda base: st.fixed_dictionaries({
    **{name: st.just(value) for name, value in base.items()},
    "nonlinearity": st.sampled_from(["tanh", "relu"] if base["cell"] == "RNN" else ["tanh"]),
    "proj_size": st.integers(0, base["hidden_size"] - 1) if base["cell"] == "LSTM" else st.just(0),
}))


@st.composite
def layer_settings(draw):
    """Mostly valid settings, about a third with one field replaced by something odd."""
    chosen = dict(draw(valid_settings))
    if draw(st.integers(0, 2)) == 0:
        chosen[draw(st.sampled_from(sorted(chosen)))] = draw(anything)
    return chosen


@FUZZ
@given(layer_settings(), st.integers(1, 6), st.integers(1, 3), st.booleans())
def test_layer_settings_give_torchs_results_or_a_value_error(settings_, seq_len, batch, with_hx):
    try:
        spec = LayerSpec(**settings_)
    except ValueError as error:
        assert str(error)
        return
    module = spec.build(seed=1)
    x = torch.randn(spec.shapes(seq_len, batch)["input"])
    rows = spec.num_directions * spec.num_layers
    hx = None
    if with_hx:
        h0 = torch.randn(rows, batch, spec.output_size)
        hx = (h0, torch.randn(rows, batch, spec.hidden_size)) if spec.cell == "LSTM" else h0
    with torch.no_grad():
        output, state = module(x, hx)
        recorded = trace(module, x, hx)
    assert tuple(output.shape) == spec.shapes(seq_len, batch)["output"]
    assert (recorded.output - output).abs().max() <= 1e-5
    h_n = state[0] if spec.cell == "LSTM" else state
    assert (recorded.h_n - h_n).abs().max() <= 1e-5
    assert spec.num_parameters() == sum(p.numel() for p in module.parameters())


cell_text = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(str), st.integers(-5, 10**9).map(str),
                      st.sampled_from(["", "n/a", "1,234.5", " 12 ", "-0", "1e400", "abc", "\"", ","]))
date_text = st.one_of(st.dates().map(str), st.sampled_from(["", "yesterday", "2020-13-01", "31/12/2020", "0"]))


@FUZZ
@given(st.lists(st.tuples(date_text, cell_text, cell_text, cell_text, cell_text, cell_text), min_size=0, max_size=80),
       st.lists(st.sampled_from(["Date", "Open", "High", "Low", "Close", "Volume", "Adj Close", "x", ""]),
                min_size=6, max_size=6))
def test_malformed_csvs_give_the_schema_or_an_ohlc_error(rows, header):
    text = ",".join(header) + "\n" + "\n".join(",".join(row) for row in rows)
    try:
        frame = read_ohlc_csv(io.BytesIO(text.encode()), min_rows=2)
    except OHLCError as error:
        assert error.code and str(error)
        return
    assert list(frame.columns) == list(COLUMNS)
    assert isinstance(frame.index, pd.DatetimeIndex) and frame.index.is_monotonic_increasing
    assert not frame.isna().any().any() and (frame["High"] >= frame["Low"]).all()


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_csv_reader(content):
    try:
        read_ohlc_csv(io.BytesIO(content), min_rows=1)
    except OHLCError as error:
        assert error.code
