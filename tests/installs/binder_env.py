"""The course as repo2docker builds it (mybinder.org, JupyterHub images), without Docker.

    python tests/installs/binder_env.py [repo2docker] [binder]     (both when none is named)

- ``repo2docker``: ``.venv-repo2docker/``, a virtual environment with repo2docker itself
  (REPO2DOCKER below), which prints the Dockerfile of the repository without Docker:
  ``repo2docker --no-build --debug --user-id 1000 --user-name jovyan DIR`` (Binder's user; as
  root, without these flags, the Dockerfile would name uid 0).
- ``binder``: ``.venv-binder/``, what that Dockerfile installs, read from it, not written here:
  1. the base environment: the conda lock file that the Dockerfile copies in as
     ``/tmp/env/environment.lock`` (it ships inside the repo2docker package). Its Python
     packages are installed from PyPI at the lock's versions (micromamba installs them from
     conda-forge in the image); its interpreter's minor version must be this machine's.
  2. the Dockerfile's own ``pip install`` steps (``RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install ...``),
     run as written, from a copy of the working tree (git's tracked and untracked files, as a
     clone has them), with ``${KERNEL_PYTHON_PREFIX}`` this environment: that is the course,
     installed non-editable with its dependencies.
  The Dockerfile, the lock and a comparison of the lock with what is installed are kept in
  the environment (Dockerfile, requirements.json, environment.lock, lock-vs-installed.txt).

This is the only step that downloads; the tests then put the current wheel in with ``--no-deps``.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``tests`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.installs import envs  # noqa: E402

ROOT = envs.ROOT
#: repo2docker, pinned: a new release can change the Dockerfile (bump it on purpose, then run the tests).
REPO2DOCKER = "jupyter-repo2docker==2026.4.0"
#: How mybinder.org's BinderHub runs repo2docker, less the build: uid 1000, user jovyan.
R2D_FLAGS = ("--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan")
#: conda-forge names whose PyPI distribution is named otherwise (names only: the versions come from the lock).
CONDA_TO_PYPI = {
    "nbconvert-core": "nbconvert",
    "jupyterhub-base": "jupyterhub",
    "brotli-python": "brotli",
    "python-fastjsonschema": "fastjsonschema",
}
#: The line that installs the repository; \1 is the requirements file, relative to the repository.
PIP_STEP = re.compile(r'^RUN \$\{KERNEL_PYTHON_PREFIX\}/bin/pip install --no-cache-dir -r "([^"]+)"$')


# ---- repo2docker and its Dockerfile ------------------------------------------------------


def repo2docker_exe():
    return envs.env_dir("repo2docker") / "bin" / "repo2docker"


def dockerfile(repo=ROOT):
    """(Dockerfile, log) that repo2docker writes for the folder ``repo``, without Docker."""
    with tempfile.TemporaryDirectory() as cwd:  # repo2docker reads a repo2docker_config.py from its cwd
        done = subprocess.run(
            [str(repo2docker_exe()), *R2D_FLAGS, str(repo)], cwd=cwd, capture_output=True, text=True, timeout=300
        )
    if done.returncode != 0:
        raise RuntimeError(f"repo2docker exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout, done.stderr


def instructions(text):
    """The Dockerfile's instructions, one string each: continuation lines joined, comments dropped."""
    result, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1].rstrip() + " "
            continue
        current += stripped
        result.append(re.sub(r"\s+", " ", current).strip())
        current = ""
    if current:
        result.append(current.strip())
    return result


def repo_pip_steps(text):
    """The requirements files that the Dockerfile's ``pip install -r`` steps install, in order."""
    return [m.group(1) for m in map(PIP_STEP.match, instructions(text)) if m]


def requirements_files(text, repo=ROOT):
    """{path: text} of the requirements files that the Dockerfile installs from the repository."""
    return {name: (repo / name).read_text() for name in repo_pip_steps(text)}


def _escape(path):
    """repo2docker's name for a build script file (BuildPack.generate_build_context_filename)."""
    slug = "".join(c if c.isascii() and c.isalnum() else "".join(f"-{b:02x}" for b in c.encode()) for c in path)
    return f"build_script_files/{slug[:229]}-{hashlib.sha256(path.encode()).hexdigest()[:6]}".lower()


def repo2docker_package():
    (package,) = envs.env_dir("repo2docker").glob("lib/python3*/site-packages/repo2docker")
    return package.resolve()  # the paths repo2docker names are its real ones


def copied_file(text, destination):
    """The file on this machine that the Dockerfile copies to ``destination`` (a build script file
    of the repo2docker package: its name in the build context is matched against every file of
    the package, as repo2docker names them)."""
    (name,) = [i.split()[-2] for i in instructions(text) if i.startswith("COPY ") and i.split()[-1] == destination]
    for path in repo2docker_package().rglob("*"):
        if path.is_file() and _escape(str(path)) == name:
            return path
    raise LookupError(f"{name}: no file of {repo2docker_package()} has this name")


# ---- the lock of the base environment ----------------------------------------------------


