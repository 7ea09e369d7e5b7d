"""Exercises of notebook 06 (notebooks/06_epochs.ipynb): updates per run, a momentum step.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""
import numpy as np

from .base import Exercise


def _n_updates(n_examples, batch_size, epochs):
    if batch_size is None:  # full batch: one update per epoch
        batch_size = n_examples
    batches_per_epoch = -(-n_examples // batch_size)  # ceil: the last batch may be smaller
    return batches_per_epoch * epochs


def _sgd_momentum_step(p, v, g, lr, mu):
    v_new = mu * v + g
    p_new = p - lr * v_new
    return p_new, v_new


EXERCISES = {
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
}
