"""The exercises as an nbgrader course, through nbgrader itself, offline, in the teach environment
(envs.py: the wheel with its ``teach`` extra, as a teacher installs it). From a folder outside the
repository: ``python -m lessonkit.teach assignments`` writes the source notebooks,
``nbgrader generate_assignment`` releases them (solutions and hidden tests stripped), and one
``nbgrader autograde`` grades three submissions of every assignment into nbgrader's gradebook:
all correct (the reference solutions), one exercise wrong, blank (the release as handed out);
``nbgrader export`` reads the points back: full, full minus that exercise's point, zero."""

import csv
import json
import os
import re

import lessonkit as lk
from tests.installs.conftest import install_wheel, require_env, run
from tests.installs.envs import kernel_spec
from tests.lessons import NOTEBOOKS, ROOT, checks_in, grade_id, read, text, unmarked

#: An answer that calls the right one and adds 1 to every number it returns.
OFF_BY_ONE = """

_right_{f} = {f}


def {f}(*args):  # the right answer, every number off by one
    def off(out):
        return type(out)(off(o) for o in out) if isinstance(out, (list, tuple)) else out + 1
    return off(_right_{f}(*args))
"""


def submission(release, source, wrong=None):
    """The release with every solution cell answered with the reference solution of the source
    notebook (the function ``wrong`` off by one); the release itself when ``source`` is None."""
    answers = (
        {
            c["metadata"]["nbgrader"]["grade_id"]: text(c)
            for c in source["cells"]
            if c["metadata"].get("nbgrader", {}).get("solution")
        }
        if source
        else {}
    )
    for cell in release["cells"]:
        name = grade_id(cell)
        if name in answers:
            cell["source"] = unmarked(answers[name]) + (OFF_BY_ONE.format(f=name) if name == wrong else "")
    return release


def test_assignments_round_trip_through_nbgrader(wheel, tmp_path):
    python = require_env("teach")
    install_wheel(python, wheel)
    nbgrader = python.parent / "nbgrader"
    env = dict(
        os.environ,
        PATH=f"{python.parent}{os.pathsep}{os.environ['PATH']}",  # nbgrader runs alembic
        JUPYTER_PATH=str(kernel_spec(tmp_path / "jupyter", python, "python3")),  # the lessons' kernel
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        OPENBLAS_NUM_THREADS="1",
    )
    env.pop("PYTHONPATH", None)
    course = tmp_path / "course"
    where = run([python, "-c", "import lessonkit.teach as t; print(t.__file__)"], cwd=tmp_path, env=env).stdout
    assert "site-packages" in where and str(ROOT / "lessonkit") not in where, f"lessonkit came from {where}"
    requires = run(
        [python, "-c", "import importlib.metadata as m; print(*m.requires('lessonkit'), sep='\\n')"],
        cwd=tmp_path,
        env=env,
    ).stdout.splitlines()
    nbgrader_requires = [r for r in requires if r.startswith("nbgrader")]  # an extra, never a run-time dependency
    assert nbgrader_requires and all(r.endswith('extra == "teach"') for r in nbgrader_requires), requires
    run(
        [python, "-m", "lessonkit.teach", "assignments", course, "--notebooks", ROOT / "notebooks"],
        cwd=tmp_path,
        env=env,
    )
    lessons = {nb.stem: checks_in(nb) for nb in NOTEBOOKS if checks_in(nb)}
    assert len(lessons) >= 8 and sorted(p.name for p in (course / "source").iterdir()) == sorted(lessons)

    run([nbgrader, "generate_assignment", "*"], cwd=course, env=env)  # every assignment; a teacher names one
    for lesson, exercises in lessons.items():
        source = read(course / "source" / lesson / f"{lesson}.ipynb")
        release = read(course / "release" / lesson / f"{lesson}.ipynb")
        handed_out = json.dumps(release)
        assert "### BEGIN" not in handed_out and "### END" not in handed_out and "_feedback" not in handed_out, lesson
        stubs = [text(c) for c in release["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
        assert len(stubs) == len(exercises) and all(
            re.search(r"\n    # YOUR CODE HERE\n    raise NotImplementedError\(\)", s) for s in stubs
        ), stubs
        for name, function in exercises:  # the lesson's own check, visible; no line of the solution left
            assert f'lk.exercises.check(\\"{name}\\", {function})' in handed_out
        solved = [
            line.strip()
            for c in source["cells"]
            if c["metadata"].get("nbgrader", {}).get("solution")
            for line in text(c).split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0].splitlines()
            if line.strip() and not line.strip().startswith("#")
        ]
        assert solved and not [line for line in solved if line in {s.strip() for c in stubs for s in c.splitlines()}]

        first = exercises[0][1]  # the one exercise the "wrong" student gets wrong
        for student, answered in (
            ("correct", submission(read(course / "release" / lesson / f"{lesson}.ipynb"), source)),
            ("wrong", submission(read(course / "release" / lesson / f"{lesson}.ipynb"), source, first)),
            ("blank", release),
        ):
            folder = course / "submitted" / student / lesson
            folder.mkdir(parents=True)
            (folder / f"{lesson}.ipynb").write_text(json.dumps(answered))

    run([nbgrader, "autograde", "--create", "*"], cwd=course, env=env)
    run([nbgrader, "export", "--to", "grades.csv"], cwd=course, env=env)
    with open(course / "grades.csv", newline="") as f:
        grades = {
            (row["assignment"], row["student_id"]): (float(row["score"]), float(row["max_score"]))
            for row in csv.DictReader(f)
        }
    for lesson, exercises in lessons.items():
        points = float(len(exercises))  # one point each
        assert grades[lesson, "correct"] == (points, points), lesson
        assert grades[lesson, "wrong"] == (points - 1, points), lesson
        assert grades[lesson, "blank"] == (0.0, points), lesson
        # the wrong answer's grade carries the course's feedback on it
        name, function = exercises[0]
        graded = read(course / "autograded" / "wrong" / lesson / f"{lesson}.ipynb")
        (cell,) = [c for c in graded["cells"] if grade_id(c) == f"check_{function}"]
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        space = {function: lk.exercises.EXERCISES[name].reference}
        exec(OFF_BY_ONE.format(f=function), space)
        expected = lk.exercises.check(name, space[function]).message
        assert [(e["ename"], e["evalue"]) for e in errors] == [("AssertionError", expected)], lesson
