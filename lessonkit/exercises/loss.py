"""Exercises of notebook 02 (notebooks/02_loss.ipynb): cross-entropy, its slope dL/dz, softmax,
and softmax cross-entropy's gradient (judged by gradient checking).

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""

import numpy as np

from ..losses import softmax_cross_entropy
from .base import Exercise, Mistake
from .mistakes import raised


def _bce_one(a, y):
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def _dL_dz(a, y):
    return a - y


def _softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _softmax_ce_grad(Z, labels):
    n = Z.shape[0]
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = P / P.sum(axis=1, keepdims=True)  # softmax of each row, (n, k)
    onehot = np.zeros_like(P)
    onehot[np.arange(n), labels] = 1.0  # (n, k): 1 in each row's label column
    return (P - onehot) / n  # the loss is the mean over the n rows


def _overflowed(args, got):
    """Inf or NaN out of logits large enough for e^z to overflow (e^710 is beyond the largest float)."""
    return np.max(np.abs(args[0])) > 709 and not np.isfinite(np.asarray(got, dtype=float)).all()


_OVERFLOW = (
    "overflow: without the shift, np.exp(1000) is e^1000, beyond the largest float (about 1.8e308), "
    "so it is inf, and inf / inf is nan"
)
_SHIFT = (
    "Subtract the largest logit first: e = np.exp(z - np.max(z)), then e / e.sum(). The answer is the same "
    "(e^(z_j − m) / Σ e^(z_k − m) = e^(z_j) / Σ e^(z_k)), and the largest power is now e^0 = 1."
)


def _rows_as_columns(args, got):
    """softmax_ce_grad with a row's max or sum taken without keepdims=True on a square Z: a (n,)
    broadcast against (n, k) lines up with the columns, so column j is shifted or divided by row j's."""
    Z, labels = args
    n, k = Z.shape
    onehot = np.eye(k)[labels]
    for shift in (Z.max(axis=1, keepdims=True), Z.max(axis=1)):
        E = np.exp(Z - shift)
        for total in (E.sum(axis=1, keepdims=True), E.sum(axis=1)):
            if (shift.ndim, total.ndim) != (2, 2) and np.allclose(got, (E / total - onehot) / n, rtol=1e-6):
                return True
    return False


def _row_broadcast(args, exc):
    """numpy refused to broadcast a (n,) against the (n, k) logits."""
    return raised(ValueError, "broadcast", f"({len(args[0])},)")(args, exc)


_KEEPDIMS = (
    "a row's max or sum of shape (n,) against Z's (n, k): numpy lines a (n,) up with the columns, not the "
    "rows, so it fails, or, when n = k, shifts and divides the wrong entries"
)
_KEEPDIMS_HINT = (
    "Keep one number per row as a column: Z.max(axis=1, keepdims=True) and E.sum(axis=1, keepdims=True) "
    "are (n, 1), which numpy repeats along each row."
)

_rng = np.random.default_rng(4)

