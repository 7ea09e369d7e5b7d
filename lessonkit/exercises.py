"""Exercise checkers: specific feedback, offline.

In a notebook, the learner writes a function, then runs ``check("name", their_function)``.
The checker calls it on a few inputs, compares each result with a reference
solution and says which input, which element, expected against received, and a
hint. ``solution("name")`` prints the reference solution.

Each exercise is one ``Exercise``: a reference function (the solution), the
inputs to try, and a hint. See every notebook's ✏️ cells.
"""
import inspect
import textwrap
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import text


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; shown as its message."""

    passed: bool
    message: str

    def __repr__(self):
        return self.message


@dataclass(frozen=True)
class Exercise:
    reference: Callable
    cases: tuple  # tuples of positional arguments
    hint: str
    rtol: float = 1e-6
    outputs: tuple = ()  # names of the parts, when the answer is a tuple


def _fmt(value):
    """A value in feedback: arrays and numbers as everywhere in the course (``lessonkit.text``)."""
    if isinstance(value, np.ndarray):
        return text.array(value, 5)
    if isinstance(value, (float, np.floating)):
        return text.sig(value, 5)
    return repr(value)


def _args(args):
    return ", ".join(f"<array of shape {a.shape}>" if np.ndim(a) >= 2 or np.size(a) > 8 else _fmt(a) for a in args)


def _compare_parts(expected, got, rtol, names):
    """Compare a tuple answer part by part, naming the part that is off."""
    if got is None:
        return None, "returned None"
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        return False, f"returned {type(got).__name__}, expected a tuple of {len(expected)}: ({', '.join(names)})"
    for name, exp_part, got_part in zip(names, expected, got):
        ok, why = _compare(exp_part, got_part, rtol)
        if not ok:
            return False, f"returned None for {name}" if ok is None else f"got {name} wrong: {why}"
    return True, ""


def _compare(expected, got, rtol):
    """(True, "") if ``got`` matches ``expected``; (False, what is off); (None, why) if unanswered."""
    if got is None:
        return None, "returned None"
    if isinstance(got, (str, bytes)):
        return False, f"returned the text {got!r}, not a number or an array of numbers"
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False, f"returned {type(got).__name__} {got!r}, not a number or an array of numbers"
    exp_arr = np.asarray(expected, dtype=float)
    if got_arr.shape != exp_arr.shape:
        return False, f"returned shape {got_arr.shape}, expected shape {exp_arr.shape}"
    if not np.isfinite(got_arr).all():
        return False, f"returned a non-finite value: {_fmt(got_arr)}"
    close = np.isclose(got_arr, exp_arr, rtol=rtol, atol=1e-9)
    if close.all():
        return True, ""
    if exp_arr.ndim == 0:
        return False, f"expected {_fmt(float(exp_arr))}, got {_fmt(float(got_arr))}"
    idx = tuple(int(i) for i in np.argwhere(~close)[0])
    where = idx[0] if len(idx) == 1 else idx
    return False, (f"element {where} is off: expected {_fmt(float(exp_arr[idx]))}, got {_fmt(float(got_arr[idx]))}"
                   f" ({int((~close).sum())} of {close.size} elements differ)")


def check(name, answer):
    """Check the learner's function ``answer`` for exercise ``name``; returns a Feedback."""
    if name not in EXERCISES:
        raise ValueError(f"name: expected one of {', '.join(map(repr, EXERCISES))}, got {name!r}")
    ex = EXERCISES[name]
    if not callable(answer):
        return Feedback(False, f"✘ {name}: expected a function, got {type(answer).__name__}.")
    for i, args in enumerate(ex.cases):
        expected = ex.reference(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])
        try:
            got = answer(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])
        except Exception as exc:
            return Feedback(False, f"✘ {name}({_args(args)}) raised {type(exc).__name__}: {exc}\n  Hint: {ex.hint}")
        if ex.outputs:
            ok, why = _compare_parts(expected, got, ex.rtol, ex.outputs)
        else:
            ok, why = _compare(expected, got, ex.rtol)
        if ok is None and i == 0:
            return Feedback(False, f"… {name}: not answered yet (your function {why}). "
                                   f"Write your code in the cell above and run both cells again.")
        if not ok:
            return Feedback(False, f"✘ {name}({_args(args)}) {why}.\n  Hint: {ex.hint}")
    return Feedback(True, f"✔ {name}: correct on all {len(ex.cases)} test inputs.")


