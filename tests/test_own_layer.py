"""A student's own trained layer on every layer page: the pages run torch's module holding the file's weights (the
numbers on screen are that module's), the settings the tensors fix are locked, the snippet loads the weights it
offers for download, a file that holds code is refused without running, and weights the server let go say so."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
import torch
from tests_support import decoded
from torch import nn

from rnnviz import i18n, own_layer
from rnnviz.errors import RnnvizError
from rnnviz.gradients import fit_decay, gradient_study
from rnnviz.inputs import random_normal
from rnnviz.own_layer import OwnLayerSpec, keep_layer, weights_file_bytes
from rnnviz.own_model import read_layers
from rnnviz.spec import LayerSpec


class Encoder(nn.Module):
    """A whole model around a two-layer bidirectional LSTM: an embedding before it, a head after it."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(5)
        self.embedding = nn.Embedding(10, 6)
        self.encoder = nn.Module()
        self.encoder.lstm = nn.LSTM(6, 5, num_layers=2, bidirectional=True)
        self.head = nn.Linear(10, 2)


class Reader(nn.Module):
    """A plain RNN at the top level of the file, beside a head: one heatmap panel on the Hidden states page."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(9)
        self.rnn = nn.RNN(3, 4)
        self.head = nn.Linear(4, 1)


class Payload:
    """A pickle that creates a file when it is unpickled as code."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def _saved(model: nn.Module) -> bytes:
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.getvalue()


def _upload(at, model: nn.Module, name: str = "model.pt"):
    at.file_uploader(key="own_layer_upload").upload(name, _saved(model), "application/octet-stream").run()
    return at


