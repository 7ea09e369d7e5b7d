"""TrainingRun and TrainingSettings (notebook 06): runs replayed by hand with the engine,
frames and accuracies recomputed with a forward pass written out in numpy."""
import dataclasses
import math
import re

import numpy as np
import pytest
from tests.conftest import (ACTIVATIONS_BY_HAND, DIVERGING, accuracy_by_hand, frame_by_hand, replay,
                            training_settings)

import lessonkit as lk
from lessonkit.states import TrainingRun, TrainingSettings


def test_settings_are_a_frozen_record():
    settings = TrainingSettings(hidden=[4, 3], lr=0.5)
    assert settings.as_dict() == dict(dataset="moons", hidden=(4, 3), activation="tanh", optimizer="adam", lr=0.5,
                                      batch_size=32, epochs=150, seed=0, n=200)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.epochs = 3
    run = TrainingRun(epochs=5)
    assert isinstance(run.settings, TrainingSettings) and run.settings.epochs == 5


def test_the_same_settings_replay_the_same_run():
    settings = dict(dataset="circles", hidden=(6,), optimizer="momentum", lr=0.05, batch_size=16, epochs=40)
    a, b = TrainingRun(**settings), TrainingRun(**settings)
    assert a.history.loss == b.history.loss and len(a.history.loss) == 40
    assert len(a.snapshots) == len(b.snapshots) == 41
    for e, (pa, pb) in enumerate(zip(a.snapshots, b.snapshots)):
        for i, (p, q) in enumerate(zip(pa, pb)):
            np.testing.assert_array_equal(p, q, err_msg=f"snapshot {e}, params[{i}]")
    # changing a setting and changing it back replays the first run too
    loss = list(a.history.loss)
    a.set(lr=0.2)
    assert a.history.loss != loss and a.settings.lr == 0.2
    a.set(lr=0.05)
    assert a.history.loss == loss


@pytest.mark.parametrize("settings", [
    dict(),
    dict(dataset="xor", hidden=(4,), activation="sigmoid", optimizer="sgd", lr=0.5, batch_size=None, epochs=30),
    dict(dataset="spirals", hidden=(5, 3), activation="relu", optimizer="momentum", lr=0.01, batch_size=8,
         epochs=12, n=60, seed=3),
], ids=["defaults", "xor", "spirals"])
def test_snapshots_are_the_initial_and_the_trained_weights(settings):
    run = TrainingRun(**settings)
    st = training_settings(**settings)
    initial = lk.MLP([2, *st["hidden"], 1], activation=st["activation"], seed=st["seed"]).params
    model, history = replay(settings)
    assert run.epochs_run == st["epochs"] == len(run.snapshots) - 1
    assert run.history.loss == history.loss
    for i, (p0, p_end, init, trained) in enumerate(zip(run.snapshots[0], run.snapshots[-1], initial, model.params)):
        np.testing.assert_array_equal(p0, init, err_msg=f"snapshots[0][{i}]: not the initial weights")
        np.testing.assert_array_equal(p_end, trained, err_msg=f"snapshots[-1][{i}]: not the trained weights")
    # snapshot e is the network after e epochs: a run stopped there has the same weights
    e = st["epochs"] // 3
    model_e, _ = replay(settings, epochs=e)
    for i, (p, q) in enumerate(zip(run.snapshots[e], model_e.params)):
        np.testing.assert_array_equal(p, q, err_msg=f"snapshots[{e}][{i}]")
    assert any(not np.array_equal(p, q) for p, q in zip(run.snapshots[e], run.snapshots[e + 1])), "training moved"


@pytest.mark.parametrize("activation", ACTIVATIONS_BY_HAND)
def test_frame_is_the_networks_probability_over_the_chart(activation):
    run = TrainingRun(hidden=(7, 5), activation=activation, epochs=25, resolution=31)
    lo, hi = run.X.min(axis=0), run.X.max(axis=0)
    x0, x1, y0, y1 = run.extent
    assert x0 < lo[0] and hi[0] < x1 and y0 < lo[1] and hi[1] < y1, "every point is on the chart, with a margin"
    for e in (0, 1, 12, 25):
        P = run.frame(e)
        assert P.shape == (31, 31)
        np.testing.assert_allclose(P, frame_by_hand(run, e), rtol=1e-12, atol=1e-15, err_msg=f"epoch {e}")
        assert run.accuracy(e) == accuracy_by_hand(run, e), f"epoch {e}"
    assert run.accuracy(25) > 0.75, "25 epochs of Adam separate the moons"
    # frames do not disturb each other: asking again, after another epoch, gives the same numbers
    at_12 = run.frame(12).copy()
    run.frame(25)
    np.testing.assert_array_equal(run.frame(12), at_12)


@pytest.mark.parametrize("epoch", [-1, 26, 2.0, True, None], ids=repr)
def test_frame_of_a_bad_epoch_names_epoch(epoch):
    run = TrainingRun(epochs=25)
    with pytest.raises(ValueError, match=r"^epoch: expected an integer from 0 to 25"):
        run.frame(epoch)
    with pytest.raises(ValueError, match=r"^epoch: "):
        run.accuracy(epoch)


