"""A small class on a real JupyterHub: benchmarks/bench_class.py's simulator, run with two learners and a
few drags, so that the harness and its hub configuration keep working (no time is asserted; the full
runs are make benchmark's)."""

import sys
import time

import psutil

from tests.conftest import unavailable
from tests.installs import envs
from tests.installs.conftest import ROOT, install_wheel, require_env

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_class  # noqa: E402


def started_by(folder):
    """The processes whose command line names ``folder``: the hub's learners' servers and their kernels."""
    found = []
    for p in psutil.process_iter(["cmdline", "cwd"]):
        try:
            if any(folder in part for part in (p.info["cmdline"] or [])) or folder in (p.info["cwd"] or ""):
                found.append(p)
        except psutil.Error:
            pass
    return found


def test_two_learners_drag_the_step_through_on_a_hub(wheel, monkeypatch):
    require_env("hub")
    if not bench_class.PROXY.exists():
        unavailable("configurable-http-proxy is not installed (cd benchmarks/classroom && npm ci)")
    install_wheel(envs.env_python("hub"), wheel)
    folders = []
    real = bench_class.Hub.__init__

    def hub(self, folder, *args):
        folders.append(str(folder))
        real(self, folder, *args)

    monkeypatch.setattr(bench_class.Hub, "__init__", hub)
    activity = dict(drag=0.5, read=(0.0, 0.0), drags=2, gap=0.0)
    # with the setting docs/deployment.md recommends (docs/jupyter_server_config.py), so that it keeps working
    row = bench_class.a_class(envs.env_dir("hub"), 2, "step-through", activity, nodelay=True)

    assert row["learners"] == 2 and row["nodelay"]
    # every update the learners sent was answered by a new view (the stage's pictures and text), none failed
    assert row["updates"] >= 4 and row["redrawn"] == row["updates"], row
    assert row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"], row
    assert set(row["memory_mib"]) == {"hub", "proxy", "servers", "kernels"}, row
    assert row["memory_mib"]["kernels"] > 0 and row["memory_mib"]["servers"] > 0, row
    # everything the simulator started is stopped: no server or kernel of its hub's folder is left
    deadline = time.monotonic() + 30
    while (left := started_by(folders[0])) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, [p.info["cmdline"] for p in left]
