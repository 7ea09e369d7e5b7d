"""The graph stepper (notebook 03) and the one-update step-through (notebook 04):
their states against ``neuron_step`` recomputed here, hand-derived numbers and finite
differences; their views headless (controls moved from Python), state and drawn data."""
import html
import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.colors import to_rgba
from tests.conftest import PNG_SIGNATURE, drawn, neuron_loss_by_hand, png, point_of

import lessonkit as lk
from lessonkit import plots
from lessonkit.states import GraphStepperState, StepThroughState, num
from lessonkit.widgets import GraphStepper, StepThrough
from lessonkit.widgets.update import PAIRS

SEED = dict(x=[1.0, 2.0], y=1.0, w=[0.5, -0.5], b=0.1, lr=0.1)
LEAVES = ("x1", "x2", "w1", "w2", "b", "y")
FORWARD = ("z", "a", "L")                   # the forward steps, in order
BACKWARD = ("a", "z", "w1", "w2", "b")      # the backward steps (∂L/∂...), in order
#: What each step of the graph reads, from the graph's wiring: its inputs going forward,
#: the path from L going backward.
READS = {
    ("forward", "z"): {"x1", "w1", "x2", "w2", "b"}, ("forward", "a"): {"z"}, ("forward", "L"): {"a", "y"},
    ("backward", "a"): {"L"}, ("backward", "z"): {"a", "L"},
    ("backward", "w1"): {"z", "a", "L"}, ("backward", "w2"): {"z", "a", "L"}, ("backward", "b"): {"z", "a", "L"},
}
STEPS = [("forward", n) for n in FORWARD] + [("backward", n) for n in BACKWARD]
#: What the step-through shows, stage by stage (cumulative), in the order of the computation.
STAGE_FIELDS = [
    ["z", "a"],
    ["z", "a", "loss"],
    ["z", "a", "loss", "dL_da", "da_dz", "dL_dz", "grad_w", "grad_b"],
    ["z", "a", "loss", "dL_da", "da_dz", "dL_dz", "grad_w", "grad_b", "w_new", "b_new", "loss_after"],
]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")
NEGATIVE_ZERO = re.compile(r"(?<![\d.])-0(?:\.0*)?(?![\d.]*[1-9])")


def random_inputs(rng, activation, loss):
    """Inputs as the controls give them: two decimals, y in [0, 1] for bce, lr from 0.001 to 100."""
    if loss == "bce":
        y = float(rng.integers(0, 2)) if rng.random() < 0.5 else round(float(rng.uniform(0, 1)), 2)
    else:
        y = round(float(rng.uniform(-1, 2)), 2)
    return dict(x=rng.uniform(-3, 3, 2).round(2), y=y, w=rng.uniform(-3, 3, 2).round(2),
                b=round(float(rng.uniform(-3, 3)), 2), lr=float(10 ** rng.uniform(-3, 2)),
                activation=activation, loss=loss)


def recompute(inputs):
    """neuron_step on the inputs, and the step from where it lands (the loss after the update)."""
    kw = {k: inputs[k] for k in ("x", "y", "w", "b", "lr")}
    record = lk.neuron_step(**kw, activation=inputs["activation"], loss=inputs["loss"])
    after = lk.neuron_step(record.x, record.y, record.w_new, record.b_new, record.lr, inputs["activation"],
                           inputs["loss"])
    return record, after


def loss_by_hand(w, x, y, b, activation, loss):
    """L from the textbook formulas; for bce written from z, stably, when σ(z) would round to 0 or 1."""
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    if loss == "bce" and abs(z) > 30:
        return max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
    return neuron_loss_by_hand(w, x, y, b, activation, loss)


def numbers_in(text):
    return [float(t) for t in NUMBER.findall(text)]


# ---- num: the numbers in the equations ----------------------------------------------

@pytest.mark.parametrize("v,text", [
    (0.0, "0"), (-0.0, "0"), (-1e-12, "0"), (-0.0004, "0"), (0.0004, "0"), (-0.0006, "-0.001"),
    (2.0, "2"), (-2.0, "-2"), (0.24026, "0.240"), (-2.4918, "-2.492"), (-1.197375, "-1.197"), (1.5, "1.500"),
])
def test_num_by_hand(v, text):
    assert num(v) == text


@given(st.floats(-1e9, 1e9, allow_nan=False))
def test_num_never_prints_negative_zero(v):
    text = num(v)
    assert not NEGATIVE_ZERO.fullmatch(text), f"num({v!r}) = {text!r}"
    assert float(text) == pytest.approx(v, abs=5e-4 + 1e-12, rel=1e-12), f"num({v!r}) = {text!r}"
    assert re.fullmatch(r"-?\d+(\.\d{3})?", text), f"num({v!r}) = {text!r}: an integer or three decimals"


