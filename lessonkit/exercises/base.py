"""What every exercise shares: the ``Exercise`` record, its recognised ``Mistake``s, the
``Feedback`` verdict, and how one answer is judged against the reference (or, for a
gradient, by gradient checking). An answer that is an object rather than numbers (an
operation on ``Value``s) is judged ``Through`` what is built with it.

The exercises themselves are in one module per lesson; how a mistake is recognised in
``mistakes.py``; ``check`` in ``checker.py``, ``solution`` in ``__init__.py``.
"""

import functools
import reprlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import text
from ..gradcheck import numerical_gradient, relative_error

#: Below this largest relative error |g − n| / max(|g| + |n|, 1e-8) a gradient passes a gradient check.
GRADIENT_TOLERANCE = 1e-6
RELATIVE_ERROR = "|g − n| / max(|g| + |n|, 1e-8), g yours, n the numerical gradient; below 1e-6 they agree"


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; shown as its message."""

    passed: bool
    message: str

    def __repr__(self):
        return self.message


@dataclass(frozen=True)
class Mistake:
    """A common wrong answer, how to recognise it, and what to say about it.

    It is recognised by one of: ``answer``, the wrong solution itself (recognised when
    the learner's answer equals its answer on the failing input, or raises the same error
    there, and it is right wherever the learner was; for a tuple answer, in the first part
    the learner gets wrong, a mistake that explains every part coming first);
    ``when(args, got)``, a predicate on the answer ``got`` to the inputs ``args``;
    ``raises(args, exc)``, a predicate on the exception the answer raised.
    """

    what: str  # the mistake, as the feedback names it
    hint: str = ""  # what to do instead ("": the exercise's hint)
    answer: Callable | None = None
    when: Callable | None = None
    raises: Callable | None = None


@dataclass(frozen=True)
class Through:
    """How an answer that is not numbers is judged: an operation on ``Value``s, say.

    ``run(answer, *case)`` builds something with ``answer`` and returns the numbers judged
    (a tuple, named by ``Exercise.outputs``), None when ``answer`` returned None, or a
    ``Wrong`` saying what is wrong with what ``answer`` returned; ``call(name, *case)`` is
    the call as the feedback names it.
    """

    run: Callable
    call: Callable


class Wrong(str):
    """What ``Through.run`` returns for an answer of the wrong kind: what is wrong with it,
    in the course's words (the feedback says it as it is)."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: the reference solution, the inputs it is tried on, a hint.

    ``outputs`` names the parts of a tuple answer (or is a function of the
    reference's answer giving them, when their number depends on the input).
    ``gradient_of``, when given, is a scalar function of the inputs: the answer is
    then its gradient with respect to the first input, judged by gradient checking.
    ``mistakes`` are the wrong answers the checker recognises, tried in order.
    ``integers``, when given, says the answer must be whole numbers (an int, an
    integer array) and is the hint for right values of another type.
    ``unchanged`` names the inputs the answer must leave unchanged.
    ``through``, when given (a ``Through``), says the answer (and so the reference and each
    mistake's ``answer``) is an operation, judged by the numbers ``through.run`` builds with it
    on each case.
    """

    reference: Callable
    cases: tuple  # tuples of positional arguments
    hint: str
    rtol: float = 1e-6
    outputs: tuple | Callable = ()
    gradient_of: Callable | None = None
    mistakes: tuple = ()
    integers: str = ""
    unchanged: tuple = ()
    through: Through | None = None


def judged(exercise, function):
    """``function`` (an answer, the reference, a mistake's) as the checker calls it on a case:
    itself, or, for an exercise judged ``through`` something built, the function of the case
    that builds it."""
    if exercise.through is None:
        return function
    return functools.partial(exercise.through.run, function)


def call_text(name, exercise, args):
    """The call of ``name`` on the inputs ``args``, as the feedback names it."""
    if exercise.through is not None:
        return exercise.through.call(name, *args)
    return f"{name}({describe(args)})"


def _fmt(value):
    """A value in feedback: arrays and numbers as everywhere in the course (``lessonkit.text``)."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "iub":  # labels, counts: written as integers
        return np.array2string(value, separator=", ")
    if isinstance(value, np.ndarray):
        return text.array(value, 5)
    if isinstance(value, (float, np.floating)):
        return text.sig(value, 5)
    return repr(value)


def _arg(a):
    """One input in feedback: small arrays and numbers written out, the rest described."""
    if isinstance(a, (list, tuple)):
        if all(isinstance(v, str) for v in a):
            return repr(list(a))
        kind = (
            "arrays"
            if all(isinstance(v, np.ndarray) for v in a)
            else "pairs"
            if all(isinstance(v, tuple) and len(v) == 2 for v in a)
            else "items"
        )
        return f"<{type(a).__name__} of {len(a)} {kind}>"
    if np.ndim(a) >= 2 or np.size(a) > 8:
        return f"<array of shape {np.shape(a)}>"
    return _fmt(a)


def describe(args):
    """The inputs of one test, as feedback names them."""
    return ", ".join(_arg(a) for a in args)


def fresh(value):
    """A copy of an input (arrays, also inside lists and tuples), so an answer that
    changes its inputs cannot change the exercise."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(fresh(v) for v in value)
    return value


def _compare_parts(expected, got, rtol, names):
    """Compare a tuple answer part by part, naming the part that is off."""
    if got is None:
        return None, "returned None"
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        return False, (
            f"returned {type(got).__name__}, expected a {type(expected).__name__} of {len(expected)}: "
            f"({', '.join(names)})"
        )
    for name, exp_part, got_part in zip(names, expected, got):
        ok, why = compare(exp_part, got_part, rtol)
        if not ok:
            return False, f"returned None for {name}" if ok is None else f"got {name} wrong: {why}"
    return True, ""


def _read(expected, got):
    """(``got`` as a finite float array shaped like ``expected``, True, ""), or
    (None, False, what is wrong with it), or (None, None, why) if unanswered."""
    if got is None:
        return None, None, "returned None"
    if isinstance(got, (str, bytes)):
        return None, False, f"returned the text {got!r}, not a number or an array of numbers"
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        what = _arg(got) if isinstance(got, (list, tuple)) else f"{type(got).__name__} {reprlib.repr(got)}"
        return None, False, f"returned {what}, not a number or an array of numbers"
    if got_arr.shape != np.shape(expected):
        return None, False, f"returned shape {got_arr.shape}, expected shape {np.shape(expected)}"
    if not np.isfinite(got_arr).all():
        return None, False, f"returned a non-finite value: {_fmt(got_arr)}"
    return got_arr, True, ""


def _nested(expected):
    """Whether ``expected`` is a list or tuple of lists, tuples or arrays (a network's parameters, a
    cache): compared item by item, so that what is off is said by its place, rather than read as one array."""
    return isinstance(expected, (list, tuple)) and any(
        isinstance(item, (list, tuple)) or np.ndim(item) > 0 for item in expected
    )


def _compare_items(expected, got, rtol):
    """``compare`` for a list or tuple compared item by item; what is off says where: "at [1][0]: …"."""
    if got is None:
        return None, "returned None"
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        what = f"a {type(got).__name__} of {len(got)}" if isinstance(got, (tuple, list)) else type(got).__name__
        return False, f"returned {what}, expected a {type(expected).__name__} of {len(expected)}"
    for i, (exp_item, got_item) in enumerate(zip(expected, got)):
        ok, why = compare(exp_item, got_item, rtol)
        if not ok:  # None inside the answer is a wrong item, not an unanswered exercise
            return False, f"at [{i}]{why[3:]}" if why.startswith("at [") else f"at [{i}]: {why}"
    return True, ""


def compare(expected, got, rtol):
    """(True, "") if ``got`` matches ``expected``; (False, what is off); (None, why) if unanswered.
    A list of arrays of different shapes, or of lists, is compared item by item."""
    if _nested(expected):
        return _compare_items(expected, got, rtol)
    exp_arr = np.asarray(expected, dtype=float)
    got_arr, ok, why = _read(exp_arr, got)
    if got_arr is None:
        return ok, why
    close = np.isclose(got_arr, exp_arr, rtol=rtol, atol=1e-9)
    if close.all():
        return True, ""
    if exp_arr.ndim == 0:
        return False, f"expected {_fmt(float(exp_arr))}, got {_fmt(float(got_arr))}"
    idx = tuple(int(i) for i in np.argwhere(~close)[0])
    where = idx[0] if len(idx) == 1 else idx
    return False, (
        f"element {where} is off: expected {_fmt(float(exp_arr[idx]))}, got {_fmt(float(got_arr[idx]))}"
        f" ({int((~close).sum())} of {close.size} elements differ)"
    )


def _judge_gradient(value_of, args, got):
    """Judge ``got`` as the gradient of the number ``value_of(*args)`` with respect to
    ``args[0]``, against centred finite differences (``lessonkit.gradcheck``).

    Returns (ok, why, error), ``error`` the largest relative error |g − n| / max(|g| + |n|, 1e-8)
    (0 when the answer could not be compared)."""
    Z = np.array(args[0], dtype=float)
    numeric = numerical_gradient(lambda: value_of(Z, *args[1:]), Z)
    got_arr, ok, why = _read(numeric, got)
    if got_arr is None:
        return ok, why, 0.0
    errors = relative_error(got_arr, numeric)
    worst = float(errors.max())
    if worst < GRADIENT_TOLERANCE:
        return True, "", worst
    idx = tuple(int(i) for i in np.argwhere(errors >= GRADIENT_TOLERANCE)[0])  # the first one off
    where = idx[0] if len(idx) == 1 else idx
    return (
        False,
        (
            f"fails the gradient check: element {where} is off: expected the numerical gradient "
            f"{_fmt(float(numeric[idx]))}, got {_fmt(float(got_arr[idx]))}; largest relative error "
            f"{text.sig(worst, 2)} ({RELATIVE_ERROR})"
        ),
        worst,
    )


def judge(exercise, args, got):
    """Judge the answer ``got`` to ``exercise`` on the inputs ``args``.

    Returns
    -------
    ok : True if right, False if wrong, None if unanswered (None returned)
    why : str, what is off ("" when right)
    error : float, the relative error of a gradient check (0.0 for other exercises)
    """
    if exercise.gradient_of is not None:
        return _judge_gradient(exercise.gradient_of, args, got)
    if isinstance(got, Wrong):
        return False, str(got), 0.0
    expected = judged(exercise, exercise.reference)(*fresh(args))
    if exercise.outputs:
        names = exercise.outputs(expected) if callable(exercise.outputs) else exercise.outputs
        return (*_compare_parts(expected, got, exercise.rtol, names), 0.0)
    return (*compare(expected, got, exercise.rtol), 0.0)
