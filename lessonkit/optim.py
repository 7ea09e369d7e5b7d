"""Optimizers: each updates a list of parameter arrays in place from a list of
gradients of the same shapes, with the textbook rules (as PyTorch defines them).

See notebooks/05_update.ipynb and 06_epochs.ipynb.
"""

import numpy as np

from ._checks import as_scalar, check_choice, check_positive


class Optimizer:
    """What every optimizer shares: a learning rate and the per-parameter
    state it keeps between steps (``state[i]`` for ``params[i]``)."""

    def __init__(self, lr):
        self.lr = check_positive("lr", lr)
        self.state = None
        self.shapes = None  # of the params, from the first step
        self.t = 0  # steps taken

    def step(self, params, grads):
        """Update every array in ``params`` in place, using ``grads`` (as many
        arrays, the same shapes: checked every step, so a gradient is never broadcast)."""
        self.check(params, grads)
        self._step(params, grads)

    def check(self, params, grads):
        """Raise a clear ValueError unless ``grads`` line up with ``params`` (and with
        the arrays this optimizer has updated before)."""
        if len(params) != len(grads):
            raise ValueError(f"params and grads: expected lists of the same length, got {len(params)} and {len(grads)}")
        for i, (p, g) in enumerate(zip(params, grads)):
            if p.shape != g.shape:
                raise ValueError(f"grads[{i}]: expected the shape of params[{i}] {p.shape}, got {g.shape}")
        if self.state is not None:
            if len(self.state) != len(params):
                raise ValueError(
                    f"params: this optimizer was used with {len(self.state)} arrays, now got {len(params)}"
                )
            for i, (p, shape) in enumerate(zip(params, self.shapes)):
                if p.shape != shape:
                    raise ValueError(f"params[{i}]: this optimizer was used with shape {shape}, now got {p.shape}")

    def _step(self, params, grads):
        """``step`` without the checks, for a loop that checked its lists once (``train``)."""
        if self.state is None:
            self.state = [self.init_state(p) for p in params]
            self.shapes = [p.shape for p in params]
        self.t += 1
        for p, g, s in zip(params, grads, self.state):
            self.update(p, g, s)

    def init_state(self, p):
        return {}

    def update(self, p, g, s):
        raise NotImplementedError


class SGD(Optimizer):
    """Gradient descent with optional momentum μ:

    v ← μ v + g;   p ← p − η v        (μ = 0: p ← p − η g)
    """

    def __init__(self, lr, momentum=0.0):
        super().__init__(lr)
        self.momentum = as_scalar("momentum", momentum)
        if not 0.0 <= self.momentum < 1.0:
            raise ValueError(f"momentum: expected a number in [0, 1), got {self.momentum}")

    def __repr__(self):
        return f"SGD(lr={self.lr}, momentum={self.momentum})"

    def init_state(self, p):
        return {"v": np.zeros_like(p)} if self.momentum else {}

    def update(self, p, g, s):
        if self.momentum:
            v = s["v"]
            v *= self.momentum
            v += g
            g = v
        p -= self.lr * g


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015), with bias correction:

    m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²
    m̂ = m / (1 − β1ᵗ);       v̂ = v / (1 − β2ᵗ)
    p ← p − η m̂ / (√v̂ + ε)
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(lr)
        if len(betas) != 2:
            raise ValueError(f"betas: expected two numbers (beta1, beta2), got {betas!r}")
        self.betas = tuple(as_scalar("betas", beta) for beta in betas)
        for beta in self.betas:
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"betas: expected numbers in [0, 1), got {beta}")
        self.eps = check_positive("eps", eps)

    def __repr__(self):
        return f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps})"

    def init_state(self, p):
        return {"m": np.zeros_like(p), "v": np.zeros_like(p)}

    def update(self, p, g, s):
        beta1, beta2 = self.betas
        m, v = s["m"], s["v"]
        m *= beta1
        m += (1.0 - beta1) * g
        v *= beta2
        v += (1.0 - beta2) * g * g
        m_hat = m / (1.0 - beta1**self.t)
        v_hat = v / (1.0 - beta2**self.t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


#: The optimizers the course offers by name (the training dashboard's menu): name → a
#: function of the learning rate that returns a fresh optimizer.
OPTIMIZERS = {
    "sgd": lambda lr: SGD(lr),
    "momentum": lambda lr: SGD(lr, momentum=0.9),
    "adam": lambda lr: Adam(lr),
}


def get(name, lr):
    """A fresh optimizer called ``name`` (one of ``OPTIMIZERS``) with learning rate ``lr``.

    Parameters
    ----------
    name : str
        "sgd", "momentum" (SGD with μ = 0.9) or "adam".
    lr : float > 0
        The learning rate η.

    Returns
    -------
    Optimizer
    """
    check_choice("optimizer", name, list(OPTIMIZERS))
    return OPTIMIZERS[name](lr)
