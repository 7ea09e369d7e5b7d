"""TrainingDashboard (notebook 06), headless: the settings' controls and the epoch
slider moved from Python; the boundary, the loss curve, its marker and the status
against runs replayed with the engine and frames recomputed in numpy."""

import datetime
import html
import re
import warnings

import ipywidgets
import numpy as np
import pytest
from matplotlib.colors import to_rgba

import lessonkit as lk
from lessonkit.states import TrainingRun
from lessonkit.text import sig
from lessonkit.widgets import TrainingDashboard
from lessonkit.widgets.epochs import FULL_BATCH, OPEN, parse_sizes
from lessonkit.widgets.upload import uploaded_file
from tests.conftest import ignore_other_packages_deprecations
from tests.references import mlp_logits_by_hand, sigmoid
from tests.references.epochs import (
    DIVERGING,
    accuracy_by_hand,
    frame_by_hand,
    replay,
    training_settings,
    units_by_hand,
)
from tests.shown import PNG_SIGNATURE, pictures, pngs, point_of, status_loss
from tests.widgets.every import your_dashboard_run

# ---- parse_sizes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,sizes",
    [
        ("8, 8", (8, 8)),
        ("16", (16,)),
        ("", ()),
        ("  ", ()),
        (" 3 ,5 ", (3, 5)),
        ("4;4", (4, 4)),
        ("1, 256", (1, 256)),
        ("8,", (8,)),
    ],
)
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
    np.testing.assert_allclose(
        view.chart.image.get_array(), frame_by_hand(s, e), rtol=1e-12, atol=1e-15, err_msg=f"the boundary at epoch {e}"
    )
    assert tuple(view.chart.image.get_extent()) == pytest.approx(s.extent)
    epochs, losses = view.curve.get_data()
    np.testing.assert_array_equal(epochs, np.arange(1, e + 1))
    np.testing.assert_array_equal(losses, s.history.loss[:e])
    assert view.marker.get_visible() == (e >= 1)
    if e >= 1:
        assert point_of(view.marker) == (e, s.history.loss[e - 1])
        shown = status_loss(view.status.value, e)
        assert shown, view.status.value
        assert float(shown) == pytest.approx(s.history.loss[e - 1], rel=1e-3, abs=5e-5), view.status.value
    else:
        assert "Before training" in view.status.value
    assert f"classifies {accuracy_by_hand(s, e):.0%} of the points" in view.status.value
    assert view.error.value == ""


def test_dashboard_epoch_slider_scrubs_through_the_run():
    view = TrainingDashboard(TrainingRun(epochs=60))
    state_only = {"seed", "n", "l1", "l2", "extra_features"}  # settings a run takes that have no control of their own
    boxes = set(lk.datasets.EXTRA_FEATURES)  # which give extra_features, as penalty and rate give l1, l2
    assert set(view.controls) == set(training_settings()) - state_only | {"penalty", "rate"} | boxes
    assert view.epoch.value == view.epoch.max == 60 and view.progress.value == 100
    check_epoch_drawn(view, 60)
    pictures = [tuple(pngs(view))]
    for e in (0, 1, 13, 37, 59, 60):
        view.epoch.value = e
        check_epoch_drawn(view, e)
        pictures.append(tuple(pngs(view)))
    for a, b in zip(pictures, pictures[1:]):
        assert a[0] != b[0] and a[1] != b[1], "each move redraws both panels"
    for p in pictures[-1]:
        assert p.startswith(PNG_SIGNATURE)


def test_draw_shows_the_epoch_the_slider_holds():
    view = TrainingDashboard(TrainingRun(epochs=20))
    view.epoch.unobserve_all("value")  # the slider moves, nothing draws it yet
    view.epoch.value = 7
    assert "After epoch 20:" in view.status.value
    view.draw()
    check_epoch_drawn(view, 7)


RETRAINS = [  # (control, new value, the setting it changes and its value)
    ("dataset", "circles", "dataset", "circles"),
    ("hidden", "4, 3", "hidden", (4, 3)),
    ("activation", "relu", "activation", "relu"),
    ("optimizer", "momentum", "optimizer", "momentum"),
    ("lr", 0.1, "lr", 0.1),
    ("batch_size", 8, "batch_size", 8),
    ("batch_size", FULL_BATCH, "batch_size", None),
    ("epochs", 45, "epochs", 45),
    ("sin(x2)", True, "extra_features", ("sin(x2)",)),
    ("x1^2", True, "extra_features", ("x1^2", "sin(x2)")),
]


def test_dashboard_settings_retrain():
    view = TrainingDashboard(TrainingRun(epochs=30))
    progress = []
    view.progress.observe(lambda change: progress.append(change.new), names="value")
    expected = training_settings(epochs=30)
    for control, value, setting, stored in RETRAINS:
        old_history, old_pngs = view.state.history, pngs(view)
        view.epoch.value = 3  # not the last epoch: a new run must bring the slider to its end
        progress.clear()
        view.controls[control].value = value
        expected[setting] = stored
        s = view.state
        assert view.error.value == "", f"{control}: {view.error.value}"
        assert s.settings.as_dict() == expected, f"{control}: settings {s.settings}"
        assert s.history is not old_history and s.history.loss != old_history.loss, f"{control}: not trained again"
        assert s.history.loss == replay(expected)[1].loss, f"{control}: not the run these settings give"
        assert view.epoch.max == view.play.max == s.epochs_run == expected["epochs"]
        assert view.epoch.value == s.epochs_run
        assert view.batch_size.index is not None, "the batch size chosen is not shown"
        assert progress[0] == 0 and progress[-1] == view.progress.value == 100, f"{control}: progress {progress}"
        assert progress == sorted(progress), f"{control}: progress went back: {progress}"
        assert s.progress is None, "the view's progress callback outlived the run"
        check_epoch_drawn(view, s.epochs_run)
        assert all(p != old for p, old in zip(pngs(view), old_pngs)), f"{control}: the picture did not change"


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
    np.testing.assert_allclose(
        np.asarray(view.chart.image.get_array())[finite],
        last[finite],
        rtol=1e-12,
        err_msg="the boundary is the network's last frame",
    )
    problems = [f"numpy warns: {m}" for m in sorted({str(w.message) for w in caught})]
    if not np.isfinite(view.chart.image.get_array()).all():
        problems.append("the boundary is NaN: the chart is empty")
    shown = status_loss(view.status.value, s.epochs_run) or ""
    if len(shown) > 12:
        problems.append(f"the status writes the loss as a {len(shown)}-digit number")
    assert not problems, f"BUG: at the end of a diverged run ({DIVERGING}) the dashboard: {'; '.join(problems)}"


