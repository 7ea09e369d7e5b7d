"""Slider-driven widgets of the course. Each is a view over a state from
``lessonkit.states``; display it by leaving it last in a cell."""
from .base import Panel, View
from .forward import NeuronExplorer
from .graph import GraphStepper
from .loss import LossExplorer, LossLandscape
from .training import TrainingDashboard
from .update import StepThrough

__all__ = ["Panel", "View", "NeuronExplorer", "LossExplorer", "LossLandscape", "GraphStepper", "StepThrough", "TrainingDashboard"]
