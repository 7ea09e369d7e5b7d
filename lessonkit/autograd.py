"""A scalar autograd engine, small enough to read in one sitting.

Every operation follows one pattern: compute ``out``, then define ``_backward``,
which adds (+=) out's gradient times the local derivative into each input's
``grad``. ``backward()`` runs those in reverse topological order. Gradients add
up, so a value used twice gets both contributions. A second call to
``backward()`` adds up again, on top of what every value already holds, and the
gradients come out wrong: call ``zero_grad()`` in between.

After micrograd (github.com/karpathy/micrograd). See notebooks/03_chain_rule.ipynb.
"""

import math
import numbers


class Value:
    """A number that remembers how it was computed.

    Attributes
    ----------
    data : float, the value (forward pass)
    grad : float, dL/d(this value) after ``L.backward()`` (backward pass)
    label : str, a name for drawings
    """

    def __init__(self, data, _children=(), _op="", label=""):
        if isinstance(data, bool) or not isinstance(data, numbers.Real):  # numpy numbers too
            raise TypeError(f"data: expected a number, got {data!r} ({type(data).__name__})")
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.4g}, grad={self.grad:.4g})"

    @staticmethod
    def _wrap(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = self._wrap(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad  # d(s + o)/ds = 1
            other.grad += out.grad  # d(s + o)/do = 1

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad  # d(s·o)/ds = o
            other.grad += self.data * out.grad  # d(s·o)/do = s

        out._backward = _backward
        return out

    def __pow__(self, k):
        if not isinstance(k, (int, float)) or isinstance(k, bool):
            raise TypeError(f"k: expected a number exponent, got {type(k).__name__}")
        out = Value(self.data**k, (self,), f"**{k:g}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad  # d(s^k)/ds = k s^(k-1)

        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad  # d(e^s)/ds = e^s

        out._backward = _backward
        return out

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log: expected a positive value, got {self.data}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data  # d(log s)/ds = 1/s

        out._backward = _backward
        return out

    def sigmoid(self):
        s = 1.0 / (1.0 + math.exp(-self.data)) if self.data > -700 else 0.0
        out = Value(s, (self,), "σ")

        def _backward():
            self.grad += s * (1.0 - s) * out.grad  # σ' = σ(1 − σ)

        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1.0 - t * t) * out.grad  # tanh' = 1 − tanh²

        out._backward = _backward
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad += (self.data > 0) * out.grad  # 1 where s > 0

        out._backward = _backward
        return out

    # the rest are made of the operations above
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-self._wrap(other))

    def __truediv__(self, other):
        return self * self._wrap(other) ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return self._wrap(other) - self

    def __rtruediv__(self, other):
        return self._wrap(other) / self

    def topological_order(self):
        """Every value this one depends on, each after all of its inputs; self last.

        A depth-first walk with an explicit stack, not recursion, so a graph of any
        depth works (a loss summed over 50,000 examples in a loop is 50,000 deep).
        """
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            v, inputs_done = stack.pop()
            if inputs_done:
                order.append(v)  # all of v's inputs are in the order already
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))  # back to v once its inputs are done...
                stack.extend((child, False) for child in reversed(v._prev))  # ...first input first
        return order

    def backward(self):
        """Fill ``grad`` of every value this one depends on with d(self)/d(value).

        Gradients are added to what is there: a second call without
        ``zero_grad()`` in between gives wrong gradients (for ``u * u`` exactly
        twice the right one; for longer graphs more, since the values in
        between pass on their stale gradients too).
        """
        order = self.topological_order()
        self.grad = 1.0  # d(self)/d(self) = 1: where the backward pass starts
        for v in reversed(order):
            v._backward()

    def zero_grad(self):
        """Set ``grad`` to 0 for this value and everything it depends on."""
        for v in self.topological_order():
            v.grad = 0.0
