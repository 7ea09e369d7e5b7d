"""lessonkit.exercises: the checkers accept right answers written independently of
the reference solutions, and turn wrong ones into feedback that names the input,
the expected and the received values, with the hint."""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.exercises import EXERCISES, Feedback, check, solution
from lessonkit.lessons import LESSONS as COURSE
from tests.exercise_answers import INDEPENDENT, weighted_sum


def test_every_exercise_has_an_independent_answer_here():
    assert set(EXERCISES) == set(INDEPENDENT), "write an independent answer for each new exercise"


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_passes(name):
    feedback = check(name, EXERCISES[name].reference)
    assert isinstance(feedback, Feedback) and feedback.passed, feedback.message
    verdict = f"✔ {name}: correct on all {len(EXERCISES[name].cases)} test inputs."
    if EXERCISES[name].gradient_of is None:
        assert feedback.message == verdict
    else:  # judged by gradient checking, which says how close it came
        assert feedback.message.startswith(verdict + " Gradient check: largest relative error "), feedback.message
    assert repr(feedback) == feedback.message


@pytest.mark.parametrize("name", sorted(INDEPENDENT))
def test_an_independent_answer_passes(name):
    if name not in EXERCISES:
        pytest.skip(f"{name} is no longer an exercise")
    feedback = check(name, INDEPENDENT[name])
    assert feedback.passed, f"a right answer written from the formula is refused: {feedback.message}"


@pytest.mark.parametrize("name", EXERCISES)
def test_a_stub_is_not_answered_yet(name):
    def stub(*args):
        pass  # the learner has not written anything yet

    feedback = check(name, stub)
    assert not feedback.passed
    assert "not answered yet" in feedback.message and name in feedback.message


@pytest.mark.parametrize("name", EXERCISES)
def test_nbgraders_stub_is_not_answered_yet(name):
    def stub(*args):
        # YOUR CODE HERE
        raise NotImplementedError()

    feedback = check(name, stub)
    assert not feedback.passed
    assert "not answered yet" in feedback.message and "NotImplementedError" in feedback.message, feedback.message


def test_not_implemented_after_the_first_input_is_an_error():
    calls = []

    def half_done(x, w, b):
        calls.append(1)
        if len(calls) > 1:
            raise NotImplementedError("only one case")
        return float(np.dot(w, x) + b)

    feedback = check("weighted_sum", half_done)
    assert (
        not feedback.passed and "not answered yet" not in feedback.message and "NotImplementedError" in feedback.message
    )


def off_by_one(value):
    """A wrong answer: every number one more (in every item of a list or tuple)."""
    if isinstance(value, (list, tuple)):
        return type(value)(off_by_one(item) for item in value)
    return value + 1


@pytest.mark.parametrize("name", EXERCISES)
def test_a_wrong_answer_fails_with_the_hint(name):
    ex = EXERCISES[name]

    def wrong(*args):
        right = INDEPENDENT[name](*args)
        if ex.outputs and ex.through is None:
            return (*right[:-1], off_by_one(right[-1]))  # only the last part is wrong
        return off_by_one(right)  # an operation on Values: out + 1, whose data is one more

    feedback = check(name, wrong)
    assert not feedback.passed
    assert feedback.message.startswith(f"✘ {name}("), feedback.message
    assert f"Hint: {ex.hint}" in feedback.message
    assert "expected" in feedback.message and "got" in feedback.message
    if ex.outputs:
        names = ex.outputs(ex.reference(*ex.cases[0])) if callable(ex.outputs) else ex.outputs
        assert f"got {names[0 if ex.through else -1]} wrong" in feedback.message


# ---- the messages, with the numbers worked out by hand -------------------------------


def test_weighted_sum_without_the_bias():
    feedback = check("weighted_sum", lambda x, w, b: np.dot(w, x))
    # the first input: x = [1, 2], w = [0.5, −0.5], b = 0.1; z = 0.5 − 1 + 0.1 = −0.4, without b −0.5
    assert feedback.message.startswith("✘ weighted_sum([1., 2.], [ 0.5, -0.5], 0.1) ")
    assert "expected -0.4, got -0.5" in feedback.message


def test_sigmoid_prime_without_the_second_factor():
    feedback = check("sigmoid_prime", lambda z: 1 / (1 + np.exp(-z)))
    # the first input is z = 2: σ(2) = 1 / (1 + e^−2) = 0.88080, σ'(2) = σ(2)(1 − σ(2)) = 0.10499
    s = 1 / (1 + math.exp(-2))
    assert f"sigmoid_prime(2) expected {s * (1 - s):.5f}, got {s:.4f}." in feedback.message


