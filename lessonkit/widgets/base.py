"""What every widget view shares: the one pattern of a view (``View``: controls wired
to a state, panels drawn from it, an error line the learner can read, a static
picture for readers without a kernel) and the house style of its controls.
"""

import base64
import warnings

import ipywidgets as widgets

from .. import text
from .panel import Panel, still_picture

#: A keyboard focus that shows on every control of a view. ipywidgets marks a focused slider handle,
#: number box or menu only by a change of colour (its CSS sets ``outline: none`` there); this outline,
#: in the theme's focus colour (#1976d2 where there is none, 4.6:1 on white), is drawn on top of it.
#: Scoped to the views' own class, it changes nothing else on the page; ``!important`` because
#: ipywidgets' own rules (``outline: none``) are as specific and may come later in the page.
VIEW_CLASS = "lessonkit-view"
FOCUS_CSS = "".join(
    f".{VIEW_CLASS} {target}:focus-visible"
    "{outline:2px solid var(--jp-brand-color1,#1976d2)!important;outline-offset:1px}"
    for target in ("input", "select", "button", ".noUi-handle", ".ui-slider-handle", "[contenteditable]")
)


def focus_style():
    """An HTML widget that only holds ``FOCUS_CSS`` (hidden: a style needs no room on the page)."""
    return widgets.HTML(value=f"<style>{FOCUS_CSS}</style>", layout=widgets.Layout(display="none"))


#: The width a view may take, in CSS pixels. On a 1280×800 laptop with JupyterLab's file browser open a
#: notebook's output area is 848 px wide; the boxes' margins take a few. Pictures are drawn for the width they
#: are shown at (80 dpi), never scaled down: their text stays the size it was drawn (``plots.FONT``).
WIDTH = 820
#: Under a view's still picture.
STILL = "A still picture of this widget: run the cell (Shift+Enter) to get its controls."
#: A control's width: three fit side by side in ``WIDTH``, with room for one of them to be 300 px wide.
CONTROL = 260
#: A number box's width: six fit side by side in ``WIDTH``.
BOX = 130


def px(width):
    """A CSS width in pixels, for a ``Layout``."""
    return f"{width}px"


def row(*children):
    """Children side by side, wrapping onto the next line where the output is narrower than they are
    (never cut, never scrolled sideways)."""
    return widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row wrap", align_items="center"))


def column(*children, width=None):
    """Children one under the other, ``width`` pixels wide (default: as wide as they are)."""
    layout = widgets.Layout(flex="0 0 auto", width=px(width)) if width else widgets.Layout(flex="0 0 auto")
    return widgets.VBox(list(children), layout=layout)


def log_slider(description, value, lo, hi, step=0.05, width=340, continuous_update=True):
    """A slider over 10**lo .. 10**hi, for a learning rate: equal steps of its exponent, in the house style."""
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=".3g",
        continuous_update=continuous_update,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=px(width), flex="0 0 auto"),
    )


def slider(description, value, lo, hi, step=0.01, fmt=".2f", width=CONTROL, continuous_update=True):
    """A float slider, in the house style: it updates while dragged, unless ``continuous_update`` is False
    (a slider whose every value trains a network)."""
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=continuous_update,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=px(width), flex="0 0 auto"),
    )


def menu(description, options, value, width=CONTROL):
    """A Dropdown in the house style."""
    return widgets.Dropdown(
        options=options,
        value=value,
        description=description,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=px(width), flex="0 0 auto"),
    )


def index_slider(description, value, n, width=CONTROL):
    """A slider over the positions 0..n−1 of a stepper (a step, a stage)."""
    return widgets.IntSlider(
        value=value,
        min=0,
        max=n - 1,
        description=description,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=px(width), flex="0 0 auto"),
    )


def play_along(control, **options):
    """A ``Play`` that moves ``control`` (a step, an epoch), the two kept equal in the kernel.

    A key press on the control sends one update; each tick of the Play moves the control
    through the kernel, and the kernel moves the Play along when the learner moves the
    control, so Play goes on from where the learner left it. Nothing links them in the
    browser, where a link would send a second update for every key press.
    """
    play = widgets.Play(
        value=control.value, min=control.min, max=control.max, layout=widgets.Layout(flex="0 0 auto"), **options
    )

    def follow(change, other):
        if other.value != change.new:
            other.value = change.new

    play.observe(lambda change: follow(change, control), names="value")
    control.observe(lambda change: follow(change, play), names="value")
    return play


