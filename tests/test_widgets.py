"""The widgets, headless: move the controls from Python (which runs the handlers at
once) and check the state, the numbers shown and the plotted data against values
worked out by hand."""
import base64
import html
import io
import math

import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
import pytest
from tests.conftest import LOSSES_BY_HAND, PNG_SIGNATURE, activation_by_hand, drawn, png, point_of

import lessonkit as lk
from lessonkit.states import LandscapeState
from lessonkit.widgets import LossExplorer, LossLandscape, NeuronExplorer

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def plane_by_hand(activation, w1, w2, b, extent=3.0, resolution=81):
    """a = f(w1 x1 + w2 x2 + b) over the input square; row i is x2, column j is x1."""
    step = 2 * extent / (resolution - 1)
    X1, X2 = np.meshgrid([-extent + j * step for j in range(resolution)],
                         [-extent + i * step for i in range(resolution)])
    return activation_by_hand(activation, w1 * X1 + w2 * X2 + b)


# ---- NeuronExplorer ---------------------------------------------------------------

def test_neuron_explorer_starts_at_the_seed():
    view = NeuronExplorer()
    a = 1 / (1 + math.exp(0.4))  # σ(−0.4), z = 0.5·1 − 0.5·2 + 0.1
    assert (view.w1.value, view.w2.value, view.b.value, view.activation.value) == (0.5, -0.5, 0.1, "sigmoid")
    assert point_of(view.curve_point) == pytest.approx((-0.4, a))
    assert "<b>-0.400</b>" in view.readout.value and "<b>0.401</b>" in view.readout.value
    for panel in view.panels:
        assert png(panel).startswith(PNG_SIGNATURE)
    assert view.error.value == ""


def test_neuron_explorer_sliders_move_the_numbers_and_the_plots():
    view = NeuronExplorer()
    before = [png(panel) for panel in view.panels]
    view.w1.value = 1.2
    view.w2.value = 0.3
    view.b.value = -0.5
    z = 1.2 * 1 + 0.3 * 2 - 0.5  # 1.3
    a = 1 / (1 + math.exp(-z))   # 0.78583
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
    for panel, old in zip(view.panels, before):
        assert png(panel).startswith(PNG_SIGNATURE)
        assert png(panel) != old, "the picture did not change"
    assert view.error.value == ""


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity", "sigmoid"])
def test_neuron_explorer_switches_activation(activation):
    view = NeuronExplorer()
    view.w1.value = 0.8
    if activation == "sigmoid":
        view.activation.value = "tanh"  # so that sigmoid is a change
    before = png(view.curve_panel)
    view.activation.value = activation
    z = 0.8 * 1 - 0.5 * 2 + 0.1  # −0.1
    a = float(activation_by_hand(activation, z))
    f, df = view.curve["f"], view.curve["df"]
    z_drawn = f.get_xdata()
    np.testing.assert_allclose(f.get_ydata(), activation_by_hand(activation, z_drawn), rtol=1e-12, atol=1e-15)
    slope = {"sigmoid": lambda t: math.exp(-t) / (1 + math.exp(-t)) ** 2, "tanh": lambda t: 1 / math.cosh(t) ** 2,
             "relu": lambda t: float(t > 0), "identity": lambda t: 1.0}[activation]
    np.testing.assert_allclose(df.get_ydata(), [slope(t) for t in df.get_xdata()], rtol=1e-9, atol=1e-15)
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


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "identity"])
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
            f"({x:g}, {y:g}), outside the axes (x in {xlim}, y in {ylim}): the learner sees no point")


# ---- LossExplorer -----------------------------------------------------------------

