"""What every widget view shares: figures shown as PNG bytes in ``widgets.Image``
(updated in place, no flicker, no pyplot figure to leak), an error line the
learner can read, and a static picture for readers without a kernel.
"""
import base64
import io
import struct
import warnings
import zlib

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .. import text


class Panel:
    """One matplotlib figure, shown as a PNG in ``self.image``.

    The figure is drawn in full once (axes, ticks, labels and every artist not
    marked dynamic) and kept as a background; ``refresh()`` then restores it and
    draws only the dynamic artists on top (blitting), which keeps an update fast.
    Call ``invalidate()`` when a static part changes (limits, a title, a curve).
    A refresh that leaves the pixels as they were encodes and sends nothing;
    ``png()`` encodes with ``encode_png`` (fast, deterministic). A refresh given a
    ``key`` keeps the picture under it, and shows it again without drawing when
    the same key comes back (a learner stepping back and forth), until ``invalidate``.
    """

    #: How many pictures a panel keeps for keys seen before.
    KEPT = 64

    def __init__(self, fig):
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="auto", height="auto"))
        self.dynamic = []
        self._background = None
        self._pixels = None  # the canvas as last shown
        self._kept = {}  # key → PNG bytes, since the last invalidate

    def add_dynamic(self, *artists):
        """Mark ``artists`` as redrawn on every refresh."""
        for artist in artists:
            artist.set_animated(True)
            self.dynamic.append(artist)

    def replace_dynamic(self, old, new):
        """Draw ``new`` where ``old`` was drawn among the dynamic artists (first, under
        the others, when ``old`` is None) and take ``old`` off the figure: a part
        that changes now and then (the data of a run, a surface) without redrawing
        the background."""
        new.set_animated(True)
        if old is None:
            self.dynamic.insert(0, new)
        else:
            self.dynamic[self.dynamic.index(old)] = new
            old.remove()
        self._kept.clear()

    def invalidate(self):
        """Forget the background (a static part changed) and the pictures kept."""
        self._background = None
        self._kept.clear()

    def refresh(self, key=None):
        """Redraw the dynamic artists over the cached background and update the image.

        Parameters
        ----------
        key : hashable or None
            Everything the dynamic artists show (the view's control values): a picture
            drawn before under the same key is shown again as it is.
        """
        if key is not None and key in self._kept:
            self._pixels = None  # the canvas no longer holds what is shown
            if bytes(self.image.value) != self._kept[key]:
                self.image.value = self._kept[key]
            return
        if self._background is None:
            for ax in self.fig.axes:  # the layout from the axes' first places, so a picture depends on what it shows only
                if ax.get_subplotspec() is not None:
                    ax._set_position(ax.get_subplotspec().get_position(self.fig), which="both")
            self.canvas.draw()  # everything but the dynamic artists
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(self._background)
        for artist in self.dynamic:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        pixels = bytes(self.canvas.buffer_rgba())
        if pixels != self._pixels:  # the same picture is neither encoded nor sent again
            self._pixels = pixels
            self.image.value = self.png()
        if key is not None:
            if len(self._kept) >= self.KEPT:
                self._kept.pop(next(iter(self._kept)))  # the oldest
            self._kept[key] = bytes(self.image.value)

    def png(self):
        """The canvas as PNG bytes (``encode_png``)."""
        return encode_png(np.asarray(self.canvas.buffer_rgba()))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rgba):
    """PNG bytes of an RGBA array (height, width, 4) of uint8, made for sending, not storing.

    The same pixels, sooner and smaller than Pillow at ``compress_level=1``: RGB when
    every pixel is opaque (a figure on its white face always is), rows not filtered
    (a plot's flat areas deflate best as they are), zlib level 1. About half Pillow's
    time and 10-50 % fewer bytes on the course's panels. The same array always gives
    the same bytes.
    """
    height, width, _ = rgba.shape
    opaque = bool((rgba[:, :, 3] == 255).all())
    channels = 3 if opaque else 4
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 (none) for every row
    rows[:, 1:].reshape(height, width, channels)[...] = rgba[:, :, :channels]
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)  # 8 bits, RGB or RGBA
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 1))
            + _chunk(b"IEND", b""))


