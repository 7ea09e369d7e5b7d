"""The course as a learner meets it: each notebook opened in JupyterLab, run top to
bottom in headless Chromium, then its widgets moved with the keyboard and what
they display read back from the page."""

import math
import re

import pytest
from playwright.sync_api import expect

import lessonkit as lk
from lessonkit.text import sig
from tests.e2e import a11y, fit
from tests.e2e.conftest import SCREEN, new_page, notebook_pages
from tests.e2e.lab import (
    FIT,
    GRAPH_STEP_TITLES,
    ROOT,
    css_px,
    error_outputs,
    expect_image,
    expect_new_image,
    image_src,
    image_srcs,
    menu,
    open_notebook,
    press,
    run_all,
    side_panel_width,
    slider,
    widget_output,
)
from tests.references import ACTIVATIONS_BY_HAND
from tests.references.backprop_network import NETWORK_X, network_by_hand
from tests.shown import png
from tests.widgets.test_pictures import SMALL_TEXT_PX

sigmoid = ACTIVATIONS_BY_HAND["sigmoid"]

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def run_notebook(page, lab, name):
    base, token, _ = lab
    open_notebook(page, base, token, name)
    run_all(page)
    assert error_outputs(page) == [], f"{name} shows errors"


@pytest.fixture(scope="module")
def opened(browser, lab):
    """Each notebook run once in JupyterLab for this file: its widget tests, then its runs-clean test."""
    with notebook_pages(browser, lambda page, name: run_notebook(page, lab, name)) as opened:
        yield opened


#: a page built by hand: what axe must report (and where), what only ipywidgets can fix, what is out of scope
AXE_PAGE = """<!doctype html><html lang="en"><head><title>t</title></head><body><main>
<div class="jp-OutputArea-output"><div class="jupyter-widgets widget-vbox">
  <button class="jupyter-button" id="icon-only"><i class="fa fa-play"></i></button>
  <img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <div class="jupyter-widgets widget-play"><button class="jupyter-button"><i class="fa fa-stop"></i></button></div>
  <div class="jupyter-widgets widget-slider"><div class="noUi-handle" role="slider" tabindex="0" aria-valuenow="1"
       aria-valuemin="0" aria-valuemax="2"></div></div>
  <button class="jupyter-button">Next ▶</button>
</div></div>
<div class="jp-OutputArea-output"><pre>text, no widget</pre><button></button></div>
<button id="chrome"></button>
</main></body></html>"""


def test_axe_check_reports_what_lessonkit_could_fix(chromium, request):
    with new_page(chromium, request) as page:
        page.set_content(AXE_PAGE)
        found = a11y.violations(page)
    ours, upstream = a11y.per_rule(found)
    assert ours == {"button-name": 1, "image-alt": 1}
    assert upstream == {"button-name": 1, "aria-input-field-name": 1}
    assert sorted(f.target for f in a11y.fixable(found)) == ["#icon-only", "#no-alt"]
    assert all(f.upstream.url.startswith("https://github.com/") for f in found if f.upstream)


@pytest.mark.lesson("01_forward_pass")
def test_neuron_explorer_follows_its_sliders(notebook):
    page = notebook("01_forward_pass.ipynb")
    out = widget_output(page, "z = w·x + b")
    expect(out).to_contain_text("= -0.400")
    before = image_srcs(out)
    press(slider(out, "w1"), "ArrowRight")  # w1: 0.50 → 0.55, one step of 0.05
    z = 0.55 * 1 + (-0.5) * 2 + 0.1
    expect(out).to_contain_text(f"= {z:.3f}")
    expect(out).to_contain_text(f"a = sigmoid(z) = {sigmoid(z):.3f}")
    expect_new_image(out, before)
    press(slider(out, "b"), "ArrowLeft", times=3)  # b: 0.10 → -0.05
    z = 0.55 * 1 + (-0.5) * 2 - 0.05
    expect(out).to_contain_text(f"= {z:.3f}")
    expect(out).to_contain_text(f"{sigmoid(z):.3f}")


@pytest.mark.lesson("02_loss")
def test_loss_widgets_follow_their_sliders(notebook):
    page = notebook("02_loss.ipynb")
    out = widget_output(page, "MSE: L = (ŷ − y)²")
    before = image_srcs(out)
    press(slider(out, "prediction ŷ"), "ArrowRight")  # ŷ: 0.70 → 0.71, y = 1
    expect(out).to_contain_text(f"= {(0.71 - 1) ** 2:.3f}")
    expect(out).to_contain_text(f"= {-math.log(0.71):.3f}")  # BCE
    expect(out).to_contain_text(f"= {-1 / 0.71:.3f}")  # its slope −y/ŷ
    expect_new_image(out, before)

    out = widget_output(page, "∇L = [∂L/∂w1, ∂L/∂w2]")
    before = image_srcs(out)
    press(slider(out, "w1"), "ArrowRight")  # w: [0.50, −0.50] → [0.55, −0.50], one step of 0.05
    a = sigmoid(0.55 * 1 - 0.5 * 2 + 0.1)
    expect(out).to_contain_text(f"L = {-math.log(a):.3f}")
    expect(out).to_contain_text(f"[{(a - 1) * 1:.3f}, {(a - 1) * 2:.3f}]")  # ∂L/∂w = (a − y) x
    expect_new_image(out, before)


