"""Exercises of notebook 07 (notebooks/07_digits.ipynb): accuracy, the confusion matrix.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""

import numpy as np

from .base import Exercise, Mistake


def _accuracy(logits, labels):
    return np.mean(np.argmax(logits, axis=1) == labels)


def _confusion_matrix(true, pred, k):
    counts = np.zeros((k, k), dtype=int)
    for t, p in zip(true, pred):
        counts[t, p] += 1  # row: true class, column: predicted class
    return counts


def _columns_broadcast(args, exc):
    """argmax over axis 0: k indices, one per class, compared with the n labels, which numpy cannot line up."""
    logits, labels = args
    return isinstance(exc, ValueError) and "broadcast" in str(exc) and f"({logits.shape[1]},)" in str(exc)


def _once_per_pair(true, pred, k):
    """counts[true, pred] += 1 on whole arrays: numpy adds 1 once per distinct (true, pred) pair."""
    counts = np.zeros((k, k), dtype=int)
    counts[true, pred] = 1
    return counts


_AXIS_0 = (
    "argmax over axis 0: one index per class (the row with the largest logit in each column), where "
    "each row, one example, needs its own"
)
_AXIS_0_HINT = "The predicted class of each row: np.argmax(logits, axis=1), shape (n,), like labels."

_rng = np.random.default_rng(7)
_more = np.random.default_rng(77)  # the inputs added later, drawn apart so the first ones stay as they were

EXERCISES = {
    "accuracy": Exercise(
        _accuracy,
        (
            (np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 4.0], [5.0, 6.0, 0.0]]), np.array([0, 1, 0, 1])),
            (_rng.normal(size=(50, 10)), _rng.integers(0, 10, size=50)),
            (np.array([[0.0, 2.0, 1.0], [1.0, 0.0, 3.0], [2.0, 0.5, 0.0]]), np.array([1, 2, 2])),
        ),  # n = k: axis 0 fits
        "The predicted class of a row is the index of its largest logit, np.argmax(logits, axis=1); "
        "accuracy is the fraction of rows where it equals the label (a number between 0 and 1).",
        mistakes=(
            Mistake(_AXIS_0, _AXIS_0_HINT, raises=_columns_broadcast),
            Mistake(_AXIS_0, _AXIS_0_HINT, answer=lambda logits, labels: np.mean(np.argmax(logits, axis=0) == labels)),
            Mistake(
                "predictions of shape (n, 1) compared with labels of shape (n,): numpy broadcasts them into an "
                "(n, n) table of every prediction against every label, and averages that",
                "Compare two arrays of shape (n,): np.argmax(logits, axis=1) without keepdims, or "
                "labels.reshape(-1, 1) on both sides.",
                answer=lambda logits, labels: np.mean(np.argmax(logits, axis=1)[:, None] == labels),
            ),
            Mistake(
                "the number of rows right, not the fraction",
                "Divide by the number of rows, or use np.mean.",
                answer=lambda logits, labels: np.sum(np.argmax(logits, axis=1) == labels),
            ),
            Mistake(
                "a percentage: the course's accuracy is a fraction between 0 and 1",
                "Leave out the × 100.",
                answer=lambda logits, labels: 100 * np.mean(np.argmax(logits, axis=1) == labels),
            ),
            Mistake(
                "the error rate, the fraction of rows wrong: accuracy counts the rows right",
                "Count the rows where the prediction equals the label (==).",
                answer=lambda logits, labels: np.mean(np.argmax(logits, axis=1) != labels),
            ),
        ),
    ),
    "confusion_matrix": Exercise(
        _confusion_matrix,
        (
            (np.array([0, 1, 2, 2, 1]), np.array([0, 2, 2, 0, 1]), 3),
            (_rng.integers(0, 10, size=100), _rng.integers(0, 10, size=100), 10),
            (np.array([1, 1, 1, 0, 2, 2]), np.array([2, 2, 2, 0, 1, 1]), 3),  # (1, 2) three times, (2, 1) twice
            (_more.integers(0, 4, size=30), _more.integers(0, 4, size=30), 4),
            (np.array([0, 1, 1, 0]), np.array([1, 1, 0, 0]), 3),  # class 2 in neither list: its row and column are 0
        ),
        "Start from np.zeros((k, k), dtype=int) and add 1 at [true, predicted] for every example: "
        "rows are the true classes, columns the predictions, so a perfect model has everything on the diagonal.",
        integers="Count in integers: start from np.zeros((k, k), dtype=int) (np.zeros alone holds floats).",
        mistakes=(
            Mistake(
                "rows and columns swapped: rows are the true classes, columns the predictions",
                "Add 1 at [true, predicted], in that order.",
                answer=lambda true, pred, k: _confusion_matrix(pred, true, k),
            ),
            Mistake(
                "a pair that occurs several times counted once: counts[true, pred] += 1 on whole arrays adds "
                "1 once per distinct pair, however often it occurs",
                "Loop over the examples (for t, p in zip(true, pred): counts[t, p] += 1), or use "
                "np.add.at(counts, (true, pred), 1), which adds once per example.",
                answer=_once_per_pair,
            ),
            Mistake(
                "fractions where the counts belong: each row divided by its total",
                "Count: each cell is how many examples have that true class and that prediction, a whole number.",
                answer=lambda true, pred, k: (
                    _confusion_matrix(true, pred, k) / _confusion_matrix(true, pred, k).sum(axis=1, keepdims=True)
                ),
            ),
            Mistake(
                "fractions where the counts belong: the counts divided by the number of examples",
                "Count: each cell is how many examples have that true class and that prediction, a whole number.",
                answer=lambda true, pred, k: _confusion_matrix(true, pred, k) / len(true),
            ),
            Mistake(
                "the size read from the labels (their largest + 1) instead of k: a class that no example has, true or "
                "predicted, loses its row and column",
                "np.zeros((k, k), dtype=int): k classes, whether every one occurs or not.",
                answer=lambda true, pred, k: _confusion_matrix(true, pred, int(max(true.max(), pred.max())) + 1),
            ),
        ),
    ),
}
