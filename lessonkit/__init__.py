"""lessonkit: a small numpy engine, plots and widgets for a course on backpropagation.

The engine (numpy only): ``activations``, ``losses``, ``layers``, ``network``
(``MLP``), ``optim``, ``training`` (``train``), ``gradcheck``
(``gradient_check``), ``neuron`` (``neuron_step``), ``datasets``.
"""
from . import activations, datasets, losses, optim
from .gradcheck import gradient_check
from .layers import Dense
from .network import MLP
from .neuron import NeuronStep, neuron_step
from .training import DivergenceWarning, History, train

__version__ = "0.1.0"

__all__ = [
    "activations", "datasets", "losses", "optim",
    "gradient_check", "Dense", "MLP", "NeuronStep", "neuron_step",
    "DivergenceWarning", "History", "train",
]
