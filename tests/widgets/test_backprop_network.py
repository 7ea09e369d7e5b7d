"""NetworkStepper (notebook 04), headless: the step slider, Back/Next and the input
sliders moved from Python; the values written in the heat maps' cells, the frames,
titles and the step's entry with live numbers against the network written out by
hand (tests/references/backprop_network.py). The pasted glyphs of the cells: tests/test_glyphs.py."""

import math
import re

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from lessonkit.states import NetworkInputs, NetworkStepperState
from lessonkit.text import COLORS
from lessonkit.widgets import NetworkStepper
from lessonkit.widgets.backprop_network import SMALL_STEPS, UPDATE_STEPS
from tests.references.backprop_network import NETWORK_STEPS as STEPS
from tests.references.backprop_network import NETWORK_X as X
from tests.references.backprop_network import network_by_hand
from tests.shown import NEGATIVE_ZERO, PNG_SIGNATURE, alt_of, drawn, numbers_in, png
from tests.widgets.test_contract import shown

START = [np.array(NetworkInputs().W1), np.zeros(3), np.array(NetworkInputs().W2), np.zeros(1)]
#: What each step computes, written as the result's entry [0, 0] (or L) of the arrays by hand.
RESULT = {"db2": ("db2", (0,)), "db1": ("db1", (0,)), "L": ("L", ()), "L_new": ("L_new", ())}
RESULT |= {name: (name, (0,)) for name in ("b1_new", "b2_new")}


def cell_values(view):
    """The values written in the cells, in the order drawn, as floats."""
    return [float(text) for _, _, text in view.maps.values.items]


def entry_result(view):
    """The last number of the step's entry line (after its last '=')."""
    return numbers_in(view.equation.value.split(" = ")[-1])[0]


def entry_line(view):
    """The step's entry with its live numbers, as the readout writes it."""
    return re.search(r"■</span> (.*?)(?:<br>|</div>)", view.equation.value).group(1)


def check_shown(view, v):
    """The view's step against ``v``, the arrays by hand at the view's inputs."""
    s = view.state
    name = STEPS[s.step]
    assert f"Step {s.step + 1} of {len(STEPS)}" in view.title.value and name in view.title.value
    key, index = RESULT.get(name, (name, (0, 0)))
    assert entry_result(view) == pytest.approx(v[key][index] if index else v[key], rel=5.01e-3)
    result = s.shown().arrays[-1]
    shown = cell_values(view)[-result.values.size :]  # the result's cells come last
    want = np.atleast_2d(v[key]).ravel()
    assert shown == pytest.approx(want, rel=0.051, abs=1e-12), f"{name}: the result's cells"
    assert len(cell_values(view)) == sum(a.values.size for a in s.shown().arrays)
    frame = view.maps.frames[len(s.shown().arrays) - 1]
    color = COLORS[s.current[0]]  # forward, backward or update
    assert frame.get_edgecolor() == pytest.approx(to_rgba(color)) and frame.get_linewidth() == 3
    assert view.maps.titles[len(s.shown().arrays) - 1].get_text().startswith(result.name)
    assert view.error.value == "" and view.caught == []
    assert not NEGATIVE_ZERO.search(view.equation.value)
    assert not any(NEGATIVE_ZERO.fullmatch(t) for _, _, t in view.maps.values.items)


def test_network_stepper_steps_through_the_example():
    view = NetworkStepper()
    assert set(view.controls) == {"step", "x1", "x2", "W1_00", "W2_00", "activation", "lr"}
    v = network_by_hand(X, START, "tanh")
    before = png(view.panel)
    assert before.startswith(PNG_SIGNATURE)
    assert view.back.disabled and not view.next.disabled
    check_shown(view, v)
    # by hand: Z1[0, 0] = x1 W1[0, 0] + x2 W1[1, 0] + 0, our x = [1, 2]
    assert entry_result(view) == pytest.approx(1 * START[0][0, 0] + 2 * START[0][1, 0], rel=5e-3)
    for step in range(1, len(STEPS)):
        view.next.click()
        assert view.step.value == step and view.state.step == step
        check_shown(view, v)
        now = png(view.panel)
        assert now != before, f"step {step}: the picture did not change"
        before = now
    assert view.next.disabled and not view.back.disabled
    view.next.click()  # at the end: stays
    assert view.step.value == len(STEPS) - 1
    view.back.click()
    assert view.step.value == len(STEPS) - 2
    check_shown(view, v)
    view.step.value = 3  # L = −mean log σ(±Z2) = 0.764 with notebook 01's weights
    assert "L = (1/4)(" in view.equation.value


