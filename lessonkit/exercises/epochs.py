"""Exercises of notebook 06 (notebooks/06_epochs.ipynb): updates per run, a momentum step.

Each reference solution ``_name`` is what ``solution("name")`` prints.
"""

import math

import numpy as np

from .base import Exercise, Mistake


def _n_updates(n_examples, batch_size, epochs):
    if batch_size is None:  # full batch: one update per epoch
        batch_size = n_examples
    batches_per_epoch = -(-n_examples // batch_size)  # ceil: the last batch may be smaller
    return batches_per_epoch * epochs


def _sgd_momentum_step(p, v, g, lr, mu):
    v_new = mu * v + g
    p_new = p - lr * v_new
    return p_new, v_new


def _no_full_batch(args, exc):
    """batch_size=None used as a number: Python refuses None in arithmetic or comparison."""
    return args[1] is None and isinstance(exc, TypeError)


def _other_convention(p, v, g, lr, mu):
    """Momentum as some texts write it, the step inside the velocity: v = μv − ηg, p = p + v."""
    v_new = mu * v - lr * g
    return p + v_new, v_new


EXERCISES = {
    "n_updates": Exercise(
        _n_updates,
        ((200, 32, 10), (200, None, 10), (200, 1, 3), (100, 50, 7), (4, 8, 5), (10, 3, 2)),
        "Each epoch makes one update per batch: ceil(n_examples / batch_size) of them (the last batch is smaller, "
        "but still one update); full batch (None) is one update per epoch. Then multiply by the epochs.",
        integers="Keep it an int: math.ceil(n_examples / batch_size) is an int, and so is -(-n_examples // "
        "batch_size); np.ceil returns a float, int(np.ceil(...)) does not.",
        mistakes=(
            Mistake(
                "batch_size=None is not handled: None means full batch, all n_examples in one batch, so one "
                "update per epoch",
                "Test it first: if batch_size is None, the epoch is one batch of n_examples.",
                raises=_no_full_batch,
            ),
            Mistake(
                "rounded down (// or a floor) where a ceiling belongs: the last, smaller batch is lost, and it "
                "is still an update",
                "ceil(n_examples / batch_size) batches an epoch: math.ceil(n_examples / batch_size), or "
                "-(-n_examples // batch_size).",
                answer=lambda n, batch, epochs: n // (batch or n) * epochs,
            ),
            Mistake(
                "n_examples / batch_size unrounded: a fraction of a batch is not an update",
                "Round up to whole batches: math.ceil(n_examples / batch_size).",
                answer=lambda n, batch, epochs: n / (batch or n) * epochs,
            ),
            Mistake(
                "the updates of one epoch: the epochs are not multiplied in",
                "Each epoch makes the same updates again: multiply by epochs.",
                answer=lambda n, batch, epochs: math.ceil(n / (batch or n)),
            ),
        ),
    ),
    "sgd_momentum_step": Exercise(
        _sgd_momentum_step,
        (
            (np.array([1.0, -2.0]), np.array([0.5, 0.0]), np.array([0.2, -0.4]), 0.1, 0.9),
            (np.array([0.0]), np.array([0.0]), np.array([3.0]), 0.5, 0.0),
            (np.array([0.3, -0.1, 2.0]), np.array([-1.0, 0.25, 0.5]), np.array([0.5, 0.5, -2.0]), 0.05, 0.5),
        ),
        "First the velocity, v_new = mu · v + g; then the step uses the new velocity: p_new = p − lr · v_new.",
        outputs=("p_new", "v_new"),
        unchanged=("p", "v"),
        mistakes=(
            Mistake(
                "the step uses the old velocity v where v_new belongs",
                "Compute v_new = mu · v + g first, then p_new = p − lr · v_new.",
                answer=lambda p, v, g, lr, mu: (p - lr * v, mu * v + g),
            ),
            Mistake(
                "the sign of the update is flipped: p + lr · v_new steps uphill, along the gradient",
                "Step against the velocity: p_new = p − lr · v_new.",
                answer=lambda p, v, g, lr, mu: (p + lr * (mu * v + g), mu * v + g),
            ),
            Mistake(
                "momentum as some other texts write it, v_new = mu · v − lr · g and p_new = p + v_new: "
                "this course keeps lr out of the velocity",
                "v_new = mu · v + g, then p_new = p − lr · v_new (the optimizers section of this notebook).",
                answer=_other_convention,
            ),
            Mistake(
                "the momentum term is missing: v_new = g, plain SGD",
                "v_new = mu · v + g: the velocity keeps a share mu of its last value.",
                answer=lambda p, v, g, lr, mu: (p - lr * g, g),
            ),
        ),
    ),
}
