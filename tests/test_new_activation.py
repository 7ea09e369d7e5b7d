"""Adding an activation to the course is one entry: ``activations.register``. Registered
at run time, swish (z·σ(z)) is offered and computed right by every layer, network, state
and widget that offers activations, checked against swish written by hand here and
against finite differences."""

import math

import numpy as np
import pytest

import lessonkit as lk
from lessonkit import activations
from lessonkit import widgets as W
from lessonkit.states import GraphStepperState, LandscapeState, NeuronState, StepThroughState, TrainingRun


def swish_by_hand(z):
    return z / (1.0 + math.exp(-z))


def swish_prime_by_hand(z):
    s = 1.0 / (1.0 + math.exp(-z))
    return s + z * s * (1.0 - s)


@pytest.fixture
def swish():
    """swish registered for the test only (f and f' in numpy; f' cannot be written with a alone)."""

    def f(z):
        return np.asarray(z, dtype=float) * activations.sigmoid(z)

    def df(z):
        s = activations.sigmoid(z)
        return s + np.asarray(z, dtype=float) * s * (1.0 - s)

    act = activations.register(activations.Activation("swish", f, df, init="he"))
    yield act
    del activations.ACTIVATIONS["swish"]


def test_the_record_fills_in_what_it_was_not_given(swish):
    assert activations.get("swish") is swish
    assert swish.tex == r"\mathrm{swish}" and swish.output_range is None and swish.df_a is None
    assert swish.init_std(50, 10) == pytest.approx(math.sqrt(2 / 50))  # He, by hand
    with pytest.raises(ValueError, match="^init"):
        activations.Activation("bad", swish.f, swish.df, init="zeros")


def test_a_network_with_it_backpropagates_right(swish):
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    model = lk.MLP([3, 5, 4, 2], activation="swish", seed=1)
    out = model.forward(X)
    A1 = np.vectorize(swish_by_hand)(X @ model.params[0] + model.params[1])
    A2 = np.vectorize(swish_by_hand)(A1 @ model.params[2] + model.params[3])
    np.testing.assert_allclose(out, A2 @ model.params[4] + model.params[5], rtol=1e-12)
    _, dY = lk.losses.mse(out, Y)
    model.backward(dY)
    err = lk.gradient_check(lambda: lk.losses.mse(model.forward(X), Y)[0], model.params, model.grads)
    assert err < 1e-6


def test_the_forward_state_and_the_neuron_explorer_offer_it(swish):
    state = NeuronState(activation="swish", w=[0.7, -0.2])
    z = 0.7 * 1 - 0.2 * 2 + 0.1
    assert state.a == pytest.approx(swish_by_hand(z))
    view = W.NeuronExplorer()
    assert "swish" in view.activation.options
    view.activation.value = "swish"
    assert view.error.value == "" and f"<b>{swish_by_hand(0.5 - 1 + 0.1):.3f}</b>" in view.readout.value


def test_the_graph_stepper_writes_its_equations(swish):
    state = GraphStepperState(activation="swish", loss="mse", step=1)
    z = 0.5 - 1.0 + 0.1
    assert r"\mathrm{swish}" in state.equation()
    assert state.equation_lines()[1].endswith(f"= {swish_by_hand(z):.3f}".replace("-", "\u2212"))
    state.set(step=4)  # ∂L/∂z = 2(a − y) f'(z)
    expected = 2 * (swish_by_hand(z) - 1.0) * swish_prime_by_hand(z)
    assert state.grads()["z"] == pytest.approx(expected, rel=1e-12)
    view = W.GraphStepper(state)
    view.step.value = 7
    assert view.error.value == ""


def test_the_step_through_and_its_landscape(swish):
    view = W.StepThrough()
    assert ("swish", "mse") in [value for _, value in view.pair.options]
    view.pair.value = ("swish", "mse")
    view.stage.value = 3
    assert view.error.value == ""
    s = view.state
    z = 0.5 - 1.0 + 0.1
    dz = 2 * (swish_by_hand(z) - 1.0) * swish_prime_by_hand(z)
    np.testing.assert_allclose(s.record.w_new, [0.5 - 0.1 * dz * 1, -0.5 - 0.1 * dz * 2], rtol=1e-12)
    land = s.landscape
    i = j = len(land.axis) // 2  # the chart's centre, (0.6, −0.6): z = 0.6 − 1.2 + 0.1
    assert (land.W1[i, j], land.W2[i, j]) == pytest.approx((0.6, -0.6))
    assert land.surface()[i, j] == pytest.approx((swish_by_hand(-0.5) - 1.0) ** 2)
    assert isinstance(StepThroughState(activation="swish", loss="mse").landscape, LandscapeState)


def test_the_training_run_and_dashboard(swish):
    run = TrainingRun(activation="swish", epochs=20, n=80)
    assert run.history.loss[-1] < run.history.loss[0]
    view = W.TrainingDashboard(TrainingRun(epochs=3, n=40))
    assert "swish" in view.activation.options
    view.activation.value = "swish"
    assert view.error.value == "" and view.state.settings.activation == "swish"
