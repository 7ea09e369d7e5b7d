"""The network of notebooks/07_digits.ipynb, trained the same way, reaches the accuracy the
notebook reports on digits it has never seen (a fixed seed: the same run every time)."""

import numpy as np

import lessonkit as lk
from tests.references import mlp_logits_by_hand


def test_digits_test_accuracy():
    X, y = lk.datasets.digits()
    (X_train, y_train), (X_val, y_val), (X_test, y_test) = lk.datasets.split(X, y, (0.6, 0.2, 0.2), seed=0)
    assert (len(y_train), len(y_val), len(y_test)) == (1078, 360, 359)
    model = lk.MLP([64, 64, 10], activation="relu", seed=0)
    # η = 1e-2: the learning rate the notebook chooses by validation accuracy (of 1e-4, 1e-3, 1e-2)
    history = lk.train(
        model, X_train, y_train, "softmax_cross_entropy", lk.optim.Adam(1e-2), epochs=150, batch_size=64, seed=0
    )
    assert not history.diverged and history.epochs == 150
    assert history.loss[-1] < history.loss[0] / 10
    # the predicted digit: the largest logit, from a forward pass written out here
    pred = mlp_logits_by_hand(model.params, "relu", X_test).argmax(axis=1)
    np.testing.assert_array_equal(pred, model.forward(X_test).argmax(axis=1))
    accuracy = float(np.mean(pred == y_test))
    assert accuracy >= 0.97, f"test accuracy {accuracy:.4f} ({int(np.sum(pred == y_test))} of {len(y_test)})"
