"""Classic Notebook 6.5 with ipywidgets 7.7 (the front end a class meets on Colab) in
headless Chromium: start a server of our own from the ``colab`` environment
(tests/installs/envs.py), open a notebook, run it, find widgets. The counterpart
of lab.py, whose browser, port and slider helpers it shares.
"""

import ast
import contextlib
import json
import os
import secrets
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path

from tests.e2e import lab
from tests.e2e.fit import FrontEnd
from tests.e2e.lab import ROOT, _write_json, free_port, serve, slider  # noqa: F401 (slider: re-exported)
from tests.installs import envs

#: Colab's pins, with lessonkit: built by ``python tests/installs/envs.py colab``.
COLAB_ENV = envs.env_dir("colab")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
#: ipywidgets 7 draws a slider with jQuery UI (8 with noUiSlider: ``.noUi-handle``)
SLIDER_HANDLE = ".ui-slider-handle"
#: What tests/e2e/fit.py needs to know of the classic Notebook with ipywidgets 7: jQuery UI keeps a
#: slider's range to itself (no aria-value*), but places the handle at ``left: p%`` of the track
FIT = FrontEnd(
    name="classic Notebook",
    output=".output_subarea",
    track=".ui-slider",
    handle=SLIDER_HANDLE,
    position="h => parseFloat(h.style.left) / 100",
    idle="() => document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null",
)


def missing_env(env=COLAB_ENV):
    """What the classic Notebook tests lack, as a sentence, or None."""
    if not (Path(env) / ".installed").exists():
        return f"an environment at {env} (python tests/installs/envs.py colab builds Colab's)"
    return None


@contextlib.contextmanager
def running_notebook_server(env=COLAB_ENV, notebooks=ROOT / "notebooks"):
    """A classic Notebook server (``jupyter notebook`` of environment ``env``) on a free
    loopback port with a random token, serving a temporary copy of ``notebooks`` (the
    browser never writes into the repo). Its configuration, data and runtime folders are
    temporary too, and its one kernel, ``python3``, is ``env``'s python, whatever the
    user's or the system's kernel specs say. Yields (base_url, token, notebook_dir)."""
    python = Path(env) / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    with tempfile.TemporaryDirectory(prefix="lessonkit-classic-") as tmp:
        tmp = Path(tmp)
        root = tmp / "notebooks"
        shutil.copytree(notebooks, root)
        # the env's jupyterlab registers itself as a server extension that Notebook 6 cannot load: off
        _write_json(
            tmp / "config" / "jupyter_notebook_config.json",
            {"NotebookApp": {"nbserver_extensions": {"jupyterlab": False}}},
        )
        envs.kernel_spec(tmp / "path", python, "python3")
        run_env = dict(
            os.environ,
            JUPYTER_CONFIG_DIR=str(tmp / "config"),
            JUPYTER_DATA_DIR=str(tmp / "data"),
            JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
            JUPYTER_PATH=str(tmp / "path"),
            OPENBLAS_NUM_THREADS="1",
        )
        run_env.pop("PYTHONPATH", None)  # the kernel imports lessonkit as installed in env, never the working tree
        port, token = free_port(), secrets.token_hex(16)
        cmd = [
            str(python),
            "-m",
            "notebook",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--NotebookApp.token={token}",
            f"--NotebookApp.notebook_dir={root}",
            "--NotebookApp.port_retries=0",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        with serve(cmd, run_env, f"http://127.0.0.1:{port}", token, tmp / "notebook.log", "Jupyter Notebook") as base:
            yield base, token, root


def shutdown_kernels(base, token, notebook=None):
    """Stop every kernel of the server (its sessions), or only that of ``notebook`` (a file name),
    so the next notebook opened starts afresh."""
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=30) as r:
        sessions = json.load(r)
    for session in sessions:
        if notebook is not None and not session.get("path", "").endswith(notebook):
            continue
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def open_notebook(page, base, token, name, timeout=120_000):
    """Open notebook ``name``; wait until it is loaded, the widgets extension has a
    manager for its kernel and the kernel is idle. Autosave is then turned off (the
    notebook is a temporary copy, but a save would still rewrite it under the test), and
    the widget state saved in the notebook restored."""
    page.goto(f"{base}/notebooks/{name}?token={token}")
    page.wait_for_function(
        """() => {
            const nb = window.Jupyter && window.Jupyter.notebook;
            const k = nb && nb._fully_loaded && nb.kernel;
            return k && k.is_connected() && k.widget_manager
                && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
        }""",
        timeout=timeout,
        polling=250,
    )
    page.evaluate("window.Jupyter.notebook.set_autosave_interval(0)")
    restore_saved_widgets(page, timeout)


def restore_saved_widgets(page, timeout=120_000):
    """Wait until the widgets extension has restored the widget state saved in the notebook
    (it does so once the kernel is connected, in the background): each saved model is
    created or has failed, and a failure has been reported to the page. Returns the
    number of saved models that could not be restored."""
    return page.evaluate(
        """async (timeout) => {
            const nb = window.Jupyter.notebook, manager = nb.kernel.widget_manager;
            const saved = ((nb.metadata.widgets || {})['application/vnd.jupyter.widget-state+json'] || {}).state || {};
            const ids = Object.keys(saved), deadline = Date.now() + timeout;
            while (!ids.every(id => manager.has_model(id))) {
                if (Date.now() > deadline) throw new Error('the saved widget state was not restored');
                await new Promise(wake => setTimeout(wake, 50));
            }
            const settled = await Promise.allSettled(ids.map(id => manager.get_model(id)));
            await new Promise(wake => setTimeout(wake, 200));  // unhandled rejections are reported by now
            return settled.filter(s => s.status === 'rejected').length;
        }""",
        timeout,
    )


