"""A learner's own table: a CSV file read into ``(X, y, info)``.

numpy and the standard library's ``csv`` only. Nothing is guessed: a cell that
is not a number, a missing value, a ragged row, a file that is not CSV text
each stop the reading with the file, the column and the row named. Rows are
counted as a spreadsheet shows them: the header is row 1, the first row of
data row 2. Re-exported as ``lk.datasets.from_csv``.
"""
import csv
import difflib
import io
import math
import os
import re
from dataclasses import dataclass

import numpy as np

from ._checks import check_choice, describe

#: Cells read as a missing value (compared stripped and in lower case).
MISSING = ("", "na", "n/a", "nan", "null", "none", "?")

#: How the files most often taken for CSV begin, and what they are.
NOT_CSV = {
    b"PK\x03\x04": "a zip archive (an Excel .xlsx workbook is one); save the sheet as CSV",
    b"\x1f\x8b": "compressed with gzip; unpack it first",
    b"\xff\xfe": "UTF-16 text (a spreadsheet's 'Unicode text'); save it as 'CSV UTF-8'",
    b"\xfe\xff": "UTF-16 text (a spreadsheet's 'Unicode text'); save it as 'CSV UTF-8'",
}

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
    cell or one of ``MISSING``: NA, N/A, NaN, null, None, ?), a target with one
    class only, or fewer than ``MIN_ROWS`` rows of data. Blank rows are skipped;
    cells and names are read without their surrounding spaces.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path: expected a file name (str or pathlib.Path), got {describe(path)}")
    name = os.fspath(path)
    _check_options(kind, delimiter)
    return _table(name, _read_text(name), target, features, kind, classes, delimiter)


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
    text = text if isinstance(text, str) else _decode(name, bytes(text))
    return _table(name, text, target, features, kind, classes, delimiter)


def csv_columns(text, name, delimiter=","):
    """The column names of the header of a file's contents (str or bytes), checked as ``from_csv`` checks them."""
    _check_options("classes", delimiter)
    text = text if isinstance(text, str) else _decode(name, bytes(text))
    header_row, header, _ = _read_rows(name, text, delimiter)
    _check_header(name, header_row, header, delimiter)
    return header


def name_columns(text, name, delimiter=","):
    """The columns of a file's contents (str or bytes) that hold names, not numbers (a person's
    name, an id such as A-17): no cell of theirs is a number, and one at least is not missing."""
    _check_options("classes", delimiter)
    text = text if isinstance(text, str) else _decode(name, bytes(text))
    header_row, header, rows = _read_rows(name, text, delimiter)
    _check_header(name, header_row, header, delimiter)
    cells = [[fields[j].strip() for _, fields in rows] for j in range(len(header))]
    return [label for label, column in zip(header, cells) if all(_number(c) is None for c in column)
            and any(c.lower() not in MISSING for c in column)]


def _check_options(kind, delimiter):
    check_choice("kind", kind, ("classes", "numbers"))
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        raise ValueError("delimiter: expected one character such as ',' or ';', not a quote or a line break, "
                         f"got {describe(delimiter)}")


def _table(name, text, target, features, kind, classes, delimiter):
    """X, y, info from the text of the file called ``name`` (``from_csv``'s work once the text is read)."""
    header_row, header, rows = _read_rows(name, text, delimiter)
    column = _check_header(name, header_row, header, delimiter)
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


def _read_text(name):
    """The file's text, or the error of a folder, a missing file or a file that is not CSV text."""
    if os.path.isdir(name):  # checked first: on Windows open() raises PermissionError for a folder
        raise ValueError(f"{name}: a folder, not a file; expected a CSV file")
    try:
        with open(name, "rb") as file:
            raw = file.read()
    except FileNotFoundError:
        raise FileNotFoundError(f"{name}: no such file (looked for {os.path.abspath(name)})") from None
    return _decode(name, raw)


