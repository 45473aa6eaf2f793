"""Gradient norms against direct autograd, the decay fit against theory, and the gated cells' behaviour."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from rnnviz import LayerSpec
from rnnviz.gradients import (
    STUDY_CELLS,
    StudySettings,
    fit_decay,
    gradient_study,
    input_gradient_norms,
    largest_singular_value,
    run_study,
    set_recurrent_init,
    spectral_radius,
    study_lengths,
    study_module,
)
from rnnviz.inits import add_forget_bias


def _direct_input_norms(module, x):
    """One backward per time step: the naive way, as the reference."""
    module64 = module.double()
    norms = torch.zeros(x.shape[0], x.shape[1], dtype=torch.float64)
    for t in range(x.shape[0]):
        leaf = x.detach().double().requires_grad_(True)
        output, _ = module64(leaf)
        output[-1].sum().backward()
        norms[t] = leaf.grad[t].norm(dim=-1)
    return norms


@pytest.mark.parametrize("spec", [LayerSpec("RNN", 3, 5), LayerSpec("LSTM", 3, 5, num_layers=2),
                                  LayerSpec("GRU", 3, 5, bidirectional=True),
                                  LayerSpec("RNN", 3, 5, nonlinearity="relu")],
                         ids=str)
def test_input_gradient_norms_equal_a_direct_autograd_computation(spec):
    module = spec.build(seed=1)
    x = torch.randn(12, 3, 3, generator=torch.Generator().manual_seed(2))
    norms = input_gradient_norms(module, x)
    assert norms.shape == (12, 3) and norms.dtype == torch.float64
    assert torch.allclose(norms, _direct_input_norms(spec.build(seed=1), x), rtol=1e-10, atol=0)


def test_input_gradient_norms_honour_batch_first():
    spec = LayerSpec("GRU", 2, 4, batch_first=True)
    x = torch.randn(3, 9, 2)
    time_first = input_gradient_norms(LayerSpec("GRU", 2, 4).build(), x.transpose(0, 1))
    assert torch.allclose(input_gradient_norms(spec.build(), x), time_first)


@pytest.mark.parametrize("cell, nonlinearity", [("RNN", "tanh"), ("RNN", "relu"), ("LSTM", "tanh"), ("GRU", "tanh")])
def test_one_pass_study_equals_separate_backward_passes(cell, nonlinearity):
    module = study_module(cell, 8, nonlinearity=nonlinearity)
    curves = gradient_study(module, 30, seeds=2, input_seed=3, lengths=[1, 4, 11, 30])
    x = torch.randn(30, 2, 4, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    module64 = study_module(cell, 8, nonlinearity=nonlinearity).double()
    for column, length in enumerate(curves.lengths):
        leaf = x[:length].clone().requires_grad_(True)
        output, _ = module64(leaf)
        output[-1].sum().backward()
        assert np.allclose(curves.first_step[:, column], leaf.grad[0].norm(dim=-1).numpy(), rtol=1e-9)
    leaf = x.clone().requires_grad_(True)
    output, _ = module64(leaf)
    output[-1].sum().backward()
    assert np.allclose(curves.input_by_distance, leaf.grad.norm(dim=-1).T.flip(1).numpy(), rtol=1e-9)
    # dL/dh_{T-1} is the all-ones vector: its norm is sqrt(hidden).
    assert np.allclose(curves.hidden_by_distance[:, 0], math.sqrt(8))


def test_hidden_gradient_of_a_linear_rnn_matches_the_jacobian_product():
    # relu with positive pre-activations is linear: dL/dh_t = (W_hh^T)^k 1 exactly.
    module = study_module("RNN", 5, nonlinearity="relu")
    with torch.no_grad():
        module.weight_hh_l0.copy_(torch.rand(5, 5) * 0.3)
        module.weight_ih_l0.abs_()
        module.bias_ih_l0.fill_(1.0)
        module.bias_hh_l0.fill_(1.0)
    curves = gradient_study(module, 10, seeds=1, lengths=[10])
    w = module.weight_hh_l0.detach().double()
    gradient = torch.ones(5, dtype=torch.float64)
    for k in range(10):
        assert curves.hidden_by_distance[0, k] == pytest.approx(float(gradient.norm()), rel=1e-9)
        gradient = w.T @ gradient


def test_fitted_decay_of_a_linear_recurrence_matches_its_spectral_radius():
    # h_t = W h_{t-1} + U x_t with W symmetric (normal): the gradient norm decays at exactly rho per step.
    generator = torch.Generator().manual_seed(0)
    a = torch.randn(16, 16, generator=generator, dtype=torch.float64)
    w = (a + a.T) / 2
    w *= 0.8 / spectral_radius(w)
    u = torch.randn(16, 3, generator=generator, dtype=torch.float64)
    x = torch.randn(120, 3, generator=generator, dtype=torch.float64, requires_grad=True)
    h = torch.zeros(16, dtype=torch.float64)
    for t in range(120):
        h = w @ h + u @ x[t]
    h.sum().backward()
    norms = x.grad.norm(dim=-1).flip(0).numpy()[None, :]
    factor = fit_decay(np.arange(120), norms, skip=20)
    assert math.log(factor) == pytest.approx(math.log(0.8), abs=0.01)


def test_fit_stops_at_underflow():
    distances = np.arange(100)
    curve = 0.5 ** distances
    curve[60:] = 0.0
    assert fit_decay(distances, curve[None, :]) == pytest.approx(0.5, rel=1e-6)
    assert math.isnan(fit_decay(distances[:5], curve[None, :5]))


def _input_factor(cell, **changes):
    module = study_module(cell, 64, **changes)
    curves = gradient_study(module, 200, seeds=4)
    return fit_decay(np.arange(200), curves.input_by_distance)


def test_lstm_decays_more_slowly_than_the_tanh_rnn_at_default_init_and_much_more_with_forget_bias_2():
    rnn, lstm, gru = _input_factor("RNN"), _input_factor("LSTM"), _input_factor("GRU")
    biased = _input_factor("LSTM", forget_bias=2.0)
    assert rnn == pytest.approx(0.58, abs=0.03)
    assert lstm == pytest.approx(0.64, abs=0.03) and gru == pytest.approx(0.64, abs=0.03)
    assert rnn < lstm < biased
    assert biased > 0.9, "with the forget gate near 1 the gradient survives"


@pytest.mark.parametrize("radius", [0.5, 0.9, 1.2])
def test_rescaling_sets_the_spectral_radius(radius):
    module = study_module("RNN", 32, init="orthogonal", radius=radius)
    assert spectral_radius(module.weight_hh_l0) == pytest.approx(radius, rel=1e-6)
    # Orthogonal: every singular value equals the radius.
    assert largest_singular_value(module.weight_hh_l0) == pytest.approx(radius, rel=1e-6)


def test_identity_init_and_bad_inits():
    module = study_module("RNN", 6, nonlinearity="relu", init="identity")
    assert torch.equal(module.weight_hh_l0.detach(), torch.eye(6))
    with pytest.raises(ValueError, match="init"):
        set_recurrent_init(LayerSpec("RNN", 2, 3).build(), "xavier")
    with pytest.raises(ValueError, match="plain RNN"):
        set_recurrent_init(LayerSpec("GRU", 2, 3).build(), "orthogonal")


def test_forget_bias_changes_only_the_f_quarter():
    module = LayerSpec("LSTM", 2, 4).build()
    before = module.bias_ih_l0.detach().clone()
    add_forget_bias(module, 2.0)
    after = module.bias_ih_l0.detach()
    assert torch.allclose(after[4:8], before[4:8] + 2.0)
    assert torch.equal(after[:4], before[:4]) and torch.equal(after[8:], before[8:])


def test_study_lengths_are_log_spaced_and_include_both_ends():
    lengths = study_lengths(1000)
    assert lengths[0] == 1 and lengths[-1] == 1000 and lengths == sorted(set(lengths))
    assert 10 <= len(lengths) <= 13


def test_run_study_covers_every_cell_on_the_same_inputs():
    curves, theory = run_study(StudySettings(seq_len=40, hidden_size=16, seeds=2))
    assert [STUDY_CELLS[key].label for key in curves] == ["RNN (tanh)", "RNN (relu)", "LSTM", "GRU"]
    assert all(c.input_by_distance.shape == (2, 40) for c in curves.values())
    assert theory.sigma_max >= theory.spectral_radius > 0
    assert theory.hidden_bound(40)[0] == pytest.approx(4.0)
    assert np.all(curves["rnn_tanh"].hidden_by_distance <= theory.hidden_bound(40) * (1 + 1e-9))


def test_an_lstm_learns_the_memory_task_only_with_its_forget_gate_open():
    from rnnviz.gradients import run_trained_study

    trained = run_trained_study(StudySettings(seq_len=200, hidden_size=64, forget_bias=2.0))
    assert trained["lstm"].task_loss < 0.1
    plain = run_trained_study(StudySettings(seq_len=200, hidden_size=64))
    assert plain["lstm"].task_loss > 0.5, "at torch's default init the first input is forgotten (loss ~1 = guessing)"
    after = fit_decay(np.arange(200), trained["lstm"].curves.input_by_distance)
    assert after > 0.97