def test_the_progress_bar_says_how_the_run_shown_ended():
    """Blue while training, then green and "trained", or orange and "stopped: diverged": the colour
    never changes without a word saying why."""
    view = TrainingDashboard(TrainingRun(epochs=30))
    seen = []
    view.progress.observe(
        lambda change: seen.append((view.progress.bar_style, view.progress.description)), names="value"
    )
    assert (view.progress.value, view.progress.bar_style, view.progress.description) == (100, "success", "trained")
    view.epochs.value = 20
    assert ("info", "training") in seen and (view.progress.bar_style, view.progress.description) == (
        "success",
        "trained",
    )
    view.activation.value, view.optimizer.value = "identity", "sgd"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        view.lr.value = DIVERGING["lr"]
    assert view.state.history.diverged
    assert (view.progress.bar_style, view.progress.description) == ("warning", "stopped: diverged")
    diverged = TrainingDashboard(TrainingRun(epochs=30, activation="identity", optimizer="sgd", lr=DIVERGING["lr"]))
    assert (diverged.progress.bar_style, diverged.progress.description) == ("warning", "stopped: diverged")


def test_a_failed_upload_leaves_the_bar_saying_how_the_run_shown_ended():
    view = TrainingDashboard(TrainingRun(epochs=10))
    upload(view, "bad.csv", "a,b,label\n1,2,x\n3,4,x\n")  # one class: the run cannot start
    assert "one only" in view.error.value
    assert (view.progress.value, view.progress.bar_style, view.progress.description) == (100, "success", "trained")


def test_the_points_colours_have_a_legend_of_their_classes():
    X, y = table()
    for view, names in (
        (TrainingDashboard(TrainingRun(epochs=5)), ("class 0", "class 1")),
        (TrainingDashboard(data=(X, np.where(y == 1, "yes", "no")), epochs=5), ("no", "yes")),
    ):
        legend = view.chart.ax.get_legend()
        assert [t.get_text() for t in legend.get_texts()] == [f"points of {name}" for name in names]
        y = view.state.y
        for k, handle in enumerate(legend.legend_handles):  # entry k: the colour of the points of class k
            colours = {tuple(c) for c in view.scatter.get_facecolors()[y == k]}
            assert colours == {to_rgba(handle.get_markerfacecolor())}
        assert view.chart.colorbar.ax.get_ylabel() == f"P({names[1]})"


def test_dashboard_bad_hidden_shows_an_error_and_keeps_the_run():
    view = TrainingDashboard(TrainingRun(epochs=30))
    s = view.state
    history, settings, shown = s.history, s.settings, pngs(view)
    progress_before = (view.progress.value, view.progress.bar_style)
    assert progress_before[0] == 100
    view.hidden.value = "8, x"
    assert "⚠ " + html.escape("hidden: expected whole numbers separated by commas") in view.error.value, (
        view.error.value
    )
    assert s.history is history and s.settings is settings, "the previous run is kept"
    assert view.epoch.max == 30 and pngs(view) == shown
    progress_after_error = (view.progress.value, view.progress.bar_style)
    view.hidden.value = "3"
    assert view.error.value == "", "a good text clears the error"
    assert s.settings.hidden == (3,) and s.history.loss == replay(s.settings.as_dict())[1].loss
    check_epoch_drawn(view, 30)
    assert progress_after_error == progress_before, (
        f"BUG: after a rejected setting the progress bar is left at {progress_after_error}, as if a run had "
        "started, though the previous (finished) run is still shown"
    )


def test_scrubbing_after_a_rejected_setting_shows_the_run_and_keeps_the_error():
    """After a rejected setting the controls hold what the run does not: scrubbing shows the
    run the state holds (as a fresh dashboard of its settings shows it) and the error stays."""
    view = TrainingDashboard(TrainingRun(epochs=30))
    view.hidden.value = "8, x"  # rejected: the run of hidden (4,) stays
    view.epoch.value = 10  # a picture kept under the controls' values would be this run's
    view.hidden.value = "2"  # another run
    view.hidden.value = "8, x"  # rejected again: the controls are as they were two moves ago
    error = view.error.value
    assert "hidden" in error
    view.epoch.value = 12
    view.epoch.value = 10
    assert view.error.value == error, "scrubbing cleared the error of a setting that still stands"
    fresh = TrainingDashboard(TrainingRun(epochs=30, hidden=(2,)))
    fresh.epoch.value = 10
    assert pngs(view) == pngs(fresh), "the pictures are not those of the run the dashboard holds"


# ---- a learner's own data: from Python, and uploaded ----------------------------------------


def table(n=80, seed=2):
    """Four features by hand, of very different scales; the class is set by the first two."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4)) * np.array([1000.0, 0.01, 5.0, 1.0]) + np.array([5e3, 0.0, -2.0, 7.0])
    y = ((X[:, 0] - 5e3) / 1000 + X[:, 1] / 0.01 > 0).astype(int)
    return X, y


def csv_of(X, y, names=("price", "ratio", "depth", "age"), target="label", labels=("no", "yes")):
    rows = [",".join([*map(repr, x.tolist()), labels[c]]) for x, c in zip(X, y)]
    return "\n".join([",".join([*names, target]), *rows]) + "\n"


def test_a_dashboard_on_your_data_shows_what_lk_train_gives_on_it_standardised():
    X, y = table()
    view = TrainingDashboard(data=(X, y), features=["price", "ratio", "depth", "age"], epochs=30)
    assert list(view.dataset.options) == ["xor", "moons", "circles", "spirals", "your data"]
    assert view.dataset.value == "your data" and view.error.value == ""
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    model = lk.MLP([4, 8, 8, 1], activation="tanh", seed=0)
    history = lk.train(model, Z, y, "bce_with_logits", lk.optim.Adam(0.03), 30, batch_size=32, seed=0)
    for e in (30, 11, 0):
        view.epoch.value = e
        logits = model.forward(Z)[:, 0] if e == 30 else mlp_logits_by_hand(view.state.snapshots[e], "tanh", Z)[:, 0]
        right = np.mean((logits > 0) == (y == 1))
        assert f"classifies {right:.0%} of the training points right" in view.status.value
        if e:
            assert float(status_loss(view.status.value, e)) == pytest.approx(history.loss[e - 1], rel=1e-3)
            assert alts(view)[:2] == [
                f"Decision boundary after epoch {e} of 30: the network classifies {right:.0%} "
                f"of the 80 training points "
                "right; "
                "P(class 1) over price and ratio, the other 2 features at their mean.",
                f"Loss curve: loss {sig(history.loss[e - 1])} after epoch {e}, from {sig(history.loss[0])} at epoch 1.",
            ]
        else:
            assert alts(view)[0].startswith("Decision boundary before training (epoch 0 of 30): the network classifies")
            assert alts(view)[1] == "Loss curve: before training, no loss yet (30 epochs to come)."


def alts(view):
    """The text alternatives of the dashboard's pictures, as the page has them: the boundary, the loss
    curves, the network's units and the unit chosen."""
    return [html.unescape(re.search(r'alt="([^"]*)"', panel.image.value).group(1)) for panel in view.panels]