# ---- StepThroughState ---------------------------------------------------------------

@pytest.mark.parametrize("activation,loss", PAIRS)
def test_step_through_numbers_at_every_stage(activation, loss):
    rng = np.random.default_rng(sum(map(ord, activation + loss)))
    overshoots = set()
    # first one input twice: z = 0.5, a near y = 0.6; a tiny step goes down, a step of η = 100 overshoots far
    # (on one example, bce with y = 0 or 1 and mse with y out of f's range fall all the way: those never overshoot)
    near = dict(x=[1.0, 2.0], y=0.6, w=[0.2, 0.1], b=0.1, activation=activation, loss=loss)
    cases = [dict(near, lr=1e-3), dict(near, lr=100.0)] + [random_inputs(rng, activation, loss) for _ in range(12)]
    for case, inputs in enumerate(cases):
        record, after = recompute(inputs)
        s = StepThroughState(**inputs)
        for stage, fields in enumerate(STAGE_FIELDS):
            s.set_stage(stage)
            assert s.stage == stage and s.stage_name == StepThroughState.STAGES[stage]
            shown = s.numbers()
            assert list(shown) == fields, f"stage {stage}: shows {list(shown)}"
            for field in fields:
                expected = after.loss if field == "loss_after" else getattr(record, field)
                np.testing.assert_allclose(shown[field], expected, rtol=1e-12, atol=1e-300,
                                           err_msg=f"case {case}, stage {stage}: {field}")
        # independent of neuron_step: the formulas
        w, x, y, b = inputs["w"], inputs["x"], inputs["y"], inputs["b"]
        z = w[0] * x[0] + w[1] * x[1] + b
        assert s.record.z == pytest.approx(z, abs=1e-12)
        assert s.record.loss == pytest.approx(loss_by_hand(w, x, y, b, activation, loss), rel=1e-9, abs=1e-12)
        assert s.loss_after == pytest.approx(
            loss_by_hand(s.record.w_new, x, y, s.record.b_new, activation, loss), rel=1e-9, abs=1e-12)
        np.testing.assert_allclose(s.record.w_new, np.asarray(w) - inputs["lr"] * record.grad_w, rtol=1e-12)
        assert s.overshoots == (after.loss > record.loss)
        overshoots.add(s.overshoots)
    assert overshoots == {True, False}, "the random cases should include steps that overshoot and steps that do not"


def test_step_through_seed_by_hand():
    s = StepThroughState(stage=3)
    a = 1 / (1 + math.exp(0.4))
    n = s.numbers()
    assert n["loss"] == pytest.approx(-math.log(a), rel=1e-12)
    np.testing.assert_allclose(n["w_new"], [0.5 - 0.1 * (a - 1), -0.5 - 0.1 * 2 * (a - 1)], rtol=1e-12)
    assert n["b_new"] == pytest.approx(0.1 - 0.1 * (a - 1), rel=1e-12)
    z_after = 0.5 - 0.1 * (a - 1) + 2 * (-0.5 - 0.2 * (a - 1)) + 0.1 - 0.1 * (a - 1)  # = −0.4 − 0.6 (a − 1)
    assert n["loss_after"] == pytest.approx(math.log1p(math.exp(-z_after)), rel=1e-12)
    assert (round(n["loss"], 4), round(n["loss_after"], 4)) == (0.9130, 0.7137)
    assert not s.overshoots


def test_overshoot_by_hand():
    # identity + mse at the seed: z = a = −0.4, L = 1.96, ∂L/∂z = 2(a − 1) = −2.8;
    # one step moves z by η · 2.8 · (|x|² + 1) = 16.8 η: past the target once η > 1/6.
    s = StepThroughState(activation="identity", loss="mse", lr=1.0)
    assert s.record.loss == pytest.approx(1.96)
    assert s.loss_after == pytest.approx((16.4 - 1) ** 2)
    assert s.overshoots
    s.set(lr=0.16)
    assert not s.overshoots and s.loss_after < s.record.loss
    s.set(lr=0.18)
    assert s.overshoots


# ---- GraphStepperState --------------------------------------------------------------

def expected_values(record, step):
    """Node → value known at ``step``: the leaves always, z, a, L once computed."""
    values = {"x1": record.x[0], "x2": record.x[1], "w1": record.w[0], "w2": record.w[1], "b": record.b,
              "y": record.y}
    computed = {"z": record.z, "a": record.a, "L": record.loss}
    for name in FORWARD[: step + 1]:
        values[name] = computed[name]
    return values


def expected_grads(record, step):
    """Node → ∂L/∂node known at ``step``: none going forward; then ∂L/∂L = 1 and each one reached."""
    if step < len(FORWARD):
        return {}
    grads = {"a": record.dL_da, "z": record.dL_dz, "w1": record.grad_w[0], "w2": record.grad_w[1], "b": record.grad_b}
    return {"L": 1.0, **{name: grads[name] for name in BACKWARD[: step - len(FORWARD) + 1]}}


