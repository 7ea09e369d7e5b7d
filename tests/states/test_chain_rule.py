"""GraphStepperState (notebook 03): the neuron's graph stepped node by node, against
``neuron_step`` recomputed here, finite differences of the loss by hand, and the
example's equations worked out by hand."""

import math
import re

import numpy as np
import pytest

from lessonkit.states import GraphStepperState
from tests.references import EXAMPLE, NEURON_CASES, neuron_loss_by_hand_stable, random_inputs, recompute
from tests.references.chain_rule import READS, STEPS, expected_equation_numbers, expected_grads, expected_values
from tests.shown import NEGATIVE_ZERO, NUMBER


def every_step(seed, activation, loss, cases):
    """(record, state, step, phase, name) at every step of ``cases`` random inputs: the state
    set to the step, the record ``neuron_step`` on the inputs, recomputed here."""
    rng = np.random.default_rng(seed)
    for _ in range(cases):
        inputs = random_inputs(rng, activation, loss)
        record, _ = recompute(inputs)
        s = GraphStepperState(**inputs)
        for step, (phase, name) in enumerate(STEPS):
            s.set(step=step)
            yield record, s, step, phase, name


@pytest.mark.parametrize("activation,loss", NEURON_CASES)
def test_graph_stepper_reveals_each_node_in_turn(activation, loss):
    for record, s, step, phase, name in every_step(sum(map(ord, loss + activation)) + 1, activation, loss, 6):
        assert s.step == step and s.current == (phase, name)
        values, grads = s.values(), s.grads()
        want_values, want_grads = expected_values(record, step), expected_grads(record, step)
        assert set(values) == set(want_values), f"step {step} ({phase} {name}): values of {sorted(values)}"
        assert set(grads) == set(want_grads), f"step {step} ({phase} {name}): grads of {sorted(grads)}"
        for node, v in want_values.items():
            assert values[node] == pytest.approx(float(v), rel=1e-12, abs=1e-300), f"step {step}: {node}"
        for node, g in want_grads.items():
            assert grads[node] == pytest.approx(float(g), rel=1e-12, abs=1e-300), f"step {step}: ∂L/∂{node}"
        assert set(s.path()) == READS[(phase, name)] | {name}


@pytest.mark.parametrize("activation,loss", NEURON_CASES)
def test_graph_stepper_grads_match_finite_differences(activation, loss):
    rng = np.random.default_rng(7)
    for _ in range(6):
        inputs = random_inputs(rng, activation, loss)
        s = GraphStepperState(step=len(STEPS) - 1, **inputs)
        x, y = inputs["x"], inputs["y"]
        p = [*inputs["w"], inputs["b"]]
        z = p[0] * x[0] + p[1] * x[1] + p[2]
        if activation == "relu" and abs(z) < 1e-3:
            continue  # at the kink
        h = 1e-6
        for i, node in enumerate(("w1", "w2", "b")):
            plus, minus = list(p), list(p)
            plus[i] += h
            minus[i] -= h
            fd = (
                neuron_loss_by_hand_stable(plus[:2], x, y, plus[2], activation, loss)
                - neuron_loss_by_hand_stable(minus[:2], x, y, minus[2], activation, loss)
            ) / (2 * h)
            assert s.grads()[node] == pytest.approx(fd, rel=1e-5, abs=1e-6), f"∂L/∂{node} at {inputs}"


def test_graph_stepper_example_equations():
    s = GraphStepperState()
    s.set(step=STEPS.index(("backward", "w1")))
    assert "(-2.492)(0.240)(1) = -0.599" in s.equation()
    s.set(step=STEPS.index(("backward", "w2")))
    assert "(-2.492)(0.240)(2) = -1.197" in s.equation()
    s.set(step=0)
    assert s.equation().endswith("(0.500)(1) + (-0.500)(2) + (0.100) = -0.400")


