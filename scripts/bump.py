"""Write a new version of lessonkit where it is pinned: ``lessonkit/_version.py``, every notebook's
setup cell (which installs and requires that release), and the docs' ``lessonkit==…`` lines.

    python scripts/bump.py 0.3.0      (make bump VERSION=0.3.0, which then re-executes the notebooks)

A notebook pins the version in its first code cell only; tests/test_setup_cell.py checks that each
pins the package's version.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION_FILE = ROOT / "lessonkit" / "_version.py"
DOCS = ["README.md", "CONTRIBUTING.md", "docs/*.md"]
RELEASE = re.compile(r"^\d+\.\d+\.\d+$")


def current(version_file=VERSION_FILE):
    """The version ``version_file`` (``lessonkit/_version.py``) holds."""
    return re.search(r'^__version__ = "([^"]+)"$', version_file.read_text(encoding="utf-8"), re.M).group(1)


def setup_cell(nb):
    """The first code cell of a notebook (JSON): the setup cell."""
    return next(c for c in nb["cells"] if c["cell_type"] == "code")


def bump(new, root=ROOT):
    """Replace the current version by ``new`` (x.y.z) in the package, the notebooks' setup cells and
    the docs under ``root``. Returns the files it changed."""
    if not RELEASE.match(new):
        raise SystemExit(f"bump: VERSION must be a release number such as 0.3.0, not {new!r}")
    root = Path(root)
    version_file = root / VERSION_FILE.relative_to(ROOT)
    old = current(version_file)
    changed = []

    def rewrite(path, text, new_text):
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
            changed.append(path.relative_to(root).as_posix())

    text = version_file.read_text(encoding="utf-8")
    rewrite(version_file, text, text.replace(f'__version__ = "{old}"', f'__version__ = "{new}"'))
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        text = path.read_text(encoding="utf-8")
        nb = json.loads(text)
        cell = setup_cell(nb)
        source = "".join(cell["source"]).replace(old, new)
        cell["source"] = source.splitlines(keepends=True)
        rewrite(path, text, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    for pattern in DOCS:
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            rewrite(path, text, text.replace(f"lessonkit=={old}", f"lessonkit=={new}"))
    return changed


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/bump.py VERSION   (for example 0.3.0), or --current")
    if sys.argv[1] == "--current":
        print(current())
    else:
        for name in bump(sys.argv[1]):
            print("bump: wrote", name)
