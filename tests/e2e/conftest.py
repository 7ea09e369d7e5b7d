"""Fixtures of the browser tests: JupyterLab of our own (tests/e2e/lab.py) and
headless Debian Chromium driven by Playwright, never a browser download.

Without Chromium these tests are skipped, except in CI (the CI variable set),
where a missing browser is a failure. Screenshots of failures go to test-artifacts/.
"""
import os

import pytest

from tests.e2e import lab as jlab

ARTIFACTS = jlab.ROOT / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def lab():
    missing = jlab.missing_browser()
    if missing:
        message = f"browser tests need {missing}"
        if os.environ.get("CI"):
            pytest.fail(message + "; in CI a missing browser is a failure", pytrace=False)
        pytest.skip(message)
    with jlab.running_lab() as server:
        yield server


@pytest.fixture(scope="session")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = jlab.launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
