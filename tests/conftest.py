"""Shared test helpers."""
import math
import warnings

import numpy as np
import pytest

import lessonkit as lk


@pytest.fixture
def no_warnings():
    """Turn every warning inside the test into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def check_loss_grad(loss_fn, pred, target, tol=1e-5):
    """Assert that ``loss_fn(pred, target)``'s grad matches finite differences."""
    pred = np.array(pred, dtype=float)
    _, grad = loss_fn(pred, target)
    err = lk.gradient_check(lambda: loss_fn(pred, target)[0], [pred], [grad])
    assert err < tol, f"{loss_fn.__name__}: relative error {err:.2e}"


def model_loss(model, X, loss_fn, target):
    """f() for gradient_check: the loss of ``model`` on (X, target), no backward."""
    return lambda: loss_fn(model.forward(X), target)[0]


# ---- references written with Python's math module, independent of lessonkit ----

ACTIVATIONS_BY_HAND = {
    "sigmoid": lambda z: 1.0 / (1.0 + math.exp(-z)),
    "tanh": math.tanh,
    "relu": lambda z: max(z, 0.0),
    "identity": lambda z: z,
}


def activation_by_hand(name, z):
    """f(z) of the activation ``name``, elementwise, from the textbook formula."""
    return np.vectorize(ACTIVATIONS_BY_HAND[name], otypes=[float])(z)


#: One prediction's loss L(ŷ, y) and slope dL/dŷ, from the formulas of notebook 02.
LOSSES_BY_HAND = {
    "mse": (lambda y_hat, y: (y_hat - y) ** 2,
            lambda y_hat, y: 2 * (y_hat - y)),
    "bce": (lambda y_hat, y: -(y * math.log(y_hat) + (1 - y) * math.log(1 - y_hat)),
            lambda y_hat, y: -y / y_hat + (1 - y) / (1 - y_hat)),
}


def neuron_loss_by_hand(w, x, y, b, activation="sigmoid", loss="bce"):
    """L(f(w·x + b), y) for one neuron and one example, from the formulas."""
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    return LOSSES_BY_HAND[loss][0](ACTIVATIONS_BY_HAND[activation](z), y)
