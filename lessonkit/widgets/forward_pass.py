"""Widgets of notebooks/01_forward_pass.ipynb."""

import ipywidgets as widgets
import numpy as np

from .. import activations, plots
from ..states import NeuronState
from ..text import fixed, readout, sig
from .base import CONTROL, WIDTH, View, column, menu, row, slider


class NeuronExplorer(View):
    """Sliders for w1, w2, b and a choice of activation; shows z and a at our
    example's input x = [1, 2], the activation curve with the current point, and
    the neuron's output over the input plane with its line z = 0.

    Parameters
    ----------
    state : NeuronState, optional (default: the course's example)

    Attributes
    ----------
    state : NeuronState (the numbers);  w1, w2, b, activation : the controls
    readout : HTML with z and a;  curve_panel, plane_panel : the two Panels;  colorbar : the plane's colour scale
    """

    page_values = ("w1", (-2.0, -1.0, 0.0, 0.5, 1.0, 2.0))  # on the course's web page

    Z = np.linspace(-6, 6, 241)

    def __init__(self, state=None):
        super().__init__()
        self.state = state or NeuronState()
        s = self.state
        # steps of 0.05: the smallest move a learner makes moves the point on the curve by a pixel or more
        self.w1 = slider("w1", s.w[0], -3, 3, step=0.05)
        self.w2 = slider("w2", s.w[1], -3, 3, step=0.05)
        self.b = slider("b", s.b, -3, 3, step=0.05)
        self.activation = menu("activation", list(activations.ACTIVATIONS), s.activation)
        self.controls = dict(w1=self.w1, w2=self.w2, b=self.b, activation=self.activation)
        self.readout = widgets.HTML()
        self._shown_activation = s.activation

        fig, ax = plots.figure(width=5.6, height=3.2)
        self.curve_ax = ax
        self.curve = plots.activation_curve(ax, s.activation, self.Z, derivative=True)
        self.curve_point = plots.point(ax, s.z, s.a)
        self.curve_panel = self.add_panel(fig, self.curve_point)
        self._show_activation()

        fig, ax = plots.figure(width=4.5, height=3.2, margins=dict(left=0.14, right=0.75, bottom=0.16, top=0.9))
        self.plane = plots.neuron_plane(ax, s.plane(), s.extent, s.activation)
        ax.set_anchor("E")  # the square next to its colour scale
        self.colorbar = plots.colour_scale(self.plane, ax, "a")
        self.line = ax.plot(*s.boundary(), color="black", lw=1.2, ls="--")[0]
        self.input_point = plots.point(ax, *s.x, color="black")
        ax.set_xlim(-s.extent, s.extent)
        ax.set_ylim(-s.extent, s.extent)
        ax.set_title("a over the input plane")
        self.plane_panel = self.add_panel(fig, self.plane, self.line, self.input_point)
        self._colour_range = self.plane.get_clim()

        controls = column(self.w1, self.w2, self.b, self.activation)
        self.start(
            row(controls, column(self.readout, width=WIDTH - CONTROL - 10)),
            row(self.curve_panel.image, self.plane_panel.image),
        )

    def __repr__(self):
        s = self.state
        return (
            f"NeuronExplorer(w=[{fixed(s.w[0], 2)}, {fixed(s.w[1], 2)}], b={fixed(s.b, 2)}, "
            f"activation={s.activation!r})"
        )

    def _show_activation(self):
        """Redraw the curve panel's static part for the state's activation."""
        s = self.state
        act = activations.get(s.activation)
        self.curve["f"].set_ydata(act.f(self.Z))
        self.curve["f"].set_label(f"a = {s.activation}(z)")
        self.curve["df"].set_ydata(act.df(self.Z))
        self.curve_ax.set_ylim(*plots.curve_limits(s.activation, self.Z))
        self.curve_ax.set_title(s.activation)
        self.curve_ax.legend(loc="upper left")
        self.curve_panel.invalidate()
        self._shown_activation = s.activation

    def draw(self):
        s = self.state
        if s.activation != self._shown_activation:
            self._show_activation()
        z, a = s.z, s.a
        (x1, x2), (w1, w2) = s.x, s.w
        self.readout.value = readout(
            [
                f"x = [{sig(x1)}, {sig(x2)}]",
                f"z = w·x + b = {fixed(w1, 2)}·{sig(x1)} + ({fixed(w2, 2)})·{sig(x2)} + ({fixed(s.b, 2)}) "
                f"= <b>{fixed(z)}</b>",
                f"a = {s.activation}(z) = <b>{fixed(a)}</b>",
            ]
        )
        lo, hi = self.curve_ax.get_ylim()  # a point off the chart sits on its edge
        shown = (np.clip(z, self.Z[0], self.Z[-1]), np.clip(a, lo, hi))
        self.curve_point.set_data([shown[0]], [shown[1]])
        self.curve_panel.alt = (
            f"The {s.activation} curve a = {s.activation}(z) (solid) and its slope da/dz (dashed), "
            f"z from {sig(self.Z[0])} to {sig(self.Z[-1])}, with our neuron's point at "
            f"z = {fixed(z)}, a = {fixed(a)}" + (" (off the chart: drawn at its edge)" if shown != (z, a) else "")
        )
        self.curve_panel.refresh(self.key())
        A = s.plane()
        self.plane.set_data(A)
        self.plane.set_clim(*plots.plane_limits(A, s.activation))
        if self.plane.get_clim() != self._colour_range:  # the colour scale's numbers changed: redraw them
            self._colour_range = self.plane.get_clim()
            self.plane_panel.invalidate()
        x1s, x2s = s.boundary()
        self.line.set_data(x1s, x2s)
        line = (
            f"the dashed line z = 0 runs from ({fixed(x1s[0], 2)}, {fixed(x2s[0], 2)}) to "
            f"({fixed(x1s[1], 2)}, {fixed(x2s[1], 2)})"
            if len(x1s)
            else "no line z = 0 crosses the square"
        )
        e = sig(s.extent)
        self.plane_panel.alt = (
            f"Our neuron's output a = {s.activation}(w·x + b) over the inputs x1 (across) "
            f"and x2 (up), each from -{e} to {e}, coloured blue (low) to red (high): a runs from "
            f"{fixed(A.min())} to {fixed(A.max())} here; {line}; the black dot is our input "
            f"x = [{sig(x1)}, {sig(x2)}], where a = {fixed(a)}"
        )
        self.plane_panel.refresh(self.key())
