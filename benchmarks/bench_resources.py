"""What one learner costs a JupyterHub (or Binder) machine, to size it:

- memory: the kernel's resident memory (RSS, and its peak) after running each notebook top
  to bottom, and a JupyterLab server idle with one notebook open (its kernel started);
- CPU: the CPU time (time.process_time, not wall time) of one slider move of each widget,
  median of MOVES moves, next to the wall time.

    python benchmarks/bench_resources.py [--env DIR]

The notebooks and the server run in the environment DIR (default .venv-binder, what the
repo2docker image installs, when it is built; else this python's); the widgets run in this
python. The BLAS libraries get one thread each, as the image's .binder/start sets. Linux only
(memory is read from /proc). The figures go into benchmarks/results.json (results.py).
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rest import api  # noqa: E402
from results import record  # noqa: E402

from tests.e2e import lab  # noqa: E402
from tests.installs import envs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MOVES = 50
SETTLE = 5  # seconds the idle server is left alone before it is measured
ONE_THREAD = dict.fromkeys(("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"), "1")
CASES = [  # (widget class, the slider moved)
    ("NeuronExplorer", "w1"),
    ("LossExplorer", "y_hat"),
    ("LossLandscape", "w1"),
    ("GraphStepper", "w1"),
    ("StepThrough", "lr"),
    ("TrainingDashboard", "epoch"),
]
#: Appended to each notebook: the kernel reports its own memory.
MEMORY_CELL = (
    "status = dict(line.split(':', 1) for line in open('/proc/self/status'))\n"
    "print(int(status['VmRSS'].split()[0]) // 1024, int(status['VmHWM'].split()[0]) // 1024)"
)


def rss_mib(pid):
    """Resident memory of process ``pid``, MiB."""
    with open(f"/proc/{pid}/status") as f:
        status = dict(line.split(":", 1) for line in f)
    return int(status["VmRSS"].split()[0]) / 1024


def notebook_memory(python):
    """[(notebook, RSS MiB, peak RSS MiB)] of a fresh kernel of ``python`` after each notebook."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["JUPYTER_PATH"] = str(envs.kernel_spec(Path(tmp) / "jupyter", python, "lessonkit-bench", ONE_THREAD))
        for path in NOTEBOOKS:
            nb = nbformat.read(path, as_version=4)
            nb.cells.append(nbformat.v4.new_code_cell(MEMORY_CELL))
            NotebookClient(
                nb, kernel_name="lessonkit-bench", timeout=600, resources={"metadata": {"path": str(path.parent)}}
            ).execute()
            rss, peak = map(int, nb.cells[-1].outputs[0]["text"].split())
            rows.append((path.name, rss, peak))
        os.environ.pop("JUPYTER_PATH")
    return rows


