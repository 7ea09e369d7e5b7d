"""The numbers behind notebooks/04_backprop_network.ipynb: notebook 01's batch and
two-layer network, stepped forward layer by layer, then backward, then updated; and the
same steps for a network of any depth on any batch (``network_pass``, ``UpdateStepperState``), and
for one update of a training run of notebooks/06_epochs.ipynb (``RunUpdateState``):

    dZ_l = dA_l ⊙ f'(Z_l);  dW_l = A_{l-1}ᵀ dZ_l;  db_l = Σ_rows dZ_l;  dA_{l-1} = dZ_l W_lᵀ  (A_0 = X)
    W_l_new = W_l − η dW_l;  b_l_new = b_l − η db_l;  then L_new, the loss with the new weights

Each step says what it computes, its formula, the shapes it multiplies and one
entry with live numbers, and lists the arrays it reads and the one it makes.
"""

import re
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .. import activations, losses
from .._checks import as_float_array, check_index, check_positive
from ..network import MLP
from ..text import sig
from .case import Inputs, drawable, two_numbers

#: The batch of notebook 01 below our example's x = [1, 2]: three more examples, (3, 2).
OTHER_X = np.random.default_rng(0).normal(size=(3, 2)).round(1)
#: The targets of the four examples, (4, 1).
Y = np.array([[1.0], [0.0], [0.0], [1.0]])
#: The network: 2 inputs, 3 hidden units, 1 output (a logit), started as MLP(SIZES, "tanh", seed=0).
SIZES = (2, 3, 1)
_START = [tuple(map(tuple, p)) if p.ndim == 2 else tuple(p) for p in MLP(list(SIZES), activation="tanh", seed=0).params]


@dataclass(frozen=True, eq=False)
class NetworkInputs(Inputs):
    """What a learner can change in the network example.

    Parameters
    ----------
    x : (2,) our example's input, the first row of X (the other three rows stay)
    W1 : (2, 3);  b1 : (3,);  W2 : (3, 1);  b2 : (1,)  the weights, MLP([2, 3, 1], seed=0)'s to start
    activation : the hidden layer's activation, a name in ``activations.ACTIVATIONS``
    lr : the learning rate η > 0 of the update

    Every number must be drawable (from −LIMIT to LIMIT). ``replace`` also takes x1, x2
    and one weight as W1_00, W1_12, b1_2, W2_10, b2_0 (its indices, as numpy counts).
    """

    x: np.ndarray = (1.0, 2.0)
    W1: np.ndarray = _START[0]
    b1: np.ndarray = _START[1]
    W2: np.ndarray = _START[2]
    b2: np.ndarray = _START[3]
    activation: str = "tanh"
    lr: float = 0.1

    SHAPES: ClassVar[dict] = {"W1": (2, 3), "b1": (3,), "W2": (3, 1), "b2": (1,)}
    ENTRIES: ClassVar[dict] = {
        "x1": ("x", 0),
        "x2": ("x", 1),
        **{f"{name}_{''.join(map(str, i))}": (name, i) for name, shape in SHAPES.items() for i in np.ndindex(shape)},
    }

    def __post_init__(self):
        checked = dict(x=two_numbers("x", self.x), activation=activations.get(self.activation).name)
        object.__setattr__(self, "lr", drawable("lr", check_positive("lr", self.lr)))
        for name, shape in self.SHAPES.items():
            arr = as_float_array(name, getattr(self, name))
            if arr.shape != shape:
                raise ValueError(f"{name}: expected shape {shape}, got {arr.shape}")
            for i in np.ndindex(shape):
                drawable(f"{name}_{''.join(map(str, i))}", arr[i])
            checked[name] = arr
        for name, value in checked.items():
            if name != "activation":  # a copy no one can write to: the record stays as it was made
                value = value.copy()
                value.flags.writeable = False
            object.__setattr__(self, name, value)

    @property
    def X(self):
        """The batch, (4, 2): our x, then the three other examples."""
        return np.vstack([self.x, OTHER_X])


