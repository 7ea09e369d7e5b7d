"""The course where a class opens it on Colab's versions: classic Notebook 6.5 with
ipywidgets 7.7 (the ``colab`` environment of tests/installs/envs.py), each notebook run
top to bottom in headless Chromium, then widgets driven with the mouse and the keyboard
and what they show read back from the page. The JupyterLab counterpart is
test_course_in_browser.py. The expected numbers are worked out here with ``math``, but
for the training dashboard's, which come from lessonkit run in the test's own environment.

The server's kernel imports lessonkit as installed in that environment: the fixture
first installs the wheel of the working tree into it, as the install tests do.
"""

import math
import re

import pytest
from playwright.sync_api import expect

import lessonkit as lk
from tests.conftest import unavailable
from tests.e2e import a11y, classic, fit
from tests.e2e.conftest import SCREEN, notebook_pages
from tests.e2e.lab import GRAPH_STEP_TITLES, expect_new_image, image_srcs, missing_browser
from tests.e2e.test_your_data import clinic_csv, status_of
from tests.installs import envs
from tests.references import ACTIVATIONS_BY_HAND

sigmoid = ACTIVATIONS_BY_HAND["sigmoid"]
NOTEBOOKS = sorted(p.name for p in (classic.ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="session")
def notebook_server(wheel):
    """A classic Notebook server running the working tree's lessonkit under Colab's pins."""
    missing = missing_browser() or classic.missing_env()
    if missing:
        unavailable(f"the classic Notebook tests need {missing}")
    envs.install_wheel(envs.env_python("colab"), wheel)
    with classic.running_notebook_server() as server:
        yield server


def listen(page):
    """Record the browser's errors in ``page.errors`` (console errors and uncaught exceptions:
    ipywidgets 7 reports a view it could not create only there)."""
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: classic.page_error(msg) and page.errors.append(f"console: {msg.text}"))


@pytest.fixture(scope="module")
def opened(notebook_server, chromium):
    """Each notebook run once in classic Notebook for this file: its widget tests, then its runs-clean test.
    Its kernel lives as long as its page (a notebook opened again would find it and its state)."""
    base, token, _ = notebook_server
    run = lambda page, name: run_notebook(page, notebook_server, name)  # noqa: E731
    stop = lambda name: classic.shutdown_kernels(base, token, notebook=name)  # noqa: E731
    with notebook_pages(chromium, run, prefix="classic-", on_page=listen, on_close=stop) as opened:
        yield opened


def run_notebook(page, server, name):
    """Open ``name``, check the kernel is the colab environment's, run every cell, and
    check that nothing shows an error and every widget the kernel sent is displayed."""
    base, token, _ = server
    classic.open_notebook(page, base, token, name)
    python, ipywidgets, lessonkit = classic.kernel_eval(
        page, "[__import__('sys').executable, __import__('ipywidgets').__version__, __import__('lessonkit').__file__]"
    )
    assert python.startswith(str(classic.COLAB_ENV)) and ipywidgets.startswith("7."), (python, ipywidgets)
    assert lessonkit.startswith(str(classic.COLAB_ENV)), f"the kernel imports lessonkit from {lessonkit}"
    page.errors.clear()  # from here on: what running the notebook causes
    classic.run_all(page)
    assert classic.error_outputs(page) == [], f"{name} shows errors"
    assert classic.unrun_cells(page) == [], f"{name}: cells not run"
    assert classic.undisplayed_widgets(page) == [], f"{name}: widgets not displayed"
    assert page.errors == [], f"{name}: errors in the browser"


