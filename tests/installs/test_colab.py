"""Colab: lessonkit installs beside exactly Colab's pins (ipywidgets 7.7.1, classic Notebook
6.5.7, matplotlib 3.10.0, numpy 2.1.3) without moving any of them, and there every notebook
passes strict nbval and every headless widget test passes. (The browser walk on that
ipywidgets 7 front end is tests/e2e/test_classic_notebook.py.)"""

import os

import pytest

from tests.installs import envs
from tests.installs.conftest import copy_tests, install_wheel, nbval_in, require_env, run


def versions(freeze):
    """name → version from ``pip freeze`` output (names normalised)."""
    pairs = [line.split("==") for line in freeze.splitlines() if "==" in line]
    return {name.lower().replace("_", "-"): version for name, version in pairs}


def test_lessonkit_moves_none_of_colabs_pins():
    require_env("colab")
    before = versions((envs.env_dir("colab") / "freeze-before.txt").read_text())
    after = versions((envs.env_dir("colab") / "freeze-after.txt").read_text())
    for pin in envs.PINS:
        name, version = pin.split("==")
        assert before[name] == after[name] == version, (
            f"{name}: {before.get(name)} → {after.get(name)}, Colab has {version}"
        )
    moved = {name: (v, after.get(name)) for name, v in before.items() if after.get(name) != v}
    assert not moved, f"installing lessonkit changed {moved}"


def test_every_notebook_with_colabs_pins(wheel, tmp_path):
    python = require_env("colab")
    install_wheel(python, wheel)
    done = nbval_in(python, tmp_path)
    assert " passed" in done.stdout and "failed" not in done.stdout, done.stdout[-2000:]


#: The headless tests run in two parts of about equal time, so that make test's two workers share them.
CONTRACT = "widgets/test_contract.py"


@pytest.mark.parametrize("part", ["widget contract", "the others"])
def test_headless_widget_tests_with_colabs_pins(wheel, tmp_path, part):
    python = require_env("colab")
    install_wheel(python, wheel)
    tests = copy_tests(tmp_path)
    selected = [tests / CONTRACT] if part == "widget contract" else [tests, "--ignore", tests / CONTRACT]
    # make check's quick round (fewer values per control than make test tries in .venv): what differs here is
    # ipywidgets 7, matplotlib 3.10 and numpy 2.1, not which values a control takes
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", LESSONKIT_QUICK="1")
    done = run(
        [
            python,
            "-m",
            "pytest",
            "-c",
            tmp_path / "pytest.ini",
            "--rootdir",
            tmp_path,
            "-p",
            "no:cacheprovider",
            "-q",
            *selected,
        ],
        cwd=tmp_path,
        env=env,
    )
    assert " passed" in done.stdout and "failed" not in done.stdout, done.stdout[-2000:]
    shown = run(
        [python, "-c", "import ipywidgets, lessonkit; print(ipywidgets.__version__, lessonkit.__file__)"], cwd=tmp_path
    ).stdout
    assert shown.startswith("7.7.1 ") and "site-packages" in shown, shown
