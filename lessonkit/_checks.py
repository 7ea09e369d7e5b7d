"""Input checks shared by the engine.

Every public function turns its arguments into numpy arrays here, so bad input
stops at the door with a message that names the argument, says what was
expected and what came. Nothing is broadcast silently and no NaN is passed on.
What the engine hands on to itself in a training step, a loss's gradient to
``MLP.backward`` and a model's grads to an optimizer after its first step, is
checked for shape or count only: more would slow a small network's step by
several per cent.
"""

import numbers
import os

import numpy as np


def describe(value):
    """A short description of ``value`` for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"{value!r} ({type(value).__name__})"


def check_path(name, value):
    """``value``, a file's name (str or os.PathLike), or a TypeError that names it."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name}: expected a file name (str or pathlib.Path), got {describe(value)}")
    return value


def as_float_array(name, value, ndim=None, finite=True):
    """``value`` as a float array of ``ndim`` dims, checked to be finite unless
    ``finite`` is False (for a caller whose own range check catches NaN and inf)."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: expected an array of numbers, got {describe(value)}") from None
    if ndim is not None and arr.ndim != ndim:
        dims = {0: "a number", 1: "a 1-D array", 2: "a 2-D array"}.get(ndim, f"a {ndim}-D array")
        raise ValueError(f"{name}: expected {dims}, got an array of shape {arr.shape}")
    if finite:
        check_finite(name, arr)
    return arr


def check_finite(name, arr):
    """Raise ValueError if ``arr`` holds NaN or infinity."""
    if np.count_nonzero(np.isfinite(arr)) != arr.size:  # not all finite (counting beats .all() on small arrays)
        bad = np.argwhere(~np.isfinite(np.atleast_1d(arr)))[0]
        where = tuple(int(i) for i in bad) if np.ndim(arr) else ()
        value = np.atleast_1d(arr)[tuple(bad)]
        at = f" at index {where[0] if len(where) == 1 else where}" if where else ""
        raise ValueError(f"{name}: expected finite numbers, got {value}{at}")


def as_scalar(name, value):
    """``value`` as a finite Python float."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a number, got {describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value}")
    return value


def check_positive(name, value):
    """``value`` as a float, checked to be finite and > 0."""
    value = as_scalar(name, value)
    if value <= 0:
        raise ValueError(f"{name}: expected a positive number, got {value}")
    return value


def check_same_shape(name, arr, other_name, other):
    """Raise ValueError unless ``arr`` and ``other`` have the same shape."""
    if arr.shape != other.shape:
        raise ValueError(
            f"{name} and {other_name}: expected the same shape, got {arr.shape} and {other.shape} (no broadcasting)"
        )


def as_labels(name, labels, n_classes=None):
    """``labels`` as a 1-D int array of class indices in [0, n_classes)."""
    arr = np.asarray(labels)
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array of integer class labels, got shape {arr.shape}")
    if arr.dtype.kind not in "iub":
        if arr.dtype.kind == "f" and np.isfinite(arr).all() and (arr == np.round(arr)).all():
            arr = arr.astype(np.int64)
        else:
            bad = (
                [float(v) for v in arr.ravel() if not (np.isfinite(v) and v == np.round(v))]
                if arr.dtype.kind == "f"
                else []
            )
            raise TypeError(
                f"{name}: expected integer class labels, got dtype {arr.dtype}"
                + (f" (the value {bad[0]!r})" if bad else "")
            )
    arr = arr.astype(np.int64, copy=False)
    if n_classes is not None and arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        bad = arr[(arr < 0) | (arr >= n_classes)][0]
        raise ValueError(f"{name}: expected labels in 0..{n_classes - 1}, got {bad}")
    return arr


def check_choice(name, value, choices):
    """Raise ValueError unless ``value`` is one of ``choices`` (names)."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name}: expected one of {options}, got {value!r}")
    return value


def check_index(name, value, n):
    """``value`` as an int in 0..n-1 (a step, a stage, an epoch)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < n:
        raise ValueError(f"{name}: expected an integer from 0 to {n - 1}, got {value!r}")
    return int(value)


def as_count(name, value, at_least=1):
    """``value`` as an int >= ``at_least`` (a size, a number of epochs)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < at_least:
        expected = "a positive integer" if at_least == 1 else f"an integer of at least {at_least}"
        raise ValueError(f"{name}: expected {expected}, got {value!r}")
    return int(value)