def forward_backward(inputs):
    """Every array of one forward and backward pass and the update on ``inputs`` (a
    ``NetworkInputs``), by its name in the notebook: X, y, Z1, A1, f'(Z1), Z2, σ(Z2), L, then
    dZ2, dW2, db2, dA1, dZ1, dW1, db1, dA0, then W1_new, b1_new, W2_new, b2_new (a step of η
    against each gradient) and L_new, the loss after it. Shapes: Z1, A1 (4, 3); Z2 (4, 1);
    dW1, W1_new (2, 3) ...; L, L_new floats."""
    return network_pass(inputs.X, Y, [inputs.W1, inputs.b1, inputs.W2, inputs.b2], inputs.activation, inputs.lr)


def network_pass(X, y, params, activation, lr):
    """Every array of one update of the network with ``params`` [W1, b1, ..., WL, bL] (the order
    of ``MLP.params``: hidden activation ``activation``, the last layer's outputs logits, BCE on
    the logits, as ``lk.MLP`` and ``lk.train`` compute them) on the batch X (n, d), y (n, 1): X, A0
    (= X), y, then for each layer l Zl, Al, f'(Zl) (the last layer's f is the identity), σ(ZL), L;
    then dZL, and for l = L ... 1 dWl, dbl, dA(l−1), dZ(l−1); then Wl_new, bl_new (a step of
    ``lr`` against each gradient) and L_new, the loss after it. Zl, Al (n, units of layer l)."""
    v = {"X": X, "A0": X, "y": y}
    Ws, bs = params[0::2], params[1::2]
    depth = len(Ws)
    fs = [activations.get(activation)] * (depth - 1) + [activations.get("identity")]  # the last layer gives logits
    for l, (W, b, f) in enumerate(zip(Ws, bs, fs), start=1):
        v[f"Z{l}"] = v[f"A{l - 1}"] @ W + b  # (n, n_out)
        v[f"A{l}"], v[f"f'(Z{l})"] = f.f(v[f"Z{l}"]), f.df(v[f"Z{l}"])
    v[f"σ(Z{depth})"] = activations.sigmoid(v[f"Z{depth}"])
    v["L"], v[f"dZ{depth}"] = losses.bce_with_logits(v[f"Z{depth}"], y)  # dZL = (σ(ZL) − y) / n
    for l in range(depth, 0, -1):
        dZ = v[f"dZ{l}"]
        v[f"dW{l}"] = v[f"A{l - 1}"].T @ dZ  # (n_in, n_out)
        v[f"db{l}"] = dZ.sum(axis=0)  # (n_out,)
        v[f"dA{l - 1}"] = dZ @ Ws[l - 1].T  # (n, n_in)
        if l > 1:
            v[f"dZ{l - 1}"] = v[f"dA{l - 1}"] * v[f"f'(Z{l - 1})"]  # (n, n_in)
    for l, (W, b) in enumerate(zip(Ws, bs), start=1):  # the update: a step of η against each gradient
        v[f"W{l}_new"], v[f"b{l}_new"] = W - lr * v[f"dW{l}"], b - lr * v[f"db{l}"]
    new = [v[f"{p}{l}_new"] for l in range(1, depth + 1) for p in "Wb"]
    v["L_new"] = losses.bce_with_logits(network_outputs(new, X, activation), y)[0]  # forward again, new weights
    return v


def network_outputs(params, X, activation):
    """The logits (n, 1) of the network of ``params`` [W1, b1, ..., WL, bL] on X (n, d); inf or NaN where
    they overflow, as a run that blew up gives them."""
    f, A = activations.get(activation), X
    with np.errstate(over="ignore", invalid="ignore"):
        for W, b in zip(params[0:-2:2], params[1:-2:2]):
            A = f.f(A @ W + b)
        return A @ params[-2] + params[-1]


