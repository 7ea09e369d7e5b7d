import numpy as np
import pytest

import lessonkit as lk
from lessonkit import losses
from tests.conftest import model_loss


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "identity"])
@pytest.mark.parametrize("seed", range(3))
def test_backward_matches_finite_differences(activation, seed):
    rng = np.random.default_rng(seed)
    sizes = [int(s) for s in rng.integers(1, 6, size=rng.integers(2, 5))]
    sizes[-1] = max(sizes[-1], 2)
    model = lk.MLP(sizes, activation=activation, seed=seed)
    for b in model.params[1::2]:
        b += rng.normal(0, 0.5, size=b.shape)  # no unit sits exactly on relu's kink
    X = rng.normal(size=(int(rng.integers(1, 7)), sizes[0]))
    labels = rng.integers(0, sizes[-1], size=len(X))
    _, dY = losses.softmax_cross_entropy(model.forward(X), labels)
    dX = model.backward(dY)
    f = model_loss(model, X, losses.softmax_cross_entropy, labels)
    assert lk.gradient_check(f, model.params, model.grads) < 1e-5
    assert lk.gradient_check(f, [X], [dX]) < 1e-5


def test_forward_is_the_layers_written_out():
    model = lk.MLP([3, 4, 2], activation="tanh", seed=1)
    W1, b1, W2, b2 = model.params
    X = np.random.default_rng(0).normal(size=(5, 3))
    np.testing.assert_allclose(model.forward(X), np.tanh(X @ W1 + b1) @ W2 + b2, rtol=1e-14)


def test_params_and_grads_line_up_and_stay_the_same_arrays():
    model = lk.MLP([2, 16, 16, 1], seed=0)
    assert [p.shape for p in model.params] == [(2, 16), (16,), (16, 16), (16,), (16, 1), (1,)]
    assert [g.shape for g in model.grads] == [p.shape for p in model.params]
    grads = list(model.grads)
    X = np.ones((3, 2))
    model.backward(np.ones_like(model.forward(X)))
    assert all(a is b for a, b in zip(grads, model.grads))
    np.testing.assert_allclose(model.grads[-1], [3.0])  # db of the last layer: Σ over the 3 rows of dY


@pytest.mark.parametrize("activation,gain", [("tanh", 2.0), ("relu", None)])
def test_initialisation_scale(activation, gain):
    model = lk.MLP([400, 300, 10], activation=activation, seed=0)
    W1 = model.params[0]
    expected = np.sqrt(2 / 400) if activation == "relu" else np.sqrt(gain / (400 + 300))
    assert W1.std() == pytest.approx(expected, rel=0.02)
    assert abs(W1.mean()) < 0.01 * expected
    assert not model.params[1].any()


def test_same_seed_same_weights_other_seed_other_weights():
    a, b, c = lk.MLP([2, 5, 1], seed=3), lk.MLP([2, 5, 1], seed=3), lk.MLP([2, 5, 1], seed=4)
    assert all(np.array_equal(p, q) for p, q in zip(a.params, b.params))
    assert not np.array_equal(a.params[0], c.params[0])


def test_dense_layer_backward_formulas():
    rng = np.random.default_rng(0)
    layer = lk.Dense(3, 2, "sigmoid", rng)
    X = rng.normal(size=(4, 3))
    A = layer.forward(X)
    dA = rng.normal(size=A.shape)
    dX = layer.backward(dA)
    dZ = dA * A * (1 - A)
    np.testing.assert_allclose(layer.dW, X.T @ dZ)
    np.testing.assert_allclose(layer.db, dZ.sum(axis=0))
    np.testing.assert_allclose(dX, dZ @ layer.W.T)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "identity"])
def test_backward_without_the_input_gradient_fills_the_same_grads(activation):
    model = lk.MLP([3, 5, 4, 2], activation=activation, seed=0)
    X = np.random.default_rng(1).normal(size=(6, 3))
    _, dY = losses.softmax_cross_entropy(model.forward(X), [0, 1, 1, 0, 1, 0])
    assert model.backward(dY).shape == X.shape
    grads = [g.copy() for g in model.grads]
    assert model.backward(dY, input_grad=False) is None
    assert all(np.array_equal(g, h) for g, h in zip(grads, model.grads)), "input_grad changed the parameters' grads"
