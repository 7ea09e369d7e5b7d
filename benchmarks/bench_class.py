"""A class on one JupyterHub: N learners at once, each running a notebook top to bottom and then moving
one of its widget's sliders, timed from the move sent to the kernel idle again (the view redrawn).

    python benchmarks/bench_class.py [--learners 1 2 4 8] [--moves 30] [--pause 0.3]

A real JupyterHub (the ``hub`` extra, in .venv-hub: ``python tests/installs/envs.py hub``) and its
configurable-http-proxy (npm, benchmarks/classroom/package-lock.json: ``npm ci`` there) run on
loopback with a configuration of their own in a temporary folder: local single-user servers
(SimpleLocalProcessSpawner, no system users), any name let in (DummyAuthenticator), one BLAS
thread per kernel, and a service token that drives everything through the hub's REST API. Each
learner is a process of its own here: its server is spawned, a kernel started through the hub's proxy, the
notebook's code cells run over the kernel's websocket; then, all learners together, it sends
``--moves`` slider moves as the browser sends them (a ``comm_msg`` update of the slider's
value), each after the last one's answer and ``--pause`` seconds of reading. Everything started
is stopped at the end. The figures go into benchmarks/results.json (results.py).

The model of activity is a stated guess, not a measurement of learners: every learner busy at
once, a move every ``--pause`` seconds.
"""

import argparse
import json
import multiprocessing
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import psutil
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results import record  # noqa: E402

from tests.e2e import lab  # noqa: E402
from tests.installs import envs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PROXY = ROOT / "benchmarks" / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
#: The widgets a class moves: notebook, the slider's model and description, how many values it takes.
CASES = {"step-through": ("05_update.ipynb", "IntSliderModel", "stage", 4)}