# ---- the library -------------------------------------------------------------------------------------------------
def test_a_kept_layer_builds_bitwise_the_files_module_and_its_snippet_loads_the_offered_file(tmp_path, monkeypatch):
    model = Encoder()
    (found,) = read_layers(io.BytesIO(_saved(model)), "encoder.pt")
    spec = keep_layer(found, "encoder.pt")
    assert isinstance(spec, OwnLayerSpec) and spec.plain() == LayerSpec("LSTM", 6, 5, num_layers=2,
                                                                       bidirectional=True)
    x = torch.randn(7, 3, 6, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected = model.encoder.lstm.eval()(x)
        built = spec.build(seed=123)(x)
    assert torch.equal(built[0], expected[0]) and torch.equal(built[1][0], expected[1][0])
    # The snippet on screen, run next to the file the sidebar offers, uses exactly the file's weights.
    (tmp_path / spec.weights_file_name()).write_bytes(weights_file_bytes(spec))
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(spec.code(seq_len=4, batch=2, seed=3), namespace)  # noqa: S102 - the app's own snippet
    with torch.no_grad():
        assert torch.equal(namespace["output"], model.encoder.lstm(namespace["x"])[0])
    assert spec.weights_file_name() == "encoder_encoder.lstm.pt"


def test_the_server_keeps_the_most_recent_layers_within_its_budget_and_a_dropped_one_says_so(monkeypatch):
    monkeypatch.setattr(own_layer, "_kept", own_layer.OrderedDict())
    first, second = (read_layers(io.BytesIO(_saved(model)), "m.pt")[0] for model in (Reader(), Encoder()))
    one = keep_layer(first, "reader.pt")
    size = sum(t.numel() * t.element_size() for t in first.module.state_dict().values())
    monkeypatch.setattr(own_layer, "OWN_LAYERS_KEPT_BYTES", size + 1)
    keep_layer(second, "encoder.pt")  # over the budget: the least recently used goes
    with pytest.raises(RnnvizError) as gone:
        one.build()
    assert gone.value.code == "own_layer_gone"


def test_a_layer_beyond_the_controls_is_refused_by_name():
    (found,) = read_layers(io.BytesIO(_saved(nn.GRU(2000, 4))), "wide.pt")
    with pytest.raises(RnnvizError) as refused:
        keep_layer(found, "wide.pt")
    assert refused.value.code == "own_layer_bounds" and refused.value.values["name"] == "input_size"


# ---- the pages ---------------------------------------------------------------------------------------------------
def test_the_layer_builder_runs_on_the_upload_with_its_shape_settings_locked(app):
    at = _upload(app("pages/layer_builder.py"), Encoder(), "encoder.pt")
    assert not at.exception and not at.error
    assert any("encoder.lstm." in message.value and "nn.LSTM(6, 5, num_layers=2, bidirectional=True)"
               in message.value for message in at.success)
    assert at.number_input(key="hidden_size").value == 5 and at.number_input(key="hidden_size").disabled
    assert at.radio(key="cell").disabled and at.toggle(key="bidirectional").disabled
    assert not at.toggle(key="batch_first").disabled, "batch_first changes no tensor: it stays the user's"
    assert any('rnn.load_state_dict(torch.load("encoder_encoder.lstm.pt", weights_only=True))' in code.value
               for code in at.code)
    at.button(key="own_layer_stop").click().run()
    assert not at.number_input(key="hidden_size").disabled
    assert not any("encoder.lstm." in message.value for message in at.success)


def test_hidden_states_shows_the_uploaded_layers_own_numbers(app):
    model = Reader()
    at = _upload(app("pages/hidden_states.py"), model, "reader.pt")
    assert not at.exception and not at.error
    charts = at.get("plotly_chart")
    (panel,) = [trace for trace in json.loads(charts[0].proto.spec)["data"] if trace["type"] == "heatmap"]
    seq_len, batch, seed = (int(at.number_input(key=name).value) for name in ("seq_len", "batch", "seed"))
    x = random_normal(seq_len, batch, 3, seed).values
    with torch.no_grad():
        output, _ = model.rnn(x)
        initialised, _ = LayerSpec("RNN", 3, 4).build(seed)(x)
    np.testing.assert_allclose(decoded(panel["z"]), output[:, 0, :].T.numpy(), atol=1e-6)
    assert not np.allclose(decoded(panel["z"]), initialised[:, 0, :].T.numpy(), atol=1e-3)
    assert any("reader.pt" in caption.value for caption in at.sidebar.caption), "the weights section names it"
    assert not [button for button in at.button if button.key == "try_trained"]


def test_a_word_that_does_not_fit_the_uploaded_input_size_says_to_choose_the_random_input(app):
    at = _upload(app("pages/hidden_states.py"), Reader())
    at.radio(key="input").set_value("word").run()
    assert not at.exception
    assert any("input_size 3" in warning.value and i18n.text("input.random.name", "en") in warning.value
               for warning in at.warning)


@pytest.mark.parametrize("page", ["pages/shapes.py", "pages/sequences.py"])
def test_shapes_and_sequences_open_on_the_upload(app, page):
    at = _upload(app(page), Encoder())
    assert not at.exception and not at.error
    assert at.query_params["hidden_size"] == ["5"] or at.query_params["hidden_size"] == "5"


def test_a_pickled_program_is_refused_without_running_and_the_page_keeps_torchs_initialisation(app, tmp_path):
    marker = tmp_path / "ran"
    at = app("pages/layer_builder.py")
    evil = io.BytesIO()
    torch.save(Payload(str(marker)), evil)  # what torch.save(model) of a hostile "model" writes
    at.file_uploader(key="own_layer_upload").upload("evil.pt", evil.getvalue(), "application/octet-stream")
    at.run()
    assert not at.exception and not marker.exists()
    assert any("evil.pt" in error.value and "never runs anything" in error.value for error in at.error)
    assert not at.number_input(key="hidden_size").disabled


def test_weights_the_server_let_go_are_a_message_and_the_pages_go_back_to_torchs_initialisation(app, monkeypatch):
    at = _upload(app("pages/layer_builder.py"), Reader(), "reader.pt")
    monkeypatch.setattr(own_layer, "_kept", own_layer.OrderedDict())
    at.run()
    assert not at.exception and not at.error
    assert any("reader.pt" in warning.value and "Upload the file again" in warning.value for warning in at.warning)
    assert not at.number_input(key="hidden_size").disabled


def test_korean(app):
    at = _upload(app("pages/layer_builder.py", query={"lang": "ko"}), Encoder(), "encoder.pt")
    assert not at.exception and not at.error
    assert any("모든 레이어 페이지" in message.value for message in at.success)


def test_the_gradient_page_draws_an_uploaded_one_layer_beside_the_study_with_its_own_weights(app):
    model = Reader()
    at = _upload(app("pages/layer_builder.py"), model, "reader.pt")
    at.switch_page("pages/gradients.py").run()
    assert not at.exception and not at.error
    assert any("reader.pt" in message.value and "nn.RNN(3, 4)" in message.value for message in at.info)
    table = at.dataframe[0].value
    label = i18n.text("grad.own_label", "en", prefix="rnn.")
    row = table[table.iloc[:, 0] == label]
    assert len(row) == 1
    seq_len, seeds = (int(at.number_input(key=name).value) for name in ("g_seq_len", "g_seeds"))
    curves = gradient_study(model.rnn, seq_len, seeds)
    factor = fit_decay(np.arange(seq_len), curves.input_by_distance)
    assert row.iloc[0, 1] == f"{factor:.3f}"


def test_the_gradient_page_says_why_a_stacked_layer_is_not_drawn(app):
    at = _upload(app("pages/layer_builder.py"), Encoder())
    at.switch_page("pages/gradients.py").run()
    assert not at.exception and not at.error
    assert any("nn.LSTM(6, 5, num_layers=2, bidirectional=True)" in message.value and "one layer in one direction"
               in message.value for message in at.info)
