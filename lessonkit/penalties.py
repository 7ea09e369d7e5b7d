"""Weight penalties (regularisation) added to a loss: L2 (weight decay) and L1, each with its rate.

    L = L_data + (l2 / 2) Σ_l ‖W_l‖² + l1 Σ_l Σ_ij |W_l,ij|
    ∂L/∂W_l = ∂L_data/∂W_l + l2 W_l + l1 sign(W_l)

Only the weights are penalised, not the biases: a bias shifts a unit's input, it does not scale
it. Each weight reaches the loss by two paths, through the network and through the penalty, and
the two gradients add. See notebooks/09_from_scratch.ipynb § "Weight decay: a second path to the
same weight".
"""

import numpy as np

from ._checks import as_scalar


def rates(l1=0.0, l2=0.0):
    """(l1, l2) as floats, each finite and at least 0, or an error that names the rate."""
    checked = []
    for name, rate in (("l1", l1), ("l2", l2)):
        rate = as_scalar(name, rate)
        if rate < 0:
            raise ValueError(f"{name}: expected a rate of at least 0, got {rate:g}")
        checked.append(rate)
    return tuple(checked)


def penalty(params, l1=0.0, l2=0.0):
    """The penalty of a network's parameters and its gradient.

    Parameters
    ----------
    params : list of ndarray, [W1, b1, W2, b2, ...] (the order of ``MLP.params``)
    l1, l2 : float >= 0, the rates

    Returns
    -------
    value : float, (l2 / 2) Σ ‖W‖² + l1 Σ |W|
    grads : list of ndarray shaped like ``params``: l2 W + l1 sign(W) for each weight, zeros for each bias
    """
    l1, l2 = rates(l1, l2)
    value, grads = 0.0, []
    for i, p in enumerate(params):
        if i % 2:  # a bias: not penalised
            grads.append(np.zeros_like(p))
            continue
        value += l2 / 2 * float(np.sum(p * p)) + l1 * float(np.sum(np.abs(p)))
        grads.append(_gradient(p, l1, l2))
    return value, grads


def _gradient(W, l1, l2):
    """The penalty's gradient for the weights W: l2 W + l1 sign(W) (sign(0) = 0: at 0, |w| has no
    slope, and 0 is in its range of slopes)."""
    return l2 * W + l1 * np.sign(W)


def add_gradient(params, grads, l1, l2):
    """Add the penalty's gradient to the weights' gradients in ``grads``, in place (the biases' stay):
    what ``lessonkit.train`` does after each backward pass. The rates are checked by the caller."""
    for W, dW in zip(params[0::2], grads[0::2]):
        dW += _gradient(W, l1, l2)
