"""rnnviz.lecture_notes: each note's example, run by torch, against the figures the note printed."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from rnnviz import LayerSpec
from rnnviz.lecture_notes import digits, hello, numpy_loop, printed, shapes_note, sine

# ---- note 2: "hello" --------------------------------------------------------------------------------------------


def test_hello_reproduces_the_notes_printed_tensor_to_four_decimals():
    result = hello.run()
    assert torch.equal(torch.round(result.output, decimals=4), printed.HELLO_OUTPUT)
    assert tuple(result.output.shape) == printed.HELLO_OUTPUT_SIZE
    assert all(check.matches for check in hello.checks(result))
    assert "grad_fn=<StackBackward0>" in result.printout  # torch's own print format, as the note shows it
    assert result.printout.endswith("torch.Size([3, 5, 2])")


def test_hello_is_read_as_seq_len_3_batch_5_and_its_equal_rows_are_two_sequences():
    result = hello.run()
    assert tuple(result.h_n.shape) == (1, 5, 2), "h_n has one row per sequence: 5 sequences"
    # Sequences 2 and 3 are fed l, l, e: equal rows in every block.
    assert result.equal_rows == [(2, 3)]
    assert torch.equal(result.x[:, 2], result.x[:, 3])


def test_hello_with_batch_first_reads_three_words_and_no_rows_repeat():
    result = hello.run(batch_first=True)
    assert tuple(result.h_n.shape) == (1, 3, 2), "three words, one final state each"
    assert result.equal_rows == []
    # The first step of each word sees the same letter as the time-first run's first step of sequences 0, 1, 2.
    time_first = hello.run()
    assert torch.allclose(result.output[:, 0], time_first.output[0, :3])
    checks = hello.checks(result)
    assert [check.matches for check in checks] == [False, True]


def test_the_one_hot_order_changes_the_numbers():
    sorted_order = hello.run(vocabulary="ehlo")
    assert [check.matches for check in hello.checks(sorted_order)] == [False, True]
    with pytest.raises(ValueError, match="vocabulary"):
        hello.run(vocabulary="hell")


# ---- note 3: numpy loop -----------------------------------------------------------------------------------------


def test_the_numpy_loop_with_torchs_weights_gives_torchs_output():
    loop, torch_output = numpy_loop.loop_with_torch_weights()
    assert loop.shape == torch_output.shape == (10, 8)
    assert np.abs(loop - torch_output).max() < 1e-6


def test_the_notes_uniform_weights_saturate_tanh_and_small_weights_do_not():
    note = numpy_loop.saturation(1.0)
    assert note.hidden[1:].min() > numpy_loop.SATURATED
    assert note.slope[1:].max() < 0.02
    assert np.allclose(np.tanh(note.pre_activation), note.hidden)
    small = numpy_loop.saturation(0.1)
    assert small.slope.mean() > 0.9
    assert all(check.matches for check in numpy_loop.checks(note, numpy_loop.torch_variants()))
    assert not all(check.matches for check in numpy_loop.checks(small, numpy_loop.torch_variants()))
    with pytest.raises(ValueError, match="scale"):
        numpy_loop.saturation(0)


def test_the_notes_torch_shapes_and_its_misspelt_keyword():
    runs = numpy_loop.torch_variants()
    shapes = {variant: (tuple(o.shape), tuple(s.shape)) for variant, (o, s) in runs.items()}
    assert shapes == printed.NUMPY_NOTE_TORCH_SHAPES
    message = numpy_loop.misspelt_keyword_error()
    assert message.startswith("TypeError") and "batch_fisrt" in message


# ---- note 4: sine -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("input_size", [1, 3])
def test_sine_shapes_match_the_note(input_size):
    result = sine.run(input_size)
    checks = sine.checks(input_size, result)
    assert [check.ours for check in checks] == [check.note for check in checks]
    assert all(check.matches for check in checks)


def test_sine_with_three_inputs_puts_three_consecutive_points_in_each_step():
    result = sine.run(3)
    curve = np.sin(np.linspace(0, np.pi, 60))
    assert np.array_equal(result["data"][1], curve[3:6])
    assert torch.allclose(result["input_data"][0, 1], torch.tensor(curve[3:6], dtype=torch.float32))
    with pytest.raises(ValueError, match="input_size"):
        sine.run(2)


# ---- note 1: shapes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset_key", [key for key, _ in shapes_note.EXPERIMENTS])
def test_shapes_note_experiments_match_and_h0_has_h_ns_shape(preset_key):
    result = shapes_note.run(preset_key)
    assert all(check.matches for check in shapes_note.checks(preset_key, result))
    assert result["h_0"].shape == result["h_n"].shape
    # Passing zeros as h_0 is what torch does when it is left out.
    layer = shapes_note.PRESETS_BY_KEY[preset_key].spec.build()
    with torch.no_grad():
        output, _ = layer(result["input_data"])
    assert torch.equal(output, result["output"])


def test_h_n_rows_are_layer_and_direction_not_time_steps():
    result = shapes_note.run("rnn_4_200_l3_bi")
    # Row 2 * layer + direction; the top layer's forward row is output's last step, forward half.
    assert torch.equal(result["h_n"][4], result["output"][-1, :, :200])
    assert torch.equal(result["h_n"][5], result["output"][0, :, 200:])


# ---- note 5: MNIST LSTM -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("input_size", digits.NOTE_INPUT_SIZES)
def test_torchinfo_counts_the_notes_total_and_our_own_count_agrees(input_size):
    stats = digits.summary(digits.note_model(), input_size)
    ours = LayerSpec("LSTM", 28, 256, num_layers=2, batch_first=True).num_parameters() + 256 * 10 + 10
    assert stats.total_params == ours == printed.DIGITS_NOTE_TOTAL_PARAMETERS
    text = str(stats)
    assert "Total params: 821,770" in text
    assert f"[{input_size[0]}, {input_size[1]}, 256]" in text  # the LSTM's output shape: (N, L, 256)


def test_last_step_indexing_and_which_state_it_is():
    model = digits.note_model()
    x = torch.randn(5, 7, 28, generator=torch.Generator().manual_seed(1))
    tensors = digits.last_step_shapes(model, x)
    shapes = {name: tuple(t.shape) for name, t in tensors.items()}
    assert shapes["rnn_out[:, -1, :]"] == (5, 256)
    assert shapes["rnn_out[:, -1:]"] == (5, 1, 256)
    assert shapes["lin(rnn_out[:, -1:])"] == (5, 1, 10)
    assert shapes["lin(rnn_out[:, -1:]).view([-1, ydim])"] == (5, 10)
    assert shapes["h_n"] == shapes["c_n"] == (2, 5, 256), "(num_layers, N, hidden) although batch_first=True"
    assert torch.equal(tensors["rnn_out[:, -1, :]"], tensors["h_n"][-1]), "the last hidden state"
    assert not torch.allclose(tensors["rnn_out[:, -1, :]"], tensors["c_n"][-1]), "not the cell state"
    with torch.no_grad():
        assert torch.allclose(model(x), tensors["lin(rnn_out[:, -1:]).view([-1, ydim])"])


def test_proj_size_makes_the_cell_state_larger_than_the_output():
    assert digits.projected_shapes(64) == {"output": (2, 20, 64), "h_n": (2, 2, 64), "c_n": (2, 2, 256)}


def test_bundled_digits_and_the_split():
    data = digits.load_digits()
    assert tuple(data.images.shape) == (1797, 8, 8)
    assert float(data.images.min()) == 0.0 and float(data.images.max()) == 1.0
    assert sorted(torch.unique(data.labels).tolist()) == list(range(10))
    train_index, test_index = digits.split(1797)
    assert (len(train_index), len(test_index)) == (1348, 449)
    assert not set(train_index.tolist()) & set(test_index.tolist())


def test_trained_classifier_beats_both_baselines_on_digits_it_never_saw():
    steps = []
    run = digits.train_digits(on_step=lambda step, total, loss: steps.append((step, total)))
    assert steps[-1][0] == steps[-1][1] == len(run.history)
    assert (run.train_count, run.test_count) == (1348, 449)
    assert run.baselines["majority"] < 0.15
    assert run.test_accuracy > run.baselines["nearest_mean"] > 0.8
    assert len(run.accuracy_after_rows) == 8 and run.accuracy_after_rows[-1] == run.test_accuracy
    assert run.accuracy_after_rows[0] < 0.5, "one row of eight is not enough to read a digit"


def test_digits_training_is_deterministic_for_a_seed():
    first, second = digits.train_digits(epochs=1, seed=3), digits.train_digits(epochs=1, seed=3)
    assert first.history == second.history
