"""Exercises of notebook 01 (notebooks/01_forward_pass.ipynb): one neuron's weighted sum, σ', a
layer's forward pass.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""
import numpy as np

from .base import Exercise


def _weighted_sum(x, w, b):
    return np.dot(w, x) + b


def _sigmoid_prime(z):
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def _layer_forward(X, W, b):
    return X @ W + b


_rng = np.random.default_rng(0)

EXERCISES = {
    "weighted_sum": Exercise(
        _weighted_sum,
        ((np.array([1.0, 2.0]), np.array([0.5, -0.5]), 0.1), (np.array([3.0, -1.0, 2.0]), np.array([0.2, 0.4, -1.0]), -0.5)),
        "z = w·x + b: multiply input by weight element by element, add them up (np.dot), then add the bias once.",
    ),
    "sigmoid_prime": Exercise(
        _sigmoid_prime,
        ((0.0,), (2.0,), (-3.0,), (np.array([-1.0, 0.5, 4.0]),)),
        "σ'(z) = σ(z)(1 − σ(z)). Compute s = 1 / (1 + np.exp(-z)) first, then return s * (1 - s).",
    ),
    "layer_forward": Exercise(
        _layer_forward,
        ((_rng.normal(size=(4, 2)), _rng.normal(size=(2, 3)), _rng.normal(size=3)),),
        "Z = X @ W + b: X is (n, n_in), W is (n_in, n_out), so X @ W is (n, n_out); b (n_out,) is added to every row.",
    ),
}
