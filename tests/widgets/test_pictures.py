"""What every widget's pictures promise a learner on a laptop, tested once over all the widgets
of test_contract.py: no picture wider than a view may be, text at least as large as the
notebook's own small text, a colour scale wherever colour carries a number, and a slider's
smallest step either moves what it moves by a pixel or more, or moves nothing drawn.

The browser tests (tests/e2e/fit.py) check the other half: that the pictures are shown at
their own size, so the pixels counted here are the learner's."""

import functools
import math

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.cm import ScalarMappable
from matplotlib.contour import ContourSet
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text

from lessonkit import widgets as W
from lessonkit.plots.glyphs import PastedTexts
from tests.widgets.every import CHEAP, WIDGETS, specimen
from tests.widgets.test_contract import all_controls, played, pool, shown

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)
#: The smallest text of the notebook's own interface, in CSS pixels: JupyterLab 4's
#: ``--jp-ui-font-size0`` (0.83333 × its 13 px ui font = 10.83 px; the status bar, the cell
#: toolbar), rounded up to a whole pixel. A learner reads that size in the notebook already, so
#: text drawn in a widget's pictures, which are shown at 1:1 (tests/e2e/fit.py checks it), is at
#: least this size; the browser test checks the notebook's own is not bigger (test_course_in_browser.py).
SMALL_TEXT_PX = 11.0


def moved_everywhere(view, name, last=False):
    """``view`` after each of its controls moved once to another good value (``last``: the last of its
    pool, the far end of a slider): a few states of each widget."""
    for control, widget in all_controls(view).items():
        if (name, control) not in CHEAP and control != "hidden":
            widget.value = pool(widget)[-1] if last else next(v for v in pool(widget) if v != widget.value)
    return view


@functools.cache
def seen(name, how):
    """A view of widget ``name`` that the tests here look at and do not move, made once per test process
    (tests/conftest.py sends the tests of one widget's views to one worker): ``how`` is "fresh", "moved"
    (``moved_everywhere``), "moved last" (its ``last``) or "played" (test_contract.py's ``played``); or
    "stepped", a fresh one whose sliders the slider test moves one step each and back."""
    if how == "played":
        return played(name)
    view = WIDGETS[name]()
    return view if how in ("fresh", "stepped") else moved_everywhere(view, name, last=how == "moved last")


def texts_drawn(panel):
    """(text, size in pixels) of every text the panel draws: the figure's texts and the pasted cell values."""
    dpi = panel.fig.dpi
    found = [
        (t.get_text(), t.get_fontsize() * dpi / 72)
        for t in panel.fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]
    found += [(f"{len(a.items)} pasted texts", a.fontsize * dpi / 72) for a in panel.fig.findobj(PastedTexts)]
    return found


@pytest.mark.parametrize("name", WIDGETS)
def test_pictures_fit_a_view_and_their_text_reads(name):
    for view in (seen(name, "fresh"), seen(name, "moved")):
        for panel in view.panels:
            width, _ = panel.canvas.get_width_height()
            assert width <= W.base.WIDTH, f"a picture {width} px wide, wider than a view may be ({W.base.WIDTH} px)"
            small = [(text, round(px, 1)) for text, px in texts_drawn(panel) if px < SMALL_TEXT_PX]
            assert small == [], f"text smaller than the notebook's own small text ({SMALL_TEXT_PX} px)"


def mappables(panel):
    """Every artist of the panel whose colour carries a number: an image, filled contours (a colour
    scale draws its own colours as a mesh, not one of these)."""
    return [
        a
        for ax in panel.fig.axes
        for a in [*ax.get_images(), *ax.collections]
        if isinstance(a, (AxesImage, ContourSet)) and a.get_visible() and getattr(a, "filled", True)
    ]


#: The colour scales of the pictures whose colour carries a number, by widget: the neuron's output over
#: the plane, the loss landscapes (02, 05), the dashboard's P(class 1), its units' small maps (one scale for
#: them all) and the unit chosen. (The heat maps colour by hand: their key, below.)
COLOURED = {
    "NeuronExplorer": 1,
    "LossLandscape": 1,
    "StepThrough": 1,
    "TrainingDashboard": 3,
    "TrainingDashboard (your data)": 3,
}


def scale_of(mappable):
    """The colour scale that reads ``mappable``'s colours: its own, or one in its figure made for the same
    norm and colour map (several small maps under one scale), else None."""
    if mappable.colorbar is not None:
        return mappable.colorbar
    bars = [getattr(ax, "_colorbar", None) for ax in mappable.axes.figure.axes]
    return next((b for b in bars if b is not None and b.norm is mappable.norm and b.cmap is mappable.cmap), None)


