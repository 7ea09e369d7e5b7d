"""The step-throughs of notebooks 05 and 04 with the keyboard alone, in JupyterLab in
headless Chromium: the learner selects the widget's cell in command mode (Escape, arrow
keys), Tabs from the cell into its output, moves between the controls with Tab and
Shift+Tab, presses Enter or Space on Next ▶ and the arrow keys on a slider. No mouse
(the page reports every press the browser makes, and a test that made one fails), no focus set
by a script; every control the focus stops at shows lessonkit's focus outline (``FOCUS_OUTLINE``)."""

import re

import pytest
from playwright.sync_api import expect

import lessonkit as lk
from tests.e2e.lab import focused, keyboard_to_cell, open_notebook, run_all, tab_into_output, tab_walk, widget_output
from tests.references.backprop_network import NETWORK_X, network_by_hand

#: notebook 05's controls in the order Tab reaches them at the first stage (◀ Back is disabled there)
STEP_THROUGH = [
    ("select", "neuron"),
    ("slider", "learning rate η"),
    ("readout", "learning rate η"),
    ("input", "x1"),
    ("input", "x2"),
    ("input", "y"),
    ("input", "w1"),
    ("input", "w2"),
    ("input", "b"),
    ("slider", "stage"),
    ("button", "Next ▶"),
]
#: notebook 04's, at its first step
NETWORK_STEPPER = [
    ("slider", "step"),
    ("readout", "step"),
    ("button", "Next ▶"),
    ("slider", "x1"),
    ("readout", "x1"),
    ("slider", "x2"),
    ("readout", "x2"),
    ("input", "W1[0,0]"),
    ("input", "W2[0,0]"),
    ("select", "hidden activation"),
    ("slider", "learning rate η"),
    ("readout", "learning rate η"),
]


def stops(walk):
    return [(c["kind"], c["name"]) for c in walk]


def without_focus_indicator(walk):
    return [c for c in walk if not c["visible"]]


def open_and_run(page, lab, name):
    base, token, _ = lab
    open_notebook(page, base, token, name)
    run_all(page)


@pytest.mark.lesson("05_update")
def test_step_through_by_keyboard(page, lab):
    open_and_run(page, lab, "05_update.ipynb")
    out = widget_output(page, "forward → loss → gradients → update")
    keyboard_to_cell(page, "forward → loss → gradients → update")
    tab_into_output(page)
    walk = tab_walk(page, "Tab")
    assert stops(walk) == STEP_THROUGH
    assert without_focus_indicator(walk) == []

    # Tab left the widget for the next cell: select the widget's cell again and Tab to Next ▶
    keyboard_to_cell(page, "forward → loss → gradients → update")
    tab_into_output(page)
    for _ in range(len(STEP_THROUGH) - 1):
        page.keyboard.press("Tab")
    assert stops([focused(page)]) == [("button", "Next ▶")]
    s = lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.1)  # our example: x, y, w, b, η
    for key, shown in [
        ("Enter", [f"{s.loss:.5f}"]),
        ("Space", [f"{s.dL_dz:.5f}", f"{s.grad_w[0]:.5f}", f"{s.grad_w[1]:.5f}"]),
        ("Enter", [f"{s.w_new[0]:.5f}", f"{s.w_new[1]:.5f}", f"{s.b_new:.5f}", "The loss went down"]),
    ]:
        page.keyboard.press(key)
        for text in shown:
            expect(out).to_contain_text(text)

    # at the last stage Next ▶ is disabled: Shift+Tab goes on from where it was, through ◀ Back, now enabled
    page.keyboard.press("Shift+Tab")
    walk = tab_walk(page, "Shift+Tab")
    back = [("slider", "stage"), ("button", "◀ Back")] + STEP_THROUGH[-3::-1]
    assert stops(walk) == back
    assert without_focus_indicator(walk) == []

    page.keyboard.press("Tab")  # from the cell's toolbar into the widget again: the menu, then to η's handle
    for _ in range(STEP_THROUGH.index(("slider", "learning rate η"))):
        page.keyboard.press("Tab")
    assert stops([focused(page)]) == [("slider", "learning rate η")]
    page.keyboard.press("ArrowRight")  # log10 η: −1 → −0.95, one step of 0.05
    t = lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 10**-0.95)
    for text in (f"{t.w_new[0]:.5f}", f"{t.w_new[1]:.5f}", f"{t.b_new:.5f}"):
        expect(out).to_contain_text(text)
    expect(out).not_to_contain_text(f"{s.w_new[0]:.5f}")


