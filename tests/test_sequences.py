"""rnnviz.sequences against torch: each sequence run alone, autograd on a plain full-length run, torch's own errors."""

from __future__ import annotations

import random

import pytest
import torch

from rnnviz import sequences
from rnnviz.errors import RnnvizError
from rnnviz.sequences import StreamSettings, gather_last, padded_batch, parse_lengths, run_packed
from rnnviz.spec import LayerSpec


def random_layers(count: int, seed: int = 7) -> list[tuple[LayerSpec, tuple[int, ...], int]]:
    """Random layers (every cell, 1-3 layers, either direction count and layout, proj_size on some LSTMs) with
    random lengths, some longest first, some not, some all as long as the batch's padded length."""
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        cell = ("RNN", "LSTM", "GRU")[index % 3]
        hidden = rng.randint(2, 6)
        proj = rng.choice([0, 0, 1]) if cell == "LSTM" and hidden > 2 else 0
        spec = LayerSpec(cell, rng.randint(1, 4), hidden, num_layers=rng.randint(1, 3),
                         bidirectional=rng.random() < 0.5, batch_first=rng.random() < 0.5, proj_size=proj)
        lengths = tuple(rng.randint(1, 7) for _ in range(rng.randint(1, 5)))
        cases.append((spec, lengths, max(lengths) + rng.choice([0, 0, 2])))
    return cases


CASES = random_layers(24)


def _ids(case):
    spec, lengths, steps = case
    return f"{spec.constructor_code()}-{lengths}-T{steps}"


def _alone(module, x, b, length, batch_first):
    """Sequence b run by itself, unpadded: (output (length, D*H), h_n (D*L, H), c_n or None)."""
    own = x[b:b + 1, :length] if batch_first else x[:length, b:b + 1]
    with torch.no_grad():
        output, state = module(own)
    h_n, c_n = state if isinstance(state, tuple) else (state, None)
    output = output[0] if batch_first else output[:, 0]
    return output, h_n[:, 0], None if c_n is None else c_n[:, 0]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_the_packed_run_gives_each_sequence_what_it_gives_alone(case):
    spec, lengths, steps = case
    module = spec.build(3)
    x = padded_batch(lengths, spec.input_size, seed=1, batch_first=spec.batch_first, total_length=steps)
    run = run_packed(module, x, lengths)
    width = spec.num_directions * spec.output_size
    expected_output = (len(lengths), steps, width) if spec.batch_first else (steps, len(lengths), width)
    assert tuple(run.output.shape) == expected_output
    assert tuple(run.h_n.shape) == (spec.num_directions * spec.num_layers, len(lengths), spec.output_size)
    assert run.last_steps == tuple(length - 1 for length in lengths)
    for b, length in enumerate(lengths):
        output, h_n, c_n = _alone(module, x, b, length, spec.batch_first)
        packed_output = run.output[b] if spec.batch_first else run.output[:, b]
        torch.testing.assert_close(packed_output[:length], output, atol=1e-6, rtol=1e-5)
        assert torch.count_nonzero(packed_output[length:]) == 0
        torch.testing.assert_close(run.h_n[:, b], h_n, atol=1e-6, rtol=1e-5)
        if c_n is not None:
            torch.testing.assert_close(run.c_n[:, b], c_n, atol=1e-6, rtol=1e-5)
    assert (run.c_n is None) == (spec.cell != "LSTM")


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_h_n_is_the_gathered_last_output_forward_and_step_zero_backward(case):
    spec, lengths, steps = case
    x = padded_batch(lengths, spec.input_size, seed=2, batch_first=spec.batch_first, total_length=steps)
    run = run_packed(spec.build(0), x, lengths)
    H = spec.output_size
    last = gather_last(run.output, run.last_steps, spec.batch_first)
    by_hand = torch.stack([(run.output[b, step] if spec.batch_first else run.output[step, b])
                           for b, step in enumerate(run.last_steps)])
    assert torch.equal(last, by_hand)
    if spec.num_directions == 1:
        assert torch.equal(run.h_n[-1], last)
    else:
        assert torch.equal(run.h_n[-2], last[:, :H])
        first = run.output[:, 0] if spec.batch_first else run.output[0]
        assert torch.equal(run.h_n[-1], first[:, H:])


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_the_padded_run_differs_exactly_for_the_sequences_shorter_than_the_batch(case):
    spec, lengths, steps = case
    x = padded_batch(lengths, spec.input_size, seed=4, batch_first=spec.batch_first, total_length=steps)
    module = spec.build(5)
    run = run_packed(module, x, lengths)
    with torch.no_grad():
        plain_output, plain_state = module(x)
    plain_h_n = plain_state[0] if isinstance(plain_state, tuple) else plain_state
    assert torch.equal(run.padded_h_n, plain_h_n) and torch.equal(run.padded_output, plain_output)
    # The forward rows: equal when nothing was padded, and apart by more than round-off after any padding.
    forward_rows = slice(0, None, spec.num_directions)
    rows = sequences.sequence_differences(run, spec.num_directions)
    for b, length in enumerate(lengths):
        apart = float((run.padded_h_n[forward_rows, b] - run.h_n[forward_rows, b]).abs().max())
        assert rows[b]["forward"] == pytest.approx(apart)
        if length == steps:  # nothing padded: both directions read the same steps either way
            assert float((run.padded_h_n[:, b] - run.h_n[:, b]).abs().max()) <= 1e-5
        elif length < steps:
            assert apart > 1e-4


