"""Shared test helpers."""
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
