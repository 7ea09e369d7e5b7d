"""NetworkStepperState (notebook 04): notebook 01's batch and 2-3-1 network stepped
forward and backward, against ``MLP.forward``/``MLP.backward`` on the same weights,
the recursion written out here with the textbook activations, and finite
differences of the loss written by hand."""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.states import NetworkInputs, NetworkStepperState
from lessonkit.widgets import NetworkStepper
from tests.references import ACTIVATIONS_BY_HAND, sigmoid
from tests.references.backprop_network import NETWORK_STEPS as STEPS
from tests.references.backprop_network import NETWORK_X as X
from tests.references.backprop_network import NETWORK_Y as Y
from tests.references.backprop_network import network_by_hand as by_hand
from tests.shown import NEGATIVE_ZERO, numbers_in

ROOT = Path(__file__).resolve().parents[2]


def random_state(rng, activation):
    """A state at inputs as the sliders give them (two decimals)."""
    x = rng.uniform(-3, 3, 2).round(2)
    params = dict(
        W1=rng.uniform(-2, 2, (2, 3)).round(2),
        b1=rng.uniform(-1, 1, 3).round(2),
        W2=rng.uniform(-2, 2, (3, 1)).round(2),
        b2=rng.uniform(-1, 1, 1).round(2),
    )
    return NetworkStepperState(x=x, activation=activation, **params), np.vstack([x, X[1:]])


def test_the_example_is_notebook_01s_batch_and_network():
    s = NetworkStepperState()
    model = lk.MLP([2, 3, 1], activation="tanh", seed=0)
    assert np.array_equal(s.inputs.X, X) and list(s.inputs.x) == [1.0, 2.0]
    for mine, theirs in zip(s.params, model.params):
        assert np.array_equal(mine, theirs)
    assert s.inputs.activation == "tanh" and s.step == 0 and s.current == ("forward", "Z1")
    assert [name for _, name in s.STEPS] == STEPS


@pytest.mark.parametrize("activation", list(ACTIVATIONS_BY_HAND))
def test_every_number_is_the_engines_on_the_same_weights(activation):
    rng = np.random.default_rng(sum(map(ord, activation)))
    for _ in range(5):
        s, Xs = random_state(rng, activation)
        model = lk.MLP([2, 3, 1], activation=activation, seed=1)
        for p, value in zip(model.params, s.params):
            p[...] = value
        Z2 = model.forward(Xs)
        L, dY = lk.losses.bce_with_logits(Z2, Y)
        dX = model.backward(dY)
        v = s.values
        assert v["Z2"] == pytest.approx(Z2, rel=1e-12, abs=1e-15) and v["L"] == pytest.approx(L, rel=1e-12)
        assert v["A1"] == pytest.approx(model.layers[0].A, rel=1e-12, abs=1e-15)
        assert v["dZ2"] == pytest.approx(dY, rel=1e-12, abs=1e-15)
        for name, mine, theirs in zip(["dW1", "db1", "dW2", "db2"], s.grads, model.grads):
            assert mine == pytest.approx(theirs, rel=1e-10, abs=1e-15), name
        assert v["dA0"] == pytest.approx(dX, rel=1e-10, abs=1e-15)


@pytest.mark.parametrize("activation", list(ACTIVATIONS_BY_HAND))
def test_every_array_is_the_recursion_written_by_hand(activation):
    rng = np.random.default_rng(sum(map(ord, activation)) + 3)
    for _ in range(5):
        s, Xs = random_state(rng, activation)
        want = by_hand(Xs, s.params, activation)
        for name, value in want.items():
            assert s.values[name] == pytest.approx(value, rel=1e-9, abs=1e-12), f"{activation}: {name}"


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_the_gradients_are_the_finite_differences_of_the_loss(activation):
    rng = np.random.default_rng(11)
    for _ in range(4):
        s, Xs = random_state(rng, activation)
        if activation == "relu" and np.min(np.abs(Xs @ s.params[0] + s.params[1])) < 1e-3:
            continue  # at a kink
        params = [np.array(p) for p in s.params]
        batch = Xs.copy()
        loss = lambda batch=batch, params=params: by_hand(batch, params, activation)["L"]  # noqa: E731
        assert lk.gradient_check(loss, params, s.grads) < 1e-6
        assert lk.gradient_check(loss, [batch], [s.values["dA0"]]) < 1e-6  # what layer 1 passes down: ∂L/∂X


