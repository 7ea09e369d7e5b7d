"""The package as pip installs it from the package index: the wheel and the sdist carry
every module and data file, their metadata passes ``twine check``, and the course runs
from the wheel installed (non-editable) in an environment of its own, from a folder
outside the repository."""

import email
import subprocess
import sys
import tarfile
import zipfile

import lessonkit as lk
from tests.installs.conftest import ROOT, install_wheel, nbval_in, need, require_env, run


def tracked(folder):
    files = subprocess.run(
        ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert files, f"git lists no files under {folder}"
    return files


def test_the_install_tests_wheel_holds_the_package_as_it_is(wheel):
    # every module and data file of lessonkit/, and nothing besides (no module deleted since an earlier build)
    inside, package = (
        {f for f in zipfile.ZipFile(wheel).namelist() if f.startswith("lessonkit/")},
        set(tracked("lessonkit")),
    )
    assert inside == package, f"the wheel lacks {sorted(package - inside)}, has besides {sorted(inside - package)}"


def test_wheel_and_sdist_carry_every_file_and_pass_twine(tmp_path):
    need("build"), need("twine")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", tmp_path, ROOT], cwd=ROOT)
    (wheel,), (sdist,) = tmp_path.glob("*.whl"), tmp_path.glob("*.tar.gz")
    assert wheel.name == f"lessonkit-{lk.__version__}-py3-none-any.whl"
    inside = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in tracked("lessonkit") if f not in inside]
    assert not missing, f"the wheel lacks {missing}"
    in_sdist = {name.split("/", 1)[1] for name in tarfile.open(sdist).getnames() if "/" in name}
    # the docs and the scripts that tests/test_teaching.py, test_docs.py and test_bump.py read
    top = (
        ["LICENSE", "README.md", "TEACHING.md", "CONTRIBUTING.md", "CHANGELOG.md"]
        + tracked("docs")
        + tracked("scripts")
        + tracked("benchmarks")
    )
    missing = [f for f in tracked("lessonkit") + tracked("notebooks") + tracked("tests") + top if f not in in_sdist]
    assert not missing, f"the sdist lacks {missing}"
    run([sys.executable, "-m", "twine", "check", "--strict", wheel, sdist], cwd=tmp_path)

    meta = email.message_from_bytes(zipfile.ZipFile(wheel).read(f"lessonkit-{lk.__version__}.dist-info/METADATA"))
    assert meta["Version"] == lk.__version__ and meta["License-Expression"] == "MIT"
    assert meta["Description-Content-Type"] == "text/markdown" and "# lessonkit" in meta.get_payload()
    requires = meta.get_all("Requires-Dist")
    assert any(r.replace(" ", "").startswith("ipywidgets") and "<9" in r and ">=7.7" in r for r in requires), requires
    assert not [
        r
        for r in requires
        if "extra ==" not in r
        and r.split(">")[0].split("<")[0].split("=")[0].strip()
        not in ("numpy", "matplotlib", "ipywidgets", "jupyterlab")
    ], "run-time dependencies beyond the four"


def test_every_notebook_runs_from_the_installed_wheel(wheel, tmp_path):
    python = require_env("wheel")
    install_wheel(python, wheel)
    where = run([python, "-c", "import lessonkit, lessonkit.widgets; print(lessonkit.__file__)"], cwd=tmp_path).stdout
    assert "site-packages" in where and str(ROOT / "lessonkit") not in where, f"lessonkit came from {where}"
    done = nbval_in(python, tmp_path)
    assert " passed" in done.stdout and "failed" not in done.stdout, done.stdout[-2000:]
