"""Exercises of notebook 10 (notebooks/10_micrograd.ipynb): two operations added to ``Value``,
e^v and tanh v, each a function that takes a Value and returns a new one with its ``_backward``;
and one neuron made of Values.

An answer is an operation on Values, not numbers, so it is judged through a graph built with it
(``Through``). For an operation: v = x, out = the answer's operation on v, L = c · out + v, then
``L.backward()``. v is used twice, so the operation's share must be added to the 1 that ``+ v``
puts in ``v.grad``; and c ≠ 1, so it must be multiplied by ``out.grad``. What is judged is
(out.data, v.grad), against the reference's. For the neuron: its weights and bias made Values,
out = the answer's neuron on x, ``out.backward()``, and (out.data, the weights' grads, b.grad)
judged. Each reference solution ``_name`` is what ``solution("name")`` prints.
"""

import numpy as np

import lessonkit as lk  # the solutions call lk.autograd.Value, as a notebook can

from .. import text
from ..autograd import Value
from .base import Exercise, Mistake, Through, Wrong, describe


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


def _value_neuron(w, b, x):
    z = b
    for wi, xi in zip(w, x):
        z = z + wi * xi  # each product and sum a Value: the graph is recorded as it is computed
    return z.tanh()


def _not_a_value(out):
    return Wrong(
        f"returned {type(out).__name__} {out!r}, not a Value: the graph needs out = Value(…, (v,), …) "
        f"with its _backward attached"
    )


def _in_a_graph(operation, x, c):
    """(out.data, v.grad, u.grad) after out = operation(v) with u = x, v = 1 · u, L = c · out + v and
    L.backward(); None if the operation returned None, or ``Wrong`` if it returned something else
    than a Value. v is computed from u, so the backward pass must reach out before v: an out that
    does not list v among its inputs leaves u without out's share."""
    u = Value(x, label="u")
    v = 1.0 * u
    out = operation(v)
    if out is None:
        return None
    if not isinstance(out, Value):
        return _not_a_value(out)
    L = c * out + v
    L.backward()
    return out.data, v.grad, u.grad


def _call(name, x, c):
    return f"{name}(v) with v = 1·u, u = {text.sig(x, 5)}, in L = {text.sig(c, 5)}·out + v,"


IN_A_GRAPH = Through(_in_a_graph, _call)
CASES = ((0.5, 2.0), (-1.5, -0.5), (1.2, 3.0))
OUTPUTS = ("out.data", "v.grad", "u.grad")


def _neuron_in_a_graph(neuron, w, b, x):
    """(out.data, the weights' grads, b.grad) after out = neuron(w, b, x), its weights and bias Values,
    and out.backward(); None if it returned None, ``Wrong`` if it returned something else than a Value."""
    ws, bv = [Value(wi, label=f"w{i + 1}") for i, wi in enumerate(w)], Value(b, label="b")
    out = neuron(ws, bv, [float(xi) for xi in x])
    if out is None:
        return None
    if not isinstance(out, Value):
        return Wrong(f"returned {type(out).__name__} {out!r}, not a Value: a neuron of Values returns tanh(z), a Value")
    out.backward()
    return out.data, np.array([wi.grad for wi in ws]), bv.grad


def _neuron_call(name, w, b, x):
    return f"{name}(w, b, x) with w = {describe((w,))}, b = {text.sig(b, 5)}, x = {describe((x,))},"


def _neuron_with(bias=True, tanh=True):
    """value_neuron with the bias left out, or the tanh."""

    def neuron(w, b, x):
        z = sum((wi * xi for wi, xi in zip(w, x)), b if bias else 0.0)
        return z.tanh() if tanh else z

    return neuron


def _neuron_of_numbers(w, b, x):
    """value_neuron computed from .data: the right number, in a Value cut off from w and b."""
    return Value(np.tanh(sum(wi.data * xi for wi, xi in zip(w, x)) + b.data))


