"""LossState and LandscapeState (notebook 02): one prediction's losses and slopes,
and a neuron's loss over its two weights, against hand-derived values and finite
differences."""

import math

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.states import LandscapeState, LossState
from tests.references import EXAMPLE, LOSSES_BY_HAND, NEURON_CASES, neuron_loss_by_hand

# ---- LossState --------------------------------------------------------------------

LOSS_POINTS = [(0.7, 1.0), (0.2, 1.0), (0.9, 0.0), (0.35, 0.0), (0.6, 0.25), (0.01, 1.0), (0.99, 1.0)]


@pytest.mark.parametrize("y_hat,y", LOSS_POINTS)
def test_loss_values_and_slopes_by_hand(y_hat, y):
    s = LossState(y_hat=y_hat, y=y)
    at = s.at_point()
    assert set(at) == set(LOSSES_BY_HAND)
    for name, (value, slope) in at.items():
        L, dL = LOSSES_BY_HAND[name]
        assert isinstance(value, float) and isinstance(slope, float)
        assert value == pytest.approx(L(y_hat, y), rel=1e-12), f"{name} value at ŷ={y_hat}, y={y}"
        assert slope == pytest.approx(dL(y_hat, y), rel=1e-12), f"{name} slope at ŷ={y_hat}, y={y}"


def test_loss_values_by_hand_at_the_default():
    at = LossState().at_point()  # ŷ = 0.7, y = 1
    assert at["mse"] == pytest.approx((0.09, -0.6))  # (0.7 − 1)², 2(0.7 − 1)
    assert at["bce"] == pytest.approx((-math.log(0.7), -1 / 0.7))


@pytest.mark.parametrize("name", LOSSES_BY_HAND)
@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_loss_slopes_match_finite_differences(name, y):
    s = LossState(y=y)
    y_hat = np.linspace(0.05, 0.95, 19)  # each loss depends on its own ŷ only: the gradient of the sum is the slopes
    value, slope = s.value_and_slope(name, y_hat)
    assert value.shape == slope.shape == y_hat.shape
    L, dL = LOSSES_BY_HAND[name]
    np.testing.assert_allclose(value, [L(p, y) for p in y_hat], rtol=1e-12)
    np.testing.assert_allclose(slope, [dL(p, y) for p in y_hat], rtol=1e-12)
    err = lk.gradient_check(lambda: s.value_and_slope(name, y_hat)[0].sum(), [y_hat], [slope])
    assert err < 1e-6, f"{name}: slope vs finite differences, relative error {err:.2e}"


def test_loss_set_keeps_the_other_value():
    s = LossState(y_hat=0.4, y=0.0)
    s.set(y_hat=0.8)
    assert (s.y_hat, s.y) == (0.8, 0.0)
    s.set(y=1.0)
    assert (s.y_hat, s.y) == (0.8, 1.0)
    assert s.at_point()["mse"] == pytest.approx((0.04, -0.4))


# ---- LandscapeState -----------------------------------------------------------------


def landscape(activation, loss, **kwargs):
    """The example's neuron over its weights, with y = 0.3 for MSE (a target f can miss)."""
    y = EXAMPLE["y"] if loss == "bce" else 0.3
    return LandscapeState(
        x=EXAMPLE["x"], y=y, w=EXAMPLE["w"], b=EXAMPLE["b"], activation=activation, loss=loss, **kwargs
    )


@pytest.mark.parametrize("activation,loss", NEURON_CASES)
def test_surface_at_the_nearest_grid_point_is_the_neurons_loss(activation, loss):
    s = landscape(activation, loss)
    for w in [(0.5, -0.5), (1.37, 0.42), (-2.2, 2.81), (0.0, -1.1)]:
        s.set(w=w)
        j = int(np.argmin(np.abs(s.axis - w[0])))  # column: w1
        i = int(np.argmin(np.abs(s.axis - w[1])))  # row: w2
        w_grid = (s.axis[j], s.axis[i])
        step = lk.neuron_step(s.x, s.y, w_grid, s.b, 1.0, activation, loss)
        expected = neuron_loss_by_hand(w_grid, (1.0, 2.0), s.y, 0.1, activation, loss)
        assert step.loss == pytest.approx(expected, rel=1e-9)
        assert s.surface()[i, j] == pytest.approx(expected, rel=1e-9), f"surface[{i}, {j}] at w = {w_grid}"