@pytest.mark.parametrize("activation,loss", NEURON_CASES)
def test_graph_stepper_equation_numbers_are_the_records(activation, loss):
    for record, s, _, phase, name in every_step(sum(map(ord, activation)) + 11, activation, loss, 8):
        eq = s.equation()
        parts = eq.split(" = ")
        assert len(parts) >= 3, eq
        tokens = NUMBER.findall(re.sub(r"\^2", "", " = ".join(parts[2:])))  # after the symbols; not the ²
        expected = expected_equation_numbers(record, phase, name)
        assert len(tokens) == len(expected), f"{phase} {name}: {eq!r} has {tokens}, expected {expected}"
        for token, value in zip(tokens, expected):
            assert re.fullmatch(r"-?\d+(\.\d{3})?", token), f"{token!r} in {eq!r}"
            assert abs(float(token) - value) <= 5e-4 + 1e-9 * abs(value), (
                f"{phase} {name}: {token} in {eq!r} is not {value!r} rounded"
            )
            assert not NEGATIVE_ZERO.fullmatch(token), f"{token!r} in {eq!r}"


@pytest.mark.parametrize("activation,loss", NEURON_CASES)
def test_graph_stepper_equation_lines_are_the_equation(activation, loss):
    # the two lines drawn under the graph: the formula as LaTeX, the numbers as plain text with the record's numbers
    s = GraphStepperState(activation=activation, loss=loss)
    record, _ = recompute(dict(EXAMPLE, activation=activation, loss=loss))
    for step, (phase, name) in enumerate(STEPS):
        s.set(step=step)
        formula, numbers = s.equation_lines()
        assert formula == " = ".join(s.equation().split(" = ")[:2])
        assert numbers.startswith("= ") and "\\" not in numbers and "-" not in numbers, numbers  # − is U+2212
        tokens = NUMBER.findall(numbers.replace("\u2212", "-").replace("²", ""))
        expected = expected_equation_numbers(record, phase, name)
        assert [float(t) for t in tokens] == pytest.approx(expected, abs=5e-4 + 1e-9), numbers


def test_graph_stepper_equations_with_zeros_have_no_negative_zero():
    # relu below its kink: ∂a/∂z = 0, so ∂L/∂z = (−2)·0 = −0.0 in floating point
    s = GraphStepperState(w=[-1.0, -0.5], activation="relu", loss="mse")
    assert math.copysign(1, s.record.dL_dz) == -1  # the case worth checking: a negative zero
    for step in range(len(STEPS)):
        s.set(step=step)
        assert not NEGATIVE_ZERO.search(s.equation()), s.equation()
    s = GraphStepperState(w=[0.5, -0.25], b=-1e-5)  # z = −0.00001
    assert s.equation().endswith("= 0") and not NEGATIVE_ZERO.search(s.equation()), s.equation()


def test_set_changes_the_step_and_the_inputs_at_once():
    s = GraphStepperState(step=1)
    s.set(step=6, w2=0.25, b=-0.1)  # z = 0.5·1 + 0.25·2 − 0.1 = 0.9
    assert s.current == ("backward", "w2")
    assert s.record.z == pytest.approx(0.9, abs=1e-12)
    a = 1 / (1 + math.exp(-0.9))
    assert s.grads()["w2"] == pytest.approx((a - 1) * 2, rel=1e-12)  # (σ(z) − y) x2
    s.set(x1=-1.0)  # the step stays
    assert s.step == 6 and s.record.z == pytest.approx(-0.5 + 0.5 - 0.1, abs=1e-12)


# ---- bad input (a bad step: tests/states/test_case.py) --------------------------------


def test_the_graph_takes_two_inputs_only():
    # the graph and its equation show x1, x2, w1, w2: a third input would go unseen
    with pytest.raises(ValueError, match=r"^x: expected two numbers .*got 3$"):
        GraphStepperState(x=[1.0, 2.0, 3.0], w=[1.0, 2.0, 3.0])
