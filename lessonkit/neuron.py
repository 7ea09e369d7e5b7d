"""One gradient-descent update of one neuron, with every intermediate kept.

The course's example, in plain numpy (the first thing every learner meets)::

    x = np.array([1, 2]); y_true = 1
    w = np.array([0.5, -0.5]); b = 0.1; lr = 0.1
    z = np.dot(w, x) + b            # weighted sum
    output = sigmoid(z)             # activation a
    error = output - y_true         # dL/dz for sigmoid + cross-entropy
    w = w - lr * error * x          # → [ 0.55986877 -0.38026247]
    b = b - lr * error              # → 0.15986876601124522

See notebooks/00_start_here.ipynb and 05_update.ipynb.
"""

from dataclasses import dataclass

import numpy as np

from . import activations, losses
from ._checks import as_float_array, as_scalar, check_choice, check_positive

NEURON_LOSSES = ("bce", "mse")


@dataclass(frozen=True)
class NeuronStep:
    """Every number of one update, in the order they are computed.

    Forward: z = w·x + b, a = f(z), loss L(a, y).
    Backward: dL/da, da/dz = f'(z), dL/dz = dL/da · da/dz,
    grad_w = dL/dz · x (shape of w), grad_b = dL/dz.
    Update: w_new = w − lr · grad_w, b_new = b − lr · grad_b.
    """

    x: np.ndarray
    y: float
    w: np.ndarray
    b: float
    lr: float
    activation: str
    loss_name: str
    z: float
    a: float
    loss: float
    dL_da: float
    da_dz: float
    dL_dz: float
    grad_w: np.ndarray
    grad_b: float
    w_new: np.ndarray
    b_new: float


def neuron_step(x, y, w, b, lr, activation="sigmoid", loss="bce"):
    """One gradient-descent update of the neuron a = f(w·x + b) on one example.

    Parameters
    ----------
    x : array of shape (d,), the input
    y : float, the target (in [0, 1] for "bce")
    w : array of shape (d,), the weights
    b : float, the bias
    lr : float > 0, the learning rate η
    activation : "sigmoid", "tanh", "relu" or "identity"
    loss : "bce" (needs activation="sigmoid") or "mse", L = (a − y)²

    Returns
    -------
    NeuronStep
    """
    x = as_float_array("x", x, ndim=1)
    w = as_float_array("w", w, ndim=1)
    if x.shape != w.shape:
        raise ValueError(f"x and w: expected the same length, got {x.shape[0]} and {w.shape[0]}")
    y = as_scalar("y", y)
    b = as_scalar("b", b)
    lr = check_positive("lr", lr)
    act = activations.get(activation)
    check_choice("loss", loss, NEURON_LOSSES)
    if loss == "bce":
        if act.name != "sigmoid":
            raise ValueError(
                f"activation: loss='bce' needs an output a in (0, 1), so activation='sigmoid', got {act.name!r}"
            )
        if not 0.0 <= y <= 1.0:
            raise ValueError(f"y: expected a target in [0, 1] for loss='bce', got {y}")

    # forward
    z = float(np.dot(w, x) + b)
    a = float(act.f(z))
    # backward
    da_dz = float(act.df(z))
    if loss == "bce":
        L, _ = losses.bce_with_logits(np.array([z]), np.array([y]))  # stable even when a rounds to 0 or 1
        _, dL_da = losses.bce(np.array([a]), np.array([y]))
        dL_dz = a - y  # σ'(z) cancels: dL/da · da/dz = a − y, our example's "error"
    else:
        L, dL_da = losses.mse(np.array([a]), np.array([y]))
        dL_dz = float(dL_da[0]) * da_dz
    grad_w = dL_dz * x  # (d,)
    grad_b = dL_dz
    # update
    return NeuronStep(
        x=x,
        y=y,
        w=w,
        b=b,
        lr=lr,
        activation=act.name,
        loss_name=loss,
        z=z,
        a=a,
        loss=float(L),
        dL_da=float(dL_da[0]),
        da_dz=da_dz,
        dL_dz=dL_dz,
        grad_w=grad_w,
        grad_b=grad_b,
        w_new=w - lr * grad_w,
        b_new=b - lr * grad_b,
    )
