"""The numbers behind notebooks/02_loss.ipynb: a loss of one prediction, and a
neuron's loss over its two weights (the landscape, also drawn in notebook 05)."""

from dataclasses import dataclass

import numpy as np

from .. import activations, losses
from .._checks import as_scalar, check_choice
from .case import Inputs, NeuronInputs, ReadsNeuronInputs


@dataclass(frozen=True, eq=False)
class LossInputs(Inputs):
    """A prediction ``y_hat`` in (0, 1) and a target ``y`` in [0, 1]."""

    y_hat: float = 0.7
    y: float = 1.0

    def __post_init__(self):
        y_hat, y = as_scalar("y_hat", self.y_hat), as_scalar("y", self.y)
        if not 0.0 < y_hat < 1.0:
            raise ValueError(f"y_hat: expected a prediction strictly between 0 and 1, got {y_hat}")
        if not 0.0 <= y <= 1.0:
            raise ValueError(f"y: expected a target in [0, 1], got {y}")
        object.__setattr__(self, "y_hat", y_hat)
        object.__setattr__(self, "y", y)


class LossState:
    """MSE and binary cross-entropy of one prediction ŷ against a target y, with
    their slopes dL/dŷ.

    Parameters
    ----------
    **inputs : y_hat, y (fields of ``LossInputs``); change them with ``set``.
    """

    NAMES = ("mse", "bce")

    def __init__(self, **inputs):
        self.inputs = LossInputs()
        self.set(**inputs)

    def set(self, **changes):
        """Change y_hat and/or y; nothing changes if a new value is invalid."""
        self.inputs = self.inputs.replace(**changes)

    y_hat = property(lambda self: self.inputs.y_hat)
    y = property(lambda self: self.inputs.y)

    def value_and_slope(self, name, y_hat=None):
        """(L, dL/dŷ) of the loss ``name`` ("mse" or "bce") at ``y_hat``, arrays of
        shape (m,) (default: the current ŷ, m = 1)."""
        check_choice("name", name, self.NAMES)
        y_hat = np.atleast_1d(self.y_hat if y_hat is None else np.asarray(y_hat, dtype=float))
        target = np.full_like(y_hat, self.y)
        if name == "mse":
            return (y_hat - target) ** 2, 2 * (y_hat - target)
        _, slope = losses.bce(y_hat, target)  # the batch-mean gradient: scale back by m
        value = -(target * np.log(y_hat) + (1 - target) * np.log1p(-y_hat))
        return value, slope * y_hat.size

    def at_point(self):
        """{name: (L, dL/dŷ)} at the current ŷ, as floats."""
        out = {}
        for name in self.NAMES:
            value, slope = self.value_and_slope(name)
            out[name] = (float(value[0]), float(slope[0]))
        return out


def clip_segment(start, end, xlim, ylim):
    """``end`` (2,), pulled back along the segment from ``start`` (inside the box)
    so it stays within the box xlim × ylim: a step off the chart ends at its edge,
    pointing the same way."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    d = end - start
    t = 1.0
    for k, (lo, hi) in enumerate((xlim, ylim)):
        if d[k] > 0 and end[k] > hi:
            t = min(t, (hi - start[k]) / d[k])
        elif d[k] < 0 and end[k] < lo:
            t = min(t, (lo - start[k]) / d[k])
    return start + max(t, 0.0) * d


class LandscapeState(ReadsNeuronInputs):
    """The loss of one neuron on one example as a function of its two weights
    (bias, input and target fixed), and the gradient at the current weights.

    Parameters
    ----------
    w_range : (float, float)
        The chart spans ``center + w_range`` along w1 and along w2.
    resolution : int
        Grid points per side, r.
    center : (float, float)
        The chart's centre in weight space.
    **inputs
        Fields of ``NeuronInputs`` (the course's example by default); ``lr`` is not used.
        Change them, usually w or w1, w2, with ``set``.

    Attributes
    ----------
    W1, W2 : (r, r) the grid of weights;  w1_lim, w2_lim : the chart's limits
    record : the ``NeuronStep`` at the current weights
    """

    def __init__(self, w_range=(-3.0, 3.0), resolution=81, center=(0.0, 0.0), **inputs):
        self.axis = np.linspace(*w_range, resolution)  # (r,), offsets from center
        self.W1, self.W2 = np.meshgrid(center[0] + self.axis, center[1] + self.axis)  # (r, r)
        self.w1_lim = (center[0] + w_range[0], center[0] + w_range[1])
        self.w2_lim = (center[1] + w_range[0], center[1] + w_range[1])
        self.inputs = NeuronInputs()
        self.record = self.inputs.step()
        self.set(**inputs)

    def set(self, **changes):
        """Change inputs (usually w, or w1 and w2); nothing changes if they are invalid."""
        inputs = self.inputs.replace(**changes)
        self.record = inputs.step()
        self.inputs = inputs

    @property
    def loss(self):
        """L at the current weights."""
        return self.record.loss

    @property
    def grad(self):
        """∇L = (∂L/∂w1, ∂L/∂w2) at the current weights, shape (2,)."""
        return self.record.grad_w

    def surface(self):
        """L over the grid of weights, shape (r, r); row i is w2 = axis[i]."""
        z = self.W1 * self.x[0] + self.W2 * self.x[1] + self.b
        if self.loss_name == "bce":  # from z, stably: L = max(z, 0) − z y + log(1 + e^−|z|)
            return np.maximum(z, 0) - z * self.y + np.log1p(np.exp(-np.abs(z)))
        a = activations.get(self.activation).f(z)
        return (a - self.y) ** 2

    def on_chart(self, end):
        """The arrow from the current w towards ``end`` (2,), ending at the chart's edge if it leaves."""
        return clip_segment(self.w, end, self.w1_lim, self.w2_lim)
