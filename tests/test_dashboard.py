"""The training run behind notebook 05 (lessonkit.states.TrainingRun) and its dashboard
(lessonkit.widgets.TrainingDashboard): runs replayed by hand with the engine, frames and
accuracies recomputed with a forward pass written out in numpy, and the view headless."""
import html
import math
import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from tests.conftest import PNG_SIGNATURE, ignore_other_packages_deprecations, mlp_logits_by_hand, png, point_of

import lessonkit as lk
from lessonkit.states import TrainingRun
from lessonkit.widgets import TrainingDashboard
from lessonkit.widgets.training import FULL_BATCH, parse_sizes

#: Settings that blow up: a linear network (identity), plain SGD, a huge learning rate.
DIVERGING = dict(activation="identity", optimizer="sgd", lr=30.0, hidden=(8, 8))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def grid_by_hand(extent, r):
    """The r × r points over extent = (x1 min, x1 max, x2 min, x2 max); point i·r + j is (x1_j, x2_i)."""
    x1s, x2s = np.linspace(extent[0], extent[1], r), np.linspace(extent[2], extent[3], r)
    return np.array([[x1s[j], x2s[i]] for i in range(r) for j in range(r)])


def frame_by_hand(run, epoch):
    """P(class 1) over the run's chart from snapshots[epoch], with a forward pass in numpy."""
    points = grid_by_hand(run.extent, run.resolution)
    logits = mlp_logits_by_hand(run.snapshots[epoch], run.settings["activation"], points)
    return sigmoid(logits[:, 0]).reshape(run.resolution, run.resolution)


def accuracy_by_hand(run, epoch):
    logits = mlp_logits_by_hand(run.snapshots[epoch], run.settings["activation"], run.X)[:, 0]
    return float(np.mean((logits > 0) == (run.y == 1)))


def replay(settings, epochs=None):
    """The run trained here with the engine: the data, the model and train() as the settings say."""
    st = {**TrainingRun.DEFAULTS, **settings}
    make = lk.datasets.GENERATED[st["dataset"]]
    X, y = make() if st["dataset"] == "xor" else make(st["n"], seed=st["seed"])
    model = lk.MLP([2, *st["hidden"], 1], activation=st["activation"], seed=st["seed"])
    opt = {"sgd": lambda: lk.optim.SGD(st["lr"]), "momentum": lambda: lk.optim.SGD(st["lr"], momentum=0.9),
           "adam": lambda: lk.optim.Adam(st["lr"])}[st["optimizer"]]()
    history = lk.train(model, X, y, "bce_with_logits", opt, epochs or st["epochs"], batch_size=st["batch_size"],
                       seed=st["seed"])
    return model, history


# ---- TrainingRun ----------------------------------------------------------------------

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
    assert a.history.loss != loss
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
    st = {**TrainingRun.DEFAULTS, **settings}
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


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "identity"])
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
    run.set(epochs=7, progress=seen.append)
    assert seen == pytest.approx([e / 7 for e in range(1, 8)]) and seen[-1] == 1.0


def test_a_diverging_run_stops_with_a_message():
    run = TrainingRun(**DIVERGING)
    assert run.history.diverged
    assert run.epochs_run < run.settings["epochs"]
    assert run.epochs_run == len(run.history.loss) == len(run.snapshots) - 1
    assert "diverged" in run.message and "learning rate" in run.message
    assert all(math.isfinite(v) for v in run.history.loss)
    good = TrainingRun(**dict(DIVERGING, lr=0.01))
    assert not good.history.diverged and good.message == "" and good.epochs_run == good.settings["epochs"]


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
    (dict(speed=3), TypeError, "set: unknown setting 'speed'"),
    (dict(hidden=(8, 8), learning_rate=0.1), TypeError, "set: unknown setting 'learning_rate'"),
]


@pytest.mark.parametrize("settings,error,name", BAD_SETTINGS, ids=[str(s) for s, _, _ in BAD_SETTINGS])
def test_bad_settings_name_the_setting_and_change_nothing(settings, error, name):
    run = TrainingRun(epochs=10)
    before = (dict(run.settings), run.history, run.snapshots)
    with pytest.raises(error, match=rf"^{re.escape(name)}(?!\w)"):
        run.set(**settings)
    assert (run.settings, run.history, run.snapshots) == before
    assert run.frame(10).shape == (60, 60)
    with pytest.raises(error, match=rf"^{re.escape(name)}(?!\w)"):
        TrainingRun(**settings)


def test_bad_hidden_sizes_name_hidden():
    run = TrainingRun(epochs=10)
    before = (dict(run.settings), run.history)
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


