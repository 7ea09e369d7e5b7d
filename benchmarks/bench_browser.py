"""In the real browser: the time from a key press on a slider to the updated view,
for each widget, next to a trivial widget (a slider updating a label) measured in
the same session as the floor. Target: each widget's median within 2x the floor.

    python benchmarks/bench_browser.py       # needs /usr/bin/chromium and playwright

JupyterLab and headless Chromium are started as in the browser tests
(tests/e2e/lab.py), on a scratch notebook holding one of each widget.
"""
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.lab import launch_chromium, open_notebook, run_all, running_lab, slider  # noqa: E402

PRESSES = 30
CASES = [  # (name, code, slider to press, what changes: "label" or "image")
    ("floor: slider → label", "import ipywidgets as w\ns = w.FloatSlider(description='floor', step=0.01)\n"
     "l = w.Label()\ns.observe(lambda c: setattr(l, 'value', f'{c.new:.2f}'), names='value')\nw.VBox([s, l])",
     "floor", "label"),
    ("NeuronExplorer", "lk.widgets.NeuronExplorer()", "w1", "view"),
    ("LossExplorer", "lk.widgets.LossExplorer()", "prediction ŷ", "view"),
    ("LossLandscape", "lk.widgets.LossLandscape()", "w1", "view"),
    ("GraphStepper", "lk.widgets.GraphStepper()", "step", "view"),
    ("StepThrough", "lk.widgets.StepThrough()", "stage", "view"),
    ("TrainingDashboard", "lk.widgets.TrainingDashboard()", "show epoch", "view"),
]

CURRENT = {  # JS: what the view shows now (not the slider's own readout), to wait until it changes
    "label": "el => el.querySelector('.widget-label:not(.widget-slider .widget-label)')?.textContent ?? ''",
    # every picture and every text a lessonkit view writes; a picture whose pixels did not
    # change is not sent again, so the texts matter too
    "view": "el => [...el.querySelectorAll('img, .widget-html, .widget-htmlmath')]"
            ".map(e => e.src || e.textContent).join('|')",
}


def scratch_notebook(folder):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import lessonkit as lk")]
    nb.cells += [nbformat.v4.new_code_cell(code) for _, code, _, _ in CASES]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, folder / "bench.ipynb")


def measure(page, output, slider_name, kind):
    handle = slider(output, slider_name).locator(".noUi-handle")
    handle.focus()
    times = []
    for i in range(PRESSES):
        before = output.evaluate(CURRENT[kind])
        key = "ArrowRight" if (i // 3) % 2 == 0 else "ArrowLeft"  # wander three steps each way ...
        now, lo, hi = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax"))
        if now >= hi or now <= lo:  # ... and never against an end, where a press changes nothing
            key = "ArrowLeft" if now >= hi else "ArrowRight"
        t0 = time.perf_counter()
        handle.press(key)
        page.wait_for_function(f"([el, before]) => ({CURRENT[kind]})(el) !== before",
                                      arg=[output.element_handle(), before], polling="raf", timeout=10_000)
        times.append((time.perf_counter() - t0) * 1e3)
        page.wait_for_timeout(100)  # let the kernel settle between presses
    return times


def main():
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        scratch_notebook(Path(tmp))
        with running_lab(Path(tmp)) as (base, token, _), sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.set_default_timeout(120_000)
            open_notebook(page, base, token, "bench.ipynb")
            run_all(page)
            results = []
            for k, (name, _, slider_name, kind) in enumerate(CASES, start=1):
                output = page.locator(".jp-CodeCell").nth(k).locator(".jp-OutputArea-output").first
                output.scroll_into_view_if_needed()
                times = measure(page, output, slider_name, kind)
                results.append((name, statistics.median(times), statistics.quantiles(times, n=20)[-1]))
            browser.close()
    floor = results[0][1]
    print(f"Key press on a slider → updated view, in JupyterLab + headless Chromium; {PRESSES} presses each")
    print(f"{'widget':24s} {'median ms':>10s} {'p95 ms':>8s} {'× floor':>8s}")
    for name, median, p95 in results:
        print(f"{name:24s} {median:10.1f} {p95:8.1f} {median / floor:8.2f}")
    worst = max(median / floor for _, median, _ in results[1:])
    print(f"worst widget median: {worst:.2f}x the floor (target <= 2x)")


if __name__ == "__main__":
    main()
