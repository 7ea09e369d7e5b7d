"""The source as a maintainer expects it: the layering contracts of pyproject.toml hold
(import-linter: the engine is numpy only, the states draw nothing, the exercises stand apart
from the widgets), and ruff finds nothing to say about style or formatting (make lint)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(config):
    from importlinter.cli import lint_imports

    return lint_imports(config_filename=str(config), no_cache=True, no_logo=True)


def test_the_layering_contracts_hold():
    assert lint_imports(ROOT / "pyproject.toml") == 0


def test_a_broken_layering_contract_is_reported(tmp_path, capsys):
    # the widgets draw with matplotlib: a contract that forbids it must fail, or the contracts check nothing
    config = tmp_path / "contracts.toml"
    config.write_text("""[tool.importlinter]
root_package = "lessonkit"
include_external_packages = true

[[tool.importlinter.contracts]]
name = "the widgets import no matplotlib"
type = "forbidden"
source_modules = ["lessonkit.widgets"]
forbidden_modules = ["matplotlib"]
""")
    assert lint_imports(config) == 1
    assert "the widgets import no matplotlib BROKEN" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_finds_nothing(command):
    done = subprocess.run([sys.executable, "-m", "ruff", *command, "."], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"ruff {' '.join(command)} (make lint):\n{done.stdout[-3000:]}{done.stderr[-1000:]}"
