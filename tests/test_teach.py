"""lessonkit.teach: the lessons' ✏️ exercises as nbgrader source notebooks, read back against the
lesson notebooks themselves and the course's checker. The round trip through nbgrader itself
(release, three submissions, autograde, points) is tests/installs/test_nbgrader.py."""

import copy
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import lessonkit as lk
from lessonkit import teach
from tests.lessons import NOTEBOOKS, ROOT, checks_in, grade_id, read, text, unmarked

KEYS = {"grade_id", "solution", "grade", "locked", "schema_version"}  # nbgrader's cell metadata, schema 3


def run_cell(source, **names):
    space = {"np": np, "lk": lk, **names}
    exec(compile(source, "<cell>", "exec"), space)
    return space


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    folder = tmp_path_factory.mktemp("course")
    return folder, teach.write_course(folder, ROOT / "notebooks")


def sources(course):
    folder, made = course
    return {lesson: read(folder / "source" / lesson / f"{lesson}.ipynb") for lesson in made}


def test_one_assignment_per_lesson_with_exercises_in_nbgraders_layout(course):
    folder, made = course
    lessons = {nb.stem: checks_in(read(nb)) for nb in NOTEBOOKS if checks_in(read(nb))}
    assert len(lessons) >= 7 and set(made) == set(lessons)
    assert sorted(p.name for p in (folder / "source").iterdir()) == sorted(lessons)
    for lesson, checks in lessons.items():
        assert [(ex.name, ex.function) for ex in made[lesson]] == checks, lesson
    config = (folder / "nbgrader_config.py").read_text()
    compile(config, "nbgrader_config.py", "exec")
    assert 'c.CourseDirectory.course_id = "lessonkit"' in config and "c.Execute.timeout" in config


def test_cells_carry_nbgraders_metadata_and_no_outputs(course):
    for lesson, nb in sources(course).items():
        lesson_nb = read(ROOT / "notebooks" / f"{lesson}.ipynb")
        functions = [f for _, f in checks_in(lesson_nb)]
        assert "widgets" not in nb["metadata"] and nb["metadata"]["kernelspec"] == lesson_nb["metadata"]["kernelspec"]
        ids, solutions, graded = [], [], []
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, lesson
            meta = cell["metadata"].get("nbgrader")
            if meta is None:  # only a ✏️ scratch cell stays editable and ungraded
                assert cell["cell_type"] == "code" and "✏️" in text(cell) and "def " not in text(cell), text(cell)
                continue
            assert set(meta) == KEYS | ({"points"} if meta["grade"] else set()) and meta["schema_version"] == 3
            ids.append(meta["grade_id"])
            if meta["solution"]:
                assert not meta["grade"] and not meta["locked"] and cell["cell_type"] == "code"
                solutions.append(meta["grade_id"])
            elif meta["grade"]:
                assert meta["locked"] and meta["points"] == 1 and cell["cell_type"] == "code"
                graded.append(text(cell))
            else:
                assert meta["locked"], text(cell)
        assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids), ids
        assert solutions == functions, lesson
        assert len(graded) == len(functions)
        for (name, function), source in zip(checks_in(lesson_nb), graded):
            visible, hidden = source.split("### BEGIN HIDDEN TESTS\n")
            assert f'lk.exercises.check("{name}", {function})' in visible  # as in the lesson
            assert hidden.rstrip().endswith("### END HIDDEN TESTS") and "assert " in hidden


