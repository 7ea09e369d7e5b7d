"""The course as repo2docker builds it (mybinder.org, JupyterHub images), without Docker:
the Dockerfile repo2docker writes for the repository, and the notebooks run in what that
Dockerfile installs (.venv-binder, built by binder_env.py).

Environments not built are a skip, a failure in CI: python tests/installs/binder_env.py"""

import difflib
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.installs import binder_env
from tests.installs.conftest import ROOT, install_wheel, nbval_in, require_env

BINDER = ROOT / ".binder"
START = BINDER / "start"
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
#: The step that installs the course: the repository root, non-editable (requirements.txt holds ".").
PIP_STEP = 'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r ".binder/requirements.txt"'
#: Everything our .binder/ adds to the Dockerfile of a repository that only names its Python, in order.
OUR_ADDITIONS = [
    "COPY --chown=1000:1000 src/.binder/requirements.txt ${REPO_DIR}/.binder/requirements.txt",
    "USER ${NB_USER}",  # the repository's install steps run as the notebook user
    PIP_STEP,
    'RUN chmod +x "${REPO_DIR}/.binder/start"',
    'ENV R2D_ENTRYPOINT="${REPO_DIR}/.binder/start"',
]


def runtime_python():
    """The Python that .binder/runtime.txt asks for ("3.11")."""
    name, version = (BINDER / "runtime.txt").read_text().strip().split("-")
    assert name == "python", name
    return version


def require(name):
    """require_env, naming the script that builds these two environments."""
    return require_env(name, builder="binder_env.py")


@pytest.fixture(scope="module")
def repo2docker():
    require("repo2docker")
    return binder_env.dockerfile(ROOT)


def start_env(**preset):
    """The environment that .binder/start hands to the server it starts (``env -0`` run through it)."""
    done = subprocess.run(
        [str(START), "env", "-0"],
        env={"PATH": os.environ["PATH"], **preset},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(item.split("=", 1) for item in done.stdout.split("\0") if item)


# ---- a) the Dockerfile -----------------------------------------------------------------


def test_the_dockerfile_installs_the_repository_non_editable(repo2docker):
    text, log = repo2docker
    steps = binder_env.instructions(text)
    assert steps.count(PIP_STEP) == 1, "the Dockerfile does not install .binder/requirements.txt once"
    at = steps.index(PIP_STEP)
    copy = steps.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    assert copy < at, "the course is installed before the repository is copied in"
    assert [s for s in steps[copy:at] if s.startswith("USER ")][-1] == "USER ${NB_USER}"
    # ... and the file it installs is the repository's root, non-editable, and nothing else
    lines = [line.split("#", 1)[0].strip() for line in (BINDER / "requirements.txt").read_text().splitlines()]
    assert [line for line in lines if line] == ["."]
    # no other install of the repository (the root pyproject.toml is not read when .binder/ exists)
    others = [s for s in steps if "pip install" in s and s != PIP_STEP]
    assert others == [], others
    assert "WORKDIR ${REPO_DIR}" in steps  # pip resolves "." against the working directory: the repository


def test_the_dockerfile_uses_the_python_of_runtime_txt(repo2docker):
    text, log = repo2docker
    assert "Python version unspecified" not in log, log
    lock = binder_env.copied_file(text, "/tmp/env/environment.lock")
    assert lock.name == f"environment.py-{runtime_python()}-linux-64.lock"
    python, pins = binder_env.python_pins(lock.read_text())
    assert python == runtime_python()
    # the image can open the Binder URL ...?urlpath=lab/tree/notebooks/00_start_here.ipynb
    assert pins["jupyterlab"].startswith("4.") and pins["ipywidgets"].startswith("8."), pins
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()


def test_the_dockerfile_runs_our_start_script(repo2docker):
    steps = binder_env.instructions(repo2docker[0])
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/.binder/start"' in steps
    assert steps[-1] == 'CMD ["jupyter", "notebook", "--ip", "0.0.0.0"]'  # the entrypoint runs start, then this


def test_nothing_else_differs_from_a_repository_that_only_names_its_python(repo2docker, tmp_path):
    """Our .binder/ against a .binder/ with runtime.txt alone: the differences are exactly ours."""
    (tmp_path / ".binder").mkdir()
    shutil.copy(BINDER / "runtime.txt", tmp_path / ".binder" / "runtime.txt")
    baseline = binder_env.instructions(binder_env.dockerfile(tmp_path)[0])
    ours = binder_env.instructions(repo2docker[0])
    diff = [line for line in difflib.ndiff(baseline, ours) if line[:2] in ("+ ", "- ")]
    assert diff == ["+ " + s for s in OUR_ADDITIONS], "\n".join(diff)


def test_the_start_script_sets_one_blas_thread_and_runs_the_server():
    assert os.access(START, os.X_OK), ".binder/start must be executable (git add keeps the mode)"
    body = [line.strip() for line in START.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert body[-1] == 'exec "$@"'
    env = start_env()
    assert {name: env.get(name) for name in BLAS_THREADS} == dict.fromkeys(BLAS_THREADS, "1")
    assert start_env(OMP_NUM_THREADS="4")["OMP_NUM_THREADS"] == "4"  # a value the hub sets is kept
    assert subprocess.run([str(START), "false"]).returncode == 1  # the command's exit status comes back


# ---- b) the course in what the Dockerfile installs ----------------------------------


def test_the_binder_environment_is_what_the_dockerfile_installs(repo2docker):
    python = require("binder")
    built = python.parents[1]
    rebuild = "since .venv-binder was built: python tests/installs/binder_env.py binder"
    assert binder_env.instructions((built / "Dockerfile").read_text()) == binder_env.instructions(repo2docker[0]), (
        f"the Dockerfile changed {rebuild}"
    )
    assert json.loads((built / "requirements.json").read_text()) == binder_env.requirements_files(repo2docker[0]), (
        f"the requirements file changed {rebuild}"
    )
    lock = binder_env.copied_file(repo2docker[0], "/tmp/env/environment.lock")
    _, pins = binder_env.python_pins(lock.read_text())
    have = binder_env.installed(python)
    assert binder_env.lock_differences(pins, have) == []  # the course's install moved none of the image's packages
    assert "lessonkit" in have and "numpy" in have and "matplotlib" in have


def test_notebooks_in_the_binder_environment(wheel, tmp_path, monkeypatch):
    python = require("binder")
    install_wheel(python, wheel)
    for name, value in start_env().items():  # the kernel gets what .binder/start exports
        if name in BLAS_THREADS:
            monkeypatch.setenv(name, value)
    nbval_in(python, tmp_path, pytest_python=sys.executable)
