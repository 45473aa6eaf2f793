"""Trained character models that ship with the app: weights as a plain tensor file read with
`torch.load(weights_only=True)` (no code is unpickled), and a JSON note beside it saying what they are and how
they were made."""

from __future__ import annotations

import json
from pathlib import Path

import torch

from rnnviz.charlm.corpus import Corpus, load_corpus
from rnnviz.charlm.model import CharModel
from rnnviz.charlm.training import TrainedModel
from rnnviz.spec import LayerSpec

BUNDLE_DIR = Path(__file__).resolve().parents[1] / "data" / "charlm"


def paths(name: str, directory: Path = BUNDLE_DIR) -> tuple[Path, Path]:
    """(weights, note) of the bundled model for corpus `name`."""
    return directory / f"{name}.pt", directory / f"{name}.json"


def save(trained: TrainedModel, note: dict, directory: Path = BUNDLE_DIR) -> tuple[Path, Path]:
    """Write the model's weights and its note (spec, vocabulary, how it was trained, measured losses)."""
    directory.mkdir(parents=True, exist_ok=True)
    weights, note_path = paths(trained.corpus.name, directory)
    torch.save(trained.model.state_dict(), weights)
    full = {"corpus": trained.corpus.name, "spec": trained.model.spec.to_dict(),
            "vocabulary": trained.corpus.vocabulary, "steps": trained.steps,
            "seconds": round(trained.seconds, 1), "validation_nats": trained.validation, **note}
    note_path.write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return weights, note_path


def note(name: str, directory: Path = BUNDLE_DIR) -> dict:
    """The bundled model's note (what `save` wrote)."""
    return json.loads(paths(name, directory)[1].read_text(encoding="utf-8"))


def pretrained(name: str, directory: Path = BUNDLE_DIR, corpus: Corpus | None = None) -> CharModel:
    """The bundled model for corpus `name`, in eval mode. Its vocabulary must be the corpus's own (`corpus`, when
    the caller has it loaded already; else read again)."""
    facts = note(name, directory)
    if facts["vocabulary"] != (corpus or load_corpus(name)).vocabulary:
        raise ValueError(f"the bundled {name} model was trained on another vocabulary")
    model = CharModel(LayerSpec(**facts["spec"]), len(facts["vocabulary"]))
    model.load_state_dict(torch.load(paths(name, directory)[0], weights_only=True))
    return model.eval()