def test_each_step_shows_its_arrays_shapes_and_entry():
    s = NetworkStepperState()
    v = by_hand(X, s.params, "tanh")
    W1, b1, W2, b2 = s.params
    T = {
        "Xᵀ": X.T,
        "A1ᵀ": v["A1"].T,
        "W1ᵀ": W1.T,
        "W2ᵀ": W2.T,
        "X": X,
        "y": Y,
        "σ(Z2)": sigmoid(v["Z2"]),
        "tanh′(Z1)": v["f'(Z1)"],
        "W1": W1,
        "b1": b1,
        "W2": W2,
        "b2": b2,
        **v,
    }
    # (arrays in order, the entry's terms by hand, the result's entry)
    expected = {
        "Z1": (["X", "W1", "b1", "Z1"], [X[0, 0], W1[0, 0], X[0, 1], W1[1, 0], b1[0]], v["Z1"][0, 0]),
        "A1": (["Z1", "A1"], [v["Z1"][0, 0]], math.tanh(v["Z1"][0, 0])),
        "Z2": (["A1", "W2", "b2", "Z2"], [*np.ravel([v["A1"][0], W2[:, 0]], order="F"), b2[0]], v["Z2"][0, 0]),
        "L": (
            ["Z2", "y", "L"],
            [1, 4, *-(Y[:, 0] * np.log(sigmoid(v["Z2"][:, 0])) + (1 - Y[:, 0]) * np.log(1 - sigmoid(v["Z2"][:, 0])))],
            v["L"],
        ),
        "dZ2": (["σ(Z2)", "y", "dZ2"], [sigmoid(v["Z2"][0, 0]), 1, 4], (sigmoid(v["Z2"][0, 0]) - 1) / 4),
        "dW2": (["A1ᵀ", "dZ2", "dW2"], [*np.ravel([v["A1"][:, 0], v["dZ2"][:, 0]], order="F")], v["dW2"][0, 0]),
        "db2": (["dZ2", "db2"], [*v["dZ2"][:, 0]], v["db2"][0]),
        "dA1": (["dZ2", "W2ᵀ", "dA1"], [v["dZ2"][0, 0], W2[0, 0]], v["dZ2"][0, 0] * W2[0, 0]),
        "dZ1": (["dA1", "tanh′(Z1)", "dZ1"], [v["dA1"][0, 0], 1 - math.tanh(v["Z1"][0, 0]) ** 2], v["dZ1"][0, 0]),
        "dW1": (["Xᵀ", "dZ1", "dW1"], [*np.ravel([X[:, 0], v["dZ1"][:, 0]], order="F")], v["dW1"][0, 0]),
        "db1": (["dZ1", "db1"], [*v["dZ1"][:, 0]], v["db1"][0]),
        "dA0": (["dZ1", "W1ᵀ", "dA0"], [*np.ravel([v["dZ1"][0], W1[0]], order="F")], v["dA0"][0, 0]),
        "W1_new": (["W1", "dW1", "W1_new"], [W1[0, 0], 0.1, v["dW1"][0, 0]], W1[0, 0] - 0.1 * v["dW1"][0, 0]),
        "b1_new": (["b1", "db1", "b1_new"], [b1[0], 0.1, v["db1"][0]], b1[0] - 0.1 * v["db1"][0]),
        "W2_new": (["W2", "dW2", "W2_new"], [W2[0, 0], 0.1, v["dW2"][0, 0]], W2[0, 0] - 0.1 * v["dW2"][0, 0]),
        "b2_new": (["b2", "db2", "b2_new"], [b2[0], 0.1, v["db2"][0]], b2[0] - 0.1 * v["db2"][0]),
        "L_new": (["L", "L_new"], [], v["L_new"]),
    }
    for step, name in enumerate(STEPS):
        shown = s.shown(step)
        names, terms, result = expected[name]
        assert [a.name for a in shown.arrays] == names, name
        assert [a.made for a in shown.arrays] == [False] * (len(names) - 1) + [True]
        for a in shown.arrays:
            assert np.allclose(a.values, np.atleast_2d(T[a.name]), rtol=1e-9, atol=1e-12), f"{name}: {a.name}"
            assert a.shape == np.shape(T[a.name])
            r0, r1, c0, c1 = a.cells
            assert 0 <= r0 < r1 <= a.values.shape[0] and 0 <= c0 < c1 <= a.values.shape[1]
        ops = [*shown.ops, ""]
        want_shapes = " ".join(f"{np.shape(T[n]) or 'a number'} {op}" for n, op in zip(names, ops)).strip()
        assert shown.shapes == want_shapes.replace(" =", " →").replace(" ,", ","), name
        lhs, *rest = shown.entry.split(" = ")
        numbers = numbers_in(" = ".join(rest[1:]).replace("−", "-"))
        assert len(numbers) == len(terms) + 1, f"{name}: {shown.entry}"
        for got, want in zip(numbers, [*terms, result]):
            assert got == pytest.approx(want, rel=5.01e-3, abs=1e-12), f"{name}: {shown.entry}"
        assert not NEGATIVE_ZERO.search(shown.entry)
        assert name in shown.title and shown.formula.startswith(name if name != "L" else "L =")