def expected_equation_numbers(record, phase, name):
    """The numbers the equation of a step writes after its symbols, in order."""
    r = record
    if phase == "forward":
        if name == "z":
            return [r.w[0], r.x[0], r.w[1], r.x[1], r.b, r.z]
        if name == "a":
            return [r.z, r.a]
        return [r.y, r.a, 1 - r.y, 1 - r.a, r.loss] if r.loss_name == "bce" else [r.a, r.y, r.loss]
    if name == "a":
        return [r.dL_da] if r.loss_name == "bce" else [2, r.a, r.y, r.dL_da]
    chain = [r.dL_da, r.da_dz]
    if name == "z":
        return chain + [r.dL_dz]
    local, grad = {"w1": (r.x[0], r.grad_w[0]), "w2": (r.x[1], r.grad_w[1]), "b": (1.0, r.grad_b)}[name]
    return chain + [local, grad]


@pytest.mark.parametrize("activation,loss", PAIRS)
def test_graph_stepper_reveals_each_node_in_turn(activation, loss):
    rng = np.random.default_rng(sum(map(ord, loss + activation)) + 1)
    for case in range(6):
        inputs = random_inputs(rng, activation, loss)
        record, _ = recompute(inputs)
        s = GraphStepperState(**inputs)
        for step, (phase, name) in enumerate(STEPS):
            s.set_step(step)
            assert s.current == (phase, name)
            values, grads = s.values(), s.grads()
            want_values, want_grads = expected_values(record, step), expected_grads(record, step)
            assert set(values) == set(want_values), f"step {step} ({phase} {name}): values of {sorted(values)}"
            assert set(grads) == set(want_grads), f"step {step} ({phase} {name}): grads of {sorted(grads)}"
            for node, v in want_values.items():
                assert values[node] == pytest.approx(float(v), rel=1e-12, abs=1e-300), f"step {step}: {node}"
            for node, g in want_grads.items():
                assert grads[node] == pytest.approx(float(g), rel=1e-12, abs=1e-300), f"step {step}: ∂L/∂{node}"
            assert set(s.path()) == READS[(phase, name)] | {name}


@pytest.mark.parametrize("activation,loss", PAIRS)
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
            fd = (loss_by_hand(plus[:2], x, y, plus[2], activation, loss)
                  - loss_by_hand(minus[:2], x, y, minus[2], activation, loss)) / (2 * h)
            assert s.grads()[node] == pytest.approx(fd, rel=1e-5, abs=1e-6), f"∂L/∂{node} at {inputs}"


def test_graph_stepper_seed_equations():
    s = GraphStepperState()
    s.set_step(STEPS.index(("backward", "w1")))
    assert "(-2.492)(0.240)(1) = -0.599" in s.equation()
    s.set_step(STEPS.index(("backward", "w2")))
    assert "(-2.492)(0.240)(2) = -1.197" in s.equation()
    s.set_step(0)
    assert s.equation().endswith("(0.500)(1) + (-0.500)(2) + (0.100) = -0.400")


@pytest.mark.parametrize("activation,loss", PAIRS)
def test_graph_stepper_equation_numbers_are_the_records(activation, loss):
    rng = np.random.default_rng(sum(map(ord, activation)) + 11)
    for case in range(8):
        inputs = random_inputs(rng, activation, loss)
        record, _ = recompute(inputs)
        s = GraphStepperState(**inputs)
        for step, (phase, name) in enumerate(STEPS):
            s.set_step(step)
            eq = s.equation()
            parts = eq.split(" = ")
            assert len(parts) >= 3, eq
            tokens = NUMBER.findall(re.sub(r"\^2", "", " = ".join(parts[2:])))  # after the symbols; not the ²
            expected = expected_equation_numbers(record, phase, name)
            assert len(tokens) == len(expected), f"{phase} {name}: {eq!r} has {tokens}, expected {expected}"
            for token, value in zip(tokens, expected):
                assert re.fullmatch(r"-?\d+(\.\d{3})?", token), f"{token!r} in {eq!r}"
                assert abs(float(token) - value) <= 5e-4 + 1e-9 * abs(value), (
                    f"{phase} {name}: {token} in {eq!r} is not {value!r} rounded")
                assert not NEGATIVE_ZERO.fullmatch(token), f"{token!r} in {eq!r}"


