"""The memory ladder (rnnviz.memory): matched cells, the recall task, torch-trained rungs, connectivity, costs."""


import numpy as np
import pytest
import torch
from torch import nn

from rnnviz import limits, memory
from rnnviz.analysis import connectivity
from rnnviz.charlm.model import CharModel
from rnnviz.spec import LayerSpec


@pytest.fixture(autouse=True)
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize("cell", memory.PAGE_CELLS)
def test_every_cell_has_the_parameters_it_claims_within_ten_percent_of_the_target(cell):
    module, head = memory.build(cell, seed=0)
    counted = sum(p.numel() for p in module.parameters()) + sum(p.numel() for p in head.parameters())
    assert counted == memory.CELLS[cell].parameters()
    assert abs(counted - memory.PARAMETER_TARGET) <= memory.PARAMETER_TOLERANCE * memory.PARAMETER_TARGET
    assert type(module) is {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[memory.CELLS[cell].cell]


def test_the_forget_biased_lstm_differs_from_torchs_only_in_the_forget_quarter_of_bias_ih():
    plain, _ = memory.build("LSTM", seed=3)
    biased, _ = memory.build("LSTM+forget", seed=3)
    hidden = plain.hidden_size
    difference = biased.bias_ih_l0 - plain.bias_ih_l0
    assert torch.allclose(difference[hidden:2 * hidden], torch.full((hidden,), memory.FORGET_BIAS))
    assert torch.equal(difference[:hidden], torch.zeros(hidden))
    assert torch.equal(difference[2 * hidden:], torch.zeros(2 * hidden))
    assert torch.equal(biased.weight_hh_l0, plain.weight_hh_l0)


@pytest.mark.parametrize("distance", [1, 7, 40])
def test_the_recall_task_shows_the_value_once_and_asks_for_it_distance_steps_later(distance):
    x, answer = memory.held_out(distance, n=9)
    assert x.shape == (distance + 1, 9, 4)
    assert torch.equal(answer, x[0, :, 0])
    assert torch.equal(x[0, :, 1], torch.ones(9)) and torch.equal(x[1:, :, 1], torch.zeros(distance, 9))
    assert torch.equal(x[1:, :, 0], torch.zeros(distance, 9))
    assert x[1:, :, 2:].std() > 0.5  # the noise in between


@pytest.mark.parametrize("distance", [0, memory.MAX_DISTANCE + 1])
def test_a_distance_off_the_ladder_is_refused(distance):
    with pytest.raises(ValueError, match="distance"):
        memory.recall_task(distance)


def test_r_squared_is_one_minus_the_error_over_the_spread_about_the_mean():
    assert memory.r_squared(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 4.0])) == pytest.approx(1 - 9 / 42)
    answers = torch.tensor([0.5, -1.0, 2.0])
    assert memory.r_squared(answers, answers) == 1.0
    assert memory.r_squared(torch.full((3,), float(answers.mean())), answers) == pytest.approx(0.0, abs=1e-12)


def test_a_rung_is_a_real_torch_module_whose_held_out_score_it_reports_and_the_same_bits_every_time():
    first = memory.train_rung("GRU", 5, seed=1)
    again = memory.train_rung("GRU", 5, seed=1)
    assert first.score == again.score and first.history == again.history
    for name, tensor in first.module.state_dict().items():
        assert torch.equal(tensor, again.module.state_dict()[name])
    x, answer = memory.held_out(5)
    with torch.no_grad():
        output, _ = first.module(x)  # torch's own nn.GRU
        prediction = first.head(output[-1])[:, 0]
    residual = ((answer - prediction) ** 2).sum()
    assert first.score == pytest.approx(float(1 - residual / ((answer - answer.mean()) ** 2).sum()), abs=1e-6)
    assert len(first.history) == memory.STEPS
    assert first.baseline == pytest.approx(float(1 - (answer ** 2).sum() / ((answer - answer.mean()) ** 2).sum()),
                                           abs=1e-6)


def test_the_forget_biased_lstm_remembers_forty_steps_and_the_plain_rnn_forgets_eighty():
    assert memory.train_rung("LSTM+forget", 40, seed=0).score >= 0.9
    assert memory.train_rung("RNN", 80, seed=0).score <= 0.5