@pytest.mark.parametrize("name", WIDGETS)
def test_a_colour_that_carries_a_number_has_its_scale(name):
    for view in (seen(name, "fresh"), seen(name, "moved")):
        found = [m for panel in view.panels for m in mappables(panel)]
        scales = {id(scale_of(m)) for m in found}
        assert len(scales) == COLOURED.get(name, 0), "the colour scales found are not those listed"
        for panel in view.panels:
            for mappable in mappables(panel):
                assert isinstance(mappable, ScalarMappable)
                scale = scale_of(mappable)
                assert scale is not None and scale.ax.figure is panel.fig, f"{type(mappable).__name__} without a scale"
                assert scale.ax.get_ylabel(), "a colour scale that does not say what it measures"
                assert scale.ax.get_visible() and scale.ax in panel.fig.axes, "a scale not drawn"


def test_the_heat_maps_colours_have_a_key():
    """The network stepper's cells are coloured by hand, each array to its own largest value (no
    ScalarMappable): the key under them says so, from blue to red."""
    view = W.NetworkStepper()
    strip, *words = view.maps.key
    said = " ".join(t.get_text() for t in words)
    assert "−largest" in said and "+largest" in said and "own scale" in said
    colours = strip.get_facecolor()
    assert colours[0][2] > colours[0][0] and colours[-1][0] > colours[-1][2], "blue for below 0, red for above"
    assert view.panel.picture and all(artist not in view.panel.dynamic for artist in view.maps.key)


def marks(view):
    """Where every moving mark of the view's pictures is drawn: (panel, artist) → (its axes' limits, (m, 2)
    array of pixels). The marks are the dynamic lines and points, and the two ends of the arrows."""
    found = {}
    for k, panel in enumerate(view.panels):
        for artist in panel.dynamic:
            if not artist.get_visible():
                continue
            if isinstance(artist, Annotation):
                points = artist.axes.transData.transform([artist.xy, artist.xyann])
            elif isinstance(artist, Line2D):
                points = artist.get_transform().transform(np.asarray(artist.get_xydata(), dtype=float))
            else:
                continue
            found[(k, id(artist))] = (artist.axes.get_xlim() + artist.axes.get_ylim(), points)
    return found


def one_step(slider):
    """The value one press of an arrow key gives ``slider`` (up, or down at its top)."""
    if isinstance(slider, widgets.FloatLogSlider):
        exponent = math.log(slider.value, slider.base)
        return slider.base ** (
            exponent + slider.step if exponent + slider.step <= slider.max else exponent - slider.step
        )
    return slider.value + slider.step if slider.value + slider.step <= slider.max else slider.value - slider.step


SLIDER_MOVES = [
    (name, control)
    for name in WIDGETS
    for control, widget in all_controls(specimen(name)).items()
    if isinstance(widget, SLIDERS)
]


@pytest.mark.parametrize("name,control", SLIDER_MOVES, ids=[f"{n}.{c}" for n, c in SLIDER_MOVES])
def test_a_sliders_smallest_step_moves_its_marks_a_pixel_or_more(name, control):
    """One key press on a slider: every mark it moves (a point, a line, an arrow) moves by a whole pixel
    at least, so the learner sees it move (a sub-pixel move only blurs an edge); a mark that stays, stays.
    Where the step changes the axes' limits (a new run), the ticks say so: those marks are not compared."""
    view = seen(name, "stepped")
    slider = all_controls(view)[control]
    before, start, was_shown = marks(view), slider.value, shown(view)
    try:
        slider.value = one_step(slider)
        assert view.error.value == ""
        after = marks(view)
    finally:  # back as it was, for the next slider's test
        slider.value = start
    assert shown(view) == was_shown, f"{control}: one step and back does not show what was shown"
    for key in before.keys() & after.keys():
        (limits, was), (now_limits, now) = before[key], after[key]
        if limits != now_limits or was.shape != now.shape or not was.size:  # new axes, a longer curve, none drawn
            continue
        moved = float(np.max(np.hypot(*(now - was).T)))
        assert moved == 0 or moved >= 1, f"{control}: one step moves a mark by {moved:.2f} px, too little to see"


@pytest.mark.parametrize("name", WIDGETS)
def test_nothing_is_cut_at_a_pictures_edge(name):
    """Every axes, with its ticks, labels, title and legend, lies inside its picture: a label cut at
    the edge (a constrained layout that shrank an axes of equal aspect) reads as nothing."""
    for view in (seen(name, how) for how in ("fresh", "moved", "moved last", "played")):
        for panel in view.panels:
            renderer = panel.canvas.get_renderer()
            width, height = panel.canvas.get_width_height()
            for ax in panel.fig.axes:
                box = ax.get_tightbbox(renderer)
                assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, (
                    f"{ax.get_title() or ax.get_ylabel() or 'an axes'}: drawn over {box.bounds}, outside the "
                    f"picture's {width}×{height} px"
                )