@pytest.mark.parametrize("y_hat,y", [(0.3, 1.0), (0.85, 0.0), (0.62, 0.25)])
def test_loss_explorer_points_and_tangents(y_hat, y):
    view = LossExplorer()
    before = png(view.panel)
    view.y.value = y
    view.y_hat.value = y_hat
    assert (view.state.y_hat, view.state.y) == (y_hat, y)
    for name in ("mse", "bce"):
        L, dL = LOSSES_BY_HAND[name]
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
    before = png(view.panel)
    view.w1.value = 1.2
    view.w2.value = 0.3
    w = np.array([1.2, 0.3])
    step = lk.neuron_step([1, 2], 1, w, 0.1, 0.1)
    a = 1 / (1 + math.exp(-1.9))  # z = 1.2 + 0.6 + 0.1
    grad = np.array([(a - 1) * 1, (a - 1) * 2])  # (σ(z) − y) x
    np.testing.assert_allclose(step.grad_w, grad, rtol=1e-12)
    assert point_of(view.point) == pytest.approx((1.2, 0.3))
    assert view.arrow.xyann == pytest.approx(tuple(w)), "the arrow starts at w"
    assert view.arrow.xy == pytest.approx(tuple(w - grad), rel=1e-12), "the arrow ends at w − ∇L"
    assert f"L = <b>{-math.log(a):.3f}</b>" in view.readout.value
    assert f"[<b>{grad[0]:.3f}</b>, <b>{grad[1]:.3f}</b>]" in view.readout.value
    assert png(view.panel).startswith(PNG_SIGNATURE) and png(view.panel) != before
    assert view.error.value == ""


@pytest.mark.parametrize("activation", ["tanh", "identity", "sigmoid"])
def test_loss_landscape_with_mse(activation):
    view = LossLandscape(LandscapeState(y=0.3, activation=activation, loss="mse"))
    view.w1.value = -0.4
    view.w2.value = 0.25
    step = lk.neuron_step([1, 2], 0.3, [-0.4, 0.25], 0.1, 1.0, activation, "mse")
    assert view.state.loss == pytest.approx(step.loss, rel=1e-12)
    assert point_of(view.point) == pytest.approx((-0.4, 0.25))
    assert view.arrow.xyann == pytest.approx((-0.4, 0.25))
    assert view.arrow.xy == pytest.approx((-0.4 - step.grad_w[0], 0.25 - step.grad_w[1]), rel=1e-12)


@pytest.mark.parametrize("w", [(0.0, 0.0), (2.5, -2.0), (2.9, -1.0), (-2.5, 1.5)], ids=str)
def test_loss_landscape_arrow_stays_in_sight(w):
    view = LossLandscape()
    view.w1.value, view.w2.value = w
    tail, head = np.array(view.arrow.xyann), np.array(view.arrow.xy)
    down = -lk.neuron_step([1, 2], 1, w, 0.1, 0.1).grad_w  # −∇L
    np.testing.assert_allclose(tail, w)
    # however long it is drawn, the arrow points along −∇L
    d = head - tail
    assert d[0] * down[1] - d[1] * down[0] == pytest.approx(0.0, abs=1e-9) and np.dot(d, down) > 0
    assert drawn(view.panel, view.arrow), (
        f"BUG: at w = {w} the arrow −∇L (head at ({head[0]:.2f}, {head[1]:.2f})) is not drawn: "
        "matplotlib skips an annotation whose xy is outside the axes")


# ---- every widget -------------------------------------------------------------------

WIDGETS = {
    # class, its sliders, the first slider's number in the state, a move and the repr it gives (formatted by hand)
    "neuron": (NeuronExplorer, ("w1", "w2", "b"), lambda s: s.w[0],
               ("b", -1.25), "NeuronExplorer(w=[0.50, -0.50], b=-1.25, activation='sigmoid')"),
    "loss": (LossExplorer, ("y_hat", "y"), lambda s: s.y_hat,
             ("y_hat", 0.123), "LossExplorer(y_hat=0.12, y=1.00)"),
    "landscape": (LossLandscape, ("w1", "w2"), lambda s: s.w[0],
                  ("w2", 2.345), "LossLandscape(w=[0.50, 2.35])"),
}


