import numpy as np
import pytest

import lessonkit as lk


def test_exact_gradient_of_a_cubic_passes():
    p = np.array([[1.0, -2.0], [0.5, 3.0]])
    assert lk.gradient_check(lambda: float(np.sum(p**3)), [p], [3 * p**2]) < 1e-8


def test_a_wrong_gradient_is_caught():
    p = np.array([1.0, -2.0, 0.5])
    wrong = 3 * p**2
    wrong[1] *= 1.01  # one entry off by 1 %
    err = lk.gradient_check(lambda: float(np.sum(p**3)), [p], [wrong])
    assert err == pytest.approx(0.01 / 2.01, rel=1e-4)


def test_params_are_restored_bit_for_bit():
    rng = np.random.default_rng(0)
    params = [rng.normal(size=(3, 4)), rng.normal(size=5)]
    saved = [p.copy() for p in params]
    lk.gradient_check(lambda: float(sum(np.sum(np.sin(p)) for p in params)), params, [np.cos(p) for p in params])
    for p, s in zip(params, saved):
        assert np.array_equal(p, s)


def test_f_may_overwrite_the_grads_it_is_checked_against():
    model = lk.MLP([2, 3, 1], seed=0)
    X, y = np.ones((4, 2)), np.ones((4, 1))

    def f():  # a careless f that also runs backward
        value, dY = lk.losses.bce_with_logits(model.forward(X), y)
        model.backward(dY)
        return value

    f()
    assert lk.gradient_check(f, model.params, model.grads) < 1e-6
