"""The exercises on backward passes: softmax cross-entropy's gradient (notebook 02), the bug found by
gradient checking (03), a layer's and a network's backward pass (04). Their references agree with
lessonkit's engine and with finite differences, and the usual mistakes get the feedback that names them."""

import math

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.exercises import EXERCISES, buggy_dense_backward, check
from tests.exercise_answers import layer_backward_with
from tests.references import SLOPES_BY_HAND, activation_by_hand

TOLERANCE = 1e-6  # a gradient that agrees with finite differences has a relative error below this


def hidden_activation(activations):
    """The hidden activation of an MLP with these layers' activations (the last one linear)."""
    assert activations[-1] == "identity", "an MLP's last layer is linear"
    return activations[0] if len(activations) > 1 else "identity"


def biases(cache, Ws):
    """Each layer's b, recovered from Z = A_prev W + b (and checked to be the same in every row)."""
    bs = []
    for (A_prev, Z), W in zip(cache, Ws):
        b = Z[0] - A_prev[0] @ W
        np.testing.assert_allclose(Z, A_prev @ W + b, rtol=1e-12, atol=1e-12)
        bs.append(b)
    return bs


def surrogate_loss(dY, forward):
    """L = Σ Z_K ⊙ dY with Z_K = forward(), the logits: a scalar whose gradient for Z_K is the exercise's dY."""
    return lambda: float(np.sum(forward() * dY))


# ---- the references, against lessonkit's engine and finite differences --------------------


@pytest.mark.parametrize("case", range(len(EXERCISES["layer_backward"].cases)))
def test_layer_backward_reference_is_dense_backward_and_passes_gradient_check(case):
    dA, A_prev, Z, W, activation = (
        np.copy(a) if isinstance(a, np.ndarray) else a for a in EXERCISES["layer_backward"].cases[case]
    )
    [b] = biases([(A_prev, Z)], [W])
    dZ, dW, db, dA_prev = EXERCISES["layer_backward"].reference(dA, A_prev, Z, W, activation)

    layer = lk.Dense(*W.shape, activation, np.random.default_rng(0))
    layer.W[:], layer.b[:] = W, b
    layer.forward(A_prev)
    np.testing.assert_allclose(layer.backward(dA), dA_prev, rtol=1e-12)
    np.testing.assert_allclose(layer.dW, dW, rtol=1e-12)
    np.testing.assert_allclose(layer.db, db, rtol=1e-12)

    loss = surrogate_loss(dA, lambda: activation_by_hand(activation, A_prev @ W + b))  # dL/dA = dA
    for name, param, grad in (("dW", W, dW), ("db", b, db), ("dA_prev", A_prev, dA_prev)):
        error = lk.gradient_check(loss, [param], [grad])
        assert error < TOLERANCE, f"{name}: relative error {error:.1e}"
    error = lk.gradient_check(surrogate_loss(dA, lambda: activation_by_hand(activation, Z)), [Z], [dZ])
    assert error < TOLERANCE, f"dZ: relative error {error:.1e}"


@pytest.mark.parametrize("case", range(len(EXERCISES["mlp_backward"].cases)))
def test_mlp_backward_reference_is_mlp_backward_and_passes_gradient_check(case):
    dY, cache, Ws, activations = EXERCISES["mlp_backward"].cases[case]
    X = np.copy(cache[0][0])
    Ws = [np.copy(W) for W in Ws]
    bs = biases(cache, Ws)
    grads = EXERCISES["mlp_backward"].reference(dY, cache, Ws, activations)

    sizes = [X.shape[1]] + [W.shape[1] for W in Ws]
    model = lk.MLP(sizes, activation=hidden_activation(activations))
    for p, value in zip(model.params, [v for W, b in zip(Ws, bs) for v in (W, b)]):
        p[:] = value
    np.testing.assert_allclose(model.forward(X), activation_by_hand("identity", cache[-1][1]), rtol=1e-12)
    model.backward(dY)
    assert len(grads) == len(model.grads) == 2 * len(Ws)
    for i, (mine, engine) in enumerate(zip(grads, model.grads)):
        np.testing.assert_allclose(mine, engine, rtol=1e-12, atol=1e-15, err_msg=f"grads[{i}]")

    params = [p for W, b in zip(Ws, bs) for p in (W, b)]

    def logits():
        A = X
        for W, b, activation in zip(Ws, bs, activations):
            A = activation_by_hand(activation, A @ W + b)
        return A

    error = lk.gradient_check(surrogate_loss(dY, logits), params, grads)
    assert error < TOLERANCE, f"relative error {error:.1e}"