def update_steps(depth):
    """The steps of one update of a network of ``depth`` layers, as (phase, name): forward Z1, A1,
    ..., ZL, L; backward dZL, dWL, dbL, dA(L−1), dZ(L−1), ..., dW1, db1, dA0; update W1_new, b1_new,
    ..., bL_new, L_new."""
    forward = [name for l in range(1, depth + 1) for name in (f"Z{l}", f"A{l}")][:-1] + ["L"]
    backward = [f"dZ{depth}"]
    for l in range(depth, 0, -1):
        backward += [f"dW{l}", f"db{l}", f"dA{l - 1}"] + ([f"dZ{l - 1}"] if l > 1 else [])
    update = [f"{p}{l}_new" for l in range(1, depth + 1) for p in "Wb"] + ["L_new"]
    return tuple(
        [("forward", n) for n in forward] + [("backward", n) for n in backward] + [("update", n) for n in update]
    )


@dataclass(frozen=True)
class Shown:
    """One array of a step: ``name`` (with ᵀ when it is shown transposed), ``values`` (rows,
    cols) as drawn (a vector as one row, L as 1×1), ``shape`` as numpy gives it, ``made``: the
    step's result, ``cells``: (row0, row1, col0, col1), the cells the step's entry reads or makes."""

    name: str
    values: np.ndarray
    shape: tuple
    made: bool
    cells: tuple


@dataclass(frozen=True)
class Step:
    """What one step shows: ``title``, ``formula`` (symbols), ``code`` (numpy), ``shapes``
    ("(4, 2) @ (2, 3) + (3,) → (4, 3)"), ``entry`` (one entry with live numbers), ``arrays``
    (Shown, in the formula's order, the result last) and ``ops``, the signs between them."""

    title: str
    formula: str
    code: str
    shapes: str
    entry: str
    arrays: tuple
    ops: tuple


def p(value):
    """A number of a step's entry, in parentheses."""
    return f"({sig(value, 3)})"


