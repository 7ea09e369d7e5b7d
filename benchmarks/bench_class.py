"""A class on one JupyterHub: N learners at once, each running a notebook top to bottom and then dragging
one of its widget's sliders, timed from each update sent to the view redrawn.

    python benchmarks/bench_class.py [--widgets step-through network dashboard] [--learners 1 4 8 16]
    python benchmarks/bench_class.py --widgets step-through --learners 2 --drags 1   # a quick look
    python benchmarks/bench_class.py --faults 8     # a kernel killed, the hub restarted, a runaway cell

A real JupyterHub (the ``hub`` extra, in .venv-hub: ``python tests/installs/envs.py hub``) and its
configurable-http-proxy (npm, benchmarks/classroom/package-lock.json: ``npm ci`` there) run on
loopback with a configuration of their own in a temporary folder: local single-user servers
(SimpleLocalProcessSpawner, no system users), any name let in (DummyAuthenticator), one BLAS
thread per kernel, and a service token that drives everything through the hub's REST API. Each
learner is a process of its own here: its server is spawned, a kernel started through the hub's
proxy, the notebook's code cells run over the kernel's websocket; then, all learners together,
each drags the widget's slider as JupyterLab sends a drag (``comm_msg`` updates of the slider's
value). Everything started is stopped at the end. The figures go into benchmarks/results.json
(results.py).

The model of a learner's activity:
- measured: a drag in JupyterLab (headless Chromium, the mouse moved across the slider and back in 3 s
  at 60 frames a second) sends an update only when the value under the pointer changes, and then
  only once the kernel has answered the last one (idle): ipywidgets keeps at most one update in
  flight, so a drag is a closed loop of update, answer, the page's gap, update.
  ``drag_in_the_browser`` measures on each widget the updates a second and that gap in the page (from
  the last message in to the next update out), and the simulator waits the measured gap after each
  answer.
- stated: each learner starts at a random moment within the first reading pause, then drags the slider
  across in ``--drag`` seconds (an even pace; a new value sent as the pointer reaches it), reads for a
  random ``--read`` LO HI seconds, drags back, and so on, ``--drags`` times. With the defaults (1.5 s
  drags, 4 to 12 s of reading) a learner drags about a sixth of the time; ``--read 0 0`` is a class
  dragging without a pause.

A move's time is from the update sent to the last of the view's models changed (the view redrawn);
the time to the kernel idle again is kept beside it. Each class size runs as the learners' servers come and
with Nagle's algorithm off on their kernel websocket (``--nodelay``; docs/jupyter_server_config.py), their
kernels over Unix sockets. ``--faults N`` runs ``faults`` instead: a kernel killed, the hub restarted and a
runaway cell among N dragging learners.
"""

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import uuid
from pathlib import Path

import psutil
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from rest import api  # noqa: E402
from results import load, record, results_file  # noqa: E402

from tests.e2e import lab  # noqa: E402
from tests.installs import envs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PROXY = ROOT / "benchmarks" / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
#: The widgets a class drags: their notebook and the description of the slider (an IntSlider) dragged.
WIDGETS = {
    "step-through": ("05_update.ipynb", "stage"),
    "network": ("04_backprop_network.ipynb", "step"),
    "dashboard": ("06_epochs.ipynb", "show epoch"),
}


def pointed(lo, hi, t, crossing, forward):
    """The value a pointer points at ``t`` seconds into a drag that crosses a slider from ``lo`` to ``hi``
    (or back, unless ``forward``) in ``crossing`` seconds at an even pace."""
    f = min(1.0, max(0.0, t / crossing))
    return round(lo + (hi - lo) * (f if forward else 1 - f))


#: The kernel websocket's protocol JupyterLab 4 speaks: the server passes the kernel's frames on as they are.
PROTOCOL = "v1.kernel.websocket.jupyter.org"


def framed(channel, parts):
    """A message in the v1 protocol: the number of offsets, the offsets, the channel, then ``parts``."""
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    for part in [channel.encode(), *parts]:
        offsets.append(offsets[-1] + len(part))
    head = b"".join(o.to_bytes(8, "little") for o in [len(offsets), *offsets])
    return head + channel.encode() + b"".join(parts)