def lock_packages(lock_text):
    """{conda name: version} of every package of an explicit conda lock."""
    packages = {}
    for line in lock_text.splitlines():
        if line.startswith("https://"):
            filename = line.split("#")[0].rsplit("/", 1)[1]
            stem = filename.removesuffix(".conda").removesuffix(".tar.bz2")
            name, version, build = stem.rsplit("-", 2)
            packages[name] = (version, build)
    return packages


def python_pins(lock_text):
    """The lock's Python version ("3.11") and its Python packages as PyPI pins {name: version}:
    conda packages built for Python (build string py...: noarch ``pyh...`` or ``py311...``);
    the interpreter and the metapackages (build string ``h...``) are left out."""
    packages = lock_packages(lock_text)
    python = ".".join(packages["python"][0].split(".")[:2])
    pins = {}
    for name, (version, build) in packages.items():
        if build.startswith("py"):
            pins[normalize(CONDA_TO_PYPI.get(name, name))] = version
    return python, pins


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def installed(python):
    """{normalized name: version} of the environment of ``python``."""
    out = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "list", "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {normalize(p["name"]): p["version"] for p in json.loads(out)}


def lock_differences(pins, have):
    """Lines '<name>: lock <v>, installed <w>' for every pinned package not installed at its version."""
    return [
        f"{name}: lock {version}, installed {have.get(name, 'nothing')}"
        for name, version in sorted(pins.items())
        if have.get(name) != version
    ]


# ---- building the environments -----------------------------------------------------------


def run(args, **kwargs):
    print("+", " ".join(map(str, args)), flush=True)
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def create_repo2docker():
    folder = envs.env_dir("repo2docker")
    run([sys.executable, "-m", "venv", "--clear", folder])
    run([folder / "bin" / "python", "-m", "pip", "install", "-q", "--upgrade", "pip"])
    run([folder / "bin" / "python", "-m", "pip", "install", "-q", REPO2DOCKER])
    (folder / ".installed").touch()


def interpreter(minor):
    """A python of version ``minor`` ("3.11") on this machine."""
    for candidate in (sys.executable, shutil.which(f"python{minor}")):
        if candidate:
            out = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True, text=True
            ).stdout.strip()
            if out == minor:
                return candidate
    raise SystemExit(
        f"binder_env.py: the image has Python {minor} (.binder/runtime.txt); no python{minor} on this machine"
    )


def working_tree_copy(destination):
    """The files a clone would have (tracked, and untracked but not ignored), as they are now."""
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def create_binder():
    if not (envs.env_dir("repo2docker") / ".installed").exists():
        create_repo2docker()
    text, _ = dockerfile()
    lock = copied_file(text, "/tmp/env/environment.lock")
    python, pins = python_pins(lock.read_text())
    steps = repo_pip_steps(text)
    if not steps:
        raise SystemExit("binder_env.py: the Dockerfile installs nothing from the repository")

    folder = envs.env_dir("binder")
    run([interpreter(python), "-m", "venv", "--clear", folder])
    (folder / "Dockerfile").write_text(text)
    (folder / "requirements.json").write_text(json.dumps(requirements_files(text), indent=1))
    (folder / "environment.lock").write_text(lock.read_text())
    env_python = envs.env_python("binder")
    pip = [env_python, "-m", "pip", "--disable-pip-version-check"]
    # 1. the base environment, at the lock's versions (pip first, as the lock has it)
    run([*pip, "install", "-q", f"pip=={pins['pip']}"])
    pins_file = folder / "lock-pins.txt"
    pins_file.write_text("".join(f"{name}=={version}\n" for name, version in sorted(pins.items())))
    run([*pip, "install", "-q", "-r", pins_file])
    # 2. the Dockerfile's steps, run as written, in a copy of the repository at REPO_DIR
    with tempfile.TemporaryDirectory() as tmp:
        repo_dir = Path(tmp) / "repo"
        working_tree_copy(repo_dir)
        shell_env = dict(os.environ, KERNEL_PYTHON_PREFIX=str(folder), NB_PYTHON_PREFIX=str(folder))
        for instruction in instructions(text):
            if PIP_STEP.match(instruction):
                run(["bash", "-c", instruction.removeprefix("RUN ")], cwd=repo_dir, env=shell_env)
    # what is installed: lessonkit non-editable; the lock's packages moved by the repository's install
    direct_url = json.loads(
        next((folder / "lib").glob("python3*/site-packages/lessonkit-*.dist-info/direct_url.json")).read_text()
    )
    if direct_url.get("dir_info", {}).get("editable"):
        raise SystemExit("binder_env.py: lessonkit was installed editable")
    differences = lock_differences(pins, installed(env_python))
    (folder / "lock-vs-installed.txt").write_text("".join(line + "\n" for line in differences))
    for line in differences:
        print("binder_env.py: moved from the lock:", line)
    (folder / ".installed").touch()


if __name__ == "__main__":
    names = sys.argv[1:] or ["repo2docker", "binder"]
    for name in names:
        {"repo2docker": create_repo2docker, "binder": create_binder}.get(
            name,
            lambda name=name: sys.exit(f"binder_env.py: unknown environment {name!r}; expected repo2docker or binder"),
        )()