def _decode(name, raw):
    """The text of the bytes ``raw`` of the file ``name``, or the error of a file that is not CSV text."""
    not_csv = f"{name}: not a CSV file"
    for start, what in NOT_CSV.items():
        if raw.startswith(start):
            raise ValueError(f"{not_csv}: it is {what}")
    if b"\x00" in raw:
        row = raw[:raw.index(b"\x00")].count(b"\n") + 1
        raise ValueError(f"{not_csv}: row {row} holds binary data (a zero byte); a CSV file is text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw[:error.start].count(b"\n") + 1
        raise ValueError(f"{not_csv}: row {row} is not UTF-8 text (the byte {raw[error.start]:#04x}); "
                         "save it as 'CSV UTF-8'") from None


def _read_rows(name, text, delimiter):
    """The header's row number, its names, and [(row number, fields)] of the non-blank rows below."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header_row, header, rows, row = None, None, [], 0
    try:
        for row, fields in enumerate(reader, start=1):
            if not any(field.strip() for field in fields):
                continue  # a blank row, or one of empty fields as spreadsheets write at the end
            if header is None:
                header_row, header = row, [field.strip() for field in fields]
            elif len(fields) != len(header):
                raise ValueError(f"{name}, row {row}: expected {len(header)} fields, one per column of the "
                                 f"header, got {len(fields)}")
            else:
                rows.append((row, fields))
    except csv.Error:  # in the record after row ``row``; reader.line_num counts lines, a quoted field spans several
        raise ValueError(f"{name}: not a CSV file: row {row + 1} has a quote that does not close or is followed by "
                         'other text (a quoted field is written "a, b"; a quote inside it is written twice)') from None
    if header is None:
        raise ValueError(f"{name}: the file is empty; expected a header row of column names, then rows of data")
    return header_row, header, rows


def _check_header(name, row, header, delimiter):
    """The column index of each name of the header, checked: two or more names, none empty, none twice."""
    if len(header) < 2:
        others = [d for d in ",;\t|" if d != delimiter and d in header[0]]
        hint = f"; its fields seem separated by {others[0]!r}: pass delimiter={others[0]!r}" if others else ""
        raise ValueError(f"{name}: not a CSV file: row {row}, the header, has one column {header[0][:40]!r}; "
                         f"expected column names separated by {delimiter!r}{hint}")
    column = {}
    for j, label in enumerate(header):
        if not label:
            raise ValueError(f"{name}, row {row}: column {j + 1} of the header has no name; every column needs one")
        if label in column:
            raise ValueError(f"{name}, row {row}: the header names the column {label!r} twice (columns "
                             f"{column[label] + 1} and {j + 1}); every column needs a name of its own")
        column[label] = j
    return column


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


def _cell(name, column, row, text):
    """A cell's stripped text, or the error of a missing value."""
    value = text.strip()
    if value.lower() in MISSING:
        raise ValueError(f"{name}, column {column!r}, row {row}: a missing value ({text!r}); nothing is filled "
                         "in for you: remove the row or fill in the value")
    return value


def _numbers(name, column, cells):
    """The cells [(row, text)] of one column as a float ndarray of shape (n,)."""
    out = np.empty(len(cells))
    for i, (row, text) in enumerate(cells):
        value = _cell(name, column, row, text)
        number = _number(value)
        if number is None:
            hint = ("; numbers take a decimal point (3.5, not 3,5)" if re.fullmatch(r"[+-]?\d+,\d+", value) else
                    "; numbers are written with no '_' (1000, not 1_000)" if "_" in value else "")
            raise ValueError(f"{name}, column {column!r}, row {row}: expected a number, got {text!r}{hint}")
        if not math.isfinite(number):
            raise ValueError(f"{name}, column {column!r}, row {row}: expected a finite number, got {text!r}")
        out[i] = number
    return out


def _number(value):
    """``value`` (text) as a float, or None if it is not a number: Python's float reads 1_000 as 1000, a
    spreadsheet does not. (inf is read here and refused by the callers; nan is a missing value.)"""
    try:
        return None if "_" in value else float(value)
    except ValueError:
        return None


def _classes(name, column, cells, classes):
    """Class indices of shape (n,) and the labels in index order."""
    texts = [(row, _cell(name, column, row, text)) for row, text in cells]
    numbers = [(row, value, _number(value)) for row, value in texts]
    names = [(row, value) for row, value, number in numbers if number is None]
    if names and len(names) < len(texts):
        (row_n, n), (row_t, t) = next((r, v) for r, v, x in numbers if x is not None), names[0]
        raise ValueError(f"{name}, column {column!r}: mixes numbers and names (row {row_n}: {n!r}, row {row_t}: "
                         f"{t!r}); class labels are all integers or all names")
    if not names:
        for row, value, number in numbers:
            if not (math.isfinite(number) and number == int(number)):
                raise ValueError(f"{name}, column {column!r}, row {row}: expected a class label (an integer or a "
                                 f"name), got the number {value!r}; {NUMBERS_HINT}")
        texts = [(row, int(number)) for row, _, number in numbers]
    indices, classes = class_indices([label for _, label in texts], classes, f"{name}, column {column!r}",
                                     lambda i: f"row {texts[i][0]}")
    if len(classes) < 2:
        raise ValueError(f"{name}, column {column!r}: expected at least 2 classes, got one only ({classes[0]!r} in "
                         f"all {len(texts)} rows); a classifier needs examples of each class")
    return indices, classes


def class_indices(labels, classes, where, at):
    """Number class labels 0..k−1: in the order of ``classes``, or sorted (numbers by value, names
    alphabetically). Shared by ``from_csv`` and the dashboard's own data (``states.yourdata``).

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
        raise ValueError(f"classes: the label {unknown[0]!r} never appears in {where} "
                         f"(its labels: {', '.join(repr(f) for f in found)})")
    index = {label: i for i, label in enumerate(classes)}
    if len(index) < len(classes):
        raise ValueError(f"classes: expected each label once, got {list(classes)}")
    for i, label in enumerate(labels):
        if label not in index:
            raise ValueError(f"{where}, {at(i)}: the label {label!r} is not one of classes {list(classes)}")
    return np.array([index[label] for label in labels], dtype=np.int64), tuple(classes)

