"""Loss functions. Each returns ``(value, grad)``.

``value`` is the mean over the batch (a Python float) and ``grad`` is dL/d(first
argument), an array of the same shape as the first argument. No broadcasting:
prediction and target must have the same shape.

See notebooks/02_loss.ipynb.
"""

import numpy as np

from ._checks import as_float_array, as_labels, check_choice, check_same_shape

#: Probabilities are clipped to [EPS, 1 - EPS] in ``bce`` so log(0) never happens.
EPS = 1e-12


def _pair(pred_name, pred, target_name, target, target_in_unit_interval=False):
    pred = as_float_array(pred_name, pred)
    target = as_float_array(target_name, target, finite=not target_in_unit_interval)
    check_same_shape(pred_name, pred, target_name, target)
    if pred.size == 0:
        raise ValueError(f"{pred_name}: expected at least one value, got an empty array")
    if target_in_unit_interval:
        _check_unit_interval(target_name, target)
    return pred, target


def _check_unit_interval(name, arr):
    if not (arr.min() >= 0 and arr.max() <= 1):  # False for NaN too
        bad = arr[~((arr >= 0) & (arr <= 1))][0]
        raise ValueError(f"{name}: expected values in [0, 1], got {bad}")


def mse(pred, target):
    """Mean squared error, L = mean((pred - target)²) over all entries.

    Parameters
    ----------
    pred, target : ndarray of the same shape, e.g. (n,) or (n, k)

    Returns
    -------
    value : float
    grad : ndarray, shape of ``pred``: 2 (pred - target) / pred.size
    """
    pred, target = _pair("pred", pred, "target", target)
    diff = pred - target
    return float(np.mean(diff * diff)), 2.0 * diff / diff.size


def bce(prob, target):
    """Binary cross-entropy of probabilities,
    L = -mean(y log a + (1 - y) log(1 - a)), with a = ``prob``, y = ``target``.

    ``prob`` is clipped to [EPS, 1 - EPS], so a confident wrong answer costs
    about 27.6, not infinity. Prefer :func:`bce_with_logits` when you have z.

    Parameters
    ----------
    prob : ndarray of shape (n,) or (n, 1), values in [0, 1]
    target : ndarray of the same shape, values in [0, 1] (usually 0 or 1)

    Returns
    -------
    value : float
    grad : ndarray, shape of ``prob``: dL/da = (-(y / a) + (1 - y) / (1 - a)) / n
    """
    a, y = _pair("prob", prob, "target", target, target_in_unit_interval=True)
    _check_unit_interval("prob", a)
    a = np.clip(a, EPS, 1.0 - EPS)
    value = -np.mean(y * np.log(a) + (1.0 - y) * np.log1p(-a))
    return float(value), (-(y / a) + (1.0 - y) / (1.0 - a)) / a.size


def bce_with_logits(logits, target):
    """Binary cross-entropy of σ(z), computed from the logits z without
    forming σ(z): L = mean(max(z, 0) - z y + log(1 + e^(-|z|))).

    Parameters
    ----------
    logits : ndarray of shape (n,) or (n, 1)
    target : ndarray of the same shape, values in [0, 1]

    Returns
    -------
    value : float
    grad : ndarray, shape of ``logits``: dL/dz = (σ(z) - y) / n
    """
    z, y = _pair("logits", logits, "target", target, target_in_unit_interval=True)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    value = np.add.reduce(np.maximum(z, 0.0) - z * y + np.log1p(e), axis=None) / z.size  # the mean
    a = np.where(z >= 0, 1.0, e) / (1.0 + e)  # σ(z), written so e^(-z) never overflows
    return float(value), (a - y) / z.size


def softmax(logits):
    """Row-wise softmax of ``logits`` (n, k), shifted by the row maximum so
    e^z never overflows."""
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    """Cross-entropy of softmax(z) against integer class labels,
    L = mean(log Σ_j e^(z_j) - z_label), with log-sum-exp.

    Parameters
    ----------
    logits : ndarray of shape (n, k)
    labels : int ndarray of shape (n,), values in 0..k-1

    Returns
    -------
    value : float
    grad : ndarray of shape (n, k): (softmax(z) - onehot(labels)) / n
    """
    z = as_float_array("logits", logits, ndim=2)
    n, k = z.shape
    labels = as_labels("labels", labels, n_classes=k)
    if labels.shape[0] != n:
        raise ValueError(f"logits and labels: expected one label per row of logits ({n}), got {labels.shape[0]} labels")
    if n == 0:
        raise ValueError("logits: expected at least one row, got an empty array")
    rows = np.arange(n)
    shifted = z - z.max(axis=1, keepdims=True)  # (n, k), each row's max is 0
    log_sum_exp = np.log(np.exp(shifted).sum(axis=1))  # (n,)
    value = np.mean(log_sum_exp - shifted[rows, labels])
    grad = np.exp(shifted - log_sum_exp[:, None])  # softmax, (n, k)
    grad[rows, labels] -= 1.0
    return float(value), grad / n


LOSSES = {
    "mse": mse,
    "bce": bce,
    "bce_with_logits": bce_with_logits,
    "softmax_cross_entropy": softmax_cross_entropy,
}


def get(name):
    """The loss function called ``name`` (one of ``LOSSES``)."""
    check_choice("loss", name, list(LOSSES))
    return LOSSES[name]