def test_more_than_two_features_the_boundary_over_two_chosen_the_others_at_their_mean():
    X, y = table()
    view = TrainingDashboard(data=(X, y), features=["price", "ratio", "depth", "age"], epochs=20)
    s = view.state
    assert view.axes_box.layout.display is None, "the feature menus show"
    assert [label for label, _ in view.x_axis.options] == ["price", "ratio", "depth", "age"]
    assert view.axes() == (0, 1)
    assert view.chart.ax.get_title() == "P(class 1), the other 2 features at their mean"
    assert (view.chart.ax.get_xlabel(), view.chart.ax.get_ylabel()) == ("price", "ratio")
    history, pictures = s.history, pngs(view)
    view.y_axis.value = 3
    assert s.history is history, "choosing features does not train again"
    assert view.axes() == (0, 3) and view.error.value == ""
    assert view.chart.ax.get_title() == "P(class 1), the other 2 features at their mean"
    assert (view.chart.ax.get_xlabel(), view.chart.ax.get_ylabel()) == ("price", "age")
    grid, extent = s.chart((0, 3))
    np.testing.assert_allclose(grid[:, [1, 2]], np.broadcast_to(X.mean(axis=0)[[1, 2]], (grid.shape[0], 2)))
    logits = mlp_logits_by_hand(s.snapshots[20], "tanh", (grid - X.mean(axis=0)) / X.std(axis=0))[:, 0]
    np.testing.assert_allclose(view.chart.image.get_array(), sigmoid(logits).reshape(60, 60), rtol=1e-12)
    assert tuple(view.chart.image.get_extent()) == pytest.approx(extent)
    np.testing.assert_array_equal(view.scatter.get_offsets(), X[:, [0, 3]])  # the data's points, on those two
    new = pngs(view)
    assert new[0] != pictures[0] and new[1] == pictures[1], "the boundary is redrawn, the loss curve is not"
    view.x_axis.value = 3  # the feature the other menu holds: the two swap
    assert view.axes() == (3, 0) and view.error.value == ""
    np.testing.assert_array_equal(view.scatter.get_offsets(), X[:, [3, 0]])
    view.epoch.value = 4
    np.testing.assert_allclose(view.chart.image.get_array(), s.frame(4, (3, 0)), rtol=0)


def test_two_features_draw_as_the_generated_sets_do():
    X, y = table()
    view = TrainingDashboard(data=(X[:, :2], y), epochs=5)
    assert view.axes_box.layout.display == "none" and view.axes() == (0, 1)
    assert view.chart.ax.get_title() == "your data: P(class 1)"
    moons = TrainingDashboard(TrainingRun(epochs=5))
    assert moons.axes_box.layout.display == "none" and moons.chart.ax.get_title() == "moons: P(class 1)"
    assert moons.chart.ax.get_xlabel() == "" and alts(moons)[0].endswith("; P(class 1) over x1 and x2.")


def test_moons_and_back_to_your_data():
    X, y = table()
    view = TrainingDashboard(data=(X, y), epochs=10)
    view.y_axis.value = 2
    mine = list(view.state.history.loss)
    view.dataset.value = "moons"
    assert view.state.X.shape == (200, 2) and view.axes_box.layout.display == "none"
    check_epoch_drawn(view, 10)
    view.dataset.value = "your data"
    assert view.state.history.loss == mine and view.axes() == (0, 1) and view.error.value == ""


def test_bad_data_from_python_names_data():
    with pytest.raises(ValueError, match=r"^data: X has 3 rows and y 2 labels"):
        TrainingDashboard(data=(np.arange(6.0).reshape(3, 2), [0, 1]))
    with pytest.raises(TypeError, match=r"^data: give the data to the TrainingRun"):
        TrainingDashboard(TrainingRun(epochs=2), data=table())


# ---- upload: the value as ipywidgets 8 and 7.7 give it ------------------------------------------


def upload(view, name, content, button=None):
    """Put a file in the dashboard's upload ``button`` (default: the CSV's) as the front end does under the
    installed ipywidgets."""
    content = content.encode("utf-8") if isinstance(content, str) else content
    button = button or view.upload.button
    if ipywidgets.__version__.startswith("7."):  # a dict name → {"metadata", "content"}, made when _counter moves
        button.metadata = [{"name": name, "type": "text/csv", "size": len(content), "lastModified": 1764500000000}]
        button.data = [content]
        button._counter += 1
    else:  # a tuple of dicts with the content as a memoryview
        button.value = (
            {
                "name": name,
                "type": "text/csv",
                "size": len(content),
                "content": memoryview(content),
                "last_modified": datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc),
            },
        )


@pytest.mark.parametrize(
    "value",
    [
        ({"name": "a.csv", "type": "text/csv", "size": 3, "content": memoryview(b"x,y"), "last_modified": None},),
        {"a.csv": {"metadata": {"name": "a.csv", "type": "text/csv", "size": 3, "lastModified": 0}, "content": b"x,y"}},
    ],
    ids=["ipywidgets 8", "ipywidgets 7.7"],
)
def test_uploaded_file_reads_both_versions_values(value):
    assert uploaded_file(value) == ("a.csv", b"x,y")
    assert uploaded_file(() if isinstance(value, tuple) else {}) is None


