"""The course's exercises as an nbgrader course: one assignment per lesson notebook.

    python -m lessonkit.teach assignments DIR [--notebooks FOLDER]     (make assignments)

writes ``DIR/source/<lesson>/<lesson>.ipynb`` for every notebook of FOLDER that has ✏️ exercises,
plus ``DIR/nbgrader_config.py`` (when missing), the layout ``nbgrader generate_assignment``
reads. In each source notebook:

- a ✏️ stub (``def name(...)`` with ``# ✏️ your code here`` ... ``return None``) becomes a
  solution cell: the reference solution, as ``lk.exercises.solution`` prints it, between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader hands out ``raise NotImplementedError()``);
- the code cell after it, ``lk.exercises.check("exercise", name)``, becomes a graded test cell
  worth ``points``: the learner's copy runs the course's check as in the lesson; hidden tests
  (stripped from the learner's copy) assert it passed, so the grade carries the course's feedback;
- every other cell is locked, except a ✏️ code cell with no stub (a bug to fix, scratch space: editable, ungraded);
  a paragraph pointing at ``lk.exercises.solution`` is left out; outputs are cleared.

A stub with no check cell after it, or a check cell with no stub before it, is an error:
nothing is written for a lesson that cannot be graded as the learner sees it.
The notebooks are not in the wheel: pip users pass the course's ``notebooks/`` folder
(in a clone or the sdist). nbgrader itself is the optional extra ``teach``.
"""

import ast
import contextlib
import io
import json
import math
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .. import exercises

STUB = re.compile(r"^(\s*)#\s*✏️\s*your code here\s*$")
DEF = re.compile(r"^def\s+(\w+)\s*\(", re.M)  # \w: any identifier, so that a non-ASCII name is named in the error
#: The names nbgrader's grade_id takes (a stub's function is its grade_id): ASCII letters, digits and _.
ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
CHECK = re.compile(r"""lk\.exercises\.check\(\s*["'](\w+)["']\s*,\s*(\w+)\s*\)""")
SOLUTION_HINT = "exercises.solution("
#: The stanza nbgrader_config.py gets: the lessons train networks, longer than nbgrader's default cell timeout.
CONFIG = """c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "{course_id}"
# the lessons train small networks: give a cell more than nbgrader's default 30 s on a busy grading machine
c.Execute.timeout = 300
"""


@dataclass(frozen=True)
class ExerciseCells:
    """One ✏️ exercise of a notebook: its stub cell, its check cell (indices), the learner's
    function and the exercise it is checked as (a key of ``lk.exercises.EXERCISES``)."""

    stub: int
    check: int
    function: str
    name: str


