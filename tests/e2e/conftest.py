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
