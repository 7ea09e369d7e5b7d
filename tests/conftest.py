"""Shared test helpers: the test tiers, skipping for want of a tool, warnings as errors, gradient
checks of a loss. The references the tests compare lessonkit with are in tests/references/."""

import gc
import os
import warnings

import numpy as np
import pytest

import lessonkit as lk
from lessonkit import lessons

#: The slow tiers, each by where its tests live (node ids from the repository root): what a test
#: needs beyond this environment's Python. ``make check`` runs none of them (CONTRIBUTING.md).
TIERS = {
    "notebooks": ("notebooks/", "tests/test_notebook_claims.py"),  # nbval, and what the notebooks' text claims
    "browser": ("tests/e2e/",),  # JupyterLab, classic Notebook, headless Chromium
    "installs": ("tests/installs/", "tests/test_make_lab.py"),  # other environments, built by pip
    "machines": ("tests/test_other_machines.py",),  # the notebooks under other BLAS kernels
}


#: Each lesson's notebook by its module name (update → 05_update): a lesson's tests are named as its modules.
NOTEBOOKS = {lesson.name: lesson.notebook for lesson in lessons.LESSONS}


#: What runs on one pytest-xdist worker, in order (make test runs on two), by where it lives: a notebook's nbval
#: cells share one kernel; the tests of one browser file share its server; the Binder tests share one repo2docker
#: run. Every other test goes to whichever worker is free. (The environments the install tests put the wheel
#: into are shared safely by tests/installs/envs.py's install_wheel.)
WHOLE = ("notebooks/", "tests/e2e/", "tests/installs/test_binder.py")


#: Tests that look at the same views of a widget, made once per worker (tests/widgets/test_pictures.py's ``seen``):
#: the tests of one widget go to one worker.
VIEWS = tuple(
    f"tests/widgets/{module}::{test}["
    for module, tests in {
        "test_pictures.py": (
            "test_pictures_fit_a_view_and_their_text_reads",
            "test_a_colour_that_carries_a_number_has_its_scale",
            "test_nothing_is_cut_at_a_pictures_edge",
            "test_a_sliders_smallest_step_moves_its_marks_a_pixel_or_more",
        ),
        "test_contract.py": ("test_random_moves_of_every_control",),
    }.items()
    for test in tests
)


def scope(nodeid):
    """The unit of work of the test ``nodeid`` on pytest-xdist: its file if it must run with the rest of its
    file, the views of one widget (``VIEWS``), else the test itself."""
    path = nodeid.split("::")[0]
    if nodeid.startswith(VIEWS):
        return "views of " + nodeid.split("[", 1)[1].split(".", 1)[0].removesuffix("]")
    return path if path.startswith(WHOLE) else nodeid


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent where it is not installed
def pytest_xdist_make_scheduler(config, log):
    """With --dist loadgroup (make test, make check), units of work by ``scope``: pytest-xdist's own loadgroup
    marks node ids in a way pytest 9 no longer keeps. Otherwise xdist's own scheduling."""
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByScope(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return scope(nodeid)

    return ByScope(config, log)


def pytest_collection_finish(session):
    """Python's cyclic garbage collector, tuned for a test run: what collection made (modules, parameters,
    the widgets read for their controls) is kept out of its scans, and it runs after 50,000 new objects
    rather than 700. The widgets' figures make many objects in cycles: its default scans took about a tenth of
    the widget tests' time."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def pytest_collection_modifyitems(items):
    for item in items:
        for tier, places in TIERS.items():
            if item.nodeid.startswith(places):
                item.add_marker(tier)
        for lesson in item.iter_markers("lesson"):  # so that -k 05_update picks the test: make check-nb
            item.extra_keyword_matches.add(lesson.args[0])
        module = item.nodeid.split("::")[0]  # tests/states/test_update.py, tests/widgets/test_update.py: 05_update's
        if module.startswith(("tests/states/test_", "tests/widgets/test_")):
            notebook = NOTEBOOKS.get(module.rsplit("/test_", 1)[1].removesuffix(".py"))
            if notebook:
                item.extra_keyword_matches.add(notebook)


def unavailable(message):
    """Skip the test for want of ``message`` (a browser, a test environment), except in CI
    (the CI variable set), where that is a failure."""
    if os.environ.get("CI"):
        pytest.fail(message + "; in CI that is a failure", pytrace=False)
    pytest.skip(message)


def ignore_other_packages_deprecations():
    """Inside a ``catch_warnings`` block: let pass the two deprecation warnings that other
    packages raise about each other in the Colab environment: ipywidgets 7 about ipykernel's
    Comm, and matplotlib 3.10's mathtext about a newer pyparsing. Every other warning counts."""
    warnings.filterwarnings(
        "ignore", message=r"The `ipykernel\.comm\.Comm` class has been deprecated", category=DeprecationWarning
    )
    warnings.filterwarnings(
        "ignore", category=DeprecationWarning, module=r"pyparsing|matplotlib\._(mathtext|fontconfig_pattern)"
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The wheel of the working tree, built once per session, offline (install and classic Notebook tests)."""
    from tests.installs import envs

    return envs.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture
def no_warnings():
    """Turn every warning inside the test into an error (except other packages' deprecations)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ignore_other_packages_deprecations()
        yield


def check_loss_grad(loss_fn, pred, target, tol=1e-5):
    """Assert that ``loss_fn(pred, target)``'s grad matches finite differences."""
    pred = np.array(pred, dtype=float)
    _, grad = loss_fn(pred, target)
    err = lk.gradient_check(lambda: loss_fn(pred, target)[0], [pred], [grad])
    assert err < tol, f"{loss_fn.__name__}: relative error {err:.2e}"


def model_loss(model, X, loss_fn, target):
    """f() for gradient_check: the loss of ``model`` on (X, target), no backward."""
    return lambda: loss_fn(model.forward(X), target)[0]
