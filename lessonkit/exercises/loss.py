"""Exercises of notebook 02 (notebooks/02_loss.ipynb): cross-entropy, its slope dL/dz, softmax,
and softmax cross-entropy's gradient (judged by gradient checking).

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""
import numpy as np

from ..losses import softmax_cross_entropy
from .base import Exercise


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


_rng = np.random.default_rng(4)

EXERCISES = {
    "bce_one": Exercise(
        _bce_one,
        ((0.401312, 1.0), (0.9, 0.0), (0.2, 1.0)),
        "L = −[y log a + (1 − y) log(1 − a)]: with y = 1 only −log a is left; with y = 0 only −log(1 − a). Mind the minus sign.",
    ),
    "dL_dz": Exercise(
        _dL_dz,
        ((0.401312, 1.0), (0.9, 0.0), (np.array([0.2, 0.7]), np.array([1.0, 1.0]))),
        "Multiply dL/da = −y/a + (1 − y)/(1 − a) by da/dz = a(1 − a) and simplify: almost everything cancels.",
    ),
    "softmax": Exercise(
        _softmax,
        ((np.array([1.0, 2.0, 3.0]),), (np.array([1000.0, 0.0, -1000.0]),)),
        "softmax(z)_j = e^(z_j) / Σ_k e^(z_k). Subtract max(z) before np.exp so e^1000 never happens; the result is the same.",
    ),
    "softmax_ce_grad": Exercise(
        _softmax_ce_grad,
        ((_rng.normal(size=(4, 3)), np.array([0, 2, 1, 2])),
         (_rng.normal(size=(5, 4)), np.array([3, 0, 0, 1, 2])), (_rng.normal(size=(2, 6)), np.array([5, 1]))),
        "For one row, dL/dz_j = softmax(z)_j − 1 where j is the label, softmax(z)_j elsewhere; the loss is the mean "
        "over the n rows, so divide by n. A one-hot matrix: onehot = np.zeros_like(Z); "
        "onehot[np.arange(n), labels] = 1.",
        gradient_of=lambda Z, labels: softmax_cross_entropy(Z, labels)[0],
    ),
}
