"""LayerSpec against real torch: shapes, parameters, formulas, code, validation."""

from __future__ import annotations

import contextlib
import io
import itertools
import re

import pytest
import torch

from rnnviz import LayerSpec
from rnnviz.limits import check_live_run
from rnnviz.presets import PRESETS, PRESETS_BY_KEY, matching_preset
from rnnviz.run import measured_shapes, random_input
from rnnviz.spec import describe_dims, h_n_rows


def _grid():
    for cell, num_layers, bidirectional, batch_first, bias in itertools.product(
        ("RNN", "LSTM", "GRU"), (1, 2, 3), (False, True), (False, True), (True, False)
    ):
        yield LayerSpec(cell, 5, 6, num_layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
        if cell == "LSTM":
            yield LayerSpec(cell, 5, 6, num_layers, bias=bias, batch_first=batch_first,
                            bidirectional=bidirectional, proj_size=3)
        if cell == "RNN" and num_layers == 2:
            yield LayerSpec(cell, 5, 6, num_layers, nonlinearity="relu", bias=bias, batch_first=batch_first,
                            bidirectional=bidirectional)


GRID = list(_grid())


def _run(module: torch.nn.Module, x: torch.Tensor) -> dict[str, tuple[int, ...]]:
    with torch.no_grad():
        output, state = module(x)
    if isinstance(state, tuple):
        return {"input": tuple(x.shape), "output": tuple(output.shape), "h_n": tuple(state[0].shape),
                "c_n": tuple(state[1].shape)}
    return {"input": tuple(x.shape), "output": tuple(output.shape), "h_n": tuple(state.shape)}


@pytest.mark.parametrize("spec", GRID, ids=str)
def test_shapes_equal_what_torch_returns(spec):
    seq_len, batch = 7, 2
    x = torch.randn(spec.shapes(seq_len, batch)["input"])
    assert spec.shapes(seq_len, batch) == _run(spec.build(), x)


@pytest.mark.parametrize("spec", GRID, ids=str)
def test_parameter_table_lists_every_torch_parameter_in_order(spec):
    module = spec.build()
    table = spec.parameter_table()
    assert list(table["name"]) == [name for name, _ in module.named_parameters()]
    assert list(table["shape"]) == [tuple(p.shape) for _, p in module.named_parameters()]
    assert spec.num_parameters() == sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize("cell, options", [("RNN", {}), ("LSTM", {"proj_size": 3, "bidirectional": True}),
                                            ("GRU", {"bias": False, "bidirectional": True})])
def test_num_parameters_of_ten_million_layers_is_counted_without_building_anything(cell, options, monkeypatch):
    """Used 24 GB (a table row per tensor) before the count became a closed form; now nothing is built."""
    small = [LayerSpec(cell, 5, 8, num_layers=layers, **options) for layers in (1, 2)]
    for spec in small:  # the two counts the extrapolation rests on, checked against torch
        assert spec.num_parameters() == sum(p.numel() for p in spec.build().parameters())
    per_upper_layer = small[1].num_parameters() - small[0].num_parameters()
    monkeypatch.setattr(LayerSpec, "parameter_table", lambda self: pytest.fail("num_parameters built the table"))
    huge = LayerSpec(cell, 5, 8, num_layers=10**7, **options)
    assert huge.num_parameters() == small[0].num_parameters() + (10**7 - 1) * per_upper_layer


def _evaluate(expression: str) -> int:
    """Evaluate a formula's numeric side, written with · and ×, e.g. "4·200 × (6 + 2)"."""
    return eval(expression.replace("·", "*").replace("×", "*"), {"__builtins__": {}})  # noqa: S307


@pytest.mark.parametrize("spec", GRID, ids=str)
def test_every_row_formula_evaluates_to_its_count(spec):
    for formula, count in zip(spec.parameter_table()["formula"], spec.parameter_table()["count"]):
        numeric_side = formula.split("=")[1]
        assert _evaluate(numeric_side) == count, formula


@pytest.mark.parametrize("spec", GRID, ids=str)
def test_layer_formula_evaluates_to_one_direction_of_the_layer(spec):
    module = spec.build()
    names = {"input": spec.input_size, "hidden": spec.hidden_size, "proj": spec.proj_size,
             "D": spec.num_directions}
    for layer in range(spec.num_layers):
        formula = spec.layer_formula(layer)
        numeric = re.sub(r"[A-Za-z]+", lambda m: str(names[m.group(0)]), formula)
        expected = sum(p.numel() for name, p in module.named_parameters()
                       if name.endswith(f"_l{layer}"))
        assert _evaluate(numeric) == expected, formula


def test_lstm_layer_0_formula_is_the_textbook_one():
    spec = LayerSpec("LSTM", 6, 200)
    assert spec.layer_formula(0) == "4·hidden·(input + hidden) + 8·hidden"
    assert spec.num_parameters() == 4 * 200 * (6 + 200) + 8 * 200


def test_parameter_table_names_reverse_and_projection_tensors():
    table = LayerSpec("LSTM", 6, 200, num_layers=2, bidirectional=True, proj_size=50).parameter_table()
    rows = table.set_index("name")
    assert rows.loc["weight_hh_l0_reverse", "shape"] == (800, 50)
    assert rows.loc["weight_hr_l0", "shape"] == (50, 200)
    assert rows.loc["weight_ih_l1", "shape"] == (800, 100)
    assert rows.loc["weight_ih_l1", "formula"] == "4·hidden × D·proj = 4·200 × 2·50"
    assert rows.loc["bias_ih_l1_reverse", "direction"] == "backward"


@pytest.mark.parametrize("spec", GRID[::5], ids=str)
def test_build_is_the_real_torch_module_with_these_settings(spec):
    module = spec.build(seed=3)
    assert type(module) is getattr(torch.nn, spec.cell)
    assert not module.training
    for name, value in spec.torch_kwargs().items():
        assert getattr(module, name) == value, name


def test_build_draws_weights_after_manual_seed_and_leaves_global_rng_alone():
    spec = LayerSpec("GRU", 3, 4, num_layers=2)
    torch.manual_seed(123)
    before = torch.random.get_rng_state()
    built = spec.build(seed=7)
    assert torch.equal(torch.random.get_rng_state(), before)
    torch.manual_seed(7)
    reference = torch.nn.GRU(3, 4, num_layers=2)
    for (name, ours), (_, theirs) in zip(built.named_parameters(), reference.named_parameters()):
        assert torch.equal(ours, theirs), name
    assert not all(torch.equal(a, b) for a, b in zip(built.parameters(), spec.build(seed=8).parameters()))


@pytest.mark.parametrize("spec", GRID[::3] + [p.spec for p in PRESETS], ids=str)
def test_code_runs_and_prints_the_same_shapes(spec):
    seq_len, batch = 4, 3
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(spec.code(seq_len, batch), {})  # noqa: S102
    expected = [f"torch.Size({list(shape)})" for name, shape in spec.shapes(seq_len, batch).items()
                if name != "input"]
    assert printed.getvalue().splitlines() == expected


def test_code_builds_the_same_weights_as_build():
    spec = LayerSpec("LSTM", 3, 5, bidirectional=True, proj_size=2)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(spec.code(seed=11), namespace)  # noqa: S102
    for ours, theirs in zip(spec.build(seed=11).parameters(), namespace["rnn"].parameters()):
        assert torch.equal(ours, theirs)


def test_code_reads_like_the_lecture_notes():
    code = LayerSpec("RNN", 5, 8, num_layers=2, batch_first=True).code(seq_len=10, batch=1)
    assert "rnn = nn.RNN(5, 8, num_layers=2, batch_first=True)" in code
    assert "x = torch.randn(1, 10, 5)  # (batch, seq_len, input_size)" in code
    assert "output, h_n = rnn(x)" in code
    assert "output, (h_n, c_n) = rnn(x)" in LayerSpec("LSTM", 6, 200).code()
    assert "nonlinearity='relu'" in LayerSpec("RNN", 2, 3, nonlinearity="relu").code()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(cell="Transformer"), "cell"),
        (dict(cell="rnn"), "cell"),
        (dict(input_size=0), "input_size"),
        (dict(hidden_size=-3), "hidden_size"),
        (dict(hidden_size=2.5), "hidden_size"),
        (dict(num_layers=0), "num_layers"),
        (dict(num_layers=True), "num_layers"),
        (dict(cell="LSTM", nonlinearity="relu"), "nonlinearity"),
        (dict(cell="GRU", nonlinearity="relu"), "nonlinearity"),
        (dict(nonlinearity="sigmoid"), "nonlinearity"),
        (dict(cell="RNN", proj_size=2), "proj_size"),
        (dict(cell="GRU", proj_size=2), "proj_size"),
        (dict(cell="LSTM", proj_size=8), "proj_size"),
        (dict(cell="LSTM", proj_size=9), "proj_size"),
        (dict(cell="LSTM", proj_size=-1), "proj_size"),
        (dict(dropout=1.0), "dropout"),
        (dict(dropout=-0.1), "dropout"),
        (dict(dropout="0.5"), "dropout"),
        (dict(bias="yes"), "bias"),
        (dict(batch_first=1), "batch_first"),
        (dict(bidirectional=None), "bidirectional"),
    ],
)
def test_invalid_settings_raise_value_error_naming_the_field(kwargs, field):
    settings = {"cell": "RNN", "input_size": 4, "hidden_size": 8, **kwargs}
    with pytest.raises(ValueError, match=field):
        LayerSpec(**settings)


