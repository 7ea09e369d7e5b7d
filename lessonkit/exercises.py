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
from typing import Callable, Optional, Union

import numpy as np

import lessonkit as lk  # the solutions call lk.activations as a notebook does
from . import text
from ._checks import as_float_array
from .gradcheck import numerical_gradient, relative_error
from .losses import bce_with_logits
from .network import MLP

#: Below this largest relative error |g − n| / max(|g| + |n|, 1e-8) a gradient passes a gradient check.
GRADIENT_TOLERANCE = 1e-6
_RELATIVE_ERROR = "|g − n| / max(|g| + |n|, 1e-8), g yours, n the numerical gradient; below 1e-6 they agree"


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; shown as its message."""

    passed: bool
    message: str

    def __repr__(self):
        return self.message


@dataclass(frozen=True)
class Exercise:
    """One exercise: the reference solution, the inputs it is tried on, a hint.

    ``outputs`` names the parts of a tuple answer (or is a function of the
    reference's answer giving them, when their number depends on the input).
    ``gradient_of``, when given, is a scalar function of the inputs: the answer is
    then its gradient with respect to the first input, judged by gradient checking.
    """

    reference: Callable
    cases: tuple  # tuples of positional arguments
    hint: str
    rtol: float = 1e-6
    outputs: Union[tuple, Callable] = ()
    gradient_of: Optional[Callable] = None


def _fmt(value):
    """A value in feedback: arrays and numbers as everywhere in the course (``lessonkit.text``)."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "iub":  # labels, counts: written as integers
        return np.array2string(value, separator=", ")
    if isinstance(value, np.ndarray):
        return text.array(value, 5)
    if isinstance(value, (float, np.floating)):
        return text.sig(value, 5)
    return repr(value)


def _arg(a):
    """One input in feedback: small arrays and numbers written out, the rest described."""
    if isinstance(a, (list, tuple)):
        if all(isinstance(v, str) for v in a):
            return repr(list(a))
        kind = ("arrays" if all(isinstance(v, np.ndarray) for v in a)
                else "pairs" if all(isinstance(v, tuple) and len(v) == 2 for v in a) else "items")
        return f"<{type(a).__name__} of {len(a)} {kind}>"
    if np.ndim(a) >= 2 or np.size(a) > 8:
        return f"<array of shape {np.shape(a)}>"
    return _fmt(a)


def _args(args):
    return ", ".join(_arg(a) for a in args)


def _fresh(value):
    """A copy of an input (arrays, also inside lists and tuples), so an answer that
    changes its inputs cannot change the exercise."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_fresh(v) for v in value)
    return value


def _compare_parts(expected, got, rtol, names):
    """Compare a tuple answer part by part, naming the part that is off."""
    if got is None:
        return None, "returned None"
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        return False, (f"returned {type(got).__name__}, expected a {type(expected).__name__} of {len(expected)}: "
                       f"({', '.join(names)})")
    for name, exp_part, got_part in zip(names, expected, got):
        ok, why = _compare(exp_part, got_part, rtol)
        if not ok:
            return False, f"returned None for {name}" if ok is None else f"got {name} wrong: {why}"
    return True, ""


def _read(expected, got):
    """(``got`` as a finite float array shaped like ``expected``, True, ""), or
    (None, False, what is wrong with it), or (None, None, why) if unanswered."""
    if got is None:
        return None, None, "returned None"
    if isinstance(got, (str, bytes)):
        return None, False, f"returned the text {got!r}, not a number or an array of numbers"
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None, False, f"returned {type(got).__name__} {got!r}, not a number or an array of numbers"
    if got_arr.shape != np.shape(expected):
        return None, False, f"returned shape {got_arr.shape}, expected shape {np.shape(expected)}"
    if not np.isfinite(got_arr).all():
        return None, False, f"returned a non-finite value: {_fmt(got_arr)}"
    return got_arr, True, ""


def _compare(expected, got, rtol):
    """(True, "") if ``got`` matches ``expected``; (False, what is off); (None, why) if unanswered."""
    exp_arr = np.asarray(expected, dtype=float)
    got_arr, ok, why = _read(exp_arr, got)
    if got_arr is None:
        return ok, why
    close = np.isclose(got_arr, exp_arr, rtol=rtol, atol=1e-9)
    if close.all():
        return True, ""
    if exp_arr.ndim == 0:
        return False, f"expected {_fmt(float(exp_arr))}, got {_fmt(float(got_arr))}"
    idx = tuple(int(i) for i in np.argwhere(~close)[0])
    where = idx[0] if len(idx) == 1 else idx
    return False, (f"element {where} is off: expected {_fmt(float(exp_arr[idx]))}, got {_fmt(float(got_arr[idx]))}"
                   f" ({int((~close).sum())} of {close.size} elements differ)")


def _judge_gradient(value_of, args, got):
    """Judge ``got`` as the gradient of the number ``value_of(*args)`` with respect to
    ``args[0]``, against centred finite differences (``lessonkit.gradcheck``).

    Returns (ok, why, error), ``error`` the largest relative error |g − n| / max(|g| + |n|, 1e-8)
    (0 when the answer could not be compared)."""
    Z = np.array(args[0], dtype=float)
    numeric = numerical_gradient(lambda: value_of(Z, *args[1:]), Z)
    got_arr, ok, why = _read(numeric, got)
    if got_arr is None:
        return ok, why, 0.0
    errors = relative_error(got_arr, numeric)
    worst = float(errors.max())
    if worst < GRADIENT_TOLERANCE:
        return True, "", worst
    idx = tuple(int(i) for i in np.argwhere(errors >= GRADIENT_TOLERANCE)[0])  # the first one off
    where = idx[0] if len(idx) == 1 else idx
    return False, (f"fails the gradient check: element {where} is off: expected the numerical gradient "
                   f"{_fmt(float(numeric[idx]))}, got {_fmt(float(got_arr[idx]))}; largest relative error "
                   f"{text.sig(worst, 2)} ({_RELATIVE_ERROR})"), worst


def check(name, answer):
    """Check the learner's function ``answer`` for exercise ``name``; returns a Feedback."""
    if name not in EXERCISES:
        raise ValueError(f"name: expected one of {', '.join(map(repr, EXERCISES))}, got {name!r}")
    ex = EXERCISES[name]
    if not callable(answer):
        return Feedback(False, f"✘ {name}: expected a function, got {type(answer).__name__}.")
    worst = 0.0  # the largest relative error of a gradient check
    for i, args in enumerate(ex.cases):
        try:
            got = answer(*_fresh(args))
        except Exception as exc:
            return Feedback(False, f"✘ {name}({_args(args)}) raised {type(exc).__name__}: {exc}\n  Hint: {ex.hint}")
        if ex.gradient_of is not None:
            ok, why, error = _judge_gradient(ex.gradient_of, args, got)
            worst = max(worst, error)
        elif ex.outputs:
            expected = ex.reference(*_fresh(args))
            names = ex.outputs(expected) if callable(ex.outputs) else ex.outputs
            ok, why = _compare_parts(expected, got, ex.rtol, names)
        else:
            ok, why = _compare(ex.reference(*_fresh(args)), got, ex.rtol)
        if ok is None and i == 0:
            return Feedback(False, f"… {name}: not answered yet (your function {why}). "
                                   f"Write your code in the cell above and run both cells again.")
        if not ok:
            return Feedback(False, f"✘ {name}({_args(args)}) {why}.\n  Hint: {ex.hint}")
    message = f"✔ {name}: correct on all {len(ex.cases)} test inputs."
    if ex.gradient_of is not None:
        message += f" Gradient check: largest relative error {text.sig(worst, 1)} ({_RELATIVE_ERROR})."
    return Feedback(True, message)


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


# ---- notebook 04 ----------------------------------------------------------------

def _layer_backward(dA, A_prev, Z, W, activation):
    f_prime = lk.activations.get(activation).df  # f'(z), elementwise
    dZ = dA * f_prime(Z)  # (n, n_out): f' at Z, the layer's input, not at its output A
    dW = A_prev.T @ dZ  # (n_in, n_out), like W
    db = dZ.sum(axis=0)  # (n_out,), like b: summed over the n examples
    dA_prev = dZ @ W.T  # (n, n_in), like A_prev: dL/dA of the layer below
    return dZ, dW, db, dA_prev


def _mlp_backward(dY, cache, Ws, activations):
    grads = []
    dA = dY  # dL/dA of the last layer is dL/dY
    for (A_prev, Z), W, activation in zip(reversed(cache), reversed(Ws), reversed(activations)):
        dZ = dA * lk.activations.get(activation).df(Z)  # (n, n_out)
        dW = A_prev.T @ dZ  # (n_in, n_out)
        db = dZ.sum(axis=0)  # (n_out,)
        grads = [dW, db] + grads  # in front: the first layer comes first
        dA = dZ @ W.T  # (n, n_in): dL/dA of the layer below
    return grads


def _softmax_ce_grad(Z, labels):
    n = Z.shape[0]
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = P / P.sum(axis=1, keepdims=True)  # softmax of each row, (n, k)
    onehot = np.zeros_like(P)
    onehot[np.arange(n), labels] = 1.0  # (n, k): 1 in each row's label column
    return (P - onehot) / n  # the loss is the mean over the n rows


def buggy_dense_backward(X, W, dZ):
    """The backward pass of a dense layer Z = X @ W + b, with one planted bug.

    Every output has the right shape, so shapes do not show the bug: find which
    output is wrong with ``lk.gradient_check``, then write the fixed function
    (``check("fix_the_bug", fixed_dense_backward)``). See notebooks/04_backprop_network.ipynb.

    Parameters
    ----------
    X : ndarray of shape (n, n_in), the layer's input
    W : ndarray of shape (n_in, n_out)
    dZ : ndarray of shape (n, n_out), dL/dZ

    Returns
    -------
    dW : ndarray of shape (n_in, n_out)
    db : ndarray of shape (n_out,)
    dX : ndarray of shape (n, n_in)
    """
    X, W, dZ = _dense_inputs(X, W, dZ)
    n = X.shape[0]
    dW = X.T @ dZ / n  # (n_in, n_out), averaged over the n examples
    db = dZ.sum(axis=0)  # (n_out,)
    dX = dZ @ W.T  # (n, n_in)
    return dW, db, dX


def _dense_inputs(X, W, dZ):
    """X (n, n_in), W (n_in, n_out), dZ (n, n_out) as float arrays, their shapes checked."""
    X, W, dZ = (as_float_array(name, a, ndim=2) for name, a in (("X", X), ("W", W), ("dZ", dZ)))
    if W.shape[0] != X.shape[1]:
        raise ValueError(f"W: expected {X.shape[1]} rows, one per column of X, got shape {W.shape}")
    if dZ.shape != (X.shape[0], W.shape[1]):
        raise ValueError(f"dZ: expected shape (n, n_out) = {(X.shape[0], W.shape[1])}, got {dZ.shape}")
    return X, W, dZ


def _fix_the_bug(X, W, dZ):
    dW = X.T @ dZ  # (n_in, n_out); the bug divided it by n: dZ already carries the loss's 1/n
    db = dZ.sum(axis=0)  # (n_out,)
    dX = dZ @ W.T  # (n, n_in)
    return dW, db, dX


def _grad_names(grads):
    """("dW1", "db1", "dW2", "db2", ...): the names of ``mlp_backward``'s answer, as long as ``grads``."""
    return tuple(f"d{p}{layer}" for layer in range(1, len(grads) // 2 + 1) for p in ("W", "b"))


def _network_case(model, X, dY_of):
    """(dY, cache, Ws, activations) of ``model`` on X: the inputs of ``mlp_backward``,
    cache the (A_prev, Z) of each layer, dY = ``dY_of(Y)`` of its output Y."""
    cache, A = [], X
    for layer in model.layers:
        Z = A @ layer.W + layer.b  # (n, n_out)
        cache.append((A, Z))
        A = layer.activation.f(Z)
    Ws = [layer.W.copy() for layer in model.layers]
    return dY_of(A), cache, Ws, [layer.activation.name for layer in model.layers]


def _course_network():
    """Notebook 01's batch and two-layer tanh network, with dY of the mean cross-entropy:
    the example of notebook 04, as ``mlp_backward``'s inputs."""
    rng = np.random.default_rng(0)
    X = np.vstack([[1.0, 2.0], rng.normal(size=(3, 2)).round(1)])  # (4, 2), our x = [1, 2] first
    y = np.array([[1.0], [0.0], [0.0], [1.0]])
    return _network_case(MLP([2, 3, 1], activation="tanh", seed=0), X, lambda Z2: bce_with_logits(Z2, y)[1])


def _random_network(sizes, activation, n, seed):
    """``mlp_backward``'s inputs for an MLP(sizes, activation) with random biases on n random examples."""
    rng = np.random.default_rng(seed)
    model = MLP(sizes, activation=activation, seed=seed)
    for b in model.params[1::2]:
        b[:] = rng.normal(0.0, 0.5, size=b.shape)
    return _network_case(model, rng.normal(size=(n, sizes[0])), lambda Y: rng.normal(size=Y.shape) / n)


def _layer_case(n, n_in, n_out, activation, seed):
    """(dA, A_prev, Z, W, activation) of one layer with random numbers, Z = A_prev @ W + b."""
    rng = np.random.default_rng(seed)
    A_prev, W, b = rng.normal(size=(n, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
    return rng.normal(size=(n, n_out)), A_prev, A_prev @ W + b, W, activation


def _first_layer_of(network):
    """``layer_backward``'s inputs for the first layer of a two-layer network's ``mlp_backward`` inputs."""
    dY, [(X, Z1), (A1, Z2)], [W1, W2], [f1, f2] = network
    return dY @ W2.T, X, Z1, W1, f1  # dA1 = dZ2 W2ᵀ, the last layer being linear (dZ2 = dY)


_COURSE_NETWORK = _course_network()


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
_rng4 = np.random.default_rng(4)  # notebook 04's inputs: their own draws, the others' unchanged

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
    "layer_backward": Exercise(
        _layer_backward,
        (_first_layer_of(_COURSE_NETWORK),  # n = 4, n_in = 2, n_out = 3: a transposed dW has the wrong shape
         _layer_case(5, 3, 2, "sigmoid", 1), _layer_case(6, 4, 5, "relu", 2), _layer_case(3, 5, 2, "identity", 3)),
        "Each gradient has the shape of what it is the gradient of. dZ = dA * f'(Z), elementwise, with "
        "f' = lk.activations.get(activation).df, at Z (not at A = f(Z)); dW = A_prevᵀ @ dZ like W (n_in, n_out); "
        "db = dZ summed over the rows like b (n_out,); dA_prev = dZ @ Wᵀ like A_prev (n, n_in). "
        "Return them as a tuple (dZ, dW, db, dA_prev).",
        outputs=("dZ", "dW", "db", "dA_prev"),
    ),
    "mlp_backward": Exercise(
        _mlp_backward,
        (_COURSE_NETWORK, _random_network([3, 2], "identity", 5, 4), _random_network([4, 5, 3, 2], "relu", 6, 5),
         _random_network([3, 4, 4, 1], "sigmoid", 5, 6)),
        "Start with dA = dY and go through the layers from the last to the first (reversed(cache)): in each, "
        "dZ = dA * f'(Z), dW = A_prevᵀ @ dZ, db = dZ summed over the rows, then dA = dZ @ Wᵀ for the layer below "
        "(your layer_backward does one layer). Return [dW1, db1, dW2, db2, ...], first layer first: "
        "the order of model.grads.",
        outputs=_grad_names,
    ),
    "softmax_ce_grad": Exercise(
        _softmax_ce_grad,
        ((_rng4.normal(size=(4, 3)), np.array([0, 2, 1, 2])),
         (_rng4.normal(size=(5, 4)), np.array([3, 0, 0, 1, 2])), (_rng4.normal(size=(2, 6)), np.array([5, 1]))),
        "For one row, dL/dz_j = softmax(z)_j − 1 where j is the label, softmax(z)_j elsewhere; the loss is the mean "
        "over the n rows, so divide by n. A one-hot matrix: onehot = np.zeros_like(Z); "
        "onehot[np.arange(n), labels] = 1.",
        gradient_of=lambda Z, labels: lk.losses.softmax_cross_entropy(Z, labels)[0],
    ),
    "fix_the_bug": Exercise(
        _fix_the_bug,
        ((_rng4.normal(size=(4, 3)), _rng4.normal(size=(3, 2)), _rng4.normal(size=(4, 2))),
         (_rng4.normal(size=(6, 2)), _rng4.normal(size=(2, 5)), _rng4.normal(size=(6, 5)))),
        "Run lk.gradient_check on each output of lk.exercises.buggy_dense_backward, with a loss whose dL/dZ is dZ "
        "(L = np.sum((X @ W + b) * dZ)): the one whose relative error is far above 1e-6 is wrong. "
        "Fix that line only; dW = Xᵀ dZ, db = dZ summed over the rows, dX = dZ Wᵀ.",
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
