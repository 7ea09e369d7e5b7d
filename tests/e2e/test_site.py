"""The course as a web page (web/build.py, ``make site``): built once into a temporary folder,
served on loopback and opened in headless Chromium with every request that leaves the site
blocked. Every page opens with no console error, no failed and no outside request, its widgets
drawn and its internal links whole; every kernel-free control moves with the keyboard, each frame
exactly what a view made here draws at that position; pages and site keep within their weight,
and a second build gives the same files.

The site's scripts come from npm (web/package-lock.json): ``make test`` installs them first."""

import functools
import http.server
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import lessonkit as lk
from lessonkit.widgets.kernel_free import MOVES, NEEDS_KERNEL, kernel_free, page_control
from tests.conftest import unavailable
from tests.e2e import a11y, fit
from tests.e2e.lab import FIT, SLIDER_HANDLE
from tests.shown import pictures

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "web" / "build.py"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = ["index", *(nb.stem for nb in NOTEBOOKS)]

#: The weights the site keeps within: a page's own file, and every file of the site together.
PAGE_MOST, SITE_MOST = 5_000_000, 30_000_000

#: The course's web page as ``fit`` measures it: JupyterLab's output areas (nbconvert's lab template) with
#: no kernel behind them, so always idle.
SITE = fit.FrontEnd(
    name="web page", output=".jp-OutputArea-output", track=".noUi-target", handle=SLIDER_HANDLE,
    position=FIT.position, idle="() => true",
)  # fmt: skip

#: The views the notebooks make with their defaults, in the order they show them, as a test here makes them again.
DEFAULT_VIEWS = {
    "01_forward_pass": [lk.widgets.NeuronExplorer],
    "02_loss": [lk.widgets.LossExplorer, lk.widgets.LossLandscape],
    "03_chain_rule": [lk.widgets.GraphStepper],
    "04_backprop_network": [lk.widgets.NetworkStepper],
    "05_update": [lk.widgets.StepThrough],
    "06_epochs": [lk.widgets.TrainingDashboard],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The whole site, built once, and how long the build took."""
    if not (ROOT / "web" / "node_modules" / ".package-lock.json").exists():
        unavailable("the site's scripts from npm (make site installs them: cd web && npm ci)")
    out = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, BUILD, out], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    print(f"web/build.py: {time.perf_counter() - start:.0f} s\n{done.stdout}")
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site):
    """The site on a loopback port: its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


class Offline:
    """A page of ``chromium`` on which every request that leaves ``base`` is blocked and kept in
    ``outside``; console errors, uncaught exceptions and failed or refused requests go to ``errors``."""

    def __init__(self, chromium, base):
        self.base = base
        self.context = chromium.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.outside, self.errors = [], []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("response", lambda r: self.errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None)

    def _route(self, route):
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, name):
        """Open page ``name`` and wait until its widgets are drawn and its formulas typeset."""
        page = self.page
        page.goto(f"{self.base}{name}.html")
        views = fit.views_in(ROOT / "notebooks" / f"{name}.ipynb") if name != "index" else []
        if views:
            page.wait_for_function(f"() => document.querySelectorAll('.{fit.VIEW_CLASS}').length >= {len(views)}")
            page.locator(f".{fit.VIEW_CLASS} img").first.wait_for()
        if name != "index":  # MathJax has typeset every formula: nothing of it left queued
            page.wait_for_function(
                "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue && !MathJax.Hub.queue.pending"
                " && !MathJax.Hub.queue.running"
            )
        return views


@pytest.fixture
def offline(chromium, served, request):
    browser = Offline(chromium, served)
    yield browser
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        browser.page.screenshot(path=str(artifacts / f"site-{request.node.name}.png"), full_page=True)
    browser.context.close()


