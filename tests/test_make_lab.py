"""``make lab`` as a learner or a lab admin runs it: the real target, in the environment the
tests run in (``make -o`` the install stamp, so nothing is installed), with ARGS for a free
loopback port, a random token and no browser; HOME and every Jupyter folder in a temporary folder.

The server serves the repository root (Binder's paths), opens notebooks/00_start_here.ipynb, has
``--allow-root`` exactly when run as root (and make says why), and one BLAS thread. As root the
tests run it twice: as root and as an ordinary user; otherwise as the user they run as.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.lab import ROOT, free_port

VENV = Path(sys.prefix)
NOBODY = 65534
#: make's line when it passes --allow-root
ROOT_LINE = "make lab: running as root"
#: what the outer make (make test) or the caller sets and the Makefile must set itself
NOT_PASSED_ON = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
AS_ROOT = os.geteuid() == 0


def ordinary_user():
    """What runs a command as an ordinary user. Not root: nothing. Root: ``nobody`` (uid 65534),
    if it can run this environment's Python and read the repository; else (a venv made from an
    interpreter under /root, which is mode 700) uid 65534 in a user namespace of its own, which
    has no privilege and sees the files as their owner."""
    if not AS_ROOT:
        return []
    nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    check = "import jupyterlab; open('Makefile').read(); open('notebooks/00_start_here.ipynb').read()"
    # through env: setpriv's own exec still has root's capabilities, make's exec of jupyter has none
    tried = subprocess.run([*nobody, "env", sys.executable, "-c", check], cwd=ROOT, capture_output=True, check=False)
    if tried.returncode == 0:
        return nobody
    return ["unshare", "--user", f"--map-user={NOBODY}", f"--map-group={NOBODY}"]


def get(url, token):
    """The status and the body of the server's answer to ``url``."""
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def descendants(pid):
    """The processes below ``pid``, from /proc: {pid: argv}."""
    children = {}
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, IndexError, ValueError):
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = {}, [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            with contextlib.suppress(OSError):
                found[child] = Path(f"/proc/{child}/cmdline").read_bytes().decode().split("\0")[:-1]
            todo.append(child)
    return found


def stop(make):
    """Stop ``make`` and every process of its group (JupyterLab): SIGTERM, then SIGKILL after 20 s."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        deadline = time.monotonic() + wait
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, sig)
            while time.monotonic() < deadline:
                make.poll()  # reap make, or its group never empties
                os.killpg(make.pid, 0)
                time.sleep(0.2)


@contextlib.contextmanager
def make_lab(user, tmp):
    """Run ``make lab`` as ``user`` (a command prefix) until JupyterLab answers; yield
    (base url, token, the server's pid, make's output so far)."""
    port, token = free_port(), secrets.token_hex(16)
    args = f"--no-browser --port={port} --ip=127.0.0.1 --IdentityProvider.token={token} --ServerApp.port_retries=0"
    env = {name: value for name, value in os.environ.items() if name not in NOT_PASSED_ON}
    env.update(
        HOME=str(tmp / "home"),
        IPYTHONDIR=str(tmp / "ipython"),
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_DATA_DIR=str(tmp / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
    )
    cmd = [*user, "make", "--no-print-directory", "-o", f"{VENV}/.installed", "lab", f"VENV={VENV}", f"ARGS={args}"]
    base, log = f"http://127.0.0.1:{port}", tmp / "make.log"
    with open(log, "w") as out:
        make = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if get(f"{base}/api/status", token)[0] == 200:
                    break
            if make.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make lab did not start JupyterLab:\n{log.read_text()[-3000:]}", pytrace=False)
            time.sleep(0.3)
        servers = [
            pid for pid, argv in descendants(make.pid).items() if any(Path(arg).name == "jupyter-lab" for arg in argv)
        ]
        assert len(servers) == 1, f"make lab started {len(servers)} JupyterLab servers: {descendants(make.pid)}"
        yield base, token, servers[0], log.read_text()
    finally:
        stop(make)


@pytest.mark.parametrize("as_root", [True, False], ids=["root", "ordinary user"])
def test_make_lab(as_root):
    if as_root and not AS_ROOT:
        pytest.skip("the tests do not run as root")
    if not (VENV / "bin" / "jupyter").exists():
        pytest.skip(f"the tests do not run in a virtual environment with JupyterLab ({VENV})")
    user = [] if as_root else ordinary_user()
    tmp = Path(tempfile.mkdtemp(prefix="lessonkit-make-lab-"))
    tmp.chmod(0o777)  # the ordinary user writes its HOME and Jupyter folders here
    try:
        with make_lab(user, tmp) as (base, token, pid, said):
            status, body = get(f"{base}/api/contents/notebooks/00_start_here.ipynb?content=0", token)
            assert status == 200, f"the repository root is not served: {status} {body[:200]}"
            assert json.loads(body)["type"] == "notebook"
            assert get(f"{base}/lab/tree/notebooks/00_start_here.ipynb", token)[0] == 200
            opens = [page.read_text() for page in (tmp / "runtime").glob("jpserver-*-open.html")]
            assert any("/lab/tree/notebooks/00_start_here.ipynb" in page for page in opens), opens

            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
            assert ("--allow-root" in argv) == as_root, argv
            assert (ROOT_LINE in said) == as_root, said
            environ = dict(
                item.split("=", 1)
                for item in Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
                if "=" in item
            )
            assert environ.get("OPENBLAS_NUM_THREADS") == "1"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_make_lab_installs_what_a_learner_needs_and_make_test_the_rest(tmp_path):
    """On a fresh clone (no .venv yet), what ``make lab`` would run installs lessonkit and its run-time
    dependencies only; ``make test`` adds the test and release tools (read with ``make -n``, nothing run)."""
    venv = tmp_path / "venv"  # no stamp there: make plans the installs
    env = {k: v for k, v in os.environ.items() if k not in NOT_PASSED_ON}

    def planned(target):
        done = subprocess.run(
            ["make", "-n", "--no-print-directory", target, f"VENV={venv}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        installs = [line for line in done.stdout.splitlines() if "pip install" in line and "--upgrade pip" not in line]
        return list(dict.fromkeys(installs))  # make test's own make -j2 envs, run even by -n, plans them again

    assert [line.split("pip install ")[1] for line in planned("lab")] == ["-e ."]
    assert [line.split("pip install ")[1] for line in planned("test")] == ["-e .", '-e ".[test,release]"']
