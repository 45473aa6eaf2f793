"""The bundled character models: they load without unpickling, reproduce the loss their note states, and beat the
trigram baseline of their corpus (the Shakespeare one by the issue's margin, <= 1.50 nats per character)."""

from __future__ import annotations

import pytest
import torch

from rnnviz.charlm import load_corpus, ngram_baselines, pretrained, validation_loss
from rnnviz.charlm.bundle import note, paths


@pytest.mark.parametrize("name", ["shakespeare", "python"])
def test_the_bundled_model_gives_the_loss_its_note_states_and_beats_the_trigram(name):
    facts = note(name)
    assert facts["command"].startswith("python -m tools.train_charlm ") and facts["seed"] == 0
    assert set(torch.load(paths(name)[0], weights_only=True)) == set(pretrained(name).state_dict())
    corpus = load_corpus(name)
    nats = validation_loss(pretrained(name), corpus)
    assert nats == pytest.approx(facts["validation_nats"], abs=1e-4)
    assert nats < ngram_baselines(corpus)["trigram"]
    if name == "shakespeare":
        assert nats <= 1.50