def test_mlp_backward_covers_one_two_and_three_layers_and_the_course_network():
    cases = EXERCISES["mlp_backward"].cases
    assert sorted(len(Ws) for _, _, Ws, _ in cases) == [1, 2, 3, 3]
    dY, cache, Ws, activations = cases[0]  # the course's network, written out from its definition
    rng = np.random.default_rng(0)
    X = np.vstack([[1.0, 2.0], rng.normal(size=(3, 2)).round(1)])
    y = [1.0, 0.0, 0.0, 1.0]
    model = lk.MLP([2, 3, 1], activation="tanh", seed=0)
    np.testing.assert_array_equal(cache[0][0], X)
    for W, p in zip(Ws, model.params[0::2]):
        np.testing.assert_array_equal(W, p)
    assert activations == ["tanh", "identity"]
    Z2 = cache[1][1][:, 0]
    dY_by_hand = [(1 / (1 + math.exp(-z)) - t) / 4 for z, t in zip(Z2, y)]  # (σ(Z2) − y) / 4
    np.testing.assert_allclose(dY[:, 0], dY_by_hand, rtol=1e-12)


@pytest.mark.parametrize("case", range(len(EXERCISES["softmax_ce_grad"].cases)))
def test_softmax_ce_grad_reference_is_the_loss_gradient_and_passes_gradient_check(case):
    Z, labels = (np.copy(a) for a in EXERCISES["softmax_ce_grad"].cases[case])
    dZ = EXERCISES["softmax_ce_grad"].reference(Z, labels)
    np.testing.assert_allclose(dZ, lk.losses.softmax_cross_entropy(Z, labels)[1], rtol=1e-12, atol=1e-15)
    error = lk.gradient_check(lambda: lk.losses.softmax_cross_entropy(Z, labels)[0], [Z], [dZ])
    assert error < TOLERANCE, f"relative error {error:.1e}"


def dense_gradient_errors(dense_backward, X, W, dZ):
    """The relative error of each of dense_backward's outputs, by lk.gradient_check on
    L = Σ (X W + b) ⊙ dZ, whose dL/dZ is dZ."""
    X, W = np.copy(X), np.copy(W)
    b = np.random.default_rng(1).normal(size=W.shape[1])
    dW, db, dX = dense_backward(X, W, dZ)
    loss = surrogate_loss(dZ, lambda: X @ W + b)
    return {name: lk.gradient_check(loss, [p], [g]) for name, p, g in (("dW", W, dW), ("db", b, db), ("dX", X, dX))}


@pytest.mark.parametrize("case", range(len(EXERCISES["fix_the_bug"].cases)))
def test_the_fixed_dense_backward_passes_gradient_check(case):
    errors = dense_gradient_errors(EXERCISES["fix_the_bug"].reference, *EXERCISES["fix_the_bug"].cases[case])
    assert max(errors.values()) < TOLERANCE, errors