@pytest.mark.parametrize("activation,loss", PAIRS)
def test_graph_stepper_equation_lines_are_the_equation(activation, loss):
    # the two lines drawn under the graph: the formula as LaTeX, the numbers as plain text with the record's numbers
    s = GraphStepperState(activation=activation, loss=loss)
    record, _ = recompute(dict(SEED, activation=activation, loss=loss))
    for step, (phase, name) in enumerate(STEPS):
        s.set_step(step)
        formula, numbers = s.equation_lines()
        assert formula == " = ".join(s.equation().split(" = ")[:2])
        assert numbers.startswith("= ") and "\\" not in numbers and "-" not in numbers, numbers  # − is U+2212
        tokens = NUMBER.findall(numbers.replace("\u2212", "-").replace("²", ""))
        assert [float(t) for t in tokens] == pytest.approx(expected_equation_numbers(record, phase, name), abs=5e-4 + 1e-9)


def test_graph_stepper_equations_with_zeros_have_no_negative_zero():
    # relu below its kink: ∂a/∂z = 0, so ∂L/∂z = (−2)·0 = −0.0 in floating point
    s = GraphStepperState(w=[-1.0, -0.5], activation="relu", loss="mse")
    assert math.copysign(1, s.record.dL_dz) == -1  # the case worth checking: a negative zero
    for step in range(len(STEPS)):
        s.set_step(step)
        assert not NEGATIVE_ZERO.search(s.equation()), s.equation()
    s = GraphStepperState(w=[0.5, -0.25], b=-1e-5)  # z = −0.00001
    assert s.equation().endswith("= 0") and not NEGATIVE_ZERO.search(s.equation()), s.equation()


# ---- bad input ----------------------------------------------------------------------

@pytest.mark.parametrize("step", [8, -1, 2.0, True, "3", None], ids=repr)
def test_bad_step_names_step(step):
    s = GraphStepperState(step=2)
    with pytest.raises(ValueError, match=r"^step: "):
        s.set_step(step)
    assert s.step == 2 and s.current == ("forward", "L")
    with pytest.raises(ValueError, match=r"^step: "):
        GraphStepperState(step=step)


@pytest.mark.parametrize("stage", [4, -1, 1.0, False, "1", None], ids=repr)
def test_bad_stage_names_stage(stage):
    s = StepThroughState(stage=1)
    with pytest.raises(ValueError, match=r"^stage: "):
        s.set_stage(stage)
    assert s.stage == 1 and s.stage_name == "loss"
    with pytest.raises(ValueError, match=r"^stage: "):
        StepThroughState(stage=stage)


def test_integer_types_from_numpy_are_steps():
    assert GraphStepperState(step=np.int64(3)).current == ("backward", "a")
    assert StepThroughState(stage=np.int32(2)).stage_name == "gradients"


BAD_SETS = [  # (changes, error, the argument named)
    (dict(y=2.0), ValueError, "y"),
    (dict(y=-0.5), ValueError, "y"),
    (dict(lr=0.0), ValueError, "lr"),
    (dict(lr=-1.0), ValueError, "lr"),
    (dict(b=float("nan")), ValueError, "b"),
    (dict(w1=float("inf")), ValueError, "w1"),
    (dict(x2="a"), TypeError, "x2"),
    (dict(activation="tanh"), ValueError, "activation"),   # bce needs sigmoid
    (dict(activation="swish"), ValueError, "activation"),
    (dict(loss="hinge"), ValueError, "loss"),
    (dict(w=[1.0, 2.0, 3.0]), ValueError, "w"),  # two inputs, two weights
    (dict(x=[[1.0, 2.0]]), ValueError, "x"),
    (dict(w1=3.0, y=5.0), ValueError, "y"),                # a good change with a bad one: neither happens
    (dict(speed=1.0), TypeError, "set"),
]


@pytest.mark.parametrize("cls", [GraphStepperState, StepThroughState])
@pytest.mark.parametrize("changes,error,argument", BAD_SETS, ids=[str(c[0]) for c in BAD_SETS])
def test_set_with_bad_input_changes_nothing(cls, changes, error, argument):
    s = cls(w=[0.3, 0.7], b=-0.2)
    (s.set_step if cls is GraphStepperState else s.set_stage)(2)
    before = dict(record=s.record, after=getattr(s, "after", None), x=s.x.copy(), w=s.w.copy(), y=s.y, b=s.b,
                  lr=s.lr, activation=s.activation, loss=s.loss_name)
    shown = s.values() if cls is GraphStepperState else s.numbers()
    with pytest.raises(error, match=rf"^{re.escape(argument)}\b"):
        s.set(**changes)
    assert s.record is before["record"] and getattr(s, "after", None) is before["after"]
    assert list(s.x) == list(before["x"]) and list(s.w) == list(before["w"]) == [0.3, 0.7]
    assert (s.y, s.b, s.lr, s.activation, s.loss_name) == (
        before["y"], before["b"], before["lr"], before["activation"], before["loss"])
    assert (s.values() if cls is GraphStepperState else s.numbers()).keys() == shown.keys()


