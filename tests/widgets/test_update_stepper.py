"""UpdateStepper (notebook 06's run, stepped through as notebook 04's network), headless: the step,
training point and η sliders moved from Python; what the view writes against the run's weights and points
and the loss written by hand (tests/references/backprop_network.py); its picture's width for the default
run; the run's next epoch on another epoch (``at_epoch``)."""

import html
import re

import numpy as np
import pytest

from lessonkit.states import TrainingRun
from lessonkit.widgets import UpdateStepper
from lessonkit.widgets.backprop_network import SMALL_CELLS
from lessonkit.widgets.base import WIDTH
from tests.references import sigmoid
from tests.references.backprop_network import deep_loss_by_hand
from tests.shown import NEGATIVE_ZERO, alt_of, numbers_in, png

pytestmark = pytest.mark.lesson("06_epochs")

#: The output area of JupyterLab 4 on a 1280×800 laptop with the file browser open, in CSS pixels.
OUTPUT_AREA = 850


@pytest.fixture(scope="module")
def run():
    return TrainingRun(epochs=20)  # notebook 06's settings, fewer epochs: moons, 2-8-8-1 tanh, Adam


def entry_line(view):
    """The step's entry with its live numbers, as the readout writes it."""
    return html.unescape(re.search(r"■</span> (.*?)(?:<br>|</div>)", view.equation.value).group(1))


def cell_texts(view):
    return [text for _, _, text in view.maps.values.items]


def test_the_default_view_fits_the_output_area_and_is_notebook_06s_run():
    view = UpdateStepper()
    width, height = view.panel.canvas.get_width_height()
    assert width <= WIDTH <= OUTPUT_AREA and height <= 400, (width, height)
    s = view.state
    assert s.run.settings.hidden == (8, 8) and s.depth == 3 and len(s.STEPS) == 25
    assert (s.epoch, s.example, s.step, s.lr) == (0, 0, 0, s.run.settings.lr)
    assert repr(view) == "UpdateStepper(epoch=0, example=0, step=0: forward Z1)"
    assert set(view.controls) == {"step", "example", "lr"}
    assert view.example.max == len(s.run.y) - 1 and view.lr.value == s.run.settings.lr


def test_every_step_writes_the_numbers_of_the_runs_weights_on_its_point(run):
    view = UpdateStepper(run, epoch=5, example=3)
    params, x, y = run.snapshots[5], run.inputs[3], float(run.y[3])
    assert view.state.X.tolist() == [x.tolist()] and all(
        np.array_equal(a, b) for a, b in zip(view.state.params, params)
    )
    written = 0
    for step in range(len(view.state.STEPS)):
        view.step.value = step
        phase, name = view.state.current
        assert f"Step {step + 1} of 25</b>, {phase}: {name}" in view.title.value
        result = view.state.shown().arrays[-1]
        texts = cell_texts(view)
        if texts:  # written where every value fits its cell: the result's cells come last
            written += 1
            assert [float(t) for t in texts[-result.values.size :]] == pytest.approx(
                result.values.ravel(), rel=0.051, abs=1e-12
            )
            assert SMALL_CELLS not in view.equation.value
        else:
            assert SMALL_CELLS in view.equation.value and "too small to write their values" in alt_of(view.panel)
        assert not NEGATIVE_ZERO.search(view.equation.value) and view.error.value == ""
    assert written >= 10, "the numbers are written at fewer than 10 steps of 25"
    # by hand: Z1[0, 0] = x W1[:, 0] + b1[0]; L of one point of label y
    view.step.value = 0
    assert numbers_in(entry_line(view))[-1] == pytest.approx(x @ params[0][:, 0] + params[1][0], rel=5.01e-3)
    view.step.value = 5
    assert numbers_in(entry_line(view))[-1] == pytest.approx(
        deep_loss_by_hand(x[None, :], np.array([[y]]), params, "tanh"), rel=5.01e-3
    )
    view.step.value = 6  # dZ3 = σ(Z3) − y, one point
    z = view.state.values["Z3"][0, 0]
    assert numbers_in(entry_line(view))[-1] == pytest.approx(sigmoid(z) - y, rel=5.01e-3)


def test_the_training_point_slider_moves_the_batch_and_the_title(run):
    view = UpdateStepper(run, epoch=2)
    view.step.value = 0
    before = png(view.panel)
    view.example.value = 17
    x, params = run.inputs[17], run.snapshots[2]
    assert view.state.example == 17 and view.state.step == 0
    assert numbers_in(entry_line(view))[-1] == pytest.approx(x @ params[0][:, 0] + params[1][0], rel=5.01e-3)
    title = html.unescape(view.heading.value)
    assert "The update after epoch 2 of the run, on training point 17 = [" in title
    assert f"{run.X[17, 0]:.3g}" in title and f"label {int(run.y[17])}" in title
    assert png(view.panel) != before


def test_the_learning_rate_moves_the_update_and_the_loss_after_it(run):
    view = UpdateStepper(run, epoch=1, example=4)
    s = view.state
    view.step.value = s.STEPS.index(("update", "W1_new"))
    grad = s.values["dW1"][0, 0]
    view.lr.value = 0.5
    W1 = run.snapshots[1][0]
    assert numbers_in(entry_line(view))[-1] == pytest.approx(W1[0, 0] - 0.5 * grad, rel=5.01e-3)
    assert "− 0.5 ×" in view.state.shown().ops[0]
    view.step.value = len(s.STEPS) - 1
    new = [view.state.values[f"{w}{l}_new"] for l in (1, 2, 3) for w in "Wb"]
    x, y = run.inputs[4][None, :], np.array([[float(run.y[4])]])
    assert numbers_in(entry_line(view))[-1] == pytest.approx(deep_loss_by_hand(x, y, new, "tanh"), rel=5e-4)
    assert "η = 0.5, on this point" in html.unescape(view.differences.value)


def test_the_note_says_how_the_runs_step_differs(run):
    view = UpdateStepper(run)
    said = html.unescape(view.differences.value)
    assert "Adam" in said and "batches of 32 points" in said and "(the run's)" in said
    plain = UpdateStepper(TrainingRun(epochs=3, optimizer="sgd", batch_size=1, n=60))
    assert plain.differences.value == ""


def test_at_epoch_shows_that_epochs_weights_and_refuses_one_not_run(run):
    view = UpdateStepper(run, epoch=0, example=2)
    view.step.value = 3  # A2
    before = png(view.panel)
    view.at_epoch(20)
    assert view.state.epoch == 20 and view.state.step == 3 and view.state.example == 2
    assert all(np.array_equal(a, b) for a, b in zip(view.state.params, run.snapshots[20]))
    assert "after epoch 20" in view.heading.value and png(view.panel) != before
    shown = png(view.panel)
    view.at_epoch(21)
    assert "epoch: expected an integer from 0 to 20, got 21" in view.error.value
    assert view.state.epoch == 20 and png(view.panel) == shown
    view.at_epoch(0)
    assert view.error.value == "" and png(view.panel) == before  # the picture kept for epoch 0 comes back


@pytest.mark.parametrize("hidden", [(), (3,), (32, 32), (256,), (4, 4, 4, 4)])
def test_any_network_fits_the_view(hidden):
    view = UpdateStepper(TrainingRun(hidden=hidden, epochs=2, n=60))
    width, height = view.panel.canvas.get_width_height()
    assert width <= WIDTH and height <= 400, (hidden, width, height)
    for step in range(len(view.state.STEPS)):
        view.step.value = step
        assert view.error.value == "" and view.caught == []
