"""A view that moves without a kernel, for a web page of the course (``make site``).

In a page with no Python behind it, widgets show their saved state and links made with
``jslink`` run in the browser; callbacks do nothing. ``kernel_free(view)`` therefore draws
the view at positions of its position control (a step, a stage, an epoch: ``View.position``),
or at a handful of values of one of an explorer's controls (``View.page_values``), with the
view's own state and panels, freezes each drawing into a frame, and puts the frames in a
``Stack`` that a slider (and a Play, where the view has one) switches in the browser. A frame
is exactly what the kernel draws there. The view's other controls are shown as they are,
disabled, and say that the notebook must run to change them.

``on_page()`` makes every view displayed afterwards show its kernel-free form instead
(the site's build calls it in a hidden first cell).
"""

import ipywidgets as widgets

from .base import VIEW_CLASS, View, focus_style, px

#: The line under a kernel-free view; ``{what}`` names its position control.
MOVES = (
    "On this page the {what} control moves through pictures the course computed in advance; "
    "run this notebook to change the other controls."
)
#: The line under a view with no position control.
STILL = "On this page this view shows its first picture; run this notebook to move its controls."
#: The least width of the position slider: its track and its readout (which the live view may hide) fit.
SLIDER = 400
#: What a disabled control says when pointed at.
NEEDS_KERNEL = "Run this notebook to change this."


def kept(control, most=None):
    """The positions of ``control`` (an integer slider) a kernel-free view keeps: all of them when they
    are at most ``most`` (or ``most`` is None), otherwise ``most`` evenly spaced from its min to its max,
    both kept, plus the position it shows now."""
    lo, hi = control.min, control.max
    if most is None or hi - lo + 1 <= most:
        return list(range(lo, hi + 1))
    return sorted({round(lo + i * (hi - lo) / (most - 1)) for i in range(most)} | {control.value})


def _traits(w):
    """A widget's own synced values (not its model's names), by name."""
    return {k: getattr(w, k) for k in w.keys if not k.startswith("_")}


def disabled_copy(control):
    """A copy of ``control`` that shows what it shows, disabled, saying that the notebook must run to
    change it (``NEEDS_KERNEL``). It shares the control's layout and style."""
    state = {k: v for k, v in control.get_state().items() if not k.startswith(("_model", "_view"))}
    if isinstance(control, widgets.widget_selection._Selection):  # its index must be one of its options
        copy = type(control)(options=control.options, index=control.index)
        for name in ("index", "value", "label", "_options_labels"):
            state.pop(name, None)
    else:
        copy = type(control)()
    copy.set_state(state)
    copy.disabled, copy.tooltip = True, NEEDS_KERNEL
    return copy


class _Freezer:
    """Copies of a view's widget tree as it shows now: boxes copied, what is shown (HTML, HTMLMath,
    Label) copied by value, controls (anything with ``disabled``) as one disabled copy each, ``skip``
    left out. A copy equal to one made before is that one: a picture the same in every frame is sent once."""

    def __init__(self, skip):
        self.skip = skip
        self.made = {}
        self.controls = {}

    def _same(self, kind, **values):
        key = (kind, repr(sorted(values.items(), key=lambda kv: kv[0])))
        if key not in self.made:
            self.made[key] = kind(**values)
        return self.made[key]

    def layout(self, layout):
        return self._same(widgets.Layout, **{k: v for k, v in _traits(layout).items() if v is not None})

    def __call__(self, w):
        if w in self.skip:
            return None
        if isinstance(w, widgets.Box):
            children = tuple(c for c in map(self, w.children) if c is not None)
            box = type(w)(children=children, layout=self.layout(w.layout))
            for name in w._dom_classes:
                box.add_class(name)
            return box
        if hasattr(w, "disabled"):  # a control: the same copy in every frame
            if w.model_id not in self.controls:
                self.controls[w.model_id] = disabled_copy(w)
            return self.controls[w.model_id]
        values = {k: v for k, v in _traits(w).items() if k not in ("layout", "tabbable", "tooltip")}
        return self._same(type(w), layout=self.layout(w.layout), **values)  # its style shared: it does not move


def page_control(view):
    """The control a page moves in ``view`` and the values it keeps: its position control and the positions
    ``kept`` (``view.page_frames`` of them), or the control ``view.page_values`` names and those values (with
    the one it shows now); (None, None) for a view that has neither."""
    if view.position:
        control = getattr(view, view.position)
        return control, kept(control, view.page_frames)
    if view.page_values:
        name, values = view.page_values
        control = view.controls[name]
        return control, sorted({*values, control.value})
    return None, None


def label(control, value):
    """``value`` as ``control``'s readout writes it."""
    return str(value) if isinstance(value, int) else f"{value:{control.readout_format}}"


def kernel_free(view):
    """``view`` (a ``View``) as a widget that moves without a kernel: frames of the view at the values
    ``page_control`` gives (the positions of its position control, or a handful of an explorer's control's
    values), in a ``Stack`` switched by a slider (and a Play) linked in the browser; its other controls as
    disabled copies. A view with neither is frozen as it shows now. The view itself is left as it was."""
    if not hasattr(widgets, "Stack"):
        raise RuntimeError(f"a kernel-free view needs ipywidgets 8's Stack; this is ipywidgets {widgets.__version__}")
    if not isinstance(view, View):
        raise TypeError(f"view: expected a lessonkit View, got {type(view).__name__}")
    control, places = page_control(view)
    movers = {
        w
        for w in (control, getattr(view, "play", None), getattr(view, "back", None), getattr(view, "next", None))
        if w is not None
    }
    freeze = _Freezer(movers | {view.error})
    body = list(view.widget.children[1:])  # without the focus style, which the kernel-free view has its own of
    if control is None:
        slider, play, note = None, None, STILL
        shown = widgets.VBox([c for c in map(freeze, body) if c is not None])
    else:
        was, frames = control.value, []
        try:
            for place in places:
                control.value = place
                frames.append(widgets.VBox([c for c in map(freeze, body) if c is not None]))
        finally:
            control.value = was
        shown = widgets.Stack(frames, selected_index=places.index(was))
        slider = widgets.SelectionSlider(
            options=[label(control, p) for p in places],
            value=label(control, was),
            description=control.description,
            readout=True,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width=px(max(SLIDER, int((control.layout.width or "0px")[:-2]))), flex="0 0 auto"),
        )
        widgets.jslink((slider, "index"), (shown, "selected_index"))
        play = None
        if getattr(view, "play", None) is not None:
            play = widgets.Play(
                value=places.index(was), min=0, max=len(places) - 1, interval=view.play.interval, description="play"
            )
            widgets.jslink((play, "value"), (slider, "index"))
        note = MOVES.format(what=f"“{control.description}”")
    moves = [widgets.HBox([w for w in (play, slider) if w is not None])] if slider else []
    page = widgets.VBox([focus_style(), *moves, shown, widgets.HTML(value=f"<i>{note}</i>")])
    page.add_class(VIEW_CLASS)
    return page


def on_page():
    """From now on, every view displayed shows its kernel-free form (``kernel_free``), without the
    still picture that stands in for a view where widgets cannot run: a page renders the widget."""
    live = View._repr_mimebundle_

    def bundle(self, **kwargs):
        shown = live(self, **kwargs)
        shown["application/vnd.jupyter.widget-view+json"]["model_id"] = kernel_free(self).model_id
        shown.pop("image/png", None)
        return shown

    View._repr_mimebundle_ = bundle