def test_progress_goes_up_to_one():
    seen = []
    run = TrainingRun(epochs=20, progress=seen.append)
    assert len(seen) == 20 and seen[-1] == 1.0
    assert all(a < b for a, b in zip(seen, seen[1:])), f"not increasing: {seen}"
    assert seen == pytest.approx([e / 20 for e in range(1, 21)])
    seen.clear()
    run.set(epochs=7)  # the callback stays for the next runs
    assert seen == pytest.approx([e / 7 for e in range(1, 8)]) and seen[-1] == 1.0
    other = []
    run.progress = other.append
    run.set(epochs=4)
    assert other == pytest.approx([0.25, 0.5, 0.75, 1.0]) and len(seen) == 7
    run.progress = None
    run.set(epochs=3)
    assert len(other) == 4
    with pytest.raises(TypeError, match=r"^set: unknown setting 'progress'"):  # the callback is not a setting
        run.set(progress=other.append)


def test_a_diverging_run_stops_with_a_message():
    run = TrainingRun(**DIVERGING)
    assert run.history.diverged
    assert run.epochs_run < run.settings.epochs
    assert run.epochs_run == len(run.history.loss) == len(run.snapshots) - 1
    assert "diverged" in run.message and "learning rate" in run.message
    assert all(math.isfinite(v) for v in run.history.loss)
    good = TrainingRun(**dict(DIVERGING, lr=0.01))
    assert not good.history.diverged and good.message == "" and good.epochs_run == good.settings.epochs


def test_a_diverged_runs_frames_are_probabilities(no_warnings):
    run = TrainingRun(**DIVERGING)
    assert run.epochs_run >= 1
    bad = {}
    for e in range(run.epochs_run + 1):
        try:
            P = run.frame(e)
        except RuntimeWarning as w:
            bad[e] = f"warns: {w}"
            continue
        if not (np.isfinite(P).all() and P.min() >= 0 and P.max() <= 1):
            bad[e] = f"{np.isnan(P).sum()} of {P.size} values are NaN"
    assert not bad, (
        f"BUG: frames of a diverged run ({DIVERGING}) are not probabilities, so the dashboard shows an empty "
        f"chart and numpy warnings: {bad}")


BAD_SETTINGS = [  # (settings, error, the name the message must start with)
    (dict(dataset="foo"), ValueError, "dataset"),
    (dict(optimizer="bar"), ValueError, "optimizer"),
    (dict(lr=0), ValueError, "lr"),
    (dict(lr=-0.1), ValueError, "lr"),
    (dict(activation="swish"), ValueError, "activation"),
    (dict(epochs=0), ValueError, "epochs"),
    (dict(batch_size=0), ValueError, "batch_size"),
    (dict(speed=3), TypeError, "set: unknown setting 'speed'; expected one of dataset, hidden"),
    (dict(hidden=(8, 8), learning_rate=0.1), TypeError, "set: unknown setting 'learning_rate'"),
]


@pytest.mark.parametrize("settings,error,name", BAD_SETTINGS, ids=[str(s) for s, _, _ in BAD_SETTINGS])
def test_bad_settings_name_the_setting_and_change_nothing(settings, error, name):
    run = TrainingRun(epochs=10)
    before = (run.settings, run.history, run.snapshots)
    with pytest.raises(error, match=rf"^{re.escape(name)}(?!\w)"):
        run.set(**settings)
    assert (run.settings, run.history, run.snapshots) == before
    assert run.settings.as_dict() == training_settings(epochs=10)
    assert run.frame(10).shape == (60, 60)
    with pytest.raises(error, match=rf"^{re.escape(name)}(?!\w)"):
        TrainingRun(**settings)


def test_bad_hidden_sizes_name_hidden():
    run = TrainingRun(epochs=10)
    before = (run.settings, run.history)
    messages = {}
    for hidden in [(8, 0), (0,), (4, -2)]:
        with pytest.raises(ValueError) as caught:
            run.set(hidden=hidden)
        assert (run.settings, run.history) == before
        messages[hidden] = str(caught.value)
    wrong = {h: m for h, m in messages.items() if not m.startswith("hidden")}
    assert not wrong, (
        f"BUG: bad hidden sizes fail with messages that name the MLP's argument 'sizes', not the setting the "
        f"learner gave, 'hidden': {wrong}")


@pytest.mark.parametrize("hidden", [8, None, 2.5], ids=repr)
def test_hidden_that_is_not_a_list_of_sizes_names_hidden(hidden):
    run = TrainingRun(epochs=10)
    settings = run.settings
    with pytest.raises((TypeError, ValueError)) as caught:
        run.set(hidden=hidden)
    assert run.settings is settings
    assert str(caught.value).startswith("hidden: "), (
        f"BUG: hidden={hidden!r} fails with {type(caught.value).__name__}: {caught.value!r}, which does not name the "
        "setting 'hidden' (every other bad setting is named)")


def test_xor_needs_a_hidden_layer():
    # no hidden layer: the network is linear, and no line puts the four XOR corners right (at most three)
    linear = TrainingRun(dataset="xor", hidden=(), lr=0.1, batch_size=None, epochs=100)
    assert max(linear.accuracy(e) for e in range(101)) <= 0.75
    assert all(accuracy_by_hand(linear, e) <= 0.75 for e in (0, 50, 100))
    hidden = TrainingRun(dataset="xor", hidden=(4,), lr=0.1, batch_size=None, epochs=200)
    assert hidden.accuracy(200) == accuracy_by_hand(hidden, 200) == 1.0
    assert hidden.history.loss[-1] < 0.05
