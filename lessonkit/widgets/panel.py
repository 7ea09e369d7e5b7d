"""A matplotlib figure shown as a PNG in an ``<img>`` of a ``widgets.HTML``: drawn
once, then only its moving artists (blitting), sent only when the picture changes,
kept by key. Every view of ``lessonkit.widgets`` draws into Panels (``View.add_panel``).
``still_picture`` lays a view's pictures out as one PNG with a caption, for where the
view cannot run.
"""

import base64
import html
import io
import struct
import zlib

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import IdentityTransform

from .. import plots
from ..palette import COLORS


class Panel:
    """One matplotlib figure, shown as a PNG in ``self.image``, an ``HTML`` widget
    holding ``<img src="data:image/png;base64,…" alt="…">``; ``self.picture`` is
    the PNG's bytes.

    An ``<img>`` rather than a ``widgets.Image``: it carries a text alternative
    (``alt``; unless given, the figure's titles and labels when the picture was made), and it needs no binary
    buffer (which some widget managers drop, Colab's among them). Which of the two the browser shows sooner
    varies from run to run (``benchmarks/bench_browser.py``'s two reference rows).

    The figure is drawn in full once (axes, ticks, labels and every artist not
    marked dynamic) and kept as a background; ``refresh()`` then restores it and
    draws only the dynamic artists on top (blitting), which keeps an update fast.
    Call ``invalidate()`` when a static part changes (limits, a title, a curve).
    A refresh that leaves the pixels as they were encodes nothing, and sends nothing
    unless the text alternative changed (a tiny move: the same pixels, new numbers);
    ``png()`` encodes with ``encode_png`` (fast, deterministic). A refresh given a
    ``key`` keeps the picture under it, and shows it again without drawing when
    the same key comes back (a learner stepping back and forth): the key must fix
    the whole picture and its text alternative (a view's key is every control's value,
    which fixes the numbers its ``alt`` says); a kept picture comes back with the text
    alternative it was shown with. ``forget()`` drops
    the kept pictures, for a caller whose picture changes under the same key.
    """

    #: How many pictures a panel keeps for keys seen before.
    KEPT = 64

    def __init__(self, fig, alt=None):
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.image = widgets.HTML(layout=widgets.Layout(width="auto", height="auto"))
        self.picture = b""  # the PNG shown
        self.alt = alt  # the text alternative (a view sets it before each refresh); None: the figure's titles
        self._src = ""  # the PNG shown, as the img's data address
        self.dynamic = []
        self._background = None
        self._pixels = None  # the canvas as last shown
        self._kept = {}  # key → (PNG bytes, the HTML that showed them), until forget()

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

    def invalidate(self):
        """Forget the background: a static part changed (limits, a title, a curve)."""
        self._background = None

    def forget(self):
        """Forget the pictures kept by key."""
        self._kept.clear()

    def show_kept(self, key):
        """Show the picture kept under ``key``, if there is one; returns whether there was.

        A view that asks first skips the work of setting its artists up for a picture it has.
        """
        if key is None or key not in self._kept:
            return False
        self._pixels = None  # the canvas no longer holds what is shown
        self.picture, shown = self._kept[key]
        if self.image.value != shown:  # the HTML, not the PNG: the same pixels may have another alt
            self.image.value = shown
        return True

    def refresh(self, key=None):
        """Redraw the dynamic artists over the cached background and update the image.

        Parameters
        ----------
        key : hashable or None
            Everything the dynamic artists show (the view's control values): a picture
            drawn before under the same key is shown again as it is.
        """
        if self.show_kept(key):
            return
        if self._background is None:
            for (
                ax
            ) in self.fig.axes:  # the layout from the axes' first places, so a picture depends on what it shows only
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
        if pixels != self._pixels:  # the same picture is not encoded again
            self._pixels = pixels
            self.show(self.png())
        else:  # nor sent again, unless its text alternative changed
            self._publish()
        if key is not None:
            if len(self._kept) >= self.KEPT:
                self._kept.pop(next(iter(self._kept)))  # the oldest
            self._kept[key] = (self.picture, self.image.value)

    def show(self, png):
        """Show the PNG bytes ``png``, with the text alternative ``self.alt`` (or, when it is
        None, the figure's titles and labels as they are now: ``describe``)."""
        self.picture = png
        self._src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        self._publish()

    def _publish(self):
        """Write the ``<img>`` of the PNG shown with the text alternative as it is now
        (traitlets sends nothing when the HTML is what it was)."""
        width, height = self.canvas.get_width_height()
        alt = describe(self.fig) if self.alt is None else self.alt
        self.image.value = f'<img src="{self._src}" width="{width}" height="{height}" alt="{html.escape(alt)}">'

    def png(self):
        """The canvas as PNG bytes (``encode_png``)."""
        return encode_png(np.asarray(self.canvas.buffer_rgba()))


def describe(fig):
    """A text alternative of ``fig`` from what it says of itself: its axes' titles and labels."""
    parts = []
    for ax in fig.axes:
        words = [ax.get_title()] + [f"{label} axis" for label in (ax.get_xlabel(), ax.get_ylabel()) if label]
        parts.append(", ".join(w for w in words if w))
    return "; ".join(p for p in parts if p) or "a figure"


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
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 1)) + _chunk(b"IEND", b"")


def still_picture(pngs, width, caption):
    """One PNG of several PNGs laid out as a view lays its pictures out: left to right, a new row when the
    next would pass ``width`` pixels; then ``caption`` under them (in ``plots.FONT``, muted grey). On white."""
    pictures = [PIL.Image.open(io.BytesIO(p)) for p in pngs if p]
    rows, x = [[]], 0
    for p in pictures:
        if rows[-1] and x + p.width > width:
            rows.append([])
            x = 0
        rows[-1].append(p)
        x += p.width
    words = caption_image(caption, max(sum(p.width for p in r) for r in rows))
    height = sum(max(p.height for p in r) for r in rows)
    canvas = PIL.Image.new(
        "RGBA", (max(words.width, *(sum(p.width for p in r) for r in rows)), height + words.height), "white"
    )
    y = 0
    for r in rows:
        x = 0
        for p in r:
            canvas.paste(p, (x, y))
            x += p.width
        y += max(p.height for p in r)
    canvas.paste(words, (0, y))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def caption_image(caption, width):
    """``caption`` on one line, as a PIL image ``width`` pixels wide, or as wide as the line if it is wider;
    drawn by matplotlib like the pictures."""
    fig = Figure(figsize=(width / 80, 26 / 80), dpi=80)
    canvas = FigureCanvasAgg(fig)
    text = fig.text(
        4,
        13,
        caption,
        va="center",
        fontsize=plots.FONT,
        color=COLORS["muted"],
        style="italic",
        transform=IdentityTransform(),
    )
    needed = text.get_window_extent(canvas.get_renderer()).width + 8
    if needed > width:
        fig.set_size_inches(needed / 80, 26 / 80)
    canvas.draw()
    return PIL.Image.fromarray(np.asarray(canvas.buffer_rgba()).copy())