EXERCISES = {
    "bce_one": Exercise(
        _bce_one,
        ((0.401312, 1.0), (0.9, 0.0), (0.2, 1.0)),
        "L = −[y log a + (1 − y) log(1 − a)]: with y = 1 only −log a is left; with y = 0 only −log(1 − a). "
        "Mind the minus sign.",
        mistakes=(
            Mistake(
                "the minus sign in front is missing: log a < 0, so the loss came out negative",
                "L = −[y log a + (1 − y) log(1 − a)]: the minus makes the loss positive, 0 only for a perfect a.",
                answer=lambda a, y: y * np.log(a) + (1 - y) * np.log(1 - a),
            ),
            Mistake(
                "the (1 − y) log(1 − a) term is missing, so an example with y = 0 costs nothing",
                "With y = 0 the loss is −log(1 − a): keep both terms, −[y log a + (1 − y) log(1 − a)].",
                answer=lambda a, y: -y * np.log(a),
            ),
            Mistake(
                "−log a for every label: that is the loss of y = 1 only; with y = 0 it is −log(1 − a)",
                "One formula for both labels: L = −[y log a + (1 − y) log(1 − a)].",
                answer=lambda a, y: -np.log(a),
            ),
            Mistake(
                "y and 1 − y swapped: y log(1 − a) + (1 − y) log a scores the wrong class",
                "y goes with log a (the probability of class 1), 1 − y with log(1 − a).",
                answer=lambda a, y: -((1 - y) * np.log(a) + y * np.log(1 - a)),
            ),
            Mistake(
                "log base 10: the course's log is the natural one, np.log",
                "Use np.log (natural log, base e), not np.log10.",
                answer=lambda a, y: -(y * np.log10(a) + (1 - y) * np.log10(1 - a)),
            ),
        ),
    ),
    "dL_dz": Exercise(
        _dL_dz,
        ((0.401312, 1.0), (0.9, 0.0), (np.array([0.2, 0.7]), np.array([1.0, 1.0]))),
        "Multiply dL/da = −y/a + (1 − y)/(1 − a) by da/dz = a(1 − a) and simplify: almost everything cancels.",
        mistakes=(
            Mistake(
                "y − a for a − y: the sign is flipped",
                "dL/dz = a − y: positive when a is above the target, so a step against it lowers a.",
                answer=lambda a, y: y - a,
            ),
            Mistake(
                "dL/da only, −y/a + (1 − y)/(1 − a): the factor da/dz is missing",
                "The chain rule: dL/dz = dL/da · da/dz, with da/dz = a(1 − a); multiply and simplify.",
                answer=lambda a, y: -y / a + (1 - y) / (1 - a),
            ),
            Mistake(
                "a(1 − a)(a − y): the slope a(1 − a) is in twice; it already cancelled",
                "dL/da · a(1 − a) simplifies to a − y: the a(1 − a) is used up in that product.",
                answer=lambda a, y: a * (1 - a) * (a - y),
            ),
        ),
    ),
    "softmax": Exercise(
        _softmax,
        ((np.array([1.0, 2.0, 3.0]),), (np.array([1000.0, 0.0, -1000.0]),), (np.array([0.5, -1.5, 2.0, 0.0]),)),
        "softmax(z)_j = e^(z_j) / Σ_k e^(z_k). Subtract max(z) before np.exp so e^1000 never happens; "
        "the result is the same.",
        mistakes=(
            Mistake(_OVERFLOW, _SHIFT, when=_overflowed),
            Mistake(_OVERFLOW, _SHIFT, raises=lambda args, exc: isinstance(exc, (OverflowError, FloatingPointError))),
            Mistake(
                "the powers e^z are not divided by their sum, so they do not add up to 1",
                "Divide by the sum: e / e.sum(); then the outputs are probabilities.",
                answer=lambda z: np.exp(z - np.max(z)),
            ),
            Mistake(
                "e^z divided by the sum of the z, where the sum of the powers e^z belongs",
                "e = np.exp(z - z.max()), then e / e.sum(): the powers divided by their own sum.",
                answer=lambda z: np.exp(z) / np.sum(z),
            ),
        ),
    ),
    "softmax_ce_grad": Exercise(
        _softmax_ce_grad,
        (
            (_rng.normal(size=(4, 3)), np.array([0, 2, 1, 2])),
            (_rng.normal(size=(5, 4)), np.array([3, 0, 0, 1, 2])),
            (_rng.normal(size=(2, 6)), np.array([5, 1])),
            (_rng.normal(size=(3, 3)), np.array([1, 0, 1])),
        ),  # n = k: a (n,) broadcasts without an error
        "For one row, dL/dz_j = softmax(z)_j − 1 where j is the label, softmax(z)_j elsewhere; the loss is the mean "
        "over the n rows, so divide by n. A one-hot matrix: onehot = np.zeros_like(Z); "
        "onehot[np.arange(n), labels] = 1.",
        gradient_of=lambda Z, labels: softmax_cross_entropy(Z, labels)[0],
        mistakes=(
            Mistake(
                "the 1/n is missing: the gradient of the summed loss, n times the mean's",
                "The loss is the mean over the n rows, so its gradient is (softmax(Z) − onehot) / n.",
                answer=lambda Z, labels: _softmax_ce_grad(Z, labels) * Z.shape[0],
            ),
            Mistake(
                "onehot − softmax(Z) for softmax(Z) − onehot: the sign is flipped",
                "dL/dZ = (softmax(Z) − onehot) / n: the label's entry is negative, pushing its logit up.",
                answer=lambda Z, labels: -_softmax_ce_grad(Z, labels),
            ),
            Mistake(
                "the one-hot labels are not subtracted: softmax(Z) / n leaves out which class is right",
                "Subtract 1 at each row's label: (softmax(Z) − onehot) / n.",
                answer=lambda Z, labels: _softmax_ce_grad(Z, labels) + np.eye(Z.shape[1])[labels] / Z.shape[0],
            ),
            Mistake(_KEEPDIMS, _KEEPDIMS_HINT, when=_rows_as_columns),
            Mistake(_KEEPDIMS, _KEEPDIMS_HINT, raises=_row_broadcast),
        ),
    ),
}
