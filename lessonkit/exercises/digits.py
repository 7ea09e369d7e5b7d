"""Exercises of notebook 07 (notebooks/07_digits.ipynb): accuracy, the confusion matrix.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""
import numpy as np

from .base import Exercise


def _accuracy(logits, labels):
    return np.mean(np.argmax(logits, axis=1) == labels)


def _confusion_matrix(true, pred, k):
    counts = np.zeros((k, k), dtype=int)
    for t, p in zip(true, pred):
        counts[t, p] += 1  # row: true class, column: predicted class
    return counts


_rng = np.random.default_rng(7)

EXERCISES = {
    "accuracy": Exercise(
        _accuracy,
        ((np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 4.0], [5.0, 6.0, 0.0]]), np.array([0, 1, 0, 1])),
         (_rng.normal(size=(50, 10)), _rng.integers(0, 10, size=50))),
        "The predicted class of a row is the index of its largest logit, np.argmax(logits, axis=1); "
        "accuracy is the fraction of rows where it equals the label (a number between 0 and 1).",
    ),
    "confusion_matrix": Exercise(
        _confusion_matrix,
        ((np.array([0, 1, 2, 2, 1]), np.array([0, 2, 2, 0, 1]), 3),
         (_rng.integers(0, 10, size=100), _rng.integers(0, 10, size=100), 10)),
        "Start from np.zeros((k, k), dtype=int) and add 1 at [true, predicted] for every example: "
        "rows are the true classes, columns the predictions, so a perfect model has everything on the diagonal.",
    ),
}
