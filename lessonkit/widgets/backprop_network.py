"""Widgets of notebooks/04_backprop_network.ipynb."""

import html

import ipywidgets as widgets

from .. import activations, plots
from ..palette import COLORS
from ..plots.heatmaps import KEY, MARK, TITLE, HeatMaps
from ..states import NetworkStepperState
from ..text import note, readout, sig
from .base import CONTROL, WIDTH, View, column, index_slider, log_slider, menu, number_box, row, slider, step_buttons

#: A cell of the heat maps, in inches at the figures' 80 dpi: 56 × 32 px, room for "-0.00053" in ``plots.FONT``.
CELL = (0.7, 0.4)
#: The significant digits a number box shows of notebook 01's weights (the state keeps them whole).
BOX_DIGITS = 4
#: Beside the x sliders: why one of their steps may leave a step's numbers as they were.
SMALL_STEPS = "The cells write two digits: a step of x too small to change them shows at other steps."
#: Under a step whose cells are drawn too small to write their values in (``HeatMaps.scale``).
SMALL_CELLS = (
    "The arrays are too wide here to write every value in its cell: the colours show the values, and the ■ line "
    "gives one of them in numbers."
)
#: Beside the learning rate: where it shows, the update's steps counted from 1.
_UPDATE = [i + 1 for i, (phase, _) in enumerate(NetworkStepperState.STEPS) if phase == "update"]
UPDATE_STEPS = f"η moves the update, steps {_UPDATE[0]} to {_UPDATE[-1]}."


class NetworkStepper(View):
    """Notebook 01's batch through the 2-3-1 network, stepped with a slider (or Back/Next):
    forward Z1, A1, Z2, L, then backward dZ2, dW2, db2, dA1, dZ1, dW1, db1, dA0, then the update
    W1_new, b1_new, W2_new, b2_new and the loss after it, L_new. Each step
    shows its arrays as heat maps with their values and shapes, the result framed and the
    cells of one entry outlined, its formula, its numpy line, its shapes, and that entry with
    the live numbers. Sliders for our example's x (the first row of X), boxes for W1[0,0] and
    W2[0,0], the hidden activation and the learning rate η recompute everything.

    Parameters
    ----------
    state : NetworkStepperState, optional (default: notebook 01's network at the first step)

    Attributes
    ----------
    state : NetworkStepperState;  step : IntSlider;  back, next : Buttons
    x1, x2 : FloatSliders;  W1_00, W2_00 : FloatText boxes;  activation : Dropdown;  lr : FloatLogSlider
    weights : {"W1_00", "W2_00"} → notebook 01's weight, which a box showing it rounded stands for
    title, equation : HTML;  maps : HeatMaps;  panel : Panel
    """

    position = "step"

    def __init__(self, state=None):
        super().__init__()
        self.state = state or NetworkStepperState()
        s, inputs = self.state, self.state.inputs
        self.step = index_slider("step", s.step, len(s.STEPS), width=400)
        self.back, self.next = step_buttons(self, self.step)
        # steps of 0.1: the smallest move changes a number written in the cells (two significant digits)
        self.x1 = slider("x1", inputs.x[0], -3, 3, step=0.1)
        self.x2 = slider("x2", inputs.x[1], -3, 3, step=0.1)
        # boxes, not sliders: a slider's front end would round notebook 01's weights to its grid. A box shows
        # BOX_DIGITS digits; while it shows them, the state keeps the weight as notebook 01 drew it (``inputs``)
        self.weights = {"W1_00": inputs.W1[0, 0], "W2_00": inputs.W2[0, 0]}
        self.W1_00, self.W2_00 = (
            number_box(name, rounded(self.weights[key]), width=160)
            for name, key in (("W1[0,0]", "W1_00"), ("W2[0,0]", "W2_00"))
        )
        self.activation = menu("hidden activation", list(activations.ACTIVATIONS), inputs.activation)
        self.lr = log_slider("learning rate η", inputs.lr, -3, 1)
        self.controls = dict(
            step=self.step,
            x1=self.x1,
            x2=self.x2,
            W1_00=self.W1_00,
            W2_00=self.W2_00,
            activation=self.activation,
            lr=self.lr,
        )
        self.title = widgets.HTML()
        self.equation = widgets.HTML()

        self.maps, self.panel = step_maps(self)

        small = column(widgets.HTML(note(SMALL_STEPS)), width=WIDTH - 2 * CONTROL - 20)
        self.start(
            row(self.back, self.step, self.next),
            self.title,
            self.panel.image,
            self.equation,
            row(self.x1, self.x2, small),
            row(self.W1_00, self.W2_00, self.activation),
            row(self.lr, widgets.HTML(note(UPDATE_STEPS))),
        )

    def __repr__(self):
        phase, name = self.state.current
        return f"NetworkStepper(step={self.state.step}: {phase} {name})"

    def inputs(self):
        """The controls' values, a weight box that still shows notebook 01's weight (to ``BOX_DIGITS``)
        giving that weight whole."""
        values = super().inputs()
        for key, weight in self.weights.items():  # to 12 digits, as ``key`` compares: 0.07952 + 0.1 − 0.1 too
            if float(f"{values[key]:.12g}") == rounded(weight):
                values[key] = weight
        return values

    def draw(self):
        show_step(self)
        self.panel.refresh(self.key())


