"""A dense layer: Z = X @ W + b, A = f(Z), with an explicit backward pass.

See notebooks/01_forward_pass.ipynb (forward) and 03_chain_rule.ipynb (backward).
"""

import numpy as np

from . import activations
from ._checks import as_float_array


def init_weights(n_in, n_out, activation, rng):
    """Initial W of shape (n_in, n_out), normal with the activation's scale
    (``Activation.init``): He, std √(2/n_in), for relu; Xavier/Glorot,
    std √(2/(n_in + n_out)), for the others."""
    return rng.normal(0.0, activations.get(activation).init_std(n_in, n_out), size=(n_in, n_out))


class Dense:
    """One fully connected layer.

    Parameters
    ----------
    n_in, n_out : int
        Inputs and outputs (units) of the layer.
    activation : str
        A name from ``lessonkit.activations.ACTIVATIONS``.
    rng : numpy.random.Generator

    Attributes
    ----------
    W : ndarray of shape (n_in, n_out)
    b : ndarray of shape (n_out,)
    dW, db : ndarrays of the same shapes, dL/dW and dL/db after ``backward``.
        They are filled in place, so references to them stay valid.
    """

    def __init__(self, n_in, n_out, activation, rng):
        self.activation = activations.get(activation)
        self.W = init_weights(n_in, n_out, self.activation.name, rng)
        self.b = np.zeros(n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.X = self.Z = self.A = None  # cached by forward for backward

    def forward(self, X):
        """X (n, n_in) → A (n, n_out); caches X and A for ``backward``."""
        X = as_float_array("X", X)
        if X.ndim != 2 or X.shape[1] != self.W.shape[0]:
            raise ValueError(f"X: expected shape (n, {self.W.shape[0]}), got {X.shape}")
        return self._forward(X)

    def _forward(self, X):
        """``forward`` without the checks, for a network that checked its input once."""
        act = self.activation
        self.X = X
        Z = X @ self.W  # (n, n_out)
        Z += self.b  # b (n_out,) is added to every row
        self.Z = Z if act.df_a is None else None  # f'(Z) needs Z only when it cannot use A
        self.A = Z if act.name == "identity" else act.f(Z)  # (n, n_out); identity: A is Z itself
        return self.A

    def backward(self, dA, input_grad=True):
        """dL/dA (n, n_out) → dL/dX (n, n_in); fills ``dW`` and ``db``.

        dZ = dA * f'(Z);  dW = Xᵀ dZ;  db = Σ_rows dZ;  dX = dZ Wᵀ

        With ``input_grad=False`` the last product, dX, is skipped and None is
        returned: the first layer of a network being trained needs only dW and db.
        """
        if self.A is None:
            raise RuntimeError("backward: call forward(X) first")
        dA = as_float_array("dA", dA)
        if dA.shape != self.A.shape:
            raise ValueError(f"dA: expected the shape of the last forward output {self.A.shape}, got {dA.shape}")
        return self._backward(dA, input_grad)

    def _backward(self, dA, input_grad=True):
        """``backward`` without the checks."""
        act = self.activation
        if act.name == "identity":
            dZ = dA
        elif act.df_a is None:
            dZ = dA * act.df(self.Z)  # (n, n_out)
        else:
            dZ = dA * act.df_a(self.A)  # (n, n_out)
        np.matmul(self.X.T, dZ, out=self.dW)  # (n_in, n_out)
        np.add.reduce(dZ, axis=0, out=self.db)  # Σ over rows, (n_out,)
        return dZ @ self.W.T if input_grad else None  # (n, n_in)
