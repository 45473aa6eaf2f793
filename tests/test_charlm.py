"""rnnviz.charlm: corpora, n-gram baselines, the character model, its training, validation loss and bundling."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from rnnviz import LayerSpec
from rnnviz.charlm import CharModel, Corpus, load_corpus, ngram_baselines, train, validation_loss
from rnnviz.charlm.bundle import pretrained, save
from rnnviz.charlm.model import EMBEDDING
from rnnviz.charlm.ngram import ngram_nats
from rnnviz.charlm.training import streams


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


def test_streams_are_consecutive_windows_of_the_training_text():
    ids = torch.arange(1000)
    windows = streams(ids, batch=4, seq_len=10, generator=torch.Generator().manual_seed(3))
    first = [next(windows) for _ in range(24)]  # a pass is (1000 - offset - 1) // 4 // 10 = 24 windows
    assert [fresh for _, _, fresh in first] == [True] + [False] * 23
    rows = torch.cat([x for x, _, _ in first], dim=1)  # (4, 240): each row one stretch of the text, in order
    assert tuple(first[0][0].shape) == (4, 10)
    assert torch.equal(rows, rows[:, :1] + torch.arange(240)), "every row reads on where its last window stopped"
    assert torch.equal(torch.cat([y for _, y, _ in first], dim=1), rows + 1)
    assert len(set(rows[:, 0].tolist())) == 4 and int(rows[0, 0]) < 10
    assert next(windows)[2], "the next pass starts anew"


def test_stateful_training_continues_each_window_from_the_state_the_last_one_left(shakespeare):
    spec = LayerSpec("GRU", 64, 16)
    # lr = 0 keeps the weights at their start, so each step's loss can be checked against one long pass
    carried = train(shakespeare, spec, steps=2, batch=4, seq_len=10, lr=0.0, stateful=True)
    windows = streams(shakespeare.train_ids, 4, 10, torch.Generator().manual_seed(0))  # train's own seed
    (x1, _, _), (x2, y2, _) = next(windows), next(windows)
    with torch.no_grad():
        logits, _ = carried.model(torch.cat([x1, x2], dim=1))
    loss = torch.nn.functional.cross_entropy(logits[:, 10:].reshape(-1, logits.shape[-1]), y2.reshape(-1))
    assert carried.history[1] == pytest.approx(float(loss), abs=1e-6)
    with torch.no_grad():
        from_zeros = torch.nn.functional.cross_entropy(carried.model(x2)[0].reshape(-1, logits.shape[-1]),
                                                       y2.reshape(-1))
    assert float(from_zeros) != pytest.approx(carried.history[1], abs=1e-4)


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


def test_text_features_mark_what_they_name():
    from rnnviz.charlm.features import COMPUTE

    assert COMPUTE["position_in_line"]("ab\ncd").tolist() == [0, 1, 2, 0, 1]
    assert COMPUTE["word_start"]("hi x_1, yo").tolist() == [1, 0, 0, 1, 0, 0, 0, 0, 1, 0]
    assert COMPUTE["uppercase"]("aB").tolist() == [0, 1]
    speaker = "ROMEO:\nO, she doth teach\nFirst Citizen:\n"
    marked = "".join(char for char, on in zip(speaker, COMPUTE["speaker_line"](speaker)) if on)
    assert marked == "ROMEO:First Citizen:"
    code = 'x = "a(b"\ny = (1,\n     2)\ndef f():\n    return x\n'
    in_string = "".join(char for char, on in zip(code, COMPUTE["in_string"](code)) if on)
    assert in_string == '"a(b"'
    in_brackets = "".join(char for char, on in zip(code, COMPUTE["in_brackets"](code)) if on)
    assert in_brackets == "(1,\n     2)()", "the bracket inside the string does not count"
    indentation = COMPUTE["indentation"](code)
    assert indentation[code.index("return")] == 4 and indentation[code.index("def")] == 0


@pytest.fixture(scope="module")
def small_lstm(shakespeare) -> CharModel:
    return CharModel(LayerSpec("LSTM", 64, 24, num_layers=2), len(shakespeare.vocabulary), seed=3)


def test_reading_a_passage_gives_torchs_states_and_a_distribution_per_character(shakespeare, small_lstm):
    from rnnviz.charlm.reading import read, top_guesses

    text, context = shakespeare.validation_text[100:400], shakespeare.validation_text[:100]
    reading = read(small_lstm, shakespeare, text, context)
    with torch.no_grad():
        logits, _ = small_lstm(shakespeare.encode(context + text)[None])
    assert reading.hidden.shape == (300, 24) and reading.cell.shape == (300, 24)
    assert torch.allclose(torch.softmax(logits[0, 100:], -1), reading.probabilities, atol=1e-5)
    assert torch.allclose(reading.probabilities.sum(-1), torch.ones(300), atol=1e-5)
    guesses = top_guesses(reading, shakespeare, k=5)
    assert len(guesses) == 300 and len(guesses[0]) == 5
    assert guesses[0][0][1] >= guesses[0][1][1] and guesses[0][0][1] == pytest.approx(
        float(reading.probabilities[0].max()))


def test_long_text_states_carry_the_state_across_chunks(shakespeare, small_lstm):
    from rnnviz.charlm.reading import hidden_states

    text = shakespeare.validation_text[:2500]
    states = hidden_states(small_lstm, shakespeare, text)
    with torch.no_grad():
        output, _ = small_lstm.rnn(small_lstm.embedding(shakespeare.encode(text)[None]))
    assert states.shape == (2500, 24) and torch.allclose(states, output[0], atol=1e-5)


def test_rank_units_finds_the_unit_that_is_the_feature():
    from rnnviz.charlm.reading import rank_units

    feature = np.array([0, 1, 1, 0, 1, 0, 0, 1], dtype=np.float32)
    states = torch.randn(8, 5, generator=torch.Generator().manual_seed(0))
    states[:, 3] = torch.as_tensor(feature) * 2 - 1
    r = rank_units(states, {"in_string": feature})["in_string"]
    assert r.shape == (5,) and float(r[3]) == pytest.approx(1.0) and int(r.abs().argmax()) == 3


def test_select_and_match_finds_units_on_in_the_span_and_off_around_it():
    from rnnviz.charlm.reading import select_and_match

    states = torch.zeros(50, 4)
    for start, end in ((10, 15), (30, 35), (40, 42)):
        states[start:end, 1] = 1.0
    states[:, 2] = 1.0  # on everywhere: not off around the selection
    states[12:14, 0] = 1.0  # on for part of the selection only
    matches = select_and_match(states, 10, 15, threshold=0.5)
    assert matches.units == [1] and matches.runs == [(30, 35), (40, 42)]
    assert select_and_match(states, 20, 25, 0.5).units == []
    with pytest.raises(ValueError, match="selection"):
        select_and_match(states, 45, 60, 0.5)


def test_sampling_is_reproducible_for_a_seed_and_sharper_when_cold(shakespeare, small_lstm):
    from rnnviz.charlm.reading import sample

    first = sample(small_lstm, shakespeare, 200, temperature=1.0, seed=7)
    assert len(first) == 200 and first == sample(small_lstm, shakespeare, 200, temperature=1.0, seed=7)
    assert set(first) <= set(shakespeare.vocabulary)
    cold = sample(small_lstm, shakespeare, 200, temperature=0.05, seed=7)
    assert len(set(cold)) < len(set(first)), "near-greedy sampling repeats the likeliest characters"
    with pytest.raises(ValueError, match="temperature"):
        sample(small_lstm, shakespeare, 5, temperature=0)


@pytest.mark.parametrize("cell", ["LSTM", "GRU"])
def test_a_growing_sample_carries_the_states_a_reading_of_it_gives(shakespeare, cell):
    """The states yielded while sampling (torch's fused module, one character at a time) are those rnnviz.trace
    finds reading the finished sample after the same prime, so the sample can be coloured while it grows."""
    from rnnviz.charlm.reading import read, reading_of, sample, sample_steps

    model = CharModel(LayerSpec(cell, 64, 24, num_layers=2), len(shakespeare.vocabulary), seed=3)
    steps = list(sample_steps(model, shakespeare, 60, temperature=1.0, seed=5, prime="ROMEO:\n"))
    grown = reading_of(steps)
    assert grown.text == sample(model, shakespeare, 60, temperature=1.0, seed=5, prime="ROMEO:\n")
    read_again = read(model, shakespeare, grown.text, context="ROMEO:\n")
    assert grown.hidden.shape == (60, 24) and torch.allclose(grown.hidden, read_again.hidden, atol=1e-6)
    assert torch.allclose(grown.probabilities, read_again.probabilities, atol=1e-6)
    if cell == "LSTM":
        assert torch.allclose(grown.cell, read_again.cell, atol=1e-6)
    else:
        assert grown.cell is None


def test_the_training_tool_notes_the_command_that_made_the_weights(tmp_path, capsys):
    from tools.train_charlm import main

    main(["python", "--minutes", "0.01", "--hidden", "8", "--stateful", "--batch", "4", "--seq-len", "20",
          "--directory", str(tmp_path)])
    written = json.loads((tmp_path / "python.json").read_text(encoding="utf-8"))
    assert written["command"] == ("python -m tools.train_charlm python --minutes 0.01 --hidden 8 --stateful "
                                  "--batch 4 --seq-len 20"), "where the weights went is not part of how they were made"
    assert (written["batch"], written["seq_len"], written["windows"]) == (4, 20, "consecutive, carrying the state")
    assert written["validation_nats"] == pytest.approx(validation_loss(pretrained("python", tmp_path),
                                                                       load_corpus("python")), abs=1e-5)
    assert "validation loss" in capsys.readouterr().out
