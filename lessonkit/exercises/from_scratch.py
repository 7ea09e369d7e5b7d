"""Exercises of notebook 09 (notebooks/09_from_scratch.ipynb): a network written from scratch,
with no ``MLP`` inside: its parameters, its forward pass with a cache, the update and the
training loop; and weight decay's second path to each weight. Its backward pass is notebook
04's ``mlp_backward``, checked by that exercise.

A network is a list ``params = [W1, b1, W2, b2, ...]`` (the order of ``MLP.params``), with
``activations``, one name per layer, the last "identity" (the outputs are logits); its cache
is one pair ``(A_prev, Z)`` per layer, the input of ``mlp_backward``.

Each reference solution ``_name`` is what ``solution("name")`` prints. ``train_network``'s
calls ``mlp_forward``, ``mlp_backward`` and ``update_params``: in the notebook, the learner's.
"""

import numpy as np

import lessonkit as lk  # the solutions call lk.activations and lk.losses as a notebook does

from .backprop_network import _grad_names
from .backprop_network import _mlp_backward as mlp_backward
from .base import Exercise, Mistake


def _init_params(sizes, activation, seed):
    rng = np.random.default_rng(seed)  # one generator for the whole network: the draws of lk.MLP
    params = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        last = i == len(sizes) - 2  # the output layer is linear: its outputs are logits
        std = lk.activations.get("identity" if last else activation).init_std(n_in, n_out)  # He or Xavier
        params += [rng.normal(0.0, std, size=(n_in, n_out)), np.zeros(n_out)]  # W (n_in, n_out), b (n_out,)
    return params


def _mlp_forward(X, params, activations):
    cache, A = [], X
    for W, b, activation in zip(params[0::2], params[1::2], activations):
        Z = A @ W + b  # (n, n_out)
        cache.append((A, Z))  # what backward needs: the layer's input A_prev and its Z
        A = lk.activations.get(activation).f(Z)  # the last layer's identity: A = Z, the logits
    return A, cache


def _update_params(params, grads, lr):
    return [p - lr * g for p, g in zip(params, grads)]  # new arrays: params is left as it was


def _train_network(params, activations, X, y, loss, lr, epochs, batch_size, seed):
    loss_fn = lk.losses.get(loss)  # (value, dY) = loss_fn(Y, y)
    rng = np.random.default_rng(seed)  # one generator: a new order every epoch
    losses = []
    for _ in range(epochs):  # one pass over the data
        order = rng.permutation(len(X))
        total = 0.0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]  # this batch's examples
            Y, cache = mlp_forward(X[idx], params, activations)
            value, dY = loss_fn(Y, y[idx])
            grads = mlp_backward(dY, cache, params[0::2], activations)
            params = update_params(params, grads, lr)
            total += value * len(idx)  # the batch's mean loss, weighted by its size
        losses.append(total / len(X))  # the epoch's mean loss per example
    return params, losses


def _decay_grads(params, grads, lam):
    decayed = []
    for i, (p, g) in enumerate(zip(params, grads)):
        is_weight = i % 2 == 0  # params is [W1, b1, W2, b2, ...]: the W at even places
        decayed.append(g + lam * p if is_weight else g)  # ∂/∂W of (λ/2)‖W‖² is λW; biases are not decayed
    return decayed


mlp_forward, update_params = _mlp_forward, _update_params  # the names train_network's solution calls


def _param_names(params):
    """("W1", "b1", "W2", "b2", ...): the names of a network's parameters, as many as ``params``."""
    return tuple(name[1:] for name in _grad_names(params))


# ---- planted mistakes ------------------------------------------------------------------------


def _init_with(shape="in-out", generator="one", std="init_std", output="identity", bias="zeros"):
    """init_params with one mistake: W of ``shape`` "out-in"; a ``generator`` made anew for each
    layer ("each"); ``std`` 1 ("one") or the variance in its place ("variance"); the output layer
    initialised for the hidden ``activation`` (``output="hidden"``); biases drawn (``bias="random"``)."""

    def init_params(sizes, activation, seed):
        rng = np.random.default_rng(seed)
        params = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            if generator == "each":
                rng = np.random.default_rng(seed)
            last = i == len(sizes) - 2
            s = lk.activations.get("identity" if last and output == "identity" else activation).init_std(n_in, n_out)
            s = {"init_std": s, "one": 1.0, "variance": s**2}[std]
            W = rng.normal(0.0, s, size=(n_out, n_in) if shape == "out-in" else (n_in, n_out))
            params += [W, rng.normal(0.0, s, size=n_out) if bias == "random" else np.zeros(n_out)]
        return params

    return init_params