@pytest.mark.parametrize("seq_len, batch", [(0, 2), (3, 0), (2.0, 1)])
def test_shapes_reject_empty_or_fractional_inputs(seq_len, batch):
    with pytest.raises(ValueError, match="seq_len" if seq_len != 3 else "batch"):
        LayerSpec("RNN", 4, 8).shapes(seq_len, batch)


def test_shape_dims_name_every_dimension():
    spec = LayerSpec("LSTM", 6, 200, num_layers=3, bidirectional=True, batch_first=True)
    dims = spec.shape_dims(100, 30)
    assert describe_dims(dims["input"]) == "batch=30 · seq_len=100 · input_size=6"
    assert describe_dims(dims["output"]) == "batch=30 · seq_len=100 · D*hidden=400"
    assert describe_dims(dims["h_n"]) == "D*num_layers=6 · batch=30 · hidden=200"
    assert describe_dims(dims["c_n"]) == "D*num_layers=6 · batch=30 · hidden=200"
    projected = LayerSpec("LSTM", 6, 200, proj_size=50).shape_dims(100, 30)
    assert describe_dims(projected["h_n"]) == "num_layers=1 · batch=30 · proj_size=50"


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_h_n_rows_are_layer_major_then_direction(cell):
    spec = LayerSpec(cell, 3, 4, num_layers=3, bidirectional=True)
    module = spec.build()
    x = random_input(spec, 6, 2)
    with torch.no_grad():
        output, state = module(x)
    h_n = state[0] if cell == "LSTM" else state
    by_layer = h_n.view(spec.num_layers, spec.num_directions, 2, spec.hidden_size)
    for row, layer, direction in h_n_rows(spec):
        assert torch.equal(h_n[row], by_layer[layer, direction])
    last_layer = spec.num_layers - 1
    last_rows = {direction: row for row, layer, direction in h_n_rows(spec) if layer == last_layer}
    assert torch.allclose(h_n[last_rows[0]], output[-1, :, :4])
    assert torch.allclose(h_n[last_rows[1]], output[0, :, 4:])


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_measured_shapes_equal_spec_shapes_for_every_preset(preset):
    assert measured_shapes(preset.spec, preset.seq_len, preset.batch) == preset.spec.shapes(preset.seq_len,
                                                                                          preset.batch)
    assert matching_preset(preset.spec, preset.seq_len, preset.batch) == preset


