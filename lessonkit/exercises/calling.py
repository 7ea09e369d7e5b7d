"""How a checker calls the learner's function: on copies of the inputs, with a time limit,
catching whatever it raises, and seeing whether it changed the inputs it was handed.

The call runs in a daemon thread joined with a timeout: that works in a Jupyter kernel on
Linux, macOS and Windows alike (a signal alarm works on none but the main thread of a
Unix process). A function still running at the limit is asked to stop (an exception
raised in its thread at its next Python line, on CPython); if it does not, its thread
runs on in the background, and never keeps Python from exiting.
"""
import ctypes
import inspect
import threading
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

#: Seconds each call of a learner's function may take (the reference answers take milliseconds).
TIME_LIMIT = 5.0


class _Stopped(Exception):
    """Raised inside a learner's function that ran past the time limit, to stop it."""


@dataclass(frozen=True)
class Outcome:
    """What one call did: returned ``value``, raised ``error``, or did not finish."""

    value: Any = None
    error: Optional[BaseException] = None
    finished: bool = True


def call(answer, args, limit=None):
    """Call ``answer(*args)`` in a thread, for at most ``limit`` seconds (``TIME_LIMIT``).

    numpy's floating-point warnings are off during the call: the feedback says what an
    overflow or a NaN means, in the course's words.

    Returns
    -------
    Outcome
    """
    limit = TIME_LIMIT if limit is None else limit
    result = {}

    def run():
        try:
            with np.errstate(all="ignore"):
                result["value"] = answer(*args)
        except _Stopped:
            pass
        except BaseException as exc:  # also SystemExit (exit() in the answer): reported, not obeyed
            result["error"] = exc

    thread = threading.Thread(target=run, name="lessonkit exercise check", daemon=True)
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        _stop(thread)
        return Outcome(finished=False)
    return Outcome(result.get("value"), result.get("error"))


def _stop(thread):
    """Raise ``_Stopped`` in ``thread`` at its next Python line (CPython only; an answer
    inside one long C call, such as time.sleep, stops when that call returns)."""
    try:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Stopped))
    except (AttributeError, OSError):  # not CPython: the daemon thread runs on until the kernel stops
        pass


def changed(names, before, after):
    """The names of the arrays among the inputs that the call changed.

    Parameters
    ----------
    names : sequence of str, the inputs to look at, by the names of the reference's parameters
    before : dict of name to value, the inputs as the exercise holds them
    after : dict of name to value, the copies handed to the learner's function, after the call

    Returns
    -------
    list of str
    """
    return [name for name in names
            if isinstance(before[name], np.ndarray) and not np.array_equal(before[name], after[name])]


def parameters(function):
    """The names of ``function``'s parameters, in order."""
    return list(inspect.signature(function).parameters)


def signature(answer):
    """``answer``'s parameters as written, "(x, w, b)"."""
    return str(inspect.signature(answer))


def takes(answer, n):
    """False if ``answer`` cannot be called with ``n`` positional arguments; True if it
    can, or if Python cannot tell (a builtin without a signature)."""
    try:
        inspect.signature(answer).bind(*range(n))
    except TypeError:
        return False
    except ValueError:
        return True
    return True