@pytest.mark.parametrize("kind", WIDGETS)
def test_an_error_is_shown_and_cleared(kind, monkeypatch):
    cls, sliders, first_in_state, _, _ = WIDGETS[kind]
    view = cls()
    name = sliders[0]
    slider = getattr(view, name)
    good_value = round((slider.min + slider.max) / 2 + 0.1, 2)
    bad_value = round(slider.max - 0.05, 2)
    message = f"{name}: expected {name} < {bad_value} & > {slider.min}, got {bad_value}"
    original_set = view.state.set

    def picky_set(**kwargs):
        if kwargs.get(name) == bad_value:
            raise ValueError(message)
        return original_set(**kwargs)

    monkeypatch.setattr(view.state, "set", picky_set)
    slider.value = bad_value
    assert "ValueError" in view.error.value
    assert html.escape(message) in view.error.value, view.error.value
    shown_before = repr(view)
    slider.value = good_value
    assert view.error.value == "", "a good move did not clear the error"
    assert first_in_state(view.state) == good_value
    assert repr(view) != shown_before


def test_an_error_from_the_activation_dropdown_is_shown(monkeypatch):
    view = NeuronExplorer()

    def broken_set(**kwargs):
        raise ValueError("activation: out of order")

    monkeypatch.setattr(view.state, "set", broken_set)
    view.activation.value = "tanh"
    assert "ValueError: activation: out of order" in view.error.value
    monkeypatch.undo()
    view.w1.value = 1.0
    assert view.error.value == ""
    assert view.state.z == pytest.approx(1.0 - 1.0 + 0.1)


MOVES_PER_SLIDER = 200  # a few hundred moves of each slider, interleaved at random


@pytest.mark.parametrize("kind", WIDGETS)
def test_stress_random_moves(kind, no_warnings):
    rng = np.random.default_rng(sum(map(ord, kind)))
    figures = plt.get_fignums()
    cls, sliders, _, _, _ = WIDGETS[kind]
    view = cls()
    assert plt.get_fignums() == figures
    for move in range(MOVES_PER_SLIDER * len(sliders)):
        name = sliders[int(rng.integers(len(sliders)))]
        control = getattr(view, name)
        if kind == "neuron" and rng.random() < 0.05:
            control, name = view.activation, "activation"
            value = str(rng.choice(view.activation.options))
        else:
            n_steps = int(round((control.max - control.min) / control.step))
            value = round(control.min + int(rng.integers(n_steps + 1)) * control.step, 2)
        control.value = value
        assert view.error.value == "", f"move {move}: {name} = {value} showed {view.error.value}"
    assert plt.get_fignums() == figures, "the widget opened pyplot figures"
    # after all that, the last numbers drawn are the sliders' numbers
    s = view.state
    if kind == "neuron":
        z = view.w1.value + 2 * view.w2.value + view.b.value
        a = float(activation_by_hand(view.activation.value, z))
        assert s.z == pytest.approx(z, abs=1e-12) and s.a == pytest.approx(a, abs=1e-12)
        assert f"<b>{z:.3f}</b>" in view.readout.value and f"<b>{a:.3f}</b>" in view.readout.value
    elif kind == "loss":
        L, _ = LOSSES_BY_HAND["mse"]
        assert point_of(view.points["mse"]) == pytest.approx((view.y_hat.value, L(view.y_hat.value, view.y.value)))
    else:
        assert point_of(view.point) == pytest.approx((view.w1.value, view.w2.value))
    for panel in view.panels:
        assert png(panel).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("kind", WIDGETS)
def test_repr_mimebundle(kind):
    cls, _, _, (name, value), expected_repr = WIDGETS[kind]
    view = cls()
    first = view._repr_mimebundle_()
    setattr(getattr(view, name), "value", value)
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"] == repr(view) == expected_repr
    static = base64.b64decode(bundle["image/png"], validate=True)
    assert static.startswith(PNG_SIGNATURE)
    picture = PIL.Image.open(io.BytesIO(static))
    panels = [PIL.Image.open(io.BytesIO(png(panel))) for panel in view.panels]
    assert picture.size == (sum(p.width for p in panels), max(p.height for p in panels)), "the panels side by side"
    assert bundle["image/png"] != first["image/png"], "the static picture did not follow the move"
    assert bundle[WIDGET_VIEW]["model_id"] == view.widget.model_id