def test_the_numbers_follow_the_inputs():
    s = NetworkStepperState(step=9)
    s.set(x1=-1.5, W1_00=0.7, W2_00=-1.2)
    W1 = np.array(NetworkInputs().W1)
    W1[0, 0] = 0.7
    W2 = np.array(NetworkInputs().W2)
    W2[0, 0] = -1.2
    Xs = np.vstack([[-1.5, 2.0], X[1:]])
    v = by_hand(Xs, [W1, np.zeros(3), W2, np.zeros(1)], "tanh")
    assert s.step == 9 and s.values["dW1"] == pytest.approx(v["dW1"], rel=1e-9)
    z = -1.5 * 0.7 + 2.0 * W1[1, 0]  # Z1[0, 0] by hand
    assert s.values["Z1"][0, 0] == pytest.approx(z, rel=1e-12)
    s.set(step=0)
    assert s.shown().entry.endswith(f"= {z:.3g}")


def test_no_negative_zero_where_relu_is_flat():
    s = NetworkStepperState(activation="relu", W1_00=-1.0)  # Z1[0, 0] < 0: relu′ = 0, dZ1[0, 0] = −0.0 or 0.0
    assert s.values["Z1"][0, 0] < 0 and s.values["dZ1"][0, 0] == 0
    for step in range(len(STEPS)):
        assert not NEGATIVE_ZERO.search(s.shown(step).entry), s.shown(step).entry


# ---- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes,error,message",
    [
        (dict(step=17), ValueError, r"^step: expected an integer from 0 to 16, got 17$"),
        (dict(step=1.5), ValueError, r"^step: expected an integer"),
        (dict(W1=np.ones((3, 2))), ValueError, r"^W1: expected shape \(2, 3\), got \(3, 2\)$"),
        (dict(b2=[0.0, 1.0]), ValueError, r"^b2: expected shape \(1,\), got \(2,\)$"),
        (dict(W1_00=5000.0), ValueError, r"^W1_00: the lesson draws numbers from −1000 to 1000; got 5000$"),
        (dict(W2_20=float("nan")), ValueError, r"^W2_20: expected a finite number"),
        (dict(x1="one"), TypeError, r"^x1: expected a number"),
        (dict(x=[1.0, 2.0, 3.0]), ValueError, r"^x: expected two numbers"),
        (dict(activation="softplus"), ValueError, r"^activation: expected one of 'sigmoid'"),
        (
            dict(W3_00=1.0),
            TypeError,
            r"^set: unknown input 'W3_00'; expected one of step, x, W1, b1, W2, b2, activation, lr, x1",
        ),
    ],
)
def test_bad_input_is_named_and_changes_nothing(changes, error, message):
    s = NetworkStepperState(step=4)
    inputs, values = s.inputs, s.values
    with pytest.raises(error, match=message):
        s.set(x2=0.5, **changes)  # with a good change: neither happens
    assert s.inputs is inputs and s.values is values and s.step == 4


