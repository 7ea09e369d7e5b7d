"""What a notebook's text claims about runs it does not show, measured here: numbers a learner reads in prose,
not in a stored output (which nbval checks). Slow: the notebooks tier (tests/conftest.py TIERS)."""

import numpy as np
import pytest

import lessonkit as lk


@pytest.mark.lesson("07_digits")
def test_digits_other_seeds_give_96_to_98_percent():
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
