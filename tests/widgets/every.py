"""Every widget of the course, made for the tests that go over them all (tests/widgets/test_contract.py,
test_pictures.py, tests/test_colours.py): the views each lesson lists in ``lessonkit.lessons``, made as a
learner makes them, except where making one costs (a training run: made short here)."""

import functools

import numpy as np
from hypothesis import strategies as st

from lessonkit import lessons
from lessonkit import widgets as W
from lessonkit.states import TrainingRun


def your_dashboard_run():
    """A learner's four features (the axes menus have options) at a learning rate where moons
    diverges (6 epochs of 12) while the table and circles run all 12: a run that stops earlier."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 4)) * np.array([1000.0, 0.01, 5.0, 1.0]) + np.array([5e3, 0.0, -2.0, 7.0])
    y = np.where((X[:, 0] - 5e3) / 1000 + X[:, 1] / 0.01 > 0, "yes", "no")
    return TrainingRun(
        data=(X, y),
        features=["price", "ratio", "depth", "age"],
        optimizer="sgd",
        lr=3,
        activation="identity",
        epochs=12,
        n=60,
    )


#: How a widget is made where a learner's way costs (a training run of 150 epochs).
SMALL = {
    "TrainingDashboard": lambda: W.TrainingDashboard(TrainingRun(epochs=5, n=60)),
    "UpdateStepper": lambda: W.UpdateStepper(TrainingRun(epochs=5, n=60), epoch=3),
}
#: A second form of a widget, tried as one more widget.
MORE = {"TrainingDashboard (your data)": lambda: W.TrainingDashboard(your_dashboard_run())}

#: Every widget of the course by name: a function that makes it.
WIDGETS = {**{name: SMALL.get(name, view) for name, view in lessons.exported("widgets").items()}, **MORE}

#: Controls whose moves retrain: values kept small so a run stays quick.
CHEAP = {(name, "epochs"): st.integers(1, 12) for name in ("TrainingDashboard", "TrainingDashboard (your data)")}


@functools.cache
def specimen(name):
    """One widget ``name`` made once per test process, only to read what it is made of (its controls and
    their kinds) when the tests are collected: never moved."""
    return WIDGETS[name]()
