"""A student's own trained layer: found in a saved state_dict by its keys, its settings read from the shapes, rebuilt
as torch's module with bitwise the same outputs; a file that holds code, is too big, or fits no layer is refused
with the message for it, and nothing in it runs."""

from __future__ import annotations

import dataclasses
import io
import pickle
import zipfile

import pytest
import torch
from safetensors.torch import save, save_file
from torch import nn

from rnnviz import own_model
from rnnviz.errors import RnnvizError
from rnnviz.own_model import read_layers
from rnnviz.spec import LayerSpec


class Tagger(nn.Module):
    """A whole model around the layers: an embedding, an encoder holding an LSTM, a GRU, a plain RNN and a head."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(3)
        self.embedding = nn.Embedding(11, 5)
        self.encoder = nn.Module()
        self.encoder.lstm = nn.LSTM(5, 7, num_layers=2, bidirectional=True, proj_size=3)
        self.gru = nn.GRU(6, 4, batch_first=True, bias=False)
        self.rnn = nn.RNN(4, 9, nonlinearity="relu")
        self.head = nn.Linear(6, 2)


def _outputs(module: nn.Module, x: torch.Tensor):
    with torch.no_grad():
        return module.eval()(x)


def _same(a, b) -> bool:
    if isinstance(a, tuple):
        return all(_same(x, y) for x, y in zip(a, b, strict=True))
    return torch.equal(a, b)


def test_every_layer_inside_a_larger_model_comes_back_with_its_settings_and_bitwise_its_outputs(tmp_path):
    model = Tagger()
    path = tmp_path / "tagger.pt"
    torch.save(model.state_dict(), path)
    found = read_layers(path)
    assert [layer.prefix for layer in found] == ["encoder.lstm.", "gru.", "rnn."]
    assert [layer.spec for layer in found] == [
        LayerSpec("LSTM", 5, 7, num_layers=2, bidirectional=True, proj_size=3),
        LayerSpec("GRU", 6, 4, bias=False),
        LayerSpec("RNN", 4, 9),
    ]
    x = torch.randn(6, 2, 5, generator=torch.Generator().manual_seed(0))
    assert _same(_outputs(found[0].module, x), _outputs(model.encoder.lstm, x))
    # batch_first changes no tensor: the rebuilt GRU reads time-first what the model's reads batch-first
    x = torch.randn(2, 3, 6, generator=torch.Generator().manual_seed(1))  # (batch, seq_len, feature)
    output, h_n = _outputs(model.gru, x)
    rebuilt, rebuilt_h_n = _outputs(found[1].module, x.transpose(0, 1))
    assert torch.equal(rebuilt.transpose(0, 1), output) and torch.equal(rebuilt_h_n, h_n)
    # the plain RNN's relu is not in its weights: tanh is assumed, and said
    assert "nonlinearity" in found[2].assumed and "nonlinearity" not in found[0].assumed
    relu = dataclasses.replace(found[2].spec, nonlinearity="relu").build()
    relu.load_state_dict(found[2].module.state_dict())
    x = torch.randn(5, 2, 4, generator=torch.Generator().manual_seed(2))
    assert _same(_outputs(relu, x), _outputs(model.rnn, x))


def test_safetensors_files_and_uploads_read_the_same_layers(tmp_path):
    model = Tagger()
    path = tmp_path / "tagger.safetensors"
    save_file({key: value.contiguous() for key, value in model.state_dict().items()}, path)
    from_file = read_layers(path)
    upload = io.BytesIO(save({key: value.contiguous() for key, value in model.state_dict().items()}))
    from_upload = read_layers(upload, name="weights.bin")  # sniffed, whatever the name says
    x = torch.randn(4, 1, 5, generator=torch.Generator().manual_seed(0))
    expected = {layer.prefix: layer.spec for layer in read_layers_of(model, tmp_path)}
    for found in (from_file, from_upload):
        assert {layer.prefix: layer.spec for layer in found} == expected
        lstm = next(layer.module for layer in found if layer.prefix == "encoder.lstm.")
        assert _same(_outputs(lstm, x), _outputs(model.encoder.lstm, x))


def read_layers_of(model: nn.Module, folder) -> list:
    path = folder / "reference.pt"
    torch.save(model.state_dict(), path)
    return read_layers(path)


def test_a_checkpoint_nesting_its_state_dict_beside_other_things_is_read(tmp_path):
    lstm = nn.LSTM(3, 5)
    optimiser = torch.optim.Adam(lstm.parameters())
    lstm(torch.randn(2, 1, 3))[0].sum().backward()
    optimiser.step()
    path = tmp_path / "checkpoint.pt"
    torch.save({"model": lstm.state_dict(), "optimizer": optimiser.state_dict(), "epoch": 3}, path)
    (found,) = read_layers(path)
    assert found.prefix == "model." and found.spec == LayerSpec("LSTM", 3, 5)


class _Payload:
    """A pickle that, if unpickled as code, would write a file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