def test_solution_cells_hold_the_reference_solution_which_passes_the_check(course, capsys):
    folder, made = course
    for lesson, nb in sources(course).items():
        cells = {c["metadata"]["nbgrader"]["grade_id"]: text(c) for c in nb["cells"] if "nbgrader" in c["metadata"]}
        defined = {}  # the functions of the solution cells above, as in the notebook's kernel
        for ex in made[lesson]:
            source = cells[ex.function]
            region = source.split("### BEGIN SOLUTION\n")[1].split("### END SOLUTION")[0]
            lk.exercises.solution(ex.name)
            printed = capsys.readouterr().out.splitlines()
            assert [line.strip() for line in region.splitlines() if line.strip()] == [
                line.strip() for line in printed[1:] if line.strip()
            ]
            answer = defined[ex.function] = run_cell(unmarked(source), **defined)[ex.function]
            assert lk.exercises.check(ex.name, answer).passed, (lesson, ex)
            # what nbgrader hands out in place of the solution fails the same check
            handed_out = re.sub(
                r"### BEGIN SOLUTION\n.*### END SOLUTION", "raise NotImplementedError()", source, flags=re.S
            )
            assert not lk.exercises.check(ex.name, run_cell(handed_out)[ex.function]).passed


def test_the_graded_cell_passes_a_right_answer_and_fails_a_wrong_one_with_the_courses_feedback(course):
    folder, made = course
    nb = sources(course)["01_forward_pass"]
    graded = next(text(c) for c in nb["cells"] if grade_id(c) == "check_weighted_sum")
    run_cell(graded, weighted_sum=lambda x, w, b: float(np.dot(w, x) + b))

    def wrong(x, w, b):
        return float(np.dot(w, x) - b)  # z = w·x − b

    with pytest.raises(AssertionError) as failed:
        run_cell(graded, weighted_sum=wrong)
    assert str(failed.value) == lk.exercises.check("weighted_sum", wrong).message and "weighted_sum" in str(
        failed.value
    )


def test_no_cell_points_at_the_printed_solutions(course):
    lesson_says = [text(c) for nb in NOTEBOOKS for c in read(nb)["cells"] if "exercises.solution(" in text(c)]
    assert lesson_says, "the lessons no longer point at lk.exercises.solution: drop this test"
    for lesson, nb in sources(course).items():
        assert not [text(c) for c in nb["cells"] if "exercises.solution(" in text(c)], lesson
        assert any(c["cell_type"] == "markdown" and "✏️" in text(c) for c in nb["cells"])  # the exercise text stays


def lesson_with(tmp_path, *cells):
    """A copy of notebook 01 with ``cells`` (code sources) appended, alone in a folder."""
    nb = read(ROOT / "notebooks" / "01_forward_pass.ipynb")
    nb["cells"] += [
        {"cell_type": "code", "metadata": {}, "source": s, "outputs": [], "execution_count": None} for s in cells
    ]
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_forward_pass.ipynb").write_text(json.dumps(nb))
    return tmp_path / "notebooks"


STUB = "def my_update(w, b, grad_w, grad_b, lr):\n    # ✏️ your code here\n    return None"


def test_an_exercise_added_to_a_lesson_is_picked_up(tmp_path):
    folder = lesson_with(tmp_path, STUB, 'lk.exercises.check("update", my_update)')
    made = teach.write_course(tmp_path / "course", folder)
    assert [ex.function for ex in made["01_forward_pass"]] == [
        "weighted_sum",
        "sigmoid_prime",
        "layer_forward",
        "my_update",
    ]
    nb = read(tmp_path / "course" / "source" / "01_forward_pass" / "01_forward_pass.ipynb")
    (cell,) = [text(c) for c in nb["cells"] if grade_id(c) == "my_update"]
    assert cell.startswith("def my_update(w, b, grad_w, grad_b, lr):\n    ### BEGIN SOLUTION\n")
    assert lk.exercises.check("update", run_cell(unmarked(cell))["my_update"]).passed