@pytest.mark.lesson("04_backprop_network")
def test_network_stepper_by_keyboard(page, lab):
    open_and_run(page, lab, "04_backprop_network.ipynb")
    out = widget_output(page, re.compile(r"Step \d+ of 17"))
    keyboard_to_cell(page, "Step 1 of 17")
    assert stops([tab_into_output(page)]) == [("slider", "step")]
    walk = tab_walk(page, "Tab")
    assert stops(walk) == NETWORK_STEPPER
    assert without_focus_indicator(walk) == []

    params = [p.copy() for p in lk.MLP([2, 3, 1], activation="tanh", seed=0).params]  # notebook 01's weights
    v = network_by_hand(NETWORK_X, params, "tanh")
    page.keyboard.press("Shift+Tab")  # Tab left for the tab bar (no control below the widget): come back
    walk = tab_walk(page, "Shift+Tab")
    assert stops(walk) == NETWORK_STEPPER[::-1]
    assert without_focus_indicator(walk) == []
    page.keyboard.press("Tab")  # from the cell's toolbar, back to the step's handle
    assert stops([focused(page)]) == [("slider", "step")]
    page.keyboard.press("ArrowRight")
    expect(out).to_contain_text("Step 2 of 17")
    expect(out).to_contain_text(f"A1[0,0] = tanh(Z1[0,0]) = tanh({v['Z1'][0, 0]:.3g}) = {v['A1'][0, 0]:.3g}")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert stops([focused(page)]) == [("button", "Next ▶")]
    page.keyboard.press("Enter")
    expect(out).to_contain_text("Step 3 of 17")
    page.keyboard.press("Space")
    expect(out).to_contain_text("Step 4 of 17")
    assert focused(page)["visible"]


#: Reports every press of a mouse, pen or finger in the page (and its frames) that the browser itself made
#: (isTrusted: Playwright's mouse, Locator.click, page.click, tap; not a script's dispatchEvent). A click
#: of detail 0 is the one a browser makes for Enter or Space on a button: the keyboard's, not reported.
RECORD_PRESSES = """
for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'dblclick', 'auxclick',
                    'contextmenu', 'touchstart']) {
    window.addEventListener(type, e => {
        if (e.isTrusted && !(type === 'click' && e.detail === 0)) {
            const t = e.target, name = t && t.nodeType === 1 ? t.tagName.toLowerCase() + (t.className &&
                typeof t.className === 'string' ? '.' + t.className.split(' ')[0] : '') : String(t);
            window.lessonkitPressed(`${type} on ${name}`);
        }
    }, true);
}
"""


@pytest.fixture(autouse=True)
def pressed(page):
    """Fail a test of this file that uses the mouse: the keyboard alone. Yields the presses seen so far."""
    seen = []
    page.expose_function("lessonkitPressed", lambda said: seen.append(said))
    page.add_init_script(RECORD_PRESSES)
    yield seen
    page.evaluate("() => new Promise(requestAnimationFrame)")  # the page's last reports reach us first
    assert seen == [], f"a keyboard-only test used the mouse: {seen}"


@pytest.mark.lesson("00_start_here")
def test_the_guard_sees_a_click(page, lab, pressed):
    base, token, _ = lab
    open_notebook(page, base, token, "00_start_here.ipynb")
    page.keyboard.press("Escape")  # a keyboard press, and so
    page.keyboard.press("Enter")  # nothing
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.click(".jp-Notebook .jp-Cell >> nth=1")
    page.mouse.click(5, 5)
    page.evaluate("() => new Promise(requestAnimationFrame)")
    kinds = [said.split(" on ")[0] for said in pressed]
    assert kinds == ["pointerdown", "mousedown", "pointerup", "mouseup", "click"] * 3, pressed
    pressed.clear()  # seen: this test passes
