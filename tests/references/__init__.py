"""References written from the formulas (Python's math module, numpy written out), not with
lessonkit's code: what the tests compare lessonkit with (``recompute`` alone replays lessonkit's own
``neuron_step``, to tell a view's numbers from its state's). What every lesson uses is here (the activations
and losses by hand, the course's example and the neuron it is taught with); what one lesson's tests
use is in the module named as that lesson (``chain_rule``, ``backprop_network``, ``update``, ``epochs``)."""

import math

import numpy as np

import lessonkit as lk

ACTIVATIONS_BY_HAND = {
    "sigmoid": lambda z: 1.0 / (1.0 + math.exp(-z)),
    "tanh": math.tanh,
    "relu": lambda z: max(z, 0.0),
    "identity": lambda z: z,
}


#: da/dz of each activation, from the textbook formulas (one entry per activation, beside its f above).
SLOPES_BY_HAND = {
    "sigmoid": lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2,
    "tanh": lambda z: 1 / math.cosh(z) ** 2,
    "relu": lambda z: float(z > 0),
    "identity": lambda z: 1.0,
}


def activation_by_hand(name, z):
    """f(z) of the activation ``name``, elementwise, from the textbook formula."""
    return np.vectorize(ACTIVATIONS_BY_HAND[name], otypes=[float])(z)


#: One prediction's loss L(ŷ, y) and slope dL/dŷ, from the formulas of notebook 02.
LOSSES_BY_HAND = {
    "mse": (lambda y_hat, y: (y_hat - y) ** 2, lambda y_hat, y: 2 * (y_hat - y)),
    "bce": (
        lambda y_hat, y: -(y * math.log(y_hat) + (1 - y) * math.log(1 - y_hat)),
        lambda y_hat, y: -y / y_hat + (1 - y) / (1 - y_hat),
    ),
}


def neuron_loss_by_hand(w, x, y, b, activation="sigmoid", loss="bce"):
    """L(f(w·x + b), y) for one neuron and one example, from the formulas."""
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    return LOSSES_BY_HAND[loss][0](ACTIVATIONS_BY_HAND[activation](z), y)


def mlp_logits_by_hand(params, activation, X):
    """The logits of an MLP with parameters [W1, b1, W2, b2, ...] on X (n, d), written out in
    numpy: A = f(A W + b) through the hidden layers, then a linear last layer."""
    Ws, bs = params[0::2], params[1::2]
    A = np.asarray(X, dtype=float)
    for W, b in zip(Ws[:-1], bs[:-1]):
        A = activation_by_hand(activation, A @ W + b)  # (n, units)
    return A @ Ws[-1] + bs[-1]  # (n, outputs)


def sigmoid(z):
    """σ(z) = 1 / (1 + e^−z), elementwise on arrays."""
    return 1.0 / (1.0 + np.exp(-z))


# ---- one neuron: the course's example and the pairs it is taught with --------------

#: The course's example (notebook 00), written out here: x = [1, 2], y = 1, w = [0.5, −0.5], b = 0.1, η = 0.1,
#: a sigmoid neuron with cross-entropy.
EXAMPLE = dict(x=[1.0, 2.0], y=1.0, w=[0.5, -0.5], b=0.1, lr=0.1)

#: The (activation, loss) pairs a neuron is taught with: sigmoid with cross-entropy, every activation with MSE.
NEURON_CASES = [("sigmoid", "bce")] + [(name, "mse") for name in ACTIVATIONS_BY_HAND]


def neuron_loss_by_hand_stable(w, x, y, b, activation, loss):
    """``neuron_loss_by_hand``; for bce written from z, stably, when σ(z) would round to 0 or 1."""
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    if loss == "bce" and abs(z) > 30:
        return max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
    return neuron_loss_by_hand(w, x, y, b, activation, loss)


def random_inputs(rng, activation, loss):
    """Inputs as the controls give them: two decimals, y in [0, 1] for bce, lr from 0.001 to 100."""
    if loss == "bce":
        y = float(rng.integers(0, 2)) if rng.random() < 0.5 else round(float(rng.uniform(0, 1)), 2)
    else:
        y = round(float(rng.uniform(-1, 2)), 2)
    return dict(
        x=rng.uniform(-3, 3, 2).round(2),
        y=y,
        w=rng.uniform(-3, 3, 2).round(2),
        b=round(float(rng.uniform(-3, 3)), 2),
        lr=float(10 ** rng.uniform(-3, 2)),
        activation=activation,
        loss=loss,
    )


def recompute(inputs):
    """neuron_step on the inputs, and the step from where it lands (the loss after the update)."""
    kw = {k: inputs[k] for k in ("x", "y", "w", "b", "lr")}
    record = lk.neuron_step(**kw, activation=inputs["activation"], loss=inputs["loss"])
    after = lk.neuron_step(
        record.x, record.y, record.w_new, record.b_new, record.lr, inputs["activation"], inputs["loss"]
    )
    return record, after


def clip_to_box(start, end, xlim, ylim):
    """``end``, or the point where the segment start → end leaves the box, worked out here."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    d = end - start
    t = 1.0
    for k, (lo, hi) in enumerate((xlim, ylim)):
        if d[k] > 0:
            t = min(t, (hi - start[k]) / d[k])
        elif d[k] < 0:
            t = min(t, (lo - start[k]) / d[k])
    return start + t * d
