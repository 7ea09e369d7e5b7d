"""Exercises of notebook 10 (notebooks/10_micrograd.ipynb): two operations added to ``Value``,
e^v and tanh v, each a function that takes a Value and returns a new one with its ``_backward``.

An answer is an operation, not numbers, so it is judged through a graph built with it
(``Through``): v = x, out = the answer's operation on v, L = c · out + v, then ``L.backward()``.
v is used twice, so the operation's share must be added to the 1 that ``+ v`` puts in
``v.grad``; and c ≠ 1, so it must be multiplied by ``out.grad``. What is judged is
(out.data, v.grad), against the reference's. Each reference solution ``_name`` is what
``solution("name")`` prints.
"""

import numpy as np

import lessonkit as lk  # the solutions call lk.autograd.Value, as a notebook can

from .. import text
from ..autograd import Value
from .base import Exercise, Mistake, Through, Wrong


def _value_exp(v):
    out = lk.autograd.Value(np.exp(v.data), (v,), "exp")

    def _backward():
        v.grad += out.data * out.grad  # d(e^v)/dv = e^v, which is out.data

    out._backward = _backward
    return out


def _value_tanh(v):
    t = np.tanh(v.data)
    out = lk.autograd.Value(t, (v,), "tanh")

    def _backward():
        v.grad += (1 - t**2) * out.grad  # tanh' = 1 − tanh²

    out._backward = _backward
    return out


def _in_a_graph(operation, x, c):
    """(out.data, v.grad) after out = operation(v) with v = x, L = c · out + v and L.backward();
    None if the operation returned None, or ``Wrong`` if it returned something else than a Value."""
    v = Value(x, label="v")
    out = operation(v)
    if out is None:
        return None
    if not isinstance(out, Value):
        return Wrong(
            f"returned {type(out).__name__} {out!r}, not a Value: the graph needs out = Value(…, (v,), …) "
            f"with its _backward attached"
        )
    L = c * out + v
    L.backward()
    return out.data, v.grad


def _call(name, x, c):
    return f"{name}(v) with v = {text.sig(x, 5)}, in L = {text.sig(c, 5)}·out + v,"


IN_A_GRAPH = Through(_in_a_graph, _call)
CASES = ((0.5, 2.0), (-1.5, -0.5), (1.2, 3.0))
OUTPUTS = ("out.data", "v.grad")


def _operation(forward, slope, assign=False, attach=True):
    """An operation as a learner writes it: out.data = forward(x), and a _backward that puts
    slope(v, out) into v.grad (with = when ``assign``), attached unless ``attach`` is False."""

    def operation(v):
        out = Value(forward(v.data), (v,), "op")

        def _backward():
            if assign:
                v.grad = slope(v, out)
            else:
                v.grad += slope(v, out)

        if attach:
            out._backward = _backward
        return out

    return operation


def _mistakes(forward, right_slope):
    """The mistakes both operations share, for an operation whose local derivative is ``right_slope(v, out)``."""
    return (
        Mistake(
            "v.grad assigned with = where it must be added to with +=: the 1 that the other path, + v, "
            "put there is lost",
            "v.grad += …: each path into v adds its share, and = throws away what another path put there "
            "(notebook 03's classic bug).",
            answer=_operation(forward, lambda v, out: right_slope(v, out) * out.grad, assign=True),
        ),
        Mistake(
            "the local derivative is not multiplied by out.grad: v.grad gets d(out)/dv, where the chain rule "
            "asks for dL/d(out) · d(out)/dv",
            "v.grad += (local derivative) * out.grad: out.grad is dL/d(out), what the graph above out hands down.",
            answer=_operation(forward, right_slope),
        ),
        Mistake(
            "_backward is written but never attached: without out._backward = _backward, backward() calls "
            "the do-nothing function every Value starts with",
            "After defining _backward, attach it: out._backward = _backward, then return out.",
            answer=_operation(forward, lambda v, out: right_slope(v, out) * out.grad, attach=False),
        ),
    )


def _exp_slope(v, out):
    return out.data


def _tanh_slope(v, out):
    return 1 - out.data**2


EXERCISES = {
    "value_exp": Exercise(
        _value_exp,
        CASES,
        "The pattern of every operation: out = Value(e^v, (v,), 'exp'); in _backward, "
        "v.grad += (local derivative) * out.grad, where d(e^v)/dv = e^v is out.data; "
        "then out._backward = _backward, and return out.",
        outputs=OUTPUTS,
        through=IN_A_GRAPH,
        mistakes=(
            *_mistakes(np.exp, _exp_slope),
            Mistake(
                "the derivative of e^v taken as v.data: d(e^v)/dv is e^v itself, out.data, not v",
                "v.grad += out.data * out.grad: e^v is its own derivative.",
                answer=_operation(np.exp, lambda v, out: v.data * out.grad),
            ),
            Mistake(
                "out.grad passed down alone, as + does: the local derivative e^v is missing",
                "Multiply by the local derivative: v.grad += out.data * out.grad.",
                answer=_operation(np.exp, lambda v, out: out.grad),
            ),
        ),
    ),
    "value_tanh": Exercise(
        _value_tanh,
        CASES,
        "The pattern of every operation: t = tanh(v.data), out = Value(t, (v,), 'tanh'); in _backward, "
        "v.grad += (1 − t²) * out.grad, since tanh' = 1 − tanh²; then out._backward = _backward, and return out.",
        outputs=OUTPUTS,
        through=IN_A_GRAPH,
        mistakes=(
            *_mistakes(np.tanh, _tanh_slope),
            Mistake(
                "tanh's derivative written 1 − tanh, where it is 1 − tanh²",
                "tanh' = 1 − tanh², the output squared: v.grad += (1 - t**2) * out.grad.",
                answer=_operation(np.tanh, lambda v, out: (1 - out.data) * out.grad),
            ),
            Mistake(
                "tanh's derivative taken at the input, 1 − v², where it is 1 − tanh(v)², the output squared",
                "Square the output t = tanh(v.data), not v: v.grad += (1 - t**2) * out.grad.",
                answer=_operation(np.tanh, lambda v, out: (1 - v.data**2) * out.grad),
            ),
        ),
    ),
}
