"""Build the course as a static web site: ``make site`` (python web/build.py OUT).

    python web/build.py _site                 every notebook, into _site/
    python web/build.py OUT --only 05_update  one page (and the home page and scripts)
    python web/build.py OUT --repo OWNER/NAME links to open the notebooks in Binder and Colab

Each notebook is executed in a fresh kernel with one hidden first cell,
``lessonkit.widgets.kernel_free.on_page()``, so that every lessonkit view it displays is its
kernel-free form: frames drawn by the view's own state at the positions of its step, stage
or epoch control, switched in the browser. nbconvert's HTML exporter then writes the page
with the widgets' saved state. What the pages load (require.js, ipywidgets' HTML manager,
MathJax) comes from npm at the versions ``web/package-lock.json`` pins and is copied into
the site: a page fetches nothing from elsewhere. Two builds give the same files.
"""

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

WEB = Path(__file__).resolve().parent
ROOT = WEB.parent
NOTEBOOKS = ROOT / "notebooks"

#: The hidden first cell of every notebook built into a page.
ON_PAGE = "import lessonkit.widgets.kernel_free as _page\n_page.on_page()"

#: What a page loads, relative to the site's root, and where it comes from in web/node_modules.
VENDOR = {
    "vendor/require.js": "requirejs/require.js",
    "vendor/html-manager": "@jupyter-widgets/html-manager/dist",
    "vendor/mathjax": "mathjax",
}
#: Where the HTML manager's modules look for the icon fonts their CSS names (Play's buttons): beside the
#: module, which require.js places under the page's folder by the module's name.
FONT_FOLDERS = ("@jupyter-widgets", "@jupyter-widgets/html-manager/dist")
#: The icon fonts' formats a browser of today takes (the CSS lists older ones after these).
FONTS = re.compile(r"[0-9a-f]{20}\.woff2?")
#: The parts of MathJax 2 the pages use (the configuration nbconvert names: TeX in, CommonHTML out).
MATHJAX = (
    "MathJax.js",
    "config/TeX-AMS_CHTML-full.js",
    "config/Safe.js",
    "extensions",
    "jax/input/TeX",
    "jax/output/CommonHTML",
    "jax/element",
    "fonts/HTML-CSS/TeX/woff",
    "LICENSE",
)
URLS = {
    "widget_renderer_url": "vendor/html-manager/embed-amd.js",
    "require_js_url": "vendor/require.js",
    "mathjax_url": "vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}


def notebooks(only=None):
    """The course's notebooks in order (``only``: those names)."""
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if only:
        missing = set(only) - {p.stem for p in found}
        if missing:
            raise SystemExit(f"--only: no notebook {', '.join(sorted(missing))} in notebooks/")
        found = [p for p in found if p.stem in only]
    return found


def node_modules():
    """web/node_modules as web/package-lock.json pins it (npm ci when missing or out of date)."""
    installed = WEB / "node_modules" / ".package-lock.json"
    lock = WEB / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("make site needs npm (Node.js 18 or newer) to fetch the page's scripts")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=WEB, check=True)
    return WEB / "node_modules"


def copy_vendor(out):
    """The scripts and fonts the pages load, into ``out/vendor``."""
    modules = node_modules()
    target = out / "vendor"
    for old in (target, out / FONT_FOLDERS[0]):
        shutil.rmtree(old, ignore_errors=True)
    (target / "html-manager").mkdir(parents=True)
    shutil.copy2(modules / VENDOR["vendor/require.js"], target / "require.js")
    dist = modules / VENDOR["vendor/html-manager"]
    shutil.copy2(dist / "embed-amd.js", target / "html-manager" / "embed-amd.js")
    for folder in FONT_FOLDERS:
        (out / folder).mkdir(parents=True, exist_ok=True)
        for f in sorted(dist.iterdir()):
            if FONTS.fullmatch(f.name):
                shutil.copy2(f, out / folder / f.name)
    for part in MATHJAX:
        source, dest = modules / VENDOR["vendor/mathjax"] / part, target / "mathjax" / part
        dest.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, dest)


