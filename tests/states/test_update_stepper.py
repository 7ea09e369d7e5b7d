"""The stepper of any update (``UpdateStepperState``) and of a training run's (``RunUpdateState``,
``TrainingRun.update_state``): the steps counted from the depth, every gradient of deeper networks
against finite differences of the loss written by hand, and the decisive one: on every training point,
a run that trains full batch with plain gradient descent and no penalty makes, after epoch e, the update
the stepper shows (its own snapshot e + 1)."""

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.states import NetworkStepperState, TrainingRun
from lessonkit.states.backprop_network import RunUpdateState, UpdateStepperState, update_steps
from tests.references.backprop_network import deep_loss_by_hand, update_steps_by_hand
from tests.shown import numbers_in

pytestmark = [pytest.mark.lesson("04_backprop_network"), pytest.mark.lesson("06_epochs")]


def central_differences(loss, arrays, h=1e-6):
    """∂loss/∂ each entry of ``arrays`` (changed in place and put back), (loss(+h) − loss(−h)) / 2h."""
    grads = [np.zeros_like(a) for a in arrays]
    for a, g in zip(arrays, grads):
        for i in np.ndindex(a.shape):
            keep = a[i]
            a[i] = keep + h
            up = loss()
            a[i] = keep - h
            down = loss()
            a[i] = keep
            g[i] = (up - down) / (2 * h)
    return grads


def deep_state(sizes, activation, n=5, seed=0, lr=0.1):
    """A state of a network of ``sizes`` with random weights on a random batch of ``n`` examples."""
    rng = np.random.default_rng(seed)
    params = [p * 1.5 for p in lk.MLP(sizes, activation=activation, seed=seed).params]
    params[1::2] = [rng.normal(0, 0.3, size=b.shape) for b in params[1::2]]  # biases not 0: every term counts
    X, y = rng.normal(size=(n, sizes[0])), rng.integers(0, 2, size=n).astype(float)
    return UpdateStepperState(params, X, y, activation=activation, lr=lr), params, X, y[:, None]


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_the_steps_are_counted_from_the_depth(depth):
    assert [name for _, name in update_steps(depth)] == update_steps_by_hand(depth)
    phases = [phase for phase, _ in update_steps(depth)]
    assert phases == sorted(phases, key=["forward", "backward", "update"].index)
    assert NetworkStepperState.STEPS == update_steps(2)


@pytest.mark.parametrize("sizes", [[2, 4, 3, 1], [3, 5, 1], [2, 3, 3, 2, 1]])
@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_every_gradient_of_a_deeper_network_is_the_finite_differences_of_its_loss(sizes, activation):
    checked = 0
    for seed in range(3):
        s, params, X, y = deep_state(sizes, activation, seed=seed)
        zs = [s.values[f"Z{l}"] for l in range(1, len(sizes) - 1)]
        if activation == "relu" and zs and min(np.abs(z).min() for z in zs) < 1e-3:
            continue  # at a kink
        assert s.values["L"] == pytest.approx(deep_loss_by_hand(X, y, params, activation), rel=1e-12)
        params = [p.copy() for p in params]
        batch = X.copy()
        loss = lambda batch=batch, y=y, params=params: deep_loss_by_hand(batch, y, params, activation)  # noqa: E731
        numerical = central_differences(loss, [*params, batch])  # the last: ∂L/∂X, what layer 1 passes down
        for name, mine, want in zip([*s.weights, "X"], [*s.grads, s.values["dA0"]], numerical):
            assert mine == pytest.approx(want, rel=1e-5, abs=1e-9), f"{activation} {sizes}: d{name}"
        assert lk.gradient_check(loss, params, s.grads) < 1e-4  # lessonkit's own check agrees
        checked += 1
    assert checked >= 2


@pytest.mark.parametrize("lr", [0.05, 0.5, 5.0])
def test_the_update_steps_against_each_gradient_and_l_new_is_the_loss_there(lr):
    s, params, X, y = deep_state([2, 4, 3, 1], "tanh", seed=4, lr=lr)
    numerical = central_differences(lambda: deep_loss_by_hand(X, y, params, "tanh"), params)
    new = [p - lr * g for p, g in zip(params, numerical)]
    names = [f"{w}{l}_new" for l in (1, 2, 3) for w in "Wb"]
    for name, want in zip(names, new):
        assert s.values[name] == pytest.approx(want, rel=1e-6, abs=1e-8), name
    assert s.values["L_new"] == pytest.approx(deep_loss_by_hand(X, y, new, "tanh"), rel=1e-7)
    said = s.shown(len(s.STEPS) - 1).entry
    assert said.endswith(": lower") == (s.values["L_new"] < s.values["L"]), said


