"""LossExplorer and LossLandscape (notebook 02), headless: sliders moved from Python,
the readouts' numbers and the drawn points, tangents and arrows against values worked
out by hand."""

import math

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.states import LandscapeState
from lessonkit.widgets import LossExplorer, LossLandscape
from tests.references import LOSSES_BY_HAND, NEURON_CASES
from tests.shown import PNG_SIGNATURE, alt_of, arrow_of, drawn, png, point_of

# ---- LossExplorer -----------------------------------------------------------------


@pytest.mark.parametrize("y_hat,y", [(0.3, 1.0), (0.85, 0.0), (0.62, 0.25)])
def test_loss_explorer_points_and_tangents(y_hat, y):
    view = LossExplorer()
    assert set(view.controls) == {"y_hat", "y"}
    before = png(view.panel)
    view.y.value = y
    view.y_hat.value = y_hat
    assert (view.state.y_hat, view.state.y) == (y_hat, y)
    for name, (L, dL) in LOSSES_BY_HAND.items():
        value, slope = L(y_hat, y), dL(y_hat, y)
        assert point_of(view.points[name]) == pytest.approx((y_hat, value), rel=1e-12), name
        (t0, t1), (v0, v1) = view.tangents[name].get_data()
        assert (v1 - v0) / (t1 - t0) == pytest.approx(slope, rel=1e-9), f"{name}: tangent slope"
        assert v0 + (y_hat - t0) * slope == pytest.approx(value, rel=1e-9), f"{name}: tangent misses the point"
        assert t0 < y_hat < t1
        grid, curve = view.lines[name].get_data()
        np.testing.assert_allclose(curve, [L(p, y) for p in grid], rtol=1e-12, err_msg=name)
        assert f"= <b>{value:.3f}</b>" in view.readout.value and f"= <b>{slope:.3f}</b>" in view.readout.value
    assert f"ŷ = {y_hat:.2f}, y = {y:.2f}" in view.readout.value
    assert png(view.panel).startswith(PNG_SIGNATURE) and png(view.panel) != before
    assert view.error.value == ""


def test_loss_explorer_readout_by_hand():
    view = LossExplorer()
    view.y_hat.value = 0.5  # y = 1: MSE 0.25, slope −1;  BCE log 2 = 0.693, slope −2
    text = view.readout.value
    assert "<b>0.250</b>" in text and "<b>-1.000</b>" in text
    assert "<b>0.693</b>" in text and "<b>-2.000</b>" in text


# ---- LossLandscape ------------------------------------------------------------------


def test_loss_landscape_point_and_arrow():
    view = LossLandscape()
    assert set(view.controls) == {"w1", "w2"}
    before = png(view.panel)
    view.w1.value = 1.2
    view.w2.value = 0.3
    w = np.array([1.2, 0.3])
    step = lk.neuron_step([1, 2], 1, w, 0.1, 0.1)
    a = 1 / (1 + math.exp(-1.9))  # z = 1.2 + 0.6 + 0.1
    grad = np.array([(a - 1) * 1, (a - 1) * 2])  # (σ(z) − y) x
    np.testing.assert_allclose(step.grad_w, grad, rtol=1e-12)
    assert point_of(view.point) == pytest.approx((1.2, 0.3))
    tail, head = arrow_of(view.arrow)
    assert tail == pytest.approx(tuple(w)), "the arrow starts at w"
    assert head == pytest.approx(tuple(w - grad), rel=1e-12), "the arrow ends at w − ∇L"
    assert f"L = <b>{-math.log(a):.3f}</b>" in view.readout.value
    assert f"[<b>{grad[0]:.3f}</b>, <b>{grad[1]:.3f}</b>]" in view.readout.value
    assert png(view.panel).startswith(PNG_SIGNATURE) and png(view.panel) != before
    assert view.error.value == ""


@pytest.mark.parametrize("activation", [name for name, loss in NEURON_CASES if loss == "mse"])
def test_loss_landscape_with_mse(activation):
    view = LossLandscape(LandscapeState(y=0.3, activation=activation, loss="mse"))
    view.w1.value = -0.4
    view.w2.value = 0.25
    step = lk.neuron_step([1, 2], 0.3, [-0.4, 0.25], 0.1, 1.0, activation, "mse")
    assert view.state.loss == pytest.approx(step.loss, rel=1e-12)
    assert point_of(view.point) == pytest.approx((-0.4, 0.25))
    tail, head = arrow_of(view.arrow)
    assert tail == pytest.approx((-0.4, 0.25))
    assert head == pytest.approx((-0.4 - step.grad_w[0], 0.25 - step.grad_w[1]), rel=1e-12)


@pytest.mark.parametrize("w", [(0.0, 0.0), (2.5, -2.0), (2.9, -1.0), (-2.5, 1.5)], ids=str)
def test_loss_landscape_arrow_stays_in_sight(w):
    view = LossLandscape()
    view.w1.value, view.w2.value = w
    tail, head = map(np.array, arrow_of(view.arrow))
    down = -lk.neuron_step([1, 2], 1, w, 0.1, 0.1).grad_w  # −∇L
    np.testing.assert_allclose(tail, w)
    # however long it is drawn, the arrow points along −∇L
    d = head - tail
    assert d[0] * down[1] - d[1] * down[0] == pytest.approx(0.0, abs=1e-9) and np.dot(d, down) > 0
    assert drawn(view.panel, view.arrow), (
        f"BUG: at w = {w} the arrow −∇L (head at ({head[0]:.2f}, {head[1]:.2f})) is not drawn: "
        "matplotlib skips an annotation whose xy is outside the axes"
    )


def test_loss_explorer_says_each_loss_and_slope_at_the_prediction():
    view = LossExplorer()
    view.y_hat.value, view.y.value = 0.2, 0.75
    mse, mse_slope = (0.2 - 0.75) ** 2, 2 * (0.2 - 0.75)
    bce = -(0.75 * math.log(0.2) + 0.25 * math.log(0.8))
    bce_slope = -0.75 / 0.2 + 0.25 / 0.8
    alt = alt_of(view.panel)
    assert "target y = 0.75" in alt and "ŷ = 0.20" in alt
    assert f"mean squared error L = {mse:.3f}, slope dL/dŷ = {mse_slope:.3f}" in alt
    assert f"binary cross-entropy L = {bce:.3f}, slope dL/dŷ = {bce_slope:.3f}" in alt


def test_loss_landscape_says_where_the_weights_are_and_the_gradient():
    view = LossLandscape()
    assert "w = [0.50, -0.50], at L = 0.913" in alt_of(view.panel)  # −log σ(−0.4)
    view.w1.value, view.w2.value = -1.25, 0.75
    a = 1 / (1 + math.exp(-(-1.25 * 1 + 0.75 * 2 + 0.1)))  # x = [1, 2], b = 0.1, y = 1
    alt = alt_of(view.panel)
    assert f"w = [-1.25, 0.75], at L = {-math.log(a):.3f}" in alt
    assert f"∇L = [{(a - 1) * 1:.3f}, {(a - 1) * 2:.3f}]" in alt  # ∂L/∂w = (a − y) x
    # −log σ(z) at the chart's corners, z = ±3·1 ± 3·2 + 0.1: its lowest and highest
    lo, hi = math.log1p(math.exp(-9.1)), math.log1p(math.exp(8.9))
    assert (
        "w1 from -3.00 to 3.00 (across) and w2 from -3.00 to 3.00 (up), with b = 0.10, as filled contours "
        f"from {lo:.3f} (dark) to {hi:.3f} (yellow)"
    ) in alt
