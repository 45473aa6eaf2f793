"""The baselines a sceptic would pick for a character model: unigram, bigram and trigram counts with add-k
smoothing, fitted on the training text and scored on the validation text in nats per character."""

from __future__ import annotations

import numpy as np

from rnnviz.charlm.corpus import Corpus

ADD_K = 0.1
ORDERS = {"unigram": 1, "bigram": 2, "trigram": 3}


def _codes(ids: np.ndarray, order: int, size: int) -> np.ndarray:
    """Each position's n-gram (the `order` characters ending there) as one integer, (len(ids) - order + 1,)."""
    code = np.zeros(len(ids) - order + 1, dtype=np.int64)
    for offset in range(order):
        code = code * size + ids[offset:len(ids) - order + 1 + offset]
    return code


def ngram_nats(corpus: Corpus, order: int, k: float = ADD_K) -> float:
    """Mean -log p(next character | previous order-1 characters) on the validation text, with counts from the
    training text and add-k smoothing over the whole vocabulary. The first order-1 validation characters are
    predicted from the end of the training text, so every validation character is scored."""
    size = len(corpus.vocabulary)
    train = corpus.train_ids.numpy()
    scored = np.concatenate([train[len(train) - order + 1:] if order > 1 else train[:0],
                             corpus.validation_ids.numpy()])
    grams, counts = np.unique(_codes(train, order, size), return_counts=True)
    if order > 1:
        contexts, context_counts = np.unique(_codes(train[:-1], order - 1, size), return_counts=True)
    targets = _codes(scored, order, size)
    found = np.searchsorted(grams, targets)
    found = np.clip(found, 0, len(grams) - 1)
    numerator = np.where(grams[found] == targets, counts[found], 0) + k
    if order == 1:
        denominator = np.full(len(targets), len(train) + k * size, dtype=np.float64)
    else:
        context = targets // size
        where = np.clip(np.searchsorted(contexts, context), 0, len(contexts) - 1)
        denominator = np.where(contexts[where] == context, context_counts[where], 0) + k * size
    return float(-np.mean(np.log(numerator / denominator)))


def ngram_baselines(corpus: Corpus, k: float = ADD_K) -> dict[str, float]:
    """"unigram", "bigram", "trigram" -> nats per character on the validation text."""
    return {name: ngram_nats(corpus, order, k) for name, order in ORDERS.items()}