def test_each_step_shows_what_it_names():
    s = deep_state([2, 4, 3, 1], "tanh")[0]
    for step, (phase, name) in enumerate(s.STEPS):
        shown = s.shown(step)
        assert shown.title.startswith(f"{phase}: {name}") and shown.arrays[-1].made
        result, want = shown.arrays[-1], s.values[name]
        assert np.array_equal(result.values, np.atleast_2d(want)) and result.shape == np.shape(want), name
    assert s.shown(update_steps(3).index(("backward", "dA1"))).title == "backward: dA1, passed down to layer 1"
    assert s.shown(update_steps(3).index(("forward", "Z3"))).shapes == "(5, 3) @ (3, 1) + (1,) → (5, 1)"


def test_a_long_sum_is_written_with_its_first_terms_and_its_last():
    s = deep_state([2, 3, 1], "tanh", n=12)[0]
    entry = s.shown(update_steps(2).index(("backward", "dW2"))).entry
    A1, dZ2 = s.values["A1"], s.values["dZ2"]
    assert entry.count("+") == 4 and " + … + " in entry  # 12 terms: the first three, then the last
    assert numbers_in(entry)[-1] == pytest.approx(A1[:, 0] @ dZ2[:, 0], rel=5.01e-3)


# ---- a training run's update ------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        dict(),  # moons, 2-8-8-1 tanh
        dict(activation="relu", hidden=(5,), held_out=0.25, dataset="circles"),
        dict(hidden=(4, 3, 3), activation="sigmoid", lr=0.5, dataset="xor"),
    ],
)
def test_a_full_batch_sgd_run_makes_the_update_the_stepper_shows(settings):
    """The engine's own next epoch: with one update per epoch (full batch), plain gradient descent and no
    penalty, the weights after epoch e + 1 are the stepper's W_new, b_new on every training point."""
    run = TrainingRun(optimizer="sgd", batch_size=None, l1=0, l2=0, epochs=8, n=60, **settings)
    assert run.epochs_run == 8
    for epoch in (0, 1, 4, 7):
        s = run.update_state(epoch, example=None)
        assert np.array_equal(s.X, run.inputs) and s.differences == ""
        news = [s.values[f"{w}{l}_new"] for l in range(1, s.depth + 1) for w in "Wb"]
        for name, mine, engines in zip(s.weights, news, run.snapshots[epoch + 1]):
            assert mine == pytest.approx(engines, rel=1e-12, abs=1e-14), f"epoch {epoch}: {name}_new"
        assert s.values["L"] == pytest.approx(run.history.loss[epoch], rel=1e-12)  # the loss epoch e + 1 saw
        assert s.values["L_new"] == pytest.approx(deep_loss_by_hand(run.inputs, run.y[:, None], news, s.activation))


def test_the_batch_is_the_runs_training_points_as_the_network_sees_them():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40, 3)) * [100.0, 1.0, 0.01] + [5.0, 0.0, 2.0]
    y = np.where(X[:, 0] > 5.0, "big", "small")
    run = TrainingRun(data=(X, y), features=["a", "b", "c"], hidden=(4,), epochs=3)
    s = run.update_state(2, example=5, lr=0.2)
    seen = (X[5] - X.mean(axis=0)) / X.std(axis=0)  # the data standardised with all of X, by hand
    assert s.X == pytest.approx(seen[None, :], rel=1e-12) and s.y.tolist() == [[float(run.y[5])]]
    assert all(np.array_equal(a, b) for a, b in zip(s.params, run.snapshots[2])) and s.lr == 0.2
    label = run.class_names[int(run.y[5])]
    assert s.title.startswith("The update after epoch 2 of the run, on training point 5 = [")
    assert f"label {int(run.y[5])} ({label})" in s.title and "seen standardised as [" in s.title
    assert f"{X[5, 0]:.3g}" in s.title
    s.set(example=[3, 1, 4])
    assert np.array_equal(s.X, run.inputs[[3, 1, 4]]) and "training points 3, 1, 4 together" in s.title
    assert run.update_state(0).lr == run.settings.lr and run.update_state(0).title.startswith(
        "The update from the run's first weights"
    )


