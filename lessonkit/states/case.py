"""What the one-neuron lessons share: the course's example, the inputs of one
neuron as a frozen record, and ``NeuronCase``, a state holding those inputs and
the ``neuron_step`` record they give.

Every state of ``lessonkit.states`` keeps its inputs in a small frozen record
(``Inputs``) and changes them one way: ``state.set(name=value, ...)``, which
checks the new values, builds a new record and recomputes; on bad input it
raises a clear error and nothing changes.
"""

from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np

from .. import activations
from .._checks import as_float_array, as_scalar, check_choice, check_positive
from ..neuron import NEURON_LOSSES, neuron_step

#: The course's example, met first in notebook 00: one sigmoid neuron with
#: cross-entropy loss, x = [1, 2], y = 1, w = [0.5, −0.5], b = 0.1, η = 0.1.
EXAMPLE = dict(x=(1.0, 2.0), y=1.0, w=(0.5, -0.5), b=0.1, lr=0.1, activation="sigmoid", loss="bce")

#: The largest size of a number the lessons draw (an input, a weight, a target, η):
#: beyond it the pictures would be all edge and the numbers all exponent.
LIMIT = 1000.0


def drawable(name, value):
    """``value`` as a float from −LIMIT to LIMIT, or a ValueError naming ``name``
    and the range that works."""
    value = as_scalar(name, value)
    if abs(value) > LIMIT:
        raise ValueError(f"{name}: the lesson draws numbers from −{LIMIT:g} to {LIMIT:g}; got {value:g}")
    return value


def two_numbers(name, value):
    """``value`` as a float array of exactly two drawable entries (x or w of a
    two-input neuron), shape (2,)."""
    arr = as_float_array(name, value, ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"{name}: expected two numbers (the neuron has two inputs), got {arr.shape[0]}")
    for i, v in enumerate(arr):
        drawable(f"{name}{i + 1}", v)
    return arr


@dataclass(frozen=True, eq=False)
class Inputs:
    """Base of a state's inputs: a frozen record whose fields are checked when it
    is made, and changed only by ``replace``."""

    #: Names that change one entry of an array field: name → (field, index).
    ENTRIES: ClassVar[dict] = {}
    #: What one of its names is called in an error ("input", "setting").
    WORD: ClassVar[str] = "input"

    def names(self):
        """Every name ``replace`` takes."""
        return [f.name for f in fields(self)] + list(self.ENTRIES)

    def replace(self, also=(), **changes):
        """A new record with ``changes`` (field names, or ENTRIES such as w1); an
        unknown name is a TypeError that lists the known ones and ``also`` (the
        names the state's ``set`` takes besides, such as a stepper's step)."""
        for key in changes:
            if key not in self.names():
                known = ", ".join([*also, *self.names()])
                raise TypeError(f"set: unknown {self.WORD} {key!r}; expected one of {known}")
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for key, value in changes.items():
            if key in self.ENTRIES:
                field, i = self.ENTRIES[key]
                values[field] = np.array(values[field], dtype=float)
                values[field][i] = as_scalar(key, value)
            else:
                values[key] = value
        return type(self)(**values)


@dataclass(frozen=True, eq=False)
class NeuronInputs(Inputs):
    """The inputs of one update of one two-input neuron.

    Parameters
    ----------
    x : (2,) the input;  y : the target;  w : (2,) the weights;  b : the bias
    lr : the learning rate η > 0;  activation : a name in ``activations.ACTIVATIONS``
    loss : "bce" or "mse"

    Every number must be drawable (from −LIMIT to LIMIT). ``replace`` also takes
    x1, x2, w1, w2 (one entry of x or w).
    """

    x: np.ndarray = EXAMPLE["x"]
    y: float = EXAMPLE["y"]
    w: np.ndarray = EXAMPLE["w"]
    b: float = EXAMPLE["b"]
    lr: float = EXAMPLE["lr"]
    activation: str = EXAMPLE["activation"]
    loss: str = EXAMPLE["loss"]

    ENTRIES: ClassVar[dict] = {"x1": ("x", 0), "x2": ("x", 1), "w1": ("w", 0), "w2": ("w", 1)}

    def __post_init__(self):
        checked = dict(
            x=two_numbers("x", self.x),
            y=drawable("y", self.y),
            w=two_numbers("w", self.w),
            b=drawable("b", self.b),
            lr=drawable("lr", check_positive("lr", self.lr)),
            activation=activations.get(self.activation).name,
            loss=check_choice("loss", self.loss, NEURON_LOSSES),
        )
        for name in ("x", "w"):  # a copy no one can write to: the record stays as it was made
            checked[name] = checked[name].copy()
            checked[name].flags.writeable = False
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def step(self):
        """``neuron_step`` on these inputs: every number of the update (checks that
        the loss suits the activation)."""
        return neuron_step(self.x, self.y, self.w, self.b, self.lr, self.activation, self.loss)


class ReadsNeuronInputs:
    """Gives a state that keeps ``self.inputs`` (a ``NeuronInputs``) its inputs by
    the names the lessons use: x, w, y, b, lr, activation, loss_name."""

    x = property(lambda self: self.inputs.x)
    w = property(lambda self: self.inputs.w)
    y = property(lambda self: self.inputs.y)
    b = property(lambda self: self.inputs.b)
    lr = property(lambda self: self.inputs.lr)
    activation = property(lambda self: self.inputs.activation)
    loss_name = property(lambda self: self.inputs.loss)


class NeuronCase(ReadsNeuronInputs):
    """A state made of ``NeuronInputs`` and the ``record`` (a ``NeuronStep``) of
    the update they give; what the graph stepper and the step-through share.

    Parameters
    ----------
    **inputs : any field of ``NeuronInputs``; the rest are the course's example.
    """

    #: What ``set`` takes besides the inputs (a stepper's position).
    ALSO = ()

    def __init__(self, **inputs):
        self.inputs = NeuronInputs()
        self.record = self.inputs.step()
        self.set(**inputs)

    def set(self, **changes):
        """Change inputs by name (x, y, w, b, lr, activation, loss, or one entry as
        x1, x2, w1, w2) and recompute. Nothing changes if the new inputs are invalid."""
        inputs = self.inputs.replace(also=self.ALSO, **changes)
        record = inputs.step()
        self.inputs, self.record = inputs, record
