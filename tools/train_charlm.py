"""Train the character model that ships for a corpus and write it to rnnviz/data/charlm/:

    python -m tools.train_charlm shakespeare --minutes 25 --seed 0
    python -m tools.train_charlm python --minutes 8 --report-minutes 2 --hidden 512 --stateful --directory /tmp/try

(--directory writes elsewhere, to compare runs before one replaces the bundle.)

The note beside the weights records this command, the seed, the layer, the steps and seconds, the validation loss
and the n-gram baselines on the same split. Prints the validation loss every few minutes of training.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from rnnviz.charlm import bits_per_char, load_corpus, ngram_baselines, train, validation_loss
from rnnviz.charlm.bundle import BUNDLE_DIR, save
from rnnviz.charlm.model import CharModel
from rnnviz.charlm.training import BATCH, SEQ_LEN
from rnnviz.spec import LayerSpec


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("corpus", choices=("shakespeare", "python"))
    parser.add_argument("--minutes", type=float, default=25.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cell", default="LSTM", choices=("RNN", "LSTM", "GRU"))
    parser.add_argument("--hidden", type=int, default=512)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--report-minutes", type=float, default=5.0)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument("--seq-len", type=int, default=SEQ_LEN)
    parser.add_argument("--stateful", action="store_true",
                        help="consecutive windows carrying the state, instead of random windows from zeros")
    parser.add_argument("--directory", type=Path, default=BUNDLE_DIR,
                        help="where to write the weights and the note (default: the bundle the app ships)")
    args = parser.parse_args(argv)

    corpus = load_corpus(args.corpus)
    spec = LayerSpec(args.cell, 64, args.hidden, num_layers=args.layers, dropout=args.dropout)
    model = CharModel(spec, len(corpus.vocabulary), args.seed)
    next_report = [args.report_minutes * 60]
    best = {"nats": float("inf"), "step": 0, "weights": None}

    def report(step: int, loss: float, elapsed: float) -> None:
        """Every report_minutes: the validation loss on the first 100,000 characters; the weights with the lowest
        are kept, since a large model starts to overfit 1 M characters within minutes (train 1.06, validation
        rising from 1.45 to 1.48 between minute 10 and 15 of a first 25-minute run)."""
        if elapsed >= next_report[0]:
            next_report[0] += args.report_minutes * 60
            nats = validation_loss(model, corpus, 100_000)
            when = "  end" if elapsed == float("inf") else f"{elapsed / 60:5.1f} min"
            print(f"{when}, {step} steps: loss {loss:.3f}, validation {nats:.3f} nats "
                  "(first 100,000 characters)", flush=True)
            if nats < best["nats"]:
                best.update(nats=nats, step=step, weights={k: v.clone() for k, v in model.state_dict().items()})
            model.train()

    trained = train(corpus, spec, seconds=args.minutes * 60, seed=args.seed, lr=args.lr, model=model,
                    batch=args.batch, seq_len=args.seq_len,
                    on_step=report, decay=True, stateful=args.stateful)
    report(trained.steps, trained.history[-1], float("inf"))  # the end of the run is a checkpoint too
    model.load_state_dict(best["weights"])
    model.eval()
    trained.validation = validation_loss(model, corpus)
    baselines = ngram_baselines(corpus)
    weights, note = save(trained, {"command": _recorded_command(argv or sys.argv[1:]),
                                 "seed": args.seed, "lr": args.lr, "lr_schedule": "cosine to lr / 10 over the run",
                                 "batch": args.batch, "seq_len": args.seq_len,
                                 "windows": "consecutive, carrying the state" if args.stateful
                                 else "random, each from a zero state", "kept_step": best["step"],
                                 "kept": "the checkpoint with the lowest loss on the first 100,000 validation "
                                         f"characters, checked every {args.report_minutes:g} min and at the end",
                                 "validation_bits": bits_per_char(trained.validation),
                                 "baselines_nats": baselines}, args.directory)
    nats = trained.validation
    print(f"validation loss {nats:.3f} nats ({bits_per_char(nats):.3f} bits) per character; "
          f"trigram {baselines['trigram']:.3f}; wrote {weights} and {note}")


def _recorded_command(argv: list[str]) -> str:
    """The command that made the weights, for their note: where they were written is not part of it (an
    experiment written to /tmp and then copied into the bundle was made by the same command)."""
    kept, skip = [], False
    for arg in argv:
        if skip or arg.startswith("--directory="):
            skip = False
        elif arg == "--directory":
            skip = True
        else:
            kept.append(arg)
    return "python -m tools.train_charlm " + shlex.join(kept)


if __name__ == "__main__":
    main()