@pytest.mark.lesson("01_forward_pass")
def test_neuron_explorer_follows_its_sliders(notebook):
    page = notebook("01_forward_pass.ipynb")
    out = classic.widget_output(page, "z = w·x + b")
    z = 0.5 * 1 + (-0.5) * 2 + 0.1  # the course's example: x = [1, 2], w = [0.5, -0.5], b = 0.1
    expect(out).to_contain_text(f"= {z:.3f}")
    expect(out).to_contain_text(f"a = sigmoid(z) = {sigmoid(z):.3f}")
    before = image_srcs(out)
    classic.press(classic.slider(out, "w1"), "ArrowRight")  # w1: 0.50 → 0.55, one step of 0.05
    z = 0.55 * 1 + (-0.5) * 2 + 0.1
    expect(out).to_contain_text(f"= {z:.3f}")
    expect(out).to_contain_text(f"a = sigmoid(z) = {sigmoid(z):.3f}")
    expect_new_image(out, before)
    classic.press(classic.slider(out, "b"), "ArrowLeft", times=3)  # b: 0.10 → -0.05
    z = 0.55 * 1 + (-0.5) * 2 - 0.05
    expect(out).to_contain_text(f"= {z:.3f}")
    expect(out).to_contain_text(f"a = sigmoid(z) = {sigmoid(z):.3f}")
    assert page.errors == []


def example_update(lr=0.1):
    """The course's example update written out: x = [1, 2], y = 1, w = [0.5, -0.5], b = 0.1, a
    sigmoid neuron with cross-entropy. Returns the numbers each stage shows, as text."""
    x, y, w, b = (1.0, 2.0), 1.0, (0.5, -0.5), 0.1
    z = w[0] * x[0] + w[1] * x[1] + b
    a = sigmoid(z)
    loss = -(y * math.log(a) + (1 - y) * math.log(1 - a))
    dL_da = -y / a + (1 - y) / (1 - a)
    da_dz = a * (1 - a)
    dL_dz = dL_da * da_dz
    grad_w = (dL_dz * x[0], dL_dz * x[1])
    w_new = (w[0] - lr * grad_w[0], w[1] - lr * grad_w[1])
    b_new = b - lr * dL_dz
    a_after = sigmoid(w_new[0] * x[0] + w_new[1] * x[1] + b_new)
    loss_after = -math.log(a_after)
    return {
        "forward": [f"{z:.5f}", f"{a:.5f}"],
        "loss": [f"{loss:.5f}"],
        "gradients": [f"{dL_da:.5f}", f"{da_dz:.5f}", f"{dL_dz:.5f}", f"{grad_w[0]:.5f}", f"{grad_w[1]:.5f}"],
        "update": [
            f"{w_new[0]:.5f}",
            f"{w_new[1]:.5f}",
            f"{b_new:.5f}",
            f"{loss_after:.5f}",
            f"The loss went down, {loss:.4f} → {loss_after:.4f}",
        ],
    }


def test_example_update_by_hand_is_the_course_example():
    """The numbers the course's text quotes (notebooks 00 and 05), so that ``example_update``
    is checked by something other than the widget it checks."""
    shown = example_update()
    assert shown["forward"] == ["-0.40000", "0.40131"]
    assert shown["loss"] == ["0.91302"]
    assert shown["gradients"][2:] == ["-0.59869", "-0.59869", "-1.19738"]
    assert shown["update"][:3] == ["0.55987", "-0.38026", "0.15987"]


@pytest.mark.lesson("05_update")
def test_step_through_walks_the_example_update(notebook):
    page = notebook("05_update.ipynb")
    out = classic.widget_output(page, "forward → loss → gradients → update")
    numbers = out.locator(".widget-html table")  # the stage's numbers, one row each
    stages = example_update()
    names = list(stages)
    for k, name in enumerate(names):
        if k:
            before = image_srcs(out)
            out.get_by_role("button", name="Next ▶").click()
            expect_new_image(out, before)  # the graph highlights the stage
        for text in stages[name]:
            expect(out).to_contain_text(text)
        for later in names[k + 1 :]:  # nothing of a stage not reached yet
            expect(numbers).not_to_contain_text(stages[later][0])
    expect(out.get_by_role("button", name="Next ▶")).to_be_disabled()

    # the learning rate, one keyboard step: η = 10^-1 → 10^-0.95, and the update is recomputed
    before = image_srcs(out)
    classic.press(classic.slider(out, "learning rate η"), "ArrowRight")
    bigger = example_update(lr=10**-0.95)
    for text in bigger["update"]:
        expect(out).to_contain_text(text)
    expect(numbers).not_to_contain_text(stages["update"][0])
    expect_new_image(out, before)  # the step's arrow on the landscape is longer

    out.get_by_role("button", name="◀ Back").click()
    expect(out).not_to_contain_text("The loss went down")
    expect(numbers).not_to_contain_text(bigger["update"][0])
    classic.press(classic.slider(out, "stage"), "Home")  # the first stage, as shown: the runs-clean test reads it
    expect(out.get_by_role("button", name="◀ Back")).to_be_disabled()
    assert page.errors == []


