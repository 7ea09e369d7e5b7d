"""Exercises of notebook 04 (notebooks/04_backprop_network.ipynb): a layer's backward pass
with its activation, and a whole network's from its cache.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""

import numpy as np

import lessonkit as lk  # the solutions call lk.activations as a notebook does

from ..losses import bce_with_logits
from ..network import MLP
from .base import Exercise, Mistake


def _layer_backward(dA, A_prev, Z, W, activation):
    f_prime = lk.activations.get(activation).df  # f'(z), elementwise
    dZ = dA * f_prime(Z)  # (n, n_out): f' at Z, the layer's input, not at its output A
    dW = A_prev.T @ dZ  # (n_in, n_out), like W
    db = dZ.sum(axis=0)  # (n_out,), like b: summed over the n examples
    dA_prev = dZ @ W.T  # (n, n_in), like A_prev: dL/dA of the layer below
    return dZ, dW, db, dA_prev


def _mlp_backward(dY, cache, Ws, activations):
    grads = []
    dA = dY  # dL/dA of the last layer: the gradient of its output, dY
    for (A_prev, Z), W, activation in zip(reversed(cache), reversed(Ws), reversed(activations)):
        dZ = dA * lk.activations.get(activation).df(Z)  # (n, n_out)
        dW = A_prev.T @ dZ  # (n_in, n_out)
        db = dZ.sum(axis=0)  # (n_out,)
        grads = [dW, db] + grads  # in front: the first layer comes first
        dA = dZ @ W.T  # (n, n_in): dL/dA of the layer below
    return grads


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


def _wrong_layer(
    at="Z", dW=lambda A_prev, dZ: A_prev.T @ dZ, db=lambda dZ: dZ.sum(axis=0), dA_prev=lambda dA, dZ, W: dZ @ W.T
):
    """A layer_backward with a planted mistake: f' taken ``at`` "Z", "A" or None (no f'), tanh's
    slope whatever the activation (``at="tanh"``), or another dW, db or dA_prev."""

    def layer(dA, A_prev, Z, W, activation):
        act = lk.activations.get(activation)
        if at == "tanh":
            dZ = dA * (1 - np.tanh(Z) ** 2)
        else:
            dZ = dA if at is None else dA * act.df(act.f(Z) if at == "A" else Z)
        return dZ, dW(A_prev, dZ), db(dZ), dA_prev(dA, dZ, W)

    return layer


def _network_of(layer):
    """The mlp_backward that runs ``layer`` (a layer_backward) from the last layer to the first."""

    def backward(dY, cache, Ws, activations):
        grads, dA = [], dY
        for (A_prev, Z), W, activation in zip(reversed(cache), reversed(Ws), reversed(activations)):
            _, dW, db, dA = layer(dA, A_prev, Z, W, activation)
            grads = [dW, db] + grads
        return grads

    return backward


#: (what, hint, the layer_backward that makes the mistake): the mistakes of both exercises.
_LAYER_MISTAKES = (
    (
        "f' evaluated at A = f(Z), the layer's output, instead of at Z, its input",
        "dZ = dA * f'(Z): the derivative at the point the activation was applied to, Z.",
        _wrong_layer(at="A"),
    ),
    (
        "the activation's slope is missing: dZ = dA, as if the layer had no activation",
        "dZ = dA * f'(Z), with f' = lk.activations.get(activation).df.",
        _wrong_layer(at=None),
    ),
    (
        "tanh's slope, 1 − tanh(Z)², whatever the activation: each activation has its own f'",
        "dZ = dA * f'(Z) with f' = lk.activations.get(activation).df: sigmoid's σ(1 − σ), relu's [Z > 0], "
        "identity's 1, tanh's 1 − tanh².",
        _wrong_layer(at="tanh"),
    ),
    (
        "dW transposed: dZᵀ @ A_prev is (n_out, n_in), and dW must have W's shape (n_in, n_out)",
        "dW = A_prevᵀ @ dZ: (n_in, n) @ (n, n_out) is (n_in, n_out), like W.",
        _wrong_layer(dW=lambda A, dZ: dZ.T @ A),
    ),
    (
        "dW divided by n: the loss's 1/n is already in dY, and so in every dZ",
        "dW = A_prevᵀ @ dZ, no 1/n.",
        _wrong_layer(dW=lambda A, dZ: A.T @ dZ / len(A)),
    ),
    (
        "db is a mean over the rows where a sum belongs: the 1/n is already in dZ",
        "db = dZ.sum(axis=0): every example adds its share.",
        _wrong_layer(db=lambda dZ: dZ.mean(axis=0)),
    ),
    (
        "db not summed over the batch: dZ is (n, n_out), one row per example, and b is (n_out,)",
        "b is added to every row, so db adds up every row: dZ.sum(axis=0).",
        _wrong_layer(db=lambda dZ: dZ),
    ),
    (
        "dA_prev from dA instead of dZ: the activation's slope is skipped on the way down",
        "dA_prev = dZ @ Wᵀ: the gradient passes through f' first, then through W.",
        _wrong_layer(dA_prev=lambda dA, dZ, W: dA @ W.T),
    ),
)


def _first_to_last(dY, cache, Ws, activations):
    """mlp_backward with the loop the wrong way round: from the first layer up, dA = dY at the first."""
    grads, dA = [], dY
    for (A_prev, Z), W, activation in zip(cache, Ws, activations):
        dZ = dA * lk.activations.get(activation).df(Z)
        grads += [A_prev.T @ dZ, dZ.sum(axis=0)]
        dA = dZ @ W.T
    return grads


def _reversed_grads(dY, cache, Ws, activations):
    """mlp_backward's gradients in the order they are computed, last layer first."""
    grads = _mlp_backward(dY, cache, Ws, activations)
    return [g for layer in range(len(Ws) - 1, -1, -1) for g in grads[2 * layer : 2 * layer + 2]]