def _math_on_a_value(args, exc):
    """A ``raises`` predicate: math.tanh or math.exp handed a Value ("must be real number, not Value")."""
    return isinstance(exc, TypeError) and "not Value" in str(exc)


def _operation(forward, slope, assign=False, attach=True, children=True):
    """An operation as a learner writes it: out.data = forward(x), and a _backward that puts
    slope(v, out) into v.grad (with = when ``assign``), attached unless ``attach`` is False; out made
    without its input v when ``children`` is False."""

    def operation(v):
        out = Value(forward(v.data), (v,) if children else (), "op")

        def _backward():
            if assign:
                v.grad = slope(v, out)
            else:
                v.grad += slope(v, out)

        if attach:
            out._backward = _backward
        return out

    return operation


def _value_for_its_number(args, exc):
    """A ``raises`` predicate: the Value v handed where its number v.data belongs, to math
    ("must be real number, not Value") or to Value() itself (np.exp(v) is v.exp(), a Value)."""
    said = str(exc)
    return isinstance(exc, TypeError) and (
        "not Value" in said or ("data: expected a number" in said and "(Value)" in said)
    )


def _mistakes(forward, right_slope):
    """The mistakes both operations share, for an operation whose local derivative is ``right_slope(v, out)``."""
    f = forward.__name__  # "exp", "tanh"
    return (
        Mistake(
            f"the Value v handed where its number belongs: math.{f}(v) refuses a Value, and np.{f}(v) gives one, "
            "which Value() refuses as its data",
            f"Compute the number from the number: out = Value(np.{f}(v.data), (v,), '{f}'), with v.data.",
            raises=_value_for_its_number,
        ),
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
            "out made without its input: Value(…) with no (v,), so the backward pass does not know out comes "
            "after v, may reach v first, and hands u (what v was computed from) none of out's share",
            f"out = Value(np.{f}(v.data), (v,), '{f}'): the tuple of inputs orders the backward pass.",
            answer=_operation(forward, lambda v, out: right_slope(v, out) * out.grad, children=False),
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
        "The pattern of every operation: out = Value(np.exp(v.data), (v,), 'exp'); in _backward, "
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
    "value_neuron": Exercise(
        _value_neuron,
        (
            (np.array([0.5, -0.5]), 0.1, np.array([1.0, 2.0])),  # our example's neuron, with tanh
            (np.array([0.3, -1.2, 0.8]), -0.4, np.array([0.5, 0.25, -1.0])),
        ),
        "Start from b and add each wi * xi, Values all the way (z = b, then z = z + wi * xi in a loop, or "
        "sum((wi * xi for wi, xi in zip(w, x)), b)), then return z.tanh(): every step a Value, so backward() "
        "reaches every weight and the bias.",
        outputs=("out.data", "the weights' grads", "b.grad"),
        through=Through(_neuron_in_a_graph, _neuron_call),
        mistakes=(
            Mistake(
                "the graph is cut: out computed from .data, plain numbers, so no gradient reaches w and b",
                "Compute with the Values themselves (wi * xi, z + …, z.tanh()), never with .data: a number "
                "taken out of a Value leaves the graph.",
                answer=_neuron_of_numbers,
            ),
            Mistake(
                "the bias b is left out: z = w·x, where the neuron computes z = w·x + b",
                "Start the sum from b: z = b, then add each wi * xi.",
                answer=_neuron_with(bias=False),
            ),
            Mistake(
                "the tanh is left out: the neuron returns z, not tanh(z)",
                "Return z.tanh(), the engine's tanh of a Value.",
                answer=_neuron_with(tanh=False),
            ),
            Mistake(
                "math.tanh (or math.exp) handed a Value: math works on plain numbers only",
                "Call the Value's own operation, z.tanh(): it computes the number and records how.",
                raises=_math_on_a_value,
            ),
        ),
    ),
}
