"""Activation functions a = f(z) and their derivatives da/dz, by name.

Each activation comes as a pair of functions of z (``sigmoid`` and
``sigmoid_prime``, ...). The backward pass of a layer has the output a cached,
and every activation here has a derivative that can be written with a alone
(sigmoid: a(1 - a), tanh: 1 - a², relu: [a > 0], identity: 1), so an
:class:`Activation` also carries that form, ``df_a``, to save recomputing f.

See notebooks/01_forward_pass.ipynb.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._checks import check_choice


@np.errstate(over="ignore")  # for the whole call: cheaper than a `with` block inside
def sigmoid(z):
    """σ(z) = 1 / (1 + e^(-z)), elementwise.

    Written as our example's ``1 / (1 + np.exp(-z))`` so it gives its numbers
    to the last digit; for z < -709, e^(-z) overflows to inf and the result is
    the correct limit 0.0 (the overflow warning is silenced on purpose).
    """
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


#: Initial weight scales by name: the standard deviation of W (n_in, n_out).
INITS = {
    "he": lambda n_in, n_out: np.sqrt(2.0 / n_in),  # for relu-like units, which zero half their inputs
    "xavier": lambda n_in, n_out: np.sqrt(2.0 / (n_in + n_out)),  # Glorot: keeps the variance through f ≈ z
}


@dataclass(frozen=True)
class Activation:
    """An activation by name, with what the course needs to teach it.

    Parameters
    ----------
    name : str
        The name it is looked up by (``get(name)``), shown in menus.
    f, df : callable
        a = f(z) and da/dz = f'(z), elementwise on arrays of any shape.
    df_a : callable or None
        da/dz written with the output a = f(z), when it can be (a layer's backward
        pass then needs only its cached A); None when it cannot (then Z is cached).
        It may return booleans, which multiply as 0 and 1 (relu's is ``a > 0``).
    tex : str
        Its symbol in the equations, in LaTeX (``r"\\sigma"``); default ``\\mathrm{name}``.
    output_range : (float, float) or None
        The range of f, the colour scale of a neuron's output; None when unbounded.
    init : str
        How a layer using it starts its weights: a name in ``INITS``.
    """

    name: str
    f: Callable
    df: Callable
    df_a: Callable | None = None
    tex: str = ""
    output_range: tuple[float, float] | None = None
    init: str = "xavier"

    def __post_init__(self):
        if not self.tex:
            object.__setattr__(self, "tex", rf"\mathrm{{{self.name}}}")
        check_choice("init", self.init, list(INITS))

    def __call__(self, z):
        return self.f(z)

    def init_std(self, n_in, n_out):
        """The standard deviation of a layer's initial weights, (n_in, n_out)."""
        return float(INITS[self.init](n_in, n_out))


ACTIVATIONS = {}


def register(activation):
    """Add an :class:`Activation` to the course: every layer, network, state and
    widget that offers activations offers it from then on. Returns it."""
    if not isinstance(activation, Activation):
        raise TypeError(f"activation: expected an Activation, got {type(activation).__name__}")
    ACTIVATIONS[activation.name] = activation
    return activation


register(Activation("sigmoid", sigmoid, sigmoid_prime, lambda a: a * (1.0 - a), r"\sigma", (0.0, 1.0)))
register(Activation("tanh", tanh, tanh_prime, lambda a: 1.0 - a * a, r"\tanh", (-1.0, 1.0)))
register(Activation("relu", relu, relu_prime, lambda a: a > 0, init="he"))  # [a > 0]: numpy multiplies True as 1
register(Activation("identity", identity, identity_prime, lambda a: np.ones_like(a), r"\mathrm{id}"))


def get(name):
    """The :class:`Activation` called ``name`` (one of ``ACTIVATIONS``)."""
    if isinstance(name, Activation):
        return name
    check_choice("activation", name, list(ACTIVATIONS))
    return ACTIVATIONS[name]
