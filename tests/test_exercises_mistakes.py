"""Every mistake a checker recognises, planted as a learner would write it: the feedback names
the input, says which mistake it sees, and gives that mistake's hint; and every mistake an
exercise lists (and each of the common ones) is recognised by one planted answer here."""

import dataclasses
import functools
import math

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.autograd import Value
from lessonkit.exercises import EXERCISES, buggy_dense_backward, check, checker
from lessonkit.exercises.mistakes import COMMON
from tests.exercise_answers import (
    init_params_with,
    layer_backward_with,
    mlp_backward_with,
    mlp_forward_with,
    train_network_with,
)
from tests.references import sigmoid


def onehot(Z, labels):
    return np.eye(Z.shape[1])[labels]


def naive_softmax(z):
    e = np.exp(z)  # e^1000 overflows to inf
    return e / e.sum()


def softmax_with_math(z):
    e = [math.exp(v) for v in z]  # math.exp(1000) raises OverflowError
    return np.array(e) / sum(e)


def rows_without_keepdims(Z, labels):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return (E / E.sum(axis=1) - onehot(Z, labels)) / len(Z)  # (n, k) / (n,)


def sigmoid_at_a(z):
    a = sigmoid(z)
    s = sigmoid(a)
    return s * (1 - s)


def confusion_fractions(true, pred, k, rows):
    counts = np.zeros((k, k))
    for t, p in zip(true, pred):
        counts[t, p] += 1
    return counts / counts.sum(axis=1, keepdims=True) if rows else counts / len(true)


def confusion_sized_by_labels(true, pred, k):
    size = max(max(true), max(pred)) + 1  # k ignored: the classes seen
    counts = np.zeros((size, size), dtype=int)
    for t, p in zip(true, pred):
        counts[t, p] += 1
    return counts


def loss_after_with(sign=-1, times_x=True, update_b=True, again=True, y_one_form=False, lr_in=True):
    def answer(x, y, w, b, lr):
        lr = lr if lr_in else 1.0
        a = sigmoid(np.dot(w, x) + b)
        error = y - a if sign == 1 else a - y  # sign 1: y − a, the update climbs
        w, b = w - lr * error * (x if times_x else 1), (b - lr * error if update_b else b)
        if again:
            a = sigmoid(np.dot(w, x) + b)
        if y_one_form:  # the y = 1 loss, as notebooks 00 and 05 write it for our example
            return -np.log(a)
        return -(y * np.log(a) + (1 - y) * np.log(1 - a))

    return answer


def epochs_without_none(n, batch_size, epochs):
    return math.ceil(n / batch_size) * epochs  # n / None: TypeError


def counted_once(true, pred, k):
    counts = np.zeros((k, k), dtype=int)
    counts[true, pred] += 1  # fancy indexing: a repeated pair adds 1 once
    return counts


def swapped(true, pred, k):
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (pred, true), 1)  # rows the predictions
    return counts


def scores_with(precision="tp / (tp + fp)", recall="tp / (tp + fn)", positive=1, ints=False):
    """precision_recall as a learner writes it, with numpy counts (0/0 gives nan) or Python ints
    (0/0 raises ZeroDivisionError), and the two scores written as given."""

    def answer(true, pred):
        t, p = np.asarray(true) == positive, np.asarray(pred) == positive
        counts = {"tp": np.sum(t & p), "fp": np.sum(~t & p), "fn": np.sum(t & ~p), "tn": np.sum(~t & ~p), "n": len(t)}
        if ints:
            counts = {k: int(v) for k, v in counts.items()}
        return eval(precision, {}, counts), eval(recall, {}, counts)

    return answer


def guarded(true, pred):
    """0/0 handled: the answer of a learner whose other mistakes the planted rows show."""
    tp, fp, fn = (int(np.sum((np.asarray(true) == a) & (np.asarray(pred) == b))) for a, b in ((1, 1), (0, 1), (1, 0)))
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def first_layer_up(dY, cache, Ws, activations):
    grads, dA = [], dY
    for layer in range(len(Ws)):  # first layer first: dY meets the first layer's Z
        A_prev, Z = cache[layer]
        _, dW, db, dA = layer_backward_with()(dA, A_prev, Z, Ws[layer], activations[layer])
        grads += [dW, db]
    return grads