def title_of(nb):
    """A notebook's first Markdown heading, as text."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#+\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return ""


STATE = re.compile(r'(<script type="application/vnd.jupyter.widget-state\+json">)\s*(.*?)\s*(</script>)', re.S)
VIEW_ID = re.compile(r'"model_id": "([0-9a-f]{32})"')
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def settled(page):
    """``page`` with what a kernel draws at random made the same in every build, and what it shows only.

    The widget models kept are those the page's views show (followed from each view through the models
    they name) and the links between them; the notebook's live views, which the kernel-free forms stand
    in for, are left out. The models are numbered in the order the views reach them, and written with
    sorted keys; the outputs' element ids are numbered in order too."""
    found = STATE.search(page)
    if found:
        models = json.loads(found.group(2))["state"]
        order = {}

        def visit(value):
            if isinstance(value, str) and value.startswith("IPY_MODEL_"):
                key = value.removeprefix("IPY_MODEL_")
                if key in models and key not in order:
                    order[key] = len(order) + 1
                    visit(models[key]["state"])
            elif isinstance(value, list):
                for v in value:
                    visit(v)
            elif isinstance(value, dict):
                for k in sorted(value):
                    visit(value[k])

        for key in VIEW_ID.findall(page):
            visit("IPY_MODEL_" + key)
        ends = lambda m: [m["state"][end][0].removeprefix("IPY_MODEL_") for end in ("source", "target")]  # noqa: E731
        links = [
            key
            for key, m in models.items()
            if m["model_name"] in ("LinkModel", "DirectionalLinkModel") and all(e in order for e in ends(m))
        ]
        for key in sorted(links, key=lambda k: [order[e] for e in ends(models[k])]):
            order[key] = len(order) + 1
        names = {key: f"{n:032x}" for key, n in order.items()}
        kept = {names[key]: models[key] for key in sorted(order, key=order.get)}
        text = json.dumps({"version_major": 2, "version_minor": 0, "state": kept}, sort_keys=True)
        text = re.sub(r"IPY_MODEL_([0-9a-f]{32})", lambda m: "IPY_MODEL_" + names[m.group(1)], text)
        text = text.replace("</", "<\\/")  # no end of the script inside it
        page = page[: found.start(2)] + text + page[found.end(2) :]
        page = VIEW_ID.sub(lambda m: f'"model_id": "{names[m.group(1)]}"', page)
    ids = {}
    return UUID.sub(lambda m: ids.setdefault(m.group(0), f"00000000-0000-4000-8000-{len(ids) + 1:012x}"), page)


def nav(order, index):
    """The links above and below a page: the course's home, the previous and the next notebook."""
    links = ['<a href="index.html">The course</a>']
    if index > 0:
        links.append(f'<a href="{order[index - 1][0]}.html" rel="prev">← {html.escape(order[index - 1][1])}</a>')
    if index < len(order) - 1:
        links.append(f'<a href="{order[index + 1][0]}.html" rel="next">{html.escape(order[index + 1][1])} →</a>')
    return f'<nav class="lessonkit-nav" aria-label="The course">{" · ".join(links)}</nav>'


NAV_CSS = (
    "<style>.lessonkit-nav{max-width:1000px;margin:12px auto;padding:0 16px;"
    "font-family:var(--jp-ui-font-family,sans-serif);font-size:15px}"
    ".lessonkit-nav a{color:#1565c0}"
    # the widgets' text in JupyterLab's font, as in JupyterLab (its application CSS, not in the page, sets it)
    ".jupyter-widgets{font-family:var(--jp-ui-font-family)}</style>"
)


#: No icon of the site's own: without this line a browser asks the server for /favicon.ico.
ICON = '<link rel="icon" href="data:,">'


def joined(outputs):
    """``outputs`` with each run of printed text to one stream as one output: the kernel sends a cell's
    prints in as many messages as time cuts them into, which differs from one build to the next."""
    out = []
    for output in outputs:
        if output.output_type == "stream" and out and out[-1].output_type == "stream" and out[-1].name == output.name:
            out[-1].text += output.text
        else:
            out.append(output)
    return out


def execute(path):
    """Execute notebook ``path`` as a page (the hidden first cell, then every cell, in a fresh kernel, in
    notebooks/), and return (name, title, executed notebook as JSON). Run in a worker process."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(ON_PAGE))
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        store_widget_state=True,
    )
    client.execute()
    first = nb.cells.pop(0)
    errors = [o for o in first.outputs if o.output_type == "error"]
    if errors:
        raise RuntimeError(f"{path.name}: the page's first cell failed: {errors[0].evalue}")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = joined(cell.outputs)
    for cell in nb.cells:  # numbered from 1 again, as the notebook's own run numbers them
        if cell.cell_type == "code" and cell.execution_count:
            cell.execution_count -= 1
            for output in cell.outputs:
                if output.get("execution_count"):
                    output.execution_count -= 1
    return path.stem, title_of(nb), nbformat.writes(nb)


def page(executed, order, index):
    """The HTML page of an executed notebook (JSON), with the site's scripts and the links in order."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", **URLS)
    body, _ = exporter.from_notebook_node(nbformat.reads(executed, as_version=4))
    name, title = order[index]
    body = body.replace("<title>Notebook</title>", f"<title>{html.escape(title)}: lessonkit</title>", 1)
    links = nav(order, index)
    body = body.replace("</head>", NAV_CSS + ICON + "</head>", 1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + links, body, count=1)
    body = body.replace("</body>", links + "</body>", 1)
    # links from one notebook to another go to its page
    body = re.sub(r'href="(\d\d_[a-z0-9_]+)\.ipynb', r'href="\1.html', body)
    return settled(body)


