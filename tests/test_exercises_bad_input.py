"""What the checkers say to answers that are not simply wrong numbers: not a function, the wrong
number of parameters, an exception, an object that is not numbers, a call that never ends,
inputs changed in place, counts that are not integers, numpy's errors and overflow. Always a
Feedback in the course's words, never a traceback out of the checker."""

import _thread
import math
import signal
import threading
import time

import numpy as np
import pytest

from lessonkit.exercises import EXERCISES, Feedback, calling, check


@pytest.mark.parametrize("answer,got", [(-0.4, "float"), (None, "None"), ("weighted_sum", "str"), ([1, 2], "list")])
def test_not_a_function(answer, got):
    feedback = check("weighted_sum", answer)
    assert not feedback.passed
    assert feedback.message == (
        f"✘ weighted_sum: expected a function, got {got}. Pass the function itself, "
        'without calling it: lk.exercises.check("weighted_sum", weighted_sum).'
    )


def test_a_function_of_the_wrong_parameters():
    feedback = check("weighted_sum", lambda x, w: np.dot(w, x))
    assert feedback.message == (
        "✘ weighted_sum: your function takes (x, w), but the check calls it with 3 inputs: weighted_sum(x, w, b)."
    )


def test_a_builtin_without_a_signature_is_called_and_judged():
    feedback = check("sigmoid_prime", np.tanh)  # a ufunc: Python cannot read its parameters
    # the first input, z = 2: σ'(2) = σ(2)(1 − σ(2)) = 0.10499, and tanh(2) = 0.96403
    s = 1 / (1 + math.exp(-2))
    assert not feedback.passed and f"sigmoid_prime(2) expected {s * (1 - s):.5f}, got {math.tanh(2):.5f}" in (
        feedback.message
    )


class Unreadable:
    def __float__(self):
        raise RuntimeError("cannot be a number")


@pytest.mark.parametrize(
    "returned,message",
    [
        ({"z": -0.4}, "returned dict {'z': -0.4}, not a number or an array of numbers"),
        ("about -0.4", "returned the text 'about -0.4', not a number or an array of numbers"),
        (np.array([-0.4, -0.4]), "returned shape (2,), expected shape ()"),
        (float("nan"), "returned a non-finite value: nan"),
        (Unreadable(), "returned Unreadable, which cannot be read as numbers (RuntimeError: cannot be a number)"),
    ],
)
def test_an_answer_of_the_wrong_type_or_shape(returned, message):
    feedback = check("weighted_sum", lambda x, w, b: returned)
    assert not feedback.passed
    assert feedback.message.startswith(f"✘ weighted_sum([1., 2.], [ 0.5, -0.5], 0.1) {message}"), feedback.message


@pytest.mark.parametrize("exception", [SystemExit(1), KeyboardInterrupt(), RecursionError("too deep")])
def test_any_exception_is_reported(exception):
    def raises(x, w, b):
        raise exception

    feedback = check("weighted_sum", raises)
    assert feedback.message.startswith(f"✘ weighted_sum([1., 2.], [ 0.5, -0.5], 0.1) raised {type(exception).__name__}")


BAD_ANSWERS = {
    "raises": lambda *args: 1 / 0,
    "text": lambda *args: "done",
    "a dict": lambda *args: {},
    "nan": lambda *args: np.nan,
    "an unreadable object": lambda *args: Unreadable(),
    "a tuple of five": lambda *args: (1.0,) * 5,
    "a ragged list": lambda *args: [[1.0], [1.0, 2.0]],
    "an array of objects": lambda *args: np.array([None, "x"], dtype=object),
}


@pytest.mark.parametrize("name", EXERCISES)
@pytest.mark.parametrize("kind", BAD_ANSWERS)
def test_no_bad_answer_gets_a_traceback_out_of_any_checker(name, kind):
    feedback = check(name, BAD_ANSWERS[kind])
    assert isinstance(feedback, Feedback) and not feedback.passed
    assert feedback.message.startswith(f"✘ {name}(")


# ---- the time limit ----------------------------------------------------------------------------


@pytest.fixture
def limit(monkeypatch):
    monkeypatch.setattr(calling, "TIME_LIMIT", 0.5)
    return 0.5


def alive(name="lessonkit exercise check"):
    return [t for t in threading.enumerate() if t.name == name]


