"""The numbers behind each widget, with no ipywidgets and no matplotlib: one
module per lesson, named as its notebook (``lessonkit.lessons``), as in ``lessonkit.widgets``.

A widget's view keeps one of these, calls ``state.set(name=value, ...)`` when a
control moves, and draws what the state computes. Tests drive the states directly.

- ``case``: the course's example (``EXAMPLE``), a neuron's inputs (``NeuronInputs``), ``NeuronCase``
- ``forward_pass`` (notebook 01): ``NeuronState``
- ``loss`` (02): ``LossState``, ``LandscapeState``
- ``chain_rule`` (03): ``GraphStepperState``
- ``backprop_network`` (04): ``NetworkStepperState``, ``NetworkInputs``; any network's update,
  ``UpdateStepperState``, and a training run's, ``RunUpdateState`` (``TrainingRun.update_state``)
- ``update`` (05): ``StepThroughState``
- ``epochs`` (06): ``TrainingRun``, ``TrainingSettings``
"""

from .. import lessons as _lessons
from .case import EXAMPLE, LIMIT, Inputs, NeuronCase, NeuronInputs

_LESSONS = _lessons.exported("states")  # each lesson's states, as the registry lists them
globals().update(_LESSONS)

__all__ = ["EXAMPLE", "LIMIT", "Inputs", "NeuronInputs", "NeuronCase", *_LESSONS]
