"""A new learner's first minutes: from `git clone` to the first slider moved, each phase
timed on the wall clock, against a bare JupyterLab course measured the same way. Goal: at
most 60 s on the test machine.

    python benchmarks/bench_first_slider.py            # cold pip cache, then warm
    python benchmarks/bench_first_slider.py cold       # or warm: one of them

Ours, in a temporary folder, with a new HOME (no Jupyter settings, no pip cache of its own):
1. clone: `git clone` of this repository (a local clone: the disk's cost, not the network's),
   then the working tree's uncommitted changes to tracked files applied (`git diff HEAD | git
   apply`), so what is measured is the tree as it stands;
2. install: `make lab ARGS="--no-browser --port=P --ip=127.0.0.1 --IdentityProvider.token=T
   --ServerApp.port_retries=0 --LabApp.expose_app_in_browser=True"` (the last, so the page can be
   driven as in tests/e2e/lab.py) until make touches .venv/.installed (a new .venv, pip upgraded,
   `pip install -e .`);
3. server up: until JupyterLab answers;
4. notebook open: Chromium, headless, already running (as a learner's browser is), opens
   /lab/tree/notebooks/01_forward_pass.ipynb, until its kernel is idle;
5. run all: Run All Cells, until every code cell has run;
6. slider: ArrowRight on the neuron explorer's w1 handle, until the page shows the new z
   (the widget in the page, its handle focused and pressed, the kernel's answer shown).

The bare reference, side by side: the same clone, `python3 -m venv .venv` and `.venv/bin/pip
install jupyterlab` (what any JupyterLab course costs), JupyterLab started with the same
arguments, the same notebook opened. It has no lessonkit, so it stops there: ours/bare compares
clone to notebook open, and our whole run against that.

pip cache: cold is a new, empty PIP_CACHE_DIR (every package fetched from the index, as the
first time on a machine); warm runs again with the cache the cold run filled. The figures go into
benchmarks/results.json (results.py).
"""

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from results import record  # noqa: E402

from tests.e2e.lab import (  # noqa: E402
    VIEWPORT,
    free_port,
    launch_chromium,
    open_notebook,
    press,
    run_all,
    slider,
    widget_output,
)
from tests.test_make_lab import descendants, stop  # noqa: E402

NOTEBOOK = "notebooks/01_forward_pass.ipynb"
PHASES = ("clone", "install", "server up", "notebook open", "run all", "slider")
#: what a new learner's shell does not have (an outer make's, an activated environment's, a tuned BLAS)
NOT_A_NEW_USER = (
    "MAKEFLAGS",
    "MAKELEVEL",
    "MFLAGS",
    "VIRTUAL_ENV",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "PIP_NO_CACHE_DIR",
)


def z(w1):
    """What notebook 01's neuron (w = [0.5, -0.5], b = 0.1, x = [1, 2]) shows as z once w1 is moved."""
    return w1 * 1 + (-0.5) * 2 + 0.1


