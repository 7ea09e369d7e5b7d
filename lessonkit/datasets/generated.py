"""Four generated two-feature problems, each seeded: the same arguments give the same points.

Each returns X, float of shape (n, 2), and y, int labels 0/1 of shape (n,).
"""

import numpy as np

from .._checks import as_count, as_scalar


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
