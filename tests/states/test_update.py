"""StepThroughState (notebook 05): one update in four stages and the landscape around
its weights, against ``neuron_step`` recomputed here and hand-derived numbers."""

import math

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.states import StepThroughState
from tests.references import (
    EXAMPLE,
    NEURON_CASES,
    clip_to_box,
    neuron_loss_by_hand,
    neuron_loss_by_hand_stable,
    random_inputs,
    recompute,
)
from tests.references.update import STAGE_FIELDS


@pytest.mark.parametrize("activation,loss", NEURON_CASES)
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
            s.set(stage=stage)
            assert s.stage == stage and s.stage_name == StepThroughState.STAGES[stage]
            shown = s.numbers()
            assert list(shown) == fields, f"stage {stage}: shows {list(shown)}"
            for field in fields:
                expected = after.loss if field == "loss_after" else getattr(record, field)
                np.testing.assert_allclose(
                    shown[field], expected, rtol=1e-12, atol=1e-300, err_msg=f"case {case}, stage {stage}: {field}"
                )
        # independent of neuron_step: the formulas
        w, x, y, b = inputs["w"], inputs["x"], inputs["y"], inputs["b"]
        z = w[0] * x[0] + w[1] * x[1] + b
        assert s.record.z == pytest.approx(z, abs=1e-12)
        assert s.record.loss == pytest.approx(
            neuron_loss_by_hand_stable(w, x, y, b, activation, loss), rel=1e-9, abs=1e-12
        )
        assert s.loss_after == pytest.approx(
            neuron_loss_by_hand_stable(s.record.w_new, x, y, s.record.b_new, activation, loss), rel=1e-9, abs=1e-12
        )
        np.testing.assert_allclose(s.record.w_new, np.asarray(w) - inputs["lr"] * record.grad_w, rtol=1e-12)
        assert s.overshoots == (after.loss > record.loss)
        overshoots.add(s.overshoots)
    assert overshoots == {True, False}, "the random cases should include steps that overshoot and steps that do not"


def test_step_through_example_by_hand():
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
    # identity + mse at the example: z = a = −0.4, L = 1.96, ∂L/∂z = 2(a − 1) = −2.8;
    # one step moves z by η · 2.8 · (|x|² + 1) = 16.8 η: past the target once η > 1/6.
    s = StepThroughState(activation="identity", loss="mse", lr=1.0)
    assert s.record.loss == pytest.approx(1.96)
    assert s.loss_after == pytest.approx((16.4 - 1) ** 2)
    assert s.overshoots
    s.set(lr=0.16)
    assert not s.overshoots and s.loss_after < s.record.loss
    s.set(lr=0.18)
    assert s.overshoots


def test_step_through_graph_reveals_values_then_gradients():
    s = StepThroughState()
    r = lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.1)
    for stage, name in enumerate(StepThroughState.STAGES):
        s.set(stage=stage)
        values, grads = s.values(), s.grads()
        assert values["z"] == pytest.approx(r.z) and values["a"] == pytest.approx(r.a)
        assert ("L" in values) == (stage >= 1), name
        if "L" in values:
            assert values["L"] == pytest.approx(r.loss)
        assert bool(grads) == (stage >= 2), name
        if grads:
            assert grads["w2"] == pytest.approx(r.grad_w[1]) and grads["b"] == pytest.approx(r.grad_b)
    assert s.x is s.record.x and s.lr == 0.1  # the inputs are the record's, kept once


def test_set_one_input_keeps_the_others():
    s = StepThroughState()
    s.set(w2=0.25)
    record, after = recompute(dict(EXAMPLE, w=[0.5, 0.25], activation="sigmoid", loss="bce"))
    assert list(s.w) == [0.5, 0.25] and list(s.x) == [1.0, 2.0] and (s.y, s.b, s.lr) == (1.0, 0.1, 0.1)
    assert s.record.loss == pytest.approx(record.loss, rel=1e-12)
    assert s.loss_after == pytest.approx(after.loss, rel=1e-12)


# ---- the landscape around w ------------------------------------------------------------


def check_landscape_is_the_records(s):
    """The chart spans ±HALF around the multiple of SNAP nearest w, w on it, and its
    surface is the neuron's loss: at the grid point nearest w, and at w itself."""
    land, r = s.landscape, s.record
    half, snap = StepThroughState.HALF, StepThroughState.SNAP
    for lim, w in ((land.w1_lim, r.w[0]), (land.w2_lim, r.w[1])):
        center = (lim[0] + lim[1]) / 2
        assert lim[1] - lim[0] == pytest.approx(2 * half)
        assert abs(center - w) <= snap / 2 + 1e-12, f"w = {w} is not in the cell of the chart's centre {center}"
        assert center / snap == pytest.approx(round(center / snap), abs=1e-9), f"{center} is not a multiple of {snap}"
    np.testing.assert_array_equal(land.w, r.w)
    assert land.loss == r.loss
    i, j = np.unravel_index(np.argmin(np.hypot(land.W1 - r.w[0], land.W2 - r.w[1])), land.W1.shape)
    near = (land.W1[i, j], land.W2[i, j])
    assert np.hypot(near[0] - r.w[0], near[1] - r.w[1]) <= half / 60 * 2**0.5 + 1e-12, "a grid point next to w"
    assert land.surface()[i, j] == pytest.approx(
        neuron_loss_by_hand_stable(near, r.x, r.y, r.b, r.activation, r.loss_name), rel=1e-9
    )


