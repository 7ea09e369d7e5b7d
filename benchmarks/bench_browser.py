"""In the real browser: the time from a key press on a view's slider (or number box)
to the updated view, for every control of every widget, against a no-op slider (a
FloatSlider whose observer writes a Label) timed the same way with as many presses,
in a block just before each control's. Target: each control's median within 2x its floor.

    python benchmarks/bench_browser.py       # needs /usr/bin/chromium and playwright
    python benchmarks/bench_browser.py 10    # fewer presses (default 30), for a quick look
    python benchmarks/bench_browser.py 30 NetworkStepper,StepThrough@update    # those widgets only

JupyterLab and headless Chromium are started as in the browser tests
(tests/e2e/lab.py), on a scratch notebook holding the floor, two references (a
slider showing pictures encoded beforehand, as an Image and as an HTML <img>), and
one of each widget.

Timed in the page, not by Playwright: a listener on the window (capture phase) notes
when the key reaches the page; a MutationObserver on the widget's output notes every
change to what the view shows (each picture's address, each text of an HTML, HTMLMath
or Label widget, each button's disabled state; not the pressed control itself); a new
picture counts when its img has loaded it. A press is done when the kernel is idle,
every new picture is loaded and decoded and the view has been still for QUIET_MS; its
time is from the key to the last change. Playwright's round trips are outside both ends.

The kernel is probed too (the notebook's first cell wraps ipywidgets' message handler
and lessonkit's Panel), and the page's websocket: per press, when the update left the
page and reached the kernel, how long the handler ran (of which drawing, PNG encoding,
sending, and its CPU time), what it sent back, when the biggest picture arrived, was
set, loaded, decoded. Kernel and page share the machine's clock; the second table
splits each press in those steps. The figures go into benchmarks/results.json (results.py).
"""

import collections
import json
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from results import record  # noqa: E402

from tests.e2e.lab import VIEWPORT, kernel_print, launch_chromium, open_notebook, run_all, running_lab, slider  # noqa: E402

PRESSES = 30
WARMUP = 2  # presses before the timed ones, not timed
QUIET_MS = 150  # no change for this long (and the kernel idle): the press is done
TIMEOUT_MS = 10_000

FLOOR = "floor: slider → Label"
PICTURES = (
    "_st = lk.widgets.StepThrough()\npngs = []\nfor _s in range(_st.stage.max + 1):\n"
    "    _st.stage.value = _s\n    pngs.append(_st.panels[0].picture)\n"
)
CASES = [  # (name, cell code, [(control's description, "slider" or "box"), ...])
    (
        FLOOR,
        "import ipywidgets as w\nfs = w.FloatSlider(description='floor', step=0.01)\nfl = w.Label()\n"
        "fs.observe(lambda c: setattr(fl, 'value', f'{c.new:.2f}'), names='value')\nw.VBox([fs, fl])",
        [("floor", "slider")],
    ),
    (
        "floor: IntSlider → HTML",
        "ih = w.HTML()\nis_ = w.IntSlider(description='int floor', max=1000)\n"
        "is_.observe(lambda c: setattr(ih, 'value', f'<b>{c.new}</b>'), names='value')\nw.VBox([is_, ih])",
        [("int floor", "slider")],
    ),
    # what showing a new picture costs with no drawing: the step-through's graph at its stages, encoded beforehand
    (
        "picture: slider → Image",
        PICTURES + "pi = w.Image(format='png')\nps = w.IntSlider(description='picture', max=1000)\n"
        "ps.observe(lambda c: setattr(pi, 'value', pngs[c.new % len(pngs)]), names='value')\nw.VBox([ps, pi])",
        [("picture", "slider")],
    ),
    # the same pictures as data: addresses in an HTML widget (no binary buffer, no blob)
    (
        "picture: slider → HTML",
        "import base64\nuris = [base64.b64encode(p).decode() for p in pngs]\nph = w.HTML()\n"
        "pd = w.IntSlider(description='data picture', max=1000)\n"
        "pd.observe(lambda c: setattr(ph, 'value', f'<img src=\"data:image/png;base64,{uris[c.new % len(uris)]}\">'), "
        "names='value')\nw.VBox([pd, ph])",
        [("data picture", "slider")],
    ),
    ("NeuronExplorer", "lk.widgets.NeuronExplorer()", [("w1", "slider"), ("w2", "slider"), ("b", "slider")]),
    ("LossExplorer", "lk.widgets.LossExplorer()", [("prediction ŷ", "slider"), ("target y", "slider")]),
    ("LossLandscape", "lk.widgets.LossLandscape()", [("w1", "slider"), ("w2", "slider")]),
    (
        "GraphStepper",
        "lk.widgets.GraphStepper()",
        [("step", "slider")] + [(n, "slider") for n in ("x1", "x2", "w1", "w2", "b")],
    ),
    (
        "NetworkStepper",
        "lk.widgets.NetworkStepper()",
        [("step", "slider"), ("x1", "slider"), ("x2", "slider"), ("W1[0,0]", "box"), ("W2[0,0]", "box")],
    ),
    ("StepThrough", "lk.widgets.StepThrough()", [("stage", "slider")]),
    # at the last stage (the update) the learning rate and every box change what is shown
    (
        "StepThrough@update",
        "st = lk.widgets.StepThrough()\nst.stage.value = st.stage.max\nst",
        [("learning rate η", "slider")] + [(n, "box") for n in ("x1", "x2", "y", "w1", "w2", "b")],
    ),
    ("TrainingDashboard", "lk.widgets.TrainingDashboard()", [("show epoch", "slider")]),
]