def test_an_uploaded_csv_is_trained_on_with_its_last_column_as_target():
    X, y = table()
    view = TrainingDashboard(TrainingRun(epochs=15))
    assert view.upload.target.disabled and not view.upload.target.options
    assert view.upload.target.layout.display == "none", "an empty menu would say nothing: hidden until a file"
    upload(view, "clinic.csv", csv_of(X, y))
    assert view.error.value == "" and view.upload.target.layout.display is None
    assert list(view.upload.target.options) == ["price", "ratio", "depth", "age", "label"]
    assert view.upload.target.value == "label"
    assert view.dataset.value == "clinic.csv" and list(view.dataset.options)[-1] == "clinic.csv"
    expected = TrainingRun(data=lk.datasets.from_csv_text(csv_of(X, y), "clinic.csv", "label"), epochs=15)
    assert view.state.history.loss == expected.history.loss
    assert view.state.positive == "yes" and view.state.features == ("price", "ratio", "depth", "age")
    assert f"classifies {expected.accuracy(15):.0%} of the training points" in view.status.value
    assert "P(yes) over price and ratio" in alts(view)[0] and view.axes_box.layout.display is None
    # another target: the file is read again with it (the column of names, label, left out of the features)
    view.upload.target.value = "depth"
    assert (
        f"clinic.csv, column 'depth', row 2: expected a class label (an integer or a name), got the number "
        f"{repr(X[0, 2].item())!r}; the dashboard classifies: choose a column of class labels in 'predict'"
        in html.unescape(view.error.value)
    ), view.error.value
    assert view.state.history.loss == expected.history.loss, "the run stays"
    view.upload.target.value = "label"
    assert view.error.value == "" and view.state.history.loss == expected.history.loss


BAD_FILES = [  # (content, what the error line says)
    (b"PK\x03\x04\x14\x00workbook", "bad.csv: not a CSV file: it is a zip archive"),
    ("a;b;label\n1;2;x\n3;4;y\n", "bad.csv: not a CSV file: row 1, the header, has one column"),
    ("a,b,label\n1,2,x\n3,4\n", "bad.csv, row 3: expected 3 fields"),
    ("a,b,label\n1,2,x\n3,,y\n", "bad.csv, column 'b', row 3: a missing value"),
    ("a,b,label\n1,2,x\n3,four,y\n", "bad.csv, column 'b', row 3: expected a number, got 'four'"),
    ("a,b,label\n1,2,x\n3,4,x\n", "bad.csv, column 'label': expected at least 2 classes, got one only"),
    ("a,b,label\n1,2,x\n3,4,y\n5,6,z\n", "bad.csv, column 'label': expected 2 classes, got 3 classes ('x', 'y', 'z')"),
    ("a,b,label\n1,2,x\n1,4,y\n", "bad.csv, column 'a': every value is 1; a constant feature"),
    (
        "a,label\n1,x\n3,y\n",
        "bad.csv: expected at least 2 feature columns besides the target 'label' (the picture "
        "is drawn over two), got 1: 'a'",
    ),
]


@pytest.mark.parametrize("content,message", BAD_FILES, ids=[m[5:40] for _, m in BAD_FILES])
def test_a_bad_upload_shows_the_error_keeps_the_run_and_the_next_good_one_restores(content, message):
    X, y = table()
    view = TrainingDashboard(TrainingRun(epochs=6))
    history, pictures, status = view.state.history, pngs(view), view.status.value
    upload(view, "bad.csv", content)
    assert message in html.unescape(view.error.value), view.error.value
    assert "Error" not in view.error.value and view.failure is None
    assert view.state.history is history and pngs(view) == pictures and view.status.value == status
    assert view.progress.value == 100 and view.dataset.value == "moons"
    upload(view, "good.csv", csv_of(X, y))
    assert view.error.value == "" and view.dataset.value == "good.csv" and view.state.X.shape == (80, 4)
    assert pngs(view) != pictures


def test_a_setting_clears_a_bad_uploads_error():
    view = TrainingDashboard(TrainingRun(epochs=6))
    upload(view, "bad.csv", BAD_FILES[0][0])
    assert view.error.value
    view.lr.value = 0.1
    assert view.error.value == "" and view.state.settings.lr == 0.1


# ---- review of issue 13: a run that stops earlier, uploads kept pending, never kept in the widget ---------


def test_a_new_dataset_whose_run_stops_earlier_shows_its_own_points_and_title():
    """circles runs all 60 epochs at this lr, moons diverges at epoch 1: the slider is pulled down
    to the new run's end, and the picture is the new run's, as a fresh dashboard draws it."""
    settings = dict(optimizer="sgd", lr=3, activation="identity", epochs=60)
    view = TrainingDashboard(TrainingRun(dataset="circles", **settings))
    assert view.state.epochs_run == 60
    view.dataset.value = "moons"
    fresh = TrainingDashboard(TrainingRun(dataset="moons", **settings))
    assert view.state.epochs_run == fresh.state.epochs_run < 60
    np.testing.assert_array_equal(view.scatter.get_offsets(), view.state.X)
    assert pngs(view) == pngs(fresh) and alts(view) == alts(fresh) and view.status.value == fresh.status.value


def test_a_file_refused_with_its_last_column_lists_its_columns_to_choose_another_and_keeps_the_run():
    """The learner's last file is in the menu (the advice is to choose another column there); the
    dataset menu, the pictures and the status stay the run's until a column works."""
    X, y = table()
    view = TrainingDashboard(TrainingRun(epochs=6))
    upload(view, "clinic.csv", csv_of(X, y))
    run, pictures, status = view.state.history, pngs(view), view.status.value
    upload(view, "other.csv", "a,b,kind,c\n1,2,x,3\n4,5,y,5\n7,9,x,6\n")  # its header reads, c is not classes
    line = html.unescape(view.error.value)
    assert "⚠ other.csv, column 'c': expected 2 classes, got 3 classes (3, 5, 6)" in line, line
    assert view.state.history is run and view.dataset.value == "clinic.csv"
    assert pngs(view) == pictures and view.status.value == status
    assert list(view.upload.target.options) == ["a", "b", "kind", "c"] and view.upload.target.value == "c"
    view.upload.target.value = "kind"
    assert view.error.value == "" and view.dataset.value == "other.csv" and view.state.own.classes == ("x", "y")


