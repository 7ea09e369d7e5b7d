"""The virtual environments in which the course is tested as others install it.

    python tests/installs/envs.py NAME     (make envs builds them all)

Each is built once, from the package registry (this is the only step that downloads),
into ``.venv-NAME/`` at the top of the repository; the tests then install the wheel of
the code as it is now into it with ``--no-deps`` (offline) and run the course there.

- ``wheel``: a fresh environment where ``pip install lessonkit-*.whl`` resolved
  lessonkit's own dependencies, as ``pip install lessonkit`` does for a learner.
- ``colab``: exactly Colab's pins (PINS below), then lessonkit installed beside them
  under those pins as constraints, plus the tools that run the tests there.
  ``pip freeze`` before and after lessonkit are kept in the environment: the pins must not move.
- ``teach``: what a teacher installs to grade with nbgrader, ``pip install "lessonkit[teach]"``
  (the wheel with its ``teach`` extra), nothing else: tests/installs/test_nbgrader.py.
- ``hub``: the wheel with its ``hub`` extra (JupyterHub), the learners' servers of a class on one
  hub: benchmarks/bench_class.py and tests/installs/test_class_on_a_hub.py.
"""

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: one worker
    fcntl = None

ROOT = Path(__file__).resolve().parents[2]

#: What Google Colab ships (its published package list): ipywidgets 7, classic Notebook 6.5.
PINS = ("ipywidgets==7.7.1", "widgetsnbextension==3.6.10", "notebook==6.5.7", "matplotlib==3.10.0", "numpy==2.1.3")
#: What runs the tests inside an environment (never lessonkit's own dependencies).
TEST_TOOLS = ("pytest", "nbval", "nbclient", "hypothesis", "ipykernel")


def env_dir(name):
    return ROOT / f".venv-{name}"


def env_python(name):
    return env_dir(name) / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def build_wheel(out_dir):
    """Build the wheel of the working tree into ``out_dir`` with the calling interpreter,
    offline (no build isolation: setuptools comes from the release extra). Returns its path.

    Built from a copy of the working tree's files (those git tracks or would: not the ignored
    ones), so that nothing of an earlier build (setuptools' build/lib keeps deleted modules)
    goes into it, and two builds at once do not share a build folder."""
    out_dir = Path(out_dir)
    source = out_dir / "source"
    listed = subprocess.run(  # -z: names as they are, whatever their characters
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True
    )
    if listed.returncode == 0:
        for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
            if (ROOT / name).is_file():
                (source / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, source / name)
    else:  # not a git checkout (an unpacked sdist): the tree, without what builds and environments leave
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns("build", "dist", ".venv*", "*.egg-info", ".git"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out_dir),
            str(source),
        ],
        check=True,
    )
    (wheel,) = out_dir.glob("lessonkit-*.whl")
    return wheel


def kernel_spec(jupyter_path, python, name, env=None):
    """Write a kernel spec ``name`` whose kernel is ``python`` under the folder ``jupyter_path``
    (to be put on JUPYTER_PATH), so a notebook runs in that environment whatever else is installed."""
    spec = Path(jupyter_path) / "kernels" / name
    spec.mkdir(parents=True, exist_ok=True)
    spec_json = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": name,
        "language": "python",
    }
    if env:
        spec_json["env"] = env
    (spec / "kernel.json").write_text(json.dumps(spec_json))
    return Path(jupyter_path)


def wheel_contents(wheel):
    """A digest of what ``wheel`` holds (each member's name and bytes, not the zip's own dates)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    return digest.hexdigest()


def install_wheel(python, wheel):
    """Put ``wheel`` into the environment of ``python`` (non-editable, offline: --no-deps).

    Tests on two pytest-xdist workers share an environment: one installs at a time (a lock in the
    environment), and a wheel that holds what is installed already is not installed again, so no
    test's kernel sees lessonkit half reinstalled under it."""
    folder = Path(python).parent.parent
    contents = wheel_contents(wheel)
    with open(folder / ".lessonkit-install.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        installed = folder / ".lessonkit-wheel"
        if installed.exists() and installed.read_text() == contents:
            return
        installed.unlink(missing_ok=True)  # written again only once pip has finished
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "--disable-pip-version-check",
                "install",
                "-q",
                "--no-deps",
                "--force-reinstall",
                str(wheel),
            ],
            check=True,
        )
        installed.write_text(contents)


def pip(name, *args):
    subprocess.run([str(env_python(name)), "-m", "pip", "--disable-pip-version-check", *args], check=True)


def create(name):
    folder = env_dir(name)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
    pip(name, "install", "-q", "--upgrade", "pip")
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(tmp)
        if name == "wheel":
            pip(name, "install", "-q", str(wheel), *TEST_TOOLS)
        elif name in ("teach", "hub"):
            pip(name, "install", "-q", f"{wheel}[{name}]")
        elif name == "colab":
            pins = Path(tmp) / "pins.txt"
            pins.write_text("\n".join(PINS) + "\n")
            pip(name, "install", "-q", *PINS, *TEST_TOOLS, "-c", str(pins))
            (folder / "freeze-before.txt").write_text(freeze(name))
            pip(name, "install", "-q", str(wheel), "-c", str(pins))
            (folder / "freeze-after.txt").write_text(freeze(name))
        else:
            raise SystemExit(f"envs.py: unknown environment {name!r}; expected wheel, colab, teach or hub")
    (folder / ".installed").touch()


def freeze(name):
    return subprocess.run(
        [str(env_python(name)), "-m", "pip", "freeze", "--all"], check=True, capture_output=True, text=True
    ).stdout


if __name__ == "__main__":
    for name in sys.argv[1:]:
        create(name)