class UpdateSteps:
    """The steps of one update of a network, each as a ``Step`` record (``shown``): what both
    steppers share, notebook 04's (``NetworkStepperState``) and any network's (``UpdateStepperState``).

    A subclass gives ``STEPS`` (``update_steps(depth)``), ``step``, ``values`` (``network_pass``'s
    dict), ``params`` [W1, b1, ..., WL, bL], ``activation`` (a name) and ``lr``.
    """

    #: A sum of more terms than this is written with its first three and last: "a + b + c + … + z".
    TERMS = 8

    @property
    def current(self):
        """(phase, name) of the current step."""
        return self.STEPS[self.step]

    @property
    def depth(self):
        """The number of layers, L."""
        return len(self.params) // 2

    @property
    def weights(self):
        """{"W1": W1, "b1": b1, ...}: the parameters by name."""
        return {f"{p}{l}": w for l in range(1, self.depth + 1) for p, w in zip("Wb", self.params[2 * l - 2 : 2 * l])}

    @property
    def grads(self):
        """[dW1, db1, ..., dWL, dbL], the order of ``MLP.grads``."""
        return [self.values["d" + name] for name in self.weights]

    def shown(self, step=None):
        """The ``Step`` record of ``step`` (default: the current one)."""
        phase, name = self.STEPS[self.step if step is None else step]
        d, kind, l, new = re.fullmatch(r"(d?)([A-Zb])(\d*)(_new)?", name).groups()
        if name == "L_new":
            kind, l = "L_new", 0
        elif new:
            kind = "new"
        else:
            kind, l = d + kind, int(l or 0)
        if kind == "dZ" and l == self.depth:
            kind = "dY"
        title, formula, code, arrays, ops, entry = self._new(name) if kind == "new" else getattr(self, f"_{kind}")(l)
        shapes = " ".join(f"{a.shape or 'a number'}{'' if a.made else ' ' + op}" for a, op in zip(arrays, (*ops, "")))
        shapes = shapes.replace(" =", " →").replace(" ,", ",")
        return Step(f"{phase}: {title}", formula, code, shapes, entry, tuple(arrays), tuple(ops))

    def _sum(self, terms):
        """Terms joined by " + ", the middle of a long sum left out (``TERMS``)."""
        terms = list(terms)
        return " + ".join(terms if len(terms) <= self.TERMS else [*terms[:3], "…", terms[-1]])

    def _array(self, name, cells, made=False, label=None):
        """A ``Shown`` of the array ``name`` (a weight, or a key of ``values``; "W2ᵀ": transposed)
        whose ``cells`` ("all", "row" 0, "col" 0 or "cell" [0, 0]) the step's entry reads or makes."""
        key, weights = name.rstrip("ᵀ"), self.weights
        values = weights[key] if key in weights else np.asarray(self.values[key])
        values = values.T if name.endswith("ᵀ") else values
        drawn = np.atleast_2d(values)  # a vector as one row, L as 1×1
        rows, cols = drawn.shape
        c = {"all": (0, rows, 0, cols), "row": (0, 1, 0, cols), "col": (0, rows, 0, 1), "cell": (0, 1, 0, 1)}[cells]
        return Shown(label or name, drawn, values.shape, made, c)

    def _Z(self, l):
        prev, v, W, b = ("X" if l == 1 else f"A{l - 1}"), self.values, self.params[2 * l - 2], self.params[2 * l - 1]
        terms = self._sum(f"{p(v[prev][0, j])}{p(W[j, 0])}" for j in range(W.shape[0]))
        return (
            f"Z{l}, layer {l}'s weighted sums",
            f"Z{l} = {prev} W{l} + b{l}",
            f"Z{l} = {prev} @ W{l} + b{l}",
            [
                self._array(prev, "row"),
                self._array(f"W{l}", "col"),
                self._array(f"b{l}", "cell"),
                self._array(f"Z{l}", "cell", made=True),
            ],
            ["@", "+", "="],
            f"Z{l}[0,0] = Σ_j {prev}[0,j] W{l}[j,0] + b{l}[0] = {terms} + {p(b[0])} = {sig(v[f'Z{l}'][0, 0], 3)}",
        )

    def _A(self, l):
        f, z = self.activation, self.values[f"Z{l}"][0, 0]
        return (
            f"A{l}, layer {l}'s activations",
            f"A{l} = {f}(Z{l})",
            f"A{l} = f(Z{l})  # f: {f}",
            [self._array(f"Z{l}", "cell"), self._array(f"A{l}", "cell", made=True)],
            [f"{f} →"],
            f"A{l}[0,0] = {f}(Z{l}[0,0]) = {f}{p(z)} = {sig(self.values[f'A{l}'][0, 0], 3)}",
        )

    def _L(self, l):
        v, y, out = self.values, self.values["y"], f"Z{self.depth}"
        n = len(y)
        each = [losses.bce_with_logits(v[out][i], y[i])[0] for i in range(n)]
        said = f"(1/{n})(ℓ1 + … + ℓ{n}) = (1/{n})({self._sum(p(e) for e in each)})"
        if n == 1 and y[0, 0] in (0, 1):  # one example of label 1 or 0: one of the two terms
            s = v[f"σ({out})"][0, 0]
            said = f"−log σ({out}[0,0]) = −log{p(s)}" if y[0, 0] == 1 else f"−log(1 − σ({out}[0,0])) = −log{p(1 - s)}"
        return (
            f"L, the loss: a mean over the {n} examples" if n > 1 else "L, the loss of the one example",
            f"L = mean_i −[y log σ({out}) + (1 − y) log(1 − σ({out}))]",
            f"L = lk.losses.bce_with_logits({out}, y)[0]",
            [self._array(out, "all"), self._array("y", "all"), self._array("L", "all", made=True)],
            [",", "→"],
            f"L = {said} = {sig(v['L'], 3)}",
        )

    def _dY(self, l):
        v, y, n = self.values, self.values["y"], len(self.values["y"])
        return (
            f"dZ{l} = ∂L/∂Z{l}, the gradient at the output",
            f"dZ{l} = (σ(Z{l}) − y) / {n}",
            f"dZ{l} = (sigmoid(Z{l}) - y) / len(y)",
            [self._array(f"σ(Z{l})", "row"), self._array("y", "row"), self._array(f"dZ{l}", "row", made=True)],
            ["−", f"÷ {n} ="],
            f"dZ{l}[0,0] = (σ(Z{l}[0,0]) − y[0,0]) / {n} = ({sig(v[f'σ(Z{l})'][0, 0], 3)} − {sig(y[0, 0], 3)}) / {n}"
            f" = {sig(v[f'dZ{l}'][0, 0], 3)}",
        )

    def _dW(self, l):
        prev, v = ("X" if l == 1 else f"A{l - 1}"), self.values
        terms = self._sum(f"{p(a)}{p(d)}" for a, d in zip(v[prev][:, 0], v[f"dZ{l}"][:, 0]))
        return (
            f"dW{l}, layer {l}'s weight gradient",
            f"dW{l} = {prev}ᵀ dZ{l}",
            f"dW{l} = {prev}.T @ dZ{l}",
            [self._array(prev + "ᵀ", "row"), self._array(f"dZ{l}", "col"), self._array(f"dW{l}", "cell", made=True)],
            ["@", "="],
            f"dW{l}[0,0] = Σ_i {prev}[i,0] dZ{l}[i,0] = {terms} = {sig(v[f'dW{l}'][0, 0], 3)}",
        )

    def _db(self, l):
        v = self.values
        terms = self._sum(p(d) for d in v[f"dZ{l}"][:, 0])
        return (
            f"db{l}, layer {l}'s bias gradient",
            f"db{l} = Σ_rows dZ{l}",
            f"db{l} = dZ{l}.sum(axis=0)",
            [self._array(f"dZ{l}", "col"), self._array(f"db{l}", "cell", made=True)],
            ["Σ rows ="],
            f"db{l}[0] = Σ_i dZ{l}[i,0] = {terms} = {sig(v[f'db{l}'][0], 3)}",
        )

    def _dA(self, l):
        v, W = self.values, self.params[2 * l]
        what = f"passed down to layer {l}" if l else "what layer 1 passes down: ∂L/∂X (training does not need it)"
        terms = self._sum(f"{p(d)}{p(w)}" for d, w in zip(v[f"dZ{l + 1}"][0], W[0]))
        return (
            f"dA{l}, {what}",
            f"dA{l} = dZ{l + 1} W{l + 1}ᵀ",
            f"dA{l} = dZ{l + 1} @ W{l + 1}.T",
            [
                self._array(f"dZ{l + 1}", "row"),
                self._array(f"W{l + 1}ᵀ", "col"),
                self._array(f"dA{l}", "cell", made=True),
            ],
            ["@", "="],
            f"dA{l}[0,0] = Σ_k dZ{l + 1}[0,k] W{l + 1}[0,k] = {terms} = {sig(v[f'dA{l}'][0, 0], 3)}",
        )

    def _dZ(self, l):
        v, f, slope = self.values, self.activation, f"f'(Z{l})"
        return (
            f"dZ{l}, through the activation's slope",
            f"dZ{l} = dA{l} ⊙ {f}′(Z{l})",
            f"dZ{l} = dA{l} * f_prime(Z{l})  # f: {f}",
            [
                self._array(f"dA{l}", "cell"),
                self._array(slope, "cell", label=f"{f}′(Z{l})"),
                self._array(f"dZ{l}", "cell", made=True),
            ],
            ["⊙", "="],
            f"dZ{l}[0,0] = dA{l}[0,0] · {f}′(Z{l}[0,0]) = {p(v[f'dA{l}'][0, 0])}{p(v[slope][0, 0])}"
            f" = {sig(v[f'dZ{l}'][0, 0], 3)}",
        )

    def _new(self, name):
        v, lr, old = self.values, self.lr, name.removesuffix("_new")  # "W1_new" → W1
        at, first = ("[0,0]", lambda a: a[0, 0]) if old[0] == "W" else ("[0]", lambda a: a[0])
        return (
            f"{name}, layer {old[1:]}'s {'weights' if old[0] == 'W' else 'biases'} after the update",
            f"{name} = {old} − η d{old}",
            f"{name} = {old} - lr * d{old}  # lr = η = {sig(lr, 3)}",
            [self._array(old, "cell"), self._array(f"d{old}", "cell"), self._array(name, "cell", made=True)],
            [f"− {sig(lr, 3)} ×", "="],
            f"{name}{at} = {old}{at} − η d{old}{at} = {p(first(self.weights[old]))} − {sig(lr, 3)}"
            f"{p(first(v[f'd{old}']))} = {sig(first(v[name]), 3)}",
        )

    def _L_new(self, l):
        v, out = self.values, f"A{self.depth}_new"
        change = "lower" if v["L_new"] < v["L"] else "not lower: η is too large for this step"
        news = ", ".join(f"{name}_new" for name in self.weights)
        return (
            "L_new, the loss after the update: the forward pass again, with the new weights",
            f"L_new = the loss of the network with {news}",
            f"L_new = lk.losses.bce_with_logits({out}, y)[0]  # {out}: forward with the new weights",
            [self._array("L", "all"), self._array("L_new", "all", made=True)],
            ["→"],
            f"L = {sig(v['L'], 4)} → L_new = {sig(v['L_new'], 4)}: {change}",
        )