def solution(name):
    """Print the reference solution of exercise ``name``."""
    if name not in EXERCISES:
        raise ValueError(f"name: expected one of {', '.join(map(repr, EXERCISES))}, got {name!r}")
    source = textwrap.dedent(inspect.getsource(EXERCISES[name].reference))
    print(source.replace(f"def _{name}(", f"def {name}("))


# ---- reference solutions: notebook 01 -------------------------------------------

def _weighted_sum(x, w, b):
    return np.dot(w, x) + b


def _sigmoid_prime(z):
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def _layer_forward(X, W, b):
    return X @ W + b


# ---- notebook 02 ----------------------------------------------------------------

def _bce_one(a, y):
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def _dL_dz(a, y):
    return a - y


def _softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


# ---- notebook 03 ----------------------------------------------------------------

def _dL_db(dL_da, da_dz):
    dz_db = 1.0  # z = w·x + b
    return dL_da * da_dz * dz_db


def _dense_backward(X, W, dZ):
    dW = X.T @ dZ  # (n_in, n_out)
    db = dZ.sum(axis=0)  # (n_out,)
    dX = dZ @ W.T  # (n, n_in)
    return dW, db, dX


# ---- notebook 05 ----------------------------------------------------------------

def _update(w, b, grad_w, grad_b, lr):
    return w - lr * grad_w, b - lr * grad_b


def _loss_after(x, y, w, b, lr):
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    a = sigmoid(np.dot(w, x) + b)
    w_new = w - lr * (a - y) * x  # dL/dz = a - y for sigmoid + cross-entropy
    b_new = b - lr * (a - y)
    a_new = sigmoid(np.dot(w_new, x) + b_new)
    return -(y * np.log(a_new) + (1 - y) * np.log(1 - a_new))


# ---- notebook 06 ----------------------------------------------------------------

