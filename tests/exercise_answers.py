"""Answers to every exercise of lessonkit.exercises written independently of its reference
solutions: loops and the math module, from the formulas. The checkers must accept them.
At the end, the wrong backward passes the mistake tests plant, written as a learner would."""

import functools
import math

import numpy as np

import lessonkit as lk
from tests.references import SLOPES_BY_HAND


def elementwise(f):
    """``f`` on a number, or on every entry of an array."""

    @functools.wraps(f)
    def on_any(*args):
        if np.ndim(args[0]):
            return np.array([f(*parts) for parts in zip(*[np.ravel(a) for a in args])]).reshape(np.shape(args[0]))
        return f(*args)

    return on_any


def weighted_sum(x, w, b):
    return sum(wi * xi for wi, xi in zip(w, x)) + b


@elementwise
def sigmoid_prime(z):
    return math.exp(-z) / (1 + math.exp(-z)) ** 2  # d/dz (1 + e^−z)^−1


def layer_forward(X, W, b):
    n, n_in = X.shape
    return np.array([[sum(X[i, k] * W[k, j] for k in range(n_in)) + b[j] for j in range(W.shape[1])] for i in range(n)])


def bce_one(a, y):
    return -y * math.log(a) - (1 - y) * math.log(1 - a)


@elementwise
def dL_dz(a, y):
    dL_da = -y / a + (1 - y) / (1 - a)  # not simplified: the chain rule itself
    da_dz = a * (1 - a)
    return dL_da * da_dz


def softmax(z):
    top = max(z)
    e = [math.exp(v - top) for v in z]
    return np.array([v / sum(e) for v in e])


def dL_db(dL_da, da_dz):
    return dL_da * da_dz * 1.0


def dense_backward(X, W, dZ):
    n, n_in = X.shape
    n_out = W.shape[1]
    dW = np.array([[sum(X[i, k] * dZ[i, j] for i in range(n)) for j in range(n_out)] for k in range(n_in)])
    db = np.array([sum(dZ[i, j] for i in range(n)) for j in range(n_out)])
    dX = np.array([[sum(dZ[i, j] * W[k, j] for j in range(n_out)) for k in range(n_in)] for i in range(n)])
    return dW, db, dX


def update(w, b, grad_w, grad_b, lr):
    return np.array([wi - lr * gi for wi, gi in zip(w, grad_w)]), b - lr * grad_b


def loss_after(x, y, w, b, lr):
    def a_of(w, b):
        return 1 / (1 + math.exp(-(sum(wi * xi for wi, xi in zip(w, x)) + b)))

    a = a_of(w, b)
    w_new = [wi - lr * (a - y) * xi for wi, xi in zip(w, x)]
    a_new = a_of(w_new, b - lr * (a - y))
    return -y * math.log(a_new) - (1 - y) * math.log(1 - a_new)


def n_updates(n_examples, batch_size, epochs):
    return epochs * (1 if batch_size is None else math.ceil(n_examples / batch_size))


def sgd_momentum_step(p, v, g, lr, mu):
    v_new = np.array([mu * vi + gi for vi, gi in zip(v, g)])
    return np.array([pi - lr * vi for pi, vi in zip(p, v_new)]), v_new


def accuracy(logits, labels):
    hits = 0
    for row, label in zip(logits, labels):
        hits += max(range(len(row)), key=lambda j: row[j]) == label
    return hits / len(labels)


def confusion_matrix(true, pred, k):
    return np.array([[sum(1 for t, p in zip(true, pred) if t == i and p == j) for j in range(k)] for i in range(k)])


def precision_recall(true, pred):
    pairs = list(zip(true, pred))
    found = sum(1 for t, p in pairs if t == 1 and p == 1)
    called = sum(1 for t, p in pairs if p == 1)  # every case called malignant
    malignant = sum(1 for t, p in pairs if t == 1)  # every malignant case
    return (found / called if called else 0.0), (found / malignant if malignant else 0.0)


# ---- backward passes: softmax_ce_grad (02), fix_the_bug (03), layer and network (04) ---------


def layer_backward(dA, A_prev, Z, W, activation):
    slope = SLOPES_BY_HAND[activation]  # f'(z) from the textbook formula
    dZ = np.array([[dA[i, j] * slope(Z[i, j]) for j in range(Z.shape[1])] for i in range(Z.shape[0])])
    dW, db, dA_prev = dense_backward(A_prev, W, dZ)
    return dZ, dW, db, dA_prev


def mlp_backward(dY, cache, Ws, activations):
    grads, dA = [], dY
    for layer in range(len(Ws) - 1, -1, -1):  # the last layer first
        A_prev, Z = cache[layer]
        _, dW, db, dA = layer_backward(dA, A_prev, Z, Ws[layer], activations[layer])
        grads[:0] = [dW, db]
    return grads