def grads_last_first(dY, cache, Ws, activations):
    grads = mlp_backward_with(layer_backward_with())(dY, cache, Ws, activations)  # right, first layer first
    return [g for layer in reversed(range(len(Ws))) for g in grads[2 * layer : 2 * layer + 2]]


def value_op(f, local, times_out_grad=True, add=True, attach=True, children=True):
    """An operation on Values as a learner writes it: out = Value(f(v.data), (v,)) (without (v,) unless
    ``children``), and a _backward that puts local(v, out), times out.grad unless told not, into v.grad,
    with += (``add``) or =."""

    def op(v):
        out = Value(f(v.data), (v,) if children else (), "op")

        def _backward():
            share = local(v, out) * (out.grad if times_out_grad else 1.0)
            v.grad = v.grad + share if add else share

        if attach:
            out._backward = _backward
        return out

    return op


def neuron_with(z_of, out_of):
    """value_neuron as a learner writes it: z = z_of(w, b, x), then out_of(z)."""
    return lambda w, b, x: out_of(z_of(w, b, x))


def dot(w, x):
    total = 0
    for wi, xi in zip(w, x):
        total = total + wi * xi
    return total


def exp_of_a_number(v):
    return math.exp(v.data)  # a float: no graph, no gradient


VALUE_OPS = [  # (exercise, f, its right local derivative), for the mistakes both operations share
    ("value_exp", math.exp, lambda v, out: math.exp(v.data)),
    ("value_tanh", math.tanh, lambda v, out: 1 - math.tanh(v.data) ** 2),
]


DENSE = [  # (answer, phrase) for dense_backward and fix_the_bug
    (lambda X, W, dZ: (dZ.T @ X, dZ.sum(axis=0), dZ @ W.T), "dW transposed"),
    (lambda X, W, dZ: (X.T @ dZ, dZ.mean(axis=0), dZ @ W.T), "db is a mean over the rows where a sum belongs"),
    (lambda X, W, dZ: (X.T @ dZ, dZ, dZ @ W.T), "db not summed over the batch"),
    (lambda X, W, dZ: (X.T @ dZ, dZ.sum(axis=1), dZ @ W.T), "db summed along the rows (axis=1)"),
    (lambda X, W, dZ: (X.T @ dZ, np.sum(dZ), dZ @ W.T), "db summed over everything"),
    (lambda X, W, dZ: (X.T @ dZ, dZ.sum(axis=0), W @ dZ.T), "dX transposed"),
    (lambda X, W, dZ: (X.T @ dZ, dZ.sum(axis=0), dZ @ W), "dX = dZ @ W, with W not transposed"),
]
DENSE_EDGE = (lambda X, W, dZ: (X.T @ dZ, dZ.sum(axis=0), dZ @ W), "dX = dZ @ W, with W not transposed")

LAYER = [  # (a layer_backward with one mistake, phrase), for layer_backward and mlp_backward
    (layer_backward_with(slope_at="A"), "f' evaluated at A = f(Z)"),
    (layer_backward_with(slope_at=None), "the activation's slope is missing"),
    (layer_backward_with(slope_at="tanh"), "tanh's slope, 1 − tanh(Z)², whatever the activation"),
    (layer_backward_with(dW=lambda A, dZ: dZ.T @ A), "dW transposed"),
    (layer_backward_with(dW=lambda A, dZ: A.T @ dZ / A.shape[0]), "dW divided by n"),
    (layer_backward_with(db=lambda dZ: dZ.mean(axis=0)), "db is a mean over the rows"),
    (layer_backward_with(db=lambda dZ: dZ), "db not summed over the batch"),
    (layer_backward_with(dA_prev="dA @ W.T"), "dA_prev from dA instead of dZ"),
]