def test_a_malicious_pickle_is_refused_without_running(tmp_path):
    marker = tmp_path / "ran.txt"
    path = tmp_path / "evil.pt"
    torch.save({"weight_ih_l0": torch.zeros(4, 2), "payload": _Payload(str(marker))}, path)
    with pytest.raises(RnnvizError) as refused:
        read_layers(path)
    assert refused.value.code == "own_model_pickle"
    assert "exec" in str(refused.value)
    assert not marker.exists()
    # the same payload in a bare pickle (no torch zip around it)
    bare = io.BytesIO(pickle.dumps(_Payload(str(marker))))
    with pytest.raises(RnnvizError) as refused:
        read_layers(bare, name="evil.pkl")
    # protocol 4's STACK_GLOBAL is an operation torch's loader does not take at all: refused as unreadable
    assert refused.value.code == "own_model_unreadable" and "Unsupported operand" in str(refused.value)
    assert not marker.exists()


def test_a_whole_pickled_module_gets_the_state_dict_advice(tmp_path):
    path = tmp_path / "module.pt"
    torch.save(nn.GRU(2, 3), path)
    with pytest.raises(RnnvizError) as refused:
        read_layers(path)
    assert refused.value.code == "own_model_pickle"
    assert "model.state_dict()" in str(refused.value)
    assert "model.state_dict()" in refused.value.message("ko")


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(own_model, "MAX_OWN_MODEL_BYTES", 1000)
    path = tmp_path / "big.pt"
    torch.save(nn.LSTM(8, 8).state_dict(), path)
    for source in (path, io.BytesIO(path.read_bytes())):
        with pytest.raises(RnnvizError) as refused:
            read_layers(source)
        assert refused.value.code == "own_model_size"


def _saved(tensors: dict, tmp_path) -> str:
    path = tmp_path / "weights.pt"
    torch.save(tensors, path)
    return str(path)


@pytest.mark.parametrize("tensors, named", [
    ({"cell.weight_ih_l0": torch.zeros(10, 4), "cell.weight_hh_l0": torch.zeros(10, 5)}, "10, 5"),
    ({"weight_ih_l0": torch.zeros(12, 4), "weight_hh_l0": torch.zeros(12, 3), "weight_ih_l1": torch.zeros(12, 3)},
     "weight_hh_l1 is missing"),
    ({"weight_ih_l0": torch.zeros(12, 4), "weight_hh_l0": torch.zeros(12, 3), "bias_ih_l0": torch.zeros(5)},
     "bias_ih_l0"),
    ({"weight_ih_l0": torch.zeros(9, 4), "weight_hh_l0": torch.zeros(9, 2), "weight_hr_l0": torch.zeros(2, 3)},
     "only an LSTM"),
])
def test_tensors_that_fit_no_layer_are_named(tmp_path, tensors, named):
    with pytest.raises(RnnvizError) as refused:
        read_layers(_saved(tensors, tmp_path))
    assert refused.value.code == "own_model_layer"
    assert named in str(refused.value)


def test_a_file_with_no_layer_names_the_keys_it_has(tmp_path):
    with pytest.raises(RnnvizError) as refused:
        read_layers(_saved(nn.Linear(3, 2).state_dict(), tmp_path))
    assert refused.value.code == "own_model_no_layer"
    assert "weight, bias" in str(refused.value)


def test_a_file_neither_torch_nor_safetensors_is_named_so(tmp_path):
    path = tmp_path / "notes.pt"
    path.write_text("Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n")
    with pytest.raises(RnnvizError) as refused:
        read_layers(path)
    assert refused.value.code == "own_model_unreadable"


def test_a_torch_file_that_expands_past_the_limit_is_refused_before_it_is_loaded(tmp_path):
    # torch reads deflated zip entries: 9 KB on disk, 8 MB once loaded
    saved = io.BytesIO()
    torch.save({"weight_ih_l0": torch.zeros(4, 500_000), "weight_hh_l0": torch.zeros(4, 1)}, saved)
    stored = zipfile.ZipFile(io.BytesIO(saved.getvalue()))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in stored.infolist():
            archive.writestr(entry.filename, stored.read(entry.filename))
    assert len(packed.getvalue()) < own_model.MAX_OWN_MODEL_BYTES < len(saved.getvalue())
    with pytest.raises(RnnvizError) as refused:
        read_layers(io.BytesIO(packed.getvalue()), name="small.pt")
    assert refused.value.code == "own_model_size"