def test_the_landscapes_surface_is_the_neurons_loss_by_hand():
    s = StepThroughState(w=[1.0, -0.25], b=0.3)
    land = s.landscape
    for i, j in [(0, 0), (30, 30), (5, 50), (60, 12)]:
        w = (land.W1[i, j], land.W2[i, j])
        assert land.surface()[i, j] == pytest.approx(neuron_loss_by_hand(w, (1.0, 2.0), 1.0, 0.3), rel=1e-9)


REBUILDS = [
    dict(x1=-1.5),
    dict(x2=0.5),
    dict(w1=1.2),
    dict(w2=0.3),
    dict(w=[-1.0, 2.0]),
    dict(b=-0.4),
    dict(y=0.0),
    dict(loss="mse"),
    dict(activation="tanh", loss="mse"),
]


@pytest.mark.parametrize("changes", REBUILDS, ids=str)
def test_landscape_is_rebuilt_when_the_surface_moves(changes):
    s = StepThroughState(stage=1)
    check_landscape_is_the_records(s)
    old = s.landscape
    s.set(**changes)
    assert s.landscape is not old, f"{changes}: the surface moved but the landscape is the old one"
    check_landscape_is_the_records(s)


@pytest.mark.parametrize(
    "changes",
    [dict(lr=2.5), dict(stage=3), dict(stage=0, lr=0.01), dict(w1=0.5), dict(w1=0.46), dict(w1=0.74, w2=-0.71)],
    ids=str,
)
def test_landscape_is_kept_when_the_surface_stays(changes):
    s = StepThroughState(stage=1)
    old, surface = s.landscape, s.landscape.surface()
    s.set(**changes)  # η, the stage, or w within the cell of the chart's centre (0.6, −0.6)
    assert s.landscape is old
    np.testing.assert_array_equal(s.landscape.surface(), surface)
    check_landscape_is_the_records(s)


def test_step_end_is_w_new_on_the_chart():
    s = StepThroughState(stage=3)  # the example's step, (0.060, 0.120), is well inside ±0.6
    np.testing.assert_allclose(s.step_end(), s.record.w_new, rtol=0, atol=0)
    a = 1 / (1 + math.exp(0.4))
    np.testing.assert_allclose(s.step_end(), [0.5 - 0.1 * (a - 1), -0.5 - 0.2 * (a - 1)], rtol=1e-12)


@pytest.mark.parametrize("lr", [0.5, 1.0, 20.0])
@pytest.mark.parametrize("activation,loss", [("identity", "mse"), ("sigmoid", "bce")])
def test_step_end_off_the_chart_is_on_its_edge(activation, loss, lr):
    s = StepThroughState(activation=activation, loss=loss, lr=lr, w=[0.5, -2.0], b=-1.0)
    r, land = s.record, s.landscape
    assert not (land.w1_lim[0] <= r.w_new[0] <= land.w1_lim[1] and land.w2_lim[0] <= r.w_new[1] <= land.w2_lim[1]), (
        "the step leaves the chart"
    )
    end = s.step_end()
    np.testing.assert_allclose(end, clip_to_box(r.w, r.w_new, land.w1_lim, land.w2_lim), rtol=1e-12, atol=1e-12)
    d, e = r.w_new - r.w, end - r.w
    assert abs(d[0] * e[1] - d[1] * e[0]) <= 1e-9 * np.dot(d, d), "on the line from w to w_new"
    assert 0 < np.dot(e, d) < np.dot(d, d), "between w and w_new"
    on_edge = [math.isclose(end[0], lim, abs_tol=1e-12) for lim in land.w1_lim]
    on_edge += [math.isclose(end[1], lim, abs_tol=1e-12) for lim in land.w2_lim]
    assert any(on_edge), f"{end} is not on the edge of {land.w1_lim} × {land.w2_lim}"


def test_a_w_typed_or_stepped_to_the_same_number_gets_the_same_chart():
    """0.05 + 0.1 is 0.15000000000000002: views key pictures by numbers to 12 digits, so the
    chart must not tell them apart (0.15 is half-way between two centres)."""
    typed, stepped = StepThroughState(w=[0.15, -0.5]), StepThroughState(w=[0.05 + 0.1, -0.5])
    assert stepped.record.w[0] != typed.record.w[0]
    assert (typed.landscape.w1_lim, typed.landscape.w2_lim) == (stepped.landscape.w1_lim, stepped.landscape.w2_lim)
    check_landscape_is_the_records(typed)
    check_landscape_is_the_records(stepped)
