"""TrainingRun and TrainingSettings (notebook 06): runs replayed by hand with the engine,
frames and accuracies recomputed with a forward pass written out in numpy."""

import dataclasses
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import lessonkit as lk
from lessonkit.states import TrainingRun, TrainingSettings
from tests.references import ACTIVATIONS_BY_HAND, mlp_logits_by_hand, sigmoid
from tests.references.epochs import (
    DIVERGING,
    accuracy_by_hand,
    extra_by_hand,
    frame_by_hand,
    grid_by_hand,
    replay,
    training_settings,
)


def test_settings_are_a_frozen_record():
    settings = TrainingSettings(hidden=[4, 3], lr=0.5)
    assert settings.as_dict() == dict(
        dataset="moons",
        hidden=(4, 3),
        activation="tanh",
        optimizer="adam",
        lr=0.5,
        batch_size=32,
        epochs=150,
        seed=0,
        n=200,
        noise=None,
        held_out=0.0,
        l1=0.0,
        l2=0.0,
        extra_features=(),
    )
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


@pytest.mark.parametrize(
    "settings",
    [
        dict(),
        dict(dataset="xor", hidden=(4,), activation="sigmoid", optimizer="sgd", lr=0.5, batch_size=None, epochs=30),
        dict(
            dataset="spirals",
            hidden=(5, 3),
            activation="relu",
            optimizer="momentum",
            lr=0.01,
            batch_size=8,
            epochs=12,
            n=60,
            seed=3,
        ),
    ],
    ids=["defaults", "xor", "spirals"],
)
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
        f"chart and numpy warnings: {bad}"
    )


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
        f"learner gave, 'hidden': {wrong}"
    )


@pytest.mark.parametrize("hidden", [8, None, 2.5], ids=repr)
def test_hidden_that_is_not_a_list_of_sizes_names_hidden(hidden):
    run = TrainingRun(epochs=10)
    settings = run.settings
    with pytest.raises((TypeError, ValueError)) as caught:
        run.set(hidden=hidden)
    assert run.settings is settings
    assert str(caught.value).startswith("hidden: "), (
        f"BUG: hidden={hidden!r} fails with {type(caught.value).__name__}: {caught.value!r}, which does not name the "
        "setting 'hidden' (every other bad setting is named)"
    )


def test_xor_needs_a_hidden_layer():
    # no hidden layer: the network is linear, and no line puts the four XOR corners right (at most three)
    linear = TrainingRun(dataset="xor", hidden=(), lr=0.1, batch_size=None, epochs=100)
    assert max(linear.accuracy(e) for e in range(101)) <= 0.75
    assert all(accuracy_by_hand(linear, e) <= 0.75 for e in (0, 50, 100))
    hidden = TrainingRun(dataset="xor", hidden=(4,), lr=0.1, batch_size=None, epochs=200)
    assert hidden.accuracy(200) == accuracy_by_hand(hidden, 200) == 1.0
    assert hidden.history.loss[-1] < 0.05


# ---- a learner's own data ------------------------------------------------------------------


