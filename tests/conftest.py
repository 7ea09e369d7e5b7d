"""Shared test helpers."""
import math
import os
import warnings

import numpy as np
import pytest

import lessonkit as lk


def unavailable(message):
    """Skip the test for want of ``message`` (a browser, a test environment), except in CI
    (the CI variable set), where that is a failure."""
    if os.environ.get("CI"):
        pytest.fail(message + "; in CI that is a failure", pytrace=False)
    pytest.skip(message)


def ignore_other_packages_deprecations():
    """Inside a ``catch_warnings`` block: let pass the two deprecation warnings that other
    packages raise about each other in the Colab environment: ipywidgets 7 about ipykernel's
    Comm, and matplotlib 3.10's mathtext about a newer pyparsing. Every other warning counts."""
    warnings.filterwarnings("ignore", message=r"The `ipykernel\.comm\.Comm` class has been deprecated",
                            category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning,
                            module=r"pyparsing|matplotlib\._(mathtext|fontconfig_pattern)")


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The wheel of the working tree, built once per session, offline (install and classic Notebook tests)."""
    from tests.installs import envs

    return envs.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture
def no_warnings():
    """Turn every warning inside the test into an error (except other packages' deprecations)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ignore_other_packages_deprecations()
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


# ---- widgets, headless ---------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def point_of(line):
    """(x, y) of a Line2D that holds one point, as floats."""
    (x,), (y,) = line.get_data()
    return float(x), float(y)


def png(panel):
    """The bytes of the panel's picture (ipywidgets keeps them as a memoryview)."""
    return bytes(panel.image.value)


def drawn(panel, artist):
    """Whether ``artist`` shows in the panel's picture: the PNG with it differs from the PNG without it."""
    artist.set_visible(False)
    panel.refresh()
    without = png(panel)
    artist.set_visible(True)
    panel.refresh()
    return png(panel) != without


def mlp_logits_by_hand(params, activation, X):
    """The logits of an MLP with parameters [W1, b1, W2, b2, ...] on X (n, d), written out in
    numpy: A = f(A W + b) through the hidden layers, then a linear last layer."""
    f = {"tanh": np.tanh, "relu": lambda Z: np.maximum(Z, 0.0), "identity": lambda Z: Z,
         "sigmoid": lambda Z: 1.0 / (1.0 + np.exp(-Z))}[activation]
    Ws, bs = params[0::2], params[1::2]
    A = np.asarray(X, dtype=float)
    for W, b in zip(Ws[:-1], bs[:-1]):
        A = f(A @ W + b)  # (n, units)
    return A @ Ws[-1] + bs[-1]  # (n, outputs)