def outline():
    """The course's outline as the README's table gives it: [(notebook, idea in Markdown)]."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## The course", 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^\| `(\d\d_\w+)` \| (.+) \|$", table, re.M)


def inline(markdown):
    """Markdown's `code` as <code>, the rest escaped."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(markdown, quote=False))


def home(order, repo):
    """The home page: what the course is, its outline, and how to open a notebook to run it."""
    from lessonkit import __version__ as version

    ideas = dict(outline())
    rows = "".join(
        f'<li><a href="{name}.html">{html.escape(title)}</a> <span class="idea">({inline(ideas.get(name, ""))})'
        "</span></li>"
        for name, title in order
    )

    def where(kind, url):
        full = url.format(repo=repo or "OWNER/REPO", nb="notebooks/00_start_here.ipynb")
        return f'<a href="{html.escape(full)}">{kind}</a>' if repo else f"{kind}: <code>{html.escape(full)}</code>"

    binder = where("Binder", "https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/{nb}")
    colab = where("Google Colab", "https://colab.research.google.com/github/{repo}/blob/main/{nb}")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>lessonkit: backpropagation, one number at a time</title>
{ICON}
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:820px;margin:32px auto;padding:0 16px;
line-height:1.5;color:#212121}}a{{color:#1565c0}}code{{background:#f3f3f3;padding:1px 4px;border-radius:3px}}
.idea{{color:#555}}li{{margin:6px 0}}
</style></head>
<body><main>
<h1>lessonkit: backpropagation, one number at a time</h1>
<p>A course of notebooks that teach backpropagation. You move a slider and watch every number of one update flow
forward and backward through one sigmoid neuron, then train real networks built from the same pieces.</p>
<p>The course's example is one sigmoid neuron: x = [1, 2], y = 1, w = [0.5, −0.5], b = 0.1, learning rate 0.1.
One update gives weights [0.55987, −0.38026] and bias 0.15987.</p>
<h2>The notebooks</h2>
<p>These pages show each notebook as it ran. Their steppers and recorded runs move here without Python: the step,
stage and epoch sliders, and one slider of each explorer, switch between pictures the course computed in advance.
Every other control needs the notebook running.</p>
<ol start="0">{rows}</ol>
<h2>Run the notebooks</h2>
<ul>
<li>On your laptop: clone the course and run <code>make lab</code>, which installs it and opens
<code>notebooks/00_start_here.ipynb</code> in JupyterLab; or <code>pip install .</code> in the clone
(<code>pip install lessonkit=={version}</code> once the package is published).</li>
<li>With nothing to install: {binder}.</li>
<li>{colab}: the notebook's first cell installs lessonkit there, once the package is published.</li>
</ul>
</main></body></html>
"""


def build(out, only=None, repo=None, workers=2):
    """Write the site into ``out``: the vendor scripts, a page per notebook, the home page."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_vendor(out)
    paths = notebooks(only)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        executed = list(pool.map(execute, paths))
    every = notebooks()
    titles = {name: title for name, title, _ in executed}
    import nbformat

    for p in every:
        if p.stem not in titles:
            titles[p.stem] = title_of(nbformat.read(p, as_version=4))
    order = [(p.stem, titles[p.stem]) for p in every]
    names = [name for name, _ in order]
    for name, _, nb in executed:
        (out / f"{name}.html").write_text(page(nb, order, names.index(name)), encoding="utf-8")
    (out / "index.html").write_text(home(order, repo), encoding="utf-8")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write the site into")
    parser.add_argument("--only", nargs="+", metavar="NN_name", help="only these notebooks' pages")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="the course's GitHub repository, for Binder and Colab")
    args = parser.parse_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    start = time.perf_counter()
    out = build(args.out, args.only, args.repo)
    files = [f for f in out.rglob("*") if f.is_file()]
    size = sum(f.stat().st_size for f in files)
    print(f"{out}: {len(files)} files, {size / 1e6:.1f} MB, in {time.perf_counter() - start:.0f} s")
    for f in sorted(out.glob("*.html")):
        print(f"  {f.name}: {f.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    sys.exit(main())