@pytest.mark.parametrize("activation,loss", NEURON_CASES)
def test_surface_over_the_whole_grid_by_hand(activation, loss):
    s = landscape(activation, loss, w_range=(-2.0, 3.0), resolution=21)
    L = s.surface()
    assert L.shape == (21, 21)
    axis = [-2.0 + k * 0.25 for k in range(21)]
    expected = [[neuron_loss_by_hand((w1, w2), (1.0, 2.0), s.y, 0.1, activation, loss) for w1 in axis] for w2 in axis]
    np.testing.assert_allclose(L, expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("activation,loss", NEURON_CASES)
def test_landscape_grad_matches_finite_differences(activation, loss):
    s = landscape(activation, loss)
    rng = np.random.default_rng(0)
    for w in rng.uniform(-1.5, 1.5, size=(5, 2)):  # |z| < 4.6: away from flat, saturated ground
        s.set(w=w)
        if activation == "relu" and abs(s.record.z) < 1e-3:
            continue  # at relu's kink
        assert s.loss == pytest.approx(neuron_loss_by_hand(w, (1.0, 2.0), s.y, 0.1, activation, loss), rel=1e-9)
        p = np.array(w, dtype=float)
        err_step = lk.gradient_check(
            lambda p=p: lk.neuron_step(s.x, s.y, p, s.b, 1.0, activation, loss).loss, [p], [s.grad]
        )
        err_hand = lk.gradient_check(
            lambda p=p: neuron_loss_by_hand(p, (1.0, 2.0), s.y, 0.1, activation, loss), [p], [s.grad]
        )
        assert err_step < 1e-6, f"grad vs finite differences of neuron_step's loss at w={w}: {err_step:.2e}"
        assert err_hand < 1e-6, f"grad vs finite differences of the loss by hand at w={w}: {err_hand:.2e}"


@pytest.mark.parametrize("activation,loss", [("sigmoid", "bce"), ("tanh", "mse")])
def test_landscape_grad_matches_the_slope_of_the_surface(activation, loss):
    s = landscape(activation, loss, resolution=601)  # grid step 0.01
    i, j = 310, 245  # w = (axis[245], axis[310]) = (−0.55, 0.1)
    s.set(w=(s.axis[j], s.axis[i]))
    dL_dw2, dL_dw1 = np.gradient(s.surface(), s.axis, s.axis)  # rows are w2, columns w1
    np.testing.assert_allclose(s.grad, [dL_dw1[i, j], dL_dw2[i, j]], rtol=1e-3)


def test_landscape_set_one_weight_keeps_the_other():
    s = LandscapeState()
    s.set(w1=1.2)
    assert list(s.w) == [1.2, -0.5]
    s.set(w2=0.3)
    assert list(s.w) == [1.2, 0.3]
    # bce + sigmoid: ∇L = (σ(z) − y) x with z = 1.2 + 0.6 + 0.1 = 1.9
    a = 1 / (1 + math.exp(-1.9))
    np.testing.assert_allclose(s.grad, [(a - 1) * 1, (a - 1) * 2], rtol=1e-12)
    np.testing.assert_allclose(s.record.w, [1.2, 0.3])  # the record is the current weights'


def test_landscape_limits_follow_its_center():
    s = LandscapeState(w_range=(-1.0, 1.0), center=(2.0, -3.0))
    assert s.w1_lim == (1.0, 3.0) and s.w2_lim == (-4.0, -2.0)
    assert (s.W1.min(), s.W1.max(), s.W2.min(), s.W2.max()) == (1.0, 3.0, -4.0, -2.0)


def test_landscape_grid_around_a_center():
    s = LandscapeState(w_range=(-0.6, 0.6), resolution=13, center=(0.5, -0.5))  # offsets of 0.1 around the example's w
    L = s.surface()
    for i, j in [(0, 0), (6, 6), (2, 11), (12, 3)]:
        w = (0.5 - 0.6 + 0.1 * j, -0.5 - 0.6 + 0.1 * i)  # column j is w1, row i is w2
        assert L[i, j] == pytest.approx(neuron_loss_by_hand(w, (1.0, 2.0), 1.0, 0.1), rel=1e-9), f"surface[{i}, {j}]"
    assert L[6, 6] == pytest.approx(s.loss, rel=1e-12)  # the center is the current w


# ---- bad input ---------------------------------------------------------------------

nan = float("nan")

BAD_INPUT = [
    (lambda: LossState(y_hat=0), "y_hat"),
    (lambda: LossState(y_hat=1.0), "y_hat"),
    (lambda: LossState(y_hat=1.5), "y_hat"),
    (lambda: LossState(y_hat=-0.2), "y_hat"),
    (lambda: LossState(y_hat=nan), "y_hat"),
    (lambda: LossState(y=1.2), "y"),
    (lambda: LossState(y=-0.1), "y"),
    (lambda: LossState().set(y_hat=0.0), "y_hat"),
    (lambda: LossState().value_and_slope("hinge"), "name"),
    (lambda: LandscapeState(x=[1, 2, 3]), "x"),
    (lambda: LandscapeState(loss="hinge"), "loss"),
    (lambda: LandscapeState(activation="tanh", loss="bce"), "activation"),
    (lambda: LandscapeState(y=2.0), "y"),
    (lambda: LandscapeState(b=nan), "b"),
    (lambda: LandscapeState().set(w1=nan), "w1"),
]


@pytest.mark.parametrize("call,argument", BAD_INPUT, ids=[f"{i}-{a}" for i, (_, a) in enumerate(BAD_INPUT)])
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=rf"^{argument}: "):
        call()


def test_landscape_keeps_its_weights_when_new_ones_are_rejected():
    s = LandscapeState()
    before = (s.w.copy(), s.loss, s.record)
    with pytest.raises(ValueError, match=r"^w: expected two numbers .*got 3$"):
        s.set(w=[1.0, 2.0, 3.0])
    assert np.array_equal(s.w, before[0]) and s.loss == before[1] and s.record is before[2]
    np.testing.assert_array_equal(s.record.w, s.w)
    with pytest.raises(ValueError, match=r"^w: expected two numbers .*got 3$"):
        LandscapeState(w=[1.0, 2.0, 3.0])


def test_loss_state_keeps_its_values_when_new_ones_are_rejected():
    s = LossState(y_hat=0.3, y=1.0)
    with pytest.raises(ValueError, match=r"^y_hat: "):
        s.set(y_hat=1.5)
    assert (s.y_hat, s.y) == (0.3, 1.0)
    with pytest.raises(ValueError, match=r"^y: "):
        s.set(y_hat=0.6, y=2.0)  # a good change with a bad one: neither happens
    assert (s.y_hat, s.y) == (0.3, 1.0)