def softmax_ce_grad(Z, labels):
    n = len(Z)
    dZ = []
    for row, label in zip(Z, labels):
        e = [math.exp(v) for v in row]  # the logits here are small: no shift needed
        dZ.append([(e_j / sum(e) - (j == label)) / n for j, e_j in enumerate(e)])
    return np.array(dZ)


def fix_the_bug(X, W, dZ):
    return dense_backward(X, W, dZ)


# ---- a network from scratch (09): Nielsen's way, examples in columns, numpy vectorised to train fast --------

COLUMN_ACTIVATIONS = {  # f(z) and f'(z) on whole arrays, from the formulas
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.where(z > 0, z, 0.0), lambda z: (z > 0).astype(float)),
    "identity": (lambda z: z, np.ones_like),
}


def init_params(sizes, activation, seed):
    rng = np.random.default_rng(seed)
    params = []
    for layer, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        he = activation == "relu" and layer < len(sizes) - 2  # the output layer is linear: Glorot
        std = math.sqrt(2 / n_in) if he else math.sqrt(2 / (n_in + n_out))
        params.append(rng.standard_normal((n_in, n_out)) * std)
        params.append(np.zeros(n_out))
    return params


def mlp_forward(X, params, activations):
    a, cache = np.asarray(X, dtype=float).T, []  # a: (n_in, n), one column per example
    for W, b, name in zip(params[::2], params[1::2], activations):
        z = W.T @ a + b[:, None]  # (n_out, n)
        cache.append((a.T, z.T))  # back in rows: (A_prev, Z)
        a = COLUMN_ACTIVATIONS[name][0](z)
    return a.T, cache


def backward_by_columns(dY, cache, Ws, activations):
    """mlp_backward as Nielsen writes it: delta = (W δ_next) ⊙ f'(z), examples in columns."""
    grads, dA = [], dY.T
    for (A_prev, Z), W, name in list(zip(cache, Ws, activations))[::-1]:
        delta = dA * COLUMN_ACTIVATIONS[name][1](Z.T)  # (n_out, n)
        grads = [(delta @ A_prev).T, delta.sum(axis=1)] + grads
        dA = W @ delta  # (n_in, n)
    return grads


def update_params(params, grads, lr):
    new = []
    for p, g in zip(params, grads):
        q = p.copy()
        q -= lr * g
        new.append(q)
    return new


def decay_grads(params, grads, lam):
    n_layers = len(params) // 2
    Ws, dWs, dbs = params[::2], grads[::2], grads[1::2]
    out = []
    for layer in range(n_layers):  # L = L_data + (λ/2) Σ W²: ∂/∂W adds λ W, b is not in the penalty
        out += [np.array([[dw + lam * w for dw, w in zip(*rows)] for rows in zip(dWs[layer], Ws[layer])]), dbs[layer]]
    return out


def train_network(params, activations, X, y, loss, lr, epochs, batch_size, seed):
    rng, losses = np.random.default_rng(seed), []
    for _ in range(epochs):
        shuffled = rng.permutation(len(X))
        batches = [shuffled[i : i + batch_size] for i in range(0, len(X), batch_size)]
        weighted = 0.0
        for batch in batches:
            Y, cache = mlp_forward(X[batch], params, activations)
            value, dY = lk.losses.get(loss)(Y, y[batch])
            params = update_params(params, backward_by_columns(dY, cache, params[::2], activations), lr)
            weighted += value * len(batch)
        losses.append(weighted / len(X))
    return params, losses


# ---- operations on Values (10): written from the definitions, with math ------------------------


def value_neuron(w, b, x):
    z = sum((w[i] * x[i] for i in range(len(w))), start=b)
    e = (2 * z).exp()
    return (e - 1) / (e + 1)  # tanh z = (e^2z − 1)/(e^2z + 1), from Values only


def value_exp(v):
    out = lk.autograd.Value(math.exp(v.data), (v,), "exp")

    def backward():
        v.grad = v.grad + math.exp(v.data) * out.grad  # (e^x)' = e^x

    out._backward = backward
    return out


def value_tanh(v):
    e = math.exp(2 * v.data)
    out = lk.autograd.Value((e - 1) / (e + 1), (v,), "tanh")  # tanh x = (e^2x − 1)/(e^2x + 1)

    def backward():
        v.grad = v.grad + 4 / (math.exp(v.data) + math.exp(-v.data)) ** 2 * out.grad  # 1/cosh² x

    out._backward = backward
    return out


INDEPENDENT = {
    f.__name__: f
    for f in [
        weighted_sum,
        sigmoid_prime,
        layer_forward,
        bce_one,
        dL_dz,
        softmax,
        dL_db,
        dense_backward,
        layer_backward,
        mlp_backward,
        softmax_ce_grad,
        fix_the_bug,
        update,
        loss_after,
        n_updates,
        sgd_momentum_step,
        accuracy,
        confusion_matrix,
        precision_recall,
        init_params,
        mlp_forward,
        update_params,
        train_network,
        decay_grads,
        value_exp,
        value_tanh,
        value_neuron,
    ]
}


