"""Activation functions a = f(z) and their derivatives da/dz, by name.

Each activation comes as a pair of functions of z (``sigmoid`` and
``sigmoid_prime``, ...). The backward pass of a layer has the output a cached,
and every activation here has a derivative that can be written with a alone
(sigmoid: a(1 - a), tanh: 1 - a², relu: [a > 0], identity: 1), so an
:class:`Activation` also carries that form, ``df_a``, to save recomputing f.

See notebooks/01_forward_pass.ipynb.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._checks import check_choice


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(-z)), elementwise.

    Written as the seed's ``1 / (1 + np.exp(-z))`` so it gives the seed's numbers
    to the last digit; for z < -709, e^(-z) overflows to inf and the result is
    the correct limit 0.0 (the overflow warning is silenced on purpose).
    """
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_prime(z):
    """dσ/dz = σ(z)(1 - σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """tanh(z), elementwise."""
    return np.tanh(z)


def tanh_prime(z):
    """d tanh/dz = 1 - tanh(z)²."""
    return 1.0 - np.tanh(z) ** 2


def relu(z):
    """max(0, z), elementwise."""
    return np.maximum(z, 0.0)


def relu_prime(z):
    """1 where z > 0, else 0 (the derivative at exactly 0 is taken as 0)."""
    return (np.asarray(z) > 0).astype(float)


def identity(z):
    """z itself: the linear output layer."""
    return np.asarray(z, dtype=float)


def identity_prime(z):
    """1 everywhere."""
    return np.ones_like(z, dtype=float)


@dataclass(frozen=True)
class Activation:
    """An activation by name: ``f(z)``, ``df(z)`` = da/dz, and ``df_a(a)`` = da/dz
    written with the output a = f(z)."""

    name: str
    f: Callable
    df: Callable
    df_a: Callable

    def __call__(self, z):
        return self.f(z)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, lambda a: a * (1.0 - a)),
    "tanh": Activation("tanh", tanh, tanh_prime, lambda a: 1.0 - a * a),
    "relu": Activation("relu", relu, relu_prime, lambda a: (a > 0).astype(float)),
    "identity": Activation("identity", identity, identity_prime, lambda a: np.ones_like(a)),
}


def get(name):
    """The :class:`Activation` called ``name`` (one of ``ACTIVATIONS``)."""
    if isinstance(name, Activation):
        return name
    check_choice("activation", name, list(ACTIVATIONS))
    return ACTIVATIONS[name]
