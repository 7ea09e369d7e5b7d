"""Exercises of notebook 03 (notebooks/03_chain_rule.ipynb): the chain rule on a path, a dense
layer's backward pass, and a bug in one found by gradient checking (``buggy_dense_backward``).

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""
import numpy as np

from .._checks import as_float_array
from .base import Exercise


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


_rng = np.random.default_rng(3)

EXERCISES = {
    "dL_db": Exercise(
        _dL_db,
        ((-2.4918, 0.24026), (1.5, 0.1), (-0.2, 0.0)),
        "Follow the path L → a → z → b and multiply the local derivatives: ∂L/∂a · ∂a/∂z · ∂z/∂b, with ∂z/∂b = 1.",
    ),
    "dense_backward": Exercise(
        _dense_backward,
        ((_rng.normal(size=(4, 3)), _rng.normal(size=(3, 2)), _rng.normal(size=(4, 2))),),
        "Match the shapes: dW like W (n_in, n_out) = Xᵀ @ dZ; db like b (n_out,) = dZ summed over rows; "
        "dX like X (n, n_in) = dZ @ Wᵀ. Return them as a tuple (dW, db, dX).",
        outputs=("dW", "db", "dX"),
    ),
    "fix_the_bug": Exercise(
        _fix_the_bug,
        ((_rng.normal(size=(4, 3)), _rng.normal(size=(3, 2)), _rng.normal(size=(4, 2))),
         (_rng.normal(size=(6, 2)), _rng.normal(size=(2, 5)), _rng.normal(size=(6, 5)))),
        "Run lk.gradient_check on each output of lk.exercises.buggy_dense_backward, with a loss whose dL/dZ is dZ "
        "(L = np.sum((X @ W + b) * dZ)): the one whose relative error is far above 1e-6 is wrong. "
        "Fix that line only; dW = Xᵀ dZ, db = dZ summed over the rows, dX = dZ Wᵀ.",
        outputs=("dW", "db", "dX"),
    ),
}