def _forward_with(cached="input", bias=True, hidden=True, output="identity"):
    """mlp_forward with one mistake: the cache keeps the layer's output A (``cached="output"``) or
    (Z, A_prev) (``cached="swapped"``); no bias; no hidden activation; the output through the first
    layer's activation (``output="hidden"``)."""

    def forward(X, params, activations):
        cache, A = [], X
        for i, (W, b, activation) in enumerate(zip(params[0::2], params[1::2], activations)):
            Z = A @ W + (b if bias else 0.0)
            last = i == len(activations) - 1
            f = activations[0] if last and output == "hidden" else activation
            A_out = lk.activations.get(f).f(Z) if (hidden or last) else Z
            cache.append({"input": (A, Z), "output": (A_out, Z), "swapped": (Z, A)}[cached])
            A = A_out
        return A, cache

    return forward


def _train_with(shuffle="each epoch", record="weighted", keep=True, labels="shuffled"):
    """train_network with one mistake: no shuffling (``shuffle="never"``) or the same order every epoch
    (a generator made anew each epoch, ``"same order"``); the epoch's loss as the mean of the batches'
    losses (``record="batches"``) or the last batch's (``"last"``); the updated parameters not kept
    (``keep=False``); the targets taken in their first order (``labels="in order"``)."""

    def train_network(params, activations, X, y, loss, lr, epochs, batch_size, seed):
        loss_fn, rng, losses = lk.losses.get(loss), np.random.default_rng(seed), []
        for _ in range(epochs):
            if shuffle == "same order":
                rng = np.random.default_rng(seed)
            order = np.arange(len(X)) if shuffle == "never" else rng.permutation(len(X))
            values, sizes, new = [], [], params
            for start in range(0, len(X), batch_size):
                idx = order[start : start + batch_size]
                Y, cache = _mlp_forward(X[idx], new, activations)
                value, dY = loss_fn(Y, y[idx] if labels == "shuffled" else y[start : start + batch_size])
                updated = _update_params(new, mlp_backward(dY, cache, new[0::2], activations), lr)
                new = updated if keep else params
                values.append(value)
                sizes.append(len(idx))
            params = new
            epoch_loss = {
                "weighted": np.dot(values, sizes) / len(X),
                "batches": np.mean(values),
                "last": values[-1],
            }[record]
            losses.append(float(epoch_loss))
        return params, losses

    return train_network


def _decay_with(weights=1.0, biases=0.0, data=True):
    """decay_grads with a mistake: ``weights`` or ``biases`` the factor of λp added to their gradient,
    the data path dropped (``data=False``)."""

    def decay_grads(params, grads, lam):
        return [
            (g if data else 0.0) + lam * (weights if i % 2 == 0 else biases) * p
            for i, (p, g) in enumerate(zip(params, grads))
        ]

    return decay_grads


def _net_case(sizes, activation, n, seed, biases=True):
    """(X, params, activations) of a random network on n random examples, its biases nonzero."""
    rng = np.random.default_rng(seed)
    params = _init_params(sizes, activation, seed)
    if biases:
        for b in params[1::2]:
            b[:] = rng.normal(0.0, 0.5, size=b.shape)
    return rng.normal(size=(n, sizes[0])), params, [activation] * (len(sizes) - 2) + ["identity"]


def _update_case(sizes, seed, lr):
    """(params, grads, lr) of a random network and random gradients of the same shapes."""
    rng = np.random.default_rng(seed)
    _, params, _ = _net_case(sizes, "tanh", 2, seed)
    return params, [rng.normal(size=p.shape) for p in params], lr


def _train_case(sizes, activation, loss, n, lr, epochs, batch_size, seed):
    """train_network's inputs: a fresh network of ``sizes`` and n examples with targets for ``loss``."""
    rng = np.random.default_rng(seed + 100)
    X = rng.normal(size=(n, sizes[0]))
    if loss == "softmax_cross_entropy":
        y = rng.integers(0, sizes[-1], size=n)  # labels 0 … k − 1
    else:
        y = (X[:, :1] * X[:, 1:2] > 0).astype(float)  # (n, 1) targets 0 and 1: the signs agree
    activations = [activation] * (len(sizes) - 2) + ["identity"]
    return _init_params(sizes, activation, seed), activations, X, y, loss, lr, epochs, batch_size, seed


_SHUFFLE = (
    "Make one generator before the loop, rng = np.random.default_rng(seed), and a new order each epoch: "
    "order = rng.permutation(len(X)), as notebook 06's loop does."
)

