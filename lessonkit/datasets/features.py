"""Extra inputs made from a generated set's two features x1, x2, as TensorFlow Playground offers them:
x1², x2², x1·x2, sin x1, sin x2. Given x1² and x2², a network without a hidden layer (a linear model,
logistic regression) separates the circles: the boundary w1·x1 + w2·x2 + w3·x1² + w4·x2² + b = 0 can be
a circle, where a line could not.

Each is named as a setting is typed ("x1^2") and labelled as a learner reads it (``LABELS``: "x1²").
See notebooks/06_epochs.ipynb.
"""

import numpy as np

from .._checks import as_float_array


def x1_squared(X):
    """x1², of points X (k, 2); shape (k,)."""
    return X[:, 0] ** 2


def x2_squared(X):
    """x2², of points X (k, 2); shape (k,)."""
    return X[:, 1] ** 2


def x1_times_x2(X):
    """x1·x2, of points X (k, 2); shape (k,)."""
    return X[:, 0] * X[:, 1]


def sin_x1(X):
    """sin x1 (x1 in radians), of points X (k, 2); shape (k,)."""
    return np.sin(X[:, 0])


def sin_x2(X):
    """sin x2 (x2 in radians), of points X (k, 2); shape (k,)."""
    return np.sin(X[:, 1])


#: The extra inputs by name, in the order a network sees them after x1, x2: name → function of X (k, 2) → (k,).
EXTRA_FEATURES = {"x1^2": x1_squared, "x2^2": x2_squared, "x1*x2": x1_times_x2, "sin(x1)": sin_x1, "sin(x2)": sin_x2}
#: How each is written for a learner (a checkbox's label).
LABELS = {"x1^2": "x1²", "x2^2": "x2²", "x1*x2": "x1x2", "sin(x1)": "sin x1", "sin(x2)": "sin x2"}


def extra_names(names, argument="extra_features"):
    """``names`` (a tuple or list of names in ``EXTRA_FEATURES``) as a tuple in ``EXTRA_FEATURES``' order,
    each once; a clear error naming ``argument`` otherwise."""
    expected = f"expected a tuple of names from {', '.join(map(repr, EXTRA_FEATURES))}"
    if not isinstance(names, (tuple, list)):
        raise TypeError(f"{argument}: {expected}, like ('x1^2', 'x2^2'); got {names!r}")
    unknown = [name for name in names if not isinstance(name, str) or name not in EXTRA_FEATURES]
    if unknown:
        raise ValueError(f"{argument}: {expected}; got {unknown[0]!r}")
    return tuple(name for name in EXTRA_FEATURES if name in names)


def with_extra(X, names):
    """Points X (k, 2) with the columns of the extra inputs ``names`` after x1, x2: shape (k, 2 + len(names)),
    the extra columns in ``EXTRA_FEATURES``' order."""
    X = as_float_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X: expected shape (k, 2), the two features x1, x2; got {X.shape}")
    names = extra_names(names, "names")
    return np.column_stack([X, *(EXTRA_FEATURES[name](X) for name in names)]) if names else X
