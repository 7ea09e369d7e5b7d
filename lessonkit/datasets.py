"""Small datasets: four generated 2-D problems and the real UCI handwritten digits.

Every generated set is seeded: the same arguments give the same points.
Each function returns ``(X, y)``: X float of shape (n, d), y int labels of shape (n,).

See notebooks/06_epochs.ipynb and 07_digits.ipynb.
"""
import gzip
from importlib import resources

import numpy as np

from ._checks import as_count, as_scalar


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
    X = np.concatenate([
        np.stack([np.cos(t0), np.sin(t0)], axis=1),
        np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1),
    ])
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
    X = np.concatenate([
        np.stack([np.cos(t0), np.sin(t0)], axis=1),
        factor * np.stack([np.cos(t1), np.sin(t1)], axis=1),
    ])
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

    Returns a list ``[(X_0, y_0), (X_1, y_1), ...]``, one pair per fraction.
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
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        cuts = np.round(np.cumsum(fractions)[:-1] * len(idx)).astype(int)
        for part, chunk in zip(parts, np.split(idx, cuts)):
            part.append(chunk)
    out = []
    for part in parts:
        idx = np.sort(np.concatenate(part))
        out.append((X[idx], y[idx]))
    return out