def run_all(page, timeout=300_000):
    """Run every cell and wait until none is running and the kernel is idle. A cell that
    raises stops the run: the cells after it are left without an execution count
    (see ``unrun_cells``)."""
    page.evaluate("window.Jupyter.notebook.execute_all_cells()")  # every code cell shows [*] at once
    page.wait_for_function(
        """() => window.Jupyter.notebook.get_cells().every(c => c.cell_type !== 'code' || c.input_prompt_number !== '*')
                 && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null""",
        timeout=timeout,
        polling=250,
    )


def unrun_cells(page):
    """Indices of the code cells without an execution count."""
    return page.evaluate("""() => window.Jupyter.notebook.get_cells()
        .map((c, i) => [c, i]).filter(([c]) => c.cell_type === 'code' && typeof c.input_prompt_number !== 'number')
        .map(([, i]) => i)""")


def kernel_eval(page, expression, timeout=60_000):
    """The value of a Python expression (made of JSON types) evaluated in the notebook's
    kernel, silently (nothing is shown in the notebook): which python, which ipywidgets
    the page is really talking to."""
    text = page.evaluate(
        """([expression, timeout]) => new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no reply from the kernel')), timeout);
            window.Jupyter.notebook.kernel.execute('', {shell: {reply: msg => {
                clearTimeout(timer);
                const r = msg.content.user_expressions.value;
                if (r.status === 'ok') resolve(r.data['text/plain']); else reject(new Error(r.ename + ': ' + r.evalue));
            }}}, {silent: true, store_history: false, user_expressions: {value: expression}});
        })""",
        [f"__import__('json').dumps({expression})", timeout],
    )
    return json.loads(ast.literal_eval(text))


def page_error(message):
    """Whether a browser console message is an error of the page. Not one: while the
    notebook's text is typeset, the classic Notebook's MathJax 2 asks for a font at
    about:blank, which Chromium refuses with two errors, a second or two after the page
    opens (so sometimes while the cells already run)."""
    if message.type != "error":
        return False
    return not (
        message.text.startswith("Access to font at 'about:blank'") or message.location.get("url") == "about:blank"
    )


def error_outputs(page):
    """Texts of every output that shows an error: tracebacks and stderr, widgets that
    failed to display (ipywidgets 7 writes its reason into the output, or leaves it
    empty and logs to the console: see ``undisplayed_widgets``) and lessonkit widgets'
    own error lines."""
    found = []
    for selector in (
        ".output_stderr",
        ".output_error",
        ".output_area:has-text('Traceback')",
        ".jupyter-widgets-view:has-text('A Jupyter widget could not be displayed')",
        ".jupyter-widgets-view:has-text('Error rendering Jupyter widget')",
        ":text('Error displaying widget')",
        ".widget-html:has-text('⚠')",
    ):
        loc = page.locator(selector)
        found += [loc.nth(i).inner_text()[:500] for i in range(loc.count())]
    return found


def undisplayed_widgets(page):
    """Where the kernel displayed a widget but the page shows none: one line per such
    output (cell index and what the page shows there instead). ipywidgets 7 renders a
    widget view into an output subarea marked ``jupyter-widgets-view``; when the view
    cannot be created it only logs to the console and the subarea stays empty."""
    return page.evaluate(
        """(mime) => {
            const problems = [];
            window.Jupyter.notebook.get_cells().forEach((cell, i) => {
                if (cell.cell_type !== 'code') return;
                const wanted = cell.output_area.outputs.filter(o => o.data && o.data[mime]).length;
                if (!wanted) return;
                const views = [...cell.output_area.element[0].querySelectorAll('.jupyter-widgets-view')];
                const shown = views.filter(v => {
                    const w = v.querySelector('.jupyter-widgets');
                    return w && w.getBoundingClientRect().height > 0;
                });
                if (shown.length < wanted) {
                    const text = cell.output_area.element[0].innerText.trim().slice(0, 300);
                    problems.push(`cell ${i}: ${wanted} widget(s) sent, ${shown.length} shown; `
                                  + `output: ${text || '(empty)'}`);
                }
            });
            return problems;
        }""",
        WIDGET_MIME,
    )


def widget_output(page, text):
    """The output area of the widget whose displayed text contains ``text``."""
    return page.locator(".output_area").filter(has=page.locator(".jupyter-widgets-view")).filter(has_text=text).last


def unfold(page):
    """Let the page grow to the notebook's full height (the classic Notebook scrolls it
    inside ``#site``), so that a full-page screenshot shows every cell."""
    page.evaluate("""() => {
        const site = document.querySelector('#site');
        if (site) { site.style.height = 'auto'; site.style.overflow = 'visible'; }
    }""")


def press(slider_locator, key, times=1):
    """Move a slider as a learner would: focus its handle, press ``key``."""
    lab.press(slider_locator, key, times, handle=SLIDER_HANDLE)
