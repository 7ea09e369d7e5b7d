"""Widgets of notebooks/02_loss.ipynb."""

import ipywidgets as widgets
import numpy as np

from .. import plots
from ..plots.alt import describe_landscape
from ..states import LandscapeState, LossState
from ..text import fixed, readout
from .base import WIDTH, View, column, row, slider

FORMULAS = {
    "mse": ("L = (ŷ − y)²", "dL/dŷ = 2(ŷ − y)"),
    "bce": ("L = −[y log ŷ + (1 − y) log(1 − ŷ)]", "dL/dŷ = −y/ŷ + (1 − y)/(1 − ŷ)"),
}

NAMES = {"mse": "mean squared error", "bce": "binary cross-entropy"}


class LossExplorer(View):
    """Sliders for the prediction ŷ and the target y; shows MSE and binary
    cross-entropy at ŷ with their slopes, as numbers and as tangents on each
    loss's curve.

    Parameters
    ----------
    state : LossState, optional (default: ŷ = 0.7, y = 1)

    Attributes
    ----------
    state : LossState;  y_hat, y : the sliders;  readout : HTML
    lines, points, tangents : {"mse": Line2D, "bce": Line2D}
    """

    page_values = ("y_hat", (0.05, 0.25, 0.5, 0.7, 0.9, 0.99))  # on the course's web page

    Y_HAT = np.linspace(0.005, 0.995, 199)
    TANGENT_HALF_WIDTH = 0.12

    def __init__(self, state=None):
        super().__init__()
        self.state = state or LossState()
        s = self.state
        self.y_hat = slider("prediction ŷ", s.y_hat, 0.01, 0.99, width=300)
        self.y = slider("target y", s.y, 0.0, 1.0, step=0.05, width=300)
        self.controls = dict(y_hat=self.y_hat, y=self.y)
        self.readout = widgets.HTML()

        fig, axes = plots.figure(ncols=2, width=WIDTH / 160, height=3.0)
        self.lines, self.points, self.tangents = {}, {}, {}
        for ax, name, top in zip(axes, LossState.NAMES, (1.05, 5.5)):
            self.lines[name] = ax.plot([], [], color=plots.COLORS["loss"], lw=2)[0]
            self.tangents[name] = ax.plot([], [], color=plots.COLORS["backward"], lw=1.5, label="slope dL/dŷ")[0]
            self.points[name] = plots.point(ax, 0, 0, color=plots.COLORS["loss"])
            ax.set_xlim(0, 1)
            ax.set_ylim(-0.05 * top, top)
            ax.set_xlabel("prediction ŷ")
            ax.set_title(NAMES[name])
            ax.legend(loc="upper center")
        self.panel = self.add_panel(fig, *self.lines.values(), *self.tangents.values(), *self.points.values())

        self.start(row(self.y_hat, self.y), self.panel.image, self.readout)

    def __repr__(self):
        return f"LossExplorer(y_hat={fixed(self.state.y_hat, 2)}, y={fixed(self.state.y, 2)})"

    def draw(self):
        s = self.state
        rows = [f"ŷ = {fixed(s.y_hat, 2)}, y = {fixed(s.y, 2)}"]
        said = []  # the text alternative's part of each loss
        h = self.TANGENT_HALF_WIDTH
        for name, (value, slope) in s.at_point().items():
            curve, _ = s.value_and_slope(name, self.Y_HAT)
            self.lines[name].set_data(self.Y_HAT, curve)
            self.points[name].set_data([s.y_hat], [value])
            self.tangents[name].set_data([s.y_hat - h, s.y_hat + h], [value - h * slope, value + h * slope])
            loss_formula, slope_formula = FORMULAS[name]
            rows += [
                f"<b>{name.upper()}</b>: {loss_formula} = <b>{fixed(value)}</b>",
                f"&nbsp;&nbsp;{slope_formula} = <b>{fixed(slope)}</b>",
            ]
            said.append(f"{NAMES[name]} L = {fixed(value)}, slope dL/dŷ = {fixed(slope)}")
        self.readout.value = readout(rows)
        self.panel.alt = (
            f"Mean squared error (left) and binary cross-entropy (right) over the prediction ŷ "
            f"from 0 to 1, for the target y = {fixed(s.y, 2)}; at ŷ = {fixed(s.y_hat, 2)}, a point "
            f"and its tangent on each curve: " + "; ".join(said)
        )
        self.panel.refresh(self.key())


class LossLandscape(View):
    """Our example neuron's loss over its two weights (x = [1, 2], y = 1, b = 0.1)
    as contours; sliders move the weights, the point follows, and the arrow shows
    −∇L, the way gradient descent goes.

    Parameters
    ----------
    state : LandscapeState, optional (default: the course's example over [−3, 3]²)

    Attributes
    ----------
    state : LandscapeState;  w1, w2 : the sliders;  readout : HTML
    point : Line2D;  arrow : the Annotation of −∇L;  surface : (r, r) the loss drawn;  colorbar : its colour scale
    """

    page_values = ("w1", (-2.0, -1.0, 0.0, 0.5, 1.0, 2.0))  # on the course's web page

    def __init__(self, state=None):
        super().__init__()
        self.state = state or LandscapeState()
        s = self.state
        # steps of 0.05: the smallest move a learner makes moves the point by a pixel or more
        self.w1 = slider("w1", s.w[0], *s.w1_lim, step=0.05)
        self.w2 = slider("w2", s.w[1], *s.w2_lim, step=0.05)
        self.controls = dict(w1=self.w1, w2=self.w2)
        self.readout = widgets.HTML()

        # fixed margins: with an equal aspect and a colour scale, a constrained layout cut the w2 label off
        fig, ax = plots.figure(width=5.0, height=4.0, margins=dict(left=0.13, right=0.75, bottom=0.13, top=0.96))
        self.surface = s.surface()
        filled = plots.loss_contours(ax, s.W1, s.W2, self.surface)
        self.colorbar = plots.colour_scale(filled, ax, f"loss L ({s.loss_name})")
        self.point = plots.point(ax, *s.w, color="white", edge="black")
        self.arrow = plots.arrow(ax, s.w, s.w - s.grad, label="−∇L")  # a gradient: in the gradients' colour
        ax.set_xlim(*s.w1_lim)
        ax.set_ylim(*s.w2_lim)
        ax.legend(loc="lower left")
        self.panel = self.add_panel(fig, self.arrow, self.point)

        self.start(row(self.w1, self.w2), row(self.panel.image, column(self.readout, width=WIDTH - 410)))

    def __repr__(self):
        return f"LossLandscape(w=[{fixed(self.state.w[0], 2)}, {fixed(self.state.w[1], 2)}])"

    def draw(self):
        s = self.state
        g = s.grad
        self.point.set_data([s.w[0]], [s.w[1]])
        plots.move_arrow(self.arrow, s.w, s.on_chart(s.w - g))
        self.readout.value = readout(
            [
                f"w = [{fixed(s.w[0], 2)}, {fixed(s.w[1], 2)}]",
                f"L = <b>{fixed(s.loss)}</b>",
                f"∇L = [∂L/∂w1, ∂L/∂w2] = [<b>{fixed(g[0])}</b>, <b>{fixed(g[1])}</b>]",
            ]
        )
        self.panel.alt = (
            f"{describe_landscape(s, self.surface)}; the arrow is −∇L, downhill, with "
            f"∇L = [{fixed(g[0])}, {fixed(g[1])}]"
        )
        self.panel.refresh(self.key())
