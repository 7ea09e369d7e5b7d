"""Notebook 10 (notebooks/10_micrograd.ipynb): the exercises' operations on Values against finite
differences and the engine's own, the graph the check builds, and a network of Values against
``lk.MLP``: the same gradients, and trained from the same start, the same network."""

import math

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.autograd import Value
from lessonkit.exercises import EXERCISES
from lessonkit.exercises.micrograd import IN_A_GRAPH

FUNCTIONS = {"value_exp": math.exp, "value_tanh": math.tanh}
ENGINE = {"value_exp": Value.exp, "value_tanh": Value.tanh}
POINTS = [(0.5, 2.0), (-1.5, -0.5), (1.2, 3.0), (0.0, 1.0), (-3.0, 0.25), (2.5, -4.0)]


def in_a_graph(operation, x, c):
    """out.data and v.grad after out = operation(v), L = c · out + v, L.backward(): the check's graph."""
    v = Value(x)
    out = operation(v)
    (c * out + v).backward()
    return out.data, v.grad


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("x, c", POINTS)
def test_the_reference_against_finite_differences(name, x, c):
    f, h = FUNCTIONS[name], 1e-5
    numerical = (c * f(x + h) + (x + h) - c * f(x - h) - (x - h)) / (2 * h)  # dL/dx, L = c f(x) + x
    data, grad = in_a_graph(EXERCISES[name].reference, x, c)
    assert data == pytest.approx(f(x), rel=1e-12)
    assert grad == pytest.approx(numerical, rel=1e-8, abs=1e-9)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("x, c", POINTS)
def test_the_reference_is_the_engines_own_operation(name, x, c):
    assert in_a_graph(EXERCISES[name].reference, x, c) == pytest.approx(in_a_graph(ENGINE[name], x, c), rel=1e-14)


def test_the_check_judges_out_and_v_grad_in_its_graph():
    # v = 0.5, L = 2 e^v + v: out.data = e^0.5, dL/dv = 2 e^0.5 + 1
    # v = 1 · u, so u.grad is v.grad passed on, once the backward pass has been through out
    data, v_grad, u_grad = IN_A_GRAPH.run(EXERCISES["value_exp"].reference, 0.5, 2.0)
    assert (data, v_grad, u_grad) == pytest.approx((math.exp(0.5), 2 * math.exp(0.5) + 1, 2 * math.exp(0.5) + 1))
    # L = −0.5 tanh v + v at v = −1.5: dL/dv = −0.5 (1 − tanh²(−1.5)) + 1
    data, v_grad, u_grad = IN_A_GRAPH.run(EXERCISES["value_tanh"].reference, -1.5, -0.5)
    assert v_grad == u_grad == pytest.approx(1 - 0.5 / math.cosh(-1.5) ** 2)
    assert IN_A_GRAPH.call("value_exp", 0.5, 2.0) == "value_exp(v) with v = 1·u, u = 0.5, in L = 2·out + v,"


@pytest.mark.parametrize("case", range(2))
def test_the_neuron_against_finite_differences(case):
    w, b, x = EXERCISES["value_neuron"].cases[case]
    ws, bv = [Value(wi) for wi in w], Value(b)
    out = EXERCISES["value_neuron"].reference(ws, bv, list(x))
    out.backward()

    def f(w, b):
        return math.tanh(sum(wi * xi for wi, xi in zip(w, x)) + b)

    h = 1e-6
    for i in range(len(w)):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        assert ws[i].grad == pytest.approx((f(up, b) - f(down, b)) / (2 * h), rel=1e-7)
    assert bv.grad == pytest.approx((f(w, b + h) - f(w, b - h)) / (2 * h), rel=1e-7)
    assert out.data == pytest.approx(f(w, b), rel=1e-12)


def test_the_neuron_check_on_our_example():
    # w = [0.5, −0.5], b = 0.1, x = [1, 2]: z = −0.4, tanh(−0.4), and d tanh/dz = 1 − tanh² times x, and 1 for b
    data, dw, db = EXERCISES["value_neuron"].through.run(
        EXERCISES["value_neuron"].reference, *EXERCISES["value_neuron"].cases[0]
    )
    slope = 1 - math.tanh(-0.4) ** 2
    assert (data, db) == pytest.approx((math.tanh(-0.4), slope))
    np.testing.assert_allclose(dw, [slope, 2 * slope])


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_case_makes_out_grad_matter(name):
    """c ≠ 1 in every case: with c = 1, out.grad is 1, and a _backward that leaves it out passes."""
    assert all(c != 1 for _, c in EXERCISES[name].cases)


# ---- a network of Values against lk.MLP -------------------------------------------------------------