def test_set_one_input_keeps_the_others():
    s = StepThroughState()
    s.set(w2=0.25)
    record, after = recompute(dict(SEED, w=[0.5, 0.25], activation="sigmoid", loss="bce"))
    assert list(s.w) == [0.5, 0.25] and list(s.x) == [1.0, 2.0] and (s.y, s.b, s.lr) == (1.0, 0.1, 0.1)
    assert s.record.loss == pytest.approx(record.loss, rel=1e-12)
    assert s.loss_after == pytest.approx(after.loss, rel=1e-12)


# ---- the views: helpers ---------------------------------------------------------------

def node_texts(view):
    return {name: text.get_text() for name, text in view.graph["nodes"].items()}


def node_shows(text):
    """(title, value, gradient) read from a graph node's text; value is a number, (old, new) at the
    update, or None; gradient a number or None."""
    lines = text.splitlines()
    value = grad = None
    for line in lines[1:]:
        if line.startswith("∂L/∂"):
            grad = float(line.split("=", 1)[1])
        elif "→" in line:
            value = tuple(float(part) for part in line.split("→"))
        else:
            value = float(line)
    return lines[0], value, grad


def close3(shown, value):
    """``shown`` is ``value`` to three decimals."""
    return shown is not None and abs(shown - value) <= 5e-4 + 1e-9 * abs(value)


def face(view, name):
    return view.graph["boxes"][name].get_facecolor()


def shown_numbers(view):
    """The numbers table, row by row: the numbers in each row's value cell."""
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td><td><b>(.*?)</b></td></tr>", view.numbers.value)
    return [numbers_in(value) for _, value in rows]


def clip_to_box(start, end, xlim, ylim):
    """``end``, or the point where the segment start → end leaves the box, worked out here."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    d = end - start
    t = 1.0
    for k, (lo, hi) in enumerate((xlim, ylim)):
        if d[k] > 0:
            t = min(t, (hi - start[k]) / d[k])
        elif d[k] < 0:
            t = min(t, (lo - start[k]) / d[k])
    return start + t * d


def controls_inputs(view):
    activation, loss = view.pair.value
    return dict(x=[view.x1.value, view.x2.value], y=view.y.value, w=[view.w1.value, view.w2.value],
                b=view.b.value, lr=view.lr.value, activation=activation, loss=loss)


def check_step_through_drawn(view):
    """Everything the step-through shows, against neuron_step on the controls' values, recomputed here."""
    record, after = recompute(controls_inputs(view))
    s, stage = view.state, view.stage.value
    assert s.stage == stage
    for field in ("z", "a", "loss", "dL_da", "dL_dz", "grad_b", "b_new"):
        assert getattr(s.record, field) == pytest.approx(getattr(record, field), rel=1e-12, abs=1e-300), field
    np.testing.assert_allclose(s.record.w_new, record.w_new, rtol=1e-12)
    # the numbers table: one row per number shown, each to 5 decimals
    want = []
    for field in STAGE_FIELDS[stage]:
        value = after.loss if field == "loss_after" else getattr(record, field)
        want.append(list(np.atleast_1d(value)))
    rows = shown_numbers(view)
    assert len(rows) == len(want), f"stage {stage}: {len(rows)} rows, expected {len(want)}"
    for field, got, expected in zip(STAGE_FIELDS[stage], rows, want):
        assert len(got) == len(expected), f"{field}: shows {got}"
        for g, e in zip(got, expected):
            assert abs(g - e) <= 5e-6 + 1e-5 * abs(e), f"stage {stage}, {field}: shows {g}, is {e}"
    # the graph: values once computed, gradients from the gradients stage on, old → new at the update
    texts = node_texts(view)
    shows = {name: node_shows(text) for name, text in texts.items()}
    assert close3(shows["z"][1], record.z) and close3(shows["a"][1], record.a), (texts["z"], texts["a"])
    assert (shows["L"][1] is not None) == (stage >= 1), texts["L"]
    if stage >= 1:
        assert close3(shows["L"][1], record.loss), texts["L"]
    grads = {"a": record.dL_da, "z": record.dL_dz, "w1": record.grad_w[0], "w2": record.grad_w[1], "b": record.grad_b}
    for name, g in grads.items():
        shown = shows[name][2]
        assert (shown is not None) == (stage >= 2), f"stage {stage}: {texts[name]!r}"
        assert shown is None or close3(shown, g), f"stage {stage}: {texts[name]!r}, ∂L/∂{name} = {g}"
    for name, old, new in (("w1", record.w[0], record.w_new[0]), ("w2", record.w[1], record.w_new[1]),
                           ("b", record.b, record.b_new)):
        shown = shows[name][1]
        if stage == 3:
            assert isinstance(shown, tuple) and close3(shown[0], old) and close3(shown[1], new), texts[name]
        else:
            assert close3(shown, old), f"stage {stage}: {texts[name]!r}"
    for name in ("x1", "x2", "y"):
        assert close3(shows[name][1], getattr(view, name).value), texts[name]
    # the verdict
    if stage < 3:
        assert view.verdict.value == ""
    else:
        if after.loss != record.loss:  # (a zero step is test_step_through_verdict_when_the_loss_stays)
            went = "went up" if after.loss > record.loss else "went down"
            assert went in view.verdict.value, view.verdict.value
            before_after = re.search(r"(\S+) → (\S+?)[.:]?(?:\s|<)", view.verdict.value)
            assert before_after, view.verdict.value
            shown = [float(t) for t in before_after.groups()]
            assert shown == pytest.approx([record.loss, after.loss], rel=1e-3, abs=5e-5), view.verdict.value
    # the landscape: the current w; at the update, the arrow from w towards w_new, cut at the chart's edge
    ax = view.landscape_ax
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert point_of(view.point) == pytest.approx(tuple(record.w))
    assert x0 < record.w[0] < x1 and y0 < record.w[1] < y1, "w is on the chart"
    assert view.arrow.get_visible() == view.point_new.get_visible() == (stage == 3)
    if stage == 3:
        head = clip_to_box(record.w, record.w_new, (x0, x1), (y0, y1))
        assert view.arrow.xyann == pytest.approx(tuple(record.w), rel=1e-12, abs=1e-12), "the arrow starts at w"
        assert view.arrow.xy == pytest.approx(tuple(head), rel=1e-9, abs=1e-12), (
            f"the arrow ends at {view.arrow.xy}, expected {tuple(head)} (w_new = {tuple(record.w_new)})")
        assert point_of(view.point_new) == pytest.approx(tuple(head), rel=1e-9, abs=1e-12)
    assert view.error.value == ""
    return record, after


