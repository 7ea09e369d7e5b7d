"""A learner's own CSV file in the training dashboard (notebook 06), in JupyterLab in
headless Chromium: uploaded through the widget's file chooser, its target picked, and
the run shown; its numbers are those of a TrainingRun on the same file in this process."""

import numpy as np
import pytest
from playwright.sync_api import expect

import lessonkit as lk
from lessonkit.text import sig
from tests.e2e import fit
from tests.e2e.conftest import SCREEN
from tests.e2e.lab import (
    FIT,
    error_outputs,
    expect_new_image,
    image_srcs,
    menu,
    open_notebook,
    run_all,
    widget_output,
)


def clinic_csv(path):
    """A table of 120 rows by hand: three features of different scales and two 0/1 columns,
    'smoker' and the last one, 'sick'; each set by the features."""
    rng = np.random.default_rng(7)
    age, dose, weight = rng.uniform(20, 80, 120), rng.normal(0, 0.01, 120), rng.normal(70, 12, 120)
    sick = ((age - 50) / 30 + dose / 0.01 > 0).astype(int)
    smoker = (weight + rng.normal(0, 5, 120) > 72).astype(int)
    rows = [f"{float(a)!r},{float(d)!r},{float(w)!r},{s},{k}" for a, d, w, s, k in zip(age, dose, weight, smoker, sick)]
    path.write_text("age,dose,weight,smoker,sick\n" + "\n".join(rows) + "\n")
    return path


def status_of(run):
    """What the dashboard's status line says of ``run`` at its last epoch."""
    e = run.epochs_run
    return f"After epoch {e}: loss {sig(run.history.loss[e - 1])}, the network classifies {run.accuracy(e):.0%}"


@pytest.mark.lesson("06_epochs")
def test_a_csv_uploaded_through_the_widget_is_trained_on(page, lab, tmp_path):
    base, token, _ = lab
    open_notebook(page, base, token, "06_epochs.ipynb")
    run_all(page)
    assert error_outputs(page) == []
    out = widget_output(page, "updates in all")
    path = clinic_csv(tmp_path / "clinic.csv")

    before = image_srcs(out)
    # ipywidgets 8 keeps its <input type=file> out of the page and clicks it when the button is
    # clicked: the file chooser that opens is where the file is given, as a learner gives it
    with page.expect_file_chooser() as chooser:
        out.locator(".widget-upload", has_text="your CSV").click()
    chooser.value.set_files(str(path))
    run = lk.states.TrainingRun(data=lk.datasets.from_csv(path, target="sick"))
    expect(out).to_contain_text(status_of(run), timeout=60_000)
    expect_new_image(out, before)
    target = menu(out, "predict")
    expect(target.locator("option:checked")).to_have_text("sick")  # the last column, chosen for the learner
    expect(out.locator("img").first).to_have_attribute(
        "alt",
        f"Decision boundary after epoch 150 of 150: the network classifies {run.accuracy(150):.0%} of the 120 training "
        "points right; P(class 1) over age and dose, the other 2 features at their mean.",
    )
    expect(menu(out, "dataset").locator("option:checked")).to_have_text("clinic.csv")
    # with the file come its menus (predict, x axis, y axis): the dashboard still fits (tests/e2e/fit.py)
    unfit, widths = fit.measure(out.locator(f".{fit.VIEW_CLASS}"), FIT)  # asserted last: the rest runs
    print(f"the dashboard with clinic.csv: {widths}")

    # another feature on the y axis: the picture changes, the run (and its status) does not
    before = image_srcs(out)
    menu(out, "y axis").select_option(label="weight")
    expect_new_image(out, before)
    expect(out.locator("img").first).to_have_attribute(
        "alt",
        f"Decision boundary after epoch 150 of 150: the network classifies {run.accuracy(150):.0%} of the 120 training "
        "points right; P(class 1) over age and weight, the other 2 features at their mean.",
    )
    expect(out).to_contain_text(status_of(run))

    # another target: the file read again, the run trained on it
    before = image_srcs(out)
    target.select_option(label="smoker")
    other = lk.states.TrainingRun(data=lk.datasets.from_csv(path, target="smoker"))
    expect(out).to_contain_text(status_of(other), timeout=60_000)
    expect_new_image(out, before)
    assert error_outputs(page) == []
    assert unfit == [], f"the dashboard with an uploaded file does not fit ({SCREEN}):\n" + "\n".join(unfit)


@pytest.mark.lesson("06_epochs")
def test_a_run_saved_from_the_dashboard_loads_back_through_its_button(page, lab, tmp_path):
    """'save this run' writes the run beside the notebook; a run saved elsewhere, given to 'load a run',
    is shown as it was recorded, the controls set to its settings, with nothing trained."""
    base, token, folder = lab
    open_notebook(page, base, token, "06_epochs.ipynb")
    run_all(page)
    out = widget_output(page, "updates in all")
    out.get_by_role("button", name="save this run").click()
    expect(out).to_contain_text("Saved to training_run.npz", timeout=30_000)
    shown = lk.states.TrainingRun()  # what notebook 06's dashboard trains
    saved = lk.states.TrainingRun.load(folder / "training_run.npz")
    np.testing.assert_array_equal(saved.history.loss, shown.history.loss)

    other = lk.states.TrainingRun(dataset="circles", hidden=(4,), lr=0.1, epochs=40, n=80)
    before = image_srcs(out)
    with page.expect_file_chooser() as chooser:
        out.locator(".widget-upload", has_text="load a run").click()
    chooser.value.set_files(str(other.save(tmp_path / "circles_run.npz")))
    expect(out).to_contain_text("Loaded from circles_run.npz", timeout=60_000)
    expect(out).to_contain_text(status_of(other))
    expect_new_image(out, before)
    expect(menu(out, "dataset").locator("option:checked")).to_have_text("circles")
    expect(out.locator("input[type=text]").first).to_have_value("4")
    assert error_outputs(page) == []