def test_packed_positions_name_the_padded_cell_each_row_of_packed_data_holds():
    lengths = (3, 6, 1, 4)
    x = padded_batch(lengths, 2, seed=0)
    run = run_packed(LayerSpec("GRU", 2, 3).build(0), x, lengths)
    positions = sequences.packed_positions(run.packed)
    assert len(positions) == sum(lengths) == run.packed.data.shape[0]
    for k, (b, t) in enumerate(positions):
        assert torch.equal(run.packed.data[k], x[t, b])
    assert run.packed.batch_sizes.tolist() == [4, 3, 3, 2, 1, 1]
    assert run.packed.sorted_indices.tolist() == [1, 3, 0, 2]
    assert positions[:4] == [(1, 0), (3, 0), (0, 0), (2, 0)]


def test_padded_batch_is_zero_after_each_length_in_either_layout():
    lengths = (2, 4)
    time_first = padded_batch(lengths, 3, seed=9, total_length=5)
    batch_first = padded_batch(lengths, 3, seed=9, batch_first=True, total_length=5)
    assert tuple(time_first.shape) == (5, 2, 3) and tuple(batch_first.shape) == (2, 5, 3)
    assert torch.equal(batch_first, time_first.transpose(0, 1))
    assert torch.count_nonzero(time_first[2:, 0]) == 0 and torch.count_nonzero(time_first[4:, 1]) == 0
    assert torch.count_nonzero(time_first[:2, 0]) == 6 and torch.count_nonzero(time_first[:4, 1]) == 12


def test_enforce_sorted_takes_a_sorted_batch_and_refuses_an_unsorted_one_with_our_message():
    module = LayerSpec("LSTM", 2, 3).build(0)
    sorted_run = run_packed(module, padded_batch((4, 2, 1), 2), (4, 2, 1), enforce_sorted=True)
    assert sorted_run.packed.sorted_indices is None and sorted_run.packed.unsorted_indices is None
    with pytest.raises(RnnvizError, match=r"longest first, and 2, 4 is not") as refused:
        run_packed(module, padded_batch((2, 4), 2), (2, 4), enforce_sorted=True)
    assert refused.value.code == "lengths_unsorted"
    # torch itself refuses the same batch, in its own words: the message above stands for it.
    with pytest.raises(RuntimeError, match="sorted in decreasing order"):
        torch.nn.utils.rnn.pack_padded_sequence(padded_batch((2, 4), 2), torch.tensor([2, 4]), enforce_sorted=True)


@pytest.mark.parametrize("text, seq_len, code", [
    ("", 5, "lengths_empty"), (" , ", 5, "lengths_empty"), ("5,x,2", 5, "lengths_not_whole"),
    ("5,-1", 5, "lengths_not_whole"), ("2.5", 5, "lengths_not_whole"), ("5,0,2", 5, "lengths_zero"),
    ("6,3", 5, "lengths_over_seq_len"), (",".join(["1"] * 17), 5, "lengths_too_many"),
])
def test_bad_lengths_are_named(text, seq_len, code):
    with pytest.raises(RnnvizError) as refused:
        parse_lengths(text, seq_len)
    assert refused.value.code == code


def test_lengths_parse_in_any_order_with_spaces():
    assert parse_lengths(" 2, 5 ,3", 5) == (2, 5, 3)
    assert parse_lengths("5", 5) == (5,)


def test_run_packed_refuses_lengths_that_do_not_fit_the_tensor():
    module = LayerSpec("RNN", 2, 3).build(0)
    with pytest.raises(RnnvizError) as refused:
        run_packed(module, padded_batch((3, 2), 2), (3, 2, 1))
    assert refused.value.code == "lengths_batch"
    with pytest.raises(RnnvizError) as refused:
        run_packed(module, padded_batch((3, 2), 2), (4, 2))
    assert refused.value.code == "lengths_over_seq_len"