def test_sigmoid_prime_wrong_on_one_element():
    def sorted_answer(z):  # right numbers, wrong order
        s = 1 / (1 + np.exp(-np.asarray(z)))
        return np.sort(s * (1 - s)) if np.ndim(z) else s * (1 - s)

    feedback = check("sigmoid_prime", sorted_answer)
    expected0 = math.exp(1) / (1 + math.exp(1)) ** 2  # σ'(−1) = 0.19661
    got0 = math.exp(-4) / (1 + math.exp(-4)) ** 2  # σ'(4) = 0.017663, sorted first
    assert "sigmoid_prime([-1. ,  0.5,  4. ])" in feedback.message
    assert f"element 0 is off: expected {expected0:.5g}, got {got0:.5g}" in feedback.message
    assert "expected 0.19661, got 0.017663" in feedback.message
    assert "(3 of 3 elements differ)" in feedback.message  # [0.197, 0.235, 0.018] sorted: every place moves


def test_layer_forward_transposed_says_the_shapes():
    feedback = check("layer_forward", lambda X, W, b: (X @ W).T)
    assert "layer_forward(<array of shape (4, 2)>, <array of shape (2, 3)>, " in feedback.message
    assert "returned shape (3, 4), expected shape (4, 3)" in feedback.message  # (n, n_out) = (4, 3)


