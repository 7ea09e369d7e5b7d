"""What every state shares (lessonkit/states/case.py): the course's example, inputs
changed only through ``set``, and bad input refused by name with nothing changed."""

import dataclasses
import re

import numpy as np
import pytest

from lessonkit import states
from lessonkit.states import GraphStepperState, LandscapeState, LossState, NeuronState, StepThroughState
from tests.references import EXAMPLE

#: The states of the one-neuron lessons: every input of ``NeuronInputs``, the example's by default.
NEURON_STATES = [NeuronState, LandscapeState, GraphStepperState, StepThroughState]


def test_the_example_is_the_courses():
    example = states.EXAMPLE
    assert list(example["x"]) == EXAMPLE["x"] and list(example["w"]) == EXAMPLE["w"]
    assert (example["y"], example["b"], example["lr"]) == (EXAMPLE["y"], EXAMPLE["b"], EXAMPLE["lr"])
    assert (example["activation"], example["loss"]) == ("sigmoid", "bce")
    for cls in NEURON_STATES:
        s = cls()
        assert list(s.x) == EXAMPLE["x"] and list(s.w) == EXAMPLE["w"] and s.b == EXAMPLE["b"], cls.__name__


def test_inputs_are_a_frozen_record_changed_by_replace():
    inputs = states.NeuronInputs()
    with pytest.raises(dataclasses.FrozenInstanceError):
        inputs.b = 2.0
    new = inputs.replace(w2=0.25, b=-1.0)
    assert list(new.w) == [0.5, 0.25] and new.b == -1.0
    assert list(inputs.w) == [0.5, -0.5] and inputs.b == 0.1, "replace leaves the record it came from as it was"


@pytest.mark.parametrize("cls", NEURON_STATES + [LossState])
@pytest.mark.parametrize("name", ["foo", "w3", "learning_rate"])
def test_set_rejects_an_unknown_name_and_changes_nothing(cls, name):
    s = cls()
    inputs = s.inputs
    with pytest.raises(TypeError, match=rf"^set: unknown input '{name}'; expected one of "):
        s.set(**{name: 1.0})
    assert s.inputs is inputs
    with pytest.raises(TypeError, match=rf"^set: unknown input '{name}'"):
        s.set(**{"y" if cls is LossState else "b": 0.5, name: 1.0})  # with a good change: neither happens
    assert s.inputs is inputs


@pytest.mark.parametrize("cls", NEURON_STATES)
def test_the_unknown_name_error_lists_the_names_set_takes(cls):
    with pytest.raises(TypeError) as caught:
        cls().set(speed=1.0)
    listed = str(caught.value).split("expected one of ")[1].split(", ")
    assert {"x", "y", "w", "b", "lr", "activation", "loss", "x1", "x2", "w1", "w2"} <= set(listed), listed


@pytest.mark.parametrize("cls", NEURON_STATES)
@pytest.mark.parametrize("name", ["x1", "w2", "b", "y", "lr"])
def test_a_number_the_lesson_cannot_draw_is_rejected(cls, name):
    s = cls()
    inputs, record = s.inputs, getattr(s, "record", None)
    message = rf"^{name}: the lesson draws numbers from −1000 to 1000; got 1e\+308$"
    with pytest.raises(ValueError, match=message):
        s.set(**{name: 1e308})
    assert s.inputs is inputs and getattr(s, "record", None) is record
    assert list(s.x) == [1.0, 2.0] and list(s.w) == [0.5, -0.5] and s.b == 0.1
    with pytest.raises(ValueError, match=message):
        cls(**{name: 1e308})


@pytest.mark.parametrize("cls", [NeuronState, GraphStepperState])
def test_numbers_up_to_the_limit_are_drawn(cls):
    s = cls(x1=-1000.0, w2=1000.0)
    assert list(s.x) == [-1000.0, 2.0] and list(s.w) == [0.5, 1000.0]
    with pytest.raises(ValueError, match=r"^x2: the lesson draws numbers from −1000 to 1000; got -1000\.5$"):
        s.set(x2=-1000.5)


# ---- the states made of one neuron's update (NeuronCase) -----------------------------------

#: Where each stepping state is: (class, the name of its index, its last index).
STEPPERS = [(GraphStepperState, "step", 7), (StepThroughState, "stage", 3)]