def test_the_claims_hold_where_they_should_and_fail_where_the_padding_was_read():
    lengths = (5, 3, 2)
    for spec, gather_holds in ((LayerSpec("RNN", 4, 3), True), (LayerSpec("GRU", 4, 3, bidirectional=True), True),
                               (LayerSpec("LSTM", 4, 3, num_layers=2, bidirectional=True, batch_first=True), False)):
        x = padded_batch(lengths, 4, seed=0, batch_first=spec.batch_first)
        claims = {claim.meaning: claim for claim in
                  sequences.last_state_claims(run_packed(spec.build(0), x, lengths), spec.num_directions,
                                              spec.batch_first)}
        assert claims["seq.claim_packed_forward"].holds and claims["seq.claim_zeros"].holds
        assert not claims["seq.claim_output_last"].holds and not claims["seq.claim_padded_h_n"].holds
        gather = claims["seq.claim_gather" if gather_holds else "seq.claim_gather_deep"]
        assert gather.holds == gather_holds
        if spec.num_directions == 2:
            assert claims["seq.claim_packed_backward"].holds and not claims["seq.claim_padded_backward"].holds


def test_claim_codes_index_the_layout_on_screen():
    lengths = (3, 2)
    spec = LayerSpec("GRU", 2, 4, bidirectional=True, batch_first=True)
    run = run_packed(spec.build(0), padded_batch(lengths, 2, batch_first=True), lengths)
    codes = [claim.code for claim in sequences.last_state_claims(run, 2, True)]
    assert "h_n[-1] == output[:, 0, 4:]" in codes and "output[:, -1, :4] == h_n[-2]" in codes
    spec = LayerSpec("RNN", 2, 4)
    run = run_packed(spec.build(0), padded_batch(lengths, 2), lengths)
    assert "output[-1] == h_n[-1]" in [claim.code for claim in sequences.last_state_claims(run, 1, False)]


@pytest.mark.parametrize("spec", [LayerSpec("RNN", 3, 4), LayerSpec("LSTM", 3, 4, num_layers=2),
                                  LayerSpec("GRU", 3, 4, batch_first=True), LayerSpec("LSTM", 2, 5, proj_size=2)],
                         ids=lambda spec: spec.constructor_code())
def test_windows_with_the_state_carried_are_one_full_run_and_detach_cuts_the_gradient(spec):
    stream = StreamSettings(length=14, window=4)
    module = spec.build(1)
    x = sequences.stream_input(stream, spec.input_size, seed=3, batch_first=spec.batch_first)
    reading = sequences.read_in_windows(module, x, stream)
    assert all(parameter.grad is None for parameter in module.parameters()), "the module is left as it was"
    assert reading.carried_vs_full <= 1e-5 < reading.reset_vs_full
    assert stream.boundaries == (4, 8, 12)
    # Without detach(): autograd on one plain run over the whole sequence gives the same input gradient.
    leaf = x.clone().requires_grad_(True)
    output, _ = module(leaf)
    (output[:, -1] if spec.batch_first else output[-1]).sum().backward()
    plain = leaf.grad.squeeze(0 if spec.batch_first else 1).norm(dim=1)
    torch.testing.assert_close(reading.kept_grad, plain, atol=1e-7, rtol=1e-4)
    # With detach(): exactly zero before the last boundary; after it, the last window run alone from the carried
    # state (a constant) gives the same gradient.
    assert torch.count_nonzero(reading.detached_grad[:12]) == 0 and torch.count_nonzero(plain[:12]) > 0
    with torch.no_grad():
        _, state = module(x[:, :12] if spec.batch_first else x[:12])
    tail = (x[:, 12:] if spec.batch_first else x[12:]).clone().requires_grad_(True)
    output, _ = module(tail, state)
    (output[:, -1] if spec.batch_first else output[-1]).sum().backward()
    tail_grad = tail.grad.squeeze(0 if spec.batch_first else 1).norm(dim=1)
    torch.testing.assert_close(reading.detached_grad[12:], tail_grad, atol=1e-7, rtol=1e-4)
    assert sequences.SECOND_BACKWARD in reading.second_backward


def test_a_window_longer_than_the_sequence_is_refused():
    with pytest.raises(RnnvizError) as refused:
        StreamSettings(length=5, window=6)
    assert refused.value.code == "window_over_length"


def test_one_window_over_the_whole_sequence_has_no_boundary_and_no_second_backward():
    stream = StreamSettings(length=6, window=6)
    spec = LayerSpec("RNN", 2, 3)
    reading = sequences.read_in_windows(spec.build(0), sequences.stream_input(stream, 2), stream)
    assert stream.boundaries == () and reading.second_backward == ""
    assert torch.equal(reading.detached_grad, reading.kept_grad)
