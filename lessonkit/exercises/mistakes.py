"""Recognising a common mistake in a wrong answer, and the mistakes every exercise shares.

Each exercise lists its own ``Mistake``s (``base.py``), tried first and in order; then the
ones here, which turn numpy's and Python's errors into the course's words. An exercise's
mistake is recognised by the wrong solution itself (``answer``: the same result, or the same error
raised), by a predicate on what the answer returned (``when``) or on what it raised (``raises``).
"""

import numpy as np

from .base import Mistake, compare, fresh, judge, judged


def raised(kind, *words):
    """A ``raises`` predicate: an exception of type ``kind`` whose message holds each of ``words``."""
    return lambda args, exc: isinstance(exc, kind) and all(word in str(exc) for word in words)


def product_does_not_fit(args, exc):
    """A ``raises`` predicate: a matrix product (@, np.dot) whose shapes do not fit."""
    # numpy 2: "matmul: Input operand 1 has a mismatch in its core dimension 0, ..."; np.dot: "shapes ... not aligned"
    return isinstance(exc, ValueError) and ("matmul" in str(exc) or "not aligned" in str(exc))


#: The mistakes any exercise may show, tried after the exercise's own.
COMMON = (
    Mistake(
        "a matrix product whose shapes do not fit: A @ B needs as many columns in A as rows in B "
        "(shapes (n, k) @ (k, m) give (n, m)). Write each array's shape beside your line",
        raises=product_does_not_fit,
    ),
    Mistake(
        "two arrays numpy cannot line up element by element: their shapes must be equal from the right, "
        "or 1 where they differ ((n, k) with (k,) or (n, 1), never with (n,) unless n = k)",
        raises=raised(ValueError, "broadcast"),
    ),
    Mistake(
        "overflow: a number beyond the largest float (about 1.8e308), such as e^1000",
        raises=lambda args, exc: isinstance(exc, (OverflowError, FloatingPointError)),
    ),
)


def _same(expected, got, rtol):
    """True if ``got`` matches ``expected`` (as ``compare`` judges); False also if it cannot be read."""
    try:
        return compare(expected, got, rtol)[0] is True
    except Exception:  # an answer numpy cannot read: no mistake matches it
        return False


def matches(exercise, args, wrong, got, whole=False):
    """Whether the answer ``got`` is the wrong answer ``wrong`` to the inputs ``args``.

    For a tuple answer, the first part ``got`` gets wrong (the part the feedback names)
    must be the first part the mistake gets wrong, and the same; the parts after it may
    hold other mistakes, or none. With ``whole``, every part must be the mistake's.
    """
    if not exercise.outputs:
        return _same(wrong, got, exercise.rtol)
    right = judged(exercise, exercise.reference)(*fresh(args))
    if not isinstance(got, (tuple, list)) or not len(got) == len(right) == len(wrong):
        return False
    if whole:
        return all(_same(wrong_part, got_part, exercise.rtol) for wrong_part, got_part in zip(wrong, got))
    for right_part, wrong_part, got_part in zip(right, wrong, got):
        got_right, wrong_right = (
            _same(right_part, got_part, exercise.rtol),
            _same(right_part, wrong_part, exercise.rtol),
        )
        if not (got_right and wrong_right):  # the first part the answer, or the mistake, gets wrong: the same one
            return not got_right and _same(wrong_part, got_part, exercise.rtol)
    return False


def _raises_alike(answer, args, exc):
    """Whether the wrong solution ``answer`` raises on ``args`` what the learner's raised: the same
    type and message (numpy's names the shapes that do not fit)."""
    try:
        answer(*fresh(args))
    except Exception as own:
        return type(own) is type(exc) and str(own) == str(exc)
    return False


def _right_on(exercise, answer, passed):
    """Whether the wrong solution ``answer`` is right on every input of ``passed``."""
    return all(judge(exercise, args, judged(exercise, answer)(*fresh(args)))[0] is True for args in passed)


def _seen(exercise, mistake, args, got, exc, passed, whole):
    """Whether ``mistake`` is what the answer to ``args`` shows (it returned ``got``, or raised ``exc``),
    the answer having been right on the inputs ``passed``: a wrong solution that fails one of those
    is not the one the learner wrote, however alike the two are on ``args``. ``whole``: see ``matches``."""
    if exc is not None:
        if mistake.raises is not None:
            return mistake.raises(args, exc)
        return (
            mistake.answer is not None
            and _raises_alike(judged(exercise, mistake.answer), args, exc)
            and _right_on(exercise, mistake.answer, passed)
        )
    if mistake.when is not None:
        return mistake.when(args, got)
    if mistake.answer is not None:
        return matches(exercise, args, judged(exercise, mistake.answer)(*fresh(args)), got, whole) and _right_on(
            exercise, mistake.answer, passed
        )
    return False


def in_another_order(exercise, args, got):
    """The mistake of a tuple answer that holds the right parts in another order, or None: its
    ``what`` names the order given and the order the check wants."""
    if not exercise.outputs or exercise.through is not None or not isinstance(got, (tuple, list)):
        return None
    right = exercise.reference(*fresh(args))
    if len(got) != len(right):
        return None
    names = exercise.outputs(right) if callable(exercise.outputs) else exercise.outputs
    order = []
    for part in got:
        same = [j for j, r in enumerate(right) if j not in order and _same(r, part, exercise.rtol)]
        if not same:
            return None
        order.append(same[0])
    if order == sorted(order):
        return None
    wanted = ", ".join(names)
    return Mistake(
        f"the right {len(names)} parts in another order: ({', '.join(names[j] for j in order)}), where the check "
        f"wants ({wanted})",
        f"Return them in the order ({wanted}).",
    )


def recognise(exercise, args, got=None, exc=None, passed=()):
    """The first mistake, the exercise's own then ``COMMON``, that a wrong answer shows.

    Parameters
    ----------
    exercise : Exercise
    args : tuple, the inputs the answer got wrong
    got : what the answer returned (when it returned)
    exc : BaseException, what the answer raised (when it raised)
    passed : the inputs the answer got right before ``args``

    Returns
    -------
    Mistake or None
    """
    # the exercise's own mistakes, then the right parts in another order, then the common ones
    own = _first_seen(exercise, exercise.mistakes, args, got, exc, passed)
    if own is not None:
        return own
    reordered = in_another_order(exercise, args, got) if exc is None else None
    if reordered is not None:
        return reordered
    return _first_seen(exercise, COMMON, args, got, exc, passed)


def _first_seen(exercise, mistakes, args, got, exc, passed):
    """The first of ``mistakes`` the answer shows: one that explains the whole of a tuple answer
    first, then one that explains its first wrong part; or None."""
    for whole in (True, False) if exercise.outputs and exc is None else (False,):
        for mistake in mistakes:
            try:
                with np.errstate(all="ignore"):  # a wrong solution may overflow, as the learner's did
                    if _seen(exercise, mistake, args, got, exc, passed, whole):
                        return mistake
            except Exception:  # a wrong solution that cannot run on these inputs: not this mistake
                continue
    return None