def lab_memory(python, notebook="00_start_here.ipynb"):
    """(server RSS MiB, kernel RSS MiB) of `jupyter lab` from the environment of ``python``,
    idle, with ``notebook`` open: the lab page and the notebook fetched, a session (kernel) started."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "notebooks", tmp / "notebooks")
        env = dict(
            os.environ,
            **ONE_THREAD,
            JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
            JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        )
        port, token = lab.free_port(), secrets.token_hex(16)
        base = f"http://127.0.0.1:{port}"
        cmd = [
            str(python),
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={tmp}",
            "--ServerApp.port_retries=0",
        ]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        with open(tmp / "lab.log", "w") as log:
            server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                deadline = time.monotonic() + 120
                while True:
                    try:
                        api(base, "/api/status", token)
                        break
                    except OSError:
                        if server.poll() is not None or time.monotonic() > deadline:
                            raise RuntimeError(
                                f"jupyter lab did not start: {(tmp / 'lab.log').read_text()[-2000:]}"
                            ) from None
                        time.sleep(0.5)
                with urllib.request.urlopen(f"{base}/lab/tree/notebooks/{notebook}?token={token}", timeout=60):
                    pass
                api(base, f"/api/contents/notebooks/{notebook}?content=1", token)
                session = api(
                    base,
                    "/api/sessions",
                    token,
                    {
                        "path": f"notebooks/{notebook}",
                        "type": "notebook",
                        "name": notebook,
                        "kernel": {"name": "python3"},
                    },
                )
                time.sleep(SETTLE)
                kernel_pid = None
                for child in Path(f"/proc/{server.pid}/task").glob("*/children"):
                    for pid in child.read_text().split():
                        if "ipykernel" in Path(f"/proc/{pid}/cmdline").read_text():
                            kernel_pid = int(pid)
                server_rss = rss_mib(server.pid)
                kernel_rss = rss_mib(kernel_pid) if kernel_pid else float("nan")
                api(base, f"/api/sessions/{session['id']}", token, method="DELETE")
            finally:
                server.terminate()
                server.wait(timeout=30)
    return server_rss, kernel_rss


def widget_cpu():
    """[(widget, slider, median CPU ms, median wall ms)] of MOVES moves of one slider of each widget."""
    import numpy as np

    import lessonkit as lk

    rng = np.random.default_rng(0)
    rows = []
    for name, control_name in CASES:
        try:
            view = getattr(lk.widgets, name)()
            control = getattr(view, control_name)
        except Exception as error:  # a widget being rebuilt elsewhere: measure the others
            rows.append((name, control_name, f"{type(error).__name__}: {error}"))
            continue
        cpu, wall = [], []
        for _ in range(MOVES):
            if hasattr(control, "base"):  # FloatLogSlider: min and max are exponents
                value = round(float(control.base ** rng.uniform(control.min, control.max)), 4)
            else:
                value = control.min + (control.max - control.min) * rng.uniform()
                value = int(round(value)) if isinstance(control.value, int) else round(float(value), 2)
            c0, w0 = time.process_time(), time.perf_counter()
            control.value = value
            cpu.append((time.process_time() - c0) * 1e3)
            wall.append((time.perf_counter() - w0) * 1e3)
        rows.append((name, control_name, statistics.median(cpu), statistics.median(wall)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = ROOT / ".venv-binder"
    parser.add_argument(
        "--env",
        type=Path,
        default=default if (default / ".installed").exists() else Path(sys.prefix),
        help="environment that runs the notebooks and JupyterLab (default: %(default)s)",
    )
    args = parser.parse_args()
    python = args.env / "bin" / "python"
    os.environ.update(ONE_THREAD)  # before numpy is imported here: the widgets run in this process

    print(f"Kernel memory after each notebook, run top to bottom (kernel: {python})")
    print(f"{'notebook':24s} {'RSS MiB':>8s} {'peak MiB':>9s}")
    rows = notebook_memory(python)
    for name, rss, peak in rows:
        print(f"{name:24s} {rss:8d} {peak:9d}")
    server, kernel = lab_memory(python)
    one_at_a_time, every_kernel = server + max(peak for _, _, peak in rows), server + sum(rss for _, rss, _ in rows)
    print(f"\njupyter lab server, idle, one notebook open: {server:.0f} MiB; its fresh kernel: {kernel:.0f} MiB")
    print(f"  one learner, one notebook at a time: about {one_at_a_time:.0f} MiB (server + the largest kernel peak)")
    print(
        f"  one learner who leaves every notebook's kernel running: about {every_kernel:.0f} MiB "
        f"(server + every kernel)"
    )

    print(f"\nCPU time of one slider move, median of {MOVES} (python: {sys.executable})")
    print(f"{'widget':18s} {'slider':7s} {'CPU ms':>7s} {'wall ms':>8s}")
    cpu = {}
    for row in widget_cpu():
        if len(row) == 3:
            print(f"{row[0]:18s} {row[1]:7s} not measured: {row[2]}")
        else:
            print(f"{row[0]:18s} {row[1]:7s} {row[2]:7.1f} {row[3]:8.1f}")
            cpu[f"{row[0]} {row[1]}"] = round(row[2], 1)

    kernels = {Path(name).stem: rss for name, rss, _ in rows}
    least, most = min(kernels, key=kernels.get), max(kernels, key=kernels.get)
    record(
        "bench_resources",
        f"kernels {kernels[least]} MiB ({least}) to {kernels[most]} MiB ({most}) after their "
        f"notebook, the JupyterLab server {server:.0f} MiB: one notebook at a time about {one_at_a_time:.0f} MiB, "
        f"every kernel left running about {every_kernel:.0f} MiB; CPU time of a slider move "
        + (f"{min(cpu.values()):.1f}–{max(cpu.values()):.1f} ms" if cpu else "not measured"),
        {
            "kernel_mib": kernels,
            "kernel_peak_mib": {Path(name).stem: peak for name, _, peak in rows},
            "server_mib": round(server),
            "one_notebook_mib": round(one_at_a_time),
            "every_kernel_mib": round(every_kernel),
            "cpu_ms_per_move": cpu,
        },
    )


if __name__ == "__main__":
    main()