class NetworkStepperState(UpdateSteps):
    """Notebook 01's batch X (4, 2) and network 2-3-1 (tanh, logits, BCE on the logits),
    stepped through: forward Z1, A1, Z2, L, then backward dZ2, dW2, db2, dA1, dZ1, dW1, db1
    and dA0 (what the first layer passes down), then the update W1_new, b1_new, W2_new,
    b2_new with the learning rate lr, and L_new, the loss after it.

    Parameters
    ----------
    step : int, an index into ``STEPS`` (0 to 16)
    **inputs : fields of ``NetworkInputs`` (x, W1, b1, W2, b2, activation, lr) or one entry
        (x1, x2, W1_00, ...). ``set`` changes the step and the inputs alike.

    Attributes
    ----------
    inputs : NetworkInputs;  values : dict name → array, ``forward_backward(inputs)``
    """

    STEPS = update_steps(len(SIZES) - 1)
    ALSO = ("step",)

    def __init__(self, step=0, **inputs):
        self.step, self.inputs = 0, NetworkInputs()
        self.values = forward_backward(self.inputs)
        self.set(step=step, **inputs)

    def set(self, **changes):
        """Change the step and/or inputs by name; nothing changes if one is invalid."""
        step = check_index("step", changes.pop("step"), len(self.STEPS)) if "step" in changes else self.step
        if changes:
            inputs = self.inputs.replace(also=self.ALSO, **changes)
            self.inputs, self.values = inputs, forward_backward(inputs)
        self.step = step

    @property
    def params(self):
        """[W1, b1, W2, b2], the order of ``MLP.params``."""
        return [self.inputs.W1, self.inputs.b1, self.inputs.W2, self.inputs.b2]

    @property
    def activation(self):
        """The hidden layer's activation, by name."""
        return self.inputs.activation

    @property
    def lr(self):
        """The learning rate η of the update."""
        return self.inputs.lr