# ---- GraphStepper -------------------------------------------------------------------

def check_graph_drawn(view, record):
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


def equation_shown(view):
    """The equation under the graph as one line: its formula (mathtext, LaTeX) then its numbers
    (plain text), written with ASCII minus signs."""
    formula, numbers = view.equation.get_text().split("\n")
    assert formula.startswith("$") and formula.endswith("$"), formula  # mathtext
    assert numbers.startswith("= ") and "$" not in numbers and "\\" not in numbers, numbers  # plain text
    return f"{formula.strip('$')} {numbers}".replace(r"\dfrac", r"\frac").replace("\u2212", "-")


@pytest.mark.parametrize("activation, loss", PAIRS)
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


def test_graph_stepper_steps_through_the_seed():
    view = GraphStepper()
    record, _ = recompute(dict(SEED, activation="sigmoid", loss="bce"))
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
        getattr(view, name).value = value
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


# ---- StepThrough --------------------------------------------------------------------

def test_step_through_next_back_and_stage():
    view = StepThrough()
    assert view.stage.value == 0 and view.back.disabled and not view.next.disabled
    check_step_through_drawn(view)
    pictures = [png(view.graph_panel)]
    for stage in (1, 2, 3):
        view.next.click()
        assert view.stage.value == view.state.stage == stage
        assert f"<b>{StepThroughState.STAGES[stage]}</b>" in view.stage_label.value
        check_step_through_drawn(view)
        pictures.append(png(view.graph_panel))
    assert len(set(pictures)) == 4, "each stage draws a different graph"
    assert view.next.disabled and not view.back.disabled
    view.next.click()
    assert view.stage.value == 3, "Next at the last stage stays there"
    view.back.click()
    assert view.stage.value == view.state.stage == 2
    check_step_through_drawn(view)
    view.stage.value = 0
    assert view.state.stage == 0 and view.back.disabled
    view.back.click()
    assert view.stage.value == 0
    check_step_through_drawn(view)


def test_step_through_highlights_what_each_stage_computes():
    view = StepThrough()
    active = [[n for n in view.graph["boxes"] if face(view, n) == pytest.approx(to_rgba(plots.ACTIVE))]]
    for _ in range(3):
        view.next.click()
        active.append([n for n in view.graph["boxes"] if face(view, n) == pytest.approx(to_rgba(plots.ACTIVE))])
    assert active[0] in (["z"], ["a"]), f"forward: {active[0]}"
    assert active[1] == ["L"], f"loss: {active[1]}"
    assert len(active[2]) == 1 and active[2][0] in BACKWARD, f"gradients: {active[2]}"
    read = [n for n in view.graph["boxes"] if face(view, n) == pytest.approx(to_rgba(plots.READ))]
    assert set(read) >= {"w1", "w2", "b"}, f"update: the parameters that change are highlighted, got {read}"


