"""Reading the lesson notebooks as JSON, for the tests of lessonkit.teach and its nbgrader round trip:
a notebook, a cell's text, and the exercises its check cells name."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def read(path):
    """The notebook at ``path`` as JSON."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def text(cell):
    """A cell's source as one string."""
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def checks_in(nb):
    """(exercise, function) of every ``lk.exercises.check`` call in the code cells of ``nb`` (JSON or a path)."""
    nb = nb if isinstance(nb, dict) else read(nb)
    return [
        m.groups()
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for m in re.finditer(r"""lk\.exercises\.check\(["'](\w+)["'], (\w+)\)""", text(c))
    ]


def grade_id(cell):
    """nbgrader's grade_id of a cell, or None."""
    return cell["metadata"].get("nbgrader", {}).get("grade_id")


def unmarked(source):
    """A solution cell of a source notebook as a learner who answers with the reference solution
    writes it: without the ``### BEGIN SOLUTION`` and ``### END SOLUTION`` lines."""
    return "\n".join(
        line for line in source.splitlines() if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )
