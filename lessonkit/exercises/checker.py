"""``check(name, answer)``: the learner's function tried on every input of an exercise, and
the verdict in the course's words.

For each input, in order: the function is called on copies, with a time limit
(``calling.py``); what it raised, returned, or changed in place is judged (``base.py``);
a wrong answer is matched against the exercise's recognised mistakes (``mistakes.py``)
before the generic report of expected against received. Nothing the function does comes
out of the checker as a traceback.
"""

import numpy as np

from .. import text
from . import calling
from .base import RELATIVE_ERROR, Feedback, call_text, fresh, judge, judged
from .mistakes import recognise


def _verdict(exercise, call, why, mistake=None):
    """A failed check: the call, what is off, the mistake recognised (if any) and the hint."""
    if mistake is None:
        return Feedback(False, f"✘ {call} {why}.\n  Hint: {exercise.hint}")
    return Feedback(False, f"✘ {call} {why}.\n  Mistake: {mistake.what}.\n  Hint: {mistake.hint or exercise.hint}")


def _not_a_function(name, answer):
    got = "None" if answer is None else type(answer).__name__
    return Feedback(
        False,
        f"✘ {name}: expected a function, got {got}. Pass the function itself, without "
        f'calling it: lk.exercises.check("{name}", {name}).',
    )


def _raised(exercise, call, args, exc, passed=()):
    """A call that raised ``exc`` on ``args`` (having been right on the inputs ``passed``): in the
    course's words when the error is a recognised mistake."""
    mistake = recognise(exercise, args, exc=exc, passed=passed)
    if mistake is not None:
        return _verdict(exercise, call, f"raised {type(exc).__name__}", mistake)
    return _verdict(exercise, call, f"raised {type(exc).__name__}: {exc}")


def _whole(got):
    """True if ``got`` is an integer or an array of integers (not floats that happen to be whole)."""
    return np.asarray(got).dtype.kind in "iu"


def _not_whole(exercise, call, got):
    kind = (
        f"the right values, but as dtype {np.asarray(got).dtype}, not integers"
        if np.ndim(got)
        else f"{float(got)!r} ({type(got).__name__}): the right value, but not an integer"
    )
    return Feedback(False, f"✘ {call} returned {kind}; a count is a whole number.\n  Hint: {exercise.integers}")


def _changed_in_place(exercise, call, names):
    them = " and ".join(names)
    return Feedback(
        False,
        f"✘ {call} changed {them} in place: the exercise asks to leave "
        f"{' and '.join(exercise.unchanged)} unchanged and to return new arrays.\n"
        f"  Hint: p = p - … makes a new array; p -= …, p *= … and p[:] = … change the one "
        f"handed over, which the caller still needs. {exercise.hint}",
    )


def check(name, exercise, answer):
    """Check the learner's function ``answer`` for ``exercise`` (called ``name``).

    Returns
    -------
    Feedback
        Passed, or the first test input it fails on, what is off (the mistake, when
        recognised) and the hint; "not answered yet" when it returns None on the first input,
        or raises NotImplementedError there (the stub nbgrader hands out).
    """
    if not callable(answer):
        return _not_a_function(name, answer)
    names = calling.parameters(exercise.reference)
    if not calling.takes(answer, len(names)):
        return Feedback(
            False,
            f"✘ {name}: your function takes {calling.signature(answer)}, but the check calls it "
            f"with {len(names)} inputs: {name}({', '.join(names)}).",
        )
    worst = 0.0  # the largest relative error of a gradient check
    for i, args in enumerate(exercise.cases):
        call = call_text(name, exercise, args)
        given = fresh(args)
        outcome = calling.call(judged(exercise, answer), given)
        if not outcome.finished:
            return _verdict(
                exercise,
                call,
                f"did not finish in {text.sig(calling.TIME_LIMIT, 3)} s (an endless "
                f"loop? a while whose condition never turns false?), so it was stopped",
            )
        if isinstance(outcome.error, NotImplementedError) and i == 0:  # nbgrader's stub: raise NotImplementedError()
            return Feedback(
                False,
                f"… {name}: not answered yet (your function raises NotImplementedError). "
                f"Write your code in the cell above, in place of that line, and run both cells "
                f"again.",
            )
        if outcome.error is not None:
            return _raised(exercise, call, args, outcome.error, passed=exercise.cases[:i])
        moved = calling.changed(exercise.unchanged, dict(zip(names, args)), dict(zip(names, given)))
        if moved:
            return _changed_in_place(exercise, call, moved)
        got = outcome.value
        try:
            ok, why, error = judge(exercise, args, got)
        except Exception as exc:  # an object numpy cannot read, or one that fails as it is read
            return _verdict(
                exercise,
                call,
                f"returned {type(got).__name__}, which cannot be read as numbers ({type(exc).__name__}: {exc})",
            )
        worst = max(worst, error)
        if ok is None and i == 0:
            return Feedback(
                False,
                f"… {name}: not answered yet (your function {why}). "
                f"Write your code in the cell above and run both cells again.",
            )
        if not ok:
            mistake = None if ok is None else recognise(exercise, args, got=got, passed=exercise.cases[:i])
            return _verdict(exercise, call, why, mistake)
        if exercise.integers and not _whole(got):
            return _not_whole(exercise, call, got)
    message = f"✔ {name}: correct on all {len(exercise.cases)} test inputs."
    if exercise.gradient_of is not None:
        message += f" Gradient check: largest relative error {text.sig(worst, 1)} ({RELATIVE_ERROR})."
    return Feedback(True, message)
