"""rnnviz.charlm: corpora, n-gram baselines, the character model, its training, validation loss and bundling."""

from __future__ import annotations

import math

import pytest
import torch

from rnnviz import LayerSpec
from rnnviz.charlm import CharModel, Corpus, load_corpus, ngram_baselines, train, validation_loss
from rnnviz.charlm.bundle import pretrained, save
from rnnviz.charlm.model import EMBEDDING
from rnnviz.charlm.ngram import ngram_nats


@pytest.fixture(scope="module")
def shakespeare() -> Corpus:
    return load_corpus("shakespeare")


def test_corpora_split_in_order_and_share_one_vocabulary(shakespeare):
    assert len(shakespeare.text) == 1_115_394 and len(shakespeare.vocabulary) == 65
    assert shakespeare.train_text + shakespeare.validation_text == shakespeare.text
    assert len(shakespeare.validation_text) == 111_540
    assert list(shakespeare.vocabulary) == sorted(set(shakespeare.text))
    sample = shakespeare.validation_text[:500]
    assert shakespeare.decode(shakespeare.encode(sample)) == sample
    python = load_corpus("python")
    assert python.text == load_corpus("python").text and "def " in python.train_text
    assert len(python.text) > 1_000_000
    with pytest.raises(ValueError, match="corpus"):
        load_corpus("linux")


def test_ngram_baselines_on_a_text_small_enough_to_count_by_hand():
    # Train "ababababa", validate "b"; add-0.1 smoothing over {a, b}.
    corpus = Corpus("tiny", "ababababab")
    assert ngram_nats(corpus, 1) == pytest.approx(-math.log(4.1 / 9.2))  # b seen 4 times in 9
    assert ngram_nats(corpus, 2) == pytest.approx(-math.log(4.1 / 4.2))  # a -> b 4 times, a as context 4 times
    assert ngram_nats(corpus, 3) == pytest.approx(-math.log(3.1 / 3.2))  # ba -> b 3 times, ba as context 3 times


def test_ngram_baselines_on_tiny_shakespeare_are_the_measured_ones(shakespeare):
    baselines = ngram_baselines(shakespeare)
    assert {name: round(value, 2) for name, value in baselines.items()} == {
        "unigram": 3.35, "bigram": 2.48, "trigram": 2.05}


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
def test_the_model_wraps_the_apps_own_layer(cell):
    model = CharModel(LayerSpec(cell, 3, 16), vocabulary_size=11)
    assert model.spec.input_size == EMBEDDING and model.spec.batch_first
    logits, state = model(torch.zeros(4, 7, dtype=torch.long))
    assert tuple(logits.shape) == (4, 7, 11)
    h_n = state[0] if cell == "LSTM" else state
    assert tuple(h_n.shape) == (1, 4, 16)
    with pytest.raises(ValueError, match="bidirectional"):
        CharModel(LayerSpec(cell, 3, 16, bidirectional=True), 11)


def test_validation_carries_the_state_so_chunks_equal_one_long_pass(shakespeare):
    model = CharModel(LayerSpec("GRU", 64, 32), len(shakespeare.vocabulary), seed=1)
    chunked = validation_loss(model, shakespeare, max_chars=3201)  # 32 streams of 100: one chunk each... and more
    ids = shakespeare.validation_ids[:3201]
    streams, length = 32, 100
    with torch.no_grad():
        logits, _ = model(ids[:streams * length].view(streams, length))
    whole = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                              ids[1:streams * length + 1].view(streams, length).reshape(-1))
    assert chunked == pytest.approx(float(whole), abs=1e-5)
    longer = validation_loss(model, shakespeare, max_chars=32 * 250 + 1)  # three chunks per stream, state carried
    ids = shakespeare.validation_ids[:32 * 250 + 1]
    with torch.no_grad():
        logits, _ = model(ids[:-1].view(32, 250))
    whole = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[1:].view(32, 250).reshape(-1))
    assert longer == pytest.approx(float(whole), abs=1e-5)


def test_an_untrained_model_scores_about_log_vocabulary_and_training_lowers_it(shakespeare):
    spec = LayerSpec("LSTM", 64, 32)
    untrained = CharModel(spec, len(shakespeare.vocabulary))
    before = validation_loss(untrained, shakespeare, max_chars=20_000)
    assert abs(before - math.log(65)) < 0.2
    steps = []
    trained = train(shakespeare, spec, steps=60, batch=16, seq_len=50,
                    on_step=lambda step, loss, elapsed: steps.append(step))
    assert steps == list(range(1, 61)) and len(trained.history) == 60 == trained.steps
    assert validation_loss(trained.model, shakespeare, max_chars=20_000) < before - 0.5
    again = train(shakespeare, spec, steps=3, batch=16, seq_len=50)
    assert again.history == train(shakespeare, spec, steps=3, batch=16, seq_len=50).history, "deterministic"
    with pytest.raises(ValueError, match="seconds"):
        train(shakespeare, spec)


def test_a_saved_model_loads_without_unpickling_and_gives_the_same_numbers(shakespeare, tmp_path):
    trained = train(shakespeare, LayerSpec("GRU", 64, 24), steps=2, batch=8, seq_len=20)
    weights, note = save(trained, {"command": "test"}, tmp_path)
    assert set(torch.load(weights, weights_only=True)) == set(trained.model.state_dict())
    loaded = pretrained("shakespeare", tmp_path)
    x = shakespeare.encode("ROMEO:\n")[None]
    with torch.no_grad():
        assert torch.equal(loaded(x)[0], trained.model(x)[0])
    note.write_text(note.read_text().replace('"vocabulary": "', '"vocabulary": "#'))
    with pytest.raises(ValueError, match="vocabulary"):
        pretrained("shakespeare", tmp_path)
