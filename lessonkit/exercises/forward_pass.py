"""Exercises of notebook 01 (notebooks/01_forward_pass.ipynb): one neuron's weighted sum, σ', a
layer's forward pass.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""

import numpy as np

from ..activations import sigmoid as _sigmoid
from ..activations import sigmoid_prime as _slope
from .base import Exercise, Mistake
from .mistakes import product_does_not_fit


def _weighted_sum(x, w, b):
    return np.dot(w, x) + b


def _sigmoid_prime(z):
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def _layer_forward(X, W, b):
    return X @ W + b


def _transposed(args, got):
    """The answer has shape (n_out, n): one column per example instead of one row."""
    X, W, b = args
    return np.shape(got) == (W.shape[1], X.shape[0]) != (X.shape[0], W.shape[1])


_W_AS_N_OUT_BY_N_IN = (
    "W taken for an (n_out, n_in) matrix, the layout of some other courses: here W is "
    "(n_in, n_out), one row per input, so X (n, n_in) @ W is (n, n_out) as it is; "
    "X @ W.T or W @ X.T need the other layout"
)

_rng = np.random.default_rng(0)

EXERCISES = {
    "weighted_sum": Exercise(
        _weighted_sum,
        (
            (np.array([1.0, 2.0]), np.array([0.5, -0.5]), 0.1),
            (np.array([3.0, -1.0, 2.0]), np.array([0.2, 0.4, -1.0]), -0.5),
            (np.array([-2.0]), np.array([1.5]), 0.25),
        ),
        "z = w·x + b: multiply input by weight element by element, add them up (np.dot), then add the bias once.",
        mistakes=(
            Mistake(
                "the bias b is left out",
                "Add b once, after the sum: np.dot(w, x) + b.",
                answer=lambda x, w, b: np.dot(w, x),
            ),
            Mistake(
                "b is added to every product, so it counts once per input (n · b)",
                "Add b once, after the sum: np.dot(w, x) + b, not np.sum(w * x + b).",
                answer=lambda x, w, b: np.sum(w * x + b),
            ),
            Mistake(
                "the products w * x are not added up: one number per input instead of one z",
                "w * x multiplies element by element; add them up with np.sum, or write np.dot(w, x).",
                when=lambda args, got: np.shape(got) == np.shape(args[0]) != (),
            ),
        ),
    ),
    "sigmoid_prime": Exercise(
        _sigmoid_prime,
        ((2.0,), (0.0,), (-3.0,), (np.array([-1.0, 0.5, 4.0]),)),  # at z = 0, σ = 1 − σ: not first
        "σ'(z) = σ(z)(1 − σ(z)). Compute s = 1 / (1 + np.exp(-z)) first, then return s * (1 - s).",
        mistakes=(
            Mistake(
                "σ(z) without the factor (1 − σ(z))", "σ'(z) = σ(z)(1 − σ(z)): return s * (1 - s).", answer=_sigmoid
            ),
            Mistake(
                "1 − σ(z) without the factor σ(z)",
                "σ'(z) = σ(z)(1 − σ(z)): return s * (1 - s).",
                answer=lambda z: 1 - _sigmoid(z),
            ),
            Mistake(
                "the slope's formula a(1 − a) evaluated at z instead of at a = σ(z): z(1 − z)",
                "a(1 − a) needs a = σ(z): compute s = 1 / (1 + np.exp(-z)) first, then s * (1 - s).",
                answer=lambda z: z * (1 - z),
            ),
            Mistake(
                "the derivative evaluated at a = σ(z) instead of at z: σ'(σ(z))",
                "σ'(z) takes z itself: s = σ(z) once, then s * (1 - s), not σ applied to s again.",
                answer=lambda z: _slope(_sigmoid(z)),
            ),
        ),
    ),
    "layer_forward": Exercise(
        _layer_forward,
        (
            (_rng.normal(size=(4, 2)), _rng.normal(size=(2, 3)), _rng.normal(size=3)),  # n = 4, n_in = 2, n_out = 3
            (_rng.normal(size=(5, 3)), _rng.normal(size=(3, 1)), _rng.normal(size=1)),  # one output
            (_rng.normal(size=(1, 4)), _rng.normal(size=(4, 2)), _rng.normal(size=2)),  # one example
            (_rng.normal(size=(3, 2)), _rng.normal(size=(2, 2)), _rng.normal(size=2)),
        ),  # n_in = n_out: W.T fits too
        "Z = X @ W + b: X is (n, n_in), W is (n_in, n_out), so X @ W is (n, n_out); b (n_out,) is added to every row.",
        mistakes=(
            Mistake(_W_AS_N_OUT_BY_N_IN, raises=product_does_not_fit),
            Mistake(_W_AS_N_OUT_BY_N_IN, answer=lambda X, W, b: X @ W.T + b),
            Mistake(
                "the bias b is left out",
                "Z = X @ W + b: b (n_out,) is added to every row.",
                answer=lambda X, W, b: X @ W,
            ),
            Mistake(
                "Z transposed: one column per example, shape (n_out, n); the course puts examples in rows",
                "Z = X @ W + b is (n, n_out), one row per example, like X.",
                when=_transposed,
            ),
        ),
    ),
}
