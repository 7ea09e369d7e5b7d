"""JupyterLab in headless Chromium: start a server of our own, open a notebook,
run it, find widgets. Used by the browser tests (conftest.py) and by
benchmarks/bench_browser.py.
"""

import base64
import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.e2e.fit import FrontEnd

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LESSONKIT_CHROMIUM", "/usr/bin/chromium")
#: A learner's laptop: 1280×800, where JupyterLab with its file browser open leaves an output area
#: of about 850 px (tests/e2e/fit.py checks the widgets fit there). The browser tests and benchmarks open pages so.
VIEWPORT = {"width": 1280, "height": 800}
SCREEN = f"{VIEWPORT['width']}×{VIEWPORT['height']}"  # as messages write it
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: ipywidgets 8 draws a slider with noUiSlider; its handle takes the focus (role=slider, aria-value*)
SLIDER_HANDLE = ".noUi-handle"
#: What tests/e2e/fit.py needs to know of JupyterLab 4 with ipywidgets 8
FIT = FrontEnd(
    name="JupyterLab",
    output=".jp-OutputArea-output",
    track=".noUi-target",
    handle=SLIDER_HANDLE,
    position="""h => (h.getAttribute('aria-valuenow') - h.getAttribute('aria-valuemin'))
                     / (h.getAttribute('aria-valuemax') - h.getAttribute('aria-valuemin'))""",
    idle="() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
)


#: The graph stepper's steps 2 to 6, as its readout titles them: what a learner sees stepping forward.
GRAPH_STEP_TITLES = [
    "forward, the value of a",
    "forward, the value of L",
    "backward, ∂L/∂a",
    "backward, ∂L/∂z",
    "backward, ∂L/∂w1",
]


def missing_browser():
    """What the browser tests lack, as a sentence, or None."""
    missing = []
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    return " and ".join(missing) or None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


@contextlib.contextmanager
def running_lab(notebooks=ROOT / "notebooks"):
    """A JupyterLab server on a free loopback port with a random token, serving a
    temporary copy of ``notebooks`` (the browser never writes into the repo).
    Yields (base_url, token, notebook_dir)."""
    with tempfile.TemporaryDirectory(prefix="lessonkit-lab-") as tmp:
        tmp = Path(tmp)
        root = tmp / "notebooks"
        shutil.copytree(notebooks, root)
        settings = tmp / "settings" / "@jupyterlab"
        # JupyterLab 4 detaches off-screen cells: render them all, so every output is in the page
        _write_json(settings / "notebook-extension" / "tracker.jupyterlab-settings", {"windowingMode": "none"})
        _write_json(settings / "docmanager-extension" / "plugin.jupyterlab-settings", {"autosave": False})
        _write_json(
            settings / "apputils-extension" / "notification.jupyterlab-settings",
            {"checkForUpdates": False, "fetchNews": "false"},
        )
        env = dict(
            os.environ,
            JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
            JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        )
        port, token = free_port(), secrets.token_hex(16)
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            "--LabApp.expose_app_in_browser=True",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.port_retries=0",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        with serve(cmd, env, f"http://127.0.0.1:{port}", token, tmp / "lab.log", "JupyterLab") as base:
            yield base, token, root


@contextlib.contextmanager
def serve(cmd, env, base, token, log_path, what):
    """Run the Jupyter server ``cmd`` (output to ``log_path``) until ``base``/api/status
    answers; yield ``base``; stop the server afterwards. ``what`` names it in errors."""
    with open(log_path, "w") as log:
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{what} did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.5)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def open_notebook(page, base, token, name, timeout=120_000):
    """Open notebook ``name`` and wait until its kernel is connected and idle."""
    page.goto(f"{base}/lab/tree/{name}?reset&token={token}")
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
            return k && k.connectionStatus === 'connected' && k.status === 'idle';
        }""",
        timeout=timeout,
    )


def run_all(page, timeout=300_000):
    """Run every cell and wait until every code cell shows an execution count."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
        }""",
        timeout=timeout,
        polling=250,
    )
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=timeout)


def side_panel_width(page):
    """The width of JupyterLab's left side panel (the file browser) in pixels; 0 when it is closed."""
    return page.evaluate("""() => {
        const panel = document.querySelector('#jp-left-stack');
        return panel && panel.checkVisibility() ? panel.getBoundingClientRect().width : 0;
    }""")


