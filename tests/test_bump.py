"""scripts/bump.py, what ``make bump VERSION=…`` runs: the version is written in the package, in each
notebook's setup cell and in the docs' install lines, and nowhere else in a notebook."""

import importlib.util
import json
import shutil

import pytest

import lessonkit as lk
from lessonkit import lessons
from tests.test_setup_cell import ROOT, setup_cell

spec = importlib.util.spec_from_file_location("bump", ROOT / "scripts" / "bump.py")
bump = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bump)


@pytest.fixture
def copy(tmp_path):
    (tmp_path / "lessonkit").mkdir()
    shutil.copy(ROOT / "lessonkit" / "_version.py", tmp_path / "lessonkit")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "README.md", tmp_path)
    return tmp_path


def test_the_version_is_what_the_package_says():
    assert bump.current() == lk.__version__


def test_a_new_version_goes_into_the_package_the_setup_cells_and_the_docs(copy):
    old = lk.__version__
    changed = bump.bump("9.8.7", copy)
    notebooks = sorted((copy / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert "lessonkit/_version.py" in changed and len(notebooks) == len(lessons.LESSONS)
    assert '__version__ = "9.8.7"' in (copy / "lessonkit" / "_version.py").read_text()
    for path in notebooks:
        cell = setup_cell(path)
        assert "%pip install -q lessonkit==9.8.7\n" in cell and 'lk.require("9.8.7")' in cell, path.name
        assert old not in cell, path.name
        before, after = (json.loads(p.read_text())["cells"] for p in (ROOT / "notebooks" / path.name, path))
        assert [c for c in before if "lessonkit==" not in "".join(c["source"])] == [
            c for c in after if "lessonkit==" not in "".join(c["source"])
        ], f"{path.name}: only its setup cell changes"
    readme = (copy / "README.md").read_text()
    assert f"lessonkit=={old}" not in readme
    assert (f"lessonkit=={old}" in (ROOT / "README.md").read_text()) == ("lessonkit==9.8.7" in readme)


@pytest.mark.parametrize("version", ["0.3", "v0.3.0", "0.3.0rc1", ""])
def test_a_version_that_is_not_a_release_number_is_refused_before_anything_is_written(copy, version):
    with pytest.raises(SystemExit, match="VERSION must be a release number such as 0.3.0"):
        bump.bump(version, copy)
    assert f'__version__ = "{lk.__version__}"' in (copy / "lessonkit" / "_version.py").read_text()