def side_by_side(pngs):
    """One PNG made of several PNGs placed left to right (on white)."""
    pictures = [PIL.Image.open(io.BytesIO(p)) for p in pngs if p]
    width = sum(p.width for p in pictures)
    height = max(p.height for p in pictures)
    canvas = PIL.Image.new("RGBA", (width, height), "white")
    x = 0
    for p in pictures:
        canvas.paste(p, (x, 0))
        x += p.width
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def slider(description, value, lo, hi, step=0.01, fmt=".2f"):
    """A float slider that updates while dragged (continuous_update), in the house style."""
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                               readout_format=fmt, continuous_update=True,
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width="320px"))


def index_slider(description, value, n, **layout):
    """A slider over the positions 0..n−1 of a stepper (a step, a stage)."""
    return widgets.IntSlider(value=value, min=0, max=n - 1, description=description, continuous_update=True,
                             layout=widgets.Layout(**layout))


def number_box(description, value):
    """A box to type a number in (any value; the state says which ones the lesson can draw)."""
    return widgets.FloatText(value=value, description=description, step=0.1,
                             style={"description_width": "initial"}, layout=widgets.Layout(width="150px"))


class View:
    """Base of every widget view: the one pattern each of them follows.

    A subclass builds its controls and panels (``add_panel``), names its controls in
    ``self.controls`` (name → control, the names its state's ``set`` takes) and
    in ``self.viewing`` the controls that only choose what is shown (an epoch to show).
    ``start()`` lays it out and makes every control call ``update()``, which sets the state
    from the controls (``state.set(**self.inputs())``) and calls ``draw()``, the
    subclass's drawing of what the state computed. A state that rejects an input
    raises before anything is drawn: the view keeps its last good picture, the
    error line says what to change, and the next good input clears it.

    Attributes
    ----------
    state : the lesson's state (``lessonkit.states``);  controls, viewing : dicts of name → control
    error : HTML, the error line;  caught : warnings raised while updating (kept for tests, never printed)
    """

    panels = ()

    def __init__(self):
        self.error = widgets.HTML(value="")
        self.controls, self.viewing = {}, {}
        self.caught = []

    def add_panel(self, fig, *dynamic):
        """A ``Panel`` of ``fig`` whose ``dynamic`` artists move, added to ``panels``. Returns it."""
        panel = Panel(fig)
        panel.add_dynamic(*dynamic)
        self.panels = (*self.panels, panel)
        return panel

    def start(self, *rows, on_change=None, first=None):
        """Lay the view out (``rows`` one under the other, then the error line), make
        every control of ``controls`` call ``on_change`` (default ``update``) and draw
        the first picture with ``first`` (default ``update``)."""
        self.widget = widgets.VBox([*rows, self.error])
        self.watch(on_change)
        self.run(first or self.update)

    def watch(self, method=None, names=None):
        """Make the controls called ``names`` (default: all of ``self.controls``) run
        ``method`` (default: ``update``) when their value changes."""
        handler = self.handle(method or self.update)
        for name in names or self.controls:
            self.controls[name].observe(handler, names="value")

    def key(self):
        """Every control's value: what fixes everything the view shows (its panels keep pictures by it)."""
        return tuple(control.value for control in (*self.controls.values(), *self.viewing.values()))

    def inputs(self):
        """The controls' values by name, for ``state.set``."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self):
        """Set the state from the controls and draw it."""
        self.state.set(**self.inputs())
        self.draw()

    def draw(self):
        raise NotImplementedError

    def handle(self, method):
        """A change handler that runs ``method`` and shows any error to the learner."""
        def handler(change=None):
            self.run(method)
        return handler

    def run(self, method):
        """Run ``method``; show an error as the error line (or clear it), keep warnings off the page."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                method()
            except (ValueError, TypeError) as exc:  # the states' and the engine's checks: the course's words
                self.error.value = text.error_line(exc)
            except Exception as exc:  # anything else is a bug: say so plainly, keep the widget usable
                self.failure = exc  # for whoever debugs it
                self.error.value = text.error_line("This view could not draw that; change the last input back.")
            else:
                self.error.value = ""
        self.caught.extend(caught)

    def static_png(self):
        """The current panels as one PNG: the picture shown where widgets cannot run."""
        return side_by_side([panel.image.value for panel in self.panels])

    def _repr_mimebundle_(self, **kwargs):
        """The widget view, a short text (nbval compares it) and the static picture.

        Written out rather than taken from the box: ipywidgets 8 has a
        ``_repr_mimebundle_``, ipywidgets 7 (Colab's) displays through
        ``_ipython_display_``; both front ends read this same view message.
        """
        return {
            "text/plain": repr(self),
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2, "version_minor": 0, "model_id": self.widget.model_id},
            "image/png": base64.b64encode(self.static_png()).decode("ascii"),
        }
