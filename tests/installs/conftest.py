"""Helpers of the install tests: the environments of envs.py, the current wheel put
into them, and the course's notebooks run there under strict nbval, from a folder
outside the repository (so nothing is imported from the working tree).

An environment that is not built is a skip, except in CI (the CI variable set),
where it is a failure: ``make envs`` (part of ``make test``) builds them."""

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import unavailable
from tests.installs import envs
from tests.installs.envs import install_wheel  # noqa: F401 (the install tests take it from here)

ROOT = envs.ROOT
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def require_env(name, builder="envs.py"):
    """The python of environment ``name``, or a skip (a failure in CI) when it is not built."""
    if not (envs.env_dir(name) / ".installed").exists():
        unavailable(f"the {name} environment is not built (make envs, or python tests/installs/{builder} {name})")
    return envs.env_python(name)


def run(args, cwd, env=None, timeout=1800):
    """Run ``args``; fail the test with the end of its output when it fails."""
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (
        f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    )
    return done


def nbval_in(python, folder, notebooks=NOTEBOOKS, pytest_python=None):
    """Copy ``notebooks`` into ``folder`` (outside the repository) and run them under strict
    nbval with a kernel of ``python``. pytest itself runs in ``pytest_python`` (default: the
    environment's own python, which must have pytest and nbval)."""
    folder = Path(folder)
    (folder / "notebooks").mkdir(parents=True, exist_ok=True)
    for nb in notebooks:
        shutil.copy(nb, folder / "notebooks" / nb.name)
    shutil.copy(ROOT / "tests" / "nbval_sanitize.cfg", folder / "nbval_sanitize.cfg")
    (folder / "pytest.ini").write_text("[pytest]\n")
    # a kernel spec of our own, so the kernel is this environment's python whatever runs pytest
    envs.kernel_spec(folder / "jupyter", python, "lessonkit-test")
    env = dict(os.environ, JUPYTER_PATH=str(folder / "jupyter"), OPENBLAS_NUM_THREADS="1")
    env.pop("PYTHONPATH", None)
    return run(
        [
            pytest_python or python,
            "-m",
            "pytest",
            "-c",
            folder / "pytest.ini",
            "--rootdir",
            folder,
            "-p",
            "no:cacheprovider",
            "-q",
            "--nbval",
            "--nbval-kernel-name",
            "lessonkit-test",
            "--nbval-sanitize-with",
            folder / "nbval_sanitize.cfg",
            folder / "notebooks",
        ],
        cwd=folder,
        env=env,
    )


def need(module):
    """Import ``module`` (a tool of the release extra), or skip; in CI a missing tool is a failure."""
    try:
        return __import__(module)
    except ImportError:
        unavailable(f"{module} is not installed (pip install -e '.[test,release]')")


def copy_tests(folder):
    """The repository's unit tests (no browser, no install tests, not the Makefile's) and notebooks, copied into
    ``folder``, so that they run against the installed lessonkit rather than the working tree."""
    folder = Path(folder)
    shutil.copytree(
        ROOT / "tests",
        folder / "tests",
        # test_docs, test_source, test_bump: the repository's docs, source and scripts, not the install
        ignore=shutil.ignore_patterns(
            "e2e",
            "installs",
            "__pycache__",
            "test_other_machines.py",
            "test_notebook_claims.py",  # the notebooks tier, as nbval: run in .venv
            "test_make_lab.py",
            "test_docs.py",
            "test_source.py",
            "test_bump.py",
        ),
    )
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")  # what tests/test_setup_cell.py reads
    for name in ("README.md", "TEACHING.md"):  # what tests/test_teaching.py reads, with its script
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "scripts", folder / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", folder / "docs")  # the problem sheet and its solutions: tests/test_problems.py
    (folder / "pytest.ini").write_text("[pytest]\n")
    return folder / "tests"
