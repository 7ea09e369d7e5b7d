"""A learner's own data for the training dashboard (notebook 06): checked, its two
classes numbered 0 and 1, and the standardisation the network sees it through.

The dashboard classifies two classes with one output, P(class 1), as it does the
generated sets. A target of numbers, or of more than two classes, is refused with
the count named (notebook 07 trains on ten classes with softmax cross-entropy).
"""

import os
from dataclasses import dataclass

import numpy as np

from .._checks import describe
from .csvtext import MISSING
from .generated import GENERATED
from .prepare import standardize
from .table import TableInfo, class_indices


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
    classes : the 2 labels in the order of their index, optional; default the labels of y in
        ``info.classes``' order (those present), or sorted
    where : str, how errors name the data: "data" (the argument), or an uploaded file's name

    Raises
    ------
    TypeError or ValueError starting with ``where``: not (X, y); X not a table of numbers,
    with fewer than two columns, a missing or infinite value, or a constant column;
    y of another length, with a missing value, numbers that are not labels, one class, or
    more than two; an info whose target is numbers.
    """
    X, y, info = _unpack(data, where)
    column = f", column {info.target!r}" if info is not None else ""  # how errors about the target name it
    X = _table(X, info, where)
    n, d = X.shape
    features = tuple(features if features is not None else info.features if info else (f"x{j + 1}" for j in range(d)))
    if len(features) != d or not all(isinstance(f, str) for f in features):
        raise ValueError(f"features: expected {d} names, one per column of X, got {len(features)}")
    _all_finite(X, features, where)
    labels = _two_classes(y, n, info, where, column)
    try:
        _, mean, std = standardize(X, names=features)  # (d,), (d,)
    except ValueError as error:  # a constant column: named as the data is
        raise ValueError(where + str(error).removeprefix("X_train")) from None
    if classes is None and info is not None:
        classes = [label for label in info.classes if label in set(labels)]  # the file's order
    y, classes = class_indices(
        labels, classes.tolist() if isinstance(classes, np.ndarray) else classes, where, lambda i: f"y[{i}]"
    )
    return YourData(_name(name, info), X, y, features, classes, mean, std)


def _unpack(data, where):
    """(X, y, info) of ``data``, (X, y) or (X, y, info); info None when not given."""
    if not isinstance(data, (tuple, list)) or len(data) not in (2, 3):
        raise TypeError(
            f"{where}: expected (X, y), or (X, y, info) as lk.datasets.from_csv returns, got {describe(data)}"
        )
    X, y, info = (*data, None) if len(data) == 2 else data
    if info is not None and not isinstance(info, TableInfo):
        raise TypeError(
            f"{where}: expected the third item to be the info of lk.datasets.from_csv, got {type(info).__name__}"
        )
    if info is not None and info.kind == "numbers":
        raise ValueError(
            f"{where}, column {info.target!r}: the target holds numbers (kind='numbers'); the dashboard "
            "classifies: choose a target of class labels"
        )
    return X, y, info


def _table(X, info, where):
    """X as a float array (n, d) with d >= 2: the picture is drawn over two features."""
    try:
        X = np.array(X, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{where}: expected X to be a table of numbers, shape (n, d), got {type(X).__name__} holding something else"
        ) from None
    if info is not None and X.ndim == 2 and X.shape[1] < 2:
        raise ValueError(
            f"{where}: expected at least 2 feature columns besides the target {info.target!r} (the "
            f"picture is drawn over two), got {X.shape[1]}: {', '.join(map(repr, info.features))}"
        )
    if X.ndim != 2 or X.shape[1] < 2:
        raise ValueError(
            f"{where}: expected X of shape (n, d) with d >= 2 features (the picture is drawn over two), "
            f"got shape {X.shape}"
        )
    return X


def _all_finite(X, features, where):
    """Refuse a missing or infinite cell of X, naming the first one."""
    bad = np.argwhere(~np.isfinite(X))
    if bad.size:
        i, j = bad[0]
        raise ValueError(
            f"{where}: X[{i}, {j}] (column {features[j]!r}) is {X[i, j]}; expected a finite number in "
            "every cell: remove the row or fill in the value"
        )


def _two_classes(y, n, info, where, column):
    """y's n labels as a list, refused unless they are two classes."""
    y = np.asarray(y)
    if y.ndim == 1 and len(y) != n:
        raise ValueError(f"{where}: X has {n} rows and y {len(y)} labels; expected one label per row of X")
    if y.ndim != 1:
        raise ValueError(f"{where}: expected y of shape ({n},), one label per row of X, got shape {y.shape}")
    if info is not None:  # class indices into info.classes: the labels themselves, then as from Python
        y = _names(y, info, where)
    labels = _labels(y, where).tolist()
    found = sorted(set(labels))
    if len(found) != 2:
        what = (
            f"one class only ({found[0]!r} in all {n} rows)"
            if len(found) < 2
            else (f"{len(found)} classes ({', '.join(map(repr, found[:5]))}{', …' if len(found) > 5 else ''})")
        )
        raise ValueError(
            f"{where}{column}: expected 2 classes, got {what}; the dashboard draws two classes (one "
            "output, P(class 1)): choose a target with two classes"
            + ("" if len(found) < 2 else ", or train on it with softmax cross-entropy as in notebook 07")
        )
    return labels


