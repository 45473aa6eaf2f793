"""Seeded work gives the same bits when many sessions do it at once (Streamlit runs each session in a thread)."""

from __future__ import annotations

import threading

import pytest
import torch

from rnnviz import seeding
from rnnviz.spec import LayerSpec
from rnnviz.tasks import train
from rnnviz.threads import APP_THREADS, use_threads

THREADS = 4


@pytest.fixture(autouse=True)
def _app_threads():
    """The app's one intra-op thread (rnnviz.threads). On more, MKL may run a matrix product on fewer threads while
    other threads are busy (its dynamic mode), summing in another order: once in a full run, a concurrent LSTM
    training differed from the lone run by 1e-7 at step 10 on two threads. One thread has no such choice."""
    before = torch.get_num_threads()
    use_threads(APP_THREADS)
    yield
    use_threads(before)


def _at_once(work, arguments):
    """Run work(argument) in one thread per argument, all released together; returns the results in order."""
    results = [None] * len(arguments)
    errors = []
    start = threading.Barrier(len(arguments))

    def run(index):
        try:
            start.wait()
            results[index] = work(arguments[index])
        except Exception as error:  # noqa: BLE001 - reported below with its thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(arguments))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def _weights(module):
    return [p.detach().clone() for p in module.parameters()]


def _same(first, second):
    return len(first) == len(second) and all(torch.equal(a, b) for a, b in zip(first, second))


@pytest.mark.parametrize("spec", [
    LayerSpec("RNN", 4, 32), LayerSpec("LSTM", 4, 32, num_layers=2, proj_size=8), LayerSpec("GRU", 3, 16,
                                                                                             bidirectional=True)],
    ids=["rnn", "lstm-proj", "gru-bi"])
def test_threads_building_different_seeds_at_once_get_lone_weights(spec):
    seeds = [0, 1, 2, 3] * 25
    lone = {seed: _weights(spec.build(seed)) for seed in set(seeds)}
    built = _at_once(lambda seed: [_weights(spec.build(seed)) for _ in range(3)], seeds)
    wrong = sum(not _same(weights, lone[seed]) for seed, runs in zip(seeds, built) for weights in runs)
    assert wrong == 0


def test_a_build_draws_exactly_what_manual_seed_draws_in_a_lone_process():
    spec = LayerSpec("LSTM", 6, 20, num_layers=2, bidirectional=True, proj_size=5)
    torch.manual_seed(7)
    expected = _weights(torch.nn.LSTM(**spec.torch_kwargs()))
    assert _same(_weights(spec.build(7)), expected)


def test_building_leaves_the_callers_global_state_alone():
    torch.manual_seed(123)
    before = torch.get_rng_state()
    LayerSpec("GRU", 2, 4).build(5)
    assert torch.equal(torch.get_rng_state(), before)


@pytest.mark.parametrize("spec", [LayerSpec("LSTM", 6, 16), LayerSpec("GRU", 6, 8, num_layers=2, dropout=0.3)],
                         ids=["lstm", "gru-dropout"])
def test_trainings_at_once_give_the_lone_runs_weights(spec):
    # Dropout between layers draws from torch's global generator at every step; the other runs seed it meanwhile.
    seeds = [0, 1, 0, 1]
    lone = {seed: train("brackets", spec, steps=20, seed=seed) for seed in (0, 1)}
    runs = _at_once(lambda seed: train("brackets", spec, steps=20, seed=seed), seeds)
    for seed, run in zip(seeds, runs):
        assert run.history == lone[seed].history
        assert _same(_weights(run.module), _weights(lone[seed].module))
        assert _same(_weights(run.head), _weights(lone[seed].head))


def test_training_with_dropout_continues_one_stream_as_a_lone_process_would():
    # The same run in one process, seeded once: GlobalDraws must give exactly these draws, block after block.
    spec = LayerSpec("GRU", 6, 8, num_layers=2, dropout=0.3)
    first = train("brackets", spec, steps=10, seed=4)
    torch.manual_seed(999)  # whatever the caller's global state, the run's own stream is the same
    second = train("brackets", spec, steps=10, seed=4)
    assert first.history == second.history
    assert len(set(first.history)) > 1


def test_global_draws_continue_a_stream_of_their_own():
    draws = seeding.GlobalDraws(3)
    with draws:
        first = torch.rand(4)
    torch.manual_seed(0)
    torch.rand(10)  # someone else's draws in between
    with draws:
        second = torch.rand(4)
    torch.manual_seed(3)
    assert torch.equal(torch.cat([first, second]), torch.rand(8))


def test_stock_model_and_digits_training_in_threads_equal_lone_runs():
    from rnnviz.forecast import ForecastConfig, fit
    from rnnviz.lecture_notes.digits import train_digits
    from rnnviz.market import sample_ohlc

    prices = sample_ohlc().iloc[:400]
    config = ForecastConfig(epochs=2, hidden_size=8)
    lone = fit(prices, config).predictions
    fits = _at_once(lambda _: fit(prices, config).predictions, range(THREADS))
    assert all(frame.equals(lone) for frame in fits)
    lone_digits = train_digits(epochs=1, hdim=8).history
    assert all(run.history == lone_digits for run in _at_once(lambda _: train_digits(epochs=1, hdim=8),
                                                                  range(THREADS)))


def test_no_code_outside_seeding_touches_the_global_generator_unlocked():
    # The lecture notes call torch.manual_seed as the notes do; their callers hold the lock (seeded).
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "rnnviz"
    allowed = {"seeding.py", "hello.py", "sine.py", "numpy_loop.py"}
    calls = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                    "manual_seed", "fork_rng", "set_rng_state", "seed") and not (
                    isinstance(node.func.value, ast.Call)):  # torch.Generator().manual_seed(...) is its own
                calls.append((path.name, node.lineno, node.func.attr))
    assert [call for call in calls if call[0] not in allowed] == []
    assert {name for name, _, _ in calls} <= allowed
