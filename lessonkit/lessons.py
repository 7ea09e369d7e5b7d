"""The course's lessons, each listed once: its notebook and what it adds to the package.

A lesson ``NN_name`` (its notebook ``notebooks/NN_name.ipynb``) keeps its parts in modules
named ``name``: ``lessonkit/states/name.py`` (the numbers behind its widgets, no ipywidgets),
``lessonkit/widgets/name.py`` (the views) and ``lessonkit/exercises/name.py`` (its ✏️
exercises, a dict ``EXERCISES``). Whatever goes over the lessons reads ``LESSONS``: the names
``lessonkit.states`` and ``lessonkit.widgets`` export, ``lessonkit.exercises.check``, the
nbgrader assignments (``lessonkit.teach``), and the tests (every widget's contract, every
exercise's checks). Adding a lesson is its notebook, its modules and one entry here.
"""

import importlib
import re
from dataclasses import dataclass

#: A notebook's name: two digits, an underscore, then the module name.
NOTEBOOK = re.compile(r"\d\d_[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Lesson:
    """One notebook of the course and the parts it adds to the package.

    Parameters
    ----------
    notebook : str, ``"NN_name"``: the notebook's file name without ``.ipynb``
    states : tuple of str, what ``lessonkit/states/name.py`` gives ``lessonkit.states``
    widgets : tuple of str, the views ``lessonkit/widgets/name.py`` gives ``lessonkit.widgets``
    exercises : bool, whether ``lessonkit/exercises/name.py`` holds ✏️ exercises
    """

    notebook: str
    states: tuple = ()
    widgets: tuple = ()
    exercises: bool = False

    @property
    def name(self):
        """The lesson's module name: the notebook's name after its number (``05_update`` → ``update``)."""
        return self.notebook[3:]

    def module(self, part):
        """The lesson's module of ``part`` (``"states"``, ``"widgets"`` or ``"exercises"``), imported."""
        return importlib.import_module(f"lessonkit.{part}.{self.name}")


#: The lessons in the course's order.
LESSONS = [
    Lesson("00_start_here"),
    Lesson("01_forward_pass", states=("NeuronState",), widgets=("NeuronExplorer",), exercises=True),
    Lesson(
        "02_loss",
        states=("LossInputs", "LossState", "LandscapeState"),
        widgets=("LossExplorer", "LossLandscape"),
        exercises=True,
    ),
    Lesson("03_chain_rule", states=("GraphStepperState",), widgets=("GraphStepper",), exercises=True),
    Lesson(
        "04_backprop_network",
        states=("NetworkInputs", "NetworkStepperState"),
        widgets=("NetworkStepper",),
        exercises=True,
    ),
    Lesson("05_update", states=("StepThroughState",), widgets=("StepThrough",), exercises=True),
    Lesson(
        "06_epochs",
        states=("TrainingSettings", "TrainingRun"),
        widgets=("TrainingDashboard", "UpdateStepper"),
        exercises=True,
    ),
    Lesson("07_digits", exercises=True),
    Lesson("08_breast_cancer", exercises=True),
    Lesson("09_from_scratch", exercises=True),
    Lesson("10_micrograd", exercises=True),
]


def get(notebook):
    """The lesson of ``notebook`` (``"05_update"``)."""
    for lesson in LESSONS:
        if lesson.notebook == notebook:
            return lesson
    raise ValueError(
        f"notebook: expected one of {', '.join(repr(lesson.notebook) for lesson in LESSONS)}, got {notebook!r}"
    )


def register(lesson):
    """Add ``lesson`` (a ``Lesson``) to the course after the others and return it. Its modules are
    imported first and must hold what it lists: a lesson that would break the others is refused.
    What reads the registry when used (``exercises.check``, ``teach``, the tests) sees it from
    now on; ``lessonkit.states`` and ``lessonkit.widgets`` export the names of the lessons
    registered when they were first imported."""
    if not isinstance(lesson, Lesson):
        raise TypeError(f"lesson: expected a Lesson, got {type(lesson).__name__}")
    if not NOTEBOOK.fullmatch(lesson.notebook):
        raise ValueError(f"lesson: expected a notebook name such as '05_update', got {lesson.notebook!r}")
    if any(other.notebook == lesson.notebook for other in LESSONS):
        raise ValueError(f"lesson: {lesson.notebook!r} is already a lesson of the course")

    def module(part):
        try:
            return lesson.module(part)
        except ImportError as error:
            raise ValueError(f"lesson: lessonkit.{part}.{lesson.name} cannot be imported ({error})") from None

    for part in ("states", "widgets"):
        taken = exported(part)
        for name in getattr(lesson, part):
            if name in taken:
                raise ValueError(f"lesson: {name!r} is already in lessonkit.{part}")
            if not hasattr(module(part), name):
                raise ValueError(f"lesson: lessonkit.{part}.{lesson.name} has no {name!r}")
    if lesson.exercises:
        new = getattr(module("exercises"), "EXERCISES", None)
        if not isinstance(new, dict):
            raise ValueError(f"lesson: lessonkit.exercises.{lesson.name} has no dict EXERCISES")
        if set(new) & set(exercises()):
            raise ValueError(f"lesson: exercises {sorted(set(new) & set(exercises()))} are another lesson's")
    LESSONS.append(lesson)
    return lesson


def exported(part):
    """{name: object} of what the lessons give ``lessonkit.states`` (``part="states"``) or
    ``lessonkit.widgets`` (``part="widgets"``), in the course's order."""
    return {name: getattr(lesson.module(part), name) for lesson in LESSONS for name in getattr(lesson, part)}


def exercises():
    """{name: Exercise} of every lesson's exercises, in the course's order."""
    table = {}
    for lesson in LESSONS:
        if lesson.exercises:
            table.update(lesson.module("exercises").EXERCISES)
    return table
