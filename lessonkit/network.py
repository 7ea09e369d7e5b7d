"""A multilayer perceptron built from :class:`~lessonkit.layers.Dense` layers.

See notebooks/01_forward_pass.ipynb and 06_epochs.ipynb.
"""

import numbers

import numpy as np

from . import activations
from ._checks import as_float_array, check_finite
from .layers import Dense


class MLP:
    """Dense layers with one hidden activation and a linear last layer.

    Parameters
    ----------
    sizes : sequence of int, at least two
        Units per layer, inputs first: ``[2, 16, 16, 1]`` is 2 inputs, two
        hidden layers of 16 and one output.
    activation : str
        Hidden activation: "tanh", "relu", "sigmoid" or "identity". The last
        layer is linear: its outputs are logits.
    seed : int
        Seed of the initial weights (He for relu, Xavier otherwise; biases 0).

    Attributes
    ----------
    layers : list of Dense
    params : list of ndarray, [W1, b1, W2, b2, ...]; optimizers update them in place
    grads : list of ndarray, [dW1, db1, dW2, db2, ...], filled by ``backward``
    """

    def __init__(self, sizes, activation="tanh", seed=0):
        sizes = list(sizes) if isinstance(sizes, (list, tuple, np.ndarray)) else sizes
        if not isinstance(sizes, list) or len(sizes) < 2:
            raise ValueError(
                f"sizes: expected a list of at least two layer sizes (inputs, ..., outputs), got {sizes!r}"
            )
        for i, n in enumerate(sizes):
            if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:  # (names the position)
                raise ValueError(f"sizes: expected positive integers, got {n!r} at position {i}")
        self.sizes = [int(n) for n in sizes]
        self.activation = activations.get(activation).name
        rng = np.random.default_rng(seed)
        n_layers = len(self.sizes) - 1
        self.layers = [
            Dense(n_in, n_out, self.activation if i < n_layers - 1 else "identity", rng)
            for i, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]))
        ]
        self.params = [p for layer in self.layers for p in (layer.W, layer.b)]
        self.grads = [g for layer in self.layers for g in (layer.dW, layer.db)]

    def __repr__(self):
        return f"MLP({self.sizes}, activation={self.activation!r})"

    def forward(self, X):
        """X (n, sizes[0]) → logits (n, sizes[-1])."""
        X = as_float_array("X", X)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X: expected shape (n, {self.sizes[0]}), got {X.shape}")
        for layer in self.layers:  # checked once, here: a layer's output may overflow, and train() catches that
            X = layer._forward(X)
        self._out_shape = X.shape
        return X

    __call__ = forward

    def backward(self, dY, input_grad=True):
        """dY = dL/dZ_K (n, sizes[-1]), the loss's gradient for the logits ``forward`` returned,
        → dL/dX (n, sizes[0]); fills ``grads``.

        With ``input_grad=False`` dL/dX is not computed and None is returned:
        training needs only ``grads``, and dL/dX would cost one more matrix product.
        """
        if self.layers[0].X is None:
            raise RuntimeError("backward: call forward(X) first")
        dY = np.asarray(dY, dtype=float)
        if dY.shape != self._out_shape:
            raise ValueError(f"dY: expected the shape of the last forward output {self._out_shape}, got {dY.shape}")
        check_finite("dY", dY)
        return self._backward(dY, input_grad)

    def _backward(self, dY, input_grad=False):
        """``backward`` without the checks, for a loop whose dY is a loss's gradient of
        finite outputs (``train``)."""
        dA = dY  # dL/dA of the last layer: its output is the logits, so dY
        for layer in reversed(self.layers[1:]):
            dA = layer._backward(dA)  # becomes dL/dA of the layer below
        return self.layers[0]._backward(dA, input_grad)  # dL/dX, or None
