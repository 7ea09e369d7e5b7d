"""Exercises of notebook 05 (notebooks/05_update.ipynb): one update, and the loss after it.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""

import numpy as np

from ..activations import sigmoid as _sigmoid
from .base import Exercise, Mistake
from .loss import _bce_one  # notebook 02's cross-entropy of one example, L(a, y)


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


def _loss_after_with(sign=-1.0, times_x=True, update_b=True, score=_bce_one, with_lr=True):
    """loss_after with a planted mistake: the update's ``sign`` (+1 climbs), dL/dw without the
    factor x (``times_x`` False), b left as it was (``update_b`` False), the new a scored by
    ``score(a, y)`` in place of the cross-entropy, the learning rate left out (``with_lr`` False)."""

    def loss_after(x, y, w, b, lr):
        lr = lr if with_lr else 1.0
        a = _sigmoid(np.dot(w, x) + b)
        w_new = w + sign * lr * (a - y) * (x if times_x else 1.0)
        b_new = b + sign * lr * (a - y) if update_b else b
        return score(_sigmoid(np.dot(w_new, x) + b_new), y)

    return loss_after


def _loss_before(x, y, w, b, lr):
    """The loss before the update."""
    return _bce_one(_sigmoid(np.dot(w, x) + b), y)


_FLIPPED = "the sign of the update is flipped: w + lr · grad_w and b + lr · grad_b step uphill, along the gradient"
_AGAINST = "Step against the gradient: w_new = w − lr · grad_w, b_new = b − lr · grad_b."
_UPHILL = (
    "the update climbs the loss: w + lr · (a − y) x, or y − a in place of a − y, steps along the gradient "
    "instead of against it"
)

EXERCISES = {
    "update": Exercise(
        _update,
        (
            (np.array([0.5, -0.5]), 0.1, np.array([-0.59869, -1.19738]), -0.59869, 0.1),
            (np.array([1.0, 2.0, -1.0]), -0.3, np.array([0.2, -0.4, 0.0]), 0.5, 0.5),
        ),
        "Step against the gradient: w_new = w − lr · grad_w and b_new = b − lr · grad_b (minus, not plus). "
        "Return them as a tuple (w_new, b_new).",
        outputs=("w_new", "b_new"),
        mistakes=(
            Mistake(_FLIPPED, _AGAINST, answer=lambda w, b, gw, gb, lr: (w + lr * gw, b + lr * gb)),
            Mistake(
                "w's step is right, b's has the wrong sign: b + lr · grad_b steps uphill",
                "b_new = b − lr · grad_b, minus as for w.",
                answer=lambda w, b, gw, gb, lr: (w - lr * gw, b + lr * gb),
            ),
            Mistake(
                "w's step has the wrong sign: w + lr · grad_w steps uphill (b's is right)",
                "w_new = w − lr · grad_w, minus as for b.",
                answer=lambda w, b, gw, gb, lr: (w + lr * gw, b - lr * gb),
            ),
            Mistake(
                "the learning rate is left out: w − grad_w takes a full gradient's step",
                "Scale the step by the learning rate: w_new = w − lr · grad_w, b_new = b − lr · grad_b.",
                answer=lambda w, b, gw, gb, lr: (w - gw, b - gb),
            ),
            Mistake(
                "the learning rate in the wrong place: lr · (w − grad_w) scales the new value, not the step",
                "Only the step is scaled: w_new = w − lr · grad_w, b_new = b − lr · grad_b.",
                answer=lambda w, b, gw, gb, lr: (lr * (w - gw), lr * (b - gb)),
            ),
            Mistake(
                "the step alone, lr · grad_w, without the w it starts from",
                "The new value is the old one minus the step: w_new = w − lr · grad_w.",
                answer=lambda w, b, gw, gb, lr: (-lr * gw, -lr * gb),
            ),
        ),
    ),
    "loss_after": Exercise(
        _loss_after,
        (
            (np.array([1.0, 2.0]), 1.0, np.array([0.5, -0.5]), 0.1, 0.1),
            (np.array([0.5, -1.0]), 0.0, np.array([1.0, 0.3]), -0.2, 1.0),
        ),
        "Three steps: the forward pass a = σ(w·x + b); the update with ∂L/∂z = a − y (∂L/∂w = (a − y) x, "
        "∂L/∂b = a − y); then the forward pass again with the new w and b, and its cross-entropy loss.",
        mistakes=(
            Mistake(
                "the loss before the update: the second forward pass, with the new w and b, is missing",
                "After the update, run the forward pass again with w_new and b_new, and score that a.",
                answer=_loss_before,
            ),
            Mistake(
                _UPHILL,
                "w_new = w − lr · (a − y) x and b_new = b − lr · (a − y): minus, and a − y.",
                answer=_loss_after_with(sign=1.0),
            ),
            Mistake(
                "the loss after the update scored as −log a′ for every label: with y = 0 it is −log(1 − a′)",
                "Score the new a′ with the loss for both labels: L = −[y log a′ + (1 − y) log(1 − a′)].",
                answer=_loss_after_with(score=lambda a, y: -np.log(a)),
            ),
            Mistake(
                "∂L/∂w without the factor x: ∂z/∂w = x, so ∂L/∂w = (a − y) x",
                "w_new = w − lr · (a − y) · x, one entry per input.",
                answer=_loss_after_with(times_x=False),
            ),
            Mistake(
                "the learning rate is left out of the update: w − (a − y) x takes a full gradient's step",
                "w_new = w − lr · (a − y) x and b_new = b − lr · (a − y).",
                answer=_loss_after_with(with_lr=False),
            ),
            Mistake(
                "b is not updated: only w moved",
                "Update b too: b_new = b − lr · (a − y), and use it in the second forward pass.",
                answer=_loss_after_with(update_b=False),
            ),
        ),
    ),
}