def test_presets_reproduce_the_lecture_notes_shapes():
    bidirectional_3 = PRESETS_BY_KEY["rnn_4_200_l3_bi"]
    assert bidirectional_3.spec.shapes(100, 30) == {"input": (100, 30, 4), "output": (100, 30, 400),
                                                    "h_n": (6, 30, 200)}
    lstm = PRESETS_BY_KEY["lstm_6_200"].spec.shapes(100, 30)
    assert lstm["c_n"] == (1, 30, 200)
    small = PRESETS_BY_KEY["rnn_5_8_l2_bf"]
    assert small.spec.shapes(small.seq_len, small.batch) == {"input": (1, 10, 5), "output": (1, 10, 8),
                                                             "h_n": (2, 1, 8)}
    mnist = PRESETS_BY_KEY["lstm_mnist"]
    assert mnist.spec.shapes(mnist.seq_len, mnist.batch)["input"] == (64, 28, 28)


def test_random_input_is_seeded_and_in_the_module_layout():
    spec = LayerSpec("RNN", 5, 8, batch_first=True)
    assert random_input(spec, 10, 2, seed=1).shape == (2, 10, 5)
    assert torch.equal(random_input(spec, 10, 2, seed=1), random_input(spec, 10, 2, seed=1))
    assert not torch.equal(random_input(spec, 10, 2, seed=1), random_input(spec, 10, 2, seed=2))


def test_live_limits_name_what_is_too_big():
    assert check_live_run(LayerSpec("LSTM", 28, 256, num_layers=2), 28, 64) is None
    huge = check_live_run(LayerSpec("LSTM", 1024, 2048, num_layers=8, bidirectional=True), 10, 1)
    assert huge is not None and huge.what == "parameters" and huge.value > huge.limit
    long = check_live_run(LayerSpec("LSTM", 64, 512, num_layers=2), 2000, 512)
    assert long is not None and long.what == "forward_work"


@pytest.mark.parametrize("start", [
    LayerSpec("RNN", 4, 8, 2, nonlinearity="relu", bidirectional=True, dropout=0.3),
    LayerSpec("LSTM", 4, 8, 2, proj_size=3, batch_first=True),
    LayerSpec("GRU", 4, 8, bias=False),
], ids=["rnn-relu", "lstm-proj", "gru"])
@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_for_cell_keeps_every_shared_setting_and_resets_what_the_new_cell_does_not_take(start, cell):
    # dataclasses.replace(spec, cell=...) raises on a relu or proj_size spec; a page comparing cells needs this.
    changed = start.for_cell(cell)
    module = changed.build(seed=0)
    assert isinstance(module, {"RNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[cell])
    for name in ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional"):
        assert getattr(module, name) == getattr(start, name), name
    assert changed.nonlinearity == (start.nonlinearity if cell == "RNN" else "tanh")
    assert changed.proj_size == (start.proj_size if cell == "LSTM" else 0)
    if cell == "RNN":
        assert module.nonlinearity == changed.nonlinearity
    if cell == "LSTM":
        assert module.proj_size == changed.proj_size
