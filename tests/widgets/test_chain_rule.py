"""GraphStepper (notebook 03), headless: the step and input sliders moved from Python;
the nodes' texts, the boxes' and edges' colours and the equation drawn under the
graph against ``neuron_step`` recomputed here and numbers worked out by hand."""

import math
import re

import pytest
from matplotlib.colors import to_rgba

from lessonkit import plots
from lessonkit.states import GraphStepperState
from lessonkit.widgets import GraphStepper
from tests.references import EXAMPLE, NEURON_CASES, recompute
from tests.references.chain_rule import READS, STEPS, expected_equation_numbers, expected_grads, expected_values
from tests.shown import (
    NEGATIVE_ZERO,
    NUMBER,
    PNG_SIGNATURE,
    alt_of,
    close3,
    drawn,
    equation_shown,
    face,
    node_shows,
    node_texts,
    png,
)


def check_graph_drawn(view, record):
    """The nodes, boxes, edges, equation and title at the view's step, against ``record``."""
    s = view.state
    step = s.step
    phase, name = STEPS[step]
    values, grads = expected_values(record, step), expected_grads(record, step)
    texts = node_texts(view)
    for node, text in texts.items():
        _, value, grad = node_shows(text)
        if node in values:
            assert close3(value, values[node]), f"step {step}: node {node} shows {text!r}, is {values[node]}"
        else:
            assert value is None, f"step {step}: node {node} shows a number too early: {text!r}"
        if node in grads:
            assert close3(grad, grads[node]), f"step {step}: node {node} shows {text!r}, ∂L/∂{node} = {grads[node]}"
        else:
            assert grad is None, f"step {step}: node {node} shows a gradient too early: {text!r}"
    reads = READS[(phase, name)]
    for node in texts:
        expected = plots.ACTIVE if node == name else plots.READ if node in reads else plots.IDLE
        assert face(view, node) == pytest.approx(to_rgba(expected)), f"step {step}: box {node}"
    lit_color = plots.COLORS["backward" if phase == "backward" else "forward"]
    for (src, dst), edge in view.graph["edges"].items():
        on = {src, dst} <= reads | {name}
        expected = lit_color if on else plots.COLORS["muted"]
        assert edge.get_edgecolor() == pytest.approx(to_rgba(expected)), f"step {step}: edge {src}→{dst}"
    shown = equation_shown(view).split(" = ")
    assert shown[:2] == s.equation().split(" = ")[:2], "the formula is not the state's"
    for numbers in (" = ".join(s.equation().split(" = ")[2:]), " = ".join(shown[2:])):  # the state's, and as shown
        tokens = NUMBER.findall(re.sub(r"\^2|²", "", numbers))
        expected = expected_equation_numbers(record, phase, name)
        assert [float(t) for t in tokens] == pytest.approx(expected, abs=5e-4 + 1e-9), numbers
    assert f"Step {step + 1} of 8" in view.title.value
    assert view.error.value == ""


@pytest.mark.parametrize("activation, loss", NEURON_CASES)
def test_graph_stepper_equation_is_drawn_and_fits(activation, loss):
    # mathtext parses every equation (a bad one raises when drawn) and it stays inside the picture
    view = GraphStepper(GraphStepperState(activation=activation, loss=loss))
    for step in range(len(STEPS)):
        before = png(view.panel)
        view.step.value = step
        assert view.error.value == ""
        assert drawn(view.panel, view.equation), f"step {step}: the equation is not in the picture"
        box = view.equation.get_window_extent(view.panel.canvas.get_renderer())
        assert 0 <= box.x0 and box.x1 <= view.panel.fig.bbox.width, f"step {step}: the equation overflows the picture"
        assert png(view.panel) != before or step == 0


def test_graph_stepper_steps_through_the_example():
    view = GraphStepper()
    assert set(view.controls) == {"step", "x1", "x2", "w1", "w2", "b"}
    record, _ = recompute(dict(EXAMPLE, activation="sigmoid", loss="bce"))
    assert view.step.value == 0
    check_graph_drawn(view, record)
    before = png(view.panel)
    assert before.startswith(PNG_SIGNATURE)
    for step in range(1, len(STEPS)):
        view.step.value = step
        assert view.state.step == step and view.state.current == STEPS[step]
        check_graph_drawn(view, record)
        now = png(view.panel)
        assert now != before, f"step {step}: the picture did not change"
        before = now
        if STEPS[step] == ("backward", "w1"):
            assert "(-2.492)(0.240)(1) = -0.599" in equation_shown(view)
        if STEPS[step] == ("backward", "w2"):
            assert "(-2.492)(0.240)(2) = -1.197" in equation_shown(view)
    view.step.value = 2
    check_graph_drawn(view, record)
    assert "0.913" in node_texts(view)["L"]  # −log σ(−0.4)