@pytest.mark.parametrize(
    "cells, message",
    [
        (
            (STUB, "print('no check here')"),
            r"01_forward_pass.ipynb, cell \d+: the ✏️ exercise `my_update` has no check cell",
        ),
        ((STUB,), r"the ✏️ exercise `my_update` has no check cell after it"),
        ((STUB, 'lk.exercises.check("update", other)'), r"`my_update` has no check cell"),
        ((STUB, 'lk.exercises.check("no_such", my_update)'), r"check names 'no_such', expected one of weighted_sum, "),
        (('lk.exercises.check("update", update)',), r"cell \d+: a check cell with no ✏️ stub right before it"),
        (("x = 1\n# ✏️ your code here\nreturn None",), r"a ✏️ stub without a `def name\(...\)` line"),
        (
            (STUB.replace("my_update", "größe"), 'lk.exercises.check("update", größe)'),  # grade_id: ASCII only
            r"01_forward_pass.ipynb, cell \d+: the ✏️ exercise `größe`: nbgrader's grade_id takes ASCII letters, digits",
        ),
        (
            (STUB.replace("my_update", "update١"), 'lk.exercises.check("update", update١)'),  # an Arabic-Indic digit
            r"cell \d+: the ✏️ exercise `update١`: nbgrader's grade_id takes ASCII letters, digits and _",
        ),
        (
            (STUB.replace("lr)", "eta)"), 'lk.exercises.check("update", my_update)'),
            r"the stub my_update\(w, b, grad_w, grad_b, eta\) and "
            r"the reference solution of 'update' \(w, b, grad_w, grad_b, lr\)",
        ),
    ],
)
def test_a_lesson_that_cannot_be_graded_as_the_learner_sees_it_fails_loudly(tmp_path, cells, message):
    with pytest.raises(ValueError, match=message):
        teach.write_course(tmp_path / "course", lesson_with(tmp_path, *cells))
    assert not (tmp_path / "course").exists()  # nothing written


def test_bad_arguments_name_themselves(tmp_path):
    nb = read(ROOT / "notebooks" / "01_forward_pass.ipynb")
    for points in (0, -1, float("nan"), float("inf"), -float("inf"), "1", True):
        with pytest.raises(ValueError, match=r"^points: expected a finite number > 0, got "):
            teach.assignment(copy.deepcopy(nb), points)
    (tmp_path / "file").write_text("")
    with pytest.raises(ValueError, match=r"^course: expected a folder to write the course into, got the file "):
        teach.write_course(tmp_path / "file", ROOT / "notebooks")
    with pytest.raises(ValueError, match=r"^notebooks: expected a folder of lesson notebooks \(\.ipynb\), got "):
        teach.write_course(tmp_path / "course", tmp_path / "missing")


def cli(*args, cwd):
    """python -m lessonkit.teach with this checkout's lessonkit (not the installed one, maybe another checkout's)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "lessonkit.teach", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_line_writes_the_course_and_keeps_a_teachers_config(tmp_path):
    # in a clone notebooks/ is found beside the package; tests run against an installed wheel must say where
    found = () if (ROOT / "lessonkit").is_dir() else ("--notebooks", ROOT / "notebooks")
    done = cli("assignments", tmp_path / "course", "--points", "2", *found, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "01_forward_pass: 3 exercises (weighted_sum, sigmoid_prime, layer_forward), 6 points" in done.stdout
    nb = read(tmp_path / "course" / "source" / "07_digits" / "07_digits.ipynb")
    assert {c["metadata"]["nbgrader"].get("points") for c in nb["cells"] if "nbgrader" in c["metadata"]} == {None, 2}
    (tmp_path / "course" / "nbgrader_config.py").write_text("c = get_config()  # the teacher's own\n")
    assert cli("assignments", tmp_path / "course", "--notebooks", ROOT / "notebooks", cwd=tmp_path).returncode == 0
    assert (tmp_path / "course" / "nbgrader_config.py").read_text() == "c = get_config()  # the teacher's own\n"
    done = cli("assignments", tmp_path / "other", "--notebooks", tmp_path / "none", cwd=tmp_path)
    assert done.returncode == 2 and "notebooks: expected a folder of lesson notebooks" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "other").exists()


@pytest.mark.parametrize("points", ["inf", "nan", "1e999", "-inf"])
def test_points_that_are_not_a_finite_number_are_refused_before_anything_is_written(tmp_path, points):
    done = cli(
        "assignments", tmp_path / "course", f"--points={points}", "--notebooks", ROOT / "notebooks", cwd=tmp_path
    )
    assert done.returncode == 2 and "points: expected a finite number > 0, got " in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "course").exists()