def api(base, path, token, data=None, method=None):
    """A JSON request to a Jupyter or JupyterHub REST API with ``token``; its JSON answer."""
    request = urllib.request.Request(
        f"{base}{path}",
        data=None if data is None else json.dumps(data).encode(),
        method=method or ("POST" if data is not None else "GET"),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
    return json.loads(body) if body else None


class Kernel:
    """A kernel of the Jupyter server at ``base`` (a learner's, behind the hub's proxy), driven over its
    websocket as JupyterLab drives it: code run, widget models kept as they open and change, slider moves."""

    def __init__(self, base, token, path="notebooks"):
        self.base, self.token = base, token
        self.id = api(base, "/api/kernels", token, {"name": "python3", "path": path})["id"]
        self.session = uuid.uuid4().hex
        url = base.replace("http", "ws", 1) + f"/api/kernels/{self.id}/channels?session_id={self.session}"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {token}"], timeout=300)
        self.models = {}  # comm id → the widget model's state

    def send(self, msg_type, content):
        msg_id = uuid.uuid4().hex
        header = dict(
            msg_id=msg_id, msg_type=msg_type, username="learner", session=self.session, date="", version="5.3"
        )
        message = dict(header=header, parent_header={}, metadata={}, content=content, channel="shell", buffers=[])
        self.ws.send(json.dumps(message))
        return msg_id

    def until_idle(self, msg_id, timeout=600):
        """Read the kernel's messages until it is idle after ``msg_id``: the errors it raised meanwhile."""
        errors, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            frame = self.ws.recv()
            if isinstance(frame, bytes):  # binary buffers (the legacy framing): the message's JSON part only
                count = int.from_bytes(frame[:4], "big")
                offsets = [int.from_bytes(frame[4 + 4 * i : 8 + 4 * i], "big") for i in range(count)]
                frame = frame[offsets[0] : offsets[1] if count > 1 else None].decode()
            msg = json.loads(frame)
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                self.models[content["comm_id"]] = content["data"].get("state", {})
            elif kind == "comm_msg" and content["data"].get("method") == "update":
                self.models.setdefault(content["comm_id"], {}).update(content["data"].get("state", {}))
            elif kind == "error":
                errors.append(f"{content.get('ename')}: {content.get('evalue')}")
            elif kind == "status" and content["execution_state"] == "idle":
                if msg["parent_header"].get("msg_id") == msg_id:
                    return errors
        raise TimeoutError(f"the kernel was not idle within {timeout} s")

    def run(self, code):
        errors = self.until_idle(self.send("execute_request", {"code": code, "silent": False}))
        if errors:
            raise RuntimeError(f"a cell failed: {errors}")

    def slider(self, model, description):
        """The comm id of the widget model ``model`` described ``description`` (the last one opened)."""
        found = [
            c for c, s in self.models.items() if (s.get("_model_name"), s.get("description")) == (model, description)
        ]
        if not found:
            raise LookupError(f"no {model} {description!r} among the {len(self.models)} widget models")
        return found[-1]

    def move(self, comm_id, value):
        """A slider's new value, sent as the browser sends it; the seconds until the kernel is idle again."""
        start = time.perf_counter()
        update = {"method": "update", "state": {"value": value}, "buffer_paths": []}
        errors = self.until_idle(self.send("comm_msg", {"comm_id": comm_id, "data": update}), timeout=120)
        if errors:
            raise RuntimeError(f"a move failed: {errors}")
        return time.perf_counter() - start

    def close(self):
        self.ws.close()
        api(self.base, f"/api/kernels/{self.id}", self.token, method="DELETE")


CONFIG = """c = get_config()  # noqa: F821
c.JupyterHub.ip, c.JupyterHub.port = "127.0.0.1", {port}
c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", {hub_port}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {home!r}
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.environment = {{"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}}
c.Spawner.start_timeout = c.Spawner.http_timeout = 180
c.JupyterHub.db_url = "sqlite:///{folder}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.pid_file = "{folder}/hub.pid"
c.JupyterHub.services = [{{"name": "class", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "class", "scopes": ["admin:users", "admin:servers", "access:servers"], "services": ["class"]}}
]
c.JupyterHub.cleanup_servers = True
"""


class Hub:
    """JupyterHub and its proxy on loopback, configured in ``folder``; ``stop()`` stops them and every
    learner's server."""

    def __init__(self, folder, env):
        self.folder, self.env = Path(folder), Path(env)
        self.port, self.token = lab.free_port(), secrets.token_hex(16)
        (self.folder / "home").mkdir(parents=True)
        config = CONFIG.format(
            port=self.port,
            hub_port=lab.free_port(),
            proxy=str(PROXY),
            proxy_port=lab.free_port(),
            proxy_token=secrets.token_hex(16),
            home=f"{self.folder}/home/{{username}}",
            singleuser=str(self.env / "bin" / "jupyterhub-singleuser"),
            args=["--allow-root"] if os.geteuid() == 0 else [],
            folder=self.folder,
            token=self.token,
        )
        (self.folder / "config.py").write_text(config)
        self.log = open(self.folder / "hub.log", "w")
        self.process = subprocess.Popen(
            [str(self.env / "bin" / "jupyterhub"), "-f", str(self.folder / "config.py")],
            cwd=self.folder,
            env=dict(os.environ, PATH=f"{self.env / 'bin'}{os.pathsep}{os.environ['PATH']}"),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                api(self.base, "/hub/api/", self.token)
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    log = (self.folder / "hub.log").read_text()[-3000:]
                    raise RuntimeError(f"the hub did not start:\n{log}") from None
                time.sleep(0.3)

    def add(self, name, notebook):
        """A learner ``name`` with ``notebook`` in their home's notebooks/, their server spawning."""
        home = self.folder / "home" / name / "notebooks"
        home.mkdir(parents=True)
        shutil.copy(ROOT / "notebooks" / notebook, home / notebook)
        api(self.base, f"/hub/api/users/{name}", self.token, {})
        api(self.base, f"/hub/api/users/{name}/server", self.token, {})

    def ready(self, name, timeout=180):
        """The base URL of ``name``'s server, once the hub says it is ready."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = api(self.base, f"/hub/api/users/{name}", self.token).get("servers", {}).get("")
            if server and server.get("ready"):
                return f"{self.base}/user/{name}"
            time.sleep(0.3)
        raise TimeoutError(f"{name}'s server was not ready within {timeout} s")

    def processes(self):
        """The hub, its proxy, the learners' servers and their kernels: psutil Processes by part."""
        hub = psutil.Process(self.process.pid)
        parts = {"hub": [hub], "proxy": [], "servers": [], "kernels": []}
        for child in hub.children():
            parts["proxy" if "node" in child.name() or "proxy" in " ".join(child.cmdline()) else "servers"].append(
                child
            )
        for server in parts["servers"]:
            parts["kernels"] += server.children(recursive=True)
        return parts

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def cpu_seconds(processes):
    total = 0.0
    for p in processes:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def rss_mib(processes):
    total = 0
    for p in processes:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def learner(base, token, cells, slider, number, moves, pause, gates, out):
    """One learner, in a process of its own (so that the simulator's work for one learner, reading every
    view update, never waits on another's): a kernel, the notebook's cells, then ``moves`` moves of
    ``slider`` (model, description, how many values) between the ``gates`` (barriers: all ran, go,
    all moved, measured). Puts ("ok", run-all seconds, move seconds, its own CPU seconds while moving)
    or ("failed", why) on ``out``."""
    ran, go, moved, measured = gates
    try:
        kernel = Kernel(base, token)
        start = time.perf_counter()
        for code in cells:
            kernel.run(code)
        took = time.perf_counter() - start
        model, description, values = slider
        comm = kernel.slider(model, description)
        ran.wait()
        go.wait()
        cpu, seconds = time.process_time(), []
        for i in range(moves):
            seconds.append(kernel.move(comm, (number + i + 1) % values))
            time.sleep(pause)
        cpu = time.process_time() - cpu
        moved.wait()
        measured.wait()  # the kernels' memory measured before they are shut down
        kernel.close()
        out.put(("ok", took, seconds, cpu))
    except Exception as exc:  # noqa: BLE001  every learner's failure is reported
        out.put(("failed", repr(exc)))
        for gate in gates:
            gate.abort()


def a_class(env, n, case, moves, pause):
    """N learners on one hub, each in a process of its own: the figures of ``case`` (a key of CASES)."""
    notebook, model, description, values = CASES[case]
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="lessonkit-class-") as folder:
        hub = Hub(folder, env)
        try:
            names = [f"learner{i}" for i in range(n)]
            start = time.perf_counter()
            for name in names:
                hub.add(name, notebook)
            bases = [hub.ready(name) for name in names]
            spawned = time.perf_counter() - start
            cells = ["".join(c["source"]) for c in json.loads((ROOT / "notebooks" / notebook).read_text())["cells"]
                     if c["cell_type"] == "code"]  # fmt: skip
            gates = tuple(context.Barrier(n + 1) for _ in range(4))
            ran, go, moved, measured = gates
            out = context.Queue()
            learners = [
                context.Process(
                    target=learner,
                    args=(base, hub.token, cells, (model, description, values), i, moves, pause, gates, out),
                )
                for i, base in enumerate(bases)
            ]
            t = time.perf_counter()
            for process in learners:
                process.start()
            try:
                ran.wait()
                all_ran = time.perf_counter() - t
                parts = hub.processes()
                before = {part: cpu_seconds(ps) for part, ps in parts.items()}
                machine = psutil.cpu_times()
                t = time.perf_counter()
                go.wait()
                moved.wait()
                seconds = time.perf_counter() - t
                cores = {part: (cpu_seconds(ps) - before[part]) / seconds for part, ps in parts.items()}
                after = psutil.cpu_times()
                idle = (after.idle - machine.idle) / seconds / psutil.cpu_count()
                memory = {part: rss_mib(ps) for part, ps in parts.items()}
                measured.wait()
            except threading.BrokenBarrierError:
                pass  # a learner failed: its reason is on the queue
            results = [out.get(timeout=300) for _ in learners]
            for process in learners:
                process.join(60)
            failures = [r[1] for r in results if r[0] == "failed"]
            if failures:
                raise RuntimeError(f"{len(failures)} learners failed: {failures[:3]}")
            latencies = [s for r in results for s in r[2]]
            cores["simulator"] = sum(r[3] for r in results) / seconds
            q = statistics.quantiles(latencies, n=100)
            return dict(
                learners=n,
                spawned_s=round(spawned, 1),
                run_all_s=round(all_ran, 1),
                p50_ms=round(q[49] * 1e3, 1),
                p95_ms=round(q[94] * 1e3, 1),
                p99_ms=round(q[98] * 1e3, 1),
                moves=len(latencies),
                cores={k: round(v, 2) for k, v in cores.items()},
                machine_busy=round(1 - idle, 2),
                memory_mib={k: round(v) for k, v in memory.items()},
            )
        finally:
            hub.stop()


def summary_of(rows, pause):
    """The line the benchmarks' table shows of ``rows`` (one per class size)."""
    fits = [r["learners"] for r in rows if r["p95_ms"] <= 100]
    sizes = "; ".join(
        f"{r['learners']} learner{'s' if r['learners'] != 1 else ''} p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms"
        for r in rows
    )
    most = f"p95 ≤ 100 ms up to {max(fits)} learners" if fits else "p95 over 100 ms from 1 learner"
    return f"the step-through (05), every learner moving its stage every {pause} s: {sizes}; {most}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--moves", type=int, default=30, help="slider moves per learner")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between a move's answer and the next")
    args = parser.parse_args()
    env = envs.env_dir("hub")
    if not (env / ".installed").exists():
        raise SystemExit("bench_class.py needs the hub environment: python tests/installs/envs.py hub")
    if not PROXY.exists():
        raise SystemExit("bench_class.py needs configurable-http-proxy: cd benchmarks/classroom && npm ci")
    with tempfile.TemporaryDirectory() as tmp:
        envs.install_wheel(envs.env_python("hub"), envs.build_wheel(tmp))  # the course as it is now
    rows = []
    for n in args.learners:
        row = a_class(env, n, "step-through", args.moves, args.pause)
        rows.append(row)
        print(
            f"{n:3d} learners: spawned in {row['spawned_s']} s, all ran 05 in {row['run_all_s']} s; a move "
            f"p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, p99 {row['p99_ms']} ms ({row['moves']} moves); "
            f"cores busy {row['cores']} (the machine {row['machine_busy']:.0%}); memory MiB {row['memory_mib']}",
            flush=True,
        )
    summary = summary_of(rows, args.pause)
    record("bench_class", summary, {"rows": rows, "pause_s": args.pause, "moves": args.moves})


if __name__ == "__main__":
    main()
