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


def test_other_seeds_give_96_to_98_percent():
    # notebook 07: "with other seeds for the split and the initial weights, the same recipe gives 96 to 98 %, about
    # 97 % on average over seeds 0 to 9": the recipe is the notebook's, η chosen on the validation set each time
    X, y = lk.datasets.digits()
    scores = []
    for seed in range(10):
        (X_train, y_train), (X_val, y_val), (X_test, y_test) = lk.datasets.split(X, y, (0.6, 0.2, 0.2), seed=seed)
        trained = []
        for lr in (1e-4, 1e-3, 1e-2):
            model = lk.MLP([64, 64, 10], activation="relu", seed=seed)
            lk.train(
                model,
                X_train,
                y_train,
                "softmax_cross_entropy",
                lk.optim.Adam(lr),
                epochs=150,
                batch_size=64,
                seed=seed,
            )
            trained.append((np.mean(model.forward(X_val).argmax(axis=1) == y_val), model))
        kept = max(trained, key=lambda t: t[0])[1]  # the first of the best, as the notebook's max keeps it
        scores.append(100 * np.mean(kept.forward(X_test).argmax(axis=1) == y_test))
    assert all(95.5 <= s < 98.5 for s in scores), scores  # each is 96 %, 97 % or 98 % to the whole per cent
    assert 96.5 <= np.mean(scores) < 97.5, scores