def css_px(page, value):
    """What CSS ``value`` (a length, such as ``var(--jp-ui-font-size0)``) comes to as a font size
    in the page, in pixels: read from a span given that font size for a moment."""
    return page.evaluate(
        """value => {
        const span = document.createElement('span');
        span.style.fontSize = value;
        document.querySelector('.jp-Notebook').append(span);
        const size = parseFloat(getComputedStyle(span).fontSize);
        span.remove();
        return size;
    }""",
        value,
    )


def kernel_print(page, code, timeout=60_000):
    """Run ``code`` in the open notebook's kernel outside any cell (no output in the
    notebook, no execution count, not in the history) and return what it printed.
    A Python error raises RuntimeError with the kernel's message."""
    result = page.evaluate(
        """async ([code, timeout]) => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        const future = kernel.requestExecute({code, silent: false, store_history: false});
        let text = '', error = null;
        future.onIOPub = msg => {
            if (msg.header.msg_type === 'stream') text += msg.content.text;
            if (msg.header.msg_type === 'error') error = `${msg.content.ename}: ${msg.content.evalue}`;
        };
        const late = new Promise(r => setTimeout(() => r('late'), timeout));
        if (await Promise.race([future.done, late]) === 'late') error = `no reply within ${timeout} ms`;
        return {text, error};
    }""",
        [code, timeout],
    )
    if result["error"]:
        raise RuntimeError(f"the kernel said {result['error']}")
    return result["text"]


def error_outputs(page):
    """Texts of every output that shows an error: tracebacks and stderr, widgets
    that failed to display, and lessonkit widgets' own error lines."""
    found = []
    for selector in (
        "[data-mime-type='application/vnd.jupyter.stderr']",
        ".jp-OutputArea-output:has-text('Traceback')",
        ":text('Error displaying widget')",
        ".widget-html:has-text('⚠')",
    ):
        loc = page.locator(selector)
        found += [loc.nth(i).inner_text()[:500] for i in range(loc.count())]
    return found


def widget_output(page, text):
    """The output area of the widget whose displayed text contains ``text``."""
    return page.locator(".jp-OutputArea-output").filter(has_text=text).last


def menu(output, description):
    """The <select> of the Dropdown labelled ``description`` inside ``output``."""
    label = re.compile(rf"^\s*{re.escape(description)}\s*$")
    return (
        output.locator(".widget-dropdown")
        .filter(has=output.page.locator(".widget-label", has_text=label))
        .locator("select")
    )


def slider(output, description):
    """The slider labelled ``description`` inside ``output``."""
    label = re.compile(rf"^\s*{re.escape(description)}\s*$")
    return output.locator(".widget-slider").filter(has=output.page.locator(".widget-label", has_text=label)).first


def press(slider_locator, key, times=1, handle=SLIDER_HANDLE):
    """Move a slider as a learner would: focus its handle, press ``key``. ``handle``:
    the handle's selector (ipywidgets 8 draws sliders with noUiSlider, 7 with jQuery UI)."""
    handle = slider_locator.locator(handle)
    handle.focus()
    for _ in range(times):
        handle.press(key)


# ---- pictures in the page (both front ends) ----------------------------------------------


def image_src(output, nth=0):
    return output.locator("img").nth(nth).get_attribute("src")


def image_srcs(output):
    """Every picture's address: a new one for each picture the kernel sends."""
    return output.evaluate("el => [...el.querySelectorAll('img')].map(i => i.src).join(' ')")


def image_bytes(output, nth=0):
    """The bytes of a picture in the page, as the kernel sent them."""
    data = (
        output.locator("img")
        .nth(nth)
        .evaluate("""async img => {
        const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
        let text = ''; for (const b of bytes) text += String.fromCharCode(b);
        return btoa(text); }""")
    )
    return base64.b64decode(data)


