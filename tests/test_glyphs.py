"""lessonkit.plots.glyphs: texts pasted from glyphs drawn once, against matplotlib drawing the same
texts (one glyph at a time, at a whole pixel) and against the spacing of a monospace font."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from lessonkit import plots
from lessonkit.plots.glyphs import CHARS, LINESPACING, PastedTexts


def ink_of(draw, crop=True):
    """The ink (255 − red) of a 2×1 in figure at 80 dpi, data coordinates in pixels, after
    ``draw(ax)``: cropped to where there is ink (``crop``), or the whole figure."""
    fig, ax = plots.figure(width=2, height=1, dpi=80, margins=dict(left=0, right=1, bottom=0, top=1))
    ax.set_axis_off()
    ax.set_xlim(0, 160)
    ax.set_ylim(0, 80)
    draw(ax)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ink = 255 - np.asarray(canvas.buffer_rgba())[:, :, 0].astype(int)
    if not crop:
        return ink
    rows, cols = np.nonzero(ink)
    return ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def pasted(text, y=40):
    """What draws ``text`` pasted, centred at (80, ``y``) pixels."""

    def draw(ax):
        stamps = PastedTexts(ax, plots.FONT)
        stamps.set_items([(80, y, text)])

    return draw


@pytest.mark.parametrize("char", list(CHARS))
def test_pasted_texts_are_matplotlibs_own_glyphs(char):
    # one char pasted, against the same char drawn as a matplotlib text at a whole pixel: the same pixels
    text = ink_of(lambda ax: ax.text(80, 40, char, family="monospace", fontsize=plots.FONT))
    assert np.array_equal(ink_of(pasted(char)), text)


def test_pasted_texts_write_numbers_glyph_after_glyph():
    # "-0.0075" is its seven glyphs side by side, one advance apart (about 0.6 em in a monospace font)
    advance = round(0.602 * plots.FONT * 80 / 72)  # DejaVu Sans Mono's advance, 1233/2048 em, at 80 dpi
    number = ink_of(pasted("-0.0075"))
    assert abs(number.shape[1] - 7 * advance) <= advance
    zero = ink_of(pasted("0"))
    (h, w), (H, W) = zero.shape, number.shape
    found = {
        (y, x) for y in range(H - h + 1) for x in range(W - w + 1) if np.array_equal(number[y : y + h, x : x + w], zero)
    }
    assert len(found) == 3 and len({y for y, _ in found}) == 1, "the three 0s of -0.0075, on one baseline"


@pytest.mark.parametrize("char", list("∂/=·→(),LwxyzbgjÅ"))
def test_a_char_not_drawn_yet_is_drawn_when_it_comes(char):
    text = ink_of(lambda ax: ax.text(80, 40, char, family="monospace", fontsize=plots.FONT))
    assert np.array_equal(ink_of(pasted(char)), text)


def test_lines_are_centred_one_under_the_other():
    """ "w1\n0.500" centred at a point is "w1" centred half a line above it and "0.500" half a line below,
    LINESPACING font sizes apart (in pixels at 80 dpi), as matplotlib spaces lines; each line is the same
    pasted text as alone (whose glyphs are matplotlib's, above)."""
    pitch = round(LINESPACING * plots.FONT * 80 / 72)
    both = ink_of(pasted("w1\n0.500"), crop=False)
    apart = np.maximum(
        ink_of(pasted("w1", y=40 + pitch / 2), crop=False), ink_of(pasted("0.500", y=40 - pitch / 2), crop=False)
    )
    assert both.any() and np.array_equal(both, apart)


def test_a_text_stays_where_it_was_when_other_glyphs_come():
    """Glyphs are drawn again when a text brings new ones: what was written before is written in the
    same pixels (a kept picture and a new one of the same text agree), and the new glyphs are matplotlib's."""
    fig, ax = plots.figure(width=2, height=1, dpi=80, margins=dict(left=0, right=1, bottom=0, top=1))
    ax.set_axis_off()
    ax.set_xlim(0, 160)
    ax.set_ylim(0, 80)
    stamps = PastedTexts(ax, plots.FONT)
    canvas = FigureCanvasAgg(fig)

    def ink(items):
        stamps.set_items(items)
        canvas.draw()
        return 255 - np.asarray(canvas.buffer_rgba())[:, :, 0].astype(int)

    before = ink([(80, 40, "0.5")])
    assert "∂" not in stamps.chars
    after = ink([(80, 40, "0.5"), (30, 60, "∂"), (30, 20, "Å")])
    assert "∂" in stamps.chars and np.array_equal(after[:, 60:], before[:, 60:]), "0.5 moved"
    for char, rows in (("∂", slice(0, 40)), ("Å", slice(40, 80))):  # y = 60 is row 20 from the top
        alone = ink_of(lambda ax, char=char: ax.text(30, 20, char, family="monospace", fontsize=plots.FONT))
        new = after[rows, :60]
        r, c = np.nonzero(new)
        assert np.array_equal(new[r.min() : r.max() + 1, c.min() : c.max() + 1], alone), char
