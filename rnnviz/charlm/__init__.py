"""Character-level language models: the corpora, n-gram baselines, a recurrent model trained here, the bundled
trained models, and the validation loss in nats per character."""

from rnnviz.charlm.bundle import pretrained
from rnnviz.charlm.corpus import CORPORA, Corpus, load_corpus
from rnnviz.charlm.model import CharModel
from rnnviz.charlm.ngram import ngram_baselines
from rnnviz.charlm.training import TrainedModel, bits_per_char, train, validation_loss

__all__ = ["CORPORA", "CharModel", "Corpus", "TrainedModel", "bits_per_char", "load_corpus", "ngram_baselines",
           "pretrained", "train", "validation_loss"]
