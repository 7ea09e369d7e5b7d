"""Slider-driven widgets of the course. Each is a view over a state from
``lessonkit.states``, in a module named as its lesson (``lessonkit.lessons``); display it by leaving it last in a cell.

Works with ipywidgets 7.7 (Colab's, classic Notebook 6) and 8 (JupyterLab 4, VS Code)."""

import ipywidgets as _ipywidgets

from .._version import SetupError as _SetupError
from .._version import version_tuple as _version_tuple

if _version_tuple(_ipywidgets.__version__) < (7, 7):  # one line in a notebook, no traceback
    raise _SetupError(
        f"lessonkit's widgets need ipywidgets 7.7 or newer; this kernel has ipywidgets {_ipywidgets.__version__}. "
        'Upgrade it with  pip install -U "ipywidgets>=7.7,<9"  and restart the kernel.'
    )

from .. import lessons as _lessons
from .base import View
from .panel import Panel

_LESSONS = _lessons.exported("widgets")  # each lesson's views, as the registry lists them
globals().update(_LESSONS)

__all__ = ["Panel", "View", *_LESSONS]
