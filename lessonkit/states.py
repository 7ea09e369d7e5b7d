"""The numbers behind each widget, with no ipywidgets and no matplotlib.

A widget's view (``lessonkit.widgets``) keeps one of these, sets its inputs when a
control moves, and draws what it computes. Tests drive the states directly.
"""
import re
import warnings

import numpy as np

from . import activations, datasets, losses, optim
from ._checks import as_float_array, as_scalar, check_choice, check_index
from .network import MLP
from .neuron import NEURON_LOSSES, neuron_step
from .training import DivergenceWarning, train

#: The seed's example, met first in notebook 00.
SEED = dict(x=(1.0, 2.0), y=1.0, w=(0.5, -0.5), b=0.1, lr=0.1)


def two_numbers(name, value):
    """``value`` as a float array of exactly two entries (x or w of a two-input neuron)."""
    arr = as_float_array(name, value, ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"{name}: expected two numbers (the neuron has two inputs), got {arr.shape[0]}")
    return arr


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
        self.x = two_numbers("x", x)
        self.extent = extent
        self.grid = np.linspace(-extent, extent, resolution)  # (r,)
        self.X1, self.X2 = np.meshgrid(self.grid, self.grid)  # (r, r): x1 along columns, x2 along rows
        self.w = np.zeros(2)
        self.b = 0.0
        self.activation = "sigmoid"
        self.set(w=w, b=b, activation=activation)

    def set(self, w=None, b=None, activation=None, w1=None, w2=None):
        """Change any of the neuron's settings; the others stay."""
        w = self.w.copy() if w is None else two_numbers("w", w)
        if w1 is not None:
            w[0] = as_scalar("w1", w1)
        if w2 is not None:
            w[1] = as_scalar("w2", w2)
        b = self.b if b is None else as_scalar("b", b)
        activation = self.activation if activation is None else activations.get(activation).name
        self.w, self.b, self.activation = w, b, activation  # all checked: nothing changes on bad input

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
            start, end = np.array([-e, (-b + w1 * e) / w2]), np.array([e, (-b - w1 * e) / w2])
        elif w1 != 0:  # solve for x1 at the bottom and top edges
            start, end = np.array([(-b + w2 * e) / w1, -e]), np.array([(-b - w2 * e) / w1, e])
        else:
            return [], []
        # keep the part inside the square (both ends pulled in along the line)
        start, end = _clip_to_square(start, end, e), _clip_to_square(end, start, e)
        if np.abs(np.concatenate([start, end])).max() > e * (1 + 1e-9):
            return [], []  # the line misses the square
        return [start[0], end[0]], [start[1], end[1]]


def _clip_to_square(p, q, e):
    """``p`` moved along the line through p and q until it lies in [-e, e]²
    (unchanged if it already does)."""
    d = q - p
    t = 0.0
    for k in range(2):
        if p[k] > e and d[k] < 0:
            t = max(t, (e - p[k]) / d[k])
        elif p[k] < -e and d[k] > 0:
            t = max(t, (-e - p[k]) / d[k])
    return p + min(t, 1.0) * d


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
        y_hat = self.y_hat if y_hat is None else as_scalar("y_hat", y_hat)
        if not 0.0 < y_hat < 1.0:
            raise ValueError(f"y_hat: expected a prediction strictly between 0 and 1, got {y_hat}")
        y = self.y if y is None else as_scalar("y", y)
        if not 0.0 <= y <= 1.0:
            raise ValueError(f"y: expected a target in [0, 1], got {y}")
        self.y_hat, self.y = y_hat, y

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
                 w_range=(-3.0, 3.0), resolution=81, center=(0.0, 0.0)):
        self.x = two_numbers("x", x)
        self.y, self.b = as_scalar("y", y), as_scalar("b", b)
        self.activation = activations.get(activation).name
        self.loss_name = check_choice("loss", loss, NEURON_LOSSES)
        self.axis = np.linspace(*w_range, resolution)  # (r,), offsets from center
        self.W1, self.W2 = np.meshgrid(center[0] + self.axis, center[1] + self.axis)  # (r, r)
        #: the chart's limits, (lo, hi) of w1 and of w2: w_range moved to center
        self.w1_lim = (center[0] + w_range[0], center[0] + w_range[1])
        self.w2_lim = (center[1] + w_range[0], center[1] + w_range[1])
        self.w = two_numbers("w", w)
        self.set()

    def set(self, w=None, w1=None, w2=None):
        """Move the weights; nothing changes if the new ones are invalid."""
        w = self.w.copy() if w is None else two_numbers("w", w)
        if w1 is not None:
            w[0] = as_scalar("w1", w1)
        if w2 is not None:
            w[1] = as_scalar("w2", w2)
        self.step = neuron_step(self.x, self.y, w, self.b, 1.0, self.activation, self.loss_name)
        self.w = self.step.w

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