class UpdateStepperState(UpdateSteps):
    """One update of a network of any depth on any batch, stepped through as notebook 04 steps
    its 2-3-1 network (``update_steps``): forward Z1, A1, ..., ZL, L, backward dZL ... dA0, then
    W1_new ... bL_new with the learning rate ``lr`` and L_new.

    Parameters
    ----------
    params : list of arrays [W1 (d, n1), b1 (n1,), ..., WL (n_{L−1}, 1), bL (1,)], the order of
        ``MLP.params``; copied
    X : (n, d) the batch;  y : (n,) or (n, 1) its targets, from 0 to 1
    activation : the hidden layers' activation, a name in ``activations.ACTIVATIONS``
    lr : the learning rate η > 0;  step : int, an index into ``STEPS``

    Attributes
    ----------
    STEPS : ``update_steps(L)``;  values : dict name → array, ``network_pass``'s
    """

    ALSO = ("step", "lr")

    def __init__(self, params, X, y, activation="tanh", lr=0.1, step=0):
        self.params = [np.array(as_float_array(f"params[{k}]", w)) for k, w in enumerate(params)]
        if len(params) < 2 or len(params) % 2:
            raise ValueError(f"params: expected [W1, b1, ..., WL, bL], an even number of arrays; got {len(params)}")
        self.X = np.array(as_float_array("X", X, ndim=2))
        self.y = np.array(as_float_array("y", y)).reshape(-1, 1)
        if len(self.y) != len(self.X):
            raise ValueError(f"y: expected one target per row of X ({len(self.X)}), got {len(self.y)}")
        width = self.X.shape[1]
        for l, (W, b) in enumerate(zip(self.params[0::2], self.params[1::2]), start=1):
            if W.ndim != 2 or W.shape[0] != width or b.shape != (W.shape[1],):
                raise ValueError(f"W{l}, b{l}: expected shapes ({width}, k) and (k,); got {W.shape} and {b.shape}")
            width = W.shape[1]
        if width != 1:
            raise ValueError(f"W{len(params) // 2}: expected one output (a logit), got {width}")
        self.activation = activations.get(activation).name
        self.STEPS = update_steps(self.depth)
        self.step, self.lr, self.values = 0, None, None
        self.set(step=step, lr=lr)

    def set(self, **changes):
        """Change the step and/or the learning rate; nothing changes if one is invalid."""
        self._known(changes)
        step = check_index("step", changes["step"], len(self.STEPS)) if "step" in changes else self.step
        lr = check_positive("lr", changes["lr"]) if "lr" in changes else self.lr
        if lr != self.lr or self.values is None:
            with np.errstate(over="ignore"):  # tanh and σ of large sums saturate; exp overflows harmlessly
                self.values = network_pass(self.X, self.y, self.params, self.activation, lr)
        self.step, self.lr = step, lr

    def _known(self, changes):
        """Refuse a name ``set`` does not take (``ALSO``)."""
        for key in changes:
            if key not in self.ALSO:
                raise TypeError(f"set: unknown input {key!r}; expected one of {', '.join(self.ALSO)}")


