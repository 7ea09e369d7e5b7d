import numpy as np
import pytest

import lessonkit as lk
from lessonkit import optim


def run(opt, grads_seq, p0):
    p = [p0.copy()]
    for g in grads_seq:
        opt.step(p, [g])
    return p[0]


@pytest.fixture
def grads_seq():
    rng = np.random.default_rng(0)
    return [rng.normal(size=(3, 2)) for _ in range(5)]


def test_sgd_is_p_minus_lr_g(grads_seq):
    p0 = np.ones((3, 2))
    expected = p0 - 0.1 * sum(grads_seq)
    np.testing.assert_allclose(run(optim.SGD(0.1), grads_seq, p0), expected)


def test_sgd_momentum_written_out(grads_seq):
    # PyTorch's rule (dampening 0, no Nesterov): v = mu v + g; p = p - lr v
    p, v = np.ones((3, 2)), np.zeros((3, 2))
    for g in grads_seq:
        v = 0.9 * v + g
        p = p - 0.05 * v
    np.testing.assert_allclose(run(optim.SGD(0.05, momentum=0.9), grads_seq, np.ones((3, 2))), p)


def test_adam_written_out(grads_seq):
    lr, (b1, b2), eps = 0.01, (0.9, 0.999), 1e-8
    p, m, v = np.ones((3, 2)), np.zeros((3, 2)), np.zeros((3, 2))
    for t, g in enumerate(grads_seq, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        p = p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    np.testing.assert_allclose(run(optim.Adam(lr), grads_seq, np.ones((3, 2))), p, rtol=1e-12)


def test_adam_first_step_is_lr_times_the_sign():
    # after bias correction m̂ = g and v̂ = g², so the first step is lr·g/|g|
    g = np.array([3.0, -0.001, 200.0])
    p = run(optim.Adam(0.1), [g], np.zeros(3))
    np.testing.assert_allclose(p, -0.1 * np.sign(g), rtol=1e-5)


@pytest.mark.parametrize("opt", [optim.SGD(0.1), optim.SGD(0.05, momentum=0.9), optim.Adam(0.1)])
def test_minimises_a_quadratic(opt):
    # f(p) = ½ pᵀ A p with A positive definite: minimum at 0
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    p = [np.array([1.0, -2.0])]
    for _ in range(500):
        opt.step(p, [A @ p[0]])
    assert np.linalg.norm(p[0]) < 1e-2


def test_an_optimizer_used_on_other_shapes_says_so():
    X = np.ones((3, 2))
    first, other = lk.MLP([2, 8, 1], seed=0), lk.MLP([2, 1, 1], seed=0)  # as many arrays, other shapes
    opt = lk.optim.Adam(0.01)
    for model in (first, other):
        model.forward(X)
        model.backward(np.ones((3, 1)))
    opt.step(first.params, first.grads)
    with pytest.raises(
        ValueError, match=r"^params\[0\]: this optimizer was used with shape \(2, 8\), now got \(2, 1\)"
    ):
        opt.step(other.params, other.grads)