@pytest.mark.lesson("03_chain_rule")
def test_graph_stepper_steps_forward_and_back(notebook):
    page = notebook("03_chain_rule.ipynb")
    out = widget_output(page, re.compile(r"Step \d of 8"))
    step = slider(out, "step")
    titles = GRAPH_STEP_TITLES
    for k, title in enumerate(titles, start=2):
        before = image_srcs(out)
        press(step, "ArrowRight")
        expect(out).to_contain_text(f"Step {k} of 8: {title}")
        expect_new_image(out, before)
    # the chain rule with live numbers is drawn under the graph (mathtext, so it reads the same in Colab):
    # the page shows exactly the picture of a GraphStepper at ∂L/∂w1,
    # whose numbers tests/widgets/test_chain_rule.py checks
    view = lk.widgets.GraphStepper()
    view.step.value = 5
    assert view.state.current == ("backward", "w1")
    expect_image(out, png(view.panel))
    press(slider(out, "x1"), "ArrowRight")  # x1: 1 → 1.01, and everything is recomputed
    view.x1.value = 1.01
    expect_image(out, png(view.panel))
    press(step, "Home")  # back to the first step: the runs-clean test below reads this page as shown
    expect(out).to_contain_text("Step 1 of 8")


@pytest.mark.lesson("04_backprop_network")
def test_network_stepper_steps_and_recomputes(notebook):
    page = notebook("04_backprop_network.ipynb")
    out = widget_output(page, re.compile(r"Step \d+ of 17"))
    params = [p.copy() for p in lk.MLP([2, 3, 1], activation="tanh", seed=0).params]  # notebook 01's weights
    v = network_by_hand(NETWORK_X, params, "tanh")  # every array, written out in numpy
    expect(out).to_contain_text(f"Z1[0,0] = Σ_j X[0,j] W1[j,0] + b1[0] = (1)({params[0][0, 0]:.3g})")
    expect(out).to_contain_text(f"= {v['Z1'][0, 0]:.3g}")
    step = slider(out, "step")
    before = image_srcs(out)
    press(step, "ArrowRight")
    expect(out).to_contain_text("Step 2 of 17")
    expect(out).to_contain_text(f"A1[0,0] = tanh(Z1[0,0]) = tanh({v['Z1'][0, 0]:.3g}) = {v['A1'][0, 0]:.3g}")
    expect_new_image(out, before)
    press(step, "ArrowRight", times=8)  # to dW1 = Xᵀ dZ1
    expect(out).to_contain_text("Step 10 of 17")
    expect(out).to_contain_text("(2, 4) @ (4, 3) → (2, 3)")
    expect(out).to_contain_text(f"dW1[0,0] = Σ_i X[i,0] dZ1[i,0] = (1)({v['dZ1'][0, 0]:.3g})")
    expect(out).to_contain_text(f"= {v['dW1'][0, 0]:.3g}")
    before = image_srcs(out)
    press(slider(out, "x1"), "ArrowRight")  # our x1: 1 → 1.1 (a step of 0.1), and every array after it is recomputed
    X = NETWORK_X.copy()
    X[0, 0] = 1.1
    v = network_by_hand(X, params, "tanh")
    expect(out).to_contain_text(f"dW1[0,0] = Σ_i X[i,0] dZ1[i,0] = (1.1)({v['dZ1'][0, 0]:.3g})")
    expect(out).to_contain_text(f"= {v['dW1'][0, 0]:.3g}")
    expect_new_image(out, before)
    press(step, "ArrowLeft", times=9)  # back to Z1 at the new x
    expect(out).to_contain_text(
        f"= (1.1)({params[0][0, 0]:.3g}) + (2)({params[0][1, 0]:.3g}) + (0) = {v['Z1'][0, 0]:.3g}"
    )
    press(step, "End")  # the update's last step: the loss after it
    expect(out).to_contain_text("Step 17 of 17")
    expect(out).to_contain_text(f"L = {lk.text.sig(v['L'], 4)} → L_new = {lk.text.sig(v['L_new'], 4)}")
    press(slider(out, "learning rate η"), "ArrowRight")  # η = 10^−1 → 10^−0.95, one step of the log slider
    v = network_by_hand(X, params, "tanh", lr=10**-0.95)
    expect(out).to_contain_text(f"L_new = {lk.text.sig(v['L_new'], 4)}")  # its cell, to 2 digits, may stay
    press(step, "Home")  # back where the runs-clean test finds it


