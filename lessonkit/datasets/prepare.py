"""Preparing a data set for training: a stratified split into parts, and standardisation
fitted on the training part only.
"""

import numpy as np

from .. import text
from .._checks import as_float_array


def split(X, y, fractions=(0.75, 0.25), seed=0):
    """Split (X, y) at random into parts of the given fractions, stratified by
    class: every part gets about the same share of each label.

    Parameters
    ----------
    X : array_like of shape (n, ...);  y : array_like of shape (n,), class labels;
        float numbers (a target of numbers) are split without stratifying
    fractions : two or more positive numbers adding up to 1, such as (0.6, 0.2, 0.2)
        for training, validation and test parts
    seed : int, the seed of the shuffle

    Returns
    -------
    list of (X_i, y_i), one pair per fraction, rows in their original order.
    Raises ValueError if a part would get no rows.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y: expected the same number of rows, got {len(X)} and {len(y)}")
    fractions = np.asarray(fractions, dtype=float)
    if fractions.ndim != 1 or len(fractions) < 2 or (fractions <= 0).any() or abs(fractions.sum() - 1) > 1e-9:
        raise ValueError(f"fractions: expected two or more positive numbers adding up to 1, got {fractions.tolist()}")
    rng = np.random.default_rng(seed)
    parts = [[] for _ in fractions]
    groups = [y == label for label in np.unique(y)] if y.dtype.kind != "f" else [np.ones(len(y), dtype=bool)]
    for group in groups:
        idx = rng.permutation(np.flatnonzero(group))
        cuts = np.round(np.cumsum(fractions)[:-1] * len(idx)).astype(int)
        for part, chunk in zip(parts, np.split(idx, cuts)):
            part.append(chunk)
    out = []
    for i, part in enumerate(parts):
        idx = np.sort(np.concatenate(part))
        if not len(idx):
            raise ValueError(
                f"split: part {i + 1} of fractions {fractions.tolist()} gets none of the {len(y)} rows; "
                "expected at least one row in every part: give more rows or that part a larger fraction"
            )
        out.append((X[idx], y[idx]))
    return out


def standardize(X_train, *X_other, names=None):
    """Standardise every column with the training part's mean and standard deviation.

    Z = (X − mean) / std, with mean and std (population, ddof 0) computed on
    ``X_train`` only and applied unchanged to the other parts: the validation
    and test parts stay unseen, as new data would be.

    Parameters
    ----------
    X_train : array_like of shape (n, d)
    *X_other : array_likes of shape (m, d), for example the validation and test parts
    names : sequence of d str, optional; the columns' names for the error
        message (``info.features``)

    Returns
    -------
    Z_train, *Z_other : float ndarrays of the shapes given
    mean, std : float ndarrays of shape (d,)

    Raises
    ------
    ValueError if a column of ``X_train`` is constant: it has nothing to learn
    from and no scale (its std is 0), so nothing is divided by zero and nothing
    is guessed; drop the column (``from_csv(..., features=[...])``).
    """
    X_train = as_float_array("X_train", X_train, ndim=2)
    if len(X_train) < 2:
        raise ValueError(f"X_train: expected at least 2 rows to measure a spread, got {len(X_train)}")
    d = X_train.shape[1]
    if names is not None and len(names) != d:
        raise ValueError(f"names: expected {d} names, one per column of X_train, got {len(names)}")
    others = []
    for i, X in enumerate(X_other):
        X = as_float_array(f"X_other[{i}]", X, ndim=2)
        if X.shape[1] != d:
            raise ValueError(f"X_other[{i}]: expected {d} columns as in X_train, got {X.shape[1]}")
        others.append(X)
    constant = np.flatnonzero(X_train.max(axis=0) == X_train.min(axis=0))
    if constant.size:
        j = constant[0]
        column = f"column {names[j]!r}" if names is not None else f"column {j}"
        raise ValueError(
            f"X_train, {column}: every value is {text.sig(X_train[0, j])}; a constant feature "
            "has no spread to divide by: leave it out"
        )
    mean = X_train.mean(axis=0)  # (d,)
    std = X_train.std(axis=0)  # (d,)
    return (*[(X - mean) / std for X in (X_train, *others)], mean, std)
