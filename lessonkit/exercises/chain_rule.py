"""Exercises of notebook 03 (notebooks/03_chain_rule.ipynb): the chain rule on a path, a dense
layer's backward pass, and a bug in one found by gradient checking (``buggy_dense_backward``).

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""

import numpy as np

from .._checks import as_float_array
from .base import Exercise, Mistake


def _dL_db(dL_da, da_dz):
    dz_db = 1.0  # z = w·x + b
    return dL_da * da_dz * dz_db


def _dense_backward(X, W, dZ):
    dW = X.T @ dZ  # (n_in, n_out)
    db = dZ.sum(axis=0)  # (n_out,)
    dX = dZ @ W.T  # (n, n_in)
    return dW, db, dX


def buggy_dense_backward(X, W, dZ):
    """The backward pass of a dense layer Z = X @ W + b, with one planted bug.

    Every output has the right shape, so shapes do not show the bug: find which
    output is wrong with ``lk.gradient_check``, then write the fixed function
    (``check("fix_the_bug", fixed_dense_backward)``). See notebooks/03_chain_rule.ipynb.

    Parameters
    ----------
    X : ndarray of shape (n, n_in), the layer's input
    W : ndarray of shape (n_in, n_out)
    dZ : ndarray of shape (n, n_out), dL/dZ

    Returns
    -------
    dW : ndarray of shape (n_in, n_out)
    db : ndarray of shape (n_out,)
    dX : ndarray of shape (n, n_in)
    """
    X, W, dZ = _dense_inputs(X, W, dZ)
    n = X.shape[0]
    dW = X.T @ dZ / n  # (n_in, n_out), averaged over the n examples
    db = dZ.sum(axis=0)  # (n_out,)
    dX = dZ @ W.T  # (n, n_in)
    return dW, db, dX


def _dense_inputs(X, W, dZ):
    """X (n, n_in), W (n_in, n_out), dZ (n, n_out) as float arrays, their shapes checked."""
    X, W, dZ = (as_float_array(name, a, ndim=2) for name, a in (("X", X), ("W", W), ("dZ", dZ)))
    if W.shape[0] != X.shape[1]:
        raise ValueError(f"W: expected {X.shape[1]} rows, one per column of X, got shape {W.shape}")
    if dZ.shape != (X.shape[0], W.shape[1]):
        raise ValueError(f"dZ: expected shape (n, n_out) = {(X.shape[0], W.shape[1])}, got {dZ.shape}")
    return X, W, dZ


def _fix_the_bug(X, W, dZ):
    dW = X.T @ dZ  # (n_in, n_out); the bug divided it by n: dZ already carries the loss's 1/n
    db = dZ.sum(axis=0)  # (n_out,)
    dX = dZ @ W.T  # (n, n_in)
    return dW, db, dX


def _dense_case(n, n_in, n_out, rng):
    """(X, W, dZ) of a layer with n examples, n_in inputs and n_out outputs, random numbers."""
    return rng.normal(size=(n, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=(n, n_out))


def _dense_mistakes(dW_by_n):
    """The mistakes of a dense layer's backward pass; ``dW_by_n``, what to say about a dW divided by n."""
    return (
        Mistake(
            dW_by_n,
            "dW = Xᵀ @ dZ, no 1/n: the loss's mean already put 1/n into dZ.",
            answer=lambda X, W, dZ: (X.T @ dZ / len(X), dZ.sum(axis=0), dZ @ W.T),
        ),
        Mistake(
            "dW transposed: dZᵀ @ X is (n_out, n_in), and dW must have W's shape (n_in, n_out)",
            "dW = Xᵀ @ dZ: (n_in, n) @ (n, n_out) is (n_in, n_out), like W.",
            answer=lambda X, W, dZ: (dZ.T @ X, dZ.sum(axis=0), dZ @ W.T),
        ),
        Mistake(
            "db is a mean over the rows where a sum belongs: the 1/n is already in dZ",
            "db = dZ.sum(axis=0): every example adds its share to the bias's gradient.",
            answer=lambda X, W, dZ: (X.T @ dZ, dZ.mean(axis=0), dZ @ W.T),
        ),
        Mistake(
            "db not summed over the batch: dZ itself is (n, n_out), one row per example, and b is (n_out,)",
            "b is added to every row, so its gradient adds up every row: db = dZ.sum(axis=0).",
            answer=lambda X, W, dZ: (X.T @ dZ, dZ, dZ @ W.T),
        ),
        Mistake(
            "db summed along the rows (axis=1): one number per example, where b has one per output",
            "Sum over the examples, down the columns: db = dZ.sum(axis=0), shape (n_out,).",
            answer=lambda X, W, dZ: (X.T @ dZ, dZ.sum(axis=1), dZ @ W.T),
        ),
        Mistake(
            "db summed over everything: one number, where b has one per output",
            "Sum over the examples only: db = dZ.sum(axis=0), shape (n_out,).",
            answer=lambda X, W, dZ: (X.T @ dZ, dZ.sum(), dZ @ W.T),
        ),
        Mistake(
            "dX = dZ @ W, with W not transposed: it fits only when n_in = n_out, and is wrong then too",
            "dX = dZ @ Wᵀ: (n, n_out) @ (n_out, n_in) is (n, n_in), like X.",
            answer=lambda X, W, dZ: (X.T @ dZ, dZ.sum(axis=0), dZ @ W),
        ),
        Mistake(
            "dX transposed: W @ dZᵀ is (n_in, n), and dX must have X's shape (n, n_in)",
            "dX = dZ @ Wᵀ: (n, n_out) @ (n_out, n_in) is (n, n_in), like X.",
            answer=lambda X, W, dZ: (X.T @ dZ, dZ.sum(axis=0), W @ dZ.T),
        ),
    )


