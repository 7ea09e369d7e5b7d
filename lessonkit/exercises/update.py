"""Exercises of notebook 05 (notebooks/05_update.ipynb): one update, and the loss after it.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""
import numpy as np

from .base import Exercise


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


EXERCISES = {
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
}