# ---- planted wrong answers: a layer's and a network's backward pass with one mistake -----------


def layer_backward_with(dW=None, db=None, slope_at="Z", dA_prev="dZ @ W.T"):
    """A layer_backward written from the formulas, with one mistake: f' taken at ``slope_at``
    ("Z", "A", or None for no f'; "tanh": tanh's slope for every activation), another ``dW(A_prev, dZ)``
    or ``db(dZ)``, or ``dA_prev`` as "dZ @ W" (W not transposed) or "dA @ W.T" (the slope skipped)."""

    def answer(dA, A_prev, Z, W, activation):
        act = lk.activations.get(activation)
        if slope_at == "tanh":  # tanh's slope written out, whatever the activation
            dZ = dA * (1 - np.tanh(Z) ** 2)
        else:
            dZ = dA if slope_at is None else dA * act.df(act.f(Z) if slope_at == "A" else Z)
        down = {"dZ @ W.T": lambda: dZ @ W.T, "dZ @ W": lambda: dZ @ W, "dA @ W.T": lambda: dA @ W.T}[dA_prev]()
        return (dZ, (dW or (lambda A, dZ: A.T @ dZ))(A_prev, dZ), (db or (lambda dZ: dZ.sum(axis=0)))(dZ), down)

    return answer


def mlp_backward_with(layer_backward):
    """An mlp_backward that runs ``layer_backward`` on each layer, the last first."""

    def answer(dY, cache, Ws, activations):
        grads, dA = [], dY
        for layer in range(len(Ws) - 1, -1, -1):
            A_prev, Z = cache[layer]
            _, dW, db, dA = layer_backward(dA, A_prev, Z, Ws[layer], activations[layer])
            grads[:0] = [dW, db]
        return grads

    return answer


# ---- planted wrong answers: a network from scratch (09), one mistake each --------------------------


def init_params_with(mistake):
    """init_params as a learner writes it, with ``mistake``: "transposed", "generator in the loop",
    "He at the output", "std 1", "variance", "random biases"."""

    def answer(sizes, activation, seed):
        rng, params = np.random.default_rng(seed), []
        for layer, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
            if mistake == "generator in the loop":
                rng = np.random.default_rng(seed)
            last = layer == len(sizes) - 2
            he = activation == "relu" and (not last or mistake == "He at the output")
            var = 2 / n_in if he else 2 / (n_in + n_out)
            std = {"std 1": 1.0, "variance": var}.get(mistake, math.sqrt(var))
            params.append(rng.normal(0, std, size=(n_out, n_in) if mistake == "transposed" else (n_in, n_out)))
            params.append(rng.normal(0, std, size=n_out) if mistake == "random biases" else np.zeros(n_out))
        return params

    return answer


def mlp_forward_with(mistake):
    """mlp_forward as a learner writes it, with ``mistake``: "cache the output", "cache swapped",
    "no bias", "no hidden activation", "output through tanh"."""

    def answer(X, params, activations):
        A, cache = X, []
        for layer, (W, b) in enumerate(zip(params[::2], params[1::2])):
            Z = A @ W if mistake == "no bias" else A @ W + b
            name = activations[layer]
            if mistake == "no hidden activation" and name != "identity":
                name = "identity"
            if mistake == "output through tanh":
                name = activations[0]
            new_A = COLUMN_ACTIVATIONS[name][0](Z)
            cache.append({"cache the output": (new_A, Z), "cache swapped": (Z, A)}.get(mistake, (A, Z)))
            A = new_A
        return A, cache

    return answer


def train_network_with(mistake):
    """train_network as a learner writes it, with ``mistake``: "params not kept", "no shuffle",
    "generator in the loop", "y in order", "mean of batches", "last batch"."""

    def answer(params, activations, X, y, loss, lr, epochs, batch_size, seed):
        rng, losses, start_params = np.random.default_rng(seed), [], params
        for _ in range(epochs):
            if mistake == "generator in the loop":
                rng = np.random.default_rng(seed)
            order = np.arange(len(X)) if mistake == "no shuffle" else rng.permutation(len(X))
            values, sizes = [], []
            for start in range(0, len(X), batch_size):
                idx = order[start : start + batch_size]
                targets = y[start : start + batch_size] if mistake == "y in order" else y[idx]
                Y, cache = mlp_forward(X[idx], params, activations)
                value, dY = lk.losses.get(loss)(Y, targets)
                new = update_params(params, backward_by_columns(dY, cache, params[::2], activations), lr)
                params = start_params if mistake == "params not kept" else new
                values.append(value)
                sizes.append(len(idx))
            start_params = params
            if mistake == "mean of batches":
                losses.append(sum(values) / len(values))
            elif mistake == "last batch":
                losses.append(values[-1])
            else:
                losses.append(sum(v * k for v, k in zip(values, sizes)) / len(X))
        return params, losses

    return answer
