"""Fixtures of the browser tests: JupyterLab of our own (tests/e2e/lab.py) and
headless Debian Chromium driven by Playwright, never a browser download. The classic
Notebook's server is a fixture of test_classic_notebook.py (tests/e2e/classic.py).

Without Chromium these tests are skipped, except in CI (the CI variable set),
where a missing browser is a failure. Screenshots of failures go to test-artifacts/.
"""

import contextlib

import pytest

from tests.conftest import unavailable
from tests.e2e import lab as jlab

ARTIFACTS = jlab.ROOT / "test-artifacts"
VIEWPORT, SCREEN = jlab.VIEWPORT, jlab.SCREEN


@pytest.fixture(scope="session")
def lab():
    missing = jlab.missing_browser()
    if missing:
        unavailable(f"browser tests need {missing}")
    with jlab.running_lab() as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium, for any front end."""
    missing = jlab.missing_browser()
    if missing:
        unavailable(f"browser tests need {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = jlab.launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser(lab, chromium):
    return chromium


@contextlib.contextmanager
def new_page(browser, request, prefix="", before_screenshot=None):
    """A page in a fresh context; a screenshot of it goes to test-artifacts/``prefix``<test>.png
    when the test fails (after ``before_screenshot(page)``, if given)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        if before_screenshot is not None:
            before_screenshot(page)
        page.screenshot(path=str(ARTIFACTS / f"{prefix}{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser, request):
    with new_page(browser, request) as page:
        yield page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@contextlib.contextmanager
def notebook_pages(browser, run, prefix="", on_page=None, on_close=None):
    """``opened(name)``: a page where notebook ``name`` was opened and run (``run(page, name)``), once for all
    the tests of a file that read it, so that a notebook runs once per front end, not once per test. A file
    puts a notebook's widget tests (which start from what the notebook shows) before its runs-clean test
    (which reads the widgets wherever they were left, and ``opened.close(name)``s the page).
    ``on_page(page)`` prepares a new page; ``on_close(name)`` follows closing one. A run that fails keeps
    no page: the next test to ask runs the notebook again."""
    pages = {}

    def opened(name):
        if name not in pages:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.set_default_timeout(60_000)
            if on_page is not None:
                on_page(page)
            pages[name] = opened.last = page  # a failing run's screenshot shows it
            try:
                run(page, name)
            except BaseException:
                close(name)
                raise
        opened.last = pages[name]
        return pages[name]

    def close(name):
        page = pages.pop(name, None)
        if page is not None:
            page.context.close()
            if on_close is not None:
                on_close(name)

    opened.close, opened.last, opened.prefix = close, None, prefix
    try:
        yield opened
    finally:
        for name in list(pages):
            close(name)


@pytest.fixture
def notebook(opened, request):
    """The test file's ``opened`` (a module fixture made with ``notebook_pages``); when the test fails,
    a screenshot of the page it last opened goes to test-artifacts/."""
    yield opened
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and opened.last is not None:
        ARTIFACTS.mkdir(exist_ok=True)
        opened.last.screenshot(path=str(ARTIFACTS / f"{opened.prefix}{request.node.name}.png"), full_page=True)