def test_xor_needs_a_hidden_layer():
    # no hidden layer: the network is linear, and no line puts the four XOR corners right (at most three)
    linear = TrainingRun(dataset="xor", hidden=(), lr=0.1, batch_size=None, epochs=100)
    assert max(linear.accuracy(e) for e in range(101)) <= 0.75
    assert all(accuracy_by_hand(linear, e) <= 0.75 for e in (0, 50, 100))
    hidden = TrainingRun(dataset="xor", hidden=(4,), lr=0.1, batch_size=None, epochs=200)
    assert hidden.accuracy(200) == accuracy_by_hand(hidden, 200) == 1.0
    assert hidden.history.loss[-1] < 0.05


# ---- parse_sizes ----------------------------------------------------------------------

@pytest.mark.parametrize("text,sizes", [
    ("8, 8", (8, 8)), ("16", (16,)), ("", ()), ("  ", ()), (" 3 ,5 ", (3, 5)), ("4;4", (4, 4)),
    ("1, 256", (1, 256)), ("8,", (8,)),
])
def test_parse_sizes(text, sizes):
    assert parse_sizes(text) == sizes


@pytest.mark.parametrize("text", ["8, x", "8.5", "0", "4, 0", "-1", "257", "8 8", "eight"])
def test_parse_sizes_rejects_and_names_hidden(text):
    with pytest.raises(ValueError, match=r"^hidden: expected"):
        parse_sizes(text)


# ---- TrainingDashboard -----------------------------------------------------------------

def check_epoch_drawn(view, e):
    """The boundary, the loss curve, its marker and the status at epoch e, against values worked out here."""
    s = view.state
    assert view.epoch.value == e
    np.testing.assert_allclose(view.boundary.get_array(), frame_by_hand(s, e), rtol=1e-12, atol=1e-15,
                               err_msg=f"the boundary at epoch {e}")
    assert tuple(view.boundary.get_extent()) == pytest.approx(s.extent)
    epochs, losses = view.curve.get_data()
    np.testing.assert_array_equal(epochs, np.arange(1, e + 1))
    np.testing.assert_array_equal(losses, s.history.loss[:e])
    assert view.marker.get_visible() == (e >= 1)
    if e >= 1:
        assert point_of(view.marker) == (e, s.history.loss[e - 1])
        shown = re.search(rf"After epoch {e}: loss ([^,\s]+)", view.status.value)
        assert shown, view.status.value
        assert float(shown.group(1)) == pytest.approx(s.history.loss[e - 1], rel=1e-3, abs=5e-5), view.status.value
    else:
        assert "Before training" in view.status.value
    assert f"classifies {accuracy_by_hand(s, e):.0%} of the points" in view.status.value
    assert view.error.value == ""


def test_dashboard_epoch_slider_scrubs_through_the_run():
    view = TrainingDashboard(TrainingRun(epochs=60))
    assert view.epoch.value == view.epoch.max == 60 and view.progress.value == 100
    check_epoch_drawn(view, 60)
    pictures = [tuple(png(p) for p in view.panels)]
    for e in (0, 1, 13, 37, 59, 60):
        view.epoch.value = e
        check_epoch_drawn(view, e)
        pictures.append(tuple(png(p) for p in view.panels))
    for a, b in zip(pictures, pictures[1:]):
        assert a[0] != b[0] and a[1] != b[1], "each move redraws both panels"
    for p in pictures[-1]:
        assert p.startswith(PNG_SIGNATURE)


RETRAINS = [  # (control, new value, the setting it changes and its value)
    ("dataset", "circles", "dataset", "circles"),
    ("hidden", "4, 3", "hidden", (4, 3)),
    ("activation", "relu", "activation", "relu"),
    ("optimizer", "momentum", "optimizer", "momentum"),
    ("lr", 0.1, "lr", 0.1),
    ("batch_size", 8, "batch_size", 8),
    ("batch_size", FULL_BATCH, "batch_size", None),
    ("epochs", 45, "epochs", 45),
]


