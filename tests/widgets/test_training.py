"""TrainingDashboard (notebook 06), headless: the settings' controls and the epoch
slider moved from Python; the boundary, the loss curve, its marker and the status
against runs replayed with the engine and frames recomputed in numpy."""
import html
import warnings

import numpy as np
import pytest
from tests.conftest import (DIVERGING, accuracy_by_hand, frame_by_hand, ignore_other_packages_deprecations, replay,
                            training_settings)
from tests.shown import PNG_SIGNATURE, pngs, point_of, status_loss

from lessonkit.states import TrainingRun
from lessonkit.widgets import TrainingDashboard
from lessonkit.widgets.training import FULL_BATCH, parse_sizes

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
        shown = status_loss(view.status.value, e)
        assert shown, view.status.value
        assert float(shown) == pytest.approx(s.history.loss[e - 1], rel=1e-3, abs=5e-5), view.status.value
    else:
        assert "Before training" in view.status.value
    assert f"classifies {accuracy_by_hand(s, e):.0%} of the points" in view.status.value
    assert view.error.value == ""


def test_dashboard_epoch_slider_scrubs_through_the_run():
    view = TrainingDashboard(TrainingRun(epochs=60))
    assert set(view.controls) == set(training_settings()) - {"seed", "n"}
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
    np.testing.assert_allclose(np.asarray(view.boundary.get_array())[finite], last[finite], rtol=1e-12,
                               err_msg="the boundary is the network's last frame")
    problems = [f"numpy warns: {m}" for m in sorted({str(w.message) for w in caught})]
    if not np.isfinite(view.boundary.get_array()).all():
        problems.append("the boundary is NaN: the chart is empty")
    shown = status_loss(view.status.value, s.epochs_run) or ""
    if len(shown) > 12:
        problems.append(f"the status writes the loss as a {len(shown)}-digit number")
    assert not problems, f"BUG: at the end of a diverged run ({DIVERGING}) the dashboard: {'; '.join(problems)}"


def test_dashboard_bad_hidden_shows_an_error_and_keeps_the_run():
    view = TrainingDashboard(TrainingRun(epochs=30))
    s = view.state
    history, settings, shown = s.history, s.settings, pngs(view)
    progress_before = (view.progress.value, view.progress.bar_style)
    assert progress_before[0] == 100
    view.hidden.value = "8, x"
    assert "⚠ " + html.escape("hidden: expected whole numbers separated by commas") in view.error.value, (
        view.error.value)
    assert s.history is history and s.settings is settings, "the previous run is kept"
    assert view.epoch.max == 30 and pngs(view) == shown
    progress_after_error = (view.progress.value, view.progress.bar_style)
    view.hidden.value = "3"
    assert view.error.value == "", "a good text clears the error"
    assert s.settings.hidden == (3,) and s.history.loss == replay(s.settings.as_dict())[1].loss
    check_epoch_drawn(view, 30)
    assert progress_after_error == progress_before, (
        f"BUG: after a rejected setting the progress bar is left at {progress_after_error}, as if a run had "
        "started, though the previous (finished) run is still shown")


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