@pytest.mark.parametrize("case", range(len(EXERCISES["fix_the_bug"].cases)))
def test_gradient_check_finds_the_planted_bug_in_exactly_one_output(case):
    X, W, dZ = EXERCISES["fix_the_bug"].cases[case]
    errors = dense_gradient_errors(buggy_dense_backward, X, W, dZ)
    wrong = {name for name, error in errors.items() if error > 1e-2}
    assert wrong == {"dW"} and max(errors["db"], errors["dX"]) < TOLERANCE, errors
    n = X.shape[0]  # dW is divided by n: |g − g/n| / (|g| + |g/n|) = (n − 1) / (n + 1) in every entry
    assert errors["dW"] == pytest.approx((n - 1) / (n + 1), rel=1e-6)


def test_the_planted_bug_does_not_show_in_the_shapes():
    X, W, dZ = EXERCISES["fix_the_bug"].cases[0]
    assert [g.shape for g in buggy_dense_backward(X, W, dZ)] == [W.shape, (W.shape[1],), X.shape]


@pytest.mark.parametrize(
    "args,message",
    [
        (
            (np.ones((4, 3)), np.ones((2, 2)), np.ones((4, 2))),
            "W: expected 3 rows, one per column of X, got shape (2, 2)",
        ),
        ((np.ones((4, 3)), np.ones((3, 2)), np.ones((4, 3))), "dZ: expected shape (n, n_out) = (4, 2), got (4, 3)"),
        ((np.ones(3), np.ones((3, 2)), np.ones((1, 2))), "X: expected"),
        ((np.ones((4, 3)), np.ones((3, 2)), np.full((4, 2), np.nan)), "dZ"),
    ],
)
def test_buggy_dense_backward_refuses_bad_input(args, message):
    with pytest.raises(ValueError) as info:
        buggy_dense_backward(*args)
    assert str(info.value).startswith(message)


# ---- planted mistakes get the feedback that names them -------------------------------------

FIRST = EXERCISES["layer_backward"].cases[0]  # the course network's first layer: n = 4, n_in = 2, n_out = 3


def test_layer_backward_with_a_transposed_dW():
    feedback = check("layer_backward", layer_backward_with(dW=lambda A, dZ: dZ.T @ A))
    assert "got dW wrong: returned shape (3, 2), expected shape (2, 3)." in feedback.message  # (n_in, n_out)


def test_layer_backward_with_db_not_summed():
    feedback = check("layer_backward", layer_backward_with(db=lambda dZ: dZ))
    assert "got db wrong: returned shape (4, 3), expected shape (3,)." in feedback.message


def test_layer_backward_with_db_a_mean():
    dA, A_prev, Z, W, _ = FIRST
    feedback = check("layer_backward", layer_backward_with(db=lambda dZ: dZ.mean(axis=0)))
    db0 = sum(dA[i, 0] / math.cosh(Z[i, 0]) ** 2 for i in range(4))  # Σ_rows dA ⊙ tanh'(Z), column 0
    assert f"got db wrong: element 0 is off: expected {db0:.5g}, got {db0 / 4:.5g} (3 of 3" in feedback.message


def test_layer_backward_with_the_slope_at_A():
    dA, A_prev, Z, W, _ = FIRST
    feedback = check("layer_backward", layer_backward_with(slope_at="A"))
    right = dA[0, 0] * SLOPES_BY_HAND["tanh"](Z[0, 0])
    wrong = dA[0, 0] * SLOPES_BY_HAND["tanh"](math.tanh(Z[0, 0]))
    assert feedback.message.startswith(
        "✘ layer_backward(<array of shape (4, 3)>, <array of shape (4, 2)>, "
        "<array of shape (4, 3)>, <array of shape (2, 3)>, 'tanh') got dZ wrong: "
        f"element (0, 0) is off: expected {right:.5g}, got {wrong:.5g}"
    )


def test_layer_backward_with_dA_prev_from_W_untransposed():
    feedback = check("layer_backward", layer_backward_with(dA_prev="dZ @ W"))
    assert not feedback.passed
    assert (
        "raised ValueError.\n  Mistake: a matrix product whose shapes do not fit" in feedback.message
    )  # (4, 3) @ (2, 3)
    assert "matmul" not in feedback.message and "gufunc" not in feedback.message  # numpy's words stay out
    assert f"Hint: {EXERCISES['layer_backward'].hint}" in feedback.message


