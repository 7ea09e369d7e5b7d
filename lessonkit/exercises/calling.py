"""How a checker calls the learner's function: on copies of the inputs, with a time limit,
catching whatever it raises, and seeing whether it changed the inputs it was handed.

The call runs in a daemon thread joined with a timeout: that works in a Jupyter kernel on
Linux, macOS and Windows alike (a signal alarm works on none but the main thread of a
Unix process). A function still running at the limit, or when the learner presses Stop
(KeyboardInterrupt) during the wait, is asked to stop: on CPython, ``_Stopped`` (a
BaseException, which ``except Exception`` does not catch) is raised in its thread at its next
Python line, and again every 0.1 s until the thread has ended, for ``STOP_TRYING`` seconds.
A function that swallows even that (a bare ``except:`` or ``except BaseException`` in its
loop), or any function on another Python, runs on in its daemon thread in the background,
which never keeps Python from exiting.
"""

import ctypes
import inspect
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Seconds each call of a learner's function may take (the reference answers take milliseconds).
TIME_LIMIT = 5.0

#: Seconds a function past its limit is asked again and again to stop, before it is left to run.
STOP_TRYING = 3.0

#: Seconds between two requests to stop.
STOP_EVERY = 0.1


class _Stopped(BaseException):
    """Raised inside a learner's function that ran past the time limit, to stop it: a
    BaseException, so that the learner's ``except Exception`` lets it through."""


@dataclass(frozen=True)
class Outcome:
    """What one call did: returned ``value``, raised ``error``, or did not finish."""

    value: Any = None
    error: BaseException | None = None
    finished: bool = True


def call(answer, args, limit=None):
    """Call ``answer(*args)`` in a thread, for at most ``limit`` seconds.

    numpy's floating-point warnings are off during the call: the feedback says what an
    overflow or a NaN means, in the course's words. A call still running at the limit is
    stopped (``_stop``), and so is one running when the wait is interrupted (the learner
    pressing Stop: the KeyboardInterrupt goes on to the caller).

    Parameters
    ----------
    answer : callable
        The learner's function.
    args : sequence
        The inputs to call it with: copies, which the function may change.
    limit : float, optional
        Seconds the call may take; ``TIME_LIMIT`` if None.

    Returns
    -------
    Outcome
        What the call returned or raised, or ``finished=False`` if it ran past ``limit``.
    """
    limit = TIME_LIMIT if limit is None else limit
    result = {}
    stopping = _Stopping()

    def run():
        try:
            try:
                with np.errstate(all="ignore"):
                    result["value"] = answer(*args)
            except BaseException as exc:  # also SystemExit (exit() in the answer): reported, not obeyed;
                result["error"] = exc  # and _Stopped, once the caller no longer reads the result
            finally:
                stopping.close()
        except _Stopped:  # sent again as the call ended, before close
            stopping.close()

    thread = threading.Thread(target=run, name="lessonkit exercise check", daemon=True)
    thread.start()
    try:
        thread.join(limit)
    except BaseException:  # KeyboardInterrupt (Stop pressed) during the wait: stop the answer too
        _stop(thread, stopping)
        raise
    if thread.is_alive():
        _stop(thread, stopping)
        return Outcome(finished=False)
    return Outcome(result.get("value"), result.get("error"))


class _Stopping:
    """Between a call's thread and the thread that stops it: once the call's thread has
    closed, no ``_Stopped`` is sent to it, nor left pending, so that none is raised after
    the call, in the code of ``threading``."""

    def __init__(self):
        self._lock = threading.Lock()
        self._closed = False

    def close(self):
        """In the call's thread, as the call ends."""
        while True:
            try:
                with self._lock:
                    self._closed = True
                    _raise_in(threading.get_ident(), None)  # withdraws a _Stopped sent and not yet raised
                return
            except _Stopped:  # raised just before it was withdrawn: close again
                pass

    def send(self, thread):
        """Raise ``_Stopped`` in ``thread`` at its next Python line; False if there is no
        point: the thread has closed or ended, or this Python cannot raise in another thread.

        Not ``thread.is_alive()``: after a join interrupted by KeyboardInterrupt, Python 3.11
        takes a thread still running for ended."""
        with self._lock:
            return not self._closed and _raise_in(thread.ident, _Stopped)


def _raise_in(ident, exc):
    """Have thread ``ident`` raise ``exc`` at its next Python line (None: withdraw that request).
    True if done; False if there is no such thread, or no ``PyThreadState_SetAsyncExc`` (not
    CPython)."""
    try:
        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (AttributeError, OSError):
        return False
    return set_async_exc(ctypes.c_ulong(ident), None if exc is None else ctypes.py_object(exc)) == 1


def _stop(thread, stopping):
    """Stop ``thread``, without waiting for it: in a thread of its own, send it ``_Stopped``
    every ``STOP_EVERY`` seconds until it has ended, giving up after ``STOP_TRYING`` seconds.

    A function inside one long C call (time.sleep, a large matrix product) stops when that
    call returns. One that catches every exception in its loop (a bare ``except:`` or
    ``except BaseException``) swallows each ``_Stopped``, and on Python other than CPython
    nothing can be sent: either runs on in its daemon thread, in the background.
    """

    def keep_sending():
        give_up = time.monotonic() + STOP_TRYING
        while stopping.send(thread) and time.monotonic() < give_up:
            time.sleep(STOP_EVERY)

    threading.Thread(target=keep_sending, name="lessonkit exercise stop", daemon=True).start()


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
    return [
        name for name in names if isinstance(before[name], np.ndarray) and not np.array_equal(before[name], after[name])
    ]


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