@pytest.mark.parametrize("cls,index,last", STEPPERS, ids=["step", "stage"])
@pytest.mark.parametrize("bad", ["past the end", -1, 1.0, True, False, "1", None], ids=repr)
def test_a_bad_step_is_named_and_changes_nothing(cls, index, last, bad):
    bad = last + 1 if bad == "past the end" else bad
    s = cls(**{index: 1})
    record, landscape = s.record, getattr(s, "landscape", None)
    with pytest.raises(ValueError, match=rf"^{index}: expected an integer from 0 to {last}, got "):
        s.set(**{index: bad})
    assert getattr(s, index) == 1
    with pytest.raises(ValueError, match=rf"^{index}: "):
        s.set(**{index: bad, "w1": 2.0})  # a good change with a bad one: neither happens
    assert getattr(s, index) == 1 and s.record is record and getattr(s, "landscape", None) is landscape
    assert list(s.w) == [0.5, -0.5]
    with pytest.raises(ValueError, match=rf"^{index}: "):
        cls(**{index: bad})


@pytest.mark.parametrize("cls,index,last", STEPPERS, ids=["step", "stage"])
def test_the_unknown_name_error_of_a_stepper_lists_its_index(cls, index, last):
    with pytest.raises(TypeError) as caught:
        cls().set(**{index[::-1]: 1})  # a misspelt "step" or "stage"
    listed = str(caught.value).split("expected one of ")[1].split(", ")
    assert index in listed, f"BUG: set takes {index!r}, but its error for a misspelt name lists only {listed}"


@pytest.mark.parametrize("cls,index,last", STEPPERS, ids=["step", "stage"])
def test_integer_types_from_numpy_are_steps(cls, index, last):
    s = cls(**{index: np.int64(last)})
    assert getattr(s, index) == last
    s.set(**{index: np.int32(1)})
    assert getattr(s, index) == 1


BAD_SETS = [  # (changes, error, the argument named)
    (dict(y=2.0), ValueError, "y"),
    (dict(y=-0.5), ValueError, "y"),
    (dict(lr=0.0), ValueError, "lr"),
    (dict(lr=-1.0), ValueError, "lr"),
    (dict(b=float("nan")), ValueError, "b"),
    (dict(w1=float("inf")), ValueError, "w1"),
    (dict(x2="a"), TypeError, "x2"),
    (dict(activation="tanh"), ValueError, "activation"),  # bce needs sigmoid
    (dict(activation="swish"), ValueError, "activation"),
    (dict(loss="hinge"), ValueError, "loss"),
    (dict(w=[1.0, 2.0, 3.0]), ValueError, "w"),  # two inputs, two weights
    (dict(x=[[1.0, 2.0]]), ValueError, "x"),
    (dict(w1=3.0, y=5.0), ValueError, "y"),  # a good change with a bad one: neither happens
    (dict(speed=1.0), TypeError, "set"),
]


@pytest.mark.parametrize("cls", [GraphStepperState, StepThroughState])
@pytest.mark.parametrize("changes,error,argument", BAD_SETS, ids=[str(c[0]) for c in BAD_SETS])
def test_set_with_bad_input_changes_nothing(cls, changes, error, argument):
    s = cls(w=[0.3, 0.7], b=-0.2)
    s.set(**{"step" if cls is GraphStepperState else "stage": 2})
    before = dict(
        record=s.record,
        after=getattr(s, "after", None),
        x=s.x.copy(),
        w=s.w.copy(),
        y=s.y,
        b=s.b,
        lr=s.lr,
        activation=s.activation,
        loss=s.loss_name,
    )
    shown = s.values() if cls is GraphStepperState else s.numbers()
    with pytest.raises(error, match=rf"^{re.escape(argument)}\b"):
        s.set(**changes)
    assert s.record is before["record"] and getattr(s, "after", None) is before["after"]
    assert list(s.x) == list(before["x"]) and list(s.w) == list(before["w"]) == [0.3, 0.7]
    assert (s.y, s.b, s.lr, s.activation, s.loss_name) == (
        before["y"],
        before["b"],
        before["lr"],
        before["activation"],
        before["loss"],
    )
    assert (s.values() if cls is GraphStepperState else s.numbers()).keys() == shown.keys()
    np.testing.assert_array_equal(s.record.w, [0.3, 0.7])
