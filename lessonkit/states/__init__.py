"""The numbers behind each widget, with no ipywidgets and no matplotlib: one
module per lesson, as in ``lessonkit.widgets``.

A widget's view keeps one of these, calls ``state.set(name=value, ...)`` when a
control moves, and draws what the state computes. Tests drive the states directly.

- ``case``: the course's example (``EXAMPLE``), a neuron's inputs (``NeuronInputs``), ``NeuronCase``
- ``forward`` (notebook 01): ``NeuronState``
- ``loss`` (02): ``LossState``, ``LandscapeState``
- ``graph`` (03): ``GraphStepperState``
- ``backprop`` (04): ``NetworkStepperState``, ``NetworkInputs``
- ``update`` (05): ``StepThroughState``
- ``training`` (06): ``TrainingRun``, ``TrainingSettings``
"""
from .case import EXAMPLE, LIMIT, Inputs, NeuronCase, NeuronInputs
from .backprop import NetworkInputs, NetworkStepperState
from .forward import NeuronState
from .graph import GraphStepperState
from .loss import LandscapeState, LossInputs, LossState
from .training import TrainingRun, TrainingSettings
from .update import StepThroughState

__all__ = ["EXAMPLE", "LIMIT", "Inputs", "NeuronInputs", "NeuronCase", "NeuronState", "LossInputs", "LossState",
           "LandscapeState", "GraphStepperState", "NetworkInputs", "NetworkStepperState", "StepThroughState",
           "TrainingSettings", "TrainingRun"]