def test_the_uploaded_file_is_not_kept_in_the_button_and_the_same_file_comes_again():
    X, y = table()
    view = TrainingDashboard(TrainingRun(epochs=6))
    upload(view, "clinic.csv", csv_of(X, y))
    assert not view.upload.button.value, "the learner's file would be saved in the notebook's widget state"
    assert view.dataset.value == "clinic.csv" and view.error.value == ""
    view.dataset.value = "moons"
    upload(view, "clinic.csv", csv_of(X, y))  # the same file again: trained on again
    assert view.dataset.value == "clinic.csv" and view.state.X.shape == (80, 4) and view.error.value == ""
    upload(view, "bad.csv", BAD_FILES[0][0])
    assert view.error.value and not view.upload.button.value


def test_upload_errors_give_advice_the_uploader_can_follow():
    X, y = table()
    view = TrainingDashboard(TrainingRun(epochs=6))
    upload(view, "houses.csv", "rooms,area,price\n3,70,250.5\n5,120,410\n2,40,180\n")
    line = html.unescape(view.error.value)
    assert "houses.csv, column 'price', row 2: expected a class label" in line and "predict" in line, line
    assert "kind=" not in line
    upload(view, "moons", csv_of(X, y))  # a file named as a generated set: named apart, not refused
    assert view.error.value == "" and view.dataset.value == "moons (your file)"
    assert list(view.dataset.options) == ["xor", "moons", "circles", "spirals", "moons (your file)"]


def test_an_uploaded_file_with_a_column_of_names_is_trained_on_the_others():
    X, y = table()
    people = [f"person {i}" for i in range(len(y))]
    rows = [",".join([p, *map(repr, x.tolist()), "yes" if c else "no"]) for p, x, c in zip(people, X, y)]
    content = "name,price,ratio,depth,age,label\n" + "\n".join(rows) + "\n"
    view = TrainingDashboard(TrainingRun(epochs=8))
    upload(view, "people.csv", content)
    assert view.error.value == "" and view.state.features == ("price", "ratio", "depth", "age")
    expected = TrainingRun(data=lk.datasets.from_csv_text(csv_of(X, y), "people.csv", "label"), epochs=8)
    assert view.state.history.loss == expected.history.loss
    assert "Column 'name' left out (not numbers)." in html.unescape(view.status.value)
    view.upload.target.value = "name"  # every row its own label: the count of classes said
    assert "people.csv, column 'name': expected 2 classes, got 80 classes" in html.unescape(view.error.value)


def test_on_your_data_the_status_says_training_points_and_an_upload_replacing_python_data_says_so():
    X, y = table()
    view = TrainingDashboard(data=(X, y), epochs=6)
    right = view.state.accuracy(6)
    assert f"classifies {right:.0%} of the training points right" in view.status.value
    assert f"classifies {right:.0%} of the 80 training points right" in alts(view)[0]
    upload(view, "clinic.csv", csv_of(X, y))
    assert list(view.dataset.options)[-1] == "clinic.csv" and "your data" not in view.dataset.options
    assert "clinic.csv replaces your data" in html.unescape(view.status.value)
    view.dataset.value = "moons"
    assert "replaces" not in view.status.value and "of the points right" in view.status.value


def test_a_loss_that_grows_past_1e100_is_drawn_with_the_axis_capped():
    # a learner's table at a learning rate of 34.55: the loss reaches about 1e304 before it overflows;
    # the log axis up there would need a tick at 1e350 (infinite): the axis stops at 1e100, the error line stays empty
    view = TrainingDashboard(your_dashboard_run())
    view.controls["lr"].value = 1e-4
    view.controls["lr"].value = 34.55092535002011
    assert max(view.state.history.loss) > 1e100, "the run does not reach the losses this test is about"
    assert view.error.value == "" and view.failure is None
    low, high = view.loss_ax.get_ylim()
    assert high == 1e100 and 0 < low <= min(view.state.history.loss)
    assert all(np.isfinite(view.loss_ax.get_yticks()))


def test_the_noise_slider_makes_the_generated_sets_points_and_each_set_comes_with_its_own():
    view = TrainingDashboard(TrainingRun(epochs=3, n=60))
    assert view.noise.value == 0.1 and not view.noise.disabled  # moons' own noise
    view.noise.value = 0.3
    assert view.state.settings.noise == 0.3
    assert np.array_equal(view.state.X, lk.datasets.moons(60, noise=0.3, seed=0)[0])
    view.dataset.value = "circles"  # another set: its own noise, 0.05
    assert view.noise.value == 0.05 and view.state.settings.noise is None
    assert np.array_equal(view.state.X, lk.datasets.circles(60, seed=0)[0])
    view.dataset.value = "xor"  # no noise to set
    assert view.noise.disabled and view.state.settings.noise is None and view.error.value == ""


# ---- extra inputs: x1², x2², x1·x2, sin x1, sin x2 -------------------------------------------------


def test_ticking_extra_inputs_trains_a_linear_model_that_separates_the_circles():
    view = TrainingDashboard(TrainingRun(dataset="circles", hidden=(), epochs=150))
    assert [box.description for box in view.extra.values()] == ["x1²", "x2²", "x1x2", "sin x1", "sin x2"]
    assert all(view.controls[name] is box for name, box in view.extra.items())
    assert not any(box.value or box.disabled for box in view.extra.values())
    plain = view.state.accuracy(150)
    view.controls["x2^2"].value = True
    view.controls["x1^2"].value = True
    s = view.state
    assert view.error.value == "" and s.settings.extra_features == ("x1^2", "x2^2")
    assert s.settings.as_dict() == training_settings(dataset="circles", hidden=(), extra_features=("x1^2", "x2^2"))
    assert s.history.loss == replay(s.settings.as_dict())[1].loss
    assert s.model.params[0].shape == (4, 1), "a linear model of x1, x2, x1², x2²"
    check_epoch_drawn(view, 150)  # the boundary over the plane: P(class 1) with x1², x2² worked out by hand
    assert plain <= 0.7 and s.accuracy(150) >= 0.95
    assert "classifies 100% of the points right" in view.status.value
    assert repr(view).endswith("epochs=150, extra_features=['x1^2', 'x2^2'])")
    view.controls["x1^2"].value = False
    assert s.settings.extra_features == ("x2^2",) and s.model.params[0].shape == (3, 1)


