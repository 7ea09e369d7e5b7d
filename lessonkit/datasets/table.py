"""A learner's own table: a CSV file read into ``(X, y, info)``: the columns chosen, the
features as numbers, the target as class indices (or numbers).

numpy and ``csvtext`` (the file's text, header and rows) only. Nothing is guessed: a cell that
is not a number, a missing value, a ragged row, a file that is not CSV text
each stop the reading with the file, the column and the row named. Rows are
counted as a spreadsheet shows them: the header is row 1, the first row of
data row 2. Re-exported as ``lk.datasets.from_csv``.
"""

import difflib
import math
import os
import re
from dataclasses import dataclass

import numpy as np

from .._checks import check_choice, check_path, describe
from . import csvtext

#: What an error about a target of numbers read as classes advises (a widget gives its own advice instead).
NUMBERS_HINT = "for a target of numbers pass kind='numbers'"

#: The fewest rows of data a table must have: two rows hold two classes or a spread of numbers.
MIN_ROWS = 2


@dataclass(frozen=True)
class TableInfo:
    """What ``from_csv`` read.

    Attributes
    ----------
    file : str, the path as given
    features : tuple of d str, the columns of X in order
    target : str, the column of y
    kind : "classes" (y holds class indices) or "numbers" (y holds the column's numbers)
    classes : tuple of k labels (int or str); class index i stands for ``classes[i]``.
        Empty when kind is "numbers".
    n_rows : int, the number of rows of X and y
    """

    file: str
    features: tuple
    target: str
    kind: str
    classes: tuple
    n_rows: int


def from_csv(path, target, features=None, kind="classes", classes=None, delimiter=","):
    """Read a CSV file with a header row into features X and a target y.

    Parameters
    ----------
    path : str or os.PathLike, a UTF-8 text file (a byte-order mark is allowed)
    target : str, the name of the column to predict
    features : list of str, optional; the feature columns, in this order.
        Default: every column except the target, in the file's order.
    kind : "classes" or "numbers"
        "classes": the target is a class label, integers or names, mapped to
        0..k−1 in sorted order (numbers by value, names alphabetically) unless
        ``classes`` gives the order. "numbers": the target is a number (regression).
    classes : list of labels, optional; the class labels in the order of their
        index (``classes[i]`` becomes i); every label of the column must be in it.
    delimiter : str, the character between fields (";" for many European spreadsheets)

    Returns
    -------
    X : float ndarray of shape (n, d)
    y : int ndarray of shape (n,) with values 0..k−1 (kind "classes"),
        or float ndarray of shape (n,) (kind "numbers")
    info : TableInfo

    Raises
    ------
    FileNotFoundError for a missing file; TypeError for an argument of the wrong
    type; ValueError, naming the file, the column and the row, for a file that
    is not CSV text, a header without names or with a name twice, an unknown
    column, a ragged row, a cell that is not a number, a missing value (an empty
    cell or one of ``csvtext.MISSING``: NA, N/A, NaN, null, None, ?), a target with one
    class only, or fewer than ``MIN_ROWS`` rows of data. Blank rows are skipped;
    cells and names are read without their surrounding spaces.
    """
    name = os.fspath(check_path("path", path))
    _check_options(kind, delimiter)
    return _table(name, csvtext.read_text(name), target, features, kind, classes, delimiter)


def from_csv_text(text, name, target, features=None, kind="classes", classes=None, delimiter=","):
    """``from_csv`` of a file's contents rather than its path: what an upload gives.

    Parameters
    ----------
    text : str, or bytes / memoryview of a file's contents (read as ``from_csv`` reads a file)
    name : str, the file's name, used in every error (``info.file``)
    target, features, kind, classes, delimiter : as for ``from_csv``

    Returns and raises as ``from_csv`` does (no file is opened).
    """
    if not isinstance(name, str):
        raise TypeError(f"name: expected the file's name (str), got {describe(name)}")
    if not isinstance(text, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"text: expected the file's contents (str or bytes), got {describe(text)}")
    _check_options(kind, delimiter)
    text = csvtext.text_of(text, name)
    return _table(name, text, target, features, kind, classes, delimiter)


def _check_options(kind, delimiter):
    check_choice("kind", kind, ("classes", "numbers"))
    csvtext.check_delimiter(delimiter)


def _table(name, text, target, features, kind, classes, delimiter):
    """X, y, info from the text of the file called ``name`` (``from_csv``'s work once the text is read)."""
    header_row, header, rows = csvtext.read_rows(name, text, delimiter)
    column = csvtext.check_header(name, header_row, header, delimiter)
    if not isinstance(target, str):
        raise TypeError(f"target: expected a column name (str), got {describe(target)}")
    _check_known(name, target, header, "target")
    features = _check_features(name, features, header, target)
    if len(rows) < MIN_ROWS:
        raise ValueError(f"{name}: expected at least {MIN_ROWS} rows of data under the header, got {len(rows)}")

    X = np.empty((len(rows), len(features)))  # (n, d)
    for j, feature in enumerate(features):
        X[:, j] = _numbers(name, feature, [(r, fields[column[feature]]) for r, fields in rows])
    cells = [(r, fields[column[target]]) for r, fields in rows]
    y, labels = (_numbers(name, target, cells), ()) if kind == "numbers" else _classes(name, target, cells, classes)
    return X, y, TableInfo(name, tuple(features), target, kind, labels, len(rows))


