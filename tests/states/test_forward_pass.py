"""NeuronState (notebook 01): one neuron at the example's input and over the input
plane, against hand-derived values."""

import math

import numpy as np
import pytest

from lessonkit.states import NeuronState
from tests.references import ACTIVATIONS_BY_HAND, activation_by_hand


def test_neuron_state_starts_at_the_example():
    s = NeuronState()
    # z = 0.5·1 + (−0.5)·2 + 0.1 = −0.4;  a = σ(−0.4) = 1 / (1 + e^0.4)
    assert s.z == pytest.approx(-0.4, abs=1e-12)
    assert s.a == pytest.approx(1 / (1 + math.exp(0.4)), rel=1e-12)
    assert s.a == pytest.approx(0.401312, abs=1e-6)
    assert isinstance(s.z, float) and isinstance(s.a, float)


@pytest.mark.parametrize("activation", ACTIVATIONS_BY_HAND)
def test_neuron_state_z_and_a_after_set(activation):
    s = NeuronState()
    s.set(w1=1.2, b=-0.7, activation=activation)
    # w2 stays −0.5:  z = 1.2·1 − 0.5·2 − 0.7 = −0.5
    assert list(s.w) == [1.2, -0.5]
    assert s.z == pytest.approx(-0.5, abs=1e-12)
    assert s.a == pytest.approx(float(activation_by_hand(activation, -0.5)), abs=1e-12)
    s.set(w2=2.0)  # z = 1.2 + 4 − 0.7 = 4.5
    assert s.z == pytest.approx(4.5, abs=1e-12)
    assert s.activation == activation
    s.set(x=(-1.0, 0.5))  # z = −1.2 + 1 − 0.7 = −0.9
    assert s.z == pytest.approx(-0.9, abs=1e-12)


@pytest.mark.parametrize("activation", ACTIVATIONS_BY_HAND)
def test_plane_is_the_activation_over_the_grid(activation):
    e, r = 2.0, 41
    s = NeuronState(e, r, w=(1.3, -0.6), b=0.4, activation=activation)  # extent and resolution come first
    A = s.plane()
    assert A.shape == (r, r)
    step = 2 * e / (r - 1)
    for i, j in [(0, 0), (0, r - 1), (r - 1, 0), (r - 1, r - 1), (20, 20), (3, 31), (35, 7)]:
        x1, x2 = -e + j * step, -e + i * step  # column j is x1, row i is x2
        expected = activation_by_hand(activation, 1.3 * x1 - 0.6 * x2 + 0.4)
        assert A[i, j] == pytest.approx(float(expected), abs=1e-12), f"plane[{i}, {j}] at x = ({x1}, {x2})"


BOUNDARY_CASES = [
    ((0.5, -0.5), 0.1),  # the example: |w2| = |w1|
    ((2.0, 0.3), -1.0),  # steep line: solved for x1
    ((0.2, -1.5), 0.8),  # flat line: solved for x2
    ((0.0, 1.0), 1.5),  # horizontal line x2 = −1.5
    ((-2.0, 0.0), 1.0),  # vertical line x1 = 0.5
    ((1.0, 1.0), 4.0),  # cuts a corner: leaves through adjacent edges
]


@pytest.mark.parametrize("w,b", BOUNDARY_CASES)
def test_boundary_points_are_on_the_line_and_the_edges(w, b):
    e = 3.0
    s = NeuronState(extent=e, w=w, b=b)
    x1s, x2s = s.boundary()
    assert len(x1s) == len(x2s) == 2
    for p in zip(x1s, x2s):
        assert w[0] * p[0] + w[1] * p[1] + b == pytest.approx(0.0, abs=1e-12), f"{p} is not on w·p + b = 0"
        assert math.isclose(abs(p[0]), e) or math.isclose(abs(p[1]), e), f"{p} is not on the square's edge"
        assert max(abs(p[0]), abs(p[1])) <= e * (1 + 1e-12), f"{p} is outside the square"
    # Everything of the line inside the square lies on the segment drawn (the axes clip the rest).
    p0 = np.array([x1s[0], x2s[0]])
    seg = np.array([x1s[1], x2s[1]]) - p0
    direction = np.array([-w[1], w[0]]) / math.hypot(*w)
    foot = -b * np.array(w) / (w[0] ** 2 + w[1] ** 2)  # the point of the line nearest the origin
    for t in np.linspace(-3 * e, 3 * e, 601):
        q = foot + t * direction
        if np.all(np.abs(q) <= e):
            u = np.dot(q - p0, seg) / np.dot(seg, seg)
            assert -1e-9 <= u <= 1 + 1e-9, f"{q} is on the line inside the square but not on the segment drawn"


def test_boundary_of_the_example_spans_the_square():
    x1s, x2s = NeuronState().boundary()
    # x2 = x1 + 0.2: from the left edge at x1 = −3 (x2 = −2.8) rightwards
    assert (x1s[0], x2s[0]) == pytest.approx((-3.0, -2.8))
    assert min(x1s) == -3.0 and max(x1s) >= 2.8


@pytest.mark.parametrize("w,b", [((1.0, 0.0), 5.0), ((0.1, 0.1), 5.0)])
def test_boundary_is_empty_when_the_line_misses_the_square(w, b):
    # x1 = −5, and x1 + x2 = −50: no point of either line is in [−3, 3]²
    assert NeuronState(w=w, b=b).boundary() == ([], [])


@pytest.mark.parametrize("b", [0.0, 0.5, -2.0])
def test_boundary_is_empty_when_w_is_zero(b):
    assert NeuronState(w=(0.0, 0.0), b=b).boundary() == ([], [])


# ---- bad input ---------------------------------------------------------------------

nan = float("nan")

BAD_INPUT = [
    (dict(x=[1, 2, 3]), "x"),
    (dict(w=[1, 2, 3]), "w"),
    (dict(b=nan), "b"),
    (dict(activation="swish"), "activation"),
    (dict(w1=nan), "w1"),
    (dict(w2=float("inf")), "w2"),
]


@pytest.mark.parametrize("changes,argument", BAD_INPUT, ids=[str(c) for c, _ in BAD_INPUT])
def test_bad_input_names_the_argument_and_changes_nothing(changes, argument):
    with pytest.raises(ValueError, match=rf"^{argument}: "):
        NeuronState(**changes)
    s = NeuronState(w=(1.0, 2.0))
    inputs = s.inputs
    with pytest.raises(ValueError, match=rf"^{argument}: "):
        s.set(**changes)
    assert s.inputs is inputs and list(s.w) == [1.0, 2.0] and s.z == pytest.approx(1.0 + 4.0 + 0.1)
