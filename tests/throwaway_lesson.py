"""A throwaway lesson, ``99_throwaway``, made of the parts a new lesson brings: a state
(``DoublerState``: y = 2x, no ipywidgets), a view (``Doubler``: a slider, a readout, a picture)
and an exercise (``double``), each in a module named as the lesson, plus its one registry entry.

Loaded as a pytest plugin (``-p tests.throwaway_lesson``), it registers the lesson before the
test modules are collected, as if it were one of the course's: tests/test_new_lesson.py shows
that the widget contract tests, the exercise tests and the nbgrader generator then take it in.
"""

import sys
import types

import numpy as np

from lessonkit import lessons

LESSON = lessons.Lesson("99_throwaway", states=("DoublerState",), widgets=("Doubler",), exercises=True)


class DoublerState:
    """y = 2x, for x from −3 to 3."""

    def __init__(self, x=0.5):
        self.x = 0.5
        self.set(x=x)

    def set(self, x):
        x = float(x)
        if not -3 <= x <= 3:  # NaN fails this too
            raise ValueError(f"x: expected a number from -3 to 3, got {x!r}")
        self.x = x

    @property
    def y(self):
        return 2 * self.x


def make_view():
    """The view, built once the state is importable (lessonkit.widgets imports the states first)."""
    import ipywidgets as widgets

    from lessonkit import plots
    from lessonkit.text import fixed, readout
    from lessonkit.widgets.base import View, row, slider

    class Doubler(View):
        """A slider for x; shows y = 2x and the point (x, y) on the line y = 2x."""

        def __init__(self, state=None):
            super().__init__()
            self.state = state or DoublerState()
            self.x = slider("x", self.state.x, -3, 3, step=0.1)
            self.controls = dict(x=self.x)
            self.readout = widgets.HTML()
            fig, ax = plots.figure(width=3.0, height=2.0)
            ax.plot([-3, 3], [-6, 6], color="black", lw=1)
            self.point = plots.point(ax, self.state.x, self.state.y)
            self.panel = self.add_panel(fig, self.point)
            self.start(row(self.x, self.readout), row(self.panel.image))

        def __repr__(self):
            return f"Doubler(x={fixed(self.state.x, 2)})"

        def draw(self):
            x, y = self.state.x, self.state.y
            self.readout.value = readout([f"y = 2x = <b>{fixed(y)}</b>"])
            self.point.set_data([x], [y])
            self.panel.alt = f"The line y = 2x for x from -3 to 3, with the point x = {fixed(x)}, y = {fixed(y)}"
            self.panel.refresh(self.key())

    return Doubler


def _double(x):
    return 2 * x


def exercises():
    from lessonkit.exercises import Exercise

    return {"double": Exercise(_double, ((1.5,), (-0.25,), (np.array([1.0, -2.0]),)), "y = 2x: x + x, or 2 * x.")}


def independent_double(x):
    """``double`` written another way: x added to itself."""
    return x + x


def module(name, **names):
    """A module ``name`` holding ``names``, importable from now on."""
    made = types.ModuleType(name)
    made.__dict__.update(names)
    sys.modules[name] = made
    return made


def register():
    """Make the lesson's three modules importable and add its entry to the registry."""
    module("lessonkit.states.throwaway", DoublerState=DoublerState)
    module("lessonkit.widgets.throwaway", Doubler=make_view())
    module("lessonkit.exercises.throwaway", EXERCISES=exercises())
    from tests import exercise_answers  # its independent answer, beside the others

    exercise_answers.INDEPENDENT["double"] = independent_double
    return lessons.register(LESSON)


def unregister():
    lessons.LESSONS.remove(LESSON)
    for part in ("states", "widgets", "exercises"):
        sys.modules.pop(f"lessonkit.{part}.throwaway", None)
    from tests import exercise_answers

    exercise_answers.INDEPENDENT.pop("double", None)


def pytest_configure(config):
    """Loaded with -p tests.throwaway_lesson: the lesson is the course's for this run."""
    register()