def step_maps(view, max_width=None, max_height=None):
    """(HeatMaps, Panel) for every step of ``view.state`` (an ``UpdateSteps``): one figure sized to
    the steps' arrays, ``CELL`` a cell, its panel added to ``view``; at most ``max_width`` pixels wide
    and an array ``max_height`` cells tall (None: as the steps are)."""
    steps = [view.state.shown(i) for i in range(len(view.state.STEPS))]
    fig, ax = plots.figure(width=1, height=1, margins=dict(left=0.005, right=0.995, bottom=0.03, top=0.97))
    cells = None if max_width is None else max_width / (CELL[0] * fig.dpi)
    maps = HeatMaps(ax, steps, max_width=cells, max_height=max_height)
    fig.set_size_inches(CELL[0] * maps.width, CELL[1] * (maps.height + TITLE + KEY))
    return maps, view.add_panel(fig, *maps.artists())


def show_step(view):
    """Show the current step of ``view.state`` (an ``UpdateSteps``) in ``view``'s parts: Back and
    Next disabled at the ends, ``title``, the heat maps ``maps`` and their text alternative
    (``panel.alt``), and ``equation``, the formula, numpy line, shapes and entry; the caller refreshes
    the panel."""
    s = view.state
    shown = s.shown()
    view.back.disabled = s.step == 0
    view.next.disabled = s.step == len(s.STEPS) - 1
    view.title.value = f"<b>Step {s.step + 1} of {len(s.STEPS)}</b>, {html.escape(shown.title)}"
    view.maps.show(shown, s.current[0])
    lines = [
        f"<b>{html.escape(shown.formula)}</b> &nbsp; <span style='color:{COLORS['muted']}'>numpy: "
        f"{html.escape(shown.code)}</span>",
        f"shapes: {html.escape(shown.shapes)}",
        f"<span style='color:{MARK}'>■</span> {html.escape(shown.entry)}",
    ]
    small = not view.maps.values.items  # cells too narrow for their values (HeatMaps.fits)
    if small:
        lines.append(f"<span style='color:{COLORS['muted']}'>{SMALL_CELLS}</span>")
    view.equation.value = readout(lines)
    view.panel.alt = (
        f"Step {s.step + 1} of {len(s.STEPS)}, {shown.title}: {shown.formula}, as heat maps, "
        f"blue cells below 0 and red above, {'too small to write their values' if small else 'each with its value'}: "
        + "; ".join(describe_array(a) for a in shown.arrays)
        + f". Outlined: the cells of {shown.entry.split(' = ')[0]}"
    )


def rounded(weight):
    """A weight as its box shows it: ``BOX_DIGITS`` significant digits."""
    return float(sig(weight, BOX_DIGITS))


#: Arrays of at most this many values are read out in full in the text alternative.
READ_OUT = 12


def describe_array(shown):
    """One array of a step in words, its values as its cells write them (``sig(v, 2)``):
    "dZ1, shape (4, 3), the result: values from -0.12 to 0.31, rows [0.1, …]; …"."""
    values = shown.values
    words = f"{shown.name}, shape {shown.shape}" if shown.shape else f"{shown.name}, a number"
    words += ", the result" if shown.made else ""
    if values.size > 1:
        words += f": values from {sig(values.min(), 2)} to {sig(values.max(), 2)}"
    if values.size <= READ_OUT:
        rows = ", ".join("[" + ", ".join(sig(v, 2) for v in row) + "]" for row in values)
        words += f", rows {rows}" if values.size > 1 else f": {sig(values.item(), 2)}"
    return words