def _name(name, info):
    """What the dataset menu calls the data: ``name``, else the file's name, else "your data"."""
    if name is None and info is not None:
        name = os.path.basename(info.file)
        name = f"{name} (your file)" if name in GENERATED else name
    name = name or "your data"
    if name in GENERATED:
        raise ValueError(f"name: {name!r} is a generated dataset's name; give your data another")
    return name


def _names(y, info, where):
    """The labels of class indices ``y`` into ``info.classes``."""
    y = np.asarray(y)
    k = len(info.classes)
    bad = np.flatnonzero(
        [isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 0 <= v < k for v in y.tolist()]
    )
    if bad.size:
        raise ValueError(
            f"{where}: y[{bad[0]}] is {y[bad[0]]!r}; with the info of lk.datasets.from_csv, expected "
            f"y to hold its class indices, 0 to {k - 1}"
        )
    return np.array(info.classes, dtype=object)[y.astype(np.int64)]


def _labels(y, where):
    """y as class labels: integers (floats that are whole numbers too), bools or names."""
    if y.dtype.kind == "f":
        missing = np.flatnonzero(np.isnan(y))
        if missing.size:
            raise ValueError(
                f"{where}: y[{missing[0]}] is missing (nan); nothing is filled in for you: remove the "
                "row or give its label"
            )
        bad = np.flatnonzero(~np.isfinite(y) | (y != np.round(y)))
        if bad.size:
            i = bad[0]
            raise ValueError(
                f"{where}: y[{i}] is {y[i]}; expected class labels (integers or names): the dashboard "
                "classifies, a target of numbers cannot be drawn here"
            )
        return y.astype(np.int64)
    if y.dtype.kind in "biu":
        return y.astype(np.int64)
    if y.dtype.kind in "UO":
        values = y.tolist()
        for i, v in enumerate(values):
            if (
                v is None
                or (isinstance(v, float) and np.isnan(v))
                or (isinstance(v, str) and v.strip().lower() in MISSING)
            ):
                raise ValueError(
                    f"{where}: y[{i}] is missing ({v!r}); nothing is filled in for you: remove the row or "
                    "give its label"
                )
        names = [i for i, v in enumerate(values) if isinstance(v, str)]
        if len(names) == len(values):
            return np.array(values, dtype=str)
        if names:
            i, j = next(i for i, v in enumerate(values) if not isinstance(v, str)), names[0]
            raise ValueError(
                f"{where}: y mixes numbers and names (y[{i}]: {values[i]!r}, y[{j}]: {values[j]!r}); "
                "class labels are all integers or all names"
            )
        numbers = np.array(values)
        if numbers.dtype.kind in "biuf":
            return _labels(numbers, where)
    raise TypeError(f"{where}: expected y to hold class labels (integers or names), got {y.dtype}")