def gone(name="lessonkit exercise check", within=2.0):
    """True once no thread of that name runs, waiting at most ``within`` seconds."""
    deadline = time.perf_counter() + within
    while alive(name) and time.perf_counter() < deadline:
        time.sleep(0.01)
    return not alive(name)


def test_an_endless_loop_is_stopped_at_the_time_limit(limit):
    def forever(x, w, b):
        while True:
            pass

    start = time.perf_counter()
    feedback = check("weighted_sum", forever)
    took = time.perf_counter() - start
    assert limit <= took < limit + 1.0, took
    assert feedback.message.startswith(
        "✘ weighted_sum([1., 2.], [ 0.5, -0.5], 0.1) did not finish in 0.5 s (an endless loop?"
    )
    assert gone()  # the loop is stopped, not left running: its thread ends


def test_a_loop_that_catches_exception_is_stopped_all_the_same(limit):
    count = [0]

    def stubborn(x, w, b):
        while True:
            try:
                count[0] += 1
                time.sleep(0.001)
            except Exception:  # the stop is no Exception: it is not caught here
                pass

    feedback = check("weighted_sum", stubborn)
    assert " did not finish in 0.5 s " in feedback.message
    assert gone()
    seen = count[0]
    time.sleep(0.2)
    assert count[0] == seen  # no longer counting: not running on behind later cells


def test_a_loop_that_swallows_the_first_stop_is_stopped_by_the_next(limit):
    def stubborn(x, w, b):
        try:
            while True:
                time.sleep(0.001)
        finally:  # cleans up for ever, once stopped
            while True:
                time.sleep(0.001)

    assert " did not finish in 0.5 s " in check("weighted_sum", stubborn).message
    assert gone()


def test_an_answer_that_catches_everything_is_given_up_on(limit, monkeypatch):
    monkeypatch.setattr(calling, "STOP_TRYING", 0.3)

    def deaf(x, w, b):
        end = time.perf_counter() + 2.0
        while time.perf_counter() < end:
            try:
                time.sleep(0.001)
            except:  # noqa: E722 (a bare except swallows the stop too)
                pass

    assert " did not finish in 0.5 s " in check("weighted_sum", deaf).message
    assert gone("lessonkit exercise stop", within=1.0)  # stopped trying after STOP_TRYING seconds
    assert alive()  # the answer runs on, in a daemon thread, until it ends by itself
    assert gone()


def test_stop_pressed_during_the_check_stops_the_loop_and_is_raised(monkeypatch):
    # a long limit, and Stop pressed once the answer runs: the stop, not the limit, ends the check,
    # however late a busy machine schedules the threads
    monkeypatch.setattr(calling, "TIME_LIMIT", 20.0)
    running = threading.Event()

    def forever(x, w, b):
        running.set()
        while True:
            pass

    main = threading.main_thread().ident

    def press_stop():
        running.wait(20)
        time.sleep(0.05)
        if hasattr(signal, "pthread_kill"):  # as Jupyter's Stop: SIGINT, which wakes the main thread's wait
            signal.pthread_kill(main, signal.SIGINT)
        else:  # KeyboardInterrupt in the main thread, once its wait ends
            _thread.interrupt_main()

    # SIGINT raises KeyboardInterrupt, as in a kernel, even where the suite was started by a shell that ignores it
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    presser = threading.Thread(target=press_stop)
    presser.start()
    start = time.perf_counter()
    try:
        with pytest.raises(KeyboardInterrupt):
            check("weighted_sum", forever)
    finally:
        signal.signal(signal.SIGINT, before)
    presser.join()
    assert time.perf_counter() - start < 10, "the check waited for its limit, not for the Stop"
    assert gone()  # the loop is stopped as the interrupt goes on to the learner


def test_a_slow_answer_on_a_later_input_names_that_input(limit):
    def slow_on_arrays(z):
        if np.ndim(z):
            time.sleep(1.5)  # past the limit; stops when the sleep returns
        return np.exp(-z) / (1 + np.exp(-z)) ** 2

    start = time.perf_counter()
    feedback = check("sigmoid_prime", slow_on_arrays)
    assert time.perf_counter() - start < limit + 1.0
    assert feedback.message.startswith("✘ sigmoid_prime([-1. ,  0.5,  4. ]) did not finish in 0.5 s")


