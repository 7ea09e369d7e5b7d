"""Adding a lesson is its own files plus one entry in ``lessonkit.lessons``. A throwaway lesson
(tests/throwaway_lesson.py: a state, a view, an exercise) registered at run time is taken in by
the widget contract tests, the picture and colour tests, the exercise tests and the nbgrader
generator, with nothing else edited; and the registry matches the course as it is."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import lessonkit as lk
from lessonkit import lessons, teach
from tests import throwaway_lesson
from tests.lessons import ROOT, grade_id, read, text, unmarked
from tests.test_teach import run_cell

PACKAGE = Path(lk.__file__).parent  # the package under test: the working tree or an install
#: Modules of states/, widgets/ and exercises/ that are no lesson's: what lessons share.
SHARED = {
    "states": {"__init__", "case"},
    "widgets": {"__init__", "base", "panel", "boundary", "units", "upload", "kernel_free"},
    "exercises": {"__init__", "base", "calling", "checker", "mistakes"},
}
#: What the throwaway lesson must get, one test of each family that goes over every widget or exercise.
TAKEN_IN = [
    "tests/widgets/test_contract.py::test_any_value_then_a_good_one_shows_what_a_fresh_widget_shows[Doubler.x]",
    "tests/widgets/test_contract.py::test_an_error_is_shown_in_the_courses_words_and_cleared[Doubler]",
    "tests/widgets/test_contract.py::test_random_moves_of_every_control[Doubler]",
    "tests/widgets/test_contract.py::test_mimebundle_has_the_view_a_text_and_a_static_picture[Doubler]",
    "tests/widgets/test_pictures.py::test_pictures_fit_a_view_and_their_text_reads[Doubler]",
    "tests/test_colours.py::test_every_colour_a_widget_draws_is_checked[Doubler]",
    "tests/test_exercises.py::test_reference_passes[double]",
    "tests/test_exercises.py::test_an_independent_answer_passes[double]",
    "tests/test_exercises.py::test_a_wrong_answer_fails_with_the_hint[double]",
    "tests/test_exercises_mistakes.py::test_every_wrong_solution_fails_and_is_told_from_the_others[double]",
    "tests/test_exercises_bad_input.py::test_no_bad_answer_gets_a_traceback_out_of_any_checker[nan-double]",
]


def test_the_shared_tests_take_in_a_lesson_registered_at_run_time():
    files = sorted({test.split("::")[0] for test in TAKEN_IN})
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.throwaway_lesson",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:nbval",  # no notebook here: its import (nbformat, jsonschema) costs more than a second
            "-o",
            "addopts=",
            "-q",
            "-rA",
            "-k",
            "Doubler or double",
            *files,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    passed = {line.split(" ", 1)[1] for line in done.stdout.splitlines() if line.startswith("PASSED ")}
    assert set(TAKEN_IN) <= passed, f"not run for the new lesson: {sorted(set(TAKEN_IN) - passed)}"


@pytest.fixture
def throwaway():
    yield throwaway_lesson.register()
    throwaway_lesson.unregister()


def test_a_registered_lesson_is_checked_and_graded(throwaway, tmp_path):
    import nbformat  # here: its import takes more than a second of every test process that collects this file

    assert lk.exercises.check("double", lambda x: 2 * x).passed
    assert "y = 2x" in lk.exercises.check("double", lambda x: 3 * x).message
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 99 · Doubling\n\n## ✏️ Exercise 1: double x"),
            nbformat.v4.new_code_cell("def my_double(x):\n    # ✏️ your code here\n    return None"),
            nbformat.v4.new_code_cell('lk.exercises.check("double", my_double)'),
        ]
    )
    (folder / f"{throwaway.notebook}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    made = teach.write_course(tmp_path / "course", folder)
    assert [ex.name for ex in made[throwaway.notebook]] == ["double"]
    source = read(tmp_path / "course" / "source" / throwaway.notebook / f"{throwaway.notebook}.ipynb")
    (cell,) = [text(c) for c in source["cells"] if grade_id(c) == "my_double"]
    assert lk.exercises.check("double", run_cell(unmarked(cell))["my_double"]).passed


def test_a_lesson_is_registered_once():
    course = [lesson.notebook for lesson in lessons.LESSONS]
    with pytest.raises(ValueError, match=r"^lesson: '05_update' is already a lesson of the course$"):
        lessons.register(lessons.Lesson("05_update"))
    with pytest.raises(TypeError, match=r"^lesson: expected a Lesson, got str$"):
        lessons.register("99_throwaway")
    with pytest.raises(ValueError, match=r"^lesson: expected a notebook name such as '05_update', got '9_x'$"):
        lessons.register(lessons.Lesson("9_x", exercises=True))
    with pytest.raises(ValueError, match=r"^lesson: lessonkit.exercises.nothing cannot be imported"):
        lessons.register(lessons.Lesson("98_nothing", exercises=True))
    with pytest.raises(ValueError, match=r"^lesson: 'StepThrough' is already in lessonkit.widgets$"):
        lessons.register(lessons.Lesson("98_update", widgets=("StepThrough",)))
    assert [lesson.notebook for lesson in lessons.LESSONS] == course, "a refused lesson is not added"
    assert lk.exercises.check("weighted_sum", lambda x, w, b: float(w @ x + b)).passed
    with pytest.raises(ValueError, match=r"^notebook: expected one of '00_start_here', .*got '05_updates'$"):
        lessons.get("05_updates")
    assert lessons.get("05_update").name == "update"


def test_every_notebook_is_a_lesson_in_the_courses_order():
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [lesson.notebook for lesson in lessons.LESSONS] == notebooks


@pytest.mark.parametrize("part", ["states", "widgets", "exercises"])
def test_a_lessons_module_is_there_when_it_lists_that_part_and_is_named_as_its_notebook(part):
    listed = {lesson.name for lesson in lessons.LESSONS if getattr(lesson, part)}
    there = {path.stem for path in (PACKAGE / part).glob("*.py")} - SHARED[part]
    assert there == listed, (
        f"lessonkit/{part}/: modules that are no lesson's {sorted(there - listed)}, "
        f"lessons without their module {sorted(listed - there)}"
    )


@pytest.mark.parametrize("part", ["states", "widgets"])
def test_the_package_exports_what_each_lesson_lists_from_its_own_module(part):
    package = getattr(lk, part)
    for lesson in lessons.LESSONS:
        for name in getattr(lesson, part):
            assert name in package.__all__ and getattr(package, name).__module__ == f"lessonkit.{part}.{lesson.name}"


def test_the_exercises_are_each_lessons_in_order():
    names = [name for lesson in lessons.LESSONS if lesson.exercises for name in lesson.module("exercises").EXERCISES]
    assert list(lk.exercises.EXERCISES) == names and len(set(names)) == len(names)
    assert Path(lk.exercises.EXERCISES["weighted_sum"].reference.__code__.co_filename).stem == "forward_pass"