@pytest.mark.lesson("02_loss")
def test_loss_widgets_follow_their_sliders(notebook):
    page = notebook("02_loss.ipynb")
    out = classic.widget_output(page, "MSE: L = (ŷ − y)²")
    before = image_srcs(out)
    classic.press(classic.slider(out, "prediction ŷ"), "ArrowRight")  # ŷ: 0.70 → 0.71, y = 1
    expect(out).to_contain_text(f"= {(0.71 - 1) ** 2:.3f}")
    expect(out).to_contain_text(f"= {-math.log(0.71):.3f}")  # BCE
    expect(out).to_contain_text(f"= {-1 / 0.71:.3f}")  # its slope −y/ŷ
    expect_new_image(out, before)

    out = classic.widget_output(page, "∇L = [∂L/∂w1, ∂L/∂w2]")
    before = image_srcs(out)
    classic.press(classic.slider(out, "w1"), "ArrowRight")  # w: [0.50, −0.50] → [0.55, −0.50], one step of 0.05
    a = sigmoid(0.55 * 1 - 0.5 * 2 + 0.1)
    expect(out).to_contain_text(f"L = {-math.log(a):.3f}")
    expect(out).to_contain_text(f"[{(a - 1) * 1:.3f}, {(a - 1) * 2:.3f}]")  # ∂L/∂w = (a − y) x
    expect_new_image(out, before)
    assert page.errors == []


@pytest.mark.lesson("03_chain_rule")
def test_graph_stepper_steps_forward_and_back(notebook):
    page = notebook("03_chain_rule.ipynb")
    out = classic.widget_output(page, re.compile(r"Step \d of 8"))
    step = classic.slider(out, "step")
    titles = GRAPH_STEP_TITLES
    for k, title in enumerate(titles, start=2):
        before = image_srcs(out)
        classic.press(step, "ArrowRight")
        expect(out).to_contain_text(f"Step {k} of 8: {title}")
        expect_new_image(out, before)
    before = image_srcs(out)
    classic.press(step, "ArrowLeft")
    expect(out).to_contain_text(f"Step 5 of 8: {titles[3]}")
    expect_new_image(out, before)
    before = image_srcs(out)
    classic.press(classic.slider(out, "x1"), "ArrowRight")  # x1: 1 → 1.01, and everything is recomputed
    expect_new_image(out, before)
    classic.press(step, "Home")  # back to the first step: the runs-clean test below reads this page as shown
    expect(out).to_contain_text("Step 1 of 8")
    assert page.errors == []


@pytest.mark.lesson("06_epochs")
def test_training_dashboard_scrubs_epochs(notebook):
    page = notebook("06_epochs.ipynb")
    out = classic.widget_output(page, "updates in all")
    run = lk.states.TrainingRun()  # the dashboard's default run, trained here in the test's own environment
    last = run.epochs_run
    expect(out).to_contain_text(f"After epoch {last}: loss {run.history.loss[-1]:.4g}")
    before = [out.locator("img").nth(0).get_attribute("src"), out.locator("img").nth(1).get_attribute("src")]
    classic.press(classic.slider(out, "show epoch"), "ArrowLeft", times=5)
    e = last - 5
    expect(out).to_contain_text(f"After epoch {e}: loss {run.history.loss[e - 1]:.4g}")
    expect(out).to_contain_text(f"classifies {run.accuracy(e):.0%}")
    expect(out.locator("img").nth(0)).not_to_have_attribute("src", before[0])  # the boundary
    expect(out.locator("img").nth(1)).not_to_have_attribute("src", before[1])  # the loss curve's marker
    classic.press(classic.slider(out, "show epoch"), "End")  # the last epoch again, as the next tests find it
    expect(out).to_contain_text(f"After epoch {last}: loss {run.history.loss[-1]:.4g}")
    assert page.errors == []


