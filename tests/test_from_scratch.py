"""Notebook 09: a network written from scratch trains as the course's MLP does.

The learner's network here is the one in tests/exercise_answers.py, written independently of the
exercises' solutions (examples in columns, Nielsen's δ): what a learner's own passing answers are."""

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.exercises import EXERCISES, GRADIENT_TOLERANCE, check
from lessonkit.exercises.base import compare
from tests.exercise_answers import backward_by_columns, decay_grads, init_params, mlp_forward, train_network


def train_side_by_side(X, y, targets, sizes, activation, loss, lr, epochs, batch_size):
    """(the learner's network's accuracy, lk.MLP's) after training both with the same settings, and
    the largest difference between their trained weights."""
    activations = [activation] * (len(sizes) - 2) + ["identity"]
    params, _ = train_network(
        init_params(sizes, activation, 0), activations, X, targets, loss, lr, epochs, batch_size, 0
    )
    model = lk.MLP(sizes, activation=activation, seed=0)
    lk.train(model, X, y, loss, lk.optim.SGD(lr), epochs=epochs, batch_size=batch_size, seed=0)
    return params, model, max(np.abs(p - q).max() for p, q in zip(params, model.params))


def accuracy(logits, y):
    predicted = logits.argmax(axis=1) if logits.shape[1] > 1 else (logits[:, 0] > 0).astype(int)
    return np.mean(predicted == y)


def test_the_learners_network_starts_from_the_course_networks_weights():
    for sizes, activation in (([2, 8, 8, 1], "tanh"), ([64, 64, 10], "relu"), ([3, 5, 2], "sigmoid")):
        model = lk.MLP(sizes, activation=activation, seed=0)
        assert all(np.array_equal(p, q) for p, q in zip(init_params(sizes, activation, 0), model.params))


def test_on_the_moons_the_learners_network_reaches_the_course_networks_accuracy():
    X, y = lk.datasets.moons(200, noise=0.1, seed=0)
    params, model, gap = train_side_by_side(
        X, y, y[:, None].astype(float), [2, 8, 8, 1], "tanh", "bce_with_logits", 0.5, 200, 20
    )
    yours = accuracy(mlp_forward(X, params, ["tanh", "tanh", "identity"])[0], y)
    assert yours == accuracy(model.forward(X), y) >= 0.99  # notebook 09 shows 100 %
    assert gap < 1e-9


def test_on_the_digits_the_learners_network_reaches_the_course_networks_accuracy():
    X, y = lk.datasets.digits()
    (X_train, y_train), (X_val, y_val), _ = lk.datasets.split(X, y, (0.6, 0.2, 0.2), seed=0)
    params, model, gap = train_side_by_side(
        X_train, y_train, y_train, [64, 64, 10], "relu", "softmax_cross_entropy", 0.3, 30, 64
    )
    yours = accuracy(mlp_forward(X_val, params, ["relu", "identity"])[0], y_val)
    assert yours == accuracy(model.forward(X_val), y_val) >= 0.96  # notebook 09 shows 97.2 %
    assert gap < 1e-9


@pytest.mark.parametrize("backward", [backward_by_columns, EXERCISES["mlp_backward"].reference])
def test_the_whole_network_is_gradient_checked(backward):
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, size=(5, 1)).astype(float)
    params, activations = init_params([3, 4, 3, 1], "sigmoid", 1), ["sigmoid", "sigmoid", "identity"]
    for b in params[1::2]:
        b += rng.normal(size=b.shape)

    def loss():
        return lk.losses.bce_with_logits(mlp_forward(X, params, activations)[0], y)[0]

    Y, cache = EXERCISES["mlp_forward"].reference(X, params, activations)
    grads = backward(lk.losses.bce_with_logits(Y, y)[1], cache, params[0::2], activations)
    for p, g in zip(params, grads):
        assert lk.gradcheck.relative_error(g, lk.gradcheck.numerical_gradient(loss, p)).max() < GRADIENT_TOLERANCE


def test_working_keeps_a_passing_function_and_replaces_one_that_fails(capsys):
    def update_params(params, grads, lr):  # noqa: ARG001 (a learner's unanswered stub)
        return None

    kept, replaced = lk.exercises.working(init_params, update_params)
    assert kept is init_params and replaced is EXERCISES["update_params"].reference
    assert capsys.readouterr().out.splitlines() == [
        "init_params: yours, which passes its check",
        "update_params: not passing its check yet: the cells below use the course's solution",
    ]
    assert check("update_params", replaced).passed


def test_working_names_a_function_that_is_no_exercise():
    with pytest.raises(ValueError, match=r"functions: expected functions named as exercises .*, got <function"):
        lk.exercises.working(lambda x: x)


def test_a_cache_is_compared_item_by_item_and_the_message_says_where():
    expected = [(np.zeros((2, 3)), np.ones((2, 2))), (np.ones((2, 2)), np.zeros((2, 1)))]
    got = [(np.zeros((2, 3)), np.ones((2, 2))), (np.ones((2, 2)), np.array([[0.0], [0.5]]))]
    assert compare(expected, expected, 1e-6) == (True, "")
    assert compare(expected, got, 1e-6) == (
        False,
        "at [1][1]: element (1, 0) is off: expected 0, got 0.5 (1 of 2 elements differ)",
    )
    assert compare(expected, got[:1], 1e-6) == (False, "returned a list of 1, expected a list of 2")


def test_weight_decay_is_the_gradient_of_the_penalised_loss():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(5, 2)), rng.integers(0, 2, size=(5, 1)).astype(float)
    params, activations, lam = init_params([2, 3, 2, 1], "tanh", 2), ["tanh", "tanh", "identity"], 0.3
    for b in params[1::2]:
        b += rng.normal(size=b.shape)

    def loss():  # L_data + (λ/2) Σ ‖W‖², written out
        data = lk.losses.bce_with_logits(mlp_forward(X, params, activations)[0], y)[0]
        return data + lam / 2 * sum(float((W * W).sum()) for W in params[0::2])

    Y, cache = mlp_forward(X, params, activations)
    data_grads = backward_by_columns(lk.losses.bce_with_logits(Y, y)[1], cache, params[0::2], activations)
    for decay in (decay_grads, EXERCISES["decay_grads"].reference):
        for p, g in zip(params, decay(params, data_grads, lam)):
            assert lk.gradcheck.relative_error(g, lk.gradcheck.numerical_gradient(loss, p)).max() < GRADIENT_TOLERANCE


def test_with_solutions_off_working_keeps_the_learners_function(capsys, monkeypatch):
    monkeypatch.setenv("LESSONKIT_SOLUTIONS", "off")

    def update_params(params, grads, lr):  # noqa: ARG001 (unanswered)
        return None

    (kept,) = lk.exercises.working(update_params)
    assert kept is update_params
    assert (
        capsys.readouterr().out
        == "update_params: yours, not passing its check yet (solutions are off for this session)\n"
    )