def test_step_through_seed_update_goes_down():
    view = StepThrough()
    landscape_before = png(view.landscape_panel)
    view.stage.value = 3
    check_step_through_drawn(view)
    assert "The loss went down" in view.verdict.value and "0.9130 → 0.7137" in view.verdict.value
    assert "went up" not in view.verdict.value
    # the seed's step (0.060, 0.120) is short: the arrow ends at w_new itself
    assert view.arrow.xy == pytest.approx((0.55986877, -0.38026247), abs=1e-8)
    assert drawn(view.landscape_panel, view.arrow), "the arrow is not drawn"
    assert png(view.landscape_panel) != landscape_before
    rows = shown_numbers(view)
    assert rows[-3:] == [[0.55987, -0.38026], [0.15987], [0.71375]]  # w_new, b_new, the loss after


def test_step_through_large_lr_goes_up():
    view = StepThrough()
    view.pair.value = ("identity", "mse")
    view.stage.value = 3
    check_step_through_drawn(view)
    assert "went down" in view.verdict.value  # η = 0.1 < 1/6: down
    view.lr.value = 1.0
    record, after = check_step_through_drawn(view)
    assert "The loss went up" in view.verdict.value and "1.9600 → 237.1600" in view.verdict.value
    assert "η = 1" in view.verdict.value
    # w_new = (0.5 + 2.8, −0.5 + 5.6) is off the chart: the arrow stops at its edge, pointing at w_new
    np.testing.assert_allclose(record.w_new, [3.3, 5.1], rtol=1e-12)
    head, tail = np.array(view.arrow.xy), np.array(view.arrow.xyann)
    d = record.w_new - record.w
    assert (head - tail) @ d > 0 and abs((head - tail)[0] * d[1] - (head - tail)[1] * d[0]) < 1e-9, "along the step"
    (x0, x1), (y0, y1) = view.landscape_ax.get_xlim(), view.landscape_ax.get_ylim()
    assert math.isclose(head[0], x1) or math.isclose(head[1], y1), f"the head {head} is on the chart's edge"
    assert drawn(view.landscape_panel, view.arrow), "the clipped arrow is not drawn"


def test_step_through_number_boxes_and_pairs():
    view = StepThrough()
    view.stage.value = 3
    before = [png(p) for p in view.panels]
    view.x1.value, view.x2.value = 2.0, -1.0
    view.w1.value, view.w2.value, view.b.value = 0.3, 0.8, 0.5
    view.y.value = 0.0
    s = view.state
    assert list(s.x) == [2.0, -1.0] and list(s.w) == [0.3, 0.8] and (s.b, s.y) == (0.5, 0.0)
    assert s.record.z == pytest.approx(0.3)  # 0.6 − 0.8 + 0.5
    a = 1 / (1 + math.exp(-0.3))
    assert s.record.loss == pytest.approx(-math.log(1 - a), rel=1e-12)
    np.testing.assert_allclose(s.record.grad_w, [a * 2.0, a * -1.0], rtol=1e-12)  # (a − y) x
    check_step_through_drawn(view)
    for panel, old in zip(view.panels, before):
        assert png(panel) != old
    for pair in PAIRS:
        view.pair.value = pair
        assert (s.activation, s.loss_name) == pair
        record, _ = check_step_through_drawn(view)
        assert f"a = {pair[0]}(z)" in view.numbers.value and f"L ({pair[1]})" in view.numbers.value
    view.lr.value = 0.01
    assert s.lr == 0.01
    check_step_through_drawn(view)


def test_step_through_landscape_follows_w():
    view = StepThrough()
    view.stage.value = 3
    before = png(view.landscape_panel)
    view.w1.value = -1.4
    ax = view.landscape_ax
    lo, hi = ax.get_xlim()
    assert lo < -1.4 < hi, "the chart moved to the new w"
    check_step_through_drawn(view)
    assert png(view.landscape_panel) != before


def test_step_through_error_shown_and_cleared():
    view = StepThrough()
    view.stage.value = 2
    record = view.state.record
    table = view.numbers.value
    view.y.value = 2.0  # not a probability: bce cannot take it
    assert "ValueError" in view.error.value
    assert html.escape("y: expected a target in [0, 1]") in view.error.value, view.error.value
    assert view.state.record is record and view.state.y == 1.0, "the state kept the last good input"
    assert view.numbers.value == table
    view.y.value = 0.0
    assert view.error.value == "", "a good input clears the error"
    assert view.state.y == 0.0
    check_step_through_drawn(view)
    # a pair that does not fit the target: mse takes y = 1.5, bce does not
    view.pair.value = ("sigmoid", "mse")
    view.y.value = 1.5
    assert view.error.value == ""
    view.pair.value = ("sigmoid", "bce")
    assert "y: expected a target in [0, 1]" in html.unescape(view.error.value)
    assert view.state.loss_name == "mse"
    view.y.value = 1.0
    assert view.error.value == "" and view.state.loss_name == "bce"
    check_step_through_drawn(view)