def test_the_inputs_cannot_be_changed_from_outside():
    s = NetworkStepperState()
    with pytest.raises(ValueError):
        s.inputs.W1[0, 0] = 3.0
    assert "W1_12" in s.inputs.names() and "b1_2" in s.inputs.names() and "W2_20" in s.inputs.names()


@pytest.mark.parametrize("lr", [0.01, 0.1, 1.0, 8.0])
def test_the_update_steps_each_weight_against_its_gradient_and_the_loss_after_it_is_measured(lr):
    rng = np.random.default_rng(int(lr * 100))
    s, Xs = random_state(rng, "tanh")
    s.set(lr=lr)
    want = by_hand(Xs, s.params, "tanh", lr=lr)
    for name in ("W1_new", "b1_new", "W2_new", "b2_new", "L_new"):
        assert s.values[name] == pytest.approx(want[name], rel=1e-9, abs=1e-12), name
    model = lk.MLP([2, 3, 1], activation="tanh", seed=0)  # the same update by the engine: SGD after backward
    for p, value in zip(model.params, s.params):
        p[...] = value
    model.backward(lk.losses.bce_with_logits(model.forward(Xs), Y)[1])
    lk.optim.SGD(lr).step(model.params, model.grads)
    for name, p in zip(["W1_new", "b1_new", "W2_new", "b2_new"], model.params):
        assert s.values[name] == pytest.approx(p, rel=1e-10, abs=1e-15), name
    assert s.values["L_new"] == pytest.approx(lk.losses.bce_with_logits(model.forward(Xs), Y)[0], rel=1e-12)
    said = s.shown(STEPS.index("L_new")).entry
    assert said.endswith(": lower") == (want["L_new"] < want["L"]), said


def test_a_learning_rate_that_is_not_positive_is_named():
    s = NetworkStepperState()
    for bad in (0, -0.1, float("nan")):
        with pytest.raises(ValueError, match=r"^lr: "):
            s.set(lr=bad)
    assert s.inputs.lr == 0.1


def test_the_losses_notebooks_04_and_05_quote_for_the_update():
    # 04's "Try this" and 05's opening quote L after one update at learning rates the slider can take
    text = "".join(
        "".join(cell["source"])
        for name in ("04_backprop_network", "05_update")
        for cell in json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())["cells"]
        if cell["cell_type"] == "markdown"
    )
    params = [p.copy() for p in lk.MLP([2, 3, 1], activation="tanh", seed=0).params]
    slider = NetworkStepper().lr
    quoted = re.findall(r"\$(\d\.\d{4})\$\s+\(?at\s+\$\\eta = ([\d.]+)\$", text)  # "$0.7475$ at $\eta = 0.1$"
    assert len(quoted) >= 3, quoted
    for words, lr in quoted:
        lr = float(lr)
        exponent = math.log10(lr)  # a value the log slider reaches: a whole number of steps from its minimum
        assert abs((exponent - slider.min) / slider.step - round((exponent - slider.min) / slider.step)) < 1e-9, lr
        v = by_hand(X, params, "tanh", lr=lr)
        assert f"{v['L']:.3f}" == "0.764" and f"{v['L_new']:.4f}" == words, lr
    above = re.search(r"at\s+\$\\eta = (\d+)\$\s+it ends above where it started,\s+\$(\d\.\d{4})\$", text)
    v = by_hand(X, params, "tanh", lr=float(above.group(1)))
    assert f"{v['L_new']:.4f}" == above.group(2) and v["L_new"] > v["L"]
