"""Small heat maps with their values written in the cells, drawn quickly enough to
follow a slider: the arrays of one step of the network stepper (notebook 04).

A matplotlib text costs about half a millisecond to lay out and render, every time it
is drawn (FreeType, glyph by glyph, no cache): forty cell values would cost twenty.
``CellTexts`` draws each glyph once, then pastes the numbers together from them.
"""
import numpy as np
from matplotlib import colormaps
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import IdentityTransform

from ..text import COLORS, sig

#: Where a step's entry reads or writes, outlined in every array: black, apart from the frames' blue,
#: vermillion and grey for every reader, and dark on every (light) cell.
MARK = "#000000"
#: Between two arrays, in cells; above them, the room of their titles.
GAP, TITLE = 1.5, 0.9
#: The cells' colours: blue below 0, red above, kept light (see ``HeatMaps.show``) so the values read.
CMAP = colormaps["RdBu_r"]


#: What ``text.sig`` writes: the glyphs ``CellTexts`` keeps.
CHARS = "0123456789.-+e" + "infa"


def glyphs(fontsize, dpi, chars=CHARS):
    """Each of ``chars`` drawn once by matplotlib in its monospace font, at a whole pixel.

    Returns
    -------
    (dict char → ink (rows, 3 · advance) uint8, advance in pixels): each glyph's ink on one
    baseline, from one advance before its pen position to two after (a glyph may reach past
    its advance); in a monospace font every char advances as far as the next.
    """
    fig = Figure(figsize=(3 * (len(chars) + 1) * fontsize / 72, 3 * fontsize / 72), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    probe = fig.text(0, 0, "0" * 10, fontsize=fontsize, family="monospace")
    advance = int(round(probe.get_window_extent(canvas.get_renderer()).width / 10))
    probe.remove()
    step = 3 * advance  # each glyph alone in its box: no ink reaches the next one
    for i, c in enumerate(chars):  # at whole pixels (display coordinates): glyphs drawn sharp, as at the cells
        fig.text(advance + i * step, round(fig.bbox.height / 2), c, fontsize=fontsize, family="monospace",
                 va="baseline", transform=IdentityTransform())
    canvas.draw()
    ink = 255 - np.asarray(canvas.buffer_rgba())[:, :, 0]  # black on white: the ink is 255 − red
    rows = np.nonzero(ink.max(axis=1))[0]
    ink = ink[rows[0]: rows[-1] + 1]
    return {c: np.ascontiguousarray(ink[:, i * step: (i + 1) * step]) for i, c in enumerate(chars)}, advance


def stamp(text, font, advance):
    """The ink of ``text`` (rows, advance · (len(text) + 2)): its glyphs from ``font`` (what
    ``glyphs`` returns) one advance apart, the darker ink where two boxes meet."""
    first = next(iter(font.values()))
    ink = np.zeros((first.shape[0], advance * (len(text) + 2)), dtype=np.uint8)
    for k, c in enumerate(text):
        box = ink[:, k * advance: k * advance + first.shape[1]]
        np.maximum(box, font[c], out=box)
    return ink


class CellTexts(Artist):
    """Short texts (numbers) centred on points of an axes, in black monospace, pasted
    together from glyphs drawn once (``glyphs``) instead of laid out and rendered on
    every draw: tens of them cost well under a millisecond.

    Parameters
    ----------
    ax : Axes;  fontsize : float, in points
    """

    def __init__(self, ax, fontsize=7.5):
        super().__init__()
        self.axes, self.fontsize = ax, fontsize
        self.set_figure(ax.figure)
        self.items = []  # (x, y, text) in data coordinates
        self._glyphs = {}  # dpi → glyphs

    def set_items(self, items):
        """Write ``items``, (x, y, text) in data coordinates, the text centred at (x, y)."""
        self.items = list(items)
        self.stale = True

    def draw(self, renderer):
        if not self.get_visible():
            return
        if self.figure.dpi not in self._glyphs:
            self._glyphs[self.figure.dpi] = glyphs(self.fontsize, self.figure.dpi)
        (font, advance), gc = self._glyphs[self.figure.dpi], renderer.new_gc()
        places = self.axes.transData.transform(np.reshape([(x, y) for x, y, _ in self.items], (-1, 2)))
        for (_, _, text), (px, py) in zip(self.items, places):
            ink = stamp(text, font, advance)  # centred: one advance of room on either side
            rgba = np.zeros((*ink.shape, 4), dtype=np.uint8)
            rgba[:, :, 3] = ink  # black, the glyphs' ink as opacity
            h, w = ink.shape
            renderer.draw_image(gc, round(px - w / 2), round(py - h / 2), rgba[::-1])
        gc.restore()
        self.stale = False


class HeatMaps:
    """A step's arrays side by side on one axes: heat maps with their values written in
    the cells, a title with the name and shape above each, the signs of the formula between
    them, the result framed and the cells of the step's entry outlined. A pool of artists
    that ``show`` moves (for ``Panel``, every one is dynamic).

    Parameters
    ----------
    ax : Axes (switched off here);  steps : the ``Step`` records of every step, to size the pool
    """

    def __init__(self, ax, steps):
        slots = max(len(step.arrays) for step in steps)
        self.width = max(self.layout(step)[1] for step in steps) + 0.4
        self.height = max(a.values.shape[0] for step in steps for a in step.arrays) + 0.1
        ax.set_axis_off()
        ax.set_xlim(0, self.width)
        ax.set_ylim(self.height, -TITLE)  # rows downwards, titles above row 0
        ax.set_autoscale_on(False)
        self.boxes = ax.add_collection(PolyCollection([], edgecolors="white", linewidths=0.8))  # every cell
        self.values = CellTexts(ax)
        self.frames = [ax.add_patch(Rectangle((0, 0), 1, 1, fill=False)) for _ in range(slots)]
        self.marks = [ax.add_patch(Rectangle((0, 0), 1, 1, fill=False, ec=MARK, lw=2.2)) for _ in range(slots)]
        self.titles = [ax.text(0, -0.15, "", ha="center", va="bottom", fontsize=9) for _ in range(slots)]
        self.ops = [ax.text(0, 0, "", ha="center", va="center", fontsize=11) for _ in range(slots - 1)]

    def artists(self):
        """Every artist of the pool, the cells first (under the rest)."""
        return [self.boxes, self.values, *self.frames, *self.marks, *self.titles, *self.ops]

    @staticmethod
    def layout(step):
        """(left edges of the arrays, total width), in cells."""
        lefts, x = [], 0.0
        for a in step.arrays:
            lefts.append(x)
            x += a.values.shape[1] + GAP
        return lefts, x - GAP

    def show(self, step, backward):
        """Draw ``step`` (a ``Step``); the result framed in the colour of its pass."""
        lefts, total = self.layout(step)
        shift = (self.width - total) / 2
        boxes, colors, texts = [], [], []
        for i, (a, left) in enumerate(zip(step.arrays, lefts)):
            rows, cols = a.values.shape
            x0 = left + shift
            top = max(float(np.abs(a.values).max()), 1e-12) * 2.2  # light colours, so black values read
            colors.extend(CMAP(0.5 + 0.5 * a.values.ravel() / top))
            for (r, c), value in np.ndenumerate(a.values):
                boxes.append([(x0 + c, r), (x0 + c + 1, r), (x0 + c + 1, r + 1), (x0 + c, r + 1)])
                texts.append((x0 + c + 0.5, r + 0.5, sig(value, 2)))
            self.frames[i].set_bounds(x0, 0, cols, rows)
            self.frames[i].set_edgecolor(COLORS["backward" if backward else "forward"] if a.made else COLORS["muted"])
            self.frames[i].set_linewidth(3 if a.made else 0.8)
            r0, r1, c0, c1 = a.cells
            self.marks[i].set_bounds(x0 + c0, r0, c1 - c0, r1 - r0)
            self.titles[i].set_text(f"{a.name} {a.shape}" if a.shape else a.name)
            self.titles[i].set_x(x0 + cols / 2)
            self.titles[i].set_fontweight("bold" if a.made else "normal")
            if i < len(step.ops):
                self.ops[i].set_text(step.ops[i])
                self.ops[i].set_position((x0 + cols + GAP / 2, min(rows, step.arrays[i + 1].values.shape[0]) / 2))
        self.boxes.set_verts(boxes)
        self.boxes.set_facecolor(colors)
        self.values.set_items(texts)
        n = len(step.arrays)
        for group, shown in ((self.frames, n), (self.marks, n), (self.titles, n), (self.ops, n - 1)):
            for k, artist in enumerate(group):
                artist.set_visible(k < shown)
