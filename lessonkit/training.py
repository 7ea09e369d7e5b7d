"""The training loop: forward, loss, backward, update; batch after batch,
epoch after epoch.

See notebooks/06_epochs.ipynb.
"""

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import losses, penalties
from ._checks import as_count, as_float_array, as_labels, check_choice

#: The losses ``train`` takes: the model's output is logits (its last layer is linear).
TRAIN_LOSSES = ("bce_with_logits", "softmax_cross_entropy", "mse")


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss became NaN or infinite."""


@dataclass
class History:
    """What ``train`` recorded, one entry per completed epoch.

    loss : list of float, the epoch's batch losses as they were seen, averaged
        over the examples (each batch weighted by its size)
    accuracy : list of float, the fraction of the epoch's examples classified
        right as they were seen (empty for "mse")
    diverged : bool, True if training stopped on a NaN or infinite loss
    iterations : int, the number of updates made
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    diverged: bool = False
    iterations: int = 0

    @property
    def epochs(self):
        return len(self.loss)


def _targets(loss, y, model_out):
    """y in the form the loss wants, checked against the model's output size."""
    if loss == "softmax_cross_entropy":
        return as_labels("y", y, n_classes=model_out)
    y = as_float_array("y", y)
    if loss == "bce_with_logits" and y.size and not (y.min() >= 0 and y.max() <= 1):
        raise ValueError(f"y: expected targets in [0, 1] for 'bce_with_logits', got {y[(y < 0) | (y > 1)][0]}")
    if y.ndim == 1 and model_out == 1:
        y = y[:, None]  # (n,) → (n, 1), the model's output shape
    if y.ndim != 2 or y.shape[1] != model_out:
        raise ValueError(f"y: expected shape (n, {model_out}) to match the model's output, got {y.shape}")
    return y


def _n_correct(loss, out, y):
    if loss == "softmax_cross_entropy":
        return int(np.count_nonzero(out.argmax(axis=1) == y))
    if loss == "bce_with_logits":
        return int(np.count_nonzero((out > 0) == (y > 0.5)))
    return None


def _batches(X, y, batch_size, rng):
    """One epoch's batches (Xb, yb), shuffled by ``rng``; a full batch is (X, y) itself."""
    n = len(X)
    if batch_size >= n:
        yield X, y  # in order, and no copy
        return
    order = rng.permutation(n)  # a new shuffle each epoch
    for start in range(0, n, batch_size):
        idx = order[start : start + batch_size]  # the last batch may be smaller
        yield X[idx], y[idx]


def train(model, X, y, loss, optimizer, epochs, batch_size=None, seed=0, callback=None, l1=0.0, l2=0.0):
    """Train ``model`` on (X, y) by mini-batch gradient descent.

    Parameters
    ----------
    model : MLP (or anything with ``forward``, ``_backward(dY, input_grad=False)`` (backward without checks),
        ``params``,
        ``grads`` and ``sizes``)
    X : ndarray of shape (n, d)
    y : ndarray of shape (n,): integer labels for "softmax_cross_entropy",
        0/1 targets for "bce_with_logits"; (n,) or (n, k) values for "mse"
    loss : str, one of ``TRAIN_LOSSES``
    optimizer : an optimizer from ``lessonkit.optim``
    epochs : int, passes over the data
    batch_size : int or None, None for full batch; the last batch may be smaller
    seed : int, seeds the shuffling of the examples at each epoch
    callback : callable(epoch, model, history) or None, called after each epoch
        (epoch counts from 1)
    l1, l2 : float >= 0, the rates of the weights' L1 and L2 penalties (``lessonkit.penalties``):
        each update also steps against l2 W + l1 sign(W); the biases are not penalised.
        ``History.loss`` stays the loss of the data, without the penalty. With momentum or Adam, l2's
        gradient goes through the optimizer like the data's: L2 regularisation, not AdamW's decoupled decay.

    Returns
    -------
    History
        If the loss turns NaN or infinite, training stops before that update,
        ``diverged`` is True, a ``DivergenceWarning`` says at which epoch, and
        the history up to the last finite epoch is kept.
    """
    check_choice("loss", loss, TRAIN_LOSSES)
    X = as_float_array("X", X, ndim=2)
    y = _targets(loss, y, model.sizes[-1])
    if len(y) != len(X):
        raise ValueError(f"X and y: expected one target per row of X ({len(X)}), got {len(y)}")
    epochs = as_count("epochs", epochs)
    n = len(X)
    if n == 0:
        raise ValueError("X: expected at least one example, got an empty array")
    if batch_size is not None:
        try:
            batch_size = as_count("batch_size", batch_size)
        except ValueError:
            raise ValueError(f"batch_size: expected a positive integer or None, got {batch_size!r}") from None
    batch_size = n if batch_size is None else batch_size
    loss_fn = losses.get(loss)
    l1, l2 = penalties.rates(l1, l2)
    rng = np.random.default_rng(seed)
    history = History()

    optimizer.check(model.params, model.grads)  # once: the lists are the same at every step
    for epoch in range(1, epochs + 1):
        total, correct = 0.0, 0
        for Xb, yb in _batches(X, y, batch_size, rng):
            with np.errstate(over="ignore", invalid="ignore"):  # caught just below
                out = model.forward(Xb)
                finite_out = np.isfinite(out).all()
                value, dY = loss_fn(out, yb) if finite_out else (math.nan, None)
            if not math.isfinite(value):
                history.diverged = True
                what = f"the loss became {value}" if finite_out else "the network's outputs overflowed (inf or nan)"
                warnings.warn(
                    f"training diverged at epoch {epoch}: {what}. Try a smaller learning rate (lr={optimizer.lr}).",
                    DivergenceWarning,
                    stacklevel=2,
                )
                return history
            with np.errstate(over="ignore", invalid="ignore"):
                # checked above: the outputs are finite, so is dY; the parameters' gradients only (no dL/dX)
                model._backward(dY, input_grad=False)
                if l1 or l2:  # the penalty's path to each weight: its gradient adds to the data's
                    penalties.add_gradient(model.params, model.grads, l1, l2)
                optimizer._step(model.params, model.grads)
            history.iterations += 1
            total += value * len(Xb)
            hits = _n_correct(loss, out, yb)
            if hits is not None:
                correct += hits
        history.loss.append(total / n)
        if loss != "mse":
            history.accuracy.append(correct / n)
        if callback is not None:
            callback(epoch, model, history)
    return history
