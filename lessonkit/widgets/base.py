"""What every widget view shares: figures shown as PNG bytes in ``widgets.Image``
(updated in place, no flicker, no pyplot figure to leak), an error line the
learner can read, and a static picture for readers without a kernel.
"""
import base64
import html
import io

import ipywidgets as widgets
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg


class Panel:
    """One matplotlib figure, shown as a PNG in ``self.image``.

    The figure is drawn in full once (axes, ticks, labels and every artist not
    marked dynamic) and kept as a background; ``refresh()`` then restores it and
    draws only the dynamic artists on top (blitting), which keeps an update fast.
    Call ``invalidate()`` when a static part changes (limits, a title, a curve).
    """

    def __init__(self, fig):
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="auto", height="auto"))
        self.dynamic = []
        self._background = None

    def add_dynamic(self, *artists):
        """Mark ``artists`` as redrawn on every refresh."""
        for artist in artists:
            artist.set_animated(True)
            self.dynamic.append(artist)

    def invalidate(self):
        self._background = None

    def refresh(self):
        """Redraw the dynamic artists over the cached background and update the image."""
        if self._background is None:
            self.canvas.draw()  # everything but the dynamic artists
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(self._background)
        for artist in self.dynamic:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        self.image.value = self.png()

    def png(self):
        """The canvas as PNG bytes (fast compression: the picture is sent, not stored)."""
        width, height = self.canvas.get_width_height()
        picture = PIL.Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        picture.save(out, format="PNG", compress_level=1)
        return out.getvalue()


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


class View:
    """Base of every widget view.

    A subclass builds its controls and panels, sets ``self.widget`` (the box shown)
    and ``self.panels``, observes its controls with ``self.handle(method)``, and
    implements ``update()``, which reads the controls into its state and redraws.
    """

    panels = ()

    def __init__(self):
        self.error = widgets.HTML(value="")

    def handle(self, method):
        """A change handler that runs ``method`` and shows any error to the learner."""
        def handler(change=None):
            self.run(method)
        return handler

    def run(self, method):
        try:
            method()
        except Exception as exc:  # shown, not lost in a log
            self.error.value = (
                '<div style="color:#b00020;font-family:monospace;white-space:pre-wrap">'
                f"⚠ {type(exc).__name__}: {html.escape(str(exc))}</div>"
            )
        else:
            self.error.value = ""

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