# (exercise, planted answer, phrase of the mistake it shows[, the index of the one input it is tried on])
PLANTED = [
    ("weighted_sum", lambda x, w, b: np.dot(w, x), "the bias b is left out"),
    ("weighted_sum", lambda x, w, b: np.sum(w * x + b), "once per input (n · b)"),
    ("weighted_sum", lambda x, w, b: w * x + b, "the products w * x are not added up"),
    ("weighted_sum", lambda x, w, b: math.exp(-2000.0 * np.dot(w, x)), "overflow"),  # the common overflow
    ("sigmoid_prime", sigmoid, "σ(z) without the factor (1 − σ(z))"),
    ("sigmoid_prime", lambda z: z * (1 - z), "evaluated at z instead of at a = σ(z)"),
    ("sigmoid_prime", lambda z: 1 - sigmoid(z), "1 − σ(z) without the factor σ(z)"),
    ("softmax", lambda z: np.exp(z) / np.sum(z), "divided by the sum of the z"),
    ("confusion_matrix", lambda t, p, k: confusion_fractions(t, p, k, rows=True), "each row divided by its total"),
    ("confusion_matrix", lambda t, p, k: confusion_fractions(t, p, k, rows=False), "divided by the number of exa"),
    ("confusion_matrix", confusion_sized_by_labels, "the size read from the labels"),
    ("update", lambda w, b, gw, gb, lr: (lr * (w - gw), lr * (b - gb)), "the learning rate in the wrong place"),
    ("update", lambda w, b, gw, gb, lr: (b - lr * gb, w - lr * gw), "in another order: (b_new, w_new)"),
    ("dense_backward", lambda X, W, dZ: (dZ.sum(axis=0), X.T @ dZ, dZ @ W.T), "in another order: (db, dW, dX)"),
    ("loss_after", loss_after_with(lr_in=False), "the learning rate is left out of the update"),
    ("sigmoid_prime", sigmoid_at_a, "the derivative evaluated at a = σ(z) instead of at z"),
    ("layer_forward", lambda X, W, b: X @ W.T + b, "W taken for an (n_out, n_in) matrix"),
    ("layer_forward", lambda X, W, b: (W @ X.T).T + b, "W taken for an (n_out, n_in) matrix"),
    ("layer_forward", lambda X, W, b: X @ W.T + b, "W taken for an (n_out, n_in) matrix", 3),  # n_in = n_out
    ("layer_forward", lambda X, W, b: X @ W, "the bias b is left out"),
    ("layer_forward", lambda X, W, b: (X @ W + b).T, "Z transposed"),
    ("layer_forward", lambda X, W, b: X @ W + b.reshape(-1, 1), "two arrays numpy cannot line up"),
    ("bce_one", lambda a, y: y * np.log(a) + (1 - y) * np.log(1 - a), "the minus sign in front is missing"),
    ("bce_one", lambda a, y: -y * np.log(a), "the (1 − y) log(1 − a) term is missing"),
    ("bce_one", lambda a, y: -((1 - y) * np.log(a) + y * np.log(1 - a)), "y and 1 − y swapped"),
    ("bce_one", lambda a, y: -np.log(a), "−log a for every label"),
    ("bce_one", lambda a, y: -(y * np.log10(a) + (1 - y) * np.log10(1 - a)), "log base 10"),
    ("dL_dz", lambda a, y: y - a, "y − a for a − y"),
    ("dL_dz", lambda a, y: -y / a + (1 - y) / (1 - a), "dL/da only"),
    ("dL_dz", lambda a, y: (a - y) * a * (1 - a), "the slope a(1 − a) is in twice"),
    ("softmax", naive_softmax, "overflow: without the shift, np.exp(1000) is e^1000"),
    ("softmax", softmax_with_math, "overflow: without the shift, np.exp(1000) is e^1000"),
    ("softmax", lambda z: np.exp(z - z.max()), "not divided by their sum"),
    ("softmax_ce_grad", lambda Z, labels: lk.losses.softmax(Z) - onehot(Z, labels), "the 1/n is missing"),
    ("softmax_ce_grad", lambda Z, labels: (onehot(Z, labels) - lk.losses.softmax(Z)) / len(Z), "the sign is flipped"),
    ("softmax_ce_grad", lambda Z, labels: lk.losses.softmax(Z) / len(Z), "the one-hot labels are not subtracted"),
    ("softmax_ce_grad", rows_without_keepdims, "numpy lines a (n,) up with the columns"),
    ("softmax_ce_grad", rows_without_keepdims, "numpy lines a (n,) up with the columns", 3),  # n = k
    ("dL_db", lambda dL_da, da_dz: dL_da, "the factor ∂a/∂z on the path is missing"),
    ("dL_db", lambda dL_da, da_dz: dL_da + da_dz, "the local derivatives added"),
    ("dL_db", lambda dL_da, da_dz: dL_da / da_dz, "∂L/∂a divided by ∂a/∂z"),
    *[("dense_backward", answer, phrase) for answer, phrase in DENSE],
    ("dense_backward", lambda X, W, dZ: (X.T @ dZ / len(X), dZ.sum(axis=0), dZ @ W.T), "dW divided by n"),
    ("dense_backward", *DENSE_EDGE, 3),
    *[("fix_the_bug", answer, phrase) for answer, phrase in DENSE],
    ("fix_the_bug", buggy_dense_backward, "the bug is still there: dW is divided by n"),
    ("fix_the_bug", *DENSE_EDGE, 2),
    *[("layer_backward", answer, phrase) for answer, phrase in LAYER],
    ("layer_backward", layer_backward_with(dA_prev="dZ @ W"), "a matrix product whose shapes do not fit"),
    *[("mlp_backward", mlp_backward_with(answer), phrase) for answer, phrase in LAYER],
    ("mlp_backward", grads_last_first, "the gradients in the order they were computed, last layer first"),
    ("mlp_backward", first_layer_up, "the loop runs from the first layer up"),
    ("update", lambda w, b, gw, gb, lr: (w + lr * gw, b + lr * gb), "the sign of the update is flipped"),
    ("update", lambda w, b, gw, gb, lr: (w - lr * gw, b + lr * gb), "w's step is right, b's has the wrong sign"),
    ("update", lambda w, b, gw, gb, lr: (w + lr * gw, b - lr * gb), "w's step has the wrong sign"),
    ("update", lambda w, b, gw, gb, lr: (w - gw, b - gb), "the learning rate is left out"),
    ("update", lambda w, b, gw, gb, lr: (-lr * gw, -lr * gb), "the step alone"),
    ("loss_after", loss_after_with(again=False), "the loss before the update"),
    ("loss_after", loss_after_with(sign=1), "the update climbs the loss"),
    ("loss_after", loss_after_with(times_x=False), "∂L/∂w without the factor x"),
    ("loss_after", loss_after_with(y_one_form=True), "scored as −log a′ for every label"),
    ("loss_after", loss_after_with(update_b=False), "b is not updated"),
    ("n_updates", epochs_without_none, "batch_size=None is not handled"),
    ("n_updates", lambda n, batch, epochs: n // batch * epochs if batch else epochs, "rounded down (// or a floor)"),
    (
        "n_updates",
        lambda n, batch, epochs: n / batch * epochs if batch else epochs,
        "n_examples / batch_size unrounded",
    ),
    ("n_updates", lambda n, batch, epochs: -(-n // batch) if batch else 1, "the epochs are not multiplied in"),
    ("sgd_momentum_step", lambda p, v, g, lr, mu: (p - lr * v, mu * v + g), "the step uses the old velocity"),
    ("sgd_momentum_step", lambda p, v, g, lr, mu: (p + lr * (mu * v + g), mu * v + g), "the sign of the update"),
    ("sgd_momentum_step", lambda p, v, g, lr, mu: (p + (mu * v - lr * g), mu * v - lr * g), "momentum as some other"),
    ("sgd_momentum_step", lambda p, v, g, lr, mu: (p - lr * g, g), "the momentum term is missing"),
    ("accuracy", lambda logits, labels: np.mean(np.argmax(logits, axis=0) == labels), "argmax over axis 0"),
    ("accuracy", lambda logits, labels: np.mean(np.argmax(logits, axis=0) == labels), "argmax over axis 0", 2),
    (
        "accuracy",
        lambda logits, labels: np.mean(np.argmax(logits, axis=1, keepdims=True) == labels),
        "predictions of shape (n, 1) compared with labels of shape (n,)",
    ),
    ("accuracy", lambda logits, labels: np.sum(logits.argmax(axis=1) == labels), "the number of rows right"),
    ("accuracy", lambda logits, labels: 100 * np.mean(logits.argmax(axis=1) == labels), "a percentage"),
    ("accuracy", lambda logits, labels: np.mean(logits.argmax(axis=1) != labels), "the error rate"),
    ("confusion_matrix", swapped, "rows and columns swapped"),
    ("confusion_matrix", counted_once, "a pair that occurs several times counted once"),
    ("precision_recall", scores_with(), "0/0: when nothing is called malignant"),
    ("precision_recall", scores_with(ints=True), "0/0: when nothing is called malignant"),
    ("precision_recall", lambda t, p: guarded(t, p)[::-1], "precision and recall swapped"),
    (
        "precision_recall",
        scores_with(precision="tp / (tp + fn)", recall="tp / (tp + fp)"),
        "precision and recall swapped",
    ),
    ("precision_recall", scores_with(precision="tp / n"), "divided by all the cases"),
    ("precision_recall", scores_with(recall="tp / n"), "divided by all the cases"),
    ("precision_recall", scores_with(precision="(tp + tn) / n", recall="(tp + tn) / n"), "the accuracy, (TP + TN) / n"),
    ("precision_recall", scores_with(positive=0), "the scores of class 0 (benign)"),
    ("init_params", init_params_with("transposed"), "W of shape (n_out, n_in)"),
    ("init_params", init_params_with("generator in the loop"), "a new generator for each layer"),
    ("init_params", init_params_with("He at the output"), "the output layer initialised for the hidden"),
    ("init_params", init_params_with("std 1"), "standard deviation 1"),
    ("init_params", init_params_with("variance"), "the variance where the standard deviation belongs"),
    ("init_params", init_params_with("random biases"), "the biases drawn at random"),
    ("mlp_forward", mlp_forward_with("cache the output"), "the cache keeps each layer's output"),
    ("mlp_forward", mlp_forward_with("cache swapped"), "the cache's pairs in the other order"),
    ("mlp_forward", mlp_forward_with("no bias"), "the bias b is left out"),
    ("mlp_forward", mlp_forward_with("no hidden activation"), "the hidden layers' activation is missing"),
    ("mlp_forward", mlp_forward_with("output through tanh"), "the output layer through the hidden activation"),
    ("update_params", lambda ps, gs, lr: [p + lr * g for p, g in zip(ps, gs)], "the sign of the update"),
    ("update_params", lambda ps, gs, lr: [p - g for p, g in zip(ps, gs)], "the learning rate is left out"),
    ("update_params", lambda ps, gs, lr: [-lr * g for g in gs], "the step alone"),
    ("train_network", train_network_with("params not kept"), "the updated parameters are not kept"),
    ("train_network", train_network_with("no shuffle"), "the examples are never shuffled"),
    ("train_network", train_network_with("generator in the loop"), "the same order every epoch"),
    ("train_network", train_network_with("y in order"), "the targets are not shuffled with the examples"),
    ("train_network", train_network_with("mean of batches"), "the mean of its batches' losses"),
    ("train_network", train_network_with("last batch"), "its last batch's loss"),
    ("decay_grads", lambda ps, gs, lam: [g + lam * p for p, g in zip(ps, gs)], "the biases decayed too"),
    (
        "decay_grads",
        lambda ps, gs, lam: [g + lam / 2 * p if i % 2 == 0 else g for i, (p, g) in enumerate(zip(ps, gs))],
        "λ/2 · W",
    ),
    (
        "decay_grads",
        lambda ps, gs, lam: [g - lam * p if i % 2 == 0 else g for i, (p, g) in enumerate(zip(ps, gs))],
        "the penalty's sign flipped",
    ),
    (
        "decay_grads",
        lambda ps, gs, lam: [lam * p if i % 2 == 0 else g for i, (p, g) in enumerate(zip(ps, gs))],
        "only the penalty's path",
    ),
    *[(name, value_op(f, local, add=False), "v.grad assigned with = where") for name, f, local in VALUE_OPS],
    *[(name, value_op(f, local, times_out_grad=False), "not multiplied by out.grad") for name, f, local in VALUE_OPS],
    *[(name, value_op(f, local, attach=False), "never attached") for name, f, local in VALUE_OPS],
    *[(name, value_op(f, local, children=False), "out made without its input") for name, f, local in VALUE_OPS],
    ("value_exp", lambda v: Value(math.exp(v), (v,), "exp"), "the Value v handed where its number belongs"),
    ("value_tanh", lambda v: Value(np.tanh(v), (v,), "tanh"), "the Value v handed where its number belongs"),
    ("value_exp", value_op(math.exp, lambda v, out: v.data), "the derivative of e^v taken as v.data"),
    ("value_exp", value_op(math.exp, lambda v, out: 1.0), "out.grad passed down alone"),
    ("value_tanh", value_op(math.tanh, lambda v, out: 1 - out.data), "written 1 − tanh, where it is 1 − tanh²"),
    ("value_tanh", value_op(math.tanh, lambda v, out: 1 - v.data**2), "taken at the input, 1 − v²"),
    ("value_neuron", neuron_with(lambda w, b, x: dot(w, x), Value.tanh), "the bias b is left out"),
    ("value_neuron", neuron_with(lambda w, b, x: dot(w, x) + b, lambda z: z), "the tanh is left out"),
    ("value_neuron", neuron_with(lambda w, b, x: dot(w, x) + b, math.tanh), "math.tanh (or math.exp) handed a Value"),
    (
        "value_neuron",
        neuron_with(lambda w, b, x: dot([wi.data for wi in w], x) + b.data, lambda z: Value(math.tanh(z))),
        "the graph is cut",
    ),
]


def feedback_of(name, answer, case=None):
    """The checker's feedback on ``answer``: on every input, or on input ``case`` alone."""
    if case is None:
        return check(name, answer)
    return checker.check(name, dataclasses.replace(EXERCISES[name], cases=(EXERCISES[name].cases[case],)), answer)


@functools.cache
def all_messages():
    return [(row[0], feedback_of(*row[:2], *row[3:]).message) for row in PLANTED]


@pytest.mark.parametrize("row", PLANTED, ids=lambda row: f"{row[0]}: {row[2][:40]}")
def test_a_planted_mistake_is_recognised(row):
    name, answer, phrase = row[:3]
    feedback = feedback_of(name, answer, *row[3:])
    assert not feedback.passed
    assert feedback.message.startswith(f"✘ {name}("), feedback.message
    assert "\n  Mistake: " in feedback.message and phrase in feedback.message.split("\n  Mistake: ")[1], (
        feedback.message
    )
    known = [m for m in EXERCISES[name].mistakes + COMMON if f"Mistake: {m.what}." in feedback.message]
    if known:
        assert feedback.message.endswith(f"\n  Hint: {known[0].hint or EXERCISES[name].hint}")
    else:  # the right parts in another order: the hint says the order wanted
        assert "in another order" in feedback.message and "\n  Hint: Return them in the order (" in feedback.message


@pytest.mark.parametrize("name", EXERCISES)
def test_every_listed_mistake_is_planted_here(name):
    messages = [message for planted, message in all_messages() if planted == name]
    missing = [m.what for m in EXERCISES[name].mistakes if not any(f"Mistake: {m.what}." in s for s in messages)]
    assert not missing, f"no planted answer shows: {missing}"


def test_every_common_mistake_is_planted_here():
    messages = [message for _, message in all_messages()]
    assert all(any(f"Mistake: {m.what}." in s for s in messages) for m in COMMON)


@pytest.mark.parametrize("name", EXERCISES)
def test_every_wrong_solution_fails_and_is_told_from_the_others(name):
    """A mistake's wrong solution differs from the reference on some input, and the test inputs tell it
    from the exercise's other mistakes: the feedback names that mistake, no other."""
    for mistake in EXERCISES[name].mistakes:
        if mistake.answer is not None:
            feedback = check(name, mistake.answer)
            assert not feedback.passed, f"{mistake.what!r} passes: it cannot be told from a right answer"
            assert f"\n  Mistake: {mistake.what}." in feedback.message, feedback.message


# ---- the numbers of a few, worked out by hand ------------------------------------------------


def test_n_updates_rounded_down_by_hand():
    feedback = check("n_updates", lambda n, batch, epochs: n // batch * epochs if batch else epochs)
    # 200 examples in batches of 32: 6 full batches and one of 8, 7 updates an epoch, 70 in 10 epochs; // gives 60
    assert feedback.message.startswith("✘ n_updates(200, 32, 10) expected 70, got 60.\n  Mistake: rounded down")


def test_confusion_matrix_counted_once_by_hand():
    feedback = feedback_of("confusion_matrix", counted_once, 2)
    # true [1, 1, 1, 0, 2, 2], pred [2, 2, 2, 0, 1, 1]: the pair (1, 2) three times, counted once
    assert "element (1, 2) is off: expected 3, got 1 (2 of 9 elements differ)" in feedback.message


def test_precision_recall_by_hand():
    # true [1, 1, 1, 0, 0, 0, 0, 1], pred [1, 0, 0, 1, 0, 0, 0, 1]: TP 2, FP 1, FN 2, so precision 2/3, recall 1/2
    feedback = check("precision_recall", lambda true, pred: (2 / 3, 0.25))  # recall as TP / n = 2/8
    assert "got recall wrong: expected 0.5, got 0.25.\n  Mistake: divided by all the cases" in feedback.message


def test_nothing_called_malignant_is_zero_not_nan():
    # pred all 0: TP + FP = 0; recall 0/2 = 0
    feedback = feedback_of("precision_recall", scores_with(), 2)
    assert feedback.message.startswith(
        "✘ precision_recall([1, 0, 1, 0, 0], [0, 0, 0, 0, 0]) got precision wrong: "
        "returned a non-finite value: nan.\n  Mistake: 0/0"
    )
    assert lk.exercises.EXERCISES["precision_recall"].reference([1, 0, 1, 0, 0], [0, 0, 0, 0, 0]) == (0.0, 0.0)


def test_accuracy_counting_by_hand():
    feedback = check("accuracy", lambda logits, labels: np.sum(logits.argmax(axis=1) == labels))
    # row argmax [0, 1, 2, 1] against labels [0, 1, 0, 1]: 3 of 4 right, accuracy 0.75
    assert "expected 0.75, got 3.\n  Mistake: the number of rows right, not the fraction." in feedback.message


def test_exp_with_equals_by_hand():
    feedback = check("value_exp", value_op(math.exp, lambda v, out: math.exp(v.data), add=False))
    # v = 0.5, L = 2 e^v + v: dL/dv = 2 e^0.5 + 1 = 4.2974; with = the + v path's 1 is overwritten: 3.2974
    right = 2 * math.exp(0.5) + 1
    assert feedback.message.startswith(
        f"✘ value_exp(v) with v = 1·u, u = 0.5, in L = 2·out + v, got v.grad wrong: expected {right:.5g}, "
        f"got {right - 1:.5g}."
    )


def test_a_number_in_place_of_a_value_is_told_so():
    feedback = check("value_exp", exp_of_a_number)
    assert feedback.message.startswith(
        f"✘ value_exp(v) with v = 1·u, u = 0.5, in L = 2·out + v, returned float {math.exp(0.5)!r}, not a Value"
    )


def test_bce_without_the_minus_by_hand():
    feedback = check("bce_one", lambda a, y: y * np.log(a) + (1 - y) * np.log(1 - a))
    loss = -math.log(0.401312)  # y = 1: L = −log a = 0.91302
    assert f"bce_one(0.40131, 1) expected {loss:.5g}, got {-loss:.5g}." in feedback.message