# In the kernel (the notebook's first cell): per update from the browser, when it arrived
# and finished (epoch ms, the page's clock too), the handler's time, Panel's drawing and
# encoding inside it, and what went back.
PROBE = r"""
import json as _json, time as _time
import ipywidgets as _w
from lessonkit.widgets import panel as _panel

_LK = {"log": [], "now": None}

def _lk_probe():
    handle, send = _w.Widget._handle_msg, _w.Widget._send
    refresh, png = _panel.Panel.refresh, _panel.Panel.png

    def _handle_msg(self, msg):
        if msg["content"]["data"].get("method") != "update" or _LK["now"] is not None:
            return handle(self, msg)
        rec = _LK["now"] = {"recv": _time.time() * 1e3, "out": 0, "json": 0, "buffers": 0, "send_ms": 0.0,
                            "refresh_ms": 0.0, "encode_ms": 0.0, "png": [], "sends": []}
        t, cpu = _time.perf_counter(), _time.thread_time()
        try:
            return handle(self, msg)
        finally:
            rec["ms"] = (_time.perf_counter() - t) * 1e3
            rec["cpu_ms"] = (_time.thread_time() - cpu) * 1e3
            rec["done"] = _time.time() * 1e3
            _LK["now"] = None
            _LK["log"].append(rec)

    def _send(self, msg, buffers=None):
        rec, t = _LK["now"], _time.perf_counter()
        try:
            return send(self, msg, buffers)
        finally:
            if rec is not None:
                rec["send_ms"] += (_time.perf_counter() - t) * 1e3
                rec["out"] += 1
                rec["json"] += len(_json.dumps(msg, default=str))
                size = sum(len(memoryview(b).cast("B")) for b in buffers or ())
                rec["buffers"] += size
                rec["sends"].append((_time.time() * 1e3, size))

    def _refresh(self, *args, **kwargs):
        t = _time.perf_counter()
        try:
            return refresh(self, *args, **kwargs)
        finally:
            if _LK["now"] is not None:
                _LK["now"]["refresh_ms"] += (_time.perf_counter() - t) * 1e3

    def _png(self, *args, **kwargs):
        t = _time.perf_counter()
        data = png(self, *args, **kwargs)
        if _LK["now"] is not None:
            _LK["now"]["encode_ms"] += (_time.perf_counter() - t) * 1e3
            _LK["now"]["png"].append(len(data))
        return data

    _w.Widget._handle_msg, _w.Widget._send = _handle_msg, _send
    _panel.Panel.refresh, _panel.Panel.png = _refresh, _png

_lk_probe()
"""

