"""The training dashboard's network (notebook 06): every unit drawn as a small map of what it
computes over the boundary's two features, the weights between units as lines whose width is
the weight's size and whose colour is its sign; and one unit chosen in a menu, its map large
with its weights and bias in numbers. All of it after the epoch the dashboard shows."""

import html

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle

from .. import plots
from ..datasets.features import LABELS
from ..text import sig
from .base import CONTROL, Quietly, menu

#: Blue below 0, red above, as the boundary and the heat maps draw values; below the scale (between the
#: small maps, ``GROUND``): white, the figure's ground.
CMAP = colormaps["RdBu_r"].with_extremes(under="white")
GROUND = -10.0
#: The diagram's size in pixels at the figures' 80 dpi, and the large map's.
DIAGRAM, LARGE = (540, 300), (270, 272)
#: At most this many units of a layer are drawn; the others are counted under them.
SHOWN = 10
#: A line's width in points per unit of |weight|, and the widest line.
WIDTH_PER_WEIGHT, WIDEST = 2.0, 6.0
#: The share of the diagram's width the network takes; its colour scale is right of it.
RIGHT = 0.8


#: About the width of a character of a label at ``plots.FONT``, in pixels; a longer name is cut to ``NAME``.
NAME_PX, NAME = 7.0, 12


def short(name):
    """An input's name as the diagram writes it beside its map: at most ``NAME`` characters."""
    return name if len(name) <= NAME else name[: NAME - 1] + "…"


def input_label(name):
    """An input's name as a learner reads it: an extra input's label (``datasets.features.LABELS``: x1²),
    a feature's own name."""
    return LABELS.get(name, name)


def layer_name(l, last):
    """What layer ``l`` (0: the inputs) of a network whose output layer is ``last`` is called."""
    return "inputs" if l == 0 else "output" if l == last else f"layer {l}"


def unit_name(l, j, last):
    """Unit ``j`` (from 0) of layer ``l`` in words, counted from 1: "layer 1, unit 3"."""
    return "the output" if l == last else f"input {j + 1}" if l == 0 else f"layer {l}, unit {j + 1}"


def line_widths(W):
    """The widths in points of the lines of weights ``W``: ``WIDTH_PER_WEIGHT`` per unit of |w|, at most
    ``WIDEST``; a weight that is not a number as the widest."""
    return np.minimum(WIDTH_PER_WEIGHT * np.nan_to_num(np.abs(W), nan=np.inf), WIDEST)


def scaled(m):
    """A map of a unit's values scaled into [−1, 1] for its colours, and the scale: its values as they are
    when none passes ±1 (tanh, sigmoid), else divided by the largest |value|."""
    top = max(1.0, float(np.abs(m).max()))
    return m / top, top