def expect_image(output, expected, nth=0, timeout=30):
    """Wait until picture ``nth`` of ``output`` is ``expected`` (PNG bytes)."""
    deadline = time.monotonic() + timeout
    while image_bytes(output, nth) != expected:
        assert time.monotonic() < deadline, "the page does not show the expected picture"
        time.sleep(0.2)


def expect_new_image(output, before):
    """Wait until some picture of ``output`` is new (``before``: ``image_srcs`` earlier)."""
    output.page.wait_for_function(
        "([el, before]) => [...el.querySelectorAll('img')].map(i => i.src).join(' ') !== before",
        arg=[output.element_handle(), before],
        timeout=30_000,
    )


# ---- the keyboard alone ------------------------------------------------------------------


def keyboard_to_cell(page, text):
    """Select, as a keyboard user does, the code cell whose output shows ``text``: Escape to
    command mode, then ArrowUp/ArrowDown from the active cell. Returns the cell's locator."""
    page.keyboard.press("Escape")
    cells = page.locator(".jp-Notebook .jp-Cell")
    target = page.evaluate(
        """text => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].findIndex(
        c => [...c.querySelectorAll('.jp-OutputArea-output')].some(o => o.textContent.includes(text)))""",
        text,
    )
    assert target >= 0, f"no cell shows {text!r}"
    active = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    for _ in range(abs(active - target)):
        page.keyboard.press("ArrowUp" if active > target else "ArrowDown")
    cell = cells.nth(target)
    page.wait_for_function("i => window.jupyterapp.shell.currentWidget.content.activeCellIndex === i", arg=target)
    return cell


#: The focus indicator lessonkit draws (FOCUS_CSS in lessonkit/widgets/base.py), as the page computes it: a
#: solid outline 2 px wide, 1 px off the control, in the theme's focus colour (JupyterLab's light theme's
#: --jp-brand-color1 is #1976d2). ipywidgets' own (a box shadow on a focused button, a border colour on a
#: box) and JupyterLab's are other styles, so a page without FOCUS_CSS fails this.
FOCUS_OUTLINE = {"style": "solid", "width": "2px", "offset": "1px", "color": "rgb(25, 118, 210)"}

#: What has the keyboard focus: its kind, its name as the page shows it (a button's text, the
#: description of the widget around it), whether it is inside a widget's output, and the outline
#: drawn on it while :focus-visible (``outline``: style, width, offset, colour; None when not :focus-visible).
_FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const widget = el.closest('.jupyter-widgets:not(.widget-container)');
    const label = widget && widget.querySelector('.widget-label');
    const style = getComputedStyle(el);
    return {kind: el.getAttribute('role') || (el.isContentEditable ? 'readout' : el.tagName.toLowerCase()),
            name: (el.tagName === 'BUTTON' ? el.textContent : label ? label.textContent : '').trim(),
            in_widget: !!el.closest('.jp-OutputArea-output .jupyter-widgets'),
            outline: el.matches(':focus-visible') ? {style: style.outlineStyle, width: style.outlineWidth,
                                                     offset: style.outlineOffset, color: style.outlineColor} : null};
}"""


def focused(page):
    """The control with the keyboard focus, as a dict (``_FOCUSED``; ``visible``: it shows
    ``FOCUS_OUTLINE``), or None."""
    now = page.evaluate(_FOCUSED)
    if now is not None:
        now["visible"] = now["outline"] == FOCUS_OUTLINE
    return now


def tab_into_output(page, most=10):
    """Press Tab until the focus is on a widget's control (from the selected cell); return it."""
    for _ in range(most):
        page.keyboard.press("Tab")
        now = focused(page)
        if now and now["in_widget"]:
            return now
    raise AssertionError(f"{most} presses of Tab did not reach the widget's controls")


def tab_walk(page, key="Tab"):
    """Press ``key`` (Tab, Shift+Tab) until the focus leaves the widget; every control it
    stopped at, from the one focused now."""
    seen = [focused(page)]
    while True:
        page.keyboard.press(key)
        now = focused(page)
        if not (now and now["in_widget"]):
            return seen
        seen.append(now)
        assert len(seen) < 60, "the focus never leaves the widget"