@pytest.mark.lesson("05_update")
def test_step_through_walks_the_example_update(notebook):
    page = notebook("05_update.ipynb")
    out = widget_output(page, "forward → loss → gradients → update")
    s = lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.1)
    stages = [
        [f"{s.z:.5f}", f"{s.a:.5f}"],
        [f"{s.loss:.5f}"],
        [f"{s.dL_dz:.5f}", f"{s.grad_w[0]:.5f}", f"{s.grad_w[1]:.5f}"],
        [
            "0.55987",
            "-0.38026",
            "0.15987",
            f"{s.loss:.4f} → {lk.neuron_step([1, 2], 1, s.w_new, s.b_new, 0.1).loss:.4f}",
        ],
    ]
    expect(out).to_contain_text("-0.40000")
    for k, shown in enumerate(stages):
        if k:
            before = image_srcs(out)
            out.get_by_role("button", name="Next ▶").click()
            expect_new_image(out, before)
        for text in shown:
            expect(out).to_contain_text(text)
    expect(out).to_contain_text("The loss went down")
    out.get_by_role("button", name="◀ Back").click()
    expect(out).not_to_contain_text("The loss went down")
    press(slider(out, "stage"), "Home")  # back to the first stage, as shown: the runs-clean test reads this page
    expect(out.get_by_role("button", name="◀ Back")).to_be_disabled()


@pytest.mark.lesson("06_epochs")
def test_training_dashboard_scrubs_epochs(notebook):
    page = notebook("06_epochs.ipynb")
    out = widget_output(page, "updates in all")
    run = lk.states.TrainingRun()
    last = run.epochs_run
    expect(out).to_contain_text(f"After epoch {last}: loss {run.history.loss[-1]:.4g}")
    before = [image_src(out, 0), image_src(out, 1)]  # the boundary and the loss curve both move
    press(slider(out, "show epoch"), "ArrowLeft", times=5)
    e = last - 5
    expect(out).to_contain_text(f"After epoch {e}: loss {run.history.loss[e - 1]:.4g}")
    expect(out).to_contain_text(f"classifies {run.accuracy(e):.0%}")
    expect(out.locator("img").nth(0)).not_to_have_attribute("src", before[0])
    expect(out.locator("img").nth(1)).not_to_have_attribute("src", before[1])
    press(slider(out, "show epoch"), "End")  # back to the last epoch, as shown: the runs-clean test reads this page
    expect(out).to_contain_text(f"After epoch {last}: loss {run.history.loss[-1]:.4g}")


@pytest.mark.lesson("06_epochs")
def test_training_dashboard_draws_a_unit_chosen_and_opens_the_next_update(notebook):
    page = notebook("06_epochs.ipynb")
    out = widget_output(page, "updates in all")
    run = lk.states.TrainingRun()
    W1, b1 = run.snapshots[-1][0], run.snapshots[-1][1]
    before = image_srcs(out)
    menu(out, "unit").select_option(label="layer 1, unit 3")
    expect(out).to_contain_text(f"W1[:, 2] = [{', '.join(sig(w, 2) for w in W1[:, 2])}]")
    expect(out).to_contain_text(f"b1[2] = {sig(b1[2], 2)}")
    expect_new_image(out, before)  # the unit drawn large, and framed among the others
    out.get_by_role("button", name="step through the next update").click()
    expect(out).to_contain_text(f"The update after epoch {run.epochs_run} of the run, on training point 0")
    expect(out).to_contain_text("Step 1 of")
    before = image_srcs(out)
    out.get_by_role("button", name="Next ▶").click()
    expect(out).to_contain_text("Step 2 of")
    expect_new_image(out, before)
    out.get_by_role("button", name="close the update").click()  # as shown: the runs-clean test reads this page
    expect(out).not_to_contain_text("The update after epoch")
    menu(out, "unit").select_option(label="the output")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean(notebook, name):
    # after the notebook's widget tests above, on the page they moved its widgets in
    page = notebook(name)
    n_code = page.locator(".jp-CodeCell").count()
    assert n_code > 0 and page.locator(".jp-CodeCell .jp-InputArea-prompt", has_text="[*]").count() == 0
    # the narrow case a learner's laptop meets: the file browser open beside the notebook
    side = side_panel_width(page)
    assert 240 <= side <= 260, f"the file browser should be open, about 250 px wide: {side} px"
    small = css_px(page, "var(--jp-ui-font-size0)")
    assert small <= SMALL_TEXT_PX, f"the notebook's small text is {small} px, SMALL_TEXT_PX {SMALL_TEXT_PX}"
    # every widget fits its output area, as shown and at every step, stage or epoch (tests/e2e/fit.py)
    unfit = fit.check_views(page, FIT, name, fit.views_in(ROOT / "notebooks" / name))
    print(f"{name}: viewport {SCREEN}, file browser {side:.0f} px, small text {small:.2f} px")
    print("\n".join(unfit.widths))
    # axe-core on the widgets' outputs (tests/e2e/a11y.py): what only ipywidgets can fix is counted apart
    found = a11y.violations(page)
    ours, upstream = a11y.per_rule(found)
    print(f"{name}: axe serious/critical in widget outputs: lessonkit {dict(ours)}, ipywidgets only {dict(upstream)}")
    failures = [f"{name}: widgets that do not fit ({SCREEN}, file browser open):\n{unfit}"] if unfit else []
    if a11y.fixable(found):
        failures.append(
            f"{name}: accessibility violations in widget outputs:\n" + "\n".join(map(str, a11y.fixable(found)))
        )
    assert not failures, "\n\n".join(failures)
    notebook.close(name)
