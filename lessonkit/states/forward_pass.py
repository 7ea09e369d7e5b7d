"""The numbers behind notebooks/01_forward_pass.ipynb: one neuron at one input
and over a square of inputs."""

import numpy as np

from .. import activations
from .case import NeuronInputs, ReadsNeuronInputs


class NeuronState(ReadsNeuronInputs):
    """One neuron a = f(w·x + b) with two inputs: at the input ``x`` and over a
    square grid of inputs (what one neuron can draw).

    Parameters
    ----------
    extent : float
        The grid spans [−extent, extent]².
    resolution : int
        Grid points per side, r.
    **inputs
        x (2,), w (2,), b, activation: fields of ``NeuronInputs`` (the course's
        example by default). Change them with ``set``.
    """

    def __init__(self, extent=3.0, resolution=81, **inputs):
        self.extent = extent
        self.grid = np.linspace(-extent, extent, resolution)  # (r,)
        self.X1, self.X2 = np.meshgrid(self.grid, self.grid)  # (r, r): x1 along columns, x2 along rows
        self.inputs = NeuronInputs()
        self.set(**inputs)

    def set(self, **changes):
        """Change inputs by name (w, b, activation, x, or w1, w2...); the others stay.
        Nothing changes if a new value is invalid."""
        self.inputs = self.inputs.replace(**changes)

    @property
    def f(self):
        """The activation function, a = f(z)."""
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
        """a over the grid of inputs, shape (r, r); row i is x2 = grid[i]."""
        return self.f(self.w[0] * self.X1 + self.w[1] * self.X2 + self.b)

    def boundary(self):
        """Two points (x1s, x2s) of the line z = 0 across the grid's square, or
        empty lists when w = 0 (no line) or the line misses the square."""
        (w1, w2), b, e = self.w, self.b, self.extent
        with np.errstate(over="ignore", invalid="ignore"):  # a weight of 1e-320 puts the line at infinity
            if abs(w2) >= abs(w1) and w2 != 0:  # solve for x2 at the left and right edges
                start, end = np.array([-e, (-b + w1 * e) / w2]), np.array([e, (-b - w1 * e) / w2])
            elif w1 != 0:  # solve for x1 at the bottom and top edges
                start, end = np.array([(-b + w2 * e) / w1, -e]), np.array([(-b - w2 * e) / w1, e])
            else:
                return [], []
        if not np.isfinite([start, end]).all():
            return [], []  # so far off that it misses the square
        # keep the part inside the square (both ends pulled in along the line)
        start, end = _clip_to_square(start, end, e), _clip_to_square(end, start, e)
        if np.abs(np.concatenate([start, end])).max() > e * (1 + 1e-9):
            return [], []  # the line misses the square
        return [start[0], end[0]], [start[1], end[1]]


def _clip_to_square(p, q, e):
    """``p`` (2,) moved along the line through p and q until it lies in [−e, e]²
    (unchanged if it already does)."""
    d = q - p
    t = 0.0
    for k in range(2):
        if p[k] > e and d[k] < 0:
            t = max(t, (e - p[k]) / d[k])
        elif p[k] < -e and d[k] > 0:
            t = max(t, (-e - p[k]) / d[k])
    return p + min(t, 1.0) * d