# In the page, before JupyterLab loads: note when a key reaches the page (capture phase,
# before any widget's handler) and every websocket message (time, bytes), and time presses.
PAGE = r"""
window.__lk = (() => {
    const lk = {key: null, ws: []};
    window.addEventListener('keydown', () => { if (lk.key === null) lk.key = performance.now(); }, true);
    const size = d => d.byteLength ?? d.size ?? d.length;
    const Socket = window.WebSocket;
    window.WebSocket = class extends Socket {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', e => lk.ws.push(['in', performance.now(), size(e.data)]));
        }
        send(data) { lk.ws.push(['out', performance.now(), size(data)]); return super.send(data); }
    };

    function kernel() {
        return window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    }
    function shown(root) {  // what the view shows, without the controls' own readouts
        const imgs = [...root.querySelectorAll('img')];
        const texts = [...root.querySelectorAll('.widget-html, .widget-htmlmath, .widget-label')]
            .filter(e => !e.parentElement.closest('.widget-inline-hbox') || e.matches('.widget-html, .widget-htmlmath'))
            .map(e => e.textContent);
        const buttons = [...root.querySelectorAll('button')].map(b => b.disabled ? '1' : '0');
        return {imgs, text: texts.join('\u0001') + '\u0002' + buttons.join('')};
    }

    lk.arm = root => {
        const st = lk.st = {
            root, changes: [], pictures: new Map(), srcs: new Map(), last: shown(root), lastChange: null};
        for (const img of st.last.imgs) st.srcs.set(img, img.src);
        lk.key = null;
        lk.ws = [];
        st.observer = new MutationObserver(() => {
            const now = performance.now(), cur = shown(root);
            let changed = cur.text !== st.last.text;
            for (const img of cur.imgs) {
                if (st.srcs.get(img) === img.src) continue;
                changed = true;
                const src = img.src, picture = {set: now, loaded: null, decoded: null};
                st.srcs.set(img, src);
                st.pictures.set(img, picture);  // only the newest picture of each img counts
                const loaded = () => { if (img.src === src) picture.loaded = performance.now(); };
                img.addEventListener('load', loaded, {once: true});
                img.addEventListener('error', loaded, {once: true});
                img.decode().catch(() => null)
                    .then(() => { if (img.src === src) picture.decoded = performance.now(); });
            }
            if (changed) { st.changes.push(now); st.lastChange = now; }
            st.last = cur;
        });
        st.observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
    };

    lk.collect = () => new Promise(resolve => {
        const st = lk.st, root = st.root;
        const poll = () => {
            const now = performance.now(), key = lk.key;
            const pictures = [...st.pictures.values()];
            const done = Math.max(st.lastChange, ...pictures.map(p => p.loaded));
            if (key !== null && st.lastChange !== null && pictures.every(p => p.loaded !== null && p.decoded !== null)
                    && now - Math.max(done, ...pictures.map(p => p.decoded)) >= QUIET && kernel().status === 'idle') {
                st.observer.disconnect();
                resolve({key: performance.timeOrigin + key, first: st.changes[0] - key, done: done - key,
                         dom: st.lastChange - key,
                         pictures: pictures.map(p => [p.set - key, p.loaded - key, p.decoded - key]),
                         ws: lk.ws.map(([dir, t, bytes]) => [dir, t - key, bytes]),
                         error: root.textContent.includes('\u26a0')});
            } else if (now - (key ?? st.armed) > TIMEOUT) {
                st.observer.disconnect();
                resolve({key: key === null ? null : performance.timeOrigin + key, timeout: true});
            } else {
                setTimeout(poll, 10);
            }
        };
        st.armed = performance.now();
        poll();
    });
    return lk;
})();
""".replace("QUIET", str(QUIET_MS)).replace("TIMEOUT", str(TIMEOUT_MS))


def scratch_notebook(folder):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import lessonkit as lk\n" + PROBE)]
    nb.cells += [nbformat.v4.new_code_cell(code) for _, code, _ in CASES]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, folder / "bench.ipynb")