def test_mlp_backward_with_the_layers_in_reverse_order():
    def last_layer_first(dY, cache, Ws, activations):
        return EXERCISES["mlp_backward"].reference(dY, cache[::-1], Ws[::-1], activations[::-1])

    def grads_backwards(dY, cache, Ws, activations):
        grads = EXERCISES["mlp_backward"].reference(dY, cache, Ws, activations)
        return [g for layer in range(len(Ws) - 1, -1, -1) for g in grads[2 * layer : 2 * layer + 2]]

    assert "raised ValueError" in check("mlp_backward", last_layer_first).message
    # W1 of the course's network is (2, 3); W2, returned first, is (3, 1)
    feedback = check("mlp_backward", grads_backwards)
    assert "got dW1 wrong: returned shape (3, 1), expected shape (2, 3)." in feedback.message


def test_mlp_backward_without_the_hidden_slope():
    def no_slope(dY, cache, Ws, activations):  # dZ = dA in every layer
        grads, dA = [], dY
        for (A_prev, _), W in zip(cache[::-1], Ws[::-1]):
            grads = [A_prev.T @ dA, dA.sum(axis=0)] + grads
            dA = dA @ W.T
        return grads

    feedback = check("mlp_backward", no_slope)
    assert "got dW1 wrong: element (0, 0) is off" in feedback.message  # the last layer is linear: dW2, db2 right


def test_softmax_ce_grad_without_the_mean():
    Z, labels = EXERCISES["softmax_ce_grad"].cases[0]
    feedback = check("softmax_ce_grad", lambda Z, labels: lk.losses.softmax(Z) - np.eye(Z.shape[1])[labels])
    n = Z.shape[0]  # 4 rows: every entry n times too large, |g − g/n| / (|g| + |g/n|) = (n − 1) / (n + 1) = 0.6
    assert feedback.message.startswith(
        "✘ softmax_ce_grad(<array of shape (4, 3)>, [0, 2, 1, 2]) fails the "
        "gradient check: element (0, 0) is off: expected the numerical gradient "
    )
    assert (
        f"; largest relative error {(n - 1) / (n + 1):.2g} (|g − n| / max(|g| + |n|, 1e-8), g yours, "
        "n the numerical gradient; below 1e-6 they agree)."
    ) in feedback.message
    e = [math.exp(v) for v in Z[0]]
    p00 = e[0] / sum(e)  # label 0: dL/dz_00 = (p − 1) / n
    assert f"expected the numerical gradient {(p00 - 1) / n:.5g}, got {p00 - 1:.5g}; " in feedback.message


def test_softmax_ce_grad_passes_with_the_relative_error_it_found():
    feedback = check("softmax_ce_grad", EXERCISES["softmax_ce_grad"].reference)
    assert feedback.passed
    words = feedback.message.split("largest relative error ")[1].split(" ")
    assert 0 <= float(words[0]) < TOLERANCE
    assert words[1] == "(|g"


def test_the_bug_left_in_is_caught():
    X, W, dZ = EXERCISES["fix_the_bug"].cases[0]
    feedback = check("fix_the_bug", buggy_dense_backward)
    dW00 = sum(X[i, 0] * dZ[i, 0] for i in range(4))
    assert f"got dW wrong: element (0, 0) is off: expected {dW00:.5g}, got {dW00 / 4:.5g} (6 of 6" in feedback.message


@pytest.mark.parametrize("name", ["layer_backward", "mlp_backward", "softmax_ce_grad", "fix_the_bug"])
def test_unanswered_is_not_answered_yet(name):
    feedback = check(name, lambda *args: None)
    assert feedback.message == (
        f"… {name}: not answered yet (your function returned None). "
        "Write your code in the cell above and run both cells again."
    )