def unframed(frame):
    """The channel and parts (header, parent header, metadata, content, buffers) of a v1 message."""
    count = int.from_bytes(frame[:8], "little")
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    return frame[offsets[0] : offsets[1]].decode(), [frame[a:b] for a, b in zip(offsets[1:], offsets[2:])]


def drag(kernel, comm, lo, hi, seconds, forward, sent, gap, updates):
    """One drag across the slider ``comm`` (values ``lo`` to ``hi``; back unless ``forward``) in ``seconds``,
    as the browser sends it: the value under the pointer whenever it differs from the last one ``sent`` and
    that one is answered, then ``gap`` seconds of the page's own work. Appends (wall time, seconds to the
    view redrawn or None, seconds to the kernel idle) to ``updates`` for each update; returns the last value
    sent. A kernel lost meanwhile raises KernelLost."""
    start = time.monotonic()
    while (t := time.monotonic() - start) < seconds:
        value = pointed(lo, hi, t, seconds, forward)
        if value == sent:  # the browser sends only a new value
            time.sleep(0.005)
            continue
        shown, answered = kernel.move(comm, value)
        sent = value
        updates.append((time.time(), shown, answered))
        time.sleep(gap)
    return sent


def percentiles_ms(seconds):
    """p50, p95 and p99 of ``seconds`` (at least two), in milliseconds."""
    q = statistics.quantiles(seconds, n=100)
    return dict(p50_ms=round(q[49] * 1e3, 1), p95_ms=round(q[94] * 1e3, 1), p99_ms=round(q[98] * 1e3, 1))