def new_user(tmp, cache):
    """The environment of a new user whose home is ``tmp``/home and pip cache ``cache``."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_A_NEW_USER and not k.startswith("JUPYTER")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(sys.prefix))
    (tmp / "home").mkdir()
    return dict(env, HOME=str(tmp / "home"), PIP_CACHE_DIR=str(cache))


def clone(dest):
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True)
    diff = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=ROOT, capture_output=True, check=True).stdout
    if diff:
        subprocess.run(["git", "apply", "--binary"], cwd=dest, input=diff, check=True)


def answers(base, token):
    with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
        return r.status == 200
    return False


@contextlib.contextmanager
def started(cmd, cwd, env, log):
    """Run ``cmd`` (make lab, or jupyter lab) in a process group of its own; stop it, its
    JupyterLab and the kernels JupyterLab started afterwards."""
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process
    finally:
        below = descendants(process.pid)  # the kernels have process groups of their own
        stop(process)
        for pid in below:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def run(browser, cache, bare=False):
    """One learner's run: {phase: seconds}. ``bare``: the bare JupyterLab course."""
    times = {}
    with tempfile.TemporaryDirectory(prefix="lessonkit-first-slider-") as tmp:
        tmp = Path(tmp)
        env, repo = new_user(tmp, cache), tmp / "lessonkit"
        port, token = free_port(), secrets.token_hex(16)
        base = f"http://127.0.0.1:{port}"
        args = (
            f"--no-browser --port={port} --ip=127.0.0.1 --IdentityProvider.token={token} "
            "--ServerApp.port_retries=0 --LabApp.expose_app_in_browser=True"
        )  # the last: for open_notebook
        t0 = time.time()
        clone(repo)
        times["clone"] = time.time() - t0
        stamp = repo / ".venv" / ".installed"
        with open(tmp / "log", "w") as log:
            if bare:
                t = time.time()
                subprocess.run(["python3", "-m", "venv", ".venv"], cwd=repo, env=env, stdout=log, check=True)
                subprocess.run([".venv/bin/pip", "install", "jupyterlab"], cwd=repo, env=env, stdout=log, check=True)
                times["install"] = time.time() - t
                cmd = [".venv/bin/jupyter", "lab", *args.split(), *(["--allow-root"] if os.geteuid() == 0 else [])]
            else:
                cmd = ["make", "lab", f"ARGS={args}"]
            with started(cmd, repo, env, log) as process:
                t = time.time()  # make lab: from the end of the install, below
                while not answers(base, token):
                    if process.poll() is not None:
                        raise RuntimeError(f"{cmd[0]} stopped:\n{(tmp / 'log').read_text()[-3000:]}")
                    time.sleep(0.1)
                if not bare:  # make's stamp marks the end of the install
                    times["install"] = stamp.stat().st_mtime - t0 - times["clone"]
                    t = stamp.stat().st_mtime
                times["server up"] = time.time() - t

                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                t = time.time()
                open_notebook(page, base, token, NOTEBOOK)
                times["notebook open"] = time.time() - t
                if not bare:
                    t = time.time()
                    run_all(page)
                    times["run all"] = time.time() - t
                    t = time.time()
                    out = widget_output(page, "z = w·x + b")
                    w1 = slider(out, "w1")
                    handle = w1.locator(".noUi-handle")
                    before = handle.get_attribute("aria-valuetext")
                    press(w1, "ArrowRight")
                    expect(handle).not_to_have_attribute("aria-valuetext", before)
                    w1 = float(handle.get_attribute("aria-valuetext"))  # a step up, whatever the step
                    expect(out).to_contain_text(f"= {z(w1):.3f}", timeout=30_000)
                    times["slider"] = time.time() - t
                context.close()
    return times


def seconds(times, phase):
    return f"{times[phase]:7.1f} s" if phase in times else f"{'—':>9s}"


def main():
    states = sys.argv[1:] or ["cold", "warm"]
    changed = subprocess.run(
        ["git", "diff", "HEAD", "--name-only"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    print(
        f"Clone → first slider moved; the clone's HEAD plus the working tree's changes to: "
        f"{', '.join(changed.split()) or 'nothing'}"
    )
    figures, lines = {}, []
    with tempfile.TemporaryDirectory(prefix="lessonkit-pip-cache-") as caches, sync_playwright() as p:
        browser = launch_chromium(p)
        for state in states:
            if state not in ("cold", "warm"):
                raise SystemExit(f"bench_first_slider.py: unknown cache state {state!r}; expected cold or warm")
            ours_cache, bare_cache = Path(caches) / "ours", Path(caches) / "bare"
            if state == "warm" and not ours_cache.exists():  # warm alone: fill the caches first
                run(browser, ours_cache)
                run(browser, bare_cache, bare=True)
            ours, bare = run(browser, ours_cache), run(browser, bare_cache, bare=True)
            for name, times in (("make lab", ours), ("bare", bare)):
                print(f"{name} ({state}): " + ", ".join(f"{phase} {t:.1f} s" for phase, t in times.items()), flush=True)
            print(f"\npip cache {state}")
            print(f"{'phase':15s} {'make lab':>9s} {'bare':>9s} {'ours/bare':>9s}")
            for phase in PHASES:
                ratio = f"{ours[phase] / bare[phase]:8.2f}×" if phase in bare else ""
                print(f"{phase:15s} {seconds(ours, phase)} {seconds(bare, phase)} {ratio}")
            same, bare_total = sum(ours[phase] for phase in bare), sum(bare.values())
            print(f"{'clone → open':15s} {same:7.1f} s {bare_total:7.1f} s {same / bare_total:8.2f}×")
            total = sum(ours.values())
            print(
                f"{'total':15s} {total:7.1f} s {'':9s} {total / bare_total:8.2f}×  "
                f"(goal ≤ 60 s; ours to the slider against bare to the open notebook)"
            )
            figures[state] = {
                "make lab": {phase: round(t, 1) for phase, t in ours.items()},
                "bare": {phase: round(t, 1) for phase, t in bare.items()},
            }
            lines.append(
                f"{state} pip cache **{total:.1f} s** to the slider moved ("
                + ", ".join(f"{phase} {t:.1f} s" for phase, t in ours.items())
                + f"); bare JupyterLab to the open notebook {bare_total:.1f} s, ours {same:.1f} s "
                f"({same / bare_total:.2f}×)"
            )
        browser.close()
    record("bench_first_slider", "; ".join(lines) + "; goal ≤ 60 s", figures)


if __name__ == "__main__":
    main()