def _check_known(name, label, header, argument):
    if label not in header:
        shown = ", ".join(repr(h) for h in header[:8]) + (f", … ({len(header)} in all)" if len(header) > 8 else "")
        close = difflib.get_close_matches(label, header, n=1) or [h for h in header if h.lower() == label.lower()]
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"{name}: no column {label!r} ({argument}); the columns are {shown}{hint}")


def _check_features(name, features, header, target):
    if features is None:
        return [h for h in header if h != target]
    if isinstance(features, str) or not isinstance(features, (list, tuple)):
        raise TypeError(f"features: expected a list of column names such as ['a', 'b'], got {describe(features)}")
    if not features:
        raise ValueError("features: expected at least one column name, got an empty list")
    for j, feature in enumerate(features):
        if not isinstance(feature, str):
            raise TypeError(f"features: expected column names (str), got {describe(feature)} at position {j}")
        _check_known(name, feature, header, "features")
        if feature == target:
            raise ValueError(f"features: {feature!r} is the target column; a feature cannot be the target too")
        if feature in features[:j]:
            raise ValueError(f"features: the column {feature!r} is named twice")
    return list(features)


def _numbers(name, column, cells):
    """The cells [(row, text)] of one column as a float ndarray of shape (n,)."""
    out = np.empty(len(cells))
    for i, (row, text) in enumerate(cells):
        value = csvtext.cell(name, column, row, text)
        number = csvtext.number(value)
        if number is None:
            hint = (
                "; numbers take a decimal point (3.5, not 3,5)"
                if re.fullmatch(r"[+-]?\d+,\d+", value)
                else "; numbers are written with no '_' (1000, not 1_000)"
                if "_" in value
                else ""
            )
            raise ValueError(f"{name}, column {column!r}, row {row}: expected a number, got {text!r}{hint}")
        if not math.isfinite(number):
            raise ValueError(f"{name}, column {column!r}, row {row}: expected a finite number, got {text!r}")
        out[i] = number
    return out


def _classes(name, column, cells, classes):
    """Class indices of shape (n,) and the labels in index order."""
    texts = [(row, csvtext.cell(name, column, row, text)) for row, text in cells]
    numbers = [(row, value, csvtext.number(value)) for row, value in texts]
    names = [(row, value) for row, value, number in numbers if number is None]
    if names and len(names) < len(texts):
        (row_n, n), (row_t, t) = next((r, v) for r, v, x in numbers if x is not None), names[0]
        raise ValueError(
            f"{name}, column {column!r}: mixes numbers and names (row {row_n}: {n!r}, row {row_t}: "
            f"{t!r}); class labels are all integers or all names"
        )
    if not names:
        for row, value, number in numbers:
            if not (math.isfinite(number) and number == int(number)):
                raise ValueError(
                    f"{name}, column {column!r}, row {row}: expected a class label (an integer or a "
                    f"name), got the number {value!r}; {NUMBERS_HINT}"
                )
        texts = [(row, int(number)) for row, _, number in numbers]
    indices, classes = class_indices(
        [label for _, label in texts], classes, f"{name}, column {column!r}", lambda i: f"row {texts[i][0]}"
    )
    if len(classes) < 2:
        raise ValueError(
            f"{name}, column {column!r}: expected at least 2 classes, got one only ({classes[0]!r} in "
            f"all {len(texts)} rows); a classifier needs examples of each class"
        )
    return indices, classes


def class_indices(labels, classes, where, at):
    """Number class labels 0..k−1: in the order of ``classes``, or sorted (numbers by value, names
    alphabetically). Shared by ``from_csv`` and the dashboard's own data (``datasets.yours``).

    Parameters
    ----------
    labels : list of n labels, all integers or all names
    classes : list of labels in the order of their index, or None (the labels found, sorted)
    where : how errors name the labels ("tumours.csv, column 'diagnosis'", "data")
    at : ``at(i)`` names the place of the i-th label ("row 5", "y[4]")

    Returns
    -------
    indices : int ndarray of shape (n,), ``classes[indices[i]] == labels[i]``;  classes : tuple of k labels
    """
    found = sorted(set(labels))
    if classes is None:
        classes = found
    elif isinstance(classes, str) or not isinstance(classes, (list, tuple)):
        raise TypeError(f"classes: expected a list of class labels, got {describe(classes)}")
    unknown = [label for label in classes if label not in found]
    if unknown:
        raise ValueError(
            f"classes: the label {unknown[0]!r} never appears in {where} "
            f"(its labels: {', '.join(repr(f) for f in found)})"
        )
    index = {label: i for i, label in enumerate(classes)}
    if len(index) < len(classes):
        raise ValueError(f"classes: expected each label once, got {list(classes)}")
    for i, label in enumerate(labels):
        if label not in index:
            raise ValueError(f"{where}, {at(i)}: the label {label!r} is not one of classes {list(classes)}")
    return np.array([index[label] for label in labels], dtype=np.int64), tuple(classes)