def _n_updates(n_examples, batch_size, epochs):
    if batch_size is None:  # full batch: one update per epoch
        batch_size = n_examples
    batches_per_epoch = -(-n_examples // batch_size)  # ceil: the last batch may be smaller
    return batches_per_epoch * epochs


def _sgd_momentum_step(p, v, g, lr, mu):
    v_new = mu * v + g
    p_new = p - lr * v_new
    return p_new, v_new


# ---- notebook 07 ----------------------------------------------------------------

def _accuracy(logits, labels):
    return np.mean(np.argmax(logits, axis=1) == labels)


def _confusion_matrix(true, pred, k):
    counts = np.zeros((k, k), dtype=int)
    for t, p in zip(true, pred):
        counts[t, p] += 1  # row: true class, column: predicted class
    return counts


_rng = np.random.default_rng(0)

EXERCISES = {
    "weighted_sum": Exercise(
        _weighted_sum,
        ((np.array([1.0, 2.0]), np.array([0.5, -0.5]), 0.1), (np.array([3.0, -1.0, 2.0]), np.array([0.2, 0.4, -1.0]), -0.5)),
        "z = w·x + b: multiply input by weight element by element, add them up (np.dot), then add the bias once.",
    ),
    "sigmoid_prime": Exercise(
        _sigmoid_prime,
        ((0.0,), (2.0,), (-3.0,), (np.array([-1.0, 0.5, 4.0]),)),
        "σ'(z) = σ(z)(1 − σ(z)). Compute s = 1 / (1 + np.exp(-z)) first, then return s * (1 - s).",
    ),
    "layer_forward": Exercise(
        _layer_forward,
        ((_rng.normal(size=(4, 2)), _rng.normal(size=(2, 3)), _rng.normal(size=3)),),
        "Z = X @ W + b: X is (n, n_in), W is (n_in, n_out), so X @ W is (n, n_out); b (n_out,) is added to every row.",
    ),
    "bce_one": Exercise(
        _bce_one,
        ((0.401312, 1.0), (0.9, 0.0), (0.2, 1.0)),
        "L = −[y log a + (1 − y) log(1 − a)]: with y = 1 only −log a is left; with y = 0 only −log(1 − a). Mind the minus sign.",
    ),
    "dL_dz": Exercise(
        _dL_dz,
        ((0.401312, 1.0), (0.9, 0.0), (np.array([0.2, 0.7]), np.array([1.0, 1.0]))),
        "Multiply dL/da = −y/a + (1 − y)/(1 − a) by da/dz = a(1 − a) and simplify: almost everything cancels.",
    ),
    "softmax": Exercise(
        _softmax,
        ((np.array([1.0, 2.0, 3.0]),), (np.array([1000.0, 0.0, -1000.0]),)),
        "softmax(z)_j = e^(z_j) / Σ_k e^(z_k). Subtract max(z) before np.exp so e^1000 never happens; the result is the same.",
    ),
    "dL_db": Exercise(
        _dL_db,
        ((-2.4918, 0.24026), (1.5, 0.1), (-0.2, 0.0)),
        "Follow the path L → a → z → b and multiply the local derivatives: ∂L/∂a · ∂a/∂z · ∂z/∂b, with ∂z/∂b = 1.",
    ),
    "dense_backward": Exercise(
        _dense_backward,
        ((_rng.normal(size=(4, 3)), _rng.normal(size=(3, 2)), _rng.normal(size=(4, 2))),),
        "Match the shapes: dW like W (n_in, n_out) = Xᵀ @ dZ; db like b (n_out,) = dZ summed over rows; "
        "dX like X (n, n_in) = dZ @ Wᵀ. Return them as a tuple (dW, db, dX).",
        outputs=("dW", "db", "dX"),
    ),
    "update": Exercise(
        _update,
        ((np.array([0.5, -0.5]), 0.1, np.array([-0.59869, -1.19738]), -0.59869, 0.1),
         (np.array([1.0, 2.0, -1.0]), -0.3, np.array([0.2, -0.4, 0.0]), 0.5, 0.5)),
        "Step against the gradient: w_new = w − lr · grad_w and b_new = b − lr · grad_b (minus, not plus). "
        "Return them as a tuple (w_new, b_new).",
        outputs=("w_new", "b_new"),
    ),
    "loss_after": Exercise(
        _loss_after,
        ((np.array([1.0, 2.0]), 1.0, np.array([0.5, -0.5]), 0.1, 0.1),
         (np.array([0.5, -1.0]), 0.0, np.array([1.0, 0.3]), -0.2, 1.0)),
        "Three steps: the forward pass a = σ(w·x + b); the update with ∂L/∂z = a − y (∂L/∂w = (a − y) x, "
        "∂L/∂b = a − y); then the forward pass again with the new w and b, and its cross-entropy loss.",
    ),
    "n_updates": Exercise(
        _n_updates,
        ((200, 32, 10), (200, None, 10), (200, 1, 3), (100, 50, 7), (4, 8, 5)),
        "Each epoch makes one update per batch: ceil(n_examples / batch_size) of them (the last batch is smaller, "
        "but still one update); full batch (None) is one update per epoch. Then multiply by the epochs.",
    ),
    "sgd_momentum_step": Exercise(
        _sgd_momentum_step,
        ((np.array([1.0, -2.0]), np.array([0.5, 0.0]), np.array([0.2, -0.4]), 0.1, 0.9),
         (np.array([0.0]), np.array([0.0]), np.array([3.0]), 0.5, 0.0)),
        "First the velocity, v_new = mu · v + g; then the step uses the new velocity: p_new = p − lr · v_new.",
        outputs=("p_new", "v_new"),
    ),
    "accuracy": Exercise(
        _accuracy,
        ((np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 4.0], [5.0, 6.0, 0.0]]), np.array([0, 1, 0, 1])),
         (_rng.normal(size=(50, 10)), _rng.integers(0, 10, size=50))),
        "The predicted class of a row is the index of its largest logit, np.argmax(logits, axis=1); "
        "accuracy is the fraction of rows where it equals the label (a number between 0 and 1).",
    ),
    "confusion_matrix": Exercise(
        _confusion_matrix,
        ((np.array([0, 1, 2, 2, 1]), np.array([0, 2, 2, 0, 1]), 3),
         (_rng.integers(0, 10, size=100), _rng.integers(0, 10, size=100), 10)),
        "Start from np.zeros((k, k), dtype=int) and add 1 at [true, predicted] for every example: "
        "rows are the true classes, columns the predictions, so a perfect model has everything on the diagonal.",
    ),
}