def test_the_weight_boxes_show_four_digits_and_the_state_keeps_notebook_01s_weights():
    """A box shows what a learner can read ("0.07952", not 0.0795187709...); until the learner types
    another number, the network is notebook 01's, to the last bit."""
    view = NetworkStepper()
    for box, W in ((view.W1_00, START[0]), (view.W2_00, START[2])):
        assert box.value == float(f"{W[0, 0]:.4g}") and box.value != W[0, 0]
        assert len(repr(box.value).lstrip("-")) <= 7
    assert view.state.inputs.W1[0, 0] == START[0][0, 0] and view.state.inputs.W2[0, 0] == START[2][0, 0]
    view.step.value = 9  # dW1 = Xᵀ dZ1, from every weight
    check_shown(view, network_by_hand(X, START, "tanh"))
    view.W1_00.value = 0.25
    assert view.state.inputs.W1[0, 0] == 0.25
    view.W1_00.value = float(f"{START[0][0, 0]:.4g}")  # typed back as shown: notebook 01's weight again
    assert view.state.inputs.W1[0, 0] == START[0][0, 0]


@pytest.mark.parametrize("name", ["x1", "x2"])
def test_one_step_of_x_changes_a_number_in_the_cells(name):
    """x's smallest step (0.1) changes a number the learner reads (written in the cells, to two significant
    digits, or in the step's entry under them, to three) at all but a step or two of the walk, where the
    note beside the sliders says why: two digits do not show so small a change."""
    view = NetworkStepper()
    unchanged = []
    for step in range(len(view.state.STEPS)):
        view.step.value = step
        before = (cell_values(view), entry_line(view))
        slider = getattr(view, name)
        slider.value = round(slider.value + slider.step, 10)
        if (cell_values(view), entry_line(view)) == before:
            unchanged.append(step)
        slider.value = round(slider.value - slider.step, 10)
    assert len(unchanged) <= 2, f"one step of {name} changes no number at steps {unchanged}"
    assert any(SMALL_STEPS in str(text) for text in shown(view)), "the note on small steps is not shown"


def test_network_stepper_sliders_recompute_everything():
    view = NetworkStepper()
    params = [p.copy() for p in START]
    x = [1.0, 2.0]
    for step, (name, value) in zip([0, 9, 8, 2], [("x1", -1.5), ("W1_00", 0.7), ("W2_00", -1.2), ("x2", 0.25)]):
        view.step.value = step
        before = png(view.panel)
        view.controls[name].value = value
        if name[0] == "x":
            x[int(name[1]) - 1] = value
        else:
            params[0 if name[1] == "1" else 2][0, 0] = value
        Xs = np.vstack([x, X[1:]])
        check_shown(view, network_by_hand(Xs, params, "tanh"))
        assert png(view.panel) != before, f"{name}: the picture did not change"
    view.step.value = 0  # Z1[0, 0] by hand at x = [−1.5, 0.25], W1[0, 0] = 0.7
    assert entry_result(view) == pytest.approx(-1.5 * 0.7 + 0.25 * params[0][1, 0], rel=5e-3)
    view.activation.value = "relu"
    view.step.value = 8  # dZ1 = dA1 ⊙ relu′(Z1): zero where Z1 ≤ 0
    v = network_by_hand(np.vstack([x, X[1:]]), params, "relu")
    check_shown(view, v)
    assert "relu′(Z1)" in view.equation.value and (v["dZ1"][v["Z1"] <= 0] == 0).all()


def test_the_cells_read_and_made_are_outlined():
    view = NetworkStepper()
    view.step.value = STEPS.index("dW1")  # dW1[0, 0] = Σ_i X[i, 0] dZ1[i, 0]: row 0 of Xᵀ, column 0 of dZ1
    xs = [a.get_x() for a in view.maps.frames[:3]]
    marks = [(m.get_x(), m.get_y(), m.get_width(), m.get_height()) for m in view.maps.marks[:3]]
    assert marks == [(xs[0], 0, 4, 1), (xs[1], 0, 1, 4), (xs[2], 0, 1, 1)]
    assert drawn(view.panel, view.maps.marks[1])