def test_the_note_says_how_the_runs_own_step_differs():
    adam = TrainingRun(epochs=2).update_state(1)  # Adam, batches of 32, shown on one point
    said = adam.differences
    assert "Adam" in said and "batches of 32 points" in said and "η·dW with η = 0.03 (the run's), on this point" in said
    momentum = TrainingRun(epochs=2, optimizer="momentum", batch_size=1).update_state(1, lr=0.1)
    said = momentum.differences
    assert "momentum" in said and "batches" not in said and "η = 0.1, on this point" in said
    penalised = TrainingRun(epochs=2, optimizer="sgd", batch_size=None, l2=1e-3).update_state(1, example=None)
    said = penalised.differences
    assert "l2 W = 0.001 W" in said and "Adam" not in said and "batches" not in said and "on these points" in said
    full = TrainingRun(epochs=2, optimizer="sgd", batch_size=None).update_state(1, example=3)
    assert "averaged over all its training points" in full.differences
    assert TrainingRun(epochs=2, optimizer="sgd", batch_size=1).update_state(1, example=3).differences == ""


@pytest.mark.parametrize(
    "changes,message",
    [
        (dict(epoch=4), r"^epoch: expected an integer from 0 to 3, got 4$"),
        (dict(example=60), r"^example: expected an integer from 0 to 59, got 60$"),
        (dict(example=[]), r"^example: expected at least one"),
        (dict(example=[1, -1]), r"^example: expected an integer from 0 to 59, got -1$"),
        (dict(lr=0), r"^lr: "),
        (dict(step=25), r"^step: expected an integer from 0 to 24, got 25$"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(changes, message):
    s = TrainingRun(epochs=3, n=60).update_state(1, example=2, step=4)
    before = (s.epoch, s.example, s.step, s.lr, s.values, s.X)
    with pytest.raises(ValueError, match=message):
        s.set(example=3, **changes) if "example" not in changes else s.set(epoch=2, **changes)
    assert (s.epoch, s.example, s.step, s.lr, s.values, s.X) == before


def test_an_unknown_name_is_named():
    s = TrainingRun(epochs=2, n=60).update_state(1)
    with pytest.raises(TypeError, match=r"^set: unknown input 'x1'; expected one of step, lr, epoch, example$"):
        s.set(example=4, x1=1.0)
    assert s.example == 0
    with pytest.raises(ValueError, match=r"^W2, b2: expected shapes"):
        UpdateStepperState([np.ones((2, 3)), np.zeros(3), np.ones((2, 1)), np.zeros(1)], np.ones((1, 2)), [1.0])
    assert isinstance(s, RunUpdateState)


def test_what_the_note_says_of_a_penalty_is_the_runs_own_next_update():
    # full batch, plain sgd, L2: the run's next weights are W − η (dW + l2 W), the note's "l2 W = 0.01 W" added
    run = TrainingRun(dataset="circles", hidden=(4,), optimizer="sgd", lr=0.5, batch_size=None, epochs=6, l2=0.01)
    for e in (0, 3):
        state = run.update_state(e, example=None)
        assert "l2 W = 0.01 W" in state.differences
        for l in (1, 2):
            W, dW = run.snapshots[e][2 * l - 2], state.values[f"dW{l}"]
            np.testing.assert_allclose(run.snapshots[e + 1][2 * l - 2], W - 0.5 * (dW + 0.01 * W), atol=1e-12)
            np.testing.assert_allclose(run.snapshots[e + 1][2 * l - 1], state.values[f"b{l}_new"], atol=1e-12)


def test_an_epoch_whose_outputs_overflow_has_no_update_to_step_through():
    run = TrainingRun(activation="identity", optimizer="sgd", lr=30.0, hidden=(8, 8))
    assert run.history.diverged
    last = run.epochs_run
    with pytest.raises(ValueError, match=rf"^epoch: after epoch {last} the network's outputs overflow"):
        run.update_state(last)
    assert run.update_state(0).epoch == 0  # its first weights still step