def test_extra_inputs_stay_for_another_generated_set_and_are_off_for_your_data():
    X, y = table()
    view = TrainingDashboard(data=(X, y), epochs=6)
    assert all(box.disabled and not box.value for box in view.extra.values()), "your data has its own features"
    view.dataset.value = "circles"
    assert not any(box.disabled for box in view.extra.values())
    view.controls["x1*x2"].value = True
    assert view.state.settings.extra_features == ("x1*x2",) and view.state.input_names == ("x1", "x2", "x1*x2")
    view.dataset.value = "xor"  # another generated set: the same inputs
    assert view.state.settings.extra_features == ("x1*x2",) and view.extra["x1*x2"].value
    check_epoch_drawn(view, 6)
    view.dataset.value = "your data"  # its own features only: the boxes unticked and off
    assert view.error.value == "" and view.state.settings.extra_features == ()
    assert view.state.model.params[0].shape[0] == 4
    assert all(box.disabled and not box.value for box in view.extra.values())
    history = view.state.history
    view.controls["x2^2"].value = True  # from Python (the box is off in the page): not an input of your data
    assert view.error.value == "" and view.state.settings.extra_features == ()
    assert not view.extra["x2^2"].value and view.state.history.loss == history.loss
    upload(view, "clinic.csv", csv_of(X, y))
    assert view.error.value == "" and all(box.disabled for box in view.extra.values())


def test_a_bad_setting_beside_extra_inputs_shows_the_error_and_the_next_good_one_restores():
    view = TrainingDashboard(TrainingRun(dataset="circles", epochs=20))
    view.controls["x1^2"].value = True
    view.controls["x2^2"].value = True
    s = view.state
    history, settings, shown = s.history, s.settings, pngs(view)
    view.hidden.value = "8, x"
    assert "⚠ " + html.escape("hidden: expected whole numbers separated by commas") in view.error.value
    assert s.history is history and s.settings is settings and pngs(view) == shown, "the run with x1², x2² stays"
    view.controls["sin(x1)"].value = True  # the bad text still stands: nothing trains, the error stays
    assert "hidden: expected" in view.error.value and s.history is history
    view.hidden.value = ""  # a linear model, with the three boxes ticked
    assert view.error.value == ""
    assert s.settings.hidden == () and s.settings.extra_features == ("x1^2", "x2^2", "sin(x1)")
    assert s.history.loss == replay(s.settings.as_dict())[1].loss and s.model.params[0].shape == (5, 1)
    check_epoch_drawn(view, 20)


def test_an_upload_after_the_noise_slider_moved_trains_on_the_file():
    X, y = table()
    view = TrainingDashboard(TrainingRun(epochs=4, n=60))
    view.noise.value = 0.3
    assert view.state.settings.noise == 0.3
    upload(view, "clinic.csv", csv_of(X, y))  # a table has no noise: the setting stays with the generated set
    assert view.error.value == "" and view.dataset.value == "clinic.csv" and view.state.settings.noise is None
    assert view.noise.disabled


# ---- the network's units, the weights as lines, a unit chosen; the next update stepped through ----