def value_network(sizes, seed=0):
    """Each layer's weights as rows of Values, one row per neuron, drawn uniform in [−1, 1] neuron by
    neuron, as the notebook's ValueMLP draws them; biases Value(0)."""
    rng = np.random.default_rng(seed)
    return [
        ([[Value(rng.uniform(-1, 1)) for _ in range(n_in)] for _ in range(n_out)], [Value(0.0) for _ in range(n_out)])
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]


def logit(layers, x):
    a = list(x)
    for i, (rows, biases) in enumerate(layers):
        z = [sum((w * ak for w, ak in zip(row, a)), b) for row, b in zip(rows, biases)]
        a = [zj.tanh() for zj in z] if i < len(layers) - 1 else z
    return a[0]


def bce_loss(layers, X, y):
    """The mean of log(1 + e^z) − y z over the examples, the cross-entropy of σ(z), summed as the notebook sums it."""
    total = 0
    for x, t in zip(X, y):
        z = logit(layers, x)
        total = total + (1 + z.exp()).log() - float(t) * z
    return total / len(X)


def parameters(layers):
    return [p for rows, biases in layers for row, b in zip(rows, biases) for p in [*row, b]]


def as_mlp(layers):
    """An lk.MLP holding the same weights: neuron j's row is column j of W."""
    sizes = [len(layers[0][0][0])] + [len(biases) for _, biases in layers]
    model = lk.MLP(sizes, activation="tanh")
    for (rows, biases), W, b in zip(layers, model.params[0::2], model.params[1::2]):
        W[...] = np.array([[w.data for w in row] for row in rows]).T
        b[...] = [bj.data for bj in biases]
    return model


def value_grads(layers):
    """[dW1, db1, dW2, db2] of the Value network, laid out as lk.MLP's grads."""
    grads = []
    for rows, biases in layers:
        grads += [np.array([[w.grad for w in row] for row in rows]).T, np.array([b.grad for b in biases])]
    return grads


def test_the_value_network_s_gradients_are_lk_mlp_s():
    X, y = lk.datasets.xor()
    layers = value_network([2, 4, 1])
    model = as_mlp(layers)
    L = bce_loss(layers, X, y)
    L.backward()
    L_matrix, dY = lk.losses.bce_with_logits(model.forward(X), y[:, None].astype(float))
    model.backward(dY)
    assert L.data == pytest.approx(L_matrix, abs=1e-14)
    for mine, theirs in zip(value_grads(layers), model.grads):
        assert mine.shape == theirs.shape
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-12)
    assert any(np.abs(g).max() > 0.05 for g in model.grads)  # gradients worth comparing, not all near 0


def test_trained_from_the_same_start_both_engines_end_with_the_same_network():
    X, y = lk.datasets.xor()
    layers = value_network([2, 4, 1])
    model = as_mlp(layers)  # the starting weights, before the Value network trains
    losses = []
    for _ in range(300):
        L = bce_loss(layers, X, y)
        for p in parameters(layers):
            p.grad = 0.0
        L.backward()
        for p in parameters(layers):
            p.data -= 0.5 * p.grad
        losses.append(L.data)
    history = lk.train(model, X, y, "bce_with_logits", lk.optim.SGD(lr=0.5), epochs=300, batch_size=None)
    np.testing.assert_allclose(losses, history.loss, rtol=0, atol=1e-12)
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))  # it falls all the way
    p_values = np.array([1 / (1 + math.exp(-logit(layers, x).data)) for x in X])
    p_matrix = 1 / (1 + np.exp(-model.forward(X).ravel()))
    np.testing.assert_allclose(p_values, p_matrix, rtol=0, atol=1e-12)
    assert np.all(np.where(y == 1, p_values > 0.95, p_values < 0.05))  # xor learned


def test_the_graph_s_size_counted_by_hand():
    """One example through [2, h, 1]: per hidden unit 2 wrapped inputs, 2 products, 2 sums and a tanh (7);
    the output h products and h sums; its loss log(1 + e^z) − y z: exp, 1 and +, log, y and ·, and
    − (−1, ·, +): 9. Four examples, the parameters (4h + 1 for 2 inputs), and the mean: 0 and + for the
    first term, 3 more +, then 4, **−1 and ·: 8."""
    X, y = lk.datasets.xor()
    for h in (4, 64):
        expected = 4 * (7 * h + 2 * h + 9) + (4 * h + 1) + 8
        net = [
            ([[Value(0.1) for _ in range(2)] for _ in range(h)], [Value(0.0) for _ in range(h)]),
            ([[Value(0.1) for _ in range(h)]], [Value(0.0)]),
        ]
        assert len(bce_loss(net, X, y).topological_order()) == expected  # 205 for h = 4, 2,605 for h = 64
