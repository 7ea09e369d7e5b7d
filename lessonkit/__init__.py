"""lessonkit: a small numpy engine, plots and widgets for a course on backpropagation.

The engine (numpy only): ``activations``, ``losses``, ``layers``, ``network``
(``MLP``), ``optim``, ``training`` (``train``), ``gradcheck``
(``gradient_check``), ``neuron`` (``neuron_step``), ``datasets``. The course's lessons,
each with its notebook, states, widgets and exercises: ``lessons``.
"""

from . import activations, datasets, losses, optim, penalties
from ._version import SetupError, __version__, require
from .gradcheck import gradient_check
from .layers import Dense
from .network import MLP
from .neuron import NeuronStep, neuron_step
from .training import DivergenceWarning, History, train

#: Modules loaded on first use (``lk.widgets``...), so ``import lessonkit`` stays
#: numpy-only and quick, yet ``lk.widgets.NeuronExplorer()`` works without another import.
_LAZY = ("autograd", "exercises", "lessons", "palette", "plots", "states", "text", "widgets")


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'lessonkit' has no attribute {name!r}")


__all__ = [
    "__version__",
    "activations",
    "datasets",
    "losses",
    "optim",
    "penalties",
    "gradient_check",
    "Dense",
    "MLP",
    "NeuronStep",
    "neuron_step",
    "DivergenceWarning",
    "History",
    "train",
    "SetupError",
    "require",
]
