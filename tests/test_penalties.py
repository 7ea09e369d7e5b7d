"""Weight penalties: the value written out, the gradient against finite differences of the penalised
loss, and lk.train's update against a loop written by hand with that gradient."""

import math

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.exercises import GRADIENT_TOLERANCE


def test_the_penalty_by_hand():
    W1, b1, W2, b2 = (
        np.array([[1.0, -2.0], [0.5, 0.0]]),
        np.array([3.0, 4.0]),
        np.array([[-1.5], [2.0]]),
        np.array([9.0]),
    )
    value, grads = lk.penalties.penalty([W1, b1, W2, b2], l1=0.1, l2=0.4)
    squares = 1 + 4 + 0.25 + 0 + 2.25 + 4  # the weights' squares; biases left out
    absolutes = 1 + 2 + 0.5 + 0 + 1.5 + 2
    assert math.isclose(value, 0.4 / 2 * squares + 0.1 * absolutes)
    assert np.array_equal(grads[1], np.zeros(2)) and np.array_equal(grads[3], np.zeros(1))
    assert grads[0] == pytest.approx(np.array([[0.4 + 0.1, -0.8 - 0.1], [0.2 + 0.1, 0.0]]))  # sign(0) = 0
    assert grads[2] == pytest.approx(np.array([[-0.6 - 0.1], [0.8 + 0.1]]))


@pytest.mark.parametrize("l1,l2", [(0.0, 0.3), (0.2, 0.0), (0.05, 0.1)])
def test_the_penalised_loss_is_gradient_checked(l1, l2):
    rng = np.random.default_rng(2)
    model = lk.MLP([3, 4, 2], activation="tanh", seed=1)
    for b in model.params[1::2]:
        b[:] = rng.normal(size=b.shape)
    X, labels = rng.normal(size=(6, 3)), rng.integers(0, 2, size=6)

    def total():
        data = lk.losses.softmax_cross_entropy(model.forward(X), labels)[0]
        weights = model.params[0::2]  # the penalty written out, apart from lessonkit.penalties
        return data + l2 / 2 * sum((W**2).sum() for W in weights) + l1 * sum(np.abs(W).sum() for W in weights)

    model.backward(lk.losses.softmax_cross_entropy(model.forward(X), labels)[1])
    _, extra = lk.penalties.penalty(model.params, l1=l1, l2=l2)
    for p, g, e in zip(model.params, model.grads, extra):
        numerical = lk.gradcheck.numerical_gradient(total, p)
        assert lk.gradcheck.relative_error(g + e, numerical).max() < GRADIENT_TOLERANCE


def test_train_steps_against_the_penalty_as_a_loop_by_hand_does():
    X, y = lk.datasets.moons(40, noise=0.2, seed=3)
    l1, l2, lr = 0.01, 0.05, 0.3
    model = lk.MLP([2, 5, 1], activation="tanh", seed=0)
    history = lk.train(model, X, y, "bce_with_logits", lk.optim.SGD(lr), epochs=20, batch_size=None, l1=l1, l2=l2)

    by_hand = lk.MLP([2, 5, 1], activation="tanh", seed=0)
    losses = []
    for _ in range(20):
        value, dY = lk.losses.bce_with_logits(by_hand.forward(X), y[:, None].astype(float))
        losses.append(value)
        by_hand.backward(dY)
        for i, (p, g) in enumerate(zip(by_hand.params, by_hand.grads)):
            step = g + (l2 * p + l1 * np.sign(p) if i % 2 == 0 else 0.0)  # weights only
            p -= lr * step
    for mine, theirs in zip(model.params, by_hand.params):
        assert mine == pytest.approx(theirs, rel=1e-12, abs=1e-15)
    assert history.loss == pytest.approx(losses, rel=1e-12)  # the data's loss, without the penalty


def test_a_larger_rate_gives_smaller_weights():
    X, y = lk.datasets.moons(100, noise=0.3, seed=1)
    norms = []
    for l2 in (0.0, 0.003, 0.03):
        model = lk.MLP([2, 16, 16, 1], activation="tanh", seed=0)
        lk.train(model, X, y, "bce_with_logits", lk.optim.SGD(0.5), epochs=300, l2=l2)
        norms.append(sum(np.linalg.norm(W) for W in model.params[0::2]))
    assert norms[0] > norms[1] > norms[2]


@pytest.mark.parametrize(
    "rates,error,message",
    [
        (dict(l2=-0.1), ValueError, r"^l2: expected a rate of at least 0, got -0\.1$"),
        (dict(l1=float("nan")), ValueError, r"^l1: expected a finite number, got nan$"),
        (dict(l1="0.1"), TypeError, r"^l1: expected a number, got "),
    ],
)
def test_a_bad_rate_is_named(rates, error, message):
    with pytest.raises(error, match=message):
        lk.penalties.penalty([np.ones((2, 2)), np.zeros(2)], **rates)
    model = lk.MLP([2, 2, 1], seed=0)
    before = [p.copy() for p in model.params]
    with pytest.raises(error, match=message):
        lk.train(model, np.ones((3, 2)), np.array([0, 1, 0]), "bce_with_logits", lk.optim.SGD(0.1), 1, **rates)
    assert all(np.array_equal(p, q) for p, q in zip(model.params, before))