# ---- notebooks 03 and 04: one neuron's graph, stepped through ------------------

#: The LaTeX name of each activation in the equations.
ACT_TEX = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{relu}", "identity": r"\mathrm{id}"}


def num(v):
    """A number for an equation: integers plain, the rest to three decimals."""
    v = float(v)
    if abs(v) < 5e-4:
        return "0"  # never "-0" or "-0.000"
    return f"{v:.0f}" if abs(v - round(v)) < 5e-4 and abs(v) < 1e6 else f"{v:.3f}"


#: What the numbers of an equation use of TeX, written as plain text.
PLAIN = {r"\sigma": "σ", r"\cdot": "·", "^2": "²", "-": "\u2212"}


def plain_math(tex):
    r"""A line of TeX without fractions as plain text, as mathtext would show it:
    ``\mathrm{relu}`` → relu, ``\tanh`` → tanh, ``\sigma`` → σ, ``^2`` → ², "-" → "−"."""
    for command, text in PLAIN.items():
        tex = tex.replace(command, text)
    return re.sub(r"\\mathrm\{(\w+)\}|\\(\w+)", lambda m: m.group(1) or m.group(2), tex)


def paren(v):
    """``num(v)``, in parentheses when negative (so "a - (-0.5)", never "a - -0.5")."""
    text = num(v)
    return f"({text})" if text.startswith("-") else text


class NeuronCase:
    """The inputs of one update of one neuron (x, y, w, b, lr, activation, loss)
    and its ``record`` from ``neuron_step``; what the graph stepper and the
    step-through share. ``set`` changes any input and recomputes."""

    def __init__(self, x=SEED["x"], y=SEED["y"], w=SEED["w"], b=SEED["b"], lr=SEED["lr"],
                 activation="sigmoid", loss="bce"):
        self.record = neuron_step(two_numbers("x", x), y, two_numbers("w", w), b, lr, activation, loss)
        self.set()  # what follows from the record (a subclass may add to set)

    # the inputs are the record's: kept once
    x = property(lambda self: self.record.x)
    w = property(lambda self: self.record.w)
    y = property(lambda self: self.record.y)
    b = property(lambda self: self.record.b)
    lr = property(lambda self: self.record.lr)
    activation = property(lambda self: self.record.activation)
    loss_name = property(lambda self: self.record.loss_name)

    def set(self, **changes):
        """Change inputs by name: x, y, w, b, lr, activation, loss, or one entry as
        x1, x2, w1, w2. Nothing changes if the new inputs are invalid."""
        r = self.record
        x, w = r.x.copy(), r.w.copy()
        values = dict(y=r.y, b=r.b, lr=r.lr, activation=r.activation, loss=r.loss_name)
        for key, value in changes.items():
            if key == "x":
                x = two_numbers("x", value)  # the graph draws two inputs
            elif key == "w":
                w = two_numbers("w", value)
            elif key in ("x1", "x2", "w1", "w2"):
                (x if key[0] == "x" else w)[int(key[1]) - 1] = as_scalar(key, value)
            elif key in values:
                values[key] = value
            else:
                raise TypeError(f"set: unknown input {key!r}; expected x, y, w, b, lr, activation, loss, x1, x2, w1, w2")
        self.record = neuron_step(x, values["y"], w, values["b"], values["lr"], values["activation"], values["loss"])