def test_the_time_limit_is_a_few_seconds():
    assert 2 <= calling.TIME_LIMIT <= 10


# ---- inputs changed in place, where the exercise says to leave them -----------------------------


def test_momentum_changing_p_and_v_in_place_fails():
    def in_place(p, v, g, lr, mu):
        v *= mu
        v += g
        p -= lr * v
        return p, v  # the right numbers, in the caller's arrays

    feedback = check("sgd_momentum_step", in_place)
    assert not feedback.passed
    assert feedback.message.startswith(
        "✘ sgd_momentum_step([ 1., -2.], [0.5, 0. ], [ 0.2, -0.4], 0.1, 0.9) "
        "changed p and v in place: the exercise asks to leave p and v unchanged"
    )


def test_momentum_changing_p_alone_names_p():
    def p_in_place(p, v, g, lr, mu):
        v_new = mu * v + g
        p[:] = p - lr * v_new
        return p, v_new

    assert " changed p in place: " in check("sgd_momentum_step", p_in_place).message


def test_momentum_with_new_arrays_passes():
    assert check("sgd_momentum_step", lambda p, v, g, lr, mu: (p - lr * (mu * v + g), mu * v + g)).passed


# ---- counts are integers ---------------------------------------------------------------------


def test_n_updates_as_a_float_fails():
    feedback = check("n_updates", lambda n, batch, epochs: float(-(-n // (batch or n)) * epochs))
    assert feedback.message.startswith(
        "✘ n_updates(200, 32, 10) returned 70.0 (float): the right value, but not "
        "an integer; a count is a whole number.\n  Hint: Keep it an int"
    )


def test_n_updates_with_np_ceil_fails():
    feedback = check("n_updates", lambda n, batch, epochs: np.ceil(n / (batch or n)) * epochs)
    assert "returned 70.0 (float64): the right value, but not an integer" in feedback.message


def test_confusion_matrix_of_floats_fails():
    def float_counts(true, pred, k):
        counts = np.zeros((k, k))
        np.add.at(counts, (true, pred), 1)
        return counts

    feedback = check("confusion_matrix", float_counts)
    assert feedback.message.startswith(
        "✘ confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 0, 1], 3) returned the right "
        "values, but as dtype float64, not integers"
    )
    assert "np.zeros((k, k), dtype=int)" in feedback.message


def test_integer_counts_pass():
    def counts(true, pred, k):
        result = np.zeros((k, k), dtype=np.int32)
        np.add.at(result, (true, pred), 1)
        return result

    assert check("confusion_matrix", counts).passed
    assert check("n_updates", lambda n, batch, epochs: np.int64(-(-n // (batch or n)) * epochs)).passed


# ---- numpy's and Python's errors in the course's words --------------------------------------------


@pytest.mark.parametrize(
    "name,answer,words,raw",
    [
        (
            "layer_forward",
            lambda X, W, b: X @ W.T + b,
            "raised ValueError.\n  Mistake: W taken for an (n_out, n_in) matrix",
            "matmul",
        ),
        (
            "accuracy",
            lambda logits, labels: np.mean(np.argmax(logits, axis=0) == labels),
            "raised ValueError.\n  Mistake: argmax over axis 0",
            "could not be broadcast",
        ),
        (
            "n_updates",
            lambda n, batch, epochs: -(-n // batch) * epochs,
            "n_updates(200, None, 10) raised TypeError.\n"
            "  Mistake: batch_size=None is not handled: None means full batch",
            "NoneType",
        ),
    ],
)
def test_a_raw_error_becomes_the_course_s_words(name, answer, words, raw):
    feedback = check(name, answer)
    assert words in feedback.message, feedback.message
    assert raw not in feedback.message


def test_softmax_without_the_shift_says_overflow():
    def naive(z):
        e = np.exp(z)
        return e / e.sum()

    feedback = check("softmax", naive)  # right on [1, 2, 3]; e^1000 = inf on the second input
    assert feedback.message.startswith("✘ softmax([ 1000.,     0., -1000.]) returned a non-finite value: [nan")
    assert "\n  Mistake: overflow: without the shift, np.exp(1000) is e^1000" in feedback.message
    assert "Hint: Subtract the largest logit first" in feedback.message
