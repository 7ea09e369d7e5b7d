"""NeuronExplorer (notebook 01), headless: its controls moved from Python (which runs
the handlers at once), the readout's numbers and the drawn data against values worked
out by hand."""

import math

import numpy as np
import pytest

from lessonkit.widgets import NeuronExplorer
from tests.references import ACTIVATIONS_BY_HAND, SLOPES_BY_HAND, activation_by_hand
from tests.shown import PNG_SIGNATURE, alt_of, drawn, numbers_in, png, pngs, point_of


def plane_by_hand(activation, w1, w2, b, extent=3.0, resolution=81):
    """a = f(w1 x1 + w2 x2 + b) over the input square; row i is x2, column j is x1."""
    step = 2 * extent / (resolution - 1)
    X1, X2 = np.meshgrid(
        [-extent + j * step for j in range(resolution)], [-extent + i * step for i in range(resolution)]
    )
    return activation_by_hand(activation, w1 * X1 + w2 * X2 + b)


def test_neuron_explorer_starts_at_the_example():
    view = NeuronExplorer()
    a = 1 / (1 + math.exp(0.4))  # σ(−0.4), z = 0.5·1 − 0.5·2 + 0.1
    assert set(view.controls) == {"w1", "w2", "b", "activation"}
    assert (view.w1.value, view.w2.value, view.b.value, view.activation.value) == (0.5, -0.5, 0.1, "sigmoid")
    assert point_of(view.curve_point) == pytest.approx((-0.4, a))
    assert "<b>-0.400</b>" in view.readout.value and "<b>0.401</b>" in view.readout.value
    assert "x = [1, 2]" in view.readout.value
    for picture in pngs(view):
        assert picture.startswith(PNG_SIGNATURE)
    assert view.error.value == ""


def test_neuron_explorer_sliders_move_the_numbers_and_the_plots():
    view = NeuronExplorer()
    before = pngs(view)
    view.w1.value = 1.2
    view.w2.value = 0.3
    view.b.value = -0.5
    z = 1.2 * 1 + 0.3 * 2 - 0.5  # 1.3
    a = 1 / (1 + math.exp(-z))  # 0.78583
    s = view.state
    assert list(s.w) == [1.2, 0.3] and s.b == -0.5
    assert s.z == pytest.approx(1.3, abs=1e-12) and s.a == pytest.approx(a, rel=1e-12)
    assert point_of(view.curve_point) == pytest.approx((1.3, a))
    np.testing.assert_allclose(view.plane.get_array(), plane_by_hand("sigmoid", 1.2, 0.3, -0.5), rtol=1e-12)
    x1s, x2s = view.line.get_data()
    assert len(x1s) == 2
    for x1, x2 in zip(x1s, x2s):
        assert 1.2 * x1 + 0.3 * x2 - 0.5 == pytest.approx(0.0, abs=1e-12), f"({x1}, {x2}) is not on z = 0"
    assert "<b>1.300</b>" in view.readout.value
    assert f"<b>{a:.3f}</b>" in view.readout.value and "<b>0.786</b>" in view.readout.value
    assert "1.20·1 + (0.30)·2 + (-0.50)" in view.readout.value
    for picture, old in zip(pngs(view), before):
        assert picture.startswith(PNG_SIGNATURE)
        assert picture != old, "the picture did not change"
    assert view.error.value == ""


@pytest.mark.parametrize("activation", ACTIVATIONS_BY_HAND)
def test_neuron_explorer_switches_activation(activation):
    view = NeuronExplorer()
    view.w1.value = 0.8
    if activation == view.activation.value:
        view.activation.value = next(name for name in ACTIVATIONS_BY_HAND if name != activation)  # so it is a change
    before = png(view.curve_panel)
    view.activation.value = activation
    z = 0.8 * 1 - 0.5 * 2 + 0.1  # −0.1
    a = float(activation_by_hand(activation, z))
    f, df = view.curve["f"], view.curve["df"]
    z_drawn = f.get_xdata()
    np.testing.assert_allclose(f.get_ydata(), activation_by_hand(activation, z_drawn), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        df.get_ydata(), [SLOPES_BY_HAND[activation](t) for t in df.get_xdata()], rtol=1e-9, atol=1e-15
    )
    assert view.state.activation == activation
    assert view.state.a == pytest.approx(a, rel=1e-12, abs=1e-15)
    assert point_of(view.curve_point) == pytest.approx((z, a))
    lo, hi = view.curve_ax.get_ylim()
    assert lo <= min(f.get_ydata()) and max(f.get_ydata()) <= hi, "the curve is cut off"
    A = plane_by_hand(activation, 0.8, -0.5, 0.1)
    np.testing.assert_allclose(view.plane.get_array(), A, rtol=1e-12, atol=1e-15)
    expected_clim = {"sigmoid": (0, 1), "tanh": (-1, 1)}.get(activation, (A.min(), A.max()))
    assert view.plane.get_clim() == pytest.approx(expected_clim)
    assert f"a = {activation}(z) = <b>{a:.3f}</b>" in view.readout.value
    assert png(view.curve_panel) != before
    assert view.error.value == ""


