import math
import warnings

import numpy as np
import pytest

import lessonkit as lk
from lessonkit import datasets, optim


def test_xor_is_learned():
    X, y = datasets.xor()
    model = lk.MLP([2, 4, 1], activation="tanh", seed=0)
    history = lk.train(model, X, y, "bce_with_logits", optim.Adam(0.05), epochs=500)
    assert history.accuracy[-1] == 1.0
    assert history.loss[-1] < 0.05 < history.loss[0]
    np.testing.assert_array_equal((model.forward(X)[:, 0] > 0).astype(int), y)


def test_moons_reach_high_accuracy_with_mini_batches():
    X, y = datasets.moons(200, noise=0.1, seed=1)
    model = lk.MLP([2, 16, 16, 2], activation="relu", seed=0)
    history = lk.train(model, X, y, "softmax_cross_entropy", optim.SGD(0.1, momentum=0.9), epochs=100, batch_size=32)
    assert history.iterations == 100 * math.ceil(200 / 32)
    assert history.accuracy[-1] >= 0.97
    assert np.mean(model.forward(X).argmax(axis=1) == y) >= 0.97


def test_full_batch_first_epoch_loss_is_the_initial_loss():
    X, y = datasets.moons(50, seed=0)
    model = lk.MLP([2, 8, 1], seed=0)
    initial, _ = lk.losses.bce_with_logits(model.forward(X), y[:, None].astype(float))
    history = lk.train(model, X, y, "bce_with_logits", optim.SGD(0.1), epochs=3)
    assert history.loss[0] == pytest.approx(initial, rel=1e-12)
    assert history.iterations == 3


def test_same_seed_replays_the_same_run():
    X, y = datasets.spirals(60, seed=0)
    runs = []
    for _ in range(2):
        model = lk.MLP([2, 8, 2], seed=5)
        runs.append(
            lk.train(model, X, y, "softmax_cross_entropy", optim.Adam(0.01), epochs=20, batch_size=7, seed=3).loss
        )
    assert runs[0] == runs[1]


def test_mse_regression_and_callback():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(64, 1))
    y = np.sin(3 * X)
    seen = []
    model = lk.MLP([1, 16, 1], seed=0)
    history = lk.train(
        model,
        X,
        y,
        "mse",
        optim.Adam(0.02),
        epochs=300,
        callback=lambda epoch, m, h: seen.append((epoch, m is model, h.epochs)),
    )
    assert history.loss[-1] < 0.01
    assert history.accuracy == []
    assert seen == [(e, True, e) for e in range(1, 301)]


def test_divergence_stops_warns_and_keeps_the_history():
    X, y = datasets.moons(100, seed=0)
    model = lk.MLP([2, 16, 16, 1], activation="relu", seed=0)
    with pytest.warns(lk.DivergenceWarning, match=r"diverged at epoch (\d+).*smaller learning rate") as record:
        history = lk.train(model, X * 1e3, y, "mse", optim.SGD(10.0), epochs=50)
    assert history.diverged
    epoch = int(record[0].message.args[0].split("epoch ")[1].split(":")[0])
    assert history.epochs == epoch - 1 < 50
    assert all(math.isfinite(v) for v in history.loss)


def test_no_other_warnings_while_diverging():
    X, y = datasets.moons(100, seed=0)
    model = lk.MLP([2, 16, 1], activation="relu", seed=0)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        lk.train(model, X * 1e3, y, "mse", optim.SGD(10.0), epochs=50)
    assert [w.category for w in record] == [lk.DivergenceWarning]


def test_a_good_run_does_not_diverge():
    X, y = datasets.xor()
    history = lk.train(lk.MLP([2, 3, 1], seed=0), X, y, "bce_with_logits", optim.SGD(0.5), epochs=10)
    assert not history.diverged and history.epochs == 10


def test_epochs_may_be_a_numpy_integer():
    X, y = datasets.xor()
    history = lk.train(lk.MLP([2, 3, 1], seed=0), X, y, "bce_with_logits", optim.SGD(0.5), epochs=np.int64(3))
    assert history.epochs == 3


def test_a_dense_layer_used_alone_checks_and_matches_finite_differences():
    rng = np.random.default_rng(0)
    layer = lk.Dense(3, 2, "tanh", rng)
    X = rng.normal(size=(4, 3))
    G = rng.normal(size=(4, 2))  # L = Σ A ⊙ G, so dL/dA = G
    layer.forward(X)
    dX = layer.backward(G)
    f = lambda: float(np.sum(layer.forward(X) * G))  # noqa: E731
    assert lk.gradient_check(f, [layer.W, layer.b, X], [layer.dW, layer.db, dX]) < 1e-6
    with pytest.raises(ValueError, match=r"dA: expected the shape of the last forward output \(4, 2\), got \(4, 3\)"):
        layer.backward(np.ones((4, 3)))