def control(output, description, kind):
    """The element that takes the key presses: a slider's handle or a number box's input."""
    if kind == "slider":
        return slider(output, description).locator(".noUi-handle")
    label = re.compile(rf"^\s*{re.escape(description)}\s*$")
    return (
        output.locator(".widget-text")
        .filter(has=output.page.locator(".widget-label", has_text=label))
        .first.locator("input")
    )


def next_key(target, kind, i):
    """Wander three steps each way, and never press against an end, where nothing changes."""
    # a box goes down first: a target y starts at 1, its top
    up, down = ("ArrowRight", "ArrowLeft") if kind == "slider" else ("ArrowDown", "ArrowUp")
    key = up if (i // 3) % 2 == 0 else down
    if kind == "slider":
        now, lo, hi = (float(target.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax"))
        if now >= hi or now <= lo:
            key = down if now >= hi else up
    return key


def measure(page, output, description, kind, start=0):
    """WARMUP presses, then PRESSES timed presses of ``description``'s control (the
    ``start``-th press of it onwards); per press, the page's timings joined with the
    kernel's record of the update(s) it caused."""
    output.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    target = control(output, description, kind)
    target.focus()
    presses = []
    root = output.element_handle()
    for i in range(start, start + WARMUP + PRESSES):
        if i == start + WARMUP:
            kernel_print(page, "_LK['log'].clear()")
        key = next_key(target, kind, i)
        page.evaluate("root => window.__lk.arm(root)", root)
        target.press(key)
        result = page.evaluate("() => window.__lk.collect()")
        if result.get("timeout"):
            raise RuntimeError(f"{description}: pressing {key} changed nothing shown within {TIMEOUT_MS} ms")
        if result["error"]:
            raise RuntimeError(
                f"{description}: pressing {key} made the view show an error: {output.inner_text()[-300:]}"
            )
        if i >= start + WARMUP:
            presses.append(result)
    log = json.loads(kernel_print(page, "print(_json.dumps(_LK['log']))"))
    for k, p in enumerate(presses):  # the kernel's records between this press and the next
        end = presses[k + 1]["key"] if k + 1 < len(presses) else float("inf")
        p["kernel"] = [r for r in log if p["key"] - 5 <= r["recv"] < end]
    return presses


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def breakdown(p):
    """One press split in steps (ms), on the clocks of page and kernel (the machine's)."""
    k, key = p["kernel"], p["key"]
    out = {}
    sent = [t for d, t, _ in p["ws"] if d == "out" and t >= 0]
    out["to_ws"] = sent[0] if sent else None
    if k:
        out["to_kernel"] = k[0]["recv"] - key - (out["to_ws"] or 0)
        for field in ("ms", "cpu_ms", "encode_ms", "send_ms"):
            out[field] = sum(r[field] for r in k)
        out["draw_ms"] = sum(r["refresh_ms"] - r["encode_ms"] for r in k)
        out["after"] = key + p["done"] - k[-1]["done"]
        out["msgs"] = sum(r["out"] for r in k)
        out["sent_kb"] = sum(r["buffers"] + r["json"] for r in k) / 1e3
        out["png_kb"] = sum(sum(r["png"]) for r in k) / 1e3
        sends = [s for r in k for s in r["sends"]]
        arrivals = [(bytes_, t) for d, t, bytes_ in p["ws"] if d == "in"]
        if p["pictures"] and sends and arrivals:  # the biggest message carries the biggest picture
            sent_at, _ = max(sends, key=lambda s: s[1])
            _, arrived = max(arrivals)
            out["relay"] = key + arrived - sent_at
            shown = [set_ for set_, _, _ in p["pictures"] if set_ >= arrived]
            if shown:
                out["to_img"] = shown[0] - arrived
        out["load"] = max((loaded - set_ for set_, loaded, _ in p["pictures"]), default=None)
        out["decode"] = max((decoded - set_ for set_, _, decoded in p["pictures"]), default=None)
    return out


def summary(presses):
    row = {
        "page": statistics.median(p["done"] for p in presses),
        "p90": statistics.quantiles([p["done"] for p in presses], n=10)[-1],
        "first": statistics.median(p["first"] for p in presses),
        "updates": sum(len(p["kernel"]) for p in presses) / len(presses),
    }
    parts = [breakdown(p) for p in presses]
    for field in (
        "to_ws",
        "to_kernel",
        "ms",
        "cpu_ms",
        "draw_ms",
        "encode_ms",
        "send_ms",
        "relay",
        "to_img",
        "load",
        "decode",
        "after",
        "msgs",
        "sent_kb",
        "png_kb",
    ):
        row[field] = _median(part.get(field) for part in parts)
    sizes = sorted({round(s / 1e3) for p in presses for r in p["kernel"] for s in r["png"]})
    row["png_sizes"] = "/".join(map(str, sizes[:4])) + ("…" if len(sizes) > 4 else "")
    return row


def output_of(page, case):
    """The output of CASES[case]'s cell (the notebook's first cell is the probe)."""
    return page.locator(".jp-CodeCell").nth(case + 1).locator(".jp-OutputArea-output").first


def main():
    global PRESSES
    if len(sys.argv) > 1:
        PRESSES = int(sys.argv[1])
    names = [name for name, _, _ in CASES]
    only = sys.argv[2].split(",") if len(sys.argv) > 2 else names
    if set(only) - set(names):
        sys.exit(f"widgets: expected names among {', '.join(names)}; got {', '.join(sorted(set(only) - set(names)))}")
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        scratch_notebook(Path(tmp))
        with running_lab(Path(tmp)) as (base, token, _), sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(120_000)
            page.add_init_script(PAGE)
            open_notebook(page, base, token, "bench.ipynb")
            run_all(page)
            rows, pressed = [], collections.Counter()
            floor_output = output_of(page, 0)
            for k, (name, _, controls) in enumerate(CASES):
                for description, kind in controls if name in only else ():
                    # a block of the floor just before each control's: the same presses, the same moment
                    floor = measure(page, floor_output, "floor", "slider", pressed["floor"])
                    pressed["floor"] += WARMUP + PRESSES
                    presses = measure(page, output_of(page, k), description, kind, pressed[(k, description)])
                    pressed[(k, description)] += WARMUP + PRESSES
                    rows.append((name, description, summary(presses), floor))
                    print(
                        f"  {name} {description}: {rows[-1][2]['page']:.1f} ms, its floor "
                        f"{statistics.median(p['done'] for p in floor):.1f} ms",
                        file=sys.stderr,
                        flush=True,
                    )
            browser.close()
    report(rows, (load_before, os.getloadavg()[0]))


def report(rows, load):
    floors = [p["done"] for *_, floor in rows for p in floor]
    print(f"Key press → updated view, timed in the page (JupyterLab + headless Chromium); {PRESSES} presses each,")
    print(f"each control's just after {PRESSES} of the floor ({FLOOR}, the same way): its ratio is to that block.")
    print(
        f"The floor over all blocks: median {statistics.median(floors):.1f} ms. Load average (1 min) at the start "
        f"{load[0]:.2f}, at the end {load[1]:.2f} on {os.cpu_count()} CPUs: other work on the machine slows the "
        f"kernel most.\n"
    )
    print(f"{'widget':24s} {'control':16s} {'median':>7s} {'p90':>7s} {'floor':>7s} {'× floor':>8s}  {'first':>6s}")
    worst = (0, None)
    for name, description, r, floor in rows:
        base = statistics.median(p["done"] for p in floor)
        if not name.startswith(("floor", "picture")):
            worst = max(worst, (r["page"] / base, f"{name} {description}"))
        print(
            f"{name:24s} {description:16s} {r['page']:7.1f} {r['p90']:7.1f} {base:7.1f} {r['page'] / base:8.2f}  "
            f"{r['first']:6.1f}"
        )
    print(f"\nworst: {worst[1]} {worst[0]:.2f}x its floor (target <= 2x)")
    print("""
Where a press's time goes, medians in ms (page and kernel share the machine's clock):
  →ws      key in the page → the update leaves on the websocket (the slider's handlers, the widget model)
  →kernel  websocket → the kernel's handler starts (the Jupyter server, zmq, the kernel's loop)
  kernel   the handler: the state, drawing, encoding, sending (wall time); cpu: its CPU time, which other
           work on the machine does not inflate; draw, encode, send: parts of it (Panel.refresh minus
           Panel.png, Panel.png, ipywidgets' sends)
  relay    the biggest picture: sent by the kernel → arrived on the page's websocket
  →img     that message arrived → its img has a new address (JupyterLab, the widget manager, the view)
  load     the slowest new picture: address set → loaded (its load event: the bytes are in, the next frame
           paints it, as a text is painted at the next frame after it is written)
  decode   the same, to img.decode() resolved (Chromium resolves it at a frame after decoding: up to ~17 ms
           more, which a learner does not wait for; shown, not counted)
  after    the handler done → the view updated (all of it)
  in: updates the kernel got per press (a Play jslinked to the slider sends its own);
  msgs, sent kB: what the kernel sent back;
  PNG kB: what Panel encoded (a picture equal to the one shown is not sent)""")
    print(
        f"{'widget':24s} {'control':16s} {'→ws':>5s} {'→kernel':>8s} {'kernel':>7s} {'cpu':>6s} {'draw':>6s} "
        f"{'encode':>7s} {'send':>6s} {'relay':>6s} {'→img':>5s} {'load':>5s} {'decode':>7s} {'after':>6s} "
        f"{'in':>3s} {'msgs':>5s} "
        f"{'sent kB':>8s} {'PNG kB':>7s}  PNG sizes kB"
    )
    for name, description, r, _ in rows:
        print(
            f"{name:24s} {description:16s} {r['to_ws']:5.1f} {r['to_kernel']:8.1f} {r['ms']:7.1f} {r['cpu_ms']:6.1f} "
            f"{r['draw_ms']:6.1f} {r['encode_ms']:7.1f} {r['send_ms']:6.1f} {r['relay']:6.1f} {r['to_img']:5.1f} "
            f"{r['load']:5.1f} {r['decode']:7.1f} {r['after']:6.1f} {r['updates']:3.1f} {r['msgs']:5.0f} "
            f"{r['sent_kb']:8.1f} {r['png_kb']:7.1f}  "
            f"{r['png_sizes']}"
        )
    record_figures(rows, floors)


def record_figures(rows, floors):
    """The headline figures into results.json: each control's median as a multiple of its floor, the
    view sliders' and number boxes' ranges, the kernel's part of a press, the two picture references."""
    kinds = {(name, description): kind for name, _, controls in CASES for description, kind in controls}
    figures = {
        f"{name} {description}": {
            "median_ms": round(r["page"], 1),
            "floor_ms": round(statistics.median(p["done"] for p in floor), 1),
            "kernel_ms": round(r["ms"], 1),
        }
        for name, description, r, floor in rows
    }
    for figure in figures.values():
        figure["ratio"] = round(figure["median_ms"] / figure["floor_ms"], 2)
    views = [
        (f"{name} {description}", kinds[name, description])
        for name, description, _, _ in rows
        if not name.startswith(("floor", "picture"))
    ]

    def spread(kind):
        ratios = [figures[control]["ratio"] for control, k in views if k == kind]
        return f"{min(ratios):.2f}–{max(ratios):.2f}×" if ratios else "not measured"

    kernel = [figures[control]["kernel_ms"] for control, _ in views]
    references = ", ".join(
        f"{name.split('→ ')[1]} {figures[f'{name} {description}']['ratio']:.2f}×"
        for name, description, _, _ in rows
        if name.startswith("picture")
    )
    record(
        "bench_browser",
        f"view sliders {spread('slider')} their floor, number boxes {spread('box')} (target ≤ 2×); "
        f"the floor {statistics.median(floors):.1f} ms; the kernel's part of a press "
        + (f"{min(kernel):.1f}–{max(kernel):.1f} ms" if kernel else "not measured")
        + (f"; ready-made pictures, no drawing: {references}" if references else ""),
        figures,
    )


if __name__ == "__main__":
    main()