class GraphStepperState(NeuronCase):
    """The seed neuron as a computational graph, stepped through node by node:
    forward z, a, L, then backward ∂L/∂a, ∂L/∂z, ∂L/∂w1, ∂L/∂w2, ∂L/∂b.
    See notebooks/03_chain_rule.ipynb.

    ``step`` is the index into ``STEPS``; ``equation()`` is the current step's
    formula in LaTeX with the live numbers substituted.
    """

    STEPS = (("forward", "z"), ("forward", "a"), ("forward", "L"),
             ("backward", "a"), ("backward", "z"), ("backward", "w1"), ("backward", "w2"), ("backward", "b"))

    def __init__(self, step=0, **inputs):
        super().__init__(**inputs)
        self.step = 0
        self.set_step(step)

    def set_step(self, step):
        self.step = check_index("step", step, len(self.STEPS))

    @property
    def current(self):
        """(phase, node name) of the current step."""
        return self.STEPS[self.step]

    def values(self):
        """Node name → value, for every node whose value is known at this step."""
        r = self.record
        known = {"x1": r.x[0], "x2": r.x[1], "w1": r.w[0], "w2": r.w[1], "b": r.b, "y": r.y}
        computed = {"z": r.z, "a": r.a, "L": r.loss}
        for phase, name in self.STEPS[: self.step + 1]:
            if phase == "forward":
                known[name] = computed[name]
        if self.current[0] == "backward":
            known.update(computed)
        return {k: float(v) for k, v in known.items()}

    def grads(self):
        """Node name → ∂L/∂node, for every gradient known at this step."""
        r = self.record
        all_grads = {"a": r.dL_da, "z": r.dL_dz, "w1": r.grad_w[0], "w2": r.grad_w[1], "b": r.grad_b}
        known = {"L": 1.0} if self.current[0] == "backward" else {}
        for phase, name in self.STEPS[: self.step + 1]:
            if phase == "backward":
                known[name] = all_grads[name]
        return {k: float(v) for k, v in known.items()}

    def path(self):
        """The nodes the current step reads, from the current node back to where
        its numbers come from: its inputs going forward, the path from L going back."""
        phase, name = self.current
        if phase == "forward":
            return {"z": ["z", "x1", "w1", "x2", "w2", "b"], "a": ["a", "z"], "L": ["L", "a", "y"]}[name]
        return {"a": ["a", "L"], "z": ["z", "a", "L"]}.get(name, [name, "z", "a", "L"])

    def equation(self):
        """The current step's formula in LaTeX, symbols then live numbers."""
        r, (phase, name) = self.record, self.current
        f = ACT_TEX[r.activation]
        if phase == "forward":
            if name == "z":
                return (rf"z = w_1 x_1 + w_2 x_2 + b = ({num(r.w[0])})({num(r.x[0])}) + ({num(r.w[1])})({num(r.x[1])})"
                        rf" + ({num(r.b)}) = {num(r.z)}")
            if name == "a":
                return rf"a = {f}(z) = {f}({num(r.z)}) = {num(r.a)}"
            if r.loss_name == "bce":
                return (rf"L = -[y \log(a) + (1-y)\log(1-a)] = -[{num(r.y)} \cdot \log({num(r.a)}) + {num(1 - r.y)}"
                        rf" \cdot \log({num(1 - r.a)})] = {num(r.loss)}")
            return rf"L = (a - y)^2 = ({num(r.a)} - {paren(r.y)})^2 = {num(r.loss)}"
        if name == "a":
            if r.loss_name == "bce":
                return (rf"\frac{{\partial L}}{{\partial a}} = -\frac{{y}}{{a}} + \frac{{1-y}}{{1-a}}"
                        rf" = {num(r.dL_da)}")
            return rf"\frac{{\partial L}}{{\partial a}} = 2(a - y) = 2({num(r.a)} - {paren(r.y)}) = {num(r.dL_da)}"
        chain = (rf"\frac{{\partial L}}{{\partial a}} \cdot \frac{{\partial a}}{{\partial z}}", f"({num(r.dL_da)})({num(r.da_dz)})")
        if name == "z":
            return rf"\frac{{\partial L}}{{\partial z}} = {chain[0]} = {chain[1]} = {num(r.dL_dz)}"
        sym, local, grad = {"w1": ("w_1", r.x[0], r.grad_w[0]), "w2": ("w_2", r.x[1], r.grad_w[1]),
                            "b": ("b", 1.0, r.grad_b)}[name]
        return (rf"\frac{{\partial L}}{{\partial {sym}}} = {chain[0]} \cdot \frac{{\partial z}}{{\partial {sym}}}"
                rf" = {chain[1]}({num(local)}) = {num(grad)}")

    def equation_lines(self):
        """The equation as the graph stepper draws it: (its formula in LaTeX, "lhs = formula",
        for mathtext; its numbers as plain text, "= numbers = result"). Mathtext takes ~15 ms
        to parse a line, and the numbers change with every slider move; the formula does not."""
        lhs, formula, *numbers = self.equation().split(" = ")
        return f"{lhs} = {formula}", plain_math("= " + " = ".join(numbers))