def code_cells(notebook):
    """The sources of ``notebook``'s code cells (a name in notebooks/), in order."""
    nb = json.loads((ROOT / "notebooks" / notebook).read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


class KernelLost(RuntimeError):
    """The kernel died or restarted while a learner waited for its answer."""


class Kernel:
    """A kernel of the Jupyter server at ``base`` (a learner's, behind the hub's proxy), driven over its
    websocket as JupyterLab drives it (the v1 protocol): code run, widget models kept as they open and
    change, slider moves."""

    def __init__(self, base, token, path="notebooks"):
        self.base, self.token = base, token
        self.id = api(base, "/api/kernels", token, {"name": "python3", "path": path})["id"]
        self.session = uuid.uuid4().hex
        url = base.replace("http", "ws", 1) + f"/api/kernels/{self.id}/channels?session_id={self.session}"
        self.ws = websocket.create_connection(
            url, header=[f"Authorization: token {token}"], subprotocols=[PROTOCOL], timeout=300
        )
        self.models = {}  # comm id → the widget model's state
        self.changed = {}  # comm id → when its model was last updated, since the last message sent

    def send(self, msg_type, content):
        msg_id = uuid.uuid4().hex
        header = dict(
            msg_id=msg_id, msg_type=msg_type, username="learner", session=self.session, date="", version="5.3"
        )
        self.changed = {}
        parts = [json.dumps(part).encode() for part in (header, {}, {}, content)]
        self.ws.send_binary(framed("shell", parts))
        return msg_id

    def until_idle(self, msg_id, timeout=600):
        """Read the kernel's messages until it is idle after ``msg_id``: the errors it raised meanwhile."""
        errors, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, parts = unframed(self.ws.recv())
            kind = json.loads(parts[0])["msg_type"]
            if kind not in ("comm_open", "comm_msg", "error", "status"):
                continue
            content = json.loads(parts[3])
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                self.models[content["comm_id"]] = content["data"].get("state", {})
            elif kind == "comm_msg" and content["data"].get("method") == "update":
                self.models.setdefault(content["comm_id"], {}).update(content["data"].get("state", {}))
                self.changed[content["comm_id"]] = time.perf_counter()
            elif kind == "error":
                errors.append(f"{content.get('ename')}: {content.get('evalue')}")
            elif kind == "status" and content["execution_state"] in ("restarting", "autorestarting", "dead"):
                raise KernelLost(f"the kernel is {content['execution_state']}")
            elif kind == "status" and content["execution_state"] == "idle":
                if json.loads(parts[1]).get("msg_id") == msg_id:
                    return errors
        raise TimeoutError(f"the kernel was not idle within {timeout} s")

    def run(self, code):
        errors = self.until_idle(self.send("execute_request", {"code": code, "silent": False}))
        if errors:
            raise RuntimeError(f"a cell failed: {errors}")

    def slider(self, description):
        """The IntSlider described ``description`` (the last one opened): its comm id, min and max."""
        found = [
            (c, s["min"], s["max"])
            for c, s in self.models.items()
            if (s.get("_model_name"), s.get("description")) == ("IntSliderModel", description)
        ]
        if not found:
            raise LookupError(f"no slider {description!r} among the {len(self.models)} widget models")
        return found[-1]

    def move(self, comm_id, value):
        """A slider's new value, sent as the browser sends it: the seconds until the last of the view's other
        models changed (the view redrawn; None when none did), and until the kernel was idle again."""
        start = time.perf_counter()
        update = {"method": "update", "state": {"value": value}, "buffer_paths": []}
        errors = self.until_idle(self.send("comm_msg", {"comm_id": comm_id, "data": update}), timeout=120)
        idle = time.perf_counter() - start
        if errors:
            raise RuntimeError(f"a move failed: {errors}")
        shown = [t for c, t in self.changed.items() if c != comm_id]
        return (max(shown) - start if shown else None), idle

    def restart_and_run_all(self, cells):
        """Kernel → Restart Kernel and Run All Cells, as a learner does when a widget stops answering."""
        api(self.base, f"/api/kernels/{self.id}/restart", self.token, {})
        self.ws.close()
        url = self.base.replace("http", "ws", 1) + f"/api/kernels/{self.id}/channels?session_id={self.session}"
        self.ws = websocket.create_connection(
            url, header=[f"Authorization: token {self.token}"], subprotocols=[PROTOCOL], timeout=300
        )
        self.models = {}
        for code in cells:
            self.run(code)

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
# a short runtime folder: a kernel's Unix sockets are named after it, and such a name is at most 107 bytes
c.Spawner.environment = dict({environment!r}, JUPYTER_RUNTIME_DIR=lambda spawner: f"{folder}/rt/{{spawner.user.name}}")
c.Spawner.start_timeout = c.Spawner.http_timeout = 180
c.JupyterHub.db_url = "sqlite:///{folder}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.pid_file = "{folder}/hub.pid"
c.JupyterHub.services = [{{"name": "class", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "class", "scopes": ["admin:users", "admin:servers", "access:servers"], "services": ["class"]}}
]
c.JupyterHub.cleanup_servers = c.JupyterHub.cleanup_proxy = {cleanup}
c.ConfigurableHTTPProxy.should_start = {cleanup}
"""

#: The learners' server configuration that turns Nagle's algorithm off on the kernel websocket (TCP_NODELAY).
NODELAY = ROOT / "docs" / "jupyter_server_config.py"


class Hub:
    """JupyterHub and its proxy on loopback, configured in ``folder``; ``stop()`` stops them and every
    learner's server. ``nodelay``: the learners' servers send on the kernel websocket without Nagle's
    algorithm (docs/jupyter_server_config.py). ``restartable``: the proxy and the learners' servers keep
    running when the hub stops, as on a hub whose administrator restarts it (``restart()``)."""

    def __init__(self, folder, env, nodelay=False, restartable=False):
        self.folder, self.env = Path(folder), Path(env)
        self.port, self.token = lab.free_port(), secrets.token_hex(16)
        (self.folder / "home").mkdir(parents=True)
        environment = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        proxy_port, proxy_token, hub_port = lab.free_port(), secrets.token_hex(16), lab.free_port()
        if nodelay:
            (self.folder / "server").mkdir()
            shutil.copy(NODELAY, self.folder / "server" / "jupyter_server_config.py")
            environment["JUPYTER_CONFIG_PATH"] = str(self.folder / "server")
        config = CONFIG.format(
            environment=environment,
            port=self.port,
            hub_port=hub_port,
            proxy=str(PROXY),
            proxy_port=proxy_port,
            proxy_token=proxy_token,
            home=f"{self.folder}/home/{{username}}",
            singleuser=str(self.env / "bin" / "jupyterhub-singleuser"),
            # kernels over Unix sockets: over TCP, servers that start kernels at once on one machine pick the
            # same free ports ("Address already in use"), and a kernel that cannot bind dies after five restarts
            args=["--KernelManager.transport=ipc"] + (["--allow-root"] if os.geteuid() == 0 else []),
            folder=self.folder,
            token=self.token,
            cleanup=not restartable,
        )
        (self.folder / "config.py").write_text(config)
        self.left = []  # what a restarted hub's processes left running: the learners' servers, the proxy
        if restartable:  # the proxy apart from the hub, as Zero to JupyterHub and The Littlest JupyterHub run it
            where = f"--ip 127.0.0.1 --port {self.port} --api-ip 127.0.0.1 --api-port {proxy_port}".split()
            errors = ["--error-target", f"http://127.0.0.1:{hub_port}/hub/error"]
            self.left.append(
                psutil.Popen(
                    [str(PROXY), *where, *errors],
                    env=dict(os.environ, CONFIGPROXY_AUTH_TOKEN=proxy_token),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        self.start()

    def start(self):
        self.log = open(self.folder / "hub.log", "a")
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

    def restart(self):
        """Stop the hub (SIGTERM) and start it again: the seconds until its API answers again."""
        self.left += [p for part, ps in self.processes().items() if part != "hub" for p in ps]
        start = time.perf_counter()
        self.process.terminate()
        self.process.wait(30)
        self.log.close()
        self.start()
        return time.perf_counter() - start

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
        self.left += [p for part, ps in self.processes().items() if part != "hub" for p in ps]
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        for p in self.left:  # a restartable hub leaves them: stopped here
            with contextlib.suppress(psutil.Error):
                p.terminate()
        for p in psutil.wait_procs([p for p in self.left if p.is_running()], timeout=10)[1]:
            with contextlib.suppress(psutil.Error):
                p.kill()


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


def learner(base, token, cells, description, number, activity, gates, out):
    """One learner, in a process of its own (so that the simulator's work for one learner, reading every
    view update, never waits on another's): a kernel, the notebook's cells, then drags of the slider
    ``description`` as ``activity`` says (see the module's docstring; the random pauses seeded by
    ``number``), between the ``gates`` (barriers: all ran, go, all dragged, measured). Puts ("ok",
    run-all seconds, the updates as ``drag`` notes them, its own CPU seconds while dragging) or ("failed",
    why) on ``out``."""
    ran, go, moved, measured = gates
    rng = random.Random(number)
    doing = "starting a kernel"
    try:
        kernel = Kernel(base, token)
        start = time.perf_counter()
        for i, code in enumerate(cells):
            doing = f"running cell {i}"
            kernel.run(code)
        ran_for = time.perf_counter() - start
        doing = "dragging"
        comm, lo, hi = kernel.slider(description)
        sent = kernel.models[comm]["value"]
        ran.wait()
        go.wait()
        cpu, updates = time.process_time(), []
        read_lo, read_hi = activity["read"]
        time.sleep(rng.uniform(0, read_hi))
        for n in range(activity["drags"]):  # across, back, across...
            sent = drag(kernel, comm, lo, hi, activity["drag"], n % 2 == 0, sent, activity["gap"], updates)
            if n < activity["drags"] - 1:
                time.sleep(rng.uniform(read_lo, read_hi))
        cpu = time.process_time() - cpu
        moved.wait()
        measured.wait()  # the kernels' memory measured before they are shut down
        kernel.close()
        out.put(("ok", ran_for, updates, cpu))
    except Exception as exc:  # noqa: BLE001  every learner's failure is reported
        out.put(("failed", f"{doing}: {exc!r}"))
        for gate in gates:
            gate.abort()


def a_class(env, n, widget, activity, nodelay=False):
    """N learners on one hub, each in a process of its own, dragging ``widget`` (a key of WIDGETS) as
    ``activity`` says: the figures. ``nodelay``: see Hub."""
    notebook, description = WIDGETS[widget]
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="lessonkit-class-") as folder:
        hub = Hub(folder, env, nodelay)
        try:
            names = [f"learner{i}" for i in range(n)]
            start = time.perf_counter()
            for name in names:
                hub.add(name, notebook)
            bases = [hub.ready(name) for name in names]
            spawned = time.perf_counter() - start
            cells = code_cells(notebook)
            gates = tuple(context.Barrier(n + 1) for _ in range(4))
            ran, go, moved, measured = gates
            out = context.Queue()
            learners = [
                context.Process(target=learner, args=(base, hub.token, cells, description, i, activity, gates, out))
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
                log = (hub.folder / "hub.log").read_text().splitlines()
                said = [line for line in log if line.startswith(("[E", "[W"))]
                raise RuntimeError(f"{len(failures)} learners failed: {failures[:3]}; the hub's log said:\n"
                                   + "\n".join(said[-30:]))  # fmt: skip
            updates = [u for r in results for u in r[2]]
            redrawn = [shown for _, shown, _ in updates if shown is not None]
            cores["simulator"] = sum(r[3] for r in results) / seconds
            return dict(
                widget=widget,
                nodelay=nodelay,
                learners=n,
                spawned_s=round(spawned, 1),
                run_all_s=round(all_ran, 1),
                **percentiles_ms(redrawn),
                idle_p95_ms=percentiles_ms([to_idle for _, _, to_idle in updates])["p95_ms"],
                updates=len(updates),
                redrawn=len(redrawn),
                updates_per_s=round(len(updates) / seconds, 1),
                cores={k: round(v, 2) for k, v in cores.items()},
                machine_busy=round(1 - idle, 2),
                memory_mib={k: round(v) for k, v in memory.items()},
            )
        finally:
            hub.stop()


#: A runaway cell, bounded so that the benchmark ends: a loop that keeps a core busy for RUNAWAY_S seconds.
RUNAWAY_S = 8
RUNAWAY = f"import time\n_start = time.monotonic()\nwhile time.monotonic() - _start < {RUNAWAY_S}:\n    pass"
#: When each fault strikes, in seconds from the start of the drags; the drags end at END_S.
KILL_S, HUB_S, LOOP_S, END_S = 15, 30, 45, 60


def learner_under_faults(base, token, cells, description, number, runaway, go, out):
    """A learner of ``faults``: after ``go``, drags back and forth with short pauses until END_S, noting
    (wall time, seconds to the view, seconds to idle) of each update. When its kernel dies, it does Restart
    & Run All and notes how long that took; when ``runaway`` is set, it runs RUNAWAY once. Puts (number, "ok", updates,
    restarts, (start, end) of the runaway cell or None) or (number, "failed", why) on ``out``."""
    rng, updates, restarts, ran = random.Random(number), [], [], None
    try:
        kernel = Kernel(base, token)
        for code in cells:
            kernel.run(code)
        comm, lo, hi = kernel.slider(description)
        sent, n = kernel.models[comm]["value"], 0
        go.wait()
        end = time.time() + END_S
        while time.time() < end:
            if runaway.is_set():
                runaway.clear()
                ran = time.time()
                kernel.run(RUNAWAY)
                ran = (ran, time.time())
            try:
                sent = drag(kernel, comm, lo, hi, 1.5, n % 2 == 0, sent, 0.0, updates)
            except KernelLost:
                lost = time.perf_counter()
                for _ in range(5):  # the learner reads "Kernel restarting", then restarts it again
                    time.sleep(2)
                    with contextlib.suppress(urllib.error.HTTPError):
                        kernel.restart_and_run_all(cells)
                        break
                else:
                    raise RuntimeError("Restart & Run All failed five times") from None
                comm, lo, hi = kernel.slider(description)
                sent = kernel.models[comm]["value"]
                restarts.append(time.perf_counter() - lost)
            n += 1
            time.sleep(rng.uniform(0.5, 1.5))
        kernel.close()
        out.put((number, "ok", updates, restarts, ran))
    except Exception as exc:  # noqa: BLE001  every learner's failure is reported
        out.put((number, "failed", repr(exc)))


def faults(env, n, widget):
    """N learners dragging ``widget`` on a hub whose servers run without Nagle's delay, then three faults:
    at KILL_S learner 0's kernel is killed (SIGKILL), at HUB_S the hub is restarted, at LOOP_S learner 1 runs
    a runaway cell. Each phase's p50/p95 of the other learners' updates, and what became of the two."""
    notebook, description = WIDGETS[widget]
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="lessonkit-class-") as folder:
        hub = Hub(folder, env, nodelay=True, restartable=True)
        try:
            names = [f"learner{i}" for i in range(n)]
            for name in names:
                hub.add(name, notebook)
            bases = [hub.ready(name) for name in names]
            saved = (hub.folder / "home" / names[0] / "notebooks" / notebook).read_bytes()
            cells = code_cells(notebook)
            go, out = context.Barrier(n + 1), context.Queue()
            runaway = [context.Event() for _ in names]
            learners = [
                context.Process(
                    target=learner_under_faults, args=(base, hub.token, cells, description, i, runaway[i], go, out)
                )
                for i, base in enumerate(bases)
            ]
            for process in learners:
                process.start()
            go.wait()
            start = time.time()
            time.sleep(KILL_S)
            (server,) = [p for p in hub.processes()["servers"] if f"/{names[0]}" in p.cwd()]
            (victim,) = [p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
            victim.kill()
            time.sleep(HUB_S - (time.time() - start))
            hub_down = hub.restart()
            time.sleep(LOOP_S - (time.time() - start))
            runaway[1].set()
            results = [r[1:] for r in sorted(out.get(timeout=END_S + 300) for _ in learners)]  # by learner
            for process in learners:
                process.join(60)
            failures = [r[1] for r in results if r[0] == "failed"]
            if failures:
                raise RuntimeError(f"{len(failures)} learners failed under the faults: {failures[:3]}")
            ran = [t - start for t in results[1][3]]
            phases = {"before": (0, KILL_S), "kernel killed": (KILL_S, HUB_S),
                      "hub restarting": (HUB_S, HUB_S + 15), "runaway cell": tuple(ran)}  # fmt: skip
            figures = {}
            for phase, (a, b) in phases.items():
                others = [
                    shown
                    for i, r in enumerate(results)
                    if not (i == 0 and phase == "kernel killed") and not (i == 1 and phase == "runaway cell")
                    for when, shown, _ in r[1]
                    if a <= when - start < b and shown is not None
                ]
                figures[phase] = dict(updates=len(others), **percentiles_ms(others))
            figures["hub down s"] = round(hub_down, 1)
            figures["restart and run all s"] = [round(x, 1) for x in results[0][2]]
            figures["learner 0 updates after its kernel was killed"] = sum(
                when - start > KILL_S for when, _, _ in results[0][1]
            )
            figures["learner 0's notebook unchanged"] = (
                hub.folder / "home" / names[0] / "notebooks" / notebook
            ).read_bytes() == saved
            return dict(widget=widget, learners=n, **figures)
        finally:
            hub.stop()


#: In the kernel, before the notebook runs: the start and end of every slider update ipywidgets handles.
PROBE = """
import time as _lk_time, ipywidgets as _lk_w
_lk_updates = []
def _lk_timed(handle):
    def _handle_msg(self, msg):
        start = _lk_time.perf_counter()
        handle(self, msg)
        data = msg["content"]["data"]
        if data.get("method") == "update" and "value" in data.get("state", {}):
            _lk_updates.append((start, _lk_time.perf_counter()))
    return _handle_msg
_lk_w.Widget._handle_msg = _lk_timed(_lk_w.Widget._handle_msg)
"""


#: In the page, before JupyterLab loads: when each websocket message arrives and leaves.
SOCKETS = """
window.__lk_ws = [];
window.WebSocket = class extends window.WebSocket {
    constructor(...args) {
        super(...args);
        this.addEventListener('message', () => window.__lk_ws.push(['in', performance.now()]));
    }
    send(data) { window.__lk_ws.push(['out', performance.now()]); return super.send(data); }
};
"""


def drag_in_the_browser(widgets, seconds=3.0):
    """Each of ``widgets`` (keys of WIDGETS) dragged in JupyterLab in headless Chromium for ``seconds``,
    the mouse moved across the slider and back at 60 frames a second: {widget: its updates per second,
    the median ms the kernel took for one, the median ms from one update's end in the kernel to the
    next one's start (the answer's way to the page, the page's work, the next update's way back), and
    the median ms in the page from the last message received to the next update sent}."""
    from playwright.sync_api import sync_playwright

    found = {}
    with lab.running_lab() as (base, token, _), sync_playwright() as p:
        browser = lab.launch_chromium(p)
        try:
            for widget in widgets:
                notebook, description = WIDGETS[widget]
                page = browser.new_page(viewport=lab.VIEWPORT)
                page.add_init_script(SOCKETS)
                lab.open_notebook(page, base, token, notebook)
                lab.kernel_print(page, PROBE)
                lab.run_all(page)
                track = lab.slider(page.locator(".jp-Notebook"), description).locator(".noUi-base")
                handle = track.locator(lab.SLIDER_HANDLE)
                handle.scroll_into_view_if_needed()
                box, at = track.bounding_box(), handle.bounding_box()
                y = at["y"] + at["height"] / 2
                page.mouse.move(at["x"] + at["width"] / 2, y)
                page.evaluate("window.__lk_ws = []")
                page.mouse.down()
                start = time.monotonic()
                while (t := time.monotonic() - start) < seconds:
                    phase = (2 * t / seconds) % 2  # across and back
                    page.mouse.move(box["x"] + box["width"] * (phase if phase < 1 else 2 - phase), y)
                    time.sleep(1 / 60)
                page.mouse.up()
                page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext"
                                       ".session.kernel.status === 'idle'")  # fmt: skip
                time.sleep(1)
                sockets = page.evaluate("window.__lk_ws")
                in_page = [
                    t - max(i for kind, i in sockets[:n] if kind == "in")
                    for n, (kind, t) in enumerate(sockets)
                    if kind == "out" and any(k == "in" for k, _ in sockets[:n])
                ]
                updates = json.loads(lab.kernel_print(page, "import json; print(json.dumps(_lk_updates))"))
                if len(updates) < 3:
                    raise RuntimeError(f"dragging {widget}'s {description!r} sent {len(updates)} updates")
                found[widget] = dict(
                    updates_per_s=round(len(updates) / seconds, 1),
                    kernel_ms=round(statistics.median(e - s for s, e in updates) * 1e3, 1),
                    gap_ms=round(statistics.median(b[0] - a[1] for a, b in zip(updates, updates[1:])) * 1e3, 1),
                    page_ms=round(statistics.median(in_page), 1),
                )
                page.close()
        finally:
            browser.close()
    return found


def most_learners(rows, limit_ms=100):
    """The largest class size of ``rows`` whose p95 is within ``limit_ms`` (0 when none is)."""
    return max([r["learners"] for r in rows if r["p95_ms"] <= limit_ms], default=0)


def summary_of(rows, activity):
    """The line the benchmarks' table shows of ``rows`` (one per widget, class size and server setting)."""
    parts = []
    for widget in dict.fromkeys(r["widget"] for r in rows):
        said = []
        for nodelay, how in ((False, "as served"), (True, "without Nagle's delay")):
            mine = [r for r in rows if r["widget"] == widget and r["nodelay"] == nodelay]
            if mine:
                sizes = ", ".join(f"{r['learners']}: {r['p95_ms']:.0f}" for r in mine)
                said.append(f"{how} up to {most_learners(mine)} (p95 ms by class size {sizes})")
        parts.append(f"{widget}: " + "; ".join(said))
    read = "no pause" if activity["read"][1] == 0 else "{:g}–{:g} s of reading".format(*activity["read"])
    return (
        f"the most learners at p95 ≤ 100 ms, each dragging across in {activity['drag']:g} s, then {read}: "
        + " · ".join(parts)
    )


def fault_summary(found):
    """The faults' part of the benchmarks' table line."""
    p95 = ", ".join(f"{phase} {found[phase]['p95_ms']:.0f}" for phase in ("before", "kernel killed", "hub restarting",
                                                                          "runaway cell"))  # fmt: skip
    return (
        f"{found['learners']} learners on the network stepper, the others' p95 ms {p95}; Restart & Run All "
        f"{found['restart and run all s'][0]} s; the hub back in {found['hub down s']} s"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--widgets", nargs="+", choices=list(WIDGETS), default=list(WIDGETS))
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 4, 8, 16])
    parser.add_argument("--drags", type=int, default=3, help="drags per learner")
    parser.add_argument("--drag", type=float, default=1.5, help="seconds a drag takes to cross the slider")
    parser.add_argument("--read", type=float, nargs=2, default=[4.0, 12.0], metavar=("LO", "HI"),
                        help="seconds of reading between drags, drawn between LO and HI")  # fmt: skip
    parser.add_argument(
        "--gap", type=float, help="ms in the page from an answer to the next update (default: measured)"
    )
    parser.add_argument("--faults", type=int, metavar="N", help="the faults alone, N learners on the network stepper")
    parser.add_argument("--nodelay", choices=["off", "on", "both"], default="both",
                        help="the learners' servers as they come (off), without Nagle's algorithm on the kernel "
                             "websocket (on), or each in turn")  # fmt: skip
    args = parser.parse_args()
    env = envs.env_dir("hub")
    if not (env / ".installed").exists():
        raise SystemExit("bench_class.py needs the hub environment: python tests/installs/envs.py hub")
    if not PROXY.exists():
        raise SystemExit("bench_class.py needs configurable-http-proxy: cd benchmarks/classroom && npm ci")
    if args.faults:
        with tempfile.TemporaryDirectory() as tmp:
            envs.install_wheel(envs.env_python("hub"), envs.build_wheel(tmp))
        found = faults(env, args.faults, "network")
        print(json.dumps(found, indent=1))
        kept = load(results_file()).get("bench_class", {"summary": "", "figures": {}})
        summary = kept["summary"].split(" · faults:")[0] + " · faults: " + fault_summary(found)
        record("bench_class", summary, dict(kept["figures"], faults=found))
        return
    browser = {}
    if args.gap is None:
        browser = drag_in_the_browser(args.widgets)
        for widget, figures in browser.items():
            print(f"{widget}: a drag in JupyterLab sends {figures['updates_per_s']} updates a second; the kernel "
                  f"takes {figures['kernel_ms']} ms for one, from its end to the next {figures['gap_ms']} ms, of which "
                  f"the page from the last message in to the next update out {figures['page_ms']} ms",
                  flush=True)  # fmt: skip
    # the page's own gap: where a new value waits for every answer (the shortest), not for the pointer
    gap = args.gap if args.gap is not None else min(f["page_ms"] for f in browser.values())
    activity = dict(drag=args.drag, read=tuple(args.read), drags=args.drags, gap=gap / 1e3)
    with tempfile.TemporaryDirectory() as tmp:
        envs.install_wheel(envs.env_python("hub"), envs.build_wheel(tmp))  # the course as it is now
    rows = []
    for widget in args.widgets:
        for n, nodelay in [(n, d) for d in {"off": [False], "on": [True], "both": [False, True]}[args.nodelay]
                           for n in args.learners]:  # fmt: skip
            row = a_class(env, n, widget, activity, nodelay)
            rows.append(row)
            print(
                f"{widget}{', no delay' if nodelay else ''}, {n} learners: spawned in {row['spawned_s']} s, all ran "
                f"the notebook in {row['run_all_s']} s; an update p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, p99 "
                f"{row['p99_ms']} ms ({row['updates']} updates, {row['updates_per_s']} a second); cores busy "
                f"{row['cores']} (the machine {row['machine_busy']:.0%}); memory MiB {row['memory_mib']}",
                flush=True,
            )
    record("bench_class", summary_of(rows, activity), {"rows": rows, "activity": activity, "browser": browser})


if __name__ == "__main__":
    main()