class UnitsChart:
    """Two panels and a menu: the network after an epoch of a ``TrainingRun``, each unit's output over
    the boundary's features (the run's ``units``) and each weight as a line; and the unit chosen in
    ``unit``, its map large, with its formula, weights and bias in ``readout``.

    Parameters
    ----------
    add_panel : the view's ``add_panel``, which makes the panels and lists them with the view's

    Attributes
    ----------
    diagram, large : Panels;  unit : Dropdown, options (name, (layer, unit));  readout : HTML
    strips : AxesImages, one a layer: its small maps one under the other, one value a pixel (``GROUND`` between
        them); ``map_shown`` cuts one map out of its strip
    boxes : [layer][unit] → (x, y), the lower left pixel of each map drawn (at most ``SHOWN`` a layer);  side : its
        pixels a side
    lines : LineCollection of the weights drawn, layer after layer, W[i, j] of layer l row by row
    image : the large map's AxesImage
    """

    def __init__(self, add_panel):
        fig, self.ax = plots.figure(
            width=DIAGRAM[0] / 80, height=DIAGRAM[1] / 80, margins=dict(left=0, right=RIGHT, bottom=0.04, top=0.9)
        )
        self.ax.set_axis_off()
        self.ax.set_xlim(0, RIGHT * DIAGRAM[0])
        self.ax.set_ylim(0, 0.86 * DIAGRAM[1])
        # one scale for every small map: a unit's output from −1 to 1, and the output's P(class 1) beside it
        self.norm = Normalize(-1, 1)
        self.scale = plots.colour_scale(ScalarMappable(self.norm, CMAP), self.ax, "a unit's output")
        self.scale.ax.yaxis.set_label_position("right")
        self.p_axis = self.scale.ax.secondary_yaxis("left", functions=(lambda v: (v + 1) / 2, lambda p: 2 * p - 1))
        self.p_axis.set_ticks([0, 0.5, 1])
        self.p_axis.set_ylabel("the output's P", labelpad=2)
        self.lines = self.ax.add_collection(LineCollection([], zorder=3))  # over the ground between the maps
        self.chosen = self.ax.add_patch(Rectangle((0, 0), 1, 1, fill=False, lw=2.5, ec="black", zorder=4))
        self.boxes, self.side, self._texts, self.strips = [], 0, [], []
        self.diagram = add_panel(fig, self.lines, self.chosen)

        fig, self.large_ax = plots.figure(
            width=LARGE[0] / 80, height=LARGE[1] / 80, margins=dict(left=0.24, right=0.74, bottom=0.16, top=0.88)
        )
        self.image = self.large_ax.imshow(
            np.zeros((2, 2)), origin="lower", cmap=CMAP, vmin=-1, vmax=1, aspect="auto", interpolation="bilinear"
        )
        self.colorbar = plots.colour_scale(self.image, self.large_ax, "output")
        self.colorbar.set_ticks([-1, -0.5, 0, 0.5, 1])
        self.title = self.large_ax.set_title("", fontsize=plots.FONT)
        self.title.set_animated(True)
        self.scatter = None
        self.large = add_panel(fig, self.image, self.title)
        self._output = None  # (whether the large map shows the output: its scale is P from 0 to 1, what P is of)

        self.unit = menu("unit", [("the output", (1, 0))], (1, 0), width=CONTROL)
        self.readout = widgets.HTML()
        self._laid_out = None  # (the layer sizes, the inputs' names) laid out
        self._frame = None  # (the extent, the two features' names) of the large map's axes
        self._filling = Quietly()  # true while the menu is set here: its observer waits

    def on_choose(self, callback):
        """Call ``callback()`` when the learner chooses another unit."""
        self.unit.observe(lambda change: None if self._filling else callback(), names="value")

    def lay_out(self, run, axes):
        """What stays while the epoch moves: the network's units in columns, their names, the unit menu
        (the unit chosen kept when the network has it, else the output), and the large map's points and limits."""
        sizes = run.model.sizes
        if (sizes, run.input_names) != self._laid_out:
            self._place(run, sizes)
            self.diagram.invalidate()  # only then: a new run of the same network draws on the same ground
        i, j = axes
        _, extent = run.chart(axes)
        ax = self.large_ax
        if (extent, run.features[i], run.features[j]) != self._frame:
            self.image.set_extent(extent)
            ax.set_xlim(extent[0], extent[1])
            ax.set_ylim(extent[2], extent[3])
            ax.set_xlabel(run.features[i])
            ax.set_ylabel(run.features[j])
            self._frame = (extent, run.features[i], run.features[j])
            self.large.invalidate()
        colors = np.where(run.y == 1, plots.COLORS["class1"], plots.COLORS["class0"])
        old, self.scatter = (
            self.scatter,
            ax.scatter(run.X[:, i], run.X[:, j], c=colors, s=5, linewidths=0, alpha=0.6, zorder=3),
        )
        if old is None:
            self.large.add_dynamic(self.scatter)  # over the map
        else:
            self.large.replace_dynamic(old, self.scatter)

    def _place(self, run, sizes):
        """Lay the network of layer ``sizes`` out: the maps' places, the lines between them, the labels."""
        for artist in (*self._texts, *self.strips):
            artist.remove()
        self.diagram.dynamic[:] = [a for a in self.diagram.dynamic if a not in self.strips]
        self._texts = []
        width, height = self.ax.get_xlim()[1], self.ax.get_ylim()[1]
        last, top = len(sizes) - 1, height  # the layer names above the axes' box
        drawn = [min(n, SHOWN) for n in sizes]
        gap = 4
        side = int(min(40, (top - 16 - gap * (max(drawn) - 1)) // max(drawn)))  # room for "+ n more" under
        names = [short(input_label(name)) for name in run.input_names]
        left = max(side / 2 + 2, NAME_PX * max(map(len, names)) + 10 + side / 2)  # the first column's centre
        centres = np.linspace(left, width - side / 2 - 48, len(sizes))  # 48 px: room for the scale's P
        self.boxes = []  # [layer][unit] → (x0, y0) of the map's lower left corner
        for l, (n, k) in enumerate(zip(sizes, drawn)):
            x0 = int(round(centres[l] - side / 2))  # whole pixels: each map's pixels are the image's
            y_top = int(round(top - (top - 16 - (k * side + (k - 1) * gap)) / 2))
            self.boxes.append([(x0, y_top - (u + 1) * side - u * gap) for u in range(k)])
            label = f"{layer_name(l, last)}" + (f" ({n})" if 0 < l < last else "")
            self._texts.append(self.ax.text(x0 + side / 2, height + 14, label, ha="center", va="center"))
            if n > k:
                self._texts.append(
                    self.ax.text(x0 + side / 2, self.boxes[l][-1][1] - 9, f"+ {n - k} more", ha="center", va="center")
                )
        for (x, y), name in zip(self.boxes[0], names):  # the inputs' names beside their maps
            self._texts.append(self.ax.text(x - 3, y + side / 2, name, ha="right", va="center"))
        self.side = side
        # a layer's maps in one image, a strip of one value a pixel: a few images to draw, not one for each unit
        self.strips = [
            self.ax.imshow(
                np.full((2, 2), GROUND),
                origin="lower",
                cmap=CMAP,
                norm=self.norm,
                extent=(layer[0][0], layer[0][0] + side, layer[-1][1], layer[0][1] + side),
                aspect="auto",
                interpolation="nearest",
                zorder=2,
            )
            for layer in self.boxes
        ]
        for strip in self.strips:
            strip.set_animated(True)
        self.diagram.dynamic[:0] = self.strips  # under the lines and the chosen unit's frame
        self.lines.set_segments(
            [
                [(x0 + side, y0 + side / 2), (x1, y1 + side / 2)]
                for l in range(1, len(sizes))
                for x0, y0 in self.boxes[l - 1]
                for x1, y1 in self.boxes[l]
            ]
        )
        options = [
            (unit_name(l, j, last) + (f" ({input_label(run.input_names[j])})" if l == 0 else ""), (l, j))
            for l in range(len(sizes))
            for j in range(sizes[l])
        ]
        chosen = self.unit.value
        if self._laid_out is None or chosen[0] == len(self._laid_out[0]) - 1:
            chosen = (last, 0)  # the output first, and the output stays the output
        with self._filling:  # the unit chosen stays chosen when the new network has it; else the output
            self.unit.options = options
            self.unit.value = chosen if chosen in [v for _, v in options] else (last, 0)
        self._laid_out = (sizes, run.input_names)

    def map_shown(self, l, j):
        """The small map of unit ``j`` of layer ``l`` as the diagram shows it, (side, side): each unit's map of
        ``TrainingRun.units`` at the nearest points, scaled into −1..1 (``scaled``; the output's P as 2P − 1)."""
        x, y = self.boxes[l][j]
        bottom = self.boxes[l][-1][1]
        return self.strips[l].get_array()[y - bottom : y - bottom + self.side]

    def draw(self, run, epoch, axes, key):
        """The network after ``epoch`` epochs over features ``axes``; the pictures kept under ``key`` and
        the unit chosen."""
        maps, params, last = run.units(epoch, axes), run.snapshots[epoch], len(run.model.sizes) - 1
        side, r = self.side, maps[0].shape[1]
        nearest = np.arange(side) * r // side  # pixel k of a map shows point k·r // side of the chart, across and up
        for l, (layer, strip) in enumerate(zip(self.boxes, self.strips)):
            bottom = layer[-1][1]
            values = np.full((layer[0][1] + side - bottom, side), GROUND)
            for j, (_, y) in enumerate(layer):
                m = maps[l][j][np.ix_(nearest, nearest)]
                values[y - bottom : y - bottom + side] = 2 * m - 1 if l == last else scaled(m)[0]  # P as 2P − 1
            strip.set_data(values)
        chosen_l, chosen_j = self.unit.value
        drawn, into = [], []  # the weights drawn, layer after layer, row by row; which enter the chosen unit
        for l in range(1, last + 1):
            W = params[2 * l - 2][: len(self.boxes[l - 1]), : len(self.boxes[l])]
            drawn.append(W.ravel())
            into.append(np.broadcast_to(np.arange(W.shape[1]) == chosen_j, W.shape).ravel() & (l == chosen_l))
        w, into = np.concatenate(drawn), np.concatenate(into)
        colours = np.where((w > 0)[:, None], CMAP(0.85), CMAP(0.15))
        colours[:, 3] = np.where(into, 0.95, 0.45)  # the chosen unit's inputs stand out
        widths = line_widths(w)
        self.lines.set_color(colours)
        self.lines.set_linewidths(widths)
        framed = chosen_j < len(self.boxes[chosen_l])  # a unit past SHOWN has no map to frame
        if framed:
            x, y = self.boxes[chosen_l][chosen_j]
            self.chosen.set_bounds(x - 1.5, y - 1.5, self.side + 3, self.side + 3)
        self.chosen.set_visible(framed)
        n_drawn = sum(len(layer) for layer in self.boxes)
        weights = params[0::2]
        biggest = max(float(np.abs(W).max()) for W in weights)
        self.diagram.alt = (
            f"The network after epoch {epoch}: {describe_sizes(run.model.sizes, run.settings.activation)}; each of "
            f"{n_drawn} units drawn as a small map of its output over {run.features[axes[0]]} and "
            f"{run.features[axes[1]]}, blue below 0, red above; each weight a line, red positive, blue negative, "
            f"{WIDTH_PER_WEIGHT:g} points wide per unit of size: the largest |weight| {sig(biggest, 2)}, the mean "
            f"|weight| {sig(float(np.mean(np.abs(np.concatenate([W.ravel() for W in weights])))), 2)}."
        )
        self.diagram.refresh((*key, self.unit.value))
        self._draw_large(run, maps[chosen_l][chosen_j], params, epoch, axes, (*key, self.unit.value))

    def _draw_large(self, run, m, params, epoch, axes, key):
        l, j = self.unit.value
        last = len(run.model.sizes) - 1
        output = l == last
        scale = (output, run.positive)
        if scale != self._output:  # the scale: P(class 1) for the output, the unit's value else
            self.image.set_clim(0 if output else -1, 1)
            self.colorbar.set_label(f"P({run.positive})" if output else "the unit's output")
            self.colorbar.set_ticks([0, 0.25, 0.5, 0.75, 1] if output else [-1, -0.5, 0, 0.5, 1])
            self.large.invalidate()
            self._output = scale
        values, top = (m, 1.0) if output else scaled(m)
        self.image.set_data(values)
        f = run.settings.activation
        name = unit_name(l, j, last)
        self.title.set_text(name + ("" if top == 1 else f", ÷ {sig(top, 2)}"))
        self.large.alt = (
            f"{name[0].upper()}{name[1:]} after epoch {epoch}: its output over {run.features[axes[0]]} and "
            f"{run.features[axes[1]]}, from {sig(float(m.min()), 2)} to {sig(float(m.max()), 2)}."
        )
        self.large.refresh(key)
        self.readout.value = formula(run, params, l, j, f)


def describe_sizes(sizes, activation):
    """A network's layers in words: "2 inputs, hidden layers of 8 and 8 tanh units, 1 output"."""
    hidden = sizes[1:-1]
    middle = (
        "no hidden layer"
        if not hidden
        else f"a hidden layer of {hidden[0]} {activation} units"
        if len(hidden) == 1
        else f"hidden layers of {', '.join(map(str, hidden[:-1]))} and {hidden[-1]} {activation} units"
    )
    return f"{sizes[0]} inputs, {middle}, {sizes[-1]} output"


def formula(run, params, l, j, f):
    """What unit ``j`` of layer ``l`` computes, in the notebook's symbols, with its weights and bias."""
    last = len(params) // 2
    if l == 0:
        name = input_label(run.input_names[j])
        seen = "standardised, as the network sees it" if run.own is not None else "as the network sees it"
        return (
            f"<div style='font-family:monospace'><b>Input {j + 1}</b>: X[:, {j}] = {html.escape(name)} of each point, "
            f"{seen}. An input has no weights of its own.</div>"
        )
    W, b = params[2 * l - 2][:, j], params[2 * l - 1][j]
    before = "X" if l == 1 else f"A{l - 1}"
    out = f"P({html.escape(run.positive)}) = σ(Z{l}[:, 0])" if l == last else f"A{l}[:, {j}] = {f}(Z{l}[:, {j}])"
    weights = ", ".join(sig(w, 2) for w in W)
    return (
        "<div style='font-family:monospace'>"
        f"<b>{unit_name(l, j, last)[0].upper()}{unit_name(l, j, last)[1:]}</b>: {out}, "
        f"Z{l}[:, {j}] = {before} @ W{l}[:, {j}] + b{l}[{j}]<br>"
        f"W{l}[:, {j}] = [{weights}] &nbsp; b{l}[{j}] = {sig(b, 2)}</div>"
    )