def test_step_through_verdict_when_the_loss_stays():
    view = StepThrough()
    view.pair.value = ("relu", "mse")
    view.w1.value = -1.0  # z = −1.9: relu is flat there, the gradient is 0 and the step is 0
    view.stage.value = 3
    s = view.state
    assert s.record.dL_dz == 0 and s.loss_after == s.record.loss == 1.0
    assert not s.overshoots
    assert "went down" not in view.verdict.value, (
        f"BUG: the loss stayed at {s.record.loss:.4f} (zero gradient), but the verdict says: {view.verdict.value}")


def test_step_through_shows_no_negative_zero():
    view = StepThrough()
    view.pair.value = ("relu", "mse")
    view.w1.value = -1.0  # ∂L/∂z = (−2)·0 = −0.0, and so ∂L/∂w, ∂L/∂b
    view.stage.value = 3
    cells = re.findall(r"<td><b>(.*?)</b></td>", view.numbers.value)
    table = [c for c in cells if NEGATIVE_ZERO.search(c)]
    graph = {n: t for n, t in node_texts(view).items() if NEGATIVE_ZERO.search(t)}
    assert not table and not graph, (
        f"BUG: negative zeros shown where the gradient is 0: in the numbers table {table}, in the graph {graph}")


# ---- stress ---------------------------------------------------------------------------

def test_stress_graph_stepper(no_warnings):
    rng = np.random.default_rng(3)
    figures = plt.get_fignums()
    view = GraphStepper()
    assert plt.get_fignums() == figures
    names = ["step", "x1", "x2", "w1", "w2", "b"]
    for move in range(200 * len(names)):  # about 200 moves of each slider
        name = names[int(rng.integers(len(names)))]
        control = getattr(view, name)
        if name == "step":
            value = int(rng.integers(control.min, control.max + 1))
        else:
            value = round(control.min + int(rng.integers(601)) * control.step, 2)
        control.value = value
        assert view.error.value == "", f"move {move}: {name} = {value} showed {view.error.value}"
    assert plt.get_fignums() == figures, "the widget opened pyplot figures"
    x, w = [view.x1.value, view.x2.value], [view.w1.value, view.w2.value]
    record, _ = recompute(dict(x=x, y=1.0, w=w, b=view.b.value, lr=0.1, activation="sigmoid", loss="bce"))
    assert view.state.step == view.step.value
    check_graph_drawn(view, record)
    assert png(view.panel).startswith(PNG_SIGNATURE)


def test_stress_step_through(no_warnings):
    rng = np.random.default_rng(4)
    figures = plt.get_fignums()
    view = StepThrough()
    assert plt.get_fignums() == figures
    moves = ["next", "back", "stage", "lr", "pair", "x1", "x2", "y", "w1", "w2", "b"]
    weights = np.array([3, 2, 2, 3, 1, 1, 1, 1, 1, 1, 1], dtype=float)
    for move in range(700):  # about 200 moves of each slider (stage, lr), and of the buttons
        name = moves[int(rng.choice(len(moves), p=weights / weights.sum()))]
        if name in ("next", "back"):
            getattr(view, name).click()
            value = "click"
        else:
            control = getattr(view, name)
            if name == "stage":
                value = int(rng.integers(0, 4))
            elif name == "lr":
                value = float(10 ** rng.uniform(-3, 2))
            elif name == "pair":
                value = PAIRS[int(rng.integers(len(PAIRS)))]
            elif name == "y":
                value = round(float(rng.uniform(0, 1)), 2)  # a target every pair takes
            else:
                value = round(float(rng.uniform(-3, 3)), 2)
            control.value = value
        assert view.error.value == "", f"move {move}: {name} = {value} showed {view.error.value}"
    assert plt.get_fignums() == figures, "the widget opened pyplot figures"
    view.stage.value = 3
    check_step_through_drawn(view)
    for panel in view.panels:
        assert png(panel).startswith(PNG_SIGNATURE)


def test_step_through_graph_reveals_values_then_gradients():
    s = StepThroughState()
    r = lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.1)
    for stage, name in enumerate(StepThroughState.STAGES):
        s.set_stage(stage)
        values, grads = s.values(), s.grads()
        assert values["z"] == pytest.approx(r.z) and values["a"] == pytest.approx(r.a)
        assert ("L" in values) == (stage >= 1), name
        if "L" in values:
            assert values["L"] == pytest.approx(r.loss)
        assert bool(grads) == (stage >= 2), name
        if grads:
            assert grads["w2"] == pytest.approx(r.grad_w[1]) and grads["b"] == pytest.approx(r.grad_b)
    assert s.x is s.record.x and s.lr == 0.1  # the inputs are the record's, kept once