def table(n=90, d=4, seed=1):
    """A learner's table by hand: d features of very different scales, two classes set by two of them."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * np.array([1000.0, 0.01, 5.0, 1.0])[:d] + np.array([5e3, 0.0, -2.0, 7.0])[:d]
    y = ((X[:, 0] - 5e3) / 1000 + X[:, 1] / 0.01 > 0).astype(int)
    return X, y


def standardized_by_hand(X):
    return (X - X.sum(axis=0) / len(X)) / np.sqrt(((X - X.sum(axis=0) / len(X)) ** 2).sum(axis=0) / len(X))


def test_a_run_on_your_data_is_lk_train_on_the_standardised_data():
    X, y = table()
    run = TrainingRun(data=(X, y), epochs=40)
    assert run.settings.dataset == "your data" and run.datasets == ["xor", "moons", "circles", "spirals", "your data"]
    Z = standardized_by_hand(X)
    model = lk.MLP([4, 8, 8, 1], activation="tanh", seed=0)
    history = lk.train(model, Z, y, "bce_with_logits", lk.optim.Adam(0.03), 40, batch_size=32, seed=0)
    np.testing.assert_allclose(run.history.loss, history.loss, rtol=1e-12)
    for p, q in zip(run.snapshots[-1], model.params):
        np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-13)
    for e in (0, 7, 40):
        logits = mlp_logits_by_hand(run.snapshots[e], "tanh", Z)[:, 0]
        assert run.accuracy(e) == pytest.approx(np.mean((logits > 0) == (y == 1)), abs=1e-12), f"epoch {e}"
    assert run.accuracy(40) > 0.9, "two features decide the class: 40 epochs find them"
    assert (run.features, run.positive, run.X.shape) == (("x1", "x2", "x3", "x4"), "class 1", (90, 4))


def test_the_chart_holds_the_other_features_at_their_mean():
    X, y = table()
    run = TrainingRun(data=(X, y), features=["price", "ratio", "depth", "age"], epochs=10, resolution=21)
    grid, extent = run.chart((2, 0))
    assert grid.shape == (21 * 21, 4)
    mean = X.sum(axis=0) / len(X)
    np.testing.assert_allclose(grid[:, [1, 3]], np.broadcast_to(mean[[1, 3]], (441, 2)), rtol=1e-12)
    lo, hi = X.min(axis=0), X.max(axis=0)
    margin = (hi - lo) / 10
    assert extent == pytest.approx((lo[2] - margin[2], hi[2] + margin[2], lo[0] - margin[0], hi[0] + margin[0]))
    across, up = np.linspace(extent[0], extent[1], 21), np.linspace(extent[2], extent[3], 21)
    np.testing.assert_allclose(grid[:, 2], np.tile(across, 21))  # point k·r + l: feature 2 at its l-th value
    np.testing.assert_allclose(grid[:, 0], np.repeat(up, 21))  # ... and feature 0 at its k-th
    P = run.frame(10, axes=(2, 0))
    logits = mlp_logits_by_hand(run.snapshots[10], "tanh", (grid - mean) / X.std(axis=0))[:, 0]
    np.testing.assert_allclose(P, sigmoid(logits).reshape(21, 21), rtol=1e-12)
    assert not np.allclose(run.frame(10, axes=(0, 1)), P), "another pair of features, another picture"
    assert run.grid.shape == (441, 4) and run.extent == pytest.approx(run.chart((0, 1))[1])


@pytest.mark.parametrize("axes", [(0, 0), (0, 4), (-1, 1), (0,)], ids=repr)
def test_a_bad_pair_of_features_names_axes(axes):
    run = TrainingRun(data=table(), epochs=3)
    with pytest.raises(ValueError, match=r"^axes: expected"):
        run.frame(3, axes=axes)


def test_labels_and_classes_of_your_data():
    X, y = table(d=2)
    names = np.where(y == 1, "yes", "no")
    run = TrainingRun(data=(X, names), epochs=3)
    np.testing.assert_array_equal(run.y, y)  # "no" < "yes": sorted, as from_csv sorts
    assert run.positive == "yes" and run.own.classes == ("no", "yes")
    flipped = TrainingRun(data=(X, names), classes=["yes", "no"], epochs=3)
    np.testing.assert_array_equal(flipped.y, 1 - y)
    assert flipped.positive == "no"
    four = TrainingRun(data=(X, np.where(y == 1, 4.0, 2.0)), epochs=3)  # whole numbers as floats: labels
    np.testing.assert_array_equal(four.y, y)
    assert four.positive == "class 4"


def test_your_data_from_a_csv_file_keeps_its_names(tmp_path):
    X, y = table(n=30, d=3)
    rows = "\n".join(",".join([*map(repr, x.tolist()), "sick" if c else "well"]) for x, c in zip(X, y))
    path = tmp_path / "clinic.csv"
    path.write_text("age,dose,weight,outcome\n" + rows + "\n")
    run = TrainingRun(data=lk.datasets.from_csv(path, target="outcome"), epochs=5)
    assert run.settings.dataset == "clinic.csv" and run.features == ("age", "dose", "weight")
    assert run.positive == "well" and run.own.classes == ("sick", "well")
    np.testing.assert_array_equal(run.y, 1 - y)


def test_switching_between_your_data_and_a_generated_set_replays_each():
    X, y = table()
    run = TrainingRun(data=(X, y), epochs=8)
    mine = list(run.history.loss)
    run.set(dataset="moons")
    assert run.history.loss == replay(dict(epochs=8))[1].loss and run.features == ("x1", "x2")
    assert run.positive == "class 1" and run.X.shape == (200, 2)
    run.set(dataset="your data")
    assert run.history.loss == mine and run.X.shape == (90, 4)


def test_use_trains_on_new_data_and_keeps_the_run_if_it_is_bad():
    run = TrainingRun(epochs=5)
    before = (run.settings, run.history, run.data)
    with pytest.raises(ValueError, match=r"^upload\.csv: expected 2 classes, got 3"):
        run.use((np.arange(12.0).reshape(6, 2), [0, 1, 2, 0, 1, 2]), where="upload.csv")
    assert (run.settings, run.history, run.data) == before and run.datasets[-1] == "spirals"
    run.use(table(), name="mine")
    assert run.settings.dataset == "mine" and run.datasets[-1] == "mine" and run.X.shape == (90, 4)


X_GOOD = np.arange(12.0).reshape(6, 2) ** 1.5
BAD_DATA = [  # (data, options, error, the start of the message)
    (X_GOOD, {}, TypeError, "data: expected (X, y), or (X, y, info) as lk.datasets.from_csv returns, got an array"),
    ((X_GOOD,), {}, TypeError, "data: expected (X, y), or (X, y, info)"),
    ((X_GOOD[:, 0], [0, 1] * 3), {}, ValueError, "data: expected X of shape (n, d) with d >= 2 features"),
    ((X_GOOD[:, :1], [0, 1] * 3), {}, ValueError, "data: expected X of shape (n, d) with d >= 2 features"),
    ((X_GOOD, [0, 1] * 2), {}, ValueError, "data: X has 6 rows and y 4 labels"),
    (
        (np.where(X_GOOD == 9.0**1.5, np.nan, X_GOOD), [0, 1] * 3),
        {},
        ValueError,
        "data: X[4, 1] (column 'x2') is nan; expected a finite number",
    ),
    ((np.where(X_GOOD == 0, np.inf, X_GOOD), [0, 1] * 3), {}, ValueError, "data: X[0, 0] (column 'x1') is inf"),
    (([["a", 1]] * 6, [0, 1] * 3), {}, TypeError, "data: expected X to be a table of numbers"),
    ((X_GOOD, [0, 0, 0, 0, 0, 0]), {}, ValueError, "data: expected 2 classes, got one class only (0 in all 6 rows)"),
    ((X_GOOD, [0, 1, 2, 3, 1, 0]), {}, ValueError, "data: expected 2 classes, got 4 classes (0, 1, 2, 3)"),
    ((X_GOOD, [0.5, 1, 0, 1, 0, 1]), {}, ValueError, "data: y[0] is 0.5; expected class labels"),
    ((X_GOOD, [np.nan, 1, 0, 1, 0, 1]), {}, ValueError, "data: y[0] is missing (nan)"),
    ((X_GOOD, [[0, 1]] * 6), {}, ValueError, "data: expected y of shape (6,)"),
    (
        (np.column_stack([X_GOOD[:, 0], np.ones(6)]), [0, 1] * 3),
        {},
        ValueError,
        "data, column 'x2': every value is 1; a constant feature",
    ),
    ((X_GOOD, [0, 1] * 3), dict(features=["a"]), ValueError, "features: expected 2 names"),
    (
        (X_GOOD, [0, 1] * 3),
        dict(classes=[0, 2]),
        ValueError,
        "classes: the label 2 never appears in data (its labels: 0, 1)",
    ),
    ((X_GOOD, [0, 1] * 3), dict(name="moons"), ValueError, "name: 'moons' is a generated dataset's name"),
]


@pytest.mark.parametrize("data,options,error,start", BAD_DATA, ids=[b[3][:48] for b in BAD_DATA])
def test_bad_data_names_data_what_was_expected_and_what_came(data, options, error, start):
    with pytest.raises(error) as caught:
        TrainingRun(data=data, epochs=3, **options)
    assert str(caught.value).startswith(start), str(caught.value)


def test_a_target_of_numbers_or_of_three_classes_from_a_file(tmp_path):
    path = tmp_path / "houses.csv"
    path.write_text("rooms,area,price,kind\n3,70,250.5,flat\n5,120,410,house\n2,40,180,flat\n4,90,300,villa\n")
    numbers = lk.datasets.from_csv(path, target="price", features=["rooms", "area"], kind="numbers")
    with pytest.raises(
        ValueError,
        match=r"^data, column 'price': the target holds numbers \(kind='numbers'\); "
        r"the dashboard classifies",
    ):
        TrainingRun(data=numbers)
    three = lk.datasets.from_csv(path, target="kind", features=["rooms", "area"])
    with pytest.raises(
        ValueError,
        match=r"^data, column 'kind': expected 2 classes, got 3 classes \('flat', 'house', "
        r"'villa'\).*softmax cross-entropy as in notebook 07",
    ):
        TrainingRun(data=three)


# ---- review of issue 13: the class names of a table's subset, missing labels ------------------------


def test_a_subset_of_a_files_rows_names_its_own_two_classes(tmp_path):
    path = tmp_path / "houses.csv"
    path.write_text("rooms,area,kind\n3,70,flat\n5,120,house\n2,40,flat\n4,90,villa\n6,150,villa\n")
    X, y, info = lk.datasets.from_csv(path, target="kind")
    assert info.classes == ("flat", "house", "villa")
    keep = y != 1  # the flats and the villas
    run = TrainingRun(data=(X[keep], y[keep], info), epochs=2)
    assert run.own.classes == ("flat", "villa") and run.positive == "villa"
    np.testing.assert_array_equal(run.y, [0, 0, 1, 1])  # flat, flat, villa, villa


def test_classes_given_with_a_files_info_reorder_and_are_checked(tmp_path):
    path = tmp_path / "clinic.csv"
    path.write_text("a,b,outcome\n1,5,sick\n2,3,well\n4,4,sick\n3,1,well\n")
    data = lk.datasets.from_csv(path, target="outcome")
    run = TrainingRun(data=data, classes=["well", "sick"], epochs=2)
    assert run.positive == "sick" and run.own.classes == ("well", "sick")
    np.testing.assert_array_equal(run.y, [1, 0, 1, 0])
    with pytest.raises(ValueError, match=r"^classes: the label 'maybe' never appears in data"):
        TrainingRun(data=data, classes=["well", "sick", "maybe"], epochs=2)


@pytest.mark.parametrize("label", [None, float("nan"), "", "nan", "None", " NA "], ids=repr)
def test_a_missing_label_is_refused_not_trained_on_as_a_class(label):
    y = np.array(["no", "yes", "no", label, "yes", "no"], dtype=object)
    with pytest.raises(ValueError, match=r"^data: y\[3\] is missing"):
        TrainingRun(data=(X_GOOD, y), epochs=2)
    numbers = np.array([0, 1, 0, label, 1, 0], dtype=object)
    with pytest.raises(ValueError, match=r"^data: y\[3\] is missing"):
        TrainingRun(data=(X_GOOD, numbers), epochs=2)


def test_integer_labels_in_an_object_array_stay_integers():
    run = TrainingRun(data=(X_GOOD, np.array([2, 4, 2, 4, 4, 2], dtype=object)), epochs=2)
    assert run.own.classes == (2, 4) and run.positive == "class 4"
    np.testing.assert_array_equal(run.y, [0, 1, 0, 1, 1, 0])
    with pytest.raises(ValueError, match=r"^data: y mixes numbers and names \(y\[0\]: 2, y\[1\]: 'b'\)"):
        TrainingRun(data=(X_GOOD, np.array([2, "b", 2, "b", 2, "b"], dtype=object)), epochs=2)


def test_a_held_out_part_is_split_off_and_its_loss_is_the_engines_after_every_epoch():
    run = TrainingRun(dataset="moons", n=100, held_out=0.3, epochs=6, batch_size=None, seed=2)
    X, y = lk.datasets.moons(100, seed=2)
    (X_fit, y_fit), (X_out, y_out) = lk.datasets.split(X, y, (0.7, 0.3), seed=2)
    assert np.array_equal(run.X, X_fit) and np.array_equal(run.X_test, X_out) and np.array_equal(run.y_test, y_out)
    assert len(run.X) == 70 and len(run.X_test) == 30
    model = lk.MLP([2, 8, 8, 1], activation="tanh", seed=2)  # the run's network, trained here alone
    history = lk.train(model, X_fit, y_fit, "bce_with_logits", lk.optim.Adam(0.03), 6, batch_size=None, seed=2)
    assert run.history.loss == pytest.approx(history.loss, rel=1e-12)
    for epoch, snapshot in enumerate(run.snapshots):
        probe = lk.MLP([2, 8, 8, 1], activation="tanh", seed=2)
        for p, saved in zip(probe.params, snapshot):
            p[...] = saved
        logits = probe.forward(X_out)[:, 0]
        a = 1 / (1 + np.exp(-logits))  # the held-out cross-entropy, written out
        by_hand = float(np.mean(-(y_out * np.log(a) + (1 - y_out) * np.log(1 - a))))
        assert run.test_loss[epoch] == pytest.approx(by_hand, rel=1e-9), epoch
        assert run.accuracy(epoch, "test") == np.mean((logits > 0) == (y_out == 1))
    assert [p.shape for p in run.snapshots[-1]] == [p.shape for p in model.params]
    assert all(np.array_equal(p, q) for p, q in zip(run.snapshots[-1], model.params))


def test_with_nothing_held_out_there_is_no_test_part():
    run = TrainingRun(epochs=2)
    assert len(run.X) == 200 and len(run.X_test) == 0
    assert run.test_loss == [None, None, None] and run.accuracy(2, "test") is None


def test_noise_is_the_generated_sets():
    run = TrainingRun(dataset="circles", n=60, noise=0.2, epochs=1, seed=4)
    X, y = lk.datasets.circles(60, noise=0.2, seed=4)
    assert np.array_equal(run.X, X) and np.array_equal(run.y, y)
    run.set(noise=None)  # the set's own noise, 0.05
    assert np.array_equal(run.X, lk.datasets.circles(60, seed=4)[0])


def test_the_penalties_reach_the_training():
    run = TrainingRun(dataset="moons", n=80, epochs=5, l1=0.001, l2=0.01, batch_size=16, seed=1)
    X, y = lk.datasets.moons(80, seed=1)
    model = lk.MLP([2, 8, 8, 1], activation="tanh", seed=1)
    lk.train(model, X, y, "bce_with_logits", lk.optim.Adam(0.03), 5, batch_size=16, seed=1, l1=0.001, l2=0.01)
    assert all(np.allclose(p, q, rtol=1e-12, atol=1e-15) for p, q in zip(run.snapshots[-1], model.params))
    plain = TrainingRun(dataset="moons", n=80, epochs=5, batch_size=16, seed=1)
    assert not np.allclose(plain.snapshots[-1][0], run.snapshots[-1][0])


@pytest.mark.parametrize(
    "changes,error,message",
    [
        (dict(held_out=0.9), ValueError, r"^held_out: expected a share from 0 to 0\.8 of the points, got 0\.9$"),
        (dict(held_out=-0.1), ValueError, r"^held_out: expected a share from 0 to 0\.8"),
        (dict(noise=-1.0), ValueError, r"^noise: expected a number of at least 0, or None"),
        (dict(dataset="xor", noise=0.1), ValueError, r"^noise: xor has no noise to set; expected None, got 0\.1$"),
        (dict(l2=-0.5), ValueError, r"^l2: expected a rate of at least 0, got -0\.5$"),
        (dict(l1="a lot"), TypeError, r"^l1: expected a number, got "),
    ],
)
def test_a_bad_new_setting_is_named_and_changes_nothing(changes, error, message):
    run = TrainingRun(epochs=2)
    settings, history = run.settings, run.history
    with pytest.raises(error, match=message):
        run.set(**changes)
    assert run.settings is settings and run.history is history


def test_a_tiny_share_still_holds_out_one_point_of_each_class():
    run = TrainingRun(dataset="xor", held_out=0.01, epochs=2, batch_size=None)
    assert len(run.X_test) == 2 and sorted(run.y_test) == [0, 1]  # one corner of each class
    assert len(run.X) == 2 and sorted(run.y) == [0, 1]
    together = np.vstack([run.X, run.X_test])
    assert sorted(map(tuple, together)) == sorted(map(tuple, lk.datasets.xor()[0]))  # every corner, once


def test_a_run_that_blows_up_records_no_number_as_its_held_out_loss():
    run = TrainingRun(**DIVERGING, held_out=0.3)
    assert run.history.diverged and len(run.test_loss) == run.epochs_run + 1
    assert math.isfinite(run.test_loss[0])  # before training the outputs are numbers
    assert all(v is not None for v in run.test_loss)


def test_the_overfitting_numbers_notebook_06_quotes():
    # 06 § "Overfitting, seen": the held-out loss's lowest epoch and value, its last, the penalised run's
    cells = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "06_epochs.ipynb").read_text())["cells"]
    text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").replace("\n", " ")
    lowest = re.search(r"lowest at epoch (\d+) \((0\.\d{3})\) and then climbs to (\d\.\d{3})", text)
    penalised = re.search(r"at rate 0\.01 the held-out loss ends at (0\.\d{3}).*?(\d+) % of the held-out points", text)
    against = re.search(r"are right, against (\d+) %", text)
    settings = dict(dataset="moons", n=100, noise=0.3, held_out=0.5, hidden=(32, 32), epochs=400, batch_size=None)
    plain, decayed = TrainingRun(**settings, seed=1), TrainingRun(**settings, seed=1, l2=0.01)
    held = np.array(plain.test_loss)
    assert (int(lowest.group(1)), lowest.group(2)) == (int(held.argmin()), f"{held.min():.3f}")
    assert lowest.group(3) == f"{held[-1]:.3f}" and held[-1] > 3 * held.min()  # it climbs: overfitting
    assert penalised.group(1) == f"{decayed.test_loss[-1]:.3f}"
    assert int(penalised.group(2)) == round(100 * decayed.accuracy(400, "test"))
    assert int(against.group(1)) == round(100 * plain.accuracy(400, "test"))
    shrink = re.search(r"mean size, the last column, falls from (0\.\d{3}) to (0\.\d{3}) at rate 0\.01", text)

    def mean_size(run):  # the mean |w| over the weight matrices after the last epoch, biases left out
        return np.mean(np.concatenate([np.abs(W).ravel() for W in run.snapshots[-1][0::2]]))

    assert shrink.groups() == (f"{mean_size(plain):.3f}", f"{mean_size(decayed):.3f}")
    assert mean_size(decayed) < mean_size(plain) / 3  # the penalty shrinks the weights


def test_the_circles_numbers_notebook_06_quotes():
    # 06 § "Extra inputs": a neuron given x1², x2² draws a circle between the rings
    cells = json.loads((Path(__file__).resolve().parents[2] / "notebooks" / "06_epochs.ipynb").read_text())["cells"]
    text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").replace("\n", " ")
    said = re.search(
        r"alone the neuron gets (\d+) % .*? gets (\d+) %: \$w_3 \\approx w_4 \\approx -(\d+\.\d)\$, "
        r".*?\$b = (\d\.\d\d)\$, "
        r".*?a circle of radius about (0\.\d\d) around the origin",
        text,
    )
    plain = TrainingRun(dataset="circles", hidden=())
    squares = TrainingRun(dataset="circles", hidden=(), extra_features=("x1^2", "x2^2"))
    W, b = squares.snapshots[-1]
    w1, w2, w3, w4 = W[:, 0]
    assert int(said.group(1)) == round(100 * accuracy_by_hand(plain, 150))
    assert int(said.group(2)) == round(100 * accuracy_by_hand(squares, 150)) == 100
    assert said.group(3) == f"{-w3:.1f}" == f"{-w4:.1f}" and abs(w1) < 0.2 and abs(w2) < 0.2
    assert said.group(4) == f"{b[0]:.2f}"
    # the boundary w3 (x1 − c1)² + w4 (x2 − c2)² = w3 c1² + w4 c2² − b, completed squares; c near the origin
    c1, c2 = -w1 / (2 * w3), -w2 / (2 * w4)
    radius = np.sqrt((w3 * c1**2 + w4 * c2**2 - b[0]) / ((w3 + w4) / 2))
    assert abs(c1) < 0.05 and abs(c2) < 0.05 and said.group(5) == f"{radius:.2f}"
    X, y = lk.datasets.circles(200, seed=0)
    inner, outer = np.hypot(*X[y == 1].T).mean(), np.hypot(*X[y == 0].T).mean()
    assert abs(inner - 0.5) < 0.02 and abs(outer - 1) < 0.02 and inner < radius < outer  # "radius 0.5", "the outer (1)"


def test_the_noise_of_a_run_is_its_sets_own_unless_set():
    assert TrainingRun(epochs=1).noise == 0.1  # moons' own, as lk.datasets.moons makes them
    assert TrainingRun(dataset="circles", epochs=1).noise == 0.05
    assert TrainingRun(dataset="spirals", noise=0.25, epochs=1).noise == 0.25
    assert TrainingRun(dataset="xor", epochs=1).noise is None


# ---- extra inputs: x1², x2², x1·x2, sin x1, sin x2 of a generated set ----------------------------------


def test_the_extra_features_values_by_hand():
    X = np.array([[2.0, -3.0], [0.5, math.pi / 2], [-math.pi / 6, 0.0]])
    by_hand = {  # each column worked out from the three points above
        "x1^2": [4.0, 0.25, math.pi**2 / 36],
        "x2^2": [9.0, math.pi**2 / 4, 0.0],
        "x1*x2": [-6.0, math.pi / 4, 0.0],
        "sin(x1)": [math.sin(2.0), math.sin(0.5), -0.5],
        "sin(x2)": [math.sin(-3.0), 1.0, 0.0],
    }
    assert list(lk.datasets.EXTRA_FEATURES) == list(by_hand)
    for name, column in by_hand.items():
        np.testing.assert_allclose(lk.datasets.EXTRA_FEATURES[name](X), column, rtol=1e-15, atol=1e-15, err_msg=name)
    both = lk.datasets.with_extra(X, ["sin(x2)", "x1^2"])  # kept in the dict's order: x1², then sin x2
    np.testing.assert_allclose(both, np.column_stack([X, by_hand["x1^2"], by_hand["sin(x2)"]]), rtol=1e-15, atol=1e-15)
    assert lk.datasets.with_extra(X, ()).shape == (3, 2)


def test_extra_features_are_kept_in_order_once_and_set_the_networks_inputs():
    run = TrainingRun(dataset="circles", hidden=(3,), epochs=2, extra_features=["sin(x1)", "x1^2", "x1^2"])
    assert run.settings.extra_features == ("x1^2", "sin(x1)")
    assert run.input_names == ("x1", "x2", "x1^2", "sin(x1)")
    assert run.model.params[0].shape == (4, 3), "the first layer takes 2 + 2 inputs"
    np.testing.assert_array_equal(run.inputs, extra_by_hand(run.X, ("x1^2", "sin(x1)")))
    assert run.X.shape == (200, 2) and run.grid.shape == (3600, 2), "the points and the chart stay in the plane"
    assert run.frame(2).shape == (60, 60)
    assert TrainingRun(epochs=1).input_names == ("x1", "x2")


def test_a_linear_model_separates_the_circles_given_x1_squared_and_x2_squared():
    # no hidden layer: logistic regression. A line cannot part the rings; w·(x1, x2, x1², x2²) + b = 0 is a circle
    plain = TrainingRun(dataset="circles", hidden=())
    squares = TrainingRun(dataset="circles", hidden=(), extra_features=("x1^2", "x2^2"))
    assert squares.accuracy(150) == accuracy_by_hand(squares, 150) >= 0.95
    assert plain.accuracy(150) == accuracy_by_hand(plain, 150) <= 0.7
    assert max(plain.accuracy(e) for e in range(151)) <= 0.7, "no epoch of the linear model parts the rings"
    # and x1·x2 alone makes xor linear: x1 + x2 − 2·x1·x2 is 1 on the two corners of class 1, 0 on the others
    xor = TrainingRun(dataset="xor", hidden=(), extra_features=("x1*x2",), lr=0.1, batch_size=None, epochs=200)
    assert xor.accuracy(200) == accuracy_by_hand(xor, 200) == 1.0


def test_frame_with_extra_features_is_the_probability_over_the_plane():
    run = TrainingRun(dataset="spirals", hidden=(5,), epochs=12, resolution=21, extra_features=("x1*x2", "sin(x2)"))
    x1, x2 = grid_by_hand(run.extent, 21).T
    features = np.column_stack([x1, x2, x1 * x2, np.sin(x2)])  # (441, 4): what the network sees of the chart
    for e in (0, 5, 12):
        W1, b1, W2, b2 = run.snapshots[e]
        logits = np.tanh(features @ W1 + b1) @ W2 + b2
        np.testing.assert_allclose(run.frame(e), (1 / (1 + np.exp(-logits[:, 0]))).reshape(21, 21), rtol=1e-12)
        logits = np.tanh(extra_by_hand(run.X, ("x1*x2", "sin(x2)")) @ W1 + b1) @ W2 + b2
        assert run.accuracy(e) == np.mean((logits[:, 0] > 0) == (run.y == 1)), f"epoch {e}"


def test_extra_features_replay_the_same_run_and_a_change_retrains():
    settings = dict(dataset="moons", hidden=(4,), epochs=15, extra_features=("x2^2", "x1*x2"))
    a, b = TrainingRun(**settings), TrainingRun(**dict(settings, extra_features=("x1*x2", "x2^2")))
    assert a.history.loss == b.history.loss == replay(settings)[1].loss
    loss = list(a.history.loss)
    a.set(extra_features=())
    assert a.history.loss != loss and a.history.loss == replay(dict(settings, extra_features=()))[1].loss
    a.set(extra_features=["x1*x2", "x2^2"])
    assert a.history.loss == loss


def test_held_out_points_are_seen_with_their_extra_features():
    run = TrainingRun(dataset="circles", hidden=(), held_out=0.3, epochs=5, extra_features=("x1^2", "x2^2"))
    np.testing.assert_array_equal(run.inputs_test, extra_by_hand(run.X_test, ("x1^2", "x2^2")))
    W, b = run.snapshots[5]
    a = 1 / (1 + np.exp(-(run.inputs_test @ W + b)[:, 0]))
    by_hand = float(np.mean(-(run.y_test * np.log(a) + (1 - run.y_test) * np.log(1 - a))))
    assert run.test_loss[5] == pytest.approx(by_hand, rel=1e-9)


@pytest.mark.parametrize(
    "value,error,message",
    [
        (("x3",), ValueError, r"^extra_features: expected a tuple of names from 'x1\^2', .*'sin\(x2\)'; got 'x3'$"),
        (("x1^2", "x1²"), ValueError, r"^extra_features: expected a tuple of names .*; got 'x1²'$"),
        ("x1^2", TypeError, r"^extra_features: expected a tuple of names .*, like \('x1\^2', 'x2\^2'\); got 'x1\^2'$"),
        ((2,), ValueError, r"^extra_features: expected a tuple of names .*; got 2$"),
        (None, TypeError, r"^extra_features: expected a tuple of names .*; got None$"),
    ],
    ids=repr,
)
def test_bad_extra_features_are_named_and_change_nothing(value, error, message):
    run = TrainingRun(dataset="circles", epochs=2)
    settings, history = run.settings, run.history
    with pytest.raises(error, match=message):
        run.set(extra_features=value)
    assert run.settings is settings and run.history is history
    with pytest.raises(error, match=message):
        TrainingSettings(extra_features=value)


def test_your_data_takes_no_extra_features():
    X, y = table(d=2)
    with pytest.raises(ValueError, match=r"^extra_features: .*your data has its own features, so expected \(\)"):
        TrainingRun(data=(X, y), epochs=2, extra_features=("x1^2",))
    run = TrainingRun(data=(X, y), epochs=2)
    settings, history = run.settings, run.history
    with pytest.raises(ValueError, match=r"^extra_features: .*got \('x1\^2', 'x2\^2'\)$"):
        run.set(extra_features=("x2^2", "x1^2"))
    assert run.settings is settings and run.history is history
    assert run.input_names == ("x1", "x2") and run.model.params[0].shape[0] == 2
    run.set(dataset="circles", extra_features=("x1^2",))  # a generated set takes them
    assert run.input_names == ("x1", "x2", "x1^2")
    with pytest.raises(ValueError, match=r"^extra_features: "):
        run.set(dataset="your data")
    run.use(table(), name="mine")  # new data of a learner comes without a generated set's noise and extra inputs
    assert run.settings.dataset == "mine" and run.settings.extra_features == ()
    assert run.input_names == ("x1", "x2", "x3", "x4") and run.model.params[0].shape[0] == 4


def test_new_data_of_a_learner_comes_after_a_generated_sets_noise():
    run = TrainingRun(dataset="moons", noise=0.3, epochs=2)
    run.use(table(), name="mine")
    assert run.settings.dataset == "mine" and run.settings.noise is None and run.noise is None