def _text(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _is_stub(cell):
    return cell["cell_type"] == "code" and any(STUB.match(line) for line in _text(cell).splitlines())


def find_exercises(nb, where="notebook"):
    """The ✏️ exercises of the notebook ``nb`` (a notebook as JSON), in order.

    Raises ``ValueError`` naming ``where`` and the cell when a stub has no check cell right
    after it (the next code cell), a check cell has no stub before it, or names an unknown exercise.
    """
    cells, found, checked = nb["cells"], [], set()
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    for k, i in enumerate(code):
        source = _text(cells[i])
        if not _is_stub(cells[i]):
            continue
        function = DEF.search(source)
        if not function:
            raise ValueError(f"{where}, cell {i}: a ✏️ stub without a `def name(...)` line:\n{source}")
        function = function.group(1)
        if not ASCII_NAME.fullmatch(function):
            raise ValueError(
                f"{where}, cell {i}: the ✏️ exercise `{function}`: nbgrader's grade_id takes ASCII "
                "letters, digits and _ only; rename the function (e.g. without accents)"
            )
        if function in [ex.function for ex in found]:
            raise ValueError(f"{where}, cell {i}: a second ✏️ exercise named `{function}` (each needs its own name)")
        call = CHECK.search(_text(cells[code[k + 1]])) if k + 1 < len(code) else None
        if not call or call.group(2) != function:
            raise ValueError(
                f"{where}, cell {i}: the ✏️ exercise `{function}` has no check cell after it "
                f'(expected the next code cell to call lk.exercises.check("...", {function}))'
            )
        if call.group(1) not in exercises.EXERCISES:
            raise ValueError(
                f"{where}, cell {code[k + 1]}: lk.exercises.check names {call.group(1)!r}, "
                f"expected one of {', '.join(exercises.EXERCISES)}"
            )
        found.append(ExerciseCells(i, code[k + 1], function, call.group(1)))
        checked.add(code[k + 1])
    for i in code:
        if CHECK.search(_text(cells[i])) and i not in checked:
            raise ValueError(f"{where}, cell {i}: a check cell with no ✏️ stub right before it: {_text(cells[i])!r}")
    return found


def reference_body(name):
    """The body of exercise ``name``'s reference solution, as ``lk.exercises.solution`` prints
    it, without its ``def`` line, dedented; and its parameter names."""
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        exercises.solution(name)
    source = printed.getvalue()
    (function,) = ast.parse(source).body
    lines = source.splitlines()
    colon = next(i for i in range(function.lineno - 1, len(lines)) if lines[i].rstrip().endswith(":"))
    body = textwrap.dedent("\n".join(lines[colon + 1 : function.end_lineno]))
    return body, [a.arg for a in function.args.args]


def solution_source(stub_source, ex, where="notebook"):
    """The stub's source with its ``# ✏️ your code here`` ... ``return None`` lines replaced by
    the reference body of the exercise ``ex`` (ExerciseCells) between ``### BEGIN SOLUTION`` and
    ``### END SOLUTION``."""
    name, lines = ex.name, stub_source.splitlines()
    start = next(i for i, line in enumerate(lines) if STUB.match(line))
    ends = [i for i, line in enumerate(lines) if i > start and line.strip() == "return None"]
    if not ends:
        raise ValueError(f"{where}: the ✏️ stub of {name!r} has no `return None` after `# ✏️ your code here`")
    try:
        (stub_def,) = [
            node
            for node in ast.walk(ast.parse(stub_source))
            if isinstance(node, ast.FunctionDef) and node.name == ex.function
        ]
    except (SyntaxError, ValueError):
        raise ValueError(f"{where}: expected one `def {ex.function}(...)` in the ✏️ stub, got:\n{stub_source}") from None
    body, params = reference_body(name)
    if [a.arg for a in stub_def.args.args] != params:
        raise ValueError(
            f"{where}: the stub {stub_def.name}({', '.join(a.arg for a in stub_def.args.args)}) and "
            f"the reference solution of {name!r} ({', '.join(params)}) take different arguments"
        )
    indent = STUB.match(lines[start]).group(1)
    region = ["### BEGIN SOLUTION", *body.splitlines(), "### END SOLUTION"]
    region = [indent + line if line else line for line in region]
    return "\n".join(lines[:start] + region + lines[ends[-1] + 1 :])


def graded_source(check_source, ex):
    """The graded test cell: the lesson's check, as the learner runs it, then hidden tests that
    assert it passed (the assertion's message is the course's feedback)."""
    return (
        f"{check_source.rstrip()}\n### BEGIN HIDDEN TESTS\n"
        f"_feedback = lk.exercises.check({ex.name!r}, {ex.function})\n"
        f"assert _feedback.passed, _feedback.message\n### END HIDDEN TESTS"
    )


def _without_solution_hint(markdown):
    """``markdown`` without the paragraphs that point at ``lk.exercises.solution``."""
    paragraphs = re.split(r"\n\s*\n", markdown)
    return "\n\n".join(p for p in paragraphs if SOLUTION_HINT not in p).strip()


def _nbgrader(grade_id, solution=False, grade=False, locked=False, points=None):
    meta = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": locked, "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return meta


def assignment(nb, points=1, where="notebook"):
    """The nbgrader source notebook of the lesson notebook ``nb`` (JSON), and its exercises.

    Parameters
    ----------
    nb : dict, a notebook (nbformat 4) as read from JSON
    points : int or float, finite and > 0, what each exercise is worth
    where : str, the notebook's name, for errors

    Returns
    -------
    source : dict, the notebook with nbgrader's cell metadata, outputs cleared
    found : list of ExerciseCells
    """
    if not isinstance(points, (int, float)) or isinstance(points, bool) or not 0 < points < math.inf:
        raise ValueError(f"points: expected a finite number > 0, got {points!r}")  # JSON has no Infinity or NaN
    found = find_exercises(nb, where)
    stubs, checks = {ex.stub: ex for ex in found}, {ex.check: ex for ex in found}
    cells, locked = [], 0
    for i, cell in enumerate(nb["cells"]):
        cell = {
            **cell,
            "metadata": {k: v for k, v in cell.get("metadata", {}).items() if k not in ("execution", "nbgrader")},
        }
        source = _text(cell)
        if cell["cell_type"] == "code":
            cell.update(outputs=[], execution_count=None)
        if i in stubs:
            source = solution_source(source, stubs[i], f"{where}, cell {i}")
            cell["metadata"]["nbgrader"] = _nbgrader(stubs[i].function, solution=True)
        elif i in checks:
            source = graded_source(source, checks[i])
            cell["metadata"]["nbgrader"] = _nbgrader(
                f"check_{checks[i].function}", grade=True, locked=True, points=points
            )
        elif cell["cell_type"] == "code" and "✏️" in source:
            pass  # scratch space for the learner: editable, not graded
        else:
            if cell["cell_type"] == "markdown":
                source = _without_solution_hint(source)
                if not source:
                    continue
            locked += 1
            cell["metadata"]["nbgrader"] = _nbgrader(f"lesson_{locked:02d}", locked=True)
        cell["source"] = source
        cells.append(cell)
    metadata = {k: v for k, v in nb.get("metadata", {}).items() if k != "widgets"}
    return {**nb, "metadata": metadata, "cells": cells}, found


def lesson_notebooks(folder=None):
    """The lesson notebooks (sorted paths) of ``folder``; by default the course's ``notebooks/``
    beside the package, where a clone or an editable install has it."""
    if folder is None:
        folder = Path(__file__).resolve().parents[2] / "notebooks"
        if not folder.is_dir():
            raise ValueError(
                "notebooks: the course's notebooks/ folder is not beside this installed package "
                "(a pip install has no notebooks); pass --notebooks FOLDER, the notebooks/ "
                "folder of a clone or of the sdist"
            )
    folder = Path(folder)
    if not folder.is_dir() or not sorted(folder.glob("*.ipynb")):
        raise ValueError(f"notebooks: expected a folder of lesson notebooks (.ipynb), got {str(folder)!r}")
    return sorted(folder.glob("*.ipynb"))


def write_course(course, notebooks=None, points=1, course_id="lessonkit"):
    """Write the nbgrader course ``course``: ``source/<lesson>/<lesson>.ipynb`` for each lesson
    notebook (in ``notebooks``, see ``lesson_notebooks``) that has exercises, and
    ``nbgrader_config.py`` if there is none. Every notebook is converted before anything is written.

    Returns
    -------
    dict : lesson name → its list of ExerciseCells
    """
    course = Path(course)
    if course.exists() and not course.is_dir():
        raise ValueError(f"course: expected a folder to write the course into, got the file {str(course)!r}")
    made, paths = {}, lesson_notebooks(notebooks)
    for path in paths:
        source, found = assignment(json.loads(path.read_text(encoding="utf-8")), points, path.name)
        if found:
            made[path.stem] = (source, found)
    if not made:
        raise ValueError(f"notebooks: no notebook with ✏️ exercises in {str(paths[0].parent)!r}")
    for lesson, (source, _) in made.items():
        target = course / "source" / lesson / f"{lesson}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(source, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    config = course / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG.format(course_id=course_id), encoding="utf-8")
    return {lesson: found for lesson, (_, found) in made.items()}