def test_graph_stepper_sliders_recompute_everything():
    view = GraphStepper()
    view.step.value = 5  # ∂L/∂w1
    moves = [("x1", -1.5), ("x2", 0.5), ("w1", 1.2), ("w2", 0.8), ("b", -0.3)]
    x, w, b = [1.0, 2.0], [0.5, -0.5], 0.1
    for name, value in moves:
        before = png(view.panel)
        view.controls[name].value = value
        if name == "b":
            b = value
        else:
            (x if name[0] == "x" else w)[int(name[1]) - 1] = value
        record, _ = recompute(dict(x=x, y=1.0, w=w, b=b, lr=0.1, activation="sigmoid", loss="bce"))
        z = w[0] * x[0] + w[1] * x[1] + b
        assert view.state.record.z == pytest.approx(z, abs=1e-12), f"after {name}"
        a = 1 / (1 + math.exp(-z))
        assert view.state.record.grad_w[0] == pytest.approx((a - 1) * x[0], rel=1e-12)  # (σ(z) − y) x1
        check_graph_drawn(view, record)
        assert png(view.panel) != before, f"{name}: the picture did not change"
    # by hand: z = 1.2·(−1.5) + 0.8·0.5 − 0.3 = −1.7
    a = 1 / (1 + math.exp(1.7))
    assert f"= {-1 / a:.3f}" not in equation_shown(view)  # (∂L/∂a is inside the chain, not after an =)
    assert f"({-1 / a:.3f})({a * (1 - a):.3f})(-1.500) = {(a - 1) * -1.5:.3f}" in equation_shown(view)
    assert node_shows(node_texts(view)["z"])[1] == -1.7
    view.step.value = 0
    assert "(1.200)(-1.500) + (0.800)(0.500) + (-0.300) = -1.700" in equation_shown(view)


def test_graph_stepper_shows_no_negative_zero():
    # on the sliders' grid: w1·x1 = 0.01 · (−0.01), so z = −0.0001, which rounds to 0 at three decimals
    view = GraphStepper()
    view.w1.value, view.x1.value, view.w2.value, view.b.value = 0.01, -0.01, 0.0, 0.0
    assert view.state.record.z == pytest.approx(-1e-4)
    assert equation_shown(view).endswith("= 0")
    shown = node_texts(view)["z"]
    assert not NEGATIVE_ZERO.search(shown), f"BUG: the z node shows {shown!r}: a negative zero ('-0.000')"


def test_graph_stepper_backward_with_relu_shows_no_negative_zero():
    view = GraphStepper(GraphStepperState(activation="relu", loss="mse"))
    view.w1.value = -1.0  # z = −1.9: relu is flat, ∂L/∂z = (−2)·0 = −0.0
    view.step.value = len(STEPS) - 1
    assert not NEGATIVE_ZERO.search(equation_shown(view)), equation_shown(view)
    bad = {n: t for n, t in node_texts(view).items() if NEGATIVE_ZERO.search(t)}
    assert not bad, f"BUG: graph nodes show a negative zero where the gradient is 0: {bad}"


def test_graph_stepper_says_its_step_node_values_and_equation_in_words():
    view = GraphStepper()
    view.x1.value = 1.5
    view.step.value = 5  # ∂L/∂w1
    z = 0.5 * 1.5 - 0.5 * 2 + 0.1  # −0.15
    a = 1 / (1 + math.exp(-z))
    dL_da, da_dz = -1 / a, a * (1 - a)  # cross-entropy, y = 1; the sigmoid's slope
    grad_w1 = dL_da * da_dz * 1.5
    alt = alt_of(view.panel)
    assert f"Step 6 of 8: backward, ∂L/∂w1 = {grad_w1:.3f}" in alt
    assert f"∂L/∂w1 = <b>{grad_w1:.3f}</b>" in view.title.value  # the step's result as text beside the picture
    assert "x1 = 1.500" in alt and f"z = {z:.3f}" in alt and f"a = {a:.3f}" in alt and f"L = {-math.log(a):.3f}" in alt
    assert f"∂L/∂a = {dL_da:.3f}" in alt and f"∂L/∂z = {dL_da * da_dz:.3f}" in alt
    assert "∂L/∂w2" not in alt, "a gradient not reached yet is said"
    equation = alt.split("the equation: ")[1]
    assert equation.startswith("∂L/∂w1 = ∂L/∂a · ∂a/∂z · ∂z/∂w1 = ")
    numbers = [float(t) for t in NUMBER.findall(equation.split(" = ", 2)[2].replace("\u2212", "-"))]
    assert numbers == pytest.approx([dL_da, da_dz, 1.5, grad_w1], abs=5e-4)
    view.step.value = 3
    said = f"the equation: ∂L/∂a = −y/a + (1−y)/(1−a) = {dL_da:.3f}".replace("-", "\u2212")  # as written
    assert said in alt_of(view.panel)
    view.step.value = 0
    assert f"Step 1 of 8: forward, the value of z = {z:.3f}" in alt_of(view.panel)
    assert "gradients" not in alt_of(view.panel)