def test_the_ladder_trains_every_rung_in_order_and_tabulates_them():
    seen = []
    result = memory.ladder(distances=(3, 2), cells=("RNN", "LSTM"), seeds=(0, 1),
                           on_progress=lambda done, total, rung: seen.append((done, total, rung.cell, rung.distance,
                                                                              rung.seed)))
    assert seen == [(index + 1, 8, cell, distance, seed) for index, (cell, distance, seed) in
                    enumerate(memory.rung_order((3, 2), ("RNN", "LSTM"), (0, 1)))]
    assert seen[0][3] == 2  # shortest distance first
    table = result.table
    assert {"cell", "distance", "seed", "parameters", "score", "baseline"} <= set(table.columns)
    assert len(table) == 8 and list(table["cell"].unique()) == ["RNN", "LSTM"]
    assert set(result.horizons) == {"RNN", "LSTM"}
    assert all(0 <= horizon <= 3 for horizon in result.horizons.values())
    assert result.profiles["RNN"].shape == (4,)
    summary = memory.summary(table)
    assert list(summary["seeds"]) == [2, 2, 2, 2]


@pytest.mark.parametrize(("arguments", "message"), [
    (dict(distances=()), "at least one"),
    (dict(distances=(2.5,)), "whole number"),
    (dict(cells=("LSTMX",)), "unknown cell"),
    (dict(seeds=tuple(range(memory.MAX_SEEDS + 1))), "at most"),
])
def test_a_ladder_that_cannot_run_is_refused_naming_the_setting(arguments, message):
    with pytest.raises(ValueError, match=message):
        memory.ladder(**{"distances": (2,), "cells": ("RNN",), "seeds": (0,), **arguments})


def test_the_default_ladder_fits_the_budget_and_the_longest_with_every_seed_does_not():
    assert limits.check(memory.ladder_cost(memory.DISTANCES, memory.PAGE_CELLS, len(memory.SEEDS))) is None
    breach = limits.check(memory.ladder_cost(memory.DISTANCES + (memory.MAX_DISTANCE,), memory.PAGE_CELLS,
                                             memory.MAX_SEEDS))
    assert breach is not None and breach.what == "seconds"


@pytest.mark.parametrize("cell", ["RNN", "LSTM+forget", "GRU"])
def test_the_connectivity_profile_is_autograds_jacobian_norm_averaged_over_held_out_sequences(cell):
    module, head = memory.build(cell, seed=2)
    profile = memory.connectivity_profile(module, head, distance=6, sequences=5)
    x, _ = memory.held_out(6, 5)
    expected = np.mean([connectivity(module.double(), head.double(), x[:, [n]].double())[-1].numpy()
                        for n in range(5)], axis=0)[::-1]
    np.testing.assert_allclose(profile, expected, rtol=1e-9)


def test_the_memory_horizon_is_the_farthest_step_back_still_at_the_fraction_of_the_peak():
    assert memory.memory_horizon(np.array([1.0, 0.05, 0.2, 0.01])) == 2
    assert memory.memory_horizon(np.array([0.5, 1.0, 0.04])) == 1
    assert memory.memory_horizon(np.zeros(4)) == 0


def test_the_language_model_profile_is_the_gradient_of_the_next_characters_log_probability():
    model = CharModel(LayerSpec("LSTM", 64, 8), vocabulary_size=5, seed=0)
    ids = torch.randint(5, (40,), generator=torch.Generator().manual_seed(0))
    profile = memory.language_model_profile(model, ids, context=12, passages=1)
    window = ids[:13]

    def log_probability(embedded):
        output, _ = model.rnn(embedded.unsqueeze(0))
        return torch.log_softmax(model.head(output[0, -1]), dim=-1)[window[-1]]

    jacobian = torch.func.jacrev(log_probability)(model.embedding(window[:-1]).detach())  # (12, EMBEDDING)
    np.testing.assert_allclose(profile, jacobian.norm(dim=-1).double().flip(0).detach().numpy(), rtol=1e-5)
    assert profile.shape == (12,)


def test_a_validation_text_shorter_than_the_context_is_refused():
    model = CharModel(LayerSpec("GRU", 64, 4), vocabulary_size=3, seed=0)
    with pytest.raises(ValueError, match="shorter"):
        memory.language_model_profile(model, torch.zeros(10, dtype=torch.long), context=12)
