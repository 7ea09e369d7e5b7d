"""Exercise checkers: specific feedback, offline.

In a notebook, the learner writes a function, then runs ``check("name", their_function)``.
The checker calls it on a few inputs, compares each result with a reference
solution and says which input, which element, expected against received, the
mistake when it recognises one, and a hint. ``solution("name")`` prints the
reference solution. A teacher turns solutions and hints off for a graded session with
``LESSONKIT_SOLUTIONS=off`` in the kernels' environment (``solutions_on``).

Each exercise is one ``Exercise`` (``base.py``): a reference function (the solution),
the inputs to try, a hint, and the mistakes it recognises (``mistakes.py``); the
checker (``checker.py``) calls the learner's function with a time limit (``calling.py``).
The exercises live in one module per lesson, named as its notebook (``lessonkit.lessons``):
``forward_pass`` (01), ``loss`` (02), ``chain_rule`` (03), ``backprop_network`` (04), ``update`` (05),
``epochs`` (06), ``digits`` (07), ``breast_cancer`` (08), ``from_scratch`` (09), ``micrograd`` (10). See
every notebook's ✏️ cells.
"""

import inspect
import os
import textwrap
from collections.abc import Mapping

from .. import lessons
from . import checker
from .base import GRADIENT_TOLERANCE, Exercise, Feedback, Mistake
from .chain_rule import buggy_dense_backward


class _Exercises(Mapping):
    """Every lesson's exercises by name, in the course's order: read from ``lessonkit.lessons``
    when used, so a lesson registered later is here too."""

    def __getitem__(self, name):
        return lessons.exercises()[name]

    def __iter__(self):
        return iter(lessons.exercises())

    def __len__(self):
        return len(lessons.exercises())

    def __repr__(self):
        return repr(lessons.exercises())

    def _ipython_key_completions_(self):  # EXERCISES["<Tab> in a notebook
        return list(self)


#: Every exercise by name, in the order of the course.
EXERCISES = _Exercises()

__all__ = [
    "check",
    "solution",
    "Feedback",
    "Exercise",
    "Mistake",
    "EXERCISES",
    "GRADIENT_TOLERANCE",
    "buggy_dense_backward",
    "solutions_on",
    "working",
]

#: The teacher's switch, read from the kernel's environment on every call: "off" for a graded session.
SWITCH = "LESSONKIT_SOLUTIONS"
OFF = (
    "Solutions and hints are off for this session: your teacher set LESSONKIT_SOLUTIONS=off. "
    "The checker still says which input is wrong, what came and which mistake it sees."
)


def solutions_on():
    """Whether ``solution()`` and the checker's hints are on: the environment variable
    ``LESSONKIT_SOLUTIONS`` unset, empty or "on", not "off" (a teacher's graded session).
    Any other value is the teacher's typo, and an error that names it."""
    value = os.environ.get(SWITCH, "").strip().lower()
    if value not in ("", "on", "off"):
        raise ValueError(f"{SWITCH}: expected on or off, got {os.environ[SWITCH]!r}")
    return value != "off"


def _known(name):
    if not isinstance(name, str) or name not in EXERCISES:
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
        Passed, or the first test input it fails on, what is off, the mistake when the
        checker recognises it, and the hint; "not answered yet" when it returns None on
        the first input. Never raises for anything ``answer`` does (see ``checker.py``).
        With solutions off (``solutions_on``), no hint.
    """
    exercise, on = _known(name), solutions_on()
    feedback = checker.check(name, exercise, answer)
    if not on and "\n  Hint: " in feedback.message:  # what is off and the mistake stay; the hint goes
        feedback = Feedback(feedback.passed, feedback.message.split("\n  Hint: ")[0] + "\n  " + OFF)
    return feedback


def solution(name):
    """Print the reference solution of exercise ``name`` (one of ``EXERCISES``), or, with
    solutions off (``solutions_on``), say so."""
    exercise = _known(name)
    if not solutions_on():
        print(OFF)
        return
    source = textwrap.dedent(inspect.getsource(exercise.reference))
    print(source.replace(f"def _{name}(", f"def {name}("))


def working(*functions):
    """The learner's ``functions``, each one itself if it passes the check of the exercise it is named
    after, or else that exercise's reference solution, so the cells after a notebook's exercises run
    either way; prints which, one line each. With solutions off (``solutions_on``), each is the
    learner's own, passing or not: the cells below run the learner's code.

    Parameters
    ----------
    *functions : callables named as exercises (``init_params``, ``mlp_forward``, ...), checked in order

    Returns
    -------
    tuple of callables, in the order given
    """
    chosen = []
    for function in functions:
        name = getattr(function, "__name__", None)
        if name not in EXERCISES:
            raise ValueError(
                f"functions: expected functions named as exercises ({', '.join(EXERCISES)}), got {function!r}"
            )
        if check(name, function).passed:
            print(f"{name}: yours, which passes its check")
            chosen.append(function)
        elif not solutions_on():
            print(f"{name}: yours, not passing its check yet (solutions are off for this session)")
            chosen.append(function)
        else:
            print(f"{name}: not passing its check yet: the cells below use the course's solution")
            chosen.append(EXERCISES[name].reference)
    return tuple(chosen)
