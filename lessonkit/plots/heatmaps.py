"""Small heat maps with their values written in the cells, drawn quickly enough to
follow a slider: the arrays of one step of the network stepper (notebook 04). The
values are pasted from glyphs drawn once (``lessonkit.plots.glyphs.PastedTexts``): forty
matplotlib texts would cost tens of milliseconds on every draw.
"""

import numpy as np
from matplotlib import colormaps
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle

from ..palette import COLORS
from ..text import sig
from .figures import FONT
from .glyphs import PastedTexts, glyphs

#: Where a step's entry reads or writes, outlined in every array: black, apart from the frames' blue,
#: vermillion and grey for every reader, and dark on every (light) cell.
MARK = "#000000"
#: Between two arrays, in cells; above them, the room of their titles; below them, the room of the colour key.
GAP, TITLE, KEY = 1.0, 0.9, 1.3
#: The palest and the deepest colour of a cell (``HeatMaps.show``): light, so the values read.
SPAN = 0.5 / 2.2
#: The cells' colours: blue below 0, red above, kept light (see ``HeatMaps.show``) so the values read.
CMAP = colormaps["RdBu_r"]


class HeatMaps:
    """A step's arrays side by side on one axes: heat maps with their values written in
    the cells, a title with the name and shape above each, the signs of the formula between
    them, the result framed and the cells of the step's entry outlined. A pool of artists
    that ``show`` moves (``artists()``: for ``Panel``, every one is dynamic), and under them
    the colour key, which never moves.

    A step too wide for ``max_width``, or too tall for ``max_height``, has its cells drawn narrower
    (``scale``), the gaps between the arrays kept (room for the signs and the titles), and as tall as
    the axes leave room for; its values are written in narrower cells only when every one of them fits
    its cell (``fits``), else the cells show their colours only. Full-size cells always have their
    values: they fit any ``sig(v, 2)``.

    Parameters
    ----------
    ax : Axes (switched off here);  steps : the ``Step`` records of every step, to size the pool
    max_width, max_height : the widest the axes may be and the tallest an array, in cells; None: as
        wide as the widest step, as tall as the tallest array

    Attributes
    ----------
    width, height : the axes' extent, in cells;  key : the colour key's artists (``colour_key``)
    """

    def __init__(self, ax, steps, max_width=None, max_height=None):
        slots = max(len(step.arrays) for step in steps)
        widest = max(self.layout(step)[1] for step in steps) + 0.4
        self.width = widest if max_width is None else min(widest, max_width)
        self.max_height = max_height
        self.height = max(self._across(step) * a.values.shape[0] for step in steps for a in step.arrays) + 0.1
        ax.set_axis_off()
        ax.set_xlim(0, self.width)
        ax.set_ylim(self.height + KEY, -TITLE)  # rows downwards, titles above row 0, the key under the last
        ax.set_autoscale_on(False)
        self.ax, self._advance = ax, {}  # dpi → a glyph's advance, in pixels
        self.key = self.colour_key(ax)
        self.boxes = ax.add_collection(PolyCollection([], edgecolors="white", linewidths=0.8))  # every cell
        self.values = PastedTexts(ax, FONT)
        self.frames = [ax.add_patch(Rectangle((0, 0), 1, 1, fill=False)) for _ in range(slots)]
        self.marks = [ax.add_patch(Rectangle((0, 0), 1, 1, fill=False, ec=MARK, lw=2.2)) for _ in range(slots)]
        self.titles = [ax.text(0, -0.15, "", ha="center", va="bottom", fontsize=FONT) for _ in range(slots)]
        self.ops = [ax.text(0, 0, "", ha="center", va="center", fontsize=11) for _ in range(slots - 1)]

    def colour_key(self, ax):
        """What the cells' colours say, under the arrays (it never changes): a strip from the deepest blue
        through white to the deepest red, between −largest and +largest, each array to its own largest
        absolute value. Returns its artists."""
        n, y, right = 9, self.height + 0.35, self.width - 1.6
        left = right - 0.45 * n
        strip = [
            [
                (left + 0.45 * k, y),
                (left + 0.45 * (k + 1), y),
                (left + 0.45 * (k + 1), y + 0.55),
                (left + 0.45 * k, y + 0.55),
            ]
            for k in range(n)
        ]
        cells = ax.add_collection(
            PolyCollection(strip, facecolors=CMAP(np.linspace(0.5 - SPAN, 0.5 + SPAN, n)), edgecolors="none")
        )
        said = dict(va="center", fontsize=FONT)
        return [
            cells,
            ax.text(left - 0.2, y + 0.28, "cell colours, each array's own scale:  −largest", ha="right", **said),
            ax.text(right + 0.2, y + 0.28, "+largest", ha="left", **said),
            ax.text((left + right) / 2, y + 0.28, "0", ha="center", **said),
        ]

    def artists(self):
        """Every artist of the pool, the cells first (under the rest)."""
        return [self.boxes, self.values, *self.frames, *self.marks, *self.titles, *self.ops]

    @staticmethod
    def layout(step, scale=1.0):
        """(left edges of the arrays, total width), in cells, the arrays' cells ``scale`` cells wide."""
        lefts, x = [], 0.0
        for a in step.arrays:
            lefts.append(x)
            x += a.values.shape[1] * scale + GAP
        return lefts, x - GAP

    def _across(self, step):
        """The width of ``step``'s cells, in cells: 1, or less where the step at full size is wider than
        the axes (``width``, less a margin of 0.4; the gaps between the arrays keep their size) or its
        tallest array taller than ``max_height``."""
        room, rows = self.width - 0.4, max(a.values.shape[0] for a in step.arrays)
        across = 1.0 if self.max_height is None else min(1.0, self.max_height / rows)
        if self.layout(step)[1] <= room:
            return across
        cols = sum(a.values.shape[1] for a in step.arrays)
        return min(across, (room - GAP * (len(step.arrays) - 1)) / cols)

    def scale(self, step):
        """(width, height) of ``step``'s cells, in cells: (1, 1) at full size; a step too wide for the
        axes has narrower cells, as tall as the axes' height lets its tallest array be, at most 1."""
        across = self._across(step)
        rows = max(a.values.shape[0] for a in step.arrays)
        return across, min(1.0, max(across, (self.height - 0.1) / rows))

    def fits(self, texts, across):
        """Whether each of ``texts`` fits a cell ``across`` cells wide, with a pixel to spare on either
        side (the pasted glyphs are monospace: a text is its length times one glyph's advance)."""
        dpi = self.ax.figure.dpi
        if dpi not in self._advance:
            self._advance[dpi] = glyphs(FONT, dpi, "0")[1]
        cell = across * self.ax.bbox.width / self.width  # in pixels
        return max(len(text) for text in texts) * self._advance[dpi] + 2 <= cell

    def show(self, step, phase):
        """Draw ``step`` (a ``Step``); the result framed in the colour of its ``phase``: "forward",
        "backward" or "update" (``COLORS``)."""
        s, t = self.scale(step)  # a cell's width and height, in cells
        lefts, total = self.layout(step, s)
        shift = (self.width - total) / 2
        boxes, colors, texts = [], [], []
        for i, (a, left) in enumerate(zip(step.arrays, lefts)):
            rows, cols = a.values.shape
            x0 = left + shift
            top = max(float(np.abs(a.values).max()), 1e-12)  # each array to its own largest value
            colors.extend(CMAP(0.5 + SPAN * a.values.ravel() / top))
            for (r, c), value in np.ndenumerate(a.values):
                x, y = x0 + c * s, r * t
                boxes.append([(x, y), (x + s, y), (x + s, y + t), (x, y + t)])
                texts.append((x + s / 2, y + t / 2, sig(value, 2)))
            self.frames[i].set_bounds(x0, 0, cols * s, rows * t)
            self.frames[i].set_edgecolor(COLORS[phase] if a.made else COLORS["muted"])
            self.frames[i].set_linewidth(3 if a.made else 0.8)
            r0, r1, c0, c1 = a.cells
            self.marks[i].set_bounds(x0 + c0 * s, r0 * t, (c1 - c0) * s, (r1 - r0) * t)
            self.titles[i].set_text(f"{a.name} {a.shape}" if a.shape else a.name)
            self.titles[i].set_x(x0 + cols * s / 2)
            self.titles[i].set_fontweight("bold" if a.made else "normal")
            if i < len(step.ops):
                self.ops[i].set_text(step.ops[i])
                below = min(rows, step.arrays[i + 1].values.shape[0]) * t / 2
                self.ops[i].set_position((x0 + cols * s + GAP / 2, below))
        self.boxes.set_verts(boxes)
        self.boxes.set_facecolor(colors)
        self.values.set_items(texts if s == 1 or self.fits([text for _, _, text in texts], s) else [])
        n = len(step.arrays)
        for group, shown in ((self.frames, n), (self.marks, n), (self.titles, n), (self.ops, n - 1)):
            for k, artist in enumerate(group):
                artist.set_visible(k < shown)
