"""Small datasets: four generated 2-D problems, the real UCI handwritten digits
and breast cancer data, a learner's own CSV file, and the helpers that prepare
them (a stratified split, standardisation fitted on the training part).

Every generated set is seeded: the same arguments give the same points.
Each set returns X float of shape (n, d) and y int labels of shape (n,);
the tables read from CSV also return an ``info`` record (``TableInfo``).

See notebooks/06_epochs.ipynb and 07_digits.ipynb.
"""

import gzip
from importlib import resources

import numpy as np

from ._checks import as_count, as_float_array, as_scalar
from .tabular import TableInfo, from_csv, from_csv_text

__all__ = [
    "xor",
    "moons",
    "circles",
    "spirals",
    "GENERATED",
    "digits",
    "breast_cancer",
    "split",
    "standardize",
    "from_csv",
    "from_csv_text",
    "TableInfo",
]


def _check_n(n, at_least=2):
    return as_count("n", n, at_least)


def _check_noise(noise):
    noise = as_scalar("noise", noise)
    if noise < 0:
        raise ValueError(f"noise: expected a number >= 0, got {noise}")
    return noise


def xor():
    """The four corners of the XOR problem: y = 1 when exactly one input is 1.

    Returns X of shape (4, 2) and y of shape (4,).
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    return X, y


def moons(n=100, noise=0.1, seed=0):
    """Two interleaving half circles; n // 2 points of class 0 (upper moon),
    the rest of class 1, with Gaussian noise of std ``noise``."""
    n, noise = _check_n(n), _check_noise(noise)
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n - n0)
    X = np.concatenate(
        [
            np.stack([np.cos(t0), np.sin(t0)], axis=1),
            np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1),
        ]
    )
    X += rng.normal(0.0, noise, size=X.shape)
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)])
    return X, y


def circles(n=100, noise=0.05, factor=0.5, seed=0):
    """Two concentric circles: class 0 outside (radius 1), class 1 inside
    (radius ``factor``), with Gaussian noise of std ``noise``."""
    n, noise = _check_n(n), _check_noise(noise)
    factor = as_scalar("factor", factor)
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor: expected a number between 0 and 1, got {factor}")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0 = np.linspace(0.0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, n - n0, endpoint=False)
    X = np.concatenate(
        [
            np.stack([np.cos(t0), np.sin(t0)], axis=1),
            factor * np.stack([np.cos(t1), np.sin(t1)], axis=1),
        ]
    )
    X += rng.normal(0.0, noise, size=X.shape)
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)])
    return X, y


def spirals(n=100, noise=0.1, turns=1.5, seed=0):
    """Two interleaved spirals of ``turns`` turns each, radius growing to 1;
    class 1 is class 0 turned by half a circle."""
    n, noise = _check_n(n), _check_noise(noise)
    turns = as_scalar("turns", turns)
    if turns <= 0:
        raise ValueError(f"turns: expected a positive number, got {turns}")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    Xs = []
    for k, m in enumerate((n0, n - n0)):
        r = np.linspace(0.1, 1.0, m)
        t = 2 * np.pi * turns * r + k * np.pi
        Xs.append(np.stack([r * np.cos(t), r * np.sin(t)], axis=1))
    X = np.concatenate(Xs)
    X += rng.normal(0.0, noise * 0.1, size=X.shape)
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)])
    return X, y


#: The generated 2-D problems by name, for widgets and loops.
GENERATED = {"xor": xor, "moons": moons, "circles": circles, "spirals": spirals}


def digits():
    """The UCI handwritten digits: 1,797 images of 8 × 8 pixels.

    Returns
    -------
    X : float ndarray of shape (1797, 64), pixels scaled from 0..16 to [0, 1];
        ``X[i].reshape(8, 8)`` is the image
    y : int ndarray of shape (1797,), the digit 0..9

    The data ships inside the package (``lessonkit/data/digits.csv.gz``, a copy
    of the file in scikit-learn), so no network is needed. Source: E. Alpaydin
    and C. Kaynak, "Optical Recognition of Handwritten Digits", UCI Machine
    Learning Repository, 1998, CC BY 4.0; see ``lessonkit/data/DIGITS.md``.
    """
    with resources.files("lessonkit").joinpath("data/digits.csv.gz").open("rb") as raw:
        with gzip.open(raw, "rt") as text:
            table = np.loadtxt(text, delimiter=",", dtype=np.int64)  # (1797, 65)
    X = table[:, :64].astype(float) / 16.0
    y = table[:, 64]
    return X, y


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
        from . import text  # the teaching layer's way of writing numbers, loaded only for this message

        j = constant[0]
        column = f"column {names[j]!r}" if names is not None else f"column {j}"
        raise ValueError(
            f"X_train, {column}: every value is {text.sig(X_train[0, j])}; a constant feature "
            "has no spread to divide by: leave it out"
        )
    mean = X_train.mean(axis=0)  # (d,)
    std = X_train.std(axis=0)  # (d,)
    return (*[(X - mean) / std for X in (X_train, *others)], mean, std)


def breast_cancer():
    """The Breast Cancer Wisconsin (Diagnostic) data: 569 tumours, 30 features each.

    Each row describes the cell nuclei in an image of a fine needle aspirate of
    a breast mass: ten measurements (radius, texture, ... fractal dimension),
    each as its mean, its standard error ("error") and its worst value.

    Returns
    -------
    X : float ndarray of shape (569, 30)
    y : int ndarray of shape (569,): 1 = malignant (212 cases), 0 = benign (357).
        Malignant is the positive class, the disease a test looks for, so recall
        is the share of malignant tumours found. scikit-learn's copy labels the
        other way round (0 malignant, 1 benign): y here is 1 minus its target.
    info : TableInfo, with ``features`` the 30 names (scikit-learn's
        ``feature_names``) and ``classes`` ("benign", "malignant")

    The data ships inside the package (``lessonkit/data/breast_cancer.csv``, an
    ordinary CSV read with ``from_csv``). Source: W. H. Wolberg, W. N. Street,
    O. L. Mangasarian, "Breast Cancer Wisconsin (Diagnostic)", UCI Machine
    Learning Repository, 1995, CC BY 4.0; see ``lessonkit/data/BREAST_CANCER.md``.
    """
    with resources.as_file(resources.files("lessonkit").joinpath("data/breast_cancer.csv")) as path:
        return from_csv(path, target="diagnosis", classes=["benign", "malignant"])
