"""The numbers behind each widget, with no ipywidgets and no matplotlib.

A widget's view (``lessonkit.widgets``) keeps one of these, sets its inputs when a
control moves, and draws what it computes. Tests drive the states directly.
"""
import numpy as np

from . import activations, losses
from ._checks import as_float_array, as_scalar, check_choice
from .neuron import NEURON_LOSSES, neuron_step

#: The seed's example, met first in notebook 00.
SEED = dict(x=(1.0, 2.0), y=1.0, w=(0.5, -0.5), b=0.1, lr=0.1)


class NeuronState:
    """One neuron a = f(w·x + b) with two inputs: at the input ``x`` and over a
    square grid of inputs (what one neuron can draw). See notebooks/01_forward_pass.ipynb.

    Parameters
    ----------
    w : (2,) weights;  b : bias;  activation : a name in ``activations.ACTIVATIONS``
    x : (2,) the input shown as a point;  extent : the grid spans [-extent, extent]²
    resolution : grid points per side
    """

    def __init__(self, w=SEED["w"], b=SEED["b"], activation="sigmoid", x=SEED["x"], extent=3.0, resolution=81):
        self.x = as_float_array("x", x, ndim=1)
        if self.x.shape != (2,):
            raise ValueError(f"x: expected two inputs, got {self.x.shape[0]}")
        self.extent = extent
        self.grid = np.linspace(-extent, extent, resolution)  # (r,)
        self.X1, self.X2 = np.meshgrid(self.grid, self.grid)  # (r, r): x1 along columns, x2 along rows
        self.w = np.zeros(2)
        self.b = 0.0
        self.activation = "sigmoid"
        self.set(w=w, b=b, activation=activation)

    def set(self, w=None, b=None, activation=None, w1=None, w2=None):
        """Change any of the neuron's settings; the others stay."""
        w = self.w.copy() if w is None else as_float_array("w", w, ndim=1)
        if w.shape != (2,):
            raise ValueError(f"w: expected two weights, got {w.shape[0]}")
        if w1 is not None:
            w[0] = as_scalar("w1", w1)
        if w2 is not None:
            w[1] = as_scalar("w2", w2)
        self.w = w
        if b is not None:
            self.b = as_scalar("b", b)
        if activation is not None:
            self.activation = activations.get(activation).name

    @property
    def f(self):
        return activations.get(self.activation).f

    @property
    def z(self):
        """z = w·x + b at the input x."""
        return float(np.dot(self.w, self.x) + self.b)

    @property
    def a(self):
        """a = f(z) at the input x."""
        return float(self.f(self.z))

    def plane(self):
        """a over the grid of inputs, shape (resolution, resolution); row i is x2 = grid[i]."""
        return self.f(self.w[0] * self.X1 + self.w[1] * self.X2 + self.b)

    def boundary(self):
        """Two points (x1s, x2s) of the line z = 0 across the grid's square, or
        empty lists when w = 0 (no line)."""
        (w1, w2), b, e = self.w, self.b, self.extent
        if abs(w2) >= abs(w1) and w2 != 0:  # solve for x2 at the left and right edges
            return [-e, e], [(-b - w1 * -e) / w2, (-b - w1 * e) / w2]
        if w1 != 0:  # solve for x1 at the bottom and top edges
            return [(-b - w2 * -e) / w1, (-b - w2 * e) / w1], [-e, e]
        return [], []


class LossState:
    """MSE and binary cross-entropy of one prediction ŷ against a target y, with
    their slopes dL/dŷ. See notebooks/02_loss.ipynb.

    Parameters
    ----------
    y_hat : the prediction, in (0, 1);  y : the target, in [0, 1]
    """

    NAMES = ("mse", "bce")

    def __init__(self, y_hat=0.7, y=1.0):
        self.y_hat, self.y = 0.5, 1.0
        self.set(y_hat=y_hat, y=y)

    def set(self, y_hat=None, y=None):
        if y_hat is not None:
            y_hat = as_scalar("y_hat", y_hat)
            if not 0.0 < y_hat < 1.0:
                raise ValueError(f"y_hat: expected a prediction strictly between 0 and 1, got {y_hat}")
            self.y_hat = y_hat
        if y is not None:
            y = as_scalar("y", y)
            if not 0.0 <= y <= 1.0:
                raise ValueError(f"y: expected a target in [0, 1], got {y}")
            self.y = y

    def value_and_slope(self, name, y_hat=None):
        """(L, dL/dŷ) of the loss ``name`` at ``y_hat`` (default: the current ŷ); arrays work too."""
        check_choice("name", name, self.NAMES)
        y_hat = np.atleast_1d(self.y_hat if y_hat is None else np.asarray(y_hat, dtype=float))
        target = np.full_like(y_hat, self.y)
        if name == "mse":
            return (y_hat - target) ** 2, 2 * (y_hat - target)
        _, slope = losses.bce(y_hat, target)  # the batch-mean gradient: scale back by n
        value = -(target * np.log(y_hat) + (1 - target) * np.log1p(-y_hat))
        return value, slope * y_hat.size

    def at_point(self):
        """{name: (L, dL/dŷ)} at the current ŷ, as floats."""
        out = {}
        for name in self.NAMES:
            value, slope = self.value_and_slope(name)
            out[name] = (float(value[0]), float(slope[0]))
        return out


class LandscapeState:
    """The loss of one neuron on one example as a function of its two weights
    (bias, input and target fixed), and the gradient at the current weights.
    See notebooks/02_loss.ipynb and 04_update.ipynb.
    """

    def __init__(self, x=SEED["x"], y=SEED["y"], w=SEED["w"], b=SEED["b"], activation="sigmoid", loss="bce",
                 w_range=(-3.0, 3.0), resolution=81):
        self.x = as_float_array("x", x, ndim=1)
        if self.x.shape != (2,):
            raise ValueError(f"x: expected two inputs, got {self.x.shape[0]}")
        self.y, self.b = as_scalar("y", y), as_scalar("b", b)
        self.activation = activations.get(activation).name
        self.loss_name = check_choice("loss", loss, NEURON_LOSSES)
        self.w_range = w_range
        self.axis = np.linspace(*w_range, resolution)  # (r,)
        self.W1, self.W2 = np.meshgrid(self.axis, self.axis)  # (r, r)
        self.w = as_float_array("w", w, ndim=1)
        self.set(w=w)

    def set(self, w=None, w1=None, w2=None):
        w = self.w.copy() if w is None else as_float_array("w", w, ndim=1)
        if w1 is not None:
            w[0] = as_scalar("w1", w1)
        if w2 is not None:
            w[1] = as_scalar("w2", w2)
        self.w = w
        self.step = neuron_step(self.x, self.y, self.w, self.b, 1.0, self.activation, self.loss_name)

    @property
    def loss(self):
        return self.step.loss

    @property
    def grad(self):
        """∇L = (∂L/∂w1, ∂L/∂w2) at the current weights."""
        return self.step.grad_w

    def surface(self):
        """L over the grid of weights, shape (r, r); row i is w2 = axis[i]."""
        z = self.W1 * self.x[0] + self.W2 * self.x[1] + self.b
        if self.loss_name == "bce":  # from z, stably: L = max(z, 0) - z y + log(1 + e^-|z|)
            return np.maximum(z, 0) - z * self.y + np.log1p(np.exp(-np.abs(z)))
        a = activations.get(self.activation).f(z)
        return (a - self.y) ** 2