def test_a_page_per_notebook_within_the_weights(site):
    pages = sorted(p.stem for p in site.glob("*.html"))
    assert pages == sorted(PAGES)
    weights = {p.name: p.stat().st_size for p in sorted(site.glob("*.html"))}
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    print("\n".join(f"{name}: {size / 1e6:.2f} MB" for name, size in weights.items()))
    print(f"the site: {total / 1e6:.1f} MB")
    heavy = {name: size for name, size in weights.items() if size > PAGE_MOST}
    assert not heavy, f"pages over {PAGE_MOST / 1e6:.0f} MB: {heavy}"
    assert total <= SITE_MOST, f"the site is {total / 1e6:.1f} MB, more than {SITE_MOST / 1e6:.0f} MB"


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_offline_and_its_views_fit_at_every_frame(offline, site, name):
    views = offline.open(name)
    page = offline.page
    loaded = page.evaluate("() => performance.getEntriesByType('resource').map(r => [r.name, r.decodedBodySize])")
    weight = (site / f"{name}.html").stat().st_size + sum(size for _, size in loaded)
    # every internal link leads to a file of the site
    links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    inside = [h.split("#")[0] for h in links if not re.match(r"[a-z]+:", h) and not h.startswith("#")]
    broken = [h for h in inside if h and not (site / h).is_file()]
    assert not broken, f"{name}: links to nothing: {broken}"
    if name != "index":
        assert "index.html" in inside, f"{name}: no link back to the course's home page"
    # every view fits, as shown and at every frame of its position control, moved with the keyboard
    unfit = fit.check_views(page, SITE, name, views) if views else fit.Findings()
    print("\n".join(unfit.widths))
    assert not unfit, f"{name}: views that do not fit:\n{unfit}"
    found = a11y.violations(page) if views else []
    assert not a11y.fixable(found), f"{name}: accessibility violations:\n" + "\n".join(map(str, a11y.fixable(found)))
    assert not offline.outside, f"{name}: requests that left the site: {offline.outside}"
    assert not offline.errors, f"{name}: errors: {offline.errors}"
    print(f"{name}: {len(inside)} internal links; {len(loaded)} files loaded, {weight / 1e6:.2f} MB with the page")


SHOWN = """view => [...view.children[2].querySelectorAll('img')].map(i => [i.getAttribute('src'), i.alt])"""


@pytest.mark.parametrize("name", sorted(DEFAULT_VIEWS))
def test_each_frame_is_what_the_view_draws_there(offline, name):
    """Moved with the arrow keys from one end to the other, each of the page's views shows at each place the
    pictures (and their text alternatives, with the numbers) that the same view draws here."""
    offline.open(name)
    for number, make in enumerate(DEFAULT_VIEWS[name]):
        view = make()
        control, places = page_control(view)
        still = kernel_free(view)
        slider, frames = still.children[1].children[-1], still.children[2].children
        shown = offline.page.locator(f".{fit.VIEW_CLASS}").nth(number)
        handle = shown.locator(f".widget-slider {SLIDER_HANDLE}").first
        handle.focus()
        offline.page.keyboard.press("Home")
        for i in range(len(frames)):
            if i:
                offline.page.keyboard.press("ArrowRight")
            offline.page.wait_for_function(
                "([h, i]) => h.getAttribute('aria-valuenow') == i", arg=[handle.element_handle(), i], timeout=10_000
            )
            readout = shown.locator(".widget-slider .widget-readout").first.inner_text().strip()
            assert readout == slider.options[i], f"{name}, view {number}: the slider reads {readout!r} at place {i}"
            expected = pictures(frames[i])
            assert expected, f"{name}: no picture in frame {i}"
            assert shown.evaluate(SHOWN) == [list(p) for p in expected], (
                f"{name}, view {number}: at {control.description} {slider.options[i]}, the page shows other "
                "pictures than the view draws"
            )
    assert not offline.errors and not offline.outside, (offline.errors, offline.outside)


def test_play_moves_the_steps_in_the_page(offline):
    """The graph stepper's Play, pressed with the keyboard, moves its steps with no kernel."""
    offline.open("03_chain_rule")
    view = offline.page.locator(f".{fit.VIEW_CLASS}").first
    handle = view.locator(f".widget-slider {SLIDER_HANDLE}").first
    assert float(handle.get_attribute("aria-valuenow")) == 0
    view.locator(".widget-play button").first.focus()
    offline.page.keyboard.press("Enter")
    offline.page.wait_for_function("h => Number(h.getAttribute('aria-valuenow')) >= 2", arg=handle.element_handle())
    assert not offline.errors and not offline.outside, (offline.errors, offline.outside)


def test_a_control_that_needs_python_says_so(offline):
    offline.open("05_update")
    view = offline.page.locator(f".{fit.VIEW_CLASS}").first
    assert MOVES.format(what="“stage”") in view.inner_text()
    boxes = view.locator("input[type=number]")
    assert boxes.count() == 6
    for i in range(boxes.count()):
        box = boxes.nth(i)
        assert box.is_disabled()
        # ipywidgets 8 puts a described control's tooltip on its label
        assert box.evaluate("b => b.closest('.jupyter-widgets').querySelector('.widget-label').title") == NEEDS_KERNEL
    assert view.locator("select").first.is_disabled()


def test_two_builds_give_the_same_files(site, tmp_path):
    done = subprocess.run(
        [sys.executable, BUILD, tmp_path, "--only", "05_update", "06_epochs"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    again = sorted(f.relative_to(tmp_path) for f in tmp_path.rglob("*") if f.is_file())
    assert {Path("05_update.html"), Path("06_epochs.html"), Path("index.html")} <= set(again)
    differ = [f for f in again if (site / f).read_bytes() != (tmp_path / f).read_bytes()]
    assert not differ, f"a second build wrote other bytes into {differ}"