class StepThroughState(NeuronCase):
    """One update of one neuron in four stages: forward, loss, gradients, update.
    See notebooks/04_update.ipynb.

    ``numbers()`` is what the current stage shows: the fields of ``record``
    (a ``NeuronStep``) computed so far, plus, at the update, the loss after it.
    """

    STAGES = ("forward", "loss", "gradients", "update")
    SHOWN = {
        "forward": ("z", "a"),
        "loss": ("loss",),
        "gradients": ("dL_da", "da_dz", "dL_dz", "grad_w", "grad_b"),
        "update": ("w_new", "b_new"),
    }

    def __init__(self, stage=0, **inputs):
        super().__init__(**inputs)
        self.stage = 0
        self.set_stage(stage)

    def set(self, **changes):
        super().set(**changes)
        r = self.record
        self.after = neuron_step(r.x, r.y, r.w_new, r.b_new, r.lr, r.activation, r.loss_name)

    def set_stage(self, stage):
        self.stage = check_index("stage", stage, len(self.STAGES))

    @property
    def stage_name(self):
        return self.STAGES[self.stage]

    #: what the graph highlights at each stage: (active node, nodes read, going backward?)
    HIGHLIGHT = {
        "forward": ("a", ("z", "x1", "w1", "x2", "w2", "b"), False),
        "loss": ("L", ("a", "y"), False),
        "gradients": ("z", ("w1", "w2", "b", "a", "L"), True),
        "update": (None, ("w1", "w2", "b"), True),
    }

    def values(self):
        """Node name → value on the graph at this stage (before the update; the
        view writes the new w and b next to them at the update)."""
        r = self.record
        known = {"x1": r.x[0], "x2": r.x[1], "w1": r.w[0], "w2": r.w[1], "b": r.b, "y": r.y, "z": r.z, "a": r.a}
        if self.stage >= self.STAGES.index("loss"):
            known["L"] = r.loss
        return {k: float(v) for k, v in known.items()}

    def grads(self):
        """Node name → ∂L/∂node on the graph at this stage (none before the gradients)."""
        if self.stage < self.STAGES.index("gradients"):
            return {}
        r = self.record
        grads = {"L": 1.0, "a": r.dL_da, "z": r.dL_dz, "w1": r.grad_w[0], "w2": r.grad_w[1], "b": r.grad_b}
        return {k: float(v) for k, v in grads.items()}

    def numbers(self):
        """Field name → value for every number shown up to the current stage."""
        out = {}
        for name in self.STAGES[: self.stage + 1]:
            for field in self.SHOWN[name]:
                out[field] = getattr(self.record, field)
        if self.stage_name == "update":
            out["loss_after"] = self.after.loss
        return out

    @property
    def loss_after(self):
        """The loss on the same example after the update."""
        return self.after.loss

    @property
    def overshoots(self):
        """True when the update made the loss larger: the learning rate is too large."""
        return self.after.loss > self.record.loss


# ---- notebook 05: a training run, recorded to scrub through --------------------

OPTIMIZERS = {
    "sgd": lambda lr: optim.SGD(lr),
    "momentum": lambda lr: optim.SGD(lr, momentum=0.9),
    "adam": lambda lr: optim.Adam(lr),
}