EXERCISES = {
    "init_params": Exercise(
        _init_params,
        (
            ([2, 3, 1], "tanh", 0),
            ([3, 4, 4, 2], "relu", 1),  # He in the hidden layers, Xavier at the output
            ([4, 2, 3], "sigmoid", 2),  # n_in ≠ n_out in every layer: a transposed W has the wrong shape
        ),
        "One generator for the whole network, rng = np.random.default_rng(seed); then for each layer, first to "
        "last, W = rng.normal(0, std, size=(n_in, n_out)) and b = np.zeros(n_out), with std = "
        'lk.activations.get(name).init_std(n_in, n_out), name the hidden activation, and "identity" for the last '
        "layer (its outputs are logits). Return [W1, b1, W2, b2, ...]: the same numbers lk.MLP(sizes, activation, "
        "seed) starts from.",
        outputs=_param_names,
        mistakes=(
            Mistake(
                "W of shape (n_out, n_in): in the course's row convention, Z = A_prev @ W needs W of shape "
                "(n_in, n_out)",
                "W = rng.normal(0, std, size=(n_in, n_out)): one row per input, one column per unit.",
                answer=_init_with(shape="out-in"),
            ),
            Mistake(
                "a new generator for each layer: every layer starts the same random draws again",
                "Make rng = np.random.default_rng(seed) once, before the loop, and draw every layer from it in turn.",
                answer=_init_with(generator="each"),
            ),
            Mistake(
                "the output layer initialised for the hidden activation: it is linear (identity), so Xavier's "
                "scale, whatever the hidden units are",
                'For the last layer, std = lk.activations.get("identity").init_std(n_in, n_out).',
                answer=_init_with(output="hidden"),
            ),
            Mistake(
                "the weights drawn with standard deviation 1: each activation has its scale (He √(2/n_in) for "
                "relu, Xavier √(2/(n_in + n_out)) for the others)",
                "std = lk.activations.get(name).init_std(n_in, n_out), and rng.normal(0, std, size=…).",
                answer=_init_with(std="one"),
            ),
            Mistake(
                "the variance where the standard deviation belongs: rng.normal's second argument is the standard "
                "deviation, init_std(n_in, n_out), not its square",
                "std = lk.activations.get(name).init_std(n_in, n_out) is already the square root.",
                answer=_init_with(std="variance"),
            ),
            Mistake(
                "the biases drawn at random: they start at 0, and drawing them also moves every later draw",
                "b = np.zeros(n_out); only the W are drawn.",
                answer=_init_with(bias="random"),
            ),
        ),
    ),
    "mlp_forward": Exercise(
        _mlp_forward,
        (
            _net_case([2, 3, 1], "tanh", 4, 0),
            _net_case([3, 4, 2], "relu", 5, 1),
            _net_case([2, 3, 4, 2], "sigmoid", 3, 2),
        ),
        "A = X; then for each layer, W, b and its activation in turn: Z = A @ W + b, keep (A, Z) in the cache "
        "(A is the layer's input, A_prev), then A = lk.activations.get(activation).f(Z). Return (A, cache): the "
        "last A, the logits, and the list of (A_prev, Z), one pair per layer, first layer first.",
        outputs=("Y", "cache"),
        mistakes=(
            Mistake(
                "the cache keeps each layer's output A = f(Z); backward needs its input A_prev (for dW = A_prevᵀ dZ)",
                "Append (A, Z) before the line A = f(Z): A is still the layer's input then.",
                answer=_forward_with(cached="output"),
            ),
            Mistake(
                "the cache's pairs in the other order, (Z, A_prev): mlp_backward reads A_prev, Z = cache[l]",
                "cache.append((A, Z)): the layer's input first, then Z.",
                answer=_forward_with(cached="swapped"),
            ),
            Mistake(
                "the bias b is left out: Z = A @ W, where the layer computes Z = A @ W + b",
                "Z = A @ W + b: b (n_out,) is added to every row.",
                answer=_forward_with(bias=False),
            ),
            Mistake(
                "the hidden layers' activation is missing: A = Z in every layer makes the network one linear map",
                "After each Z, A = lk.activations.get(activation).f(Z), with that layer's activation.",
                answer=_forward_with(hidden=False),
            ),
            Mistake(
                "the output layer through the hidden activation: its activation is activations[-1], identity, "
                "so its outputs are the logits Z",
                "Take each layer's own activation: zip(params[0::2], params[1::2], activations).",
                answer=_forward_with(output="hidden"),
            ),
        ),
    ),
    "update_params": Exercise(
        _update_params,
        (_update_case([2, 3, 1], 0, 0.1), _update_case([3, 4, 2, 2], 1, 0.5)),
        "Every parameter steps against its gradient: [p - lr * g for p, g in zip(params, grads)], new arrays, "
        "in the order of params.",
        outputs=_param_names,
        unchanged=("params",),
        mistakes=(
            Mistake(
                "the sign of the update is flipped: p + lr · g steps uphill, along the gradient",
                "p − lr · g: minus, against the gradient.",
                answer=lambda params, grads, lr: [p + lr * g for p, g in zip(params, grads)],
            ),
            Mistake(
                "the learning rate is left out: p − g takes a full gradient's step",
                "Scale the step: p − lr · g.",
                answer=lambda params, grads, lr: [p - g for p, g in zip(params, grads)],
            ),
            Mistake(
                "the step alone, −lr · g, without the p it starts from",
                "The new value is the old one minus the step: p − lr · g.",
                answer=lambda params, grads, lr: [-lr * g for g in grads],
            ),
        ),
    ),
    "train_network": Exercise(
        _train_network,
        (
            _train_case([2, 3, 1], "tanh", "bce_with_logits", 10, 0.5, 3, 4, 0),  # batches of 4, 4 and 2
            _train_case([3, 4, 3], "relu", "softmax_cross_entropy", 9, 0.3, 2, 4, 1),
            _train_case([2, 4, 1], "sigmoid", "bce_with_logits", 6, 1.0, 4, 6, 2),  # one batch: the full batch
        ),
        "train_network calls your mlp_forward, mlp_backward and update_params: check those first. Then: loss_fn = "
        "lk.losses.get(loss); one rng = np.random.default_rng(seed) before the loop; each epoch a new order, "
        "order = rng.permutation(len(X)), and batches idx = order[start:start + batch_size]; for each: "
        "Y, cache = mlp_forward(X[idx], params, activations); value, dY = loss_fn(Y, y[idx]); "
        "grads = mlp_backward(dY, cache, params[0::2], activations); params = update_params(params, grads, lr). "
        "The epoch's loss is the mean per example: the sum of value · len(idx) over its batches, divided by len(X). "
        "Return (params, losses), one loss per epoch.",
        outputs=("params", "losses"),
        mistakes=(
            Mistake(
                "the updated parameters are not kept: each batch starts again from the parameters the epoch began with",
                "params = update_params(params, grads, lr): the next batch starts where this one ended.",
                answer=_train_with(keep=False),
            ),
            Mistake(
                "the examples are never shuffled: every epoch takes the batches in the data's order",
                _SHUFFLE,
                answer=_train_with(shuffle="never"),
            ),
            Mistake(
                "the same order every epoch: a generator made inside the epoch loop draws the same permutation again",
                _SHUFFLE,
                answer=_train_with(shuffle="same order"),
            ),
            Mistake(
                "the targets are not shuffled with the examples: y[idx] goes with X[idx]",
                "Index both with the same idx: mlp_forward(X[idx], …) and loss_fn(Y, y[idx]).",
                answer=_train_with(labels="in order"),
            ),
            Mistake(
                "the epoch's loss is the mean of its batches' losses: a smaller last batch then counts as much as a "
                "full one; the course's epoch loss is the mean per example",
                "Add value * len(idx) for each batch, and divide by len(X) at the end of the epoch.",
                answer=_train_with(record="batches"),
            ),
            Mistake(
                "the epoch's loss is its last batch's loss: the course's epoch loss is the mean over all its examples",
                "Add value * len(idx) for each batch, and divide by len(X) at the end of the epoch.",
                answer=_train_with(record="last"),
            ),
        ),
    ),
    "decay_grads": Exercise(
        _decay_grads,
        (_update_case([2, 3, 1], 2, 0.1), _update_case([3, 4, 2, 2], 3, 0.01)),
        "Each weight reaches the loss by two paths, so its gradient is the sum: the data's, in grads, plus "
        "∂/∂W of (λ/2)‖W‖², which is λW. Biases are not decayed: their gradients stay as they are. Return a new "
        "list in the order of params: [dW1 + lam * W1, db1, dW2 + lam * W2, db2, ...].",
        outputs=_param_names,
        unchanged=("grads",),
        mistakes=(
            Mistake(
                "the biases decayed too: the penalty (λ/2)‖W‖² holds the weights only, so db stays the data's",
                "Add lam * W to the weights' gradients (even places of the list) and leave db1, db2, ... alone.",
                answer=_decay_with(biases=1.0),
            ),
            Mistake(
                "λ/2 · W: the derivative of (λ/2) W² is λW, the 2 of the square cancels the ½",
                "d/dW (λ/2) W² = (λ/2) · 2W = λW: add lam * W.",
                answer=_decay_with(weights=0.5),
            ),
            Mistake(
                "the penalty's sign flipped: −λW would grow the weights; the penalty's gradient is +λW, and the "
                "update's minus then shrinks them",
                "dW + lam * W: the penalty adds to the loss, so its gradient adds to the data's.",
                answer=_decay_with(weights=-1.0),
            ),
            Mistake(
                "only the penalty's path: the data's gradient is dropped, and the two paths add up",
                "Keep the data's gradient and add the penalty's: dW + lam * W.",
                answer=_decay_with(data=False),
            ),
        ),
    ),
}
