"""Short monospace texts drawn quickly enough to follow a slider: the values in the
network stepper's cells (notebook 04) and in the boxes of the neuron's graph (03, 05).

A matplotlib text costs about a millisecond to lay out and render, every time it is
drawn (FreeType, glyph by glyph, no cache): forty cell values would cost tens of
milliseconds. ``PastedTexts`` draws each glyph once, then pastes the texts together
from them, each glyph matplotlib's own, one whole-pixel advance apart: what matplotlib
3.11 draws for a monospace text, pixel for pixel (tests/test_glyphs.py); earlier
matplotlibs space glyphs by fractions of a pixel, so a text may differ there by a pixel's
shade.
"""

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import IdentityTransform

#: What ``text.sig`` writes: the glyphs a ``PastedTexts`` draws first (others are added when they come).
CHARS = "0123456789.-+e" + "infa"
#: The distance between two lines' baselines, in font sizes.
LINESPACING = 1.2
#: The band a glyph is drawn in, in font sizes above and below its baseline: room for "(", "∂", "Å", "g".
ASCENT, DESCENT = 1.1, 0.35


def glyphs(fontsize, dpi, chars=CHARS):
    """Each of ``chars`` drawn once by matplotlib in its monospace font, at a whole pixel.

    Returns
    -------
    (dict char → ink (rows, 3 · advance) uint8, advance in pixels): each glyph's ink on one
    baseline, from one advance before its pen position to two after (a glyph may reach past
    its advance); in a monospace font every char advances as far as the next. The rows are
    a band of the same height and baseline whatever ``chars`` are (``ASCENT`` font sizes
    above the baseline, ``DESCENT`` below), so a text is placed the same way whichever
    glyphs were drawn with it.
    """
    fig = Figure(figsize=(3 * (len(chars) + 1) * fontsize / 72, 3 * fontsize / 72), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    probe = fig.text(0, 0, "0" * 10, fontsize=fontsize, family="monospace")
    advance = int(round(probe.get_window_extent(canvas.get_renderer()).width / 10))
    probe.remove()
    step = 3 * advance  # each glyph alone in its box: no ink reaches the next one
    baseline = round(fig.bbox.height / 2)
    for i, c in enumerate(chars):  # at whole pixels (display coordinates): glyphs drawn sharp, as where pasted
        fig.text(
            advance + i * step,
            baseline,
            c,
            fontsize=fontsize,
            family="monospace",
            va="baseline",
            transform=IdentityTransform(),
        )
    canvas.draw()
    ink = 255 - np.asarray(canvas.buffer_rgba())[:, :, 0]  # black on white: the ink is 255 − red
    row, size = ink.shape[0] - baseline, fontsize * dpi / 72  # the baseline's row, counted from the top
    ink = ink[row - math.ceil(ASCENT * size) : row + math.ceil(DESCENT * size)]
    return {c: np.ascontiguousarray(ink[:, i * step : (i + 1) * step]) for i, c in enumerate(chars)}, advance


def stamp(text, font, advance):
    """The ink of one line ``text`` (rows, advance · (len(text) + 2)): its glyphs from ``font`` (what
    ``glyphs`` returns) one advance apart, the darker ink where two boxes meet."""
    first = next(iter(font.values()))
    ink = np.zeros((first.shape[0], advance * (len(text) + 2)), dtype=np.uint8)
    for k, c in enumerate(text):
        box = ink[:, k * advance : k * advance + first.shape[1]]
        np.maximum(box, font[c], out=box)
    return ink


class PastedTexts(Artist):
    """Short texts centred on points of an axes, in black monospace, pasted together from
    glyphs drawn once (``glyphs``) instead of laid out and rendered on every draw: tens of
    them cost well under a millisecond. A text of several lines has each line centred, one
    under the other, ``LINESPACING`` font sizes apart.

    Parameters
    ----------
    ax : Axes;  fontsize : float, in points

    Attributes
    ----------
    items : list of (x, y, text), the texts and where they are centred, in data coordinates
    """

    def __init__(self, ax, fontsize):
        super().__init__()
        self.fontsize = fontsize
        ax.add_artist(self)  # drawn with the axes, or alone by a Panel that redraws it (it is then animated)
        self.items = []
        self.chars = CHARS
        self._glyphs = {}  # dpi → glyphs of self.chars

    def set_items(self, items):
        """Write ``items``, (x, y, text) in data coordinates, each text centred at (x, y)."""
        self.items = list(items)
        new = {c for _, _, text in self.items for c in text if c != "\n"} - set(self.chars)
        if new:  # drawn again with the new ones: every glyph on the same baseline
            self.chars += "".join(sorted(new))
            self._glyphs.clear()
        self.stale = True

    def draw(self, renderer):
        if not self.get_visible():
            return
        dpi = self.figure.dpi
        if dpi not in self._glyphs:
            self._glyphs[dpi] = glyphs(self.fontsize, dpi, self.chars)
        (font, advance), gc = self._glyphs[dpi], renderer.new_gc()
        pitch = round(LINESPACING * self.fontsize * dpi / 72)
        places = self.axes.transData.transform(np.reshape([(x, y) for x, y, _ in self.items], (-1, 2)))
        for (_, _, text), (px, py) in zip(self.items, places):
            lines = text.split("\n")
            top = py + (len(lines) - 1) * pitch / 2  # the first line's middle, in pixels from the bottom
            for k, line in enumerate(lines):
                ink = stamp(line, font, advance)  # centred: one advance of room on either side
                rgba = np.zeros((*ink.shape, 4), dtype=np.uint8)
                rgba[:, :, 3] = ink  # black, the glyphs' ink as opacity
                h, w = ink.shape
                renderer.draw_image(gc, round(px - w / 2), round(top - k * pitch - h / 2), rgba[::-1])
        gc.restore()
        self.stale = False