_rng = np.random.default_rng(3)
_more = np.random.default_rng(33)  # the inputs added later, drawn apart so the first ones stay as they were

EXERCISES = {
    "dL_db": Exercise(
        _dL_db,
        ((-2.4918, 0.24026), (1.5, 0.1), (-0.2, 0.0)),
        "Follow the path L → a → z → b and multiply the local derivatives: ∂L/∂a · ∂a/∂z · ∂z/∂b, with ∂z/∂b = 1.",
        mistakes=(
            Mistake(
                "∂L/∂a only: the factor ∂a/∂z on the path is missing",
                "Every step of the path L → a → z → b contributes its local derivative: ∂L/∂a · ∂a/∂z · 1.",
                answer=lambda dL_da, da_dz: dL_da,
            ),
            Mistake(
                "the local derivatives added: along a path they multiply",
                "The chain rule multiplies: ∂L/∂b = ∂L/∂a · ∂a/∂z · ∂z/∂b.",
                answer=lambda dL_da, da_dz: dL_da + da_dz,
            ),
            Mistake(
                "∂L/∂a divided by ∂a/∂z: along a path the local derivatives multiply",
                "The chain rule multiplies: ∂L/∂b = ∂L/∂a · ∂a/∂z · ∂z/∂b.",
                answer=lambda dL_da, da_dz: dL_da / da_dz,
            ),
        ),
    ),
    "dense_backward": Exercise(
        _dense_backward,
        (
            (_rng.normal(size=(4, 3)), _rng.normal(size=(3, 2)), _rng.normal(size=(4, 2))),
            _dense_case(5, 2, 4, _more),
            _dense_case(2, 5, 3, _more),
            _dense_case(3, 4, 4, _more),
        ),  # n_in = n_out: dZ @ W fits, and is wrong
        "Match the shapes: dW like W (n_in, n_out) = Xᵀ @ dZ; db like b (n_out,) = dZ summed over rows; "
        "dX like X (n, n_in) = dZ @ Wᵀ. Return them as a tuple (dW, db, dX).",
        outputs=("dW", "db", "dX"),
        mistakes=_dense_mistakes(
            "dW divided by n: a missing 1/n elsewhere is a common mistake, but here the "
            "1/n is already in dZ, and dividing again makes dW n times too small"
        ),
    ),
    "fix_the_bug": Exercise(
        _fix_the_bug,
        (
            (_rng.normal(size=(4, 3)), _rng.normal(size=(3, 2)), _rng.normal(size=(4, 2))),
            (_rng.normal(size=(6, 2)), _rng.normal(size=(2, 5)), _rng.normal(size=(6, 5))),
            _dense_case(3, 4, 4, _more),
        ),
        "Run lk.gradient_check on each output of lk.exercises.buggy_dense_backward, with a loss whose dL/dZ is dZ "
        "(L = np.sum((X @ W + b) * dZ)): the one whose relative error is far above 1e-6 is wrong. "
        "Fix that line only; dW = Xᵀ dZ, db = dZ summed over the rows, dX = dZ Wᵀ.",
        outputs=("dW", "db", "dX"),
        mistakes=_dense_mistakes(
            "the bug is still there: dW is divided by n (its relative error in gradient_check "
            "is (n − 1)/(n + 1), the same in every entry)"
        ),
    ),
}