def test_dashboard_settings_retrain():
    view = TrainingDashboard(TrainingRun(epochs=30))
    progress = []
    view.progress.observe(lambda change: progress.append(change.new), names="value")
    expected = {**TrainingRun.DEFAULTS, "epochs": 30}
    for control, value, setting, stored in RETRAINS:
        old_history, old_pngs = view.state.history, [png(p) for p in view.panels]
        view.epoch.value = 3  # not the last epoch: a new run must bring the slider to its end
        progress.clear()
        getattr(view, control).value = value
        expected[setting] = stored
        s = view.state
        assert view.error.value == "", f"{control}: {view.error.value}"
        assert s.settings == expected, f"{control}: settings {s.settings}"
        assert s.history is not old_history and s.history.loss != old_history.loss, f"{control}: not trained again"
        assert s.history.loss == replay(expected)[1].loss, f"{control}: not the run these settings give"
        assert view.epoch.max == view.play.max == s.epochs_run == expected["epochs"]
        assert view.epoch.value == s.epochs_run
        assert view.batch_size.index is not None, "the batch size chosen is not shown"
        assert progress[0] == 0 and progress[-1] == view.progress.value == 100, f"{control}: progress {progress}"
        assert progress == sorted(progress), f"{control}: progress went back: {progress}"
        check_epoch_drawn(view, s.epochs_run)
        assert all(png(p) != old for p, old in zip(view.panels, old_pngs)), f"{control}: the picture did not change"


def test_dashboard_shows_a_diverging_run():
    view = TrainingDashboard(TrainingRun(epochs=30))
    view.activation.value = "identity"
    view.optimizer.value = "sgd"
    view.hidden.value = "8, 8"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ignore_other_packages_deprecations()
        view.lr.value = DIVERGING["lr"]
    s = view.state
    assert view.error.value == ""
    assert s.history.diverged and s.epochs_run < 30
    assert view.epoch.max == view.epoch.value == s.epochs_run and view.progress.bar_style == "warning"
    assert s.message in html.unescape(view.status.value)
    with np.errstate(over="ignore", invalid="ignore"):
        last = frame_by_hand(s, s.epochs_run)
    finite = np.isfinite(last)  # where the network's outputs did not overflow
    np.testing.assert_allclose(np.asarray(view.boundary.get_array())[finite], last[finite], rtol=1e-12,
                               err_msg="the boundary is the network's last frame")
    problems = [f"numpy warns: {m}" for m in sorted({str(w.message) for w in caught})]
    if not np.isfinite(view.boundary.get_array()).all():
        problems.append("the boundary is NaN: the chart is empty")
    shown = view.status.value.split("loss ")[1].split(",")[0] if "loss " in view.status.value else ""
    if len(shown) > 12:
        problems.append(f"the status writes the loss as a {len(shown)}-digit number")
    assert not problems, f"BUG: at the end of a diverged run ({DIVERGING}) the dashboard: {'; '.join(problems)}"


def test_dashboard_bad_hidden_shows_an_error_and_keeps_the_run():
    view = TrainingDashboard(TrainingRun(epochs=30))
    s = view.state
    history, settings, shown = s.history, dict(s.settings), [png(p) for p in view.panels]
    progress_before = (view.progress.value, view.progress.bar_style)
    assert progress_before[0] == 100
    view.hidden.value = "8, x"
    assert "ValueError" in view.error.value
    assert html.escape("hidden: expected whole numbers separated by commas") in view.error.value, view.error.value
    assert s.history is history and s.settings == settings, "the previous run is kept"
    assert view.epoch.max == 30 and [png(p) for p in view.panels] == shown
    progress_after_error = (view.progress.value, view.progress.bar_style)
    view.hidden.value = "3"
    assert view.error.value == "", "a good text clears the error"
    assert s.settings["hidden"] == (3,) and s.history.loss == replay(s.settings)[1].loss
    check_epoch_drawn(view, 30)
    assert progress_after_error == progress_before, (
        f"BUG: after a rejected setting the progress bar is left at {progress_after_error}, as if a run had "
        "started, though the previous (finished) run is still shown")


def test_stress_epoch_slider_and_retrains(no_warnings):
    rng = np.random.default_rng(5)
    figures = plt.get_fignums()
    view = TrainingDashboard(TrainingRun(epochs=80))
    assert plt.get_fignums() == figures
    retrains = {60: ("dataset", "spirals"), 120: ("hidden", "12"), 180: ("optimizer", "sgd"),
                240: ("epochs", 50)}
    for move in range(300):
        if move in retrains:
            name, value = retrains[move]
            getattr(view, name).value = value
        else:
            name, value = "epoch", int(rng.integers(0, view.epoch.max + 1))
            view.epoch.value = value
        assert view.error.value == "", f"move {move}: {name} = {value} showed {view.error.value}"
    assert plt.get_fignums() == figures, "the widget opened pyplot figures"
    s = view.state
    assert (s.settings["dataset"], s.settings["hidden"], s.settings["optimizer"]) == ("spirals", (12,), "sgd")
    assert view.epoch.max == s.epochs_run == 50
    check_epoch_drawn(view, view.epoch.value)
    for panel in view.panels:
        assert png(panel).startswith(PNG_SIGNATURE)