@pytest.mark.parametrize(
    "settings",
    [dict(epochs=12), dict(dataset="circles", hidden=(3,), extra_features=("x1^2", "x2^2"), epochs=20)],
    ids=["moons 2-8-8-1", "circles with x1², x2², 4-3-1"],
)
def test_every_units_map_is_what_that_unit_computes_over_the_plane(settings):
    view = TrainingDashboard(**settings)
    run = view.state
    for e in (run.epochs_run, 5, 0):
        view.epoch.value = e
        expected = units_by_hand(run, e)
        got = run.units(e)
        assert [m.shape for m in got] == [m.shape for m in expected]
        for layer, (m, ref) in enumerate(zip(got, expected)):
            np.testing.assert_allclose(m, ref, atol=1e-12, err_msg=f"layer {layer}")
        np.testing.assert_allclose(got[-1][0], frame_by_hand(run, e), atol=1e-12)  # the output: the boundary
        last = len(expected) - 1
        side, r = view.units.side, run.resolution
        nearest = [k * r // side for k in range(side)]  # a map's pixel k shows the chart's point k·r // side
        for l, boxes in enumerate(view.units.boxes):  # what the small maps show: each unit on one scale
            assert len(boxes) == min(len(expected[l]), lk.widgets.units.SHOWN)
            for j in range(len(boxes)):
                m = expected[l][j][np.ix_(nearest, nearest)]
                shown = 2 * m - 1 if l == last else m / max(1.0, np.abs(m).max())
                np.testing.assert_allclose(view.units.map_shown(l, j), shown, atol=1e-12, err_msg=f"unit {l}, {j}")
            strip = view.units.strips[l]
            assert strip.norm is view.units.scale.norm and (strip.norm.vmin, strip.norm.vmax) == (-1, 1)
    names = [label for label, _ in view.unit.options]
    labels = {"x1^2": "x1²", "x2^2": "x2²"}  # what a learner reads for the extra inputs
    assert names[: 2 + len(run.settings.extra_features)] == [
        f"input {j + 1} ({labels.get(name, name)})" for j, name in enumerate(["x1", "x2", *run.settings.extra_features])
    ]
    beside = [t.get_text() for t in view.units._texts if t.get_ha() == "right"]  # the names beside the input maps
    assert beside == [labels.get(name, name) for name in run.input_names]


def test_the_weights_are_lines_as_wide_as_the_weights_and_they_thin_as_the_l2_rate_grows():
    widths = {}
    for rate in (0.0, 0.01, 0.1):
        view = TrainingDashboard(l2=rate, epochs=60)
        params = view.state.snapshots[60]
        Ws = params[0::2]
        expected = np.concatenate([np.minimum(2.0 * np.abs(W).ravel(), 6.0) for W in Ws])  # 2 points per unit
        np.testing.assert_allclose(view.units.lines.get_linewidths(), expected)
        signs = np.concatenate([np.sign(W).ravel() for W in Ws])
        reds = np.array([c[0] > c[2] for c in view.units.lines.get_colors()])  # RdBu_r: red above 0, blue below
        assert (reds == (signs > 0)).all()
        widths[rate] = float(np.mean(expected))
    assert widths[0.0] > widths[0.01] > widths[0.1], widths  # the penalty shrinks the weights


def test_choosing_a_unit_shows_its_map_large_with_its_weights_and_bias_at_the_epoch_shown():
    view = TrainingDashboard(epochs=20)
    run = view.state
    view.epoch.value = 7
    view.unit.value = (2, 4)  # layer 2, unit 5
    expected = units_by_hand(run, 7)[2][4]
    np.testing.assert_allclose(view.units.image.get_array(), expected / max(1.0, np.abs(expected).max()), atol=1e-12)
    W2, b2 = run.snapshots[7][2], run.snapshots[7][3]
    text = html.unescape(view.units.readout.value)
    assert "A2[:, 4] = tanh(Z2[:, 4]), Z2[:, 4] = A1 @ W2[:, 4] + b2[4]" in text
    assert f"W2[:, 4] = [{', '.join(sig(w, 2) for w in W2[:, 4])}]" in text and f"b2[4] = {sig(b2[4], 2)}" in text
    assert "Layer 2, unit 5 after epoch 7" in alts(view)[3]
    chosen = view.units.chosen.get_bbox()
    (x, y), side = view.units.boxes[2][4], view.units.side
    assert chosen.x0 < x and chosen.x1 > x + side and chosen.y0 < y and chosen.y1 > y + side  # its map framed
    view.unit.value = (3, 0)  # the output: P(class 1) from 0 to 1, as the boundary draws it
    np.testing.assert_allclose(view.units.image.get_array(), frame_by_hand(run, 7), atol=1e-12)
    assert view.units.image.get_clim() == (0, 1)
    W3, b3 = run.snapshots[7][4], run.snapshots[7][5]
    text = html.unescape(view.units.readout.value)
    assert f"W3[:, 0] = [{', '.join(sig(w, 2) for w in W3[:, 0])}]" in text and f"b3[0] = {sig(b3[0], 2)}" in text
    view.epoch.value = 20  # the unit chosen stays, at the new epoch
    assert view.unit.value == (3, 0)
    np.testing.assert_allclose(view.units.image.get_array(), frame_by_hand(run, 20), atol=1e-12)
    view.hidden.value = "3"  # another network: the output stays the output
    assert view.unit.value == (2, 0) and view.error.value == ""


def test_the_next_update_opens_at_the_epoch_shown_with_the_runs_weights_and_follows_the_epoch():
    view = TrainingDashboard(optimizer="sgd", batch_size=None, epochs=10)
    run = view.state
    view.epoch.value = 4
    view.open_update.click()
    stepper = view.stepper
    assert view.update_box.children == (stepper.widget,) and view.error.value == ""
    assert stepper.state.epoch == 4
    for p, saved in zip(stepper.state.params, run.snapshots[4]):
        np.testing.assert_array_equal(p, saved)
    view.epoch.value = 6  # the stepper follows the epoch shown
    assert view.stepper is stepper and stepper.state.epoch == 6
    # its gradient on training point 0 is the engine's, from the weights after epoch 6
    model = lk.MLP([2, 8, 8, 1], activation="tanh", seed=0)
    for p, saved in zip(model.params, run.snapshots[6]):
        p[...] = saved
    _, dY = lk.losses.bce_with_logits(model.forward(run.inputs[:1]), run.y[:1, None].astype(float))
    model.backward(dY)
    np.testing.assert_allclose(stepper.state.values["dW1"], model.grads[0], atol=1e-12)
    view.hidden.value = "4"  # a new run, a new network: the stepper opens again on it
    assert view.stepper is not stepper and view.stepper.state.epoch == view.state.epochs_run
    assert view.stepper.state.params[0].shape == (2, 4)
    view.open_update.click()  # closed
    assert view.stepper is None and view.update_box.children == ()


def test_the_units_names_follow_the_data_when_the_network_keeps_its_sizes():
    X = np.random.default_rng(3).normal(size=(60, 2))
    view = TrainingDashboard(data=(X, (X[:, 0] > 0).astype(int)), features=("height", "weight"), hidden=(3,), epochs=5)
    assert [label for label, _ in view.unit.options][:2] == ["input 1 (height)", "input 2 (weight)"]
    view.dataset.value = "moons"  # the same 2-3-1 network, other inputs
    assert [label for label, _ in view.unit.options][:2] == ["input 1 (x1)", "input 2 (x2)"]
    assert [t.get_text() for t in view.units._texts if t.get_ha() == "right"] == ["x1", "x2"]


def test_a_retrain_that_blows_up_closes_the_stepper_and_says_why():
    view = TrainingDashboard(epochs=20)
    view.open_update.click()
    assert view.stepper is not None
    view.activation.value, view.optimizer.value = "identity", "sgd"
    view.lr.value = 30.0  # blows up: its last epoch's outputs overflow, no update to step through
    last = view.state.epochs_run
    assert view.state.history.diverged and view.epoch.value == last
    assert view.stepper is None and view.update_box.children == () and view.open_update.description == OPEN
    assert f"after epoch {last} the network" in html.unescape(view.error.value)
    view.epoch.value = 0
    view.open_update.click()  # its first weights step
    assert view.stepper.state.epoch == 0 and view.update_box.children == (view.stepper.widget,)
    view.epoch.value = last  # the stepper follows and says why it cannot: the next epoch restores it
    assert "overflow" in html.unescape(view.stepper.error.value)
    view.epoch.value = 0
    assert view.stepper.error.value == "" and view.stepper.state.epoch == 0


def test_the_unit_chosens_scale_says_what_the_output_is_a_probability_of():
    X = np.random.default_rng(3).normal(size=(60, 2))
    view = TrainingDashboard(data=(X, np.where(X[:, 0] > 0, "yes", "no")), hidden=(3,), epochs=5)
    assert view.unit.value == (2, 0) and view.units.colorbar.ax.get_ylabel() == "P(yes)"
    view.dataset.value = "moons"
    assert view.unit.value == (2, 0) and view.units.colorbar.ax.get_ylabel() == "P(class 1)"
    view.unit.value = (1, 0)
    assert view.units.colorbar.ax.get_ylabel() == "the unit's output"


def test_a_dashboard_of_a_loaded_run_shows_what_the_live_runs_shows(tmp_path):
    """A run saved and loaded back (TrainingRun.save, load) scrubs like the live one: at every epoch tried, with
    another unit chosen and the next update open, the two dashboards show the same pictures and words."""
    from tests.widgets.test_contract import shown

    live = your_dashboard_run()
    views = [TrainingDashboard(live), TrainingDashboard(TrainingRun.load(live.save(tmp_path / "run.npz")))]
    assert shown(views[0]) == shown(views[1])
    for epoch in (0, 3, live.epochs_run):
        for view in views:
            view.epoch.value = epoch
        assert shown(views[0]) == shown(views[1]), f"epoch {epoch}"
    for view in views:
        view.unit.value = view.unit.options[1][1]
        view.open_update.click()
    assert shown(views[0]) == shown(views[1]) and views[1].stepper is not None


# ---- a run saved and loaded from the dashboard's own controls ---------------------------------------


def status_words(view):
    """The status line's words, without what it says of a file (saved to, loaded from)."""
    words = re.sub(r"<[^>]+>", "", html.unescape(view.status.value))
    return re.sub(r" (Saved to|Loaded from) .*$", "", words)


def test_save_this_run_writes_the_run_that_load_gives_back(tmp_path):
    view = TrainingDashboard(TrainingRun(dataset="circles", hidden=(4,), epochs=12, n=60, held_out=0.2))
    view.save_as.value = str(tmp_path / "mine")  # .npz added
    view.save_run.click()
    assert view.error.value == ""
    path = tmp_path / "mine.npz"
    back = TrainingRun.load(path)
    assert back.settings.as_dict() == view.state.settings.as_dict() and back.epochs_run == view.state.epochs_run
    np.testing.assert_array_equal(back.history.loss, view.state.history.loss)
    for epoch in (0, 5, 12):
        for mine, theirs in zip(back.snapshots[epoch], view.state.snapshots[epoch], strict=True):
            np.testing.assert_array_equal(mine, theirs)
    assert f"Saved to {path} (" in html.unescape(view.status.value)
    view.epochs.value = 10  # a new run is in no file yet
    assert "Saved to" not in view.status.value


@pytest.mark.parametrize(
    "name, said",
    [
        ("", "save as: expected a file name, such as training_run.npz, got nothing"),
        ("no/such/folder/run", "save as: could not write 'no/such/folder/run.npz': No such file or directory"),
    ],
)
def test_a_name_that_cannot_be_saved_to_is_said_and_the_next_one_saves(tmp_path, monkeypatch, name, said):
    monkeypatch.chdir(tmp_path)  # the notebook's folder
    view = TrainingDashboard(TrainingRun(epochs=3, n=40))
    view.save_as.value = name
    view.save_run.click()
    assert said in html.unescape(view.error.value)
    view.save_as.value = str(tmp_path / "run.npz")
    view.save_run.click()
    assert view.error.value == "" and (tmp_path / "run.npz").is_file()


def test_a_run_loaded_with_the_button_shows_what_a_dashboard_of_it_shows_and_trains_again(tmp_path, monkeypatch):
    saved = TrainingRun(dataset="circles", hidden=(4,), lr=0.1, epochs=40, held_out=0.2, l2=1e-3, batch_size=8, n=80)
    path = saved.save(tmp_path / "circles.npz")
    view = TrainingDashboard(TrainingRun(epochs=6, n=60))
    with monkeypatch.context() as m:  # loading trains nothing
        m.setattr("lessonkit.states.epochs.train", lambda *a, **k: pytest.fail("a loaded run was trained"))
        upload(view, "circles.npz", path.read_bytes(), view.load_run)
    assert view.error.value == "" and uploaded_file(view.load_run.value) is None, "the file is not kept"
    shown = [view.dataset, view.hidden, view.lr, view.batch_size, view.epochs, view.held_out, view.penalty, view.rate]
    assert [c.value for c in shown] == ["circles", "4", 0.1, 8, 40, 0.2, "l2", 1e-3]
    assert view.epoch.value == view.epoch.max == 40
    assert "Loaded from circles.npz" in view.status.value
    fresh = TrainingDashboard(TrainingRun.load(path))
    for epoch in (40, 0, 17):
        view.epoch.value = fresh.epoch.value = epoch
        assert pictures(view.widget) == pictures(fresh.widget), f"epoch {epoch}"
        assert status_words(view) == status_words(fresh)
    view.epochs.value = 20  # a setting changed: trained again, as a new run with these settings is
    again = TrainingRun(dataset="circles", hidden=(4,), lr=0.1, epochs=20, held_out=0.2, l2=1e-3, batch_size=8, n=80)
    np.testing.assert_array_equal(view.state.history.loss, again.history.loss)
    assert "Loaded from" not in view.status.value


def saved(folder, **settings):
    """The bytes of a short run with ``settings``, saved."""
    settings = {"epochs": 2, "n": 40, **settings}
    return TrainingRun(**settings).save(folder / "run.npz").read_bytes()


def test_a_file_that_is_no_run_changes_nothing_and_the_next_good_one_loads(tmp_path):
    view = TrainingDashboard(TrainingRun(epochs=6, n=60))
    before = (view.key(), pictures(view.widget))
    for name, content, said in [
        ("notes.npz", b"not a zip", "load a run: expected a file written by 'save this run', got 'notes.npz': not a"),
        ("big.npz", saved(tmp_path, epochs=501), "load a run: its epochs 501 is outside the dashboard's 1 to 500"),
        ("both.npz", saved(tmp_path, l1=1e-3, l2=1e-3), "load a run: it has both an L1 and an L2 penalty"),
        ("tiny.npz", saved(tmp_path, l2=1e-6), "load a run: its L2 rate 1e-06 is outside the dashboard's 1e-05 to 1"),
        ("wide.npz", saved(tmp_path, hidden=(300,)), "load a run: its hidden layers [300] are not ones the dashboard"),
    ]:
        upload(view, name, content, view.load_run)
        assert said in html.unescape(view.error.value)
        assert (view.key(), pictures(view.widget)) == before and view.epochs.value == 6
    good = TrainingRun(epochs=9, n=40).save(tmp_path / "good.npz")
    upload(view, "good.npz", good.read_bytes(), view.load_run)
    assert view.error.value == "" and view.epoch.max == 9