class TrainingRun:
    """A small network trained on a 2-D dataset, recorded epoch by epoch so a
    slider can scrub through it afterwards. See notebooks/05_epochs.ipynb.

    Settings: dataset (a name in ``datasets.GENERATED``), hidden (layer sizes),
    activation, optimizer ("sgd", "momentum", "adam"), lr, batch_size (None for
    full batch), epochs, seed (of the data, the weights and the shuffling), n
    (points). Changing any setting with ``set`` trains again; the same settings
    give the same run.

    After a run: ``history`` (lessonkit.History), ``snapshots`` (params after
    each epoch, index 0 = before training), ``X``, ``y``, and ``frame(epoch)``.
    """

    DEFAULTS = dict(dataset="moons", hidden=(8, 8), activation="tanh", optimizer="adam", lr=0.03,
                    batch_size=32, epochs=150, seed=0, n=200)

    def __init__(self, resolution=60, progress=None, **settings):
        self.settings = dict(self.DEFAULTS)
        self.resolution = resolution
        self.set(progress=progress, **settings)

    def set(self, progress=None, **settings):
        """Change settings and train again. ``progress(fraction)`` is called after each epoch."""
        unknown = set(settings) - set(self.DEFAULTS)
        if unknown:
            raise TypeError(f"set: unknown setting {sorted(unknown)[0]!r}; expected one of {', '.join(self.DEFAULTS)}")
        new = {**self.settings, **settings}
        check_choice("dataset", new["dataset"], list(datasets.GENERATED))
        check_choice("optimizer", new["optimizer"], list(OPTIMIZERS))
        hidden = tuple(new["hidden"])
        if any(isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1 for h in hidden):
            raise ValueError(f"hidden: expected positive whole numbers of units, got {list(hidden)}")
        new["hidden"] = hidden
        model = MLP([2, *hidden, 1], activation=new["activation"], seed=new["seed"])  # checks sizes, activation
        opt = OPTIMIZERS[new["optimizer"]](new["lr"])  # checks lr
        make = datasets.GENERATED[new["dataset"]]
        X, y = make() if new["dataset"] == "xor" else make(new["n"], seed=new["seed"])
        snapshots = [[p.copy() for p in model.params]]

        def record(epoch, model, history):
            snapshots.append([p.copy() for p in model.params])
            if progress is not None:
                progress(epoch / new["epochs"])

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DivergenceWarning)
            history = train(model, X, y, "bce_with_logits", opt, new["epochs"], batch_size=new["batch_size"],
                            seed=new["seed"], callback=record)
        self.settings = new
        self.model, self.X, self.y = model, X, y
        self.history, self.snapshots = history, snapshots
        diverged = [w for w in caught if issubclass(w.category, DivergenceWarning)]
        self.message = str(diverged[0].message) if diverged else ""
        self._grid()

    def _grid(self):
        lo, hi = self.X.min(axis=0) - 0.5, self.X.max(axis=0) + 0.5
        self.extent = (lo[0], hi[0], lo[1], hi[1])
        g1 = np.linspace(lo[0], hi[0], self.resolution)
        g2 = np.linspace(lo[1], hi[1], self.resolution)
        G1, G2 = np.meshgrid(g1, g2)
        self.grid = np.column_stack([G1.ravel(), G2.ravel()])  # (r², 2)

    @property
    def epochs_run(self):
        """Epochs completed (fewer than asked if training diverged)."""
        return len(self.snapshots) - 1

    def _load(self, epoch):
        """Put the weights after ``epoch`` epochs into ``self.model``."""
        epoch = check_index("epoch", epoch, self.epochs_run + 1)
        for p, saved in zip(self.model.params, self.snapshots[epoch]):
            p[...] = saved

    def frame(self, epoch):
        """The network after ``epoch`` epochs (0 = before training): its predicted
        probability of class 1 over the grid, shape (r, r), row i the i-th value of x2."""
        self._load(epoch)
        with np.errstate(over="ignore", invalid="ignore"):  # a run that blew up has huge weights
            p = activations.sigmoid(self.model.forward(self.grid)[:, 0])
        return np.nan_to_num(p, nan=0.5).reshape(self.resolution, self.resolution)

    def accuracy(self, epoch):
        """The fraction of the run's points the network classifies right after
        ``epoch`` epochs (a point whose output is not a number counts as wrong)."""
        self._load(epoch)
        with np.errstate(over="ignore", invalid="ignore"):
            logits = self.model.forward(self.X)[:, 0]
        return float(np.mean(np.isfinite(logits) & ((logits > 0) == (self.y == 1))))
