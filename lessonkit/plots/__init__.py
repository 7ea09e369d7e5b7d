"""Drawing, one module per idea; the names a notebook uses are here, as ``lk.plots.figure``...

``figures``: figures and the helpers of curves and planes (take an ``ax``, return what they
drew); ``graphs``: computational graphs with their values and gradients; ``heatmaps``: arrays as
heat maps with a colour key (notebook 04); ``glyphs``: short texts pasted from glyphs drawn once;
``alt``: a picture said in words with its numbers. The colours are ``lessonkit.palette``'s,
re-exported as ``COLORS``.
"""

from ..palette import ACTIVE, COLORS, IDLE, READ
from .figures import (
    FONT,
    activation_curve,
    arrow,
    colour_scale,
    curve_limits,
    figure,
    loss_contours,
    loss_levels,
    move_arrow,
    neuron_plane,
    plane_limits,
    png,
    point,
    show,
)
from .graphs import (
    NEURON_GRAPH,
    NODE_SIZE,
    NODE_TITLES,
    equation,
    graph_artists,
    neuron_graph,
    set_equation,
    show_on_graph,
    value_graph,
    written,
)

__all__ = [
    "ACTIVE",
    "COLORS",
    "IDLE",
    "READ",
    "FONT",
    "activation_curve",
    "arrow",
    "colour_scale",
    "curve_limits",
    "figure",
    "loss_contours",
    "loss_levels",
    "move_arrow",
    "neuron_plane",
    "plane_limits",
    "png",
    "point",
    "show",
    "NEURON_GRAPH",
    "NODE_SIZE",
    "NODE_TITLES",
    "equation",
    "graph_artists",
    "neuron_graph",
    "set_equation",
    "show_on_graph",
    "value_graph",
    "written",
]
