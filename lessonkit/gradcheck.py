"""Gradient checking: compare analytic gradients with centred finite differences.

See notebooks/03_chain_rule.ipynb.
"""

import math

import numpy as np


def numerical_gradient(f, p, eps=1e-6):
    """Centred differences (f(p + ε) − f(p − ε)) / 2ε for every entry of the
    array ``p``, perturbed in place and restored exactly. Same shape as ``p``."""
    grad = np.zeros_like(p, dtype=float)
    for idx in np.ndindex(p.shape):
        old = p[idx]
        p[idx] = old + eps
        f_plus = _scalar(f)
        p[idx] = old - eps
        f_minus = _scalar(f)
        p[idx] = old  # the saved value itself: restored bit for bit
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad


def _scalar(f):
    value = f()
    if isinstance(value, tuple):  # a loss's (value, grad)
        value = value[0]
    value = float(np.asarray(value).item()) if np.size(value) == 1 else None
    if value is None or not math.isfinite(value):
        raise ValueError(f"f: expected f() to return one finite number, got {value!r}")
    return value


def relative_error(analytic, numeric):
    """Elementwise |a − n| / max(|a| + |n|, 1e-8): about 1e-10 when both agree to
    ten digits, about 1 when they differ completely; 0 where both are 0."""
    analytic = np.asarray(analytic, dtype=float)
    numeric = np.asarray(numeric, dtype=float)
    return np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-8)


def gradient_check(f, params, grads, eps=1e-6):
    """The largest relative error between ``grads`` and the numerical gradient of
    the scalar ``f()`` with respect to every entry of ``params``.

    Parameters
    ----------
    f : callable with no arguments returning a float (or a loss's (value, grad))
        It must read the current values of ``params``.
    params : list of float ndarray, changed in place during the check and
        restored exactly
    grads : list of ndarray of the same shapes, the gradients to check. They are
        copied first, so ``f`` may overwrite them.
    eps : float, the finite-difference step

    Returns
    -------
    float
        max over all entries of |g − n| / max(|g| + |n|, 1e-8). Below about 1e-6
        the gradients agree; above 1e-2 something is wrong.
    """
    if len(params) != len(grads):
        raise ValueError(f"params and grads: expected lists of the same length, got {len(params)} and {len(grads)}")
    grads = [np.array(g, dtype=float) for g in grads]
    worst = 0.0
    for i, (p, g) in enumerate(zip(params, grads)):
        if not isinstance(p, np.ndarray) or p.dtype != np.float64:
            raise TypeError(
                f"params[{i}]: expected a float64 numpy array (changed in place), got {type(p).__name__}"
                + (f" of dtype {p.dtype}" if isinstance(p, np.ndarray) else "")
            )
        if p.shape != g.shape:
            raise ValueError(f"grads[{i}]: expected the shape of params[{i}] {p.shape}, got {g.shape}")
        if p.size:
            worst = max(worst, float(relative_error(g, numerical_gradient(f, p, eps)).max()))
    return worst
