"""A learner's own data for the training dashboard (notebook 06): checked, its two
classes numbered 0 and 1, and the standardisation the network sees it through.

The dashboard classifies two classes with one output, P(class 1), as it does the
generated sets. A target of numbers, or of more than two classes, is refused with
the count named (notebook 07 trains on ten classes with softmax cross-entropy).
"""
import os
from dataclasses import dataclass

import numpy as np

from .. import datasets
from .._checks import describe
from ..tabular import TableInfo
from ..text import sig


@dataclass(frozen=True, eq=False)
class YourData:
    """A learner's table, checked, as the dashboard trains on it.

    Attributes
    ----------
    name : str, what the dataset menu shows ("your data", or the file's name)
    X : float ndarray (n, d), the features as given (d >= 2)
    y : int ndarray (n,), 0 or 1: the index of each row's class in ``classes``
    features : tuple of d str, the columns' names
    classes : tuple of the 2 labels; class i is ``classes[i]``, P(classes[1]) is drawn
    mean, std : float ndarrays (d,), fitted on all of X: the network sees (X − mean) / std,
        so one default learning rate suits features of any scale
    """
    name: str
    X: np.ndarray
    y: np.ndarray
    features: tuple
    classes: tuple
    mean: np.ndarray
    std: np.ndarray

    def standardized(self, X):
        """``X`` (m, d) in the data's units as the network sees it: (X − mean) / std."""
        return (X - self.mean) / self.std


def your_data(data, name=None, features=None, classes=None, where="data"):
    """Check ``data`` and make it a ``YourData``.

    Parameters
    ----------
    data : (X, y), or (X, y, info) as ``lk.datasets.from_csv`` returns it. X : (n, d)
        numbers, d >= 2; y : (n,) class labels (integers or names), two classes
    name : str, optional; default the file's name (from ``info``) or "your data"
    features : d str, optional; default ``info.features`` or x1, x2, ...
    classes : 2 labels, optional; default ``info.classes`` or y's labels in sorted order
    where : str, how errors name the data: "data" (the argument), or an uploaded file's name

    Raises
    ------
    TypeError or ValueError starting with ``where``: not (X, y); X not a table of numbers,
    with fewer than two columns, a missing or infinite value, or a constant column;
    y of another length, with a missing value, numbers that are not labels, one class, or
    more than two; an info whose target is numbers.
    """
    if not isinstance(data, (tuple, list)) or len(data) not in (2, 3):
        raise TypeError(f"{where}: expected (X, y), or (X, y, info) as lk.datasets.from_csv returns, "
                        f"got {describe(data)}")
    X, y, info = (*data, None) if len(data) == 2 else data
    if info is not None and not isinstance(info, TableInfo):
        raise TypeError(f"{where}: expected the third item to be the info of lk.datasets.from_csv, got "
                        f"{type(info).__name__}")
    column = f", column {info.target!r}" if info is not None else ""
    if info is not None and info.kind == "numbers":
        raise ValueError(f"{where}{column}: the target holds numbers (kind='numbers'); the dashboard classifies: "
                         "choose a target of class labels")
    try:
        X = np.array(X, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: expected X to be a table of numbers, shape (n, d), got {type(X).__name__} "
                        "holding something else") from None
    if info is not None and X.ndim == 2 and X.shape[1] < 2:
        raise ValueError(f"{where}: expected at least 2 feature columns besides the target {info.target!r} (the "
                         f"picture is drawn over two), got {X.shape[1]}: {', '.join(map(repr, info.features))}")
    if X.ndim != 2 or X.shape[1] < 2:
        raise ValueError(f"{where}: expected X of shape (n, d) with d >= 2 features (the picture is drawn over two), "
                         f"got shape {X.shape}")
    n, d = X.shape
    features = tuple(features if features is not None else info.features if info else
                     (f"x{j + 1}" for j in range(d)))
    if len(features) != d or not all(isinstance(f, str) for f in features):
        raise ValueError(f"features: expected {d} names, one per column of X, got {len(features)}")
    bad = np.argwhere(~np.isfinite(X))
    if bad.size:
        i, j = bad[0]
        raise ValueError(f"{where}: X[{i}, {j}] (column {features[j]!r}) is {X[i, j]}; expected a finite number in "
                         "every cell: remove the row or fill in the value")
    y = np.asarray(y)
    if y.ndim == 1 and len(y) != n:
        raise ValueError(f"{where}: X has {n} rows and y {len(y)} labels; expected one label per row of X")
    if y.ndim != 1:
        raise ValueError(f"{where}: expected y of shape ({n},), one label per row of X, got shape {y.shape}")
    y = _labels(y, where)
    found = sorted(set(y.tolist()))
    if len(found) != 2:
        shown = [info.classes[i] for i in found] if info is not None else found
        what = f"one class only ({shown[0]!r} in all {n} rows)" if len(found) < 2 else (
            f"{len(found)} classes ({', '.join(map(repr, shown[:5]))}{', …' if len(found) > 5 else ''})")
        raise ValueError(f"{where}{column}: expected 2 classes, got {what}; the dashboard draws two classes (one "
                         "output, P(class 1)): choose a target with two classes" + (
                             "" if len(found) < 2 else ", or train on it with softmax cross-entropy as in notebook 07"))
    mean, std = X.mean(axis=0), X.std(axis=0)  # (d,), (d,)
    constant = np.flatnonzero(X.max(axis=0) == X.min(axis=0))
    if constant.size:
        j = constant[0]
        raise ValueError(f"{where}: column {features[j]!r} is {sig(X[0, j])} in every row; a constant feature has no "
                         "spread to standardise by: leave it out")
    labels = tuple(classes if classes is not None else info.classes if info else found)
    if info is None and (len(labels) != 2 or set(labels) != set(found)):
        raise ValueError(f"classes: expected the 2 labels of y ({found[0]!r}, {found[1]!r}) in the order of their "
                         f"index, got {list(labels)}")
    index = {label: i for i, label in enumerate(labels if info is None else found)}
    name = name or (os.path.basename(info.file) if info else "your data")
    if name in datasets.GENERATED:
        raise ValueError(f"name: {name!r} is a generated dataset's name; give your data another")
    return YourData(name, X, np.array([index[v] for v in y.tolist()], dtype=np.int64), features, labels, mean, std)


def _labels(y, where):
    """y as class labels: integers (floats that are whole numbers too), bools or names."""
    if y.dtype.kind == "f":
        bad = np.flatnonzero(~np.isfinite(y) | (y != np.round(y)))
        if bad.size:
            i = bad[0]
            raise ValueError(f"{where}: y[{i}] is {y[i]}; expected class labels (integers or names): the dashboard "
                             "classifies, a target of numbers cannot be drawn here")
        return y.astype(np.int64)
    if y.dtype.kind in "biu":
        return y.astype(np.int64)
    if y.dtype.kind in "UO":
        return y.astype(str)
    raise TypeError(f"{where}: expected y to hold class labels (integers or names), got {y.dtype}")