@pytest.mark.parametrize("activation", ACTIVATIONS_BY_HAND)
def test_neuron_explorer_point_stays_in_sight(activation):
    view = NeuronExplorer()
    view.activation.value = activation
    for sign in (1, -1):
        view.w1.value, view.w2.value, view.b.value = 3 * sign, 3 * sign, 3 * sign  # z = ±12, the largest reachable
        assert view.state.z == pytest.approx(12 * sign)
        x, y = point_of(view.curve_point)
        xlim, ylim = view.curve_ax.get_xlim(), view.curve_ax.get_ylim()
        assert drawn(view.curve_panel, view.curve_point), (
            f"with {activation} at z = {12 * sign}, a = {view.state.a:g}, the current point is drawn at "
            f"({x:g}, {y:g}), outside the axes (x in {xlim}, y in {ylim}): the learner sees no point"
        )


def test_an_error_from_the_activation_dropdown_is_shown(monkeypatch):
    view = NeuronExplorer()

    def broken_set(**kwargs):
        raise ValueError("activation: out of order")

    monkeypatch.setattr(view.state, "set", broken_set)
    view.activation.value = "tanh"
    assert "⚠ activation: out of order" in view.error.value
    assert "ValueError" not in view.error.value, "the learner reads the message, not the exception's type"
    monkeypatch.undo()
    view.w1.value = 1.0
    assert view.error.value == ""
    assert view.state.z == pytest.approx(1.0 - 1.0 + 0.1)
    assert view.state.activation == "tanh"


def test_neuron_explorer_says_what_its_pictures_show_with_their_numbers():
    view = NeuronExplorer()
    curve, plane = alt_of(view.curve_panel), alt_of(view.plane_panel)
    assert "sigmoid curve" in curve and "z = -0.400, a = 0.401" in curve  # z = 0.5·1 − 0.5·2 + 0.1, σ(−0.4)
    view.w1.value, view.w2.value, view.b.value = 1.2, 0.3, -0.5
    z = 1.2 * 1 + 0.3 * 2 - 0.5
    a = 1 / (1 + math.exp(-z))
    curve = alt_of(view.curve_panel)
    assert f"z = {z:.3f}, a = {a:.3f}" in curve and "off the chart" not in curve
    A = plane_by_hand("sigmoid", 1.2, 0.3, -0.5)
    plane = alt_of(view.plane_panel)
    assert f"a runs from {A.min():.3f} to {A.max():.3f}" in plane and f"where a = {a:.3f}" in plane
    (x1a, x2a), (x1b, x2b) = [numbers_in(p) for p in plane.split("runs from (")[1].split(")")[0:2]]
    for x1, x2 in ((x1a, x2a), (x1b, x2b)):  # the line's ends, as said, lie on z = 0 (to the 2 decimals said)
        assert abs(1.2 * x1 + 0.3 * x2 - 0.5) <= 0.75 * 0.005 * 2 and max(abs(x1), abs(x2)) <= 3
    view.activation.value = "tanh"
    assert "tanh curve a = tanh(z)" in alt_of(view.curve_panel)
    assert f"a = {math.tanh(z):.3f}" in alt_of(view.curve_panel)
    view.w1.value = view.w2.value = view.b.value = 3.0  # z = 12: off the chart
    assert "z = 12.000, a = 1.000 (off the chart: drawn at its edge)" in alt_of(view.curve_panel)


def test_neuron_explorer_says_when_no_line_crosses_the_square():
    view = NeuronExplorer()
    view.w1.value, view.w2.value, view.b.value = 0.0, 0.0, 1.0  # z = 1 everywhere: no line z = 0
    assert "no line z = 0 crosses the square" in alt_of(view.plane_panel)
    a = 1 / (1 + math.exp(-1))
    assert f"a runs from {a:.3f} to {a:.3f}" in alt_of(view.plane_panel)
