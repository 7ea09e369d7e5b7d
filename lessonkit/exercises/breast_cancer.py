"""Exercises of notebook 08 (notebooks/08_breast_cancer.ipynb): precision and recall.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""

import numpy as np

from .base import Exercise, Mistake


def _precision_recall(true, pred):
    true, pred = np.asarray(true), np.asarray(pred)
    tp = np.sum((pred == 1) & (true == 1))  # malignant, called malignant
    fp = np.sum((pred == 1) & (true == 0))  # benign, called malignant: a false alarm
    fn = np.sum((pred == 0) & (true == 1))  # malignant, called benign: a missed case
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0  # nothing called malignant: 0, not 0/0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0  # no malignant case at all: 0, not 0/0
    return float(precision), float(recall)


def _counts(true, pred, positive=1):
    """(tp, fp, fn, tn) of the class ``positive``."""
    true, pred = np.asarray(true) == positive, np.asarray(pred) == positive
    return np.sum(pred & true), np.sum(pred & ~true), np.sum(~pred & true), np.sum(~pred & ~true)


def _over_all(true, pred, part):
    """precision (part 0) or recall (part 1) replaced by TP / n, the true positives over all cases."""
    right = list(_precision_recall(true, pred))
    right[part] = _counts(true, pred)[0] / len(true)
    return tuple(right)


def _of_benign(true, pred):
    """Precision and recall of class 0 (benign) instead of class 1 (malignant)."""
    tp, fp, fn, tn = _counts(true, pred)
    return tn / (tn + fn), tn / (tn + fp)


def _not_a_number(args, got):
    """A score that is NaN: 0/0 computed with numpy's numbers gives nan (and a warning), not an error."""
    try:
        return bool(np.isnan(np.asarray(got, dtype=float)).any())
    except (TypeError, ValueError):
        return False


_OVER_ALL = (
    "divided by all the cases: precision is TP / (TP + FP), over the cases called malignant, and recall "
    "TP / (TP + FN), over the cases that are malignant; TP / n is neither"
)
_OVER_ALL_HINT = "Count TP, FP and FN first, then divide TP by the count that belongs to each score."
_ZERO = (
    "0/0: when nothing is called malignant, TP + FP = 0 and precision has nothing to divide by (the same for "
    "recall when no case is malignant)"
)
_ZERO_HINT = (
    "Test the denominator first: precision = TP / (TP + FP) if TP + FP > 0 else 0.0, and the same for recall: "
    "the course reports 0.0 there, as scikit-learn does."
)

_rng = np.random.default_rng(8)
_true = (_rng.random(100) < 0.4).astype(int)  # about 40 malignant of 100, as in the data
_pred = np.where(_rng.random(100) < 0.85, _true, 1 - _true)  # right on about 85 of them

EXERCISES = {
    "precision_recall": Exercise(
        _precision_recall,
        (
            (np.array([1, 1, 1, 0, 0, 0, 0, 1]), np.array([1, 0, 0, 1, 0, 0, 0, 1])),  # TP 2, FP 1, FN 2, TN 3
            (_true, _pred),
            (np.array([1, 0, 1, 0, 0]), np.array([0, 0, 0, 0, 0])),  # nothing called malignant: precision 0/0
            (np.array([0, 0, 0, 0]), np.array([0, 1, 0, 0])),
        ),  # no malignant case: recall 0/0
        "Count TP (1 called 1), FP (0 called 1) and FN (1 called 0). Precision = TP / (TP + FP): of the cases called "
        "malignant, the share that are; recall = TP / (TP + FN): of the malignant cases, the share found. Return "
        "(precision, recall), with 0.0 for a score whose denominator is 0.",
        outputs=("precision", "recall"),
        mistakes=(
            Mistake(_ZERO, _ZERO_HINT, when=_not_a_number),
            Mistake(_ZERO, _ZERO_HINT, raises=lambda args, exc: isinstance(exc, ZeroDivisionError)),
            Mistake(
                "precision and recall swapped: precision divides by the cases called malignant (TP + FP), "
                "recall by the cases that are malignant (TP + FN)",
                "Return (precision, recall) in that order: precision = TP / (TP + FP), recall = TP / (TP + FN).",
                answer=lambda true, pred: _precision_recall(true, pred)[::-1],
            ),
            Mistake(_OVER_ALL, _OVER_ALL_HINT, answer=lambda true, pred: _over_all(true, pred, 0)),
            Mistake(_OVER_ALL, _OVER_ALL_HINT, answer=lambda true, pred: _over_all(true, pred, 1)),
            Mistake(
                "the accuracy, (TP + TN) / n: the share of all cases called right, benign ones included",
                "Precision and recall leave out TN, the benign cases called benign: TP / (TP + FP) and TP / (TP + FN).",
                answer=lambda true, pred: (np.mean(np.asarray(true) == np.asarray(pred)),) * 2,
            ),
            Mistake(
                "the scores of class 0 (benign): the positive class is 1, malignant",
                "Count the cases with pred == 1 and true == 1 as TP: malignant is the class the test looks for.",
                answer=_of_benign,
            ),
        ),
    ),
}
