"""Bad input stops with an error that names the argument, what was expected and what came."""

import numpy as np
import pytest

import lessonkit as lk
from lessonkit import datasets, losses, optim

nan = float("nan")
model = lk.MLP([2, 3, 1], seed=0)
X, y = datasets.xor()

CASES = [
    # (call, error type, message pattern)
    (
        lambda: losses.mse(np.ones(3), np.ones(4)),
        ValueError,
        r"pred and target: expected the same shape, got \(3,\) and \(4,\)",
    ),
    (
        lambda: losses.mse(np.ones((3, 1)), np.ones(3)),
        ValueError,
        r"expected the same shape, got \(3, 1\) and \(3,\) \(no broadcasting\)",
    ),
    (lambda: losses.mse([1.0, nan], [1.0, 1.0]), ValueError, r"pred: expected finite numbers, got nan at index 1"),
    (lambda: losses.mse(["a"], [1.0]), TypeError, r"pred: expected an array of numbers"),
    (lambda: losses.bce([1.5], [1.0]), ValueError, r"prob: expected values in \[0, 1\], got 1.5"),
    (lambda: losses.bce_with_logits([0.0], [2.0]), ValueError, r"target: expected values in \[0, 1\], got 2.0"),
    (lambda: losses.bce_with_logits([np.inf], [1.0]), ValueError, r"logits: expected finite numbers, got inf"),
    (
        lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), [0, 3]),
        ValueError,
        r"labels: expected labels in 0..2, got 3",
    ),
    (
        lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), [0, -1]),
        ValueError,
        r"labels: expected labels in 0..2, got -1",
    ),
    (
        lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), [0.5, 1.0]),
        TypeError,
        r"labels: expected integer class labels, got dtype float64",
    ),
    (
        lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), [0, 1, 2]),
        ValueError,
        r"expected one label per row of logits \(2\), got 3",
    ),
    (
        lambda: losses.softmax_cross_entropy(np.zeros(3), [0]),
        ValueError,
        r"logits: expected a 2-D array, got an array of shape \(3,\)",
    ),
    (lambda: losses.get("hinge"), ValueError, r"loss: expected one of 'mse', 'bce', .*got 'hinge'"),
    (
        lambda: lk.activations.get("swish"),
        ValueError,
        r"activation: expected one of 'sigmoid', 'tanh', 'relu', 'identity', got 'swish'",
    ),
    (lambda: lk.MLP([2]), ValueError, r"sizes: expected a list of at least two layer sizes .*got \[2\]"),
    (lambda: lk.MLP([2, 0, 1]), ValueError, r"sizes: expected positive integers, got 0 at position 1"),
    (lambda: lk.MLP([2, 3.5, 1]), ValueError, r"sizes: expected positive integers, got 3.5 at position 1"),
    (lambda: lk.MLP([2, 3, 1], activation="softplus"), ValueError, r"activation: expected one of .*got 'softplus'"),
    (lambda: model.forward(np.ones((4, 3))), ValueError, r"X: expected shape \(n, 2\), got \(4, 3\)"),
    (lambda: model.forward(np.ones(2)), ValueError, r"X: expected shape \(n, 2\), got \(2,\)"),
    (lambda: model.forward([[1.0, nan]]), ValueError, r"X: expected finite numbers, got nan at index \(0, 1\)"),
    (
        lambda: (model.forward(np.ones((4, 2))), model.backward(np.ones((4, 2)))),
        ValueError,
        r"dY: expected the shape of the last forward output \(4, 1\), got \(4, 2\)",
    ),
    (lambda: optim.SGD(0.0), ValueError, r"lr: expected a positive number, got 0.0"),
    (lambda: optim.SGD(-0.1), ValueError, r"lr: expected a positive number, got -0.1"),
    (lambda: optim.Adam(lr=nan), ValueError, r"lr: expected a finite number, got nan"),
    (lambda: optim.SGD("0.1"), TypeError, r"lr: expected a number, got '0.1' \(str\)"),
    (lambda: optim.SGD(0.1, momentum=1.0), ValueError, r"momentum: expected a number in \[0, 1\), got 1.0"),
    (
        lambda: optim.SGD(0.1).step([np.ones(2)], [np.ones(3)]),
        ValueError,
        r"grads\[0\]: expected the shape of params\[0\] \(2,\), got \(3,\)",
    ),
    (lambda: lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.0), ValueError, r"lr: expected a positive number, got 0.0"),
    (
        lambda: lk.neuron_step([1, 2, 3], 1, [0.5, -0.5], 0.1, 0.1),
        ValueError,
        r"x and w: expected the same length, got 3 and 2",
    ),
    (
        lambda: lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.1, activation="tanh"),
        ValueError,
        r"activation: loss='bce' needs .*sigmoid.*got 'tanh'",
    ),
    (
        lambda: lk.neuron_step([1, 2], 2, [0.5, -0.5], 0.1, 0.1),
        ValueError,
        r"y: expected a target in \[0, 1\] for loss='bce', got 2.0",
    ),
    (
        lambda: lk.neuron_step([1, 2], 1, [0.5, nan], 0.1, 0.1),
        ValueError,
        r"w: expected finite numbers, got nan at index 1",
    ),
    (
        lambda: lk.neuron_step([1, 2], 1, [0.5, -0.5], [0.1, 0.2], 0.1),
        TypeError,
        r"b: expected a number, got a list of length 2",
    ),
    (
        lambda: lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.1, loss="hinge"),
        ValueError,
        r"loss: expected one of 'bce', 'mse', got 'hinge'",
    ),
    (
        lambda: lk.train(model, X, y, "bce", optim.SGD(0.1), 1),
        ValueError,
        r"loss: expected one of 'bce_with_logits', .*got 'bce'",
    ),
    (
        lambda: lk.train(model, X, y[:3], "bce_with_logits", optim.SGD(0.1), 1),
        ValueError,
        r"X and y: expected one target per row of X \(4\), got 3",
    ),
    (
        lambda: lk.train(model, X, y, "bce_with_logits", optim.SGD(0.1), 0),
        ValueError,
        r"epochs: expected a positive integer, got 0",
    ),
    (
        lambda: lk.train(model, X, y, "bce_with_logits", optim.SGD(0.1), 1, batch_size=0),
        ValueError,
        r"batch_size: expected a positive integer or None, got 0",
    ),
    (
        lambda: lk.train(model, X, np.ones((4, 2)), "bce_with_logits", optim.SGD(0.1), 1),
        ValueError,
        r"y: expected shape \(n, 1\) to match the model's output, got \(4, 2\)",
    ),
    (
        lambda: lk.train(lk.MLP([2, 3, 2]), X, y + 1, "softmax_cross_entropy", optim.SGD(0.1), 1),
        ValueError,
        r"labels in 0..1, got 2",
    ),
    (
        lambda: lk.gradient_check(lambda: 1.0, [np.ones(2)], []),
        ValueError,
        r"params and grads: expected lists of the same length, got 1 and 0",
    ),
    (
        lambda: lk.gradient_check(lambda: 1.0, [np.ones(2, dtype=int)], [np.ones(2)]),
        TypeError,
        r"params\[0\]: expected a float64 numpy array .*dtype int",
    ),
    (
        lambda: lk.gradient_check(lambda: nan, [np.ones(2)], [np.ones(2)]),
        ValueError,
        r"f: expected f\(\) to return one finite number, got nan",
    ),
    (
        lambda: lk.train(model, X[:0], y[:0], "bce_with_logits", optim.SGD(0.1), 1),
        ValueError,
        r"X: expected at least one example, got an empty array",
    ),
    (
        lambda: lk.train(model, X, y * 2, "bce_with_logits", optim.SGD(0.1), 1),
        ValueError,
        r"y: expected targets in \[0, 1\] for 'bce_with_logits', got 2.0",
    ),
    (
        lambda: lk.train(model, X, y, "bce_with_logits", optim.SGD(0.1), 2.5),
        ValueError,
        r"epochs: expected a positive integer, got 2.5",
    ),
    (
        lambda: losses.softmax_cross_entropy(np.zeros((2, 3)), [1.0, 1.5]),
        TypeError,
        r"labels: expected integer class labels, got dtype float64 \(the value 1.5\)",
    ),
    (
        lambda: lk.Dense(3, 2, "tanh", np.random.default_rng(0)).forward(np.ones((4, 2))),
        ValueError,
        r"X: expected shape \(n, 3\), got \(4, 2\)",
    ),
    (
        lambda: lk.Dense(3, 2, "tanh", np.random.default_rng(0)).forward([[1.0, nan, 0.0]]),
        ValueError,
        r"X: expected finite numbers, got nan at index \(0, 1\)",
    ),
    (
        lambda: lk.Dense(3, 2, "tanh", np.random.default_rng(0)).backward(np.ones((4, 2))),
        RuntimeError,
        r"backward: call forward\(X\) first",
    ),
    (lambda: datasets.moons(1), ValueError, r"n: expected an integer of at least 2, got 1"),
    (lambda: datasets.circles(noise=-1), ValueError, r"noise: expected a number >= 0, got -1.0"),
    (
        lambda: datasets.with_extra(np.ones((3, 3)), ["x1^2"]),
        ValueError,
        r"X: expected shape \(k, 2\), the two features x1, x2; got \(3, 3\)",
    ),
    (lambda: datasets.with_extra(np.ones(3), ["x1^2"]), ValueError, r"X: expected a 2-D array, got .* \(3,\)"),
    (
        lambda: datasets.with_extra(np.ones((3, 2)), ["x1^3"]),
        ValueError,
        r"names: expected a tuple of names from 'x1\^2', 'x2\^2', 'x1\*x2', 'sin\(x1\)', 'sin\(x2\)'; got 'x1\^3'",
    ),
    (lambda: datasets.with_extra(np.ones((3, 2)), "x1^2"), TypeError, r"names: expected a tuple of names"),
]


@pytest.mark.parametrize("call,error,pattern", CASES, ids=[c[2][:60] for c in CASES])
def test_bad_input_is_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
