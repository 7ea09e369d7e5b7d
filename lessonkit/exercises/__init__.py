"""Exercise checkers: specific feedback, offline.

In a notebook, the learner writes a function, then runs ``check("name", their_function)``.
The checker calls it on a few inputs, compares each result with a reference
solution and says which input, which element, expected against received, and a
hint. ``solution("name")`` prints the reference solution.

Each exercise is one ``Exercise`` (``base.py``): a reference function (the solution),
the inputs to try, and a hint. They live in one module per lesson, named as in
``states/``: ``forward`` (01), ``loss`` (02), ``graph`` (03), ``backprop`` (04),
``update`` (05), ``training`` (06), ``digits`` (07). See every notebook's ✏️ cells.
"""
import inspect
import textwrap

from .. import text
from . import backprop, digits, forward, graph, loss, training, update
from .graph import buggy_dense_backward
from .base import GRADIENT_TOLERANCE, RELATIVE_ERROR, Exercise, Feedback, describe, fresh, judge

#: Every exercise by name, in the order of the course.
EXERCISES = {**forward.EXERCISES, **loss.EXERCISES, **graph.EXERCISES, **backprop.EXERCISES,
             **update.EXERCISES, **training.EXERCISES, **digits.EXERCISES}

__all__ = ["check", "solution", "Feedback", "Exercise", "EXERCISES", "GRADIENT_TOLERANCE", "buggy_dense_backward"]


def _known(name):
    if name not in EXERCISES:
        raise ValueError(f"name: expected one of {', '.join(map(repr, EXERCISES))}, got {name!r}")
    return EXERCISES[name]


def check(name, answer):
    """Check the learner's function ``answer`` for exercise ``name``.

    Parameters
    ----------
    name : str, one of ``EXERCISES``
    answer : callable, the learner's function, called with each test input

    Returns
    -------
    Feedback
        Passed, or the first test input it fails on, what is off, and the hint;
        "not answered yet" when it returns None on the first input.
    """
    ex = _known(name)
    if not callable(answer):
        return Feedback(False, f"✘ {name}: expected a function, got {type(answer).__name__}.")
    worst = 0.0  # the largest relative error of a gradient check
    for i, args in enumerate(ex.cases):
        try:
            got = answer(*fresh(args))
        except Exception as exc:
            return Feedback(False, f"✘ {name}({describe(args)}) raised {type(exc).__name__}: {exc}\n"
                                   f"  Hint: {ex.hint}")
        ok, why, error = judge(ex, args, got)
        worst = max(worst, error)
        if ok is None and i == 0:
            return Feedback(False, f"… {name}: not answered yet (your function {why}). "
                                   f"Write your code in the cell above and run both cells again.")
        if not ok:
            return Feedback(False, f"✘ {name}({describe(args)}) {why}.\n  Hint: {ex.hint}")
    message = f"✔ {name}: correct on all {len(ex.cases)} test inputs."
    if ex.gradient_of is not None:
        message += f" Gradient check: largest relative error {text.sig(worst, 1)} ({RELATIVE_ERROR})."
    return Feedback(True, message)


def solution(name):
    """Print the reference solution of exercise ``name`` (one of ``EXERCISES``)."""
    source = textwrap.dedent(inspect.getsource(_known(name).reference))
    print(source.replace(f"def _{name}(", f"def {name}("))