def test_a_state_given_is_the_one_shown():
    view = NetworkStepper(NetworkStepperState(step=5, activation="sigmoid", x1=0.5))
    assert view.step.value == 5 and view.activation.value == "sigmoid" and view.x1.value == 0.5
    check_shown(view, network_by_hand(np.vstack([[0.5, 2.0], X[1:]]), START, "sigmoid"))
    assert repr(view) == "NetworkStepper(step=5: backward dW2)"
    assert math.isclose(view.state.values["L"], network_by_hand(np.vstack([[0.5, 2.0], X[1:]]), START, "sigmoid")["L"])


def said_array(alt, name):
    """(lo, hi, values) the text alternative says of the array ``name``: its range, then its values row by row."""
    part = alt.split(f"; {name}, shape ")[1] if f"; {name}, shape " in alt else alt.split(f": {name}, shape ")[1]
    part = part.split(";")[0].split(". Outlined")[0]
    lo, hi = numbers_in(part.split("values from ")[1])[:2]
    return lo, hi, numbers_in(part.split("rows ")[1])


def test_network_stepper_says_each_array_with_its_values():
    view = NetworkStepper()
    view.x1.value, view.W1_00.value = -0.7, 0.3
    params = [p.copy() for p in START]
    params[0][0, 0] = 0.3
    x = X.copy()
    x[0, 0] = -0.7
    v = network_by_hand(x, params, "tanh")
    view.step.value = STEPS.index("dZ1")
    alt = alt_of(view.panel)
    assert alt.startswith(f"Step 9 of {len(STEPS)}, backward: dZ1") and "blue cells below 0 and red above" in alt
    assert "dZ1, shape (4, 3), the result" in alt and "dA1, shape (4, 3)" in alt
    for name in ("dA1", "f'(Z1)", "dZ1"):
        label = "tanh′(Z1)" if name == "f'(Z1)" else name
        lo, hi, values = said_array(alt, label)
        want = v[name].ravel()
        assert (lo, hi) == pytest.approx((want.min(), want.max()), rel=0.051), label  # 2 significant digits
        assert values == pytest.approx(want, rel=0.051, abs=1e-12), label
    assert alt.endswith("Outlined: the cells of dZ1[0,0]")
    before = alt
    view.W2_00.value = -1.0  # everything backward changes
    assert alt_of(view.panel) != before
    params[2][0, 0] = -1.0
    view.step.value = STEPS.index("L")
    assert f"L, a number, the result: {network_by_hand(x, params, 'tanh')['L']:.2g}" in alt_of(view.panel)


def test_the_learning_rate_moves_the_update_and_the_loss_after_it():
    view = NetworkStepper()
    view.step.value = STEPS.index("W1_new")
    before = png(view.panel)
    view.lr.value = 2.0
    check_shown(view, network_by_hand(X, START, "tanh", lr=2.0))
    assert png(view.panel) != before
    # by hand: W1_new[0, 0] = W1[0, 0] − η dW1[0, 0]
    assert entry_result(view) == pytest.approx(START[0][0, 0] - 2.0 * view.state.values["dW1"][0, 0], rel=5e-3)
    view.step.value = STEPS.index("L_new")
    v = network_by_hand(X, START, "tanh", lr=2.0)
    check_shown(view, v)
    assert entry_line(view).endswith(": lower") == (v["L_new"] < v["L"])
    view.lr.value = 10.0  # a step too long: the loss after it is above where it started
    v = network_by_hand(X, START, "tanh", lr=10.0)
    assert v["L_new"] > v["L"] and entry_line(view).endswith("not lower: η is too large for this step")
    view.step.value = STEPS.index("Z1")  # η does not move the forward and backward steps
    v_small = network_by_hand(X, START, "tanh", lr=0.01)
    view.lr.value = 0.01
    check_shown(view, v_small)
    assert any(UPDATE_STEPS in str(text) for text in shown(view)), "the note on η is not shown"
