"""Lecture notes page: AppTest reruns of its notes, and the digit classifier's training against one digit at a
time."""

from __future__ import annotations

import streamlit as st
import torch
from torch import nn

from benchmarks.harness import FLOOR, Plan, Row, open_app, open_floor, seconds_per_call
from rnnviz.lecture_notes import digits
from rnnviz.threads import APP_THREADS, use_threads

RERUN_NOTES = ("hello", "digits")


def plan() -> Plan:
    """A rerun of the "hello" note and of the digits note (its two torchinfo summaries), and the Home page."""
    st.cache_data.clear()
    pages = {note: open_app("pages/lecture_notes.py", {"note": note}) for note in RERUN_NOTES}
    home = open_floor()

    def rows(seconds: dict) -> list[Row]:
        return [Row(f"Lecture notes page rerun, {note} note (AppTest)", seconds[note] * 1e3, "ms",
                    FLOOR, seconds["floor"] * 1e3) for note in RERUN_NOTES]

    return Plan({**{note: (lambda at=at: at.run()) for note, at in pages.items()}, "floor": lambda: home.run()},
                rows)


def _one_digit_at_a_time_epoch() -> None:
    """One epoch of the digits training the naive way: every training digit forward and backward on its own."""
    data = digits.load_digits()
    train_index, _ = digits.split(len(data.labels))
    torch.manual_seed(0)
    model = digits.RecurrentClassifier(8, 64, digits.CLASSES, 2)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    for index in train_index:
        loss = nn.functional.cross_entropy(model(data.images[index:index + 1]), data.labels[index:index + 1])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()


def run_training() -> list[Row]:
    """The page's training run (12 epochs of batches of 64), against an epoch of single digits times 12."""
    use_threads(APP_THREADS)
    result = digits.train_digits()
    seconds = seconds_per_call(digits.train_digits, batches=3, warmup=0)
    naive = seconds_per_call(_one_digit_at_a_time_epoch, batches=1, warmup=0) * 12
    return [Row("Lecture notes: digit classifier training, LSTM(8, 64, 2) + Linear, 12 epochs of 64", seconds, "s",
                "naive: one digit at a time (one epoch timed, x 12)", naive, "< 10 s", seconds < 10,
                note=f"held-out accuracy {result.test_accuracy:.1%} vs nearest class mean "
                     f"{result.baselines['nearest_mean']:.1%}, commonest digit {result.baselines['majority']:.1%}")]


PLANNED = {"lecture_notes": plan}
SEQUENTIAL = {"notes_training": run_training}