#: How the run's own step differs from the gradient descent step the stepper shows, by optimizer.
OPTIMIZER_STEPS = {
    "momentum": "momentum: each weight moves by η times a decaying sum of its past gradients (v ← 0.9 v + dW), "
    "not by η·dW alone",
    "adam": "Adam: each weight's step is scaled by the history of its gradients (η m̂ / (√v̂ + ε)), so it is at "
    "most about η whatever the size of dW",
}


class RunUpdateState(UpdateStepperState):
    """One update of a training run, stepped through: the run's weights after ``epoch`` epochs
    (``run.snapshots[epoch]``), a batch of its training points as the network sees them
    (``run.inputs``, ``run.y``), and a step of gradient descent with the learning rate ``lr``
    against the gradient of the loss on that batch (``UpdateStepperState``).

    Parameters
    ----------
    run : TrainingRun (notebook 06);  epoch : int from 0 (before training) to ``run.epochs_run``
    example : the batch: a training point's index (from 0 to n − 1), a list of indices (those
        points together), or None (every training point: the run's own update when it trains
        full batch with "sgd" and no penalty)
    step : int, an index into ``STEPS``;  lr : the learning rate η > 0 (None: the run's)

    A run trained again (``run.set``) needs a new state: its weights are the run's snapshots as they were.

    Attributes
    ----------
    run, epoch, example;  X (b, d), y (b, 1): the batch;  params, values, STEPS, lr: ``UpdateStepperState``'s
    """

    ALSO = ("step", "lr", "epoch", "example")

    def __init__(self, run, epoch=0, example=0, step=0, lr=None):
        self.run = run
        self.epoch, self.example = self._checked(epoch, example)
        lr = run.settings.lr if lr is None else lr
        super().__init__(*self._batch(self.epoch, self.example), run.settings.activation, lr, step)

    def set(self, **changes):
        """Change the step, the learning rate, the epoch and/or the example; nothing changes if one is invalid."""
        self._known(changes)
        moves = {key: changes.pop(key) for key in ("epoch", "example") if key in changes}
        epoch, example = self._checked(moves.get("epoch", self.epoch), moves.get("example", self.example))
        if (epoch, example) == (self.epoch, self.example):  # the same batch: only the step or η moves
            return super().set(**changes)
        fresh = UpdateStepperState(
            *self._batch(epoch, example),
            self.activation,
            changes.get("lr", self.lr),
            changes.get("step", self.step),
        )
        self.__dict__.update(fresh.__dict__)  # the new batch's numbers, all checked
        self.epoch, self.example = epoch, example

    def _checked(self, epoch, example):
        """(epoch, example) checked against the run: an index, a tuple of indices, or None."""
        epoch = check_index("epoch", epoch, self.run.epochs_run + 1)
        n = len(self.run.y)
        if example is None:
            return epoch, None
        if isinstance(example, (list, tuple, np.ndarray)):
            if len(example) == 0:
                raise ValueError("example: expected at least one training point's index, got none")
            return epoch, tuple(check_index("example", k, n) for k in example)
        return epoch, check_index("example", example, n)

    def _batch(self, epoch, example):
        """(params, X, y): the weights after ``epoch`` epochs and the batch ``example``; an epoch whose
        outputs are not numbers (a run that blew up) has no update to step through."""
        idx = slice(None) if example is None else list(np.atleast_1d(example))
        params, X = self.run.snapshots[epoch], self.run.inputs[idx]
        if not np.isfinite(network_outputs(params, X, self.run.settings.activation)).all():
            raise ValueError(
                f"epoch: after epoch {epoch} the network's outputs overflow (the run blew up), so there is no "
                f"update to step through; expected an earlier epoch, got {epoch}"
            )
        return params, X, self.run.y[idx].astype(float)

    @property
    def title(self):
        """Which update this is: "The update after epoch 3 of the run, on training point 5 = [0.83, −0.41], label 1"."""
        run, k = self.run, self.example
        after = (
            f"The update after epoch {self.epoch} of the run"
            if self.epoch
            else "The update from the run's first weights"
        )
        if k is None:
            return f"{after}, on all {len(run.y)} training points together"
        if isinstance(k, tuple):
            return f"{after}, on training points {', '.join(map(str, k))} together"
        point = "[" + ", ".join(sig(v, 3) for v in run.X[k]) + "]"
        label = int(run.y[k])
        name = run.class_names[label]
        said = f"label {label}" + ("" if name == f"class {label}" else f" ({name})")
        inputs = ", ".join(sig(v, 3) for v in run.inputs[k])
        seen = (
            f", seen standardised as [{inputs}]"
            if run.own is not None
            else f", seen with its extra inputs as [{inputs}]"
            if run.inputs.shape[1] > run.X.shape[1]
            else ""
        )
        return f"{after}, on training point {k} = {point}{seen}, {said}"

    @property
    def differences(self):
        """How the run's own updates differ from the step shown (gradient descent, η·dW, on this batch),
        one sentence each: its optimizer, its penalties, its batches; empty when they do not."""
        settings, n = self.run.settings, len(self.run.y)
        said = []
        if settings.optimizer in OPTIMIZER_STEPS:
            said.append(f"The run steps with {OPTIMIZER_STEPS[settings.optimizer]}.")
        rates = [
            f"{name} = {sig(rate, 3)} {term}"
            for name, term, rate in (("l2 W", "W", settings.l2), ("l1 sign(W)", "sign(W)", settings.l1))
            if rate
        ]
        if rates:
            said.append(
                f"Each of its steps also goes against the penalty's gradient, {' + '.join(rates)} "
                "(the biases are not penalised)."
            )
        size = n if settings.batch_size is None else min(settings.batch_size, n)
        batch = n if self.example is None else len(np.atleast_1d(self.example))
        if size != batch:
            whole = "all its training points" if size == n else f"batches of {size} points"
            order = "" if size == n else ", shuffled anew each epoch"
            each = "one point at a time" if size == 1 else f"the gradient averaged over {whole}"
            said.append(f"It updates on {each}{order}.")
        if not said:
            return ""
        shown = "this point" if batch == 1 else "these points"
        whose = " (the run's)" if self.lr == settings.lr else ""
        return (
            " ".join(said) + f" Shown here: gradient descent's step η·dW with η = {sig(self.lr, 3)}{whose}, on {shown}."
        )