def step_buttons(view, control):
    """◀ Back and Next ▶ buttons that move ``control`` (a position slider) by one place,
    through ``view.run`` (an error is shown, not raised). The view disables them at the ends."""
    back = widgets.Button(description="◀ Back", layout=widgets.Layout(width="80px", flex="0 0 auto"))
    forward = widgets.Button(description="Next ▶", layout=widgets.Layout(width="80px", flex="0 0 auto"))

    def move(delta):
        control.value = min(max(control.value + delta, control.min), control.max)

    back.on_click(lambda _: view.run(lambda: move(-1)))
    forward.on_click(lambda _: view.run(lambda: move(+1)))
    return back, forward


def number_box(description, value, width=BOX):
    """A box to type a number in (any value; the state says which ones the lesson can draw)."""
    return widgets.FloatText(
        value=value,
        description=description,
        step=0.1,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=px(width), flex="0 0 auto"),
    )


class Quietly:
    """A view setting its own controls: ``with quietly:`` around the view's own changes, and their
    observers return at once while ``quietly`` is true (nested uses keep it true to the outermost end)."""

    def __init__(self):
        self.depth = 0

    def __enter__(self):
        self.depth += 1
        return self

    def __exit__(self, *exc):
        self.depth -= 1

    def __bool__(self):
        return self.depth > 0


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
    #: The attribute holding the control that moves the view through its positions (a step, a stage,
    #: an epoch), or None: the one control a page without a kernel moves (``kernel_free``).
    position = None
    #: How many of those positions such a page keeps, evenly spaced (None: every one).
    page_frames = None
    #: A view with no position control: (the name of one of its controls, a handful of its values) that such a
    #: page keeps, or None (the page shows the view as first drawn).
    page_values = None

    def __init__(self):
        self.error = widgets.HTML(value="")
        self.controls, self.viewing = {}, {}
        self.caught = []
        self.failure = None  # the last exception that was not the course's own (a bug), for whoever debugs it

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
        self.widget = widgets.VBox([focus_style(), *rows, self.error])
        self.widget.add_class(VIEW_CLASS)
        self.watch(on_change)
        self.run(first or self.update)

    def watch(self, method=None, names=None):
        """Make the controls called ``names`` (default: all of ``self.controls``) run
        ``method`` (default: ``update``) when their value changes."""
        handler = self.handle(method or self.update)
        for name in names or self.controls:
            self.controls[name].observe(handler, names="value")

    def key(self):
        """Every control's value: what fixes everything the view shows (its panels keep pictures by it).

        Numbers to 12 significant digits: a box stepped down and up again (0.4 − 0.1 + 0.1
        is 0.30000000000000004 + 0.1 in the browser) finds the picture it showed.
        """
        return tuple(
            float(f"{v:.12g}") if isinstance(v, float) else v
            for v in (control.value for control in (*self.controls.values(), *self.viewing.values()))
        )

    def inputs(self):
        """The controls' values by name, for ``state.set``."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self):
        """Set the state from the controls and draw it."""
        self.state.set(**self.inputs())
        self.draw()

    def draw(self):
        raise NotImplementedError

    def handle(self, method, keep_error=False):
        """A change handler that runs ``method`` and shows any error to the learner
        (``keep_error``: a success leaves the error line as it was)."""

        def handler(change=None):
            self.run(method, keep_error)

        return handler

    def run(self, method, keep_error=False):
        """Run ``method``; show an error as the error line (or clear it, unless ``keep_error``:
        a control that only chooses what is shown leaves a settings error standing), keep
        warnings off the page."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.simplefilter("ignore", DeprecationWarning)  # libraries telling each other of their APIs
            try:
                method()
            except (ValueError, TypeError) as exc:  # the states' and the engine's checks: the course's words
                self.error.value = text.error_line(exc)
            except Exception as exc:  # anything else is a bug: say so plainly, keep the widget usable
                self.failure = exc  # for whoever debugs it
                self.error.value = text.error_line("This view could not draw that; change the last input back.")
            else:
                if not keep_error:
                    self.error.value = ""
        self.caught.extend(caught)

    def static_png(self):
        """The current panels as one PNG, with a caption saying what it is: the picture shown where
        widgets cannot run (a notebook not run yet, GitHub, a renderer without a kernel). The live view
        takes its place once the cell runs, and the caption goes with it."""
        return still_picture([panel.picture for panel in self.panels], WIDTH, STILL)

    def _repr_mimebundle_(self, **kwargs):
        """The widget view, a short text (nbval compares it) and the static picture.

        Written out rather than taken from the box: ipywidgets 8 has a
        ``_repr_mimebundle_``, ipywidgets 7 (Colab's) displays through
        ``_ipython_display_``; both front ends read this same view message.
        """
        return {
            "text/plain": repr(self),
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2,
                "version_minor": 0,
                "model_id": self.widget.model_id,
            },
            "image/png": base64.b64encode(self.static_png()).decode("ascii"),
        }
