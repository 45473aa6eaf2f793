"""rnnviz.analysis against independent computations: numpy's Pearson r, finite differences, counted tails."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz import LayerSpec
from rnnviz.analysis import Saturation, connectivity, gate_saturation, unit_correlations


def test_unit_correlations_equal_numpys_pearson_r_and_zero_for_a_constant_unit():
    generator = torch.Generator().manual_seed(0)
    hidden = torch.randn(40, 5, generator=generator)
    tracked = torch.randn(40, generator=generator)
    hidden[:, 2] = 0.5 * tracked + 0.1 * hidden[:, 2]
    hidden[:, 4] = 3.0  # never changes
    r = unit_correlations(hidden, tracked)
    expected = [np.corrcoef(hidden[:, k].numpy(), tracked.numpy())[0, 1] for k in range(4)]
    assert r[:4].numpy() == pytest.approx(expected, abs=1e-12)
    assert r[4] == 0 and r[2] > 0.9
    assert torch.equal(unit_correlations(hidden, torch.ones(40)), torch.zeros(5, dtype=torch.float64))
    with pytest.raises(ValueError, match="seq_len"):
        unit_correlations(hidden, tracked[:10])


def _finite_difference(module, head, x: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """||d head(output_t) / d x_s|| by central differences, one input number at a time (float64)."""
    seq_len, features = x.shape

    def outputs(values):
        out, _ = module(values.unsqueeze(0) if module.batch_first else values.unsqueeze(1))
        return head(out[0] if module.batch_first else out[:, 0])  # (seq_len, outputs)

    jacobian = torch.zeros(seq_len, head.out_features, seq_len, features, dtype=torch.float64)
    with torch.no_grad():
        for s in range(seq_len):
            for f in range(features):
                up, down = x.clone(), x.clone()
                up[s, f] += eps
                down[s, f] -= eps
                jacobian[:, :, s, f] = (outputs(up) - outputs(down)) / (2 * eps)
    return jacobian.pow(2).sum(dim=(1, 3)).sqrt()


@pytest.mark.parametrize("spec", [LayerSpec("RNN", 3, 5), LayerSpec("LSTM", 3, 4, num_layers=2, batch_first=True),
                                  LayerSpec("GRU", 3, 4, bidirectional=True),
                                  LayerSpec("LSTM", 3, 6, bidirectional=True, proj_size=2)], ids=str)
def test_connectivity_equals_finite_differences(spec):
    torch.manual_seed(1)
    module = spec.build(seed=2).double()
    head = nn.Linear(spec.num_directions * spec.output_size, 3).double()
    x = torch.randn(7, 3, dtype=torch.float64)
    batched = x.unsqueeze(0) if spec.batch_first else x.unsqueeze(1)
    measured = connectivity(module, head, batched)
    assert measured.shape == (7, 7)
    expected = _finite_difference(module, head, x)
    assert torch.allclose(measured, expected, rtol=1e-4, atol=1e-10)
    assert torch.equal(connectivity(module, head, x), measured), "unbatched and batch 1 agree"
    if not spec.bidirectional:
        assert torch.all(measured.triu(1) == 0), "a one-way layer's output at t cannot depend on later inputs"
        assert torch.all(measured.diagonal() > 0)


def test_connectivity_takes_one_sequence():
    module = LayerSpec("RNN", 2, 3).build()
    with pytest.raises(ValueError, match="one sequence"):
        connectivity(module, nn.Linear(3, 1), torch.randn(5, 2, 2))


def test_gate_saturation_counts_each_gates_tails():
    gates = {"f": torch.tensor([0.05, 0.5, 0.95, 0.99]), "g": torch.tensor([-0.95, 0.0, 0.5, 0.2])}
    assert gate_saturation(gates) == [Saturation("f", 0.25, 0.5), Saturation("g", 0.25, 0.0)]