_COURSE_NETWORK = _course_network()

EXERCISES = {
    "layer_backward": Exercise(
        _layer_backward,
        (
            _first_layer_of(_COURSE_NETWORK),  # n = 4, n_in = 2, n_out = 3: a transposed dW has the wrong shape
            _layer_case(5, 3, 2, "sigmoid", 1),
            _layer_case(6, 4, 5, "relu", 2),
            _layer_case(3, 5, 2, "identity", 3),
        ),
        "Each gradient has the shape of what it is the gradient of. dZ = dA * f'(Z), elementwise, with "
        "f' = lk.activations.get(activation).df, at Z (not at A = f(Z)); dW = A_prevᵀ @ dZ like W (n_in, n_out); "
        "db = dZ summed over the rows like b (n_out,); dA_prev = dZ @ Wᵀ like A_prev (n, n_in). "
        "Return them as a tuple (dZ, dW, db, dA_prev).",
        outputs=("dZ", "dW", "db", "dA_prev"),
        mistakes=tuple(Mistake(what, hint, answer=layer) for what, hint, layer in _LAYER_MISTAKES),
    ),
    "mlp_backward": Exercise(
        _mlp_backward,
        (
            _COURSE_NETWORK,
            _random_network([3, 2], "identity", 5, 4),
            _random_network([4, 5, 3, 2], "relu", 6, 5),
            _random_network([3, 4, 4, 1], "sigmoid", 5, 6),
        ),
        "Start with dA = dY and go through the layers from the last to the first (reversed(cache)): in each, "
        "dZ = dA * f'(Z), dW = A_prevᵀ @ dZ, db = dZ summed over the rows, then dA = dZ @ Wᵀ for the layer below "
        "(your layer_backward does one layer). Return [dW1, db1, dW2, db2, ...], first layer first: "
        "the order of model.grads.",
        outputs=_grad_names,
        mistakes=(
            Mistake(
                "the gradients in the order they were computed, last layer first",
                "Put each layer's [dW, db] in front of the ones already found (grads = [dW, db] + grads), "
                "or reverse the list at the end: the first layer comes first, as in model.grads.",
                answer=_reversed_grads,
            ),
            Mistake(
                "the loop runs from the first layer up: backpropagation starts at the output, where dY is, "
                "and goes down, the last layer first",
                "dA = dY, then for (A_prev, Z), W, activation in zip(reversed(cache), reversed(Ws), "
                "reversed(activations)): each layer hands dA = dZ @ Wᵀ to the one below.",
                answer=_first_to_last,
            ),
            *(Mistake(what, hint, answer=_network_of(layer)) for what, hint, layer in _LAYER_MISTAKES),
        ),
    ),
}