def test_n_updates_forgetting_the_last_small_batch():
    feedback = check("n_updates", lambda n, batch, epochs: (n // batch) * epochs)
    # 200 examples in batches of 32: 6 full batches and one of 8, so 7 updates an epoch, 70 in 10 epochs
    assert "n_updates(200, 32, 10) expected 70, got 60." in feedback.message


def test_update_with_the_wrong_sign_names_the_part():
    feedback = check("update", lambda w, b, gw, gb, lr: (w + lr * gw, b + lr * gb))
    # w1 = 0.5 − 0.1 · (−0.59869) = 0.559869; with + it is 0.440131
    assert (
        "got w_new wrong: element 0 is off: expected 0.55987, got 0.44013 (2 of 2 elements differ)" in feedback.message
    )


@pytest.mark.parametrize(
    "answer,message",
    [
        (lambda w, b, gw, gb, lr: w - lr * gw, "returned ndarray, expected a tuple of 2: (w_new, b_new)"),
        (lambda w, b, gw, gb, lr: (w - lr * gw, None), "returned None for b_new"),
        (lambda w, b, gw, gb, lr: (w - lr * gw, b - lr * gb, 0.0), "expected a tuple of 2: (w_new, b_new)"),
    ],
)
def test_update_of_the_wrong_form(answer, message):
    feedback = check("update", answer)
    assert not feedback.passed
    assert message in feedback.message


def test_dense_backward_with_a_mean_instead_of_a_sum():
    X, W, dZ = EXERCISES["dense_backward"].cases[0]
    feedback = check("dense_backward", lambda X, W, dZ: (X.T @ dZ, dZ.mean(axis=0), dZ @ W.T))
    db0 = sum(dZ[i, 0] for i in range(4))  # the sum over the 4 rows
    assert f"got db wrong: element 0 is off: expected {db0:.5g}, got {db0 / 4:.5g}" in feedback.message


def test_an_answer_that_raises_is_reported():
    def broken(x, w, b):
        raise ZeroDivisionError("oops, divided by zero")

    feedback = check("weighted_sum", broken)
    assert not feedback.passed
    assert (
        "✘ weighted_sum([1., 2.], [ 0.5, -0.5], 0.1) raised ZeroDivisionError: oops, divided by zero"
        in feedback.message
    )
    assert f"Hint: {EXERCISES['weighted_sum'].hint}" in feedback.message


def test_an_answer_that_returns_text_is_told_so():
    feedback = check("bce_one", lambda a, y: "about 0.9")
    assert "returned the text 'about 0.9', not a number or an array of numbers" in feedback.message


def test_an_answer_that_changes_its_inputs_does_not_change_the_exercise():  # allowed where not asked otherwise
    originals = [tuple(np.copy(a) for a in case) for case in EXERCISES["weighted_sum"].cases]

    def vandal(x, w, b):
        z = np.dot(w, x) + b
        x[:] = 0.0
        w *= -1
        return z

    assert check("weighted_sum", vandal).passed
    for case, original in zip(EXERCISES["weighted_sum"].cases, originals):
        for a, b in zip(case, original):
            np.testing.assert_array_equal(a, b)


def test_none_on_a_later_input_names_that_input():
    def scalars_only(z):  # forgot arrays: falls through and returns None
        if np.ndim(z) == 0:
            return math.exp(-z) / (1 + math.exp(-z)) ** 2

    feedback = check("sigmoid_prime", scalars_only)
    assert not feedback.passed
    assert "not answered yet" not in feedback.message and "sigmoid_prime([-1. ,  0.5,  4. ])" in feedback.message, (
        "BUG: a function that answers the first three inputs but returns None on the array input is told it is "
        f"'not answered yet', without the input: {feedback.message!r}"
    )


# ---- solution() and names --------------------------------------------------------------


@pytest.mark.parametrize("name", EXERCISES)
def test_solution_prints_a_function_that_passes(name, capsys):
    namespace = {"np": np, "lk": lk}  # what every notebook has imported
    for earlier in list(EXERCISES)[: list(EXERCISES).index(name)]:  # a solution may call the ones before it
        solution(earlier)
        exec(compile(capsys.readouterr().out, f"<solution {earlier}>", "exec"), namespace)
    solution(name)
    source = capsys.readouterr().out
    assert source.startswith(f"def {name}("), source
    assert f"def _{name}(" not in source
    exec(compile(source, f"<solution {name}>", "exec"), namespace)
    assert check(name, namespace[name]).passed


# ---- a teacher's graded session: LESSONKIT_SOLUTIONS=off ------------------------------------------------


@pytest.mark.parametrize("value", ["off", "OFF", " off "])
def test_solutions_off_print_no_solution_and_no_hint(value, monkeypatch, capsys):
    monkeypatch.setenv("LESSONKIT_SOLUTIONS", value)
    solution("update")
    said = capsys.readouterr().out
    assert "LESSONKIT_SOLUTIONS=off" in said and "def update" not in said and "lr" not in said
    # a wrong sign: what is off and the mistake are still said, the hint (w − lr · grad_w) is not
    feedback = check("update", lambda w, b, gw, gb, lr: (w + lr * gw, b + lr * gb))
    assert not feedback.passed
    assert (
        "expected 0.55987, got 0.44013" in feedback.message
        and "\n  Mistake: the sign of the update" in feedback.message
    )
    assert "Hint:" not in feedback.message and "w − lr · grad_w" not in feedback.message.split("Mistake:")[0]
    assert feedback.message.endswith("which mistake it sees.")
    assert check("update", INDEPENDENT["update"]).passed  # a right answer still passes


@pytest.mark.parametrize("value", ["", "on", "On"])
def test_solutions_on_by_default(value, monkeypatch, capsys):
    monkeypatch.setenv("LESSONKIT_SOLUTIONS", value)
    solution("update")
    assert capsys.readouterr().out.startswith("def update(")
    assert "\n  Hint: " in check("update", lambda w, b, gw, gb, lr: (w + lr * gw, b + lr * gb)).message


def test_a_mistyped_switch_is_an_error_that_names_it(monkeypatch):
    monkeypatch.setenv("LESSONKIT_SOLUTIONS", "of")
    with pytest.raises(ValueError, match=r"^LESSONKIT_SOLUTIONS: expected on or off, got 'of'$"):
        solution("update")
    with pytest.raises(ValueError, match=r"^LESSONKIT_SOLUTIONS: expected on or off, got 'of'$"):
        check("update", INDEPENDENT["update"])


@pytest.mark.parametrize(
    "call", [lambda: check("weighted_summ", weighted_sum), lambda: solution("nope")], ids=["check", "solution"]
)
def test_unknown_names_are_refused(call):
    with pytest.raises(ValueError, match=r"^name: expected one of 'weighted_sum', .*got '(weighted_summ|nope)'"):
        call()


# ---- one module per lesson ---------------------------------------------------------------

LESSONS = {lesson.notebook: lesson.module("exercises") for lesson in COURSE if lesson.exercises}


def test_every_exercise_is_in_one_lesson():
    names = [name for module in LESSONS.values() for name in module.EXERCISES]
    assert names == list(EXERCISES)  # no name in two lessons, and the course's order


@pytest.mark.parametrize("notebook", LESSONS)
def test_a_notebook_checks_the_exercises_of_its_lesson(notebook):
    path = Path(__file__).parent.parent / "notebooks" / f"{notebook}.ipynb"
    if not path.exists():
        pytest.skip(f"{path.name} is not written yet")
    code = "\n".join("".join(cell["source"]) for cell in json.loads(path.read_text())["cells"])
    named = set(re.findall(r"lk\.exercises\.(?:check|solution)\(\s*[\"'](\w+)", code))
    assert set(LESSONS[notebook].EXERCISES) <= named, f"{path.name} leaves out exercises of its lesson"
    earlier = {name for other in list(LESSONS)[: list(LESSONS).index(notebook)] for name in LESSONS[other].EXERCISES}
    assert named <= set(LESSONS[notebook].EXERCISES) | earlier, f"{path.name} names exercises of a later lesson"