@pytest.mark.lesson("06_epochs")
def test_training_dashboard_trains_on_an_uploaded_csv(notebook, tmp_path):
    """A CSV file uploaded through the dashboard's button (its <input type=file> is out of the page,
    as in ipywidgets 8: the button's label replaces it; the button opens the file chooser), then another
    column to predict: each run's numbers as lessonkit computes them here on the same file."""
    page = notebook("06_epochs.ipynb")  # after the epochs were scrubbed, before full batch is chosen
    out = classic.widget_output(page, "updates in all")
    path = clinic_csv(tmp_path / "clinic.csv")
    run = lk.states.TrainingRun(data=lk.datasets.from_csv(path, target="sick"))
    before = image_srcs(out)
    with page.expect_file_chooser() as chooser:
        out.locator(".widget-upload", has_text="your CSV").click()
    chooser.value.set_files(str(path))
    expect(out).to_contain_text(status_of(run), timeout=60_000)
    expect_new_image(out, before)
    target = out.locator(".widget-dropdown", has_text="predict").locator("select")
    expect(target).to_have_value("sick")
    unfit, _ = fit.measure(out.locator(f".{fit.VIEW_CLASS}"), classic.FIT)  # with the file's menus; asserted last
    before = image_srcs(out)
    target.select_option(label="smoker")
    other = lk.states.TrainingRun(data=lk.datasets.from_csv(path, target="smoker"))
    expect(out).to_contain_text(status_of(other), timeout=60_000)
    expect_new_image(out, before)
    assert classic.error_outputs(page) == [] and page.errors == []
    assert unfit == [], f"the dashboard with an uploaded file does not fit ({SCREEN}):\n" + "\n".join(unfit)


@pytest.mark.lesson("06_epochs")
def test_training_dashboard_trains_full_batch(notebook):
    """Choosing "full batch" retrains with one update per epoch, and the choice stays shown
    (an option whose value is None shows as no selection in ipywidgets 7 and 8)."""
    page = notebook("06_epochs.ipynb")
    out = classic.widget_output(page, "updates in all")
    epochs = lk.states.TrainingSettings().epochs
    batch = out.locator(".widget-dropdown", has_text="batch size").locator("select")
    batch.select_option(label="full batch")
    expect(out).to_contain_text(f"{epochs} epochs, {epochs} updates in all")  # one update per epoch: retrained
    assert page.errors == []
    expect(batch).to_have_value("full batch", timeout=5_000)  # what the learner chose is still shown


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean(notebook, name):
    # after the notebook's widget tests above, on the page they moved its widgets in
    classic_page = notebook(name)
    assert classic_page.locator(".code_cell .input_prompt", has_text=re.compile(r"In\s*\[\d+\]:")).count() > 0
    # every widget fits its output area, as shown and at every step, stage or epoch (tests/e2e/fit.py)
    unfit = fit.check_views(classic_page, classic.FIT, name, fit.views_in(classic.ROOT / "notebooks" / name))
    print("\n".join(unfit.widths))
    # axe-core on the widgets' outputs, reported, not failing (JupyterLab's test fails on them)
    ours, upstream = a11y.per_rule(a11y.violations(classic_page, outputs=a11y.CLASSIC_OUTPUTS))
    print(
        f"{name} (classic, ipywidgets 7): axe serious/critical in widget outputs: lessonkit {dict(ours)}, "
        f"ipywidgets only {dict(upstream)}"
    )
    assert not unfit, f"{name}: widgets that do not fit ({SCREEN}):\n{unfit}"
    assert classic_page.errors == [], f"{name}: errors in the browser while its widgets were moved"
    notebook.close(name)
