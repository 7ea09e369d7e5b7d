"""Widgets of notebooks/05_update.ipynb."""

import ipywidgets as widgets

from .. import activations, plots
from ..palette import COLORS
from ..plots.alt import GRAPH_WORDS, describe_graph, describe_landscape
from ..states import StepThroughState
from ..text import array, fixed, note, sig, table, value
from .base import WIDTH, View, column, index_slider, log_slider, menu, number_box, row, step_buttons


def pairs():
    """The (activation, loss) pairs the step-through offers: sigmoid with
    cross-entropy, then every registered activation with MSE."""
    return [("sigmoid", "bce")] + [(name, "mse") for name in activations.ACTIVATIONS]


#: What each number of the table is, by its field in ``NeuronStep``.
LABELS = {
    "z": "z = w·x + b",
    "loss": "L",
    "dL_da": "∂L/∂a",
    "da_dz": "∂a/∂z",
    "dL_dz": "∂L/∂z = ∂L/∂a · ∂a/∂z",
    "grad_w": "∂L/∂w = ∂L/∂z · x",
    "grad_b": "∂L/∂b = ∂L/∂z",
    "w_new": "w − η ∂L/∂w",
    "b_new": "b − η ∂L/∂b",
    "loss_after": "L after the update",
}


class StepThrough(View):
    """One update of one neuron, stage by stage: forward → loss → gradients →
    update. Next/Back buttons or the stage slider move through it; the learning
    rate slider and the boxes for x, y, w, b change the example. Each stage shows
    its numbers (from ``neuron_step``), the graph with the active part
    highlighted, and, at the update, the step as an arrow on the loss landscape
    with the loss before and after. The learning rate's row says, at every
    stage, what η will do.

    Parameters
    ----------
    state : StepThroughState, optional (default: the course's example at the first stage)

    Attributes
    ----------
    state : StepThroughState;  stage : IntSlider;  back, next : Buttons;  lr : FloatLogSlider
    x1, x2, y, w1, w2, b : FloatText boxes;  pair : Dropdown of (activation, loss)
    numbers : HTML;  verdict : HTML;  graph, graph_panel, landscape_panel, arrow, point, point_new, landscape_title
    colorbar : the landscape's colour scale, made anew with each surface
    """

    position = "stage"

    def __init__(self, state=None):
        super().__init__()
        self.state = state or StepThroughState()
        s = self.state
        self.stage = index_slider("stage", s.stage, len(s.STAGES), width=200)
        self.stage.readout = False
        self.back, self.next = step_buttons(self, self.stage)
        self.stage_label = widgets.HTML()
        self.lr = log_slider("learning rate η", s.lr, -3, 2)
        self.x1, self.x2 = number_box("x1", s.x[0]), number_box("x2", s.x[1])
        self.w1, self.w2 = number_box("w1", s.w[0]), number_box("w2", s.w[1])
        self.b, self.y = number_box("b", s.b), number_box("y", s.y)
        self.pair = menu("neuron", [(f"{a} + {l}", (a, l)) for a, l in pairs()], (s.activation, s.loss_name), width=260)
        self.controls = dict(
            stage=self.stage,
            lr=self.lr,
            x1=self.x1,
            x2=self.x2,
            y=self.y,
            w1=self.w1,
            w2=self.w2,
            b=self.b,
            pair=self.pair,
        )
        self.numbers = widgets.HTML()
        self.verdict = widgets.HTML()

        fig, ax = plots.figure(width=WIDTH / 80, height=3.1)
        self.graph = plots.neuron_graph(ax)
        self.graph_panel = self.add_panel(fig, *plots.graph_artists(self.graph))

        # drawn anew whenever x, y, w, b or the neuron change: fixed margins, no layout to solve each time
        fig, ax = plots.figure(width=4.8, height=3.6, margins=dict(left=0.16, right=0.69, bottom=0.14, top=0.92))
        self.landscape_ax = ax
        self.colorbar = None  # the loss's colour scale, made anew with each surface
        ax.locator_params(axis="x", nbins=4)  # tick labels that do not run together when w1 is in the hundreds
        self.contours = None
        self.point = plots.point(ax, 0, 0, color="white", size=30, edge="black")
        self.point_new = plots.point(ax, 0, 0, color=plots.COLORS["update"], size=30)
        self.arrow = plots.arrow(ax, (0, 0), (0, 0), color=plots.COLORS["update"])
        self.landscape_title = ax.set_title("")
        self.landscape_panel = self.add_panel(fig, self.arrow, self.point, self.point_new, self.landscape_title)
        self._drawn_landscape = self._limits = self._surface = None

        self.start(
            row(self.pair, self.lr),
            row(self.x1, self.x2, self.y, self.w1, self.w2, self.b),
            row(self.back, self.stage, self.next, self.stage_label),
            self.graph_panel.image,
            row(self.landscape_panel.image, column(self.numbers, self.verdict, width=WIDTH - 390)),
        )

    def __repr__(self):
        return f"StepThrough(stage={self.state.stage}: {self.state.stage_name}, lr={sig(self.state.lr, 3)})"

    def inputs(self):
        values = super().inputs()
        values["activation"], values["loss"] = values.pop("pair")
        return values

    def draw(self):
        s = self.state
        self.back.disabled = s.stage == 0
        self.next.disabled = s.stage == len(s.STAGES) - 1
        self.stage_label.value = " → ".join(
            f"<b>{name}</b>" if i == s.stage else f"<span style='color:{COLORS['muted']}'>{name}</span>"
            for i, name in enumerate(s.STAGES)
        )
        self._show_graph()
        self._show_numbers()
        self._show_landscape()

    def _show_graph(self):
        s, r = self.state, self.state.record
        values = s.values()
        if s.stage_name == "update":  # old → new
            for name, new in (("w1", r.w_new[0]), ("w2", r.w_new[1]), ("b", r.b_new)):
                values[name] = f"{fixed(values[name])}→{fixed(new)}"
        active, read, backward = s.HIGHLIGHT[s.stage_name]
        grads = s.grads()
        plots.show_on_graph(self.graph, values, grads, active=active, read=read, backward=backward)
        self.graph_panel.alt = (
            f"Our neuron's computational graph ({GRAPH_WORDS}), stage {s.stage + 1} of "
            f"{len(s.STAGES)}, {s.stage_name}; {describe_graph(values, grads, active, read)}"
        )
        self.graph_panel.refresh(self.key())

    def _lr_row(self):
        """What η does, said at every stage (moving η shows something at once)."""
        s, r = self.state, self.state.record
        eta = f"η = {sig(s.lr, 3)}"
        if s.stage_name in ("forward", "loss"):
            return "η (learning rate)", f"{eta}: used at the update, w − η ∂L/∂w"
        if s.stage_name == "gradients":
            return "the step −η∇L", f"{eta}: w moves by {array(-s.lr * r.grad_w)}, b by {fixed(-s.lr * r.grad_b, 5)}"
        return "η (learning rate)", eta

    def _show_numbers(self):
        s = self.state
        labels = dict(LABELS, a=f"a = {s.activation}(z)", loss=f"L ({s.loss_name})")
        rows = [(labels[field], value(v)) for field, v in s.numbers().items()]
        self.numbers.value = table(rows + [self._lr_row()])
        before, after = fixed(s.record.loss, 4), fixed(s.loss_after, 4)
        if s.stage_name != "update":
            self.verdict.value = ""
        elif s.loss_after == s.record.loss:
            self.verdict.value = note(
                f"The loss stayed at {before}: the gradient is 0 here, so the step is 0 (a flat spot)."
            )
        elif s.overshoots:
            self.verdict.value = note(
                f"<b>The loss went up</b>, {before} → {after}: the step overshot the valley. "
                f"The learning rate η = {sig(s.lr, 3)} is too large; try a smaller one.",
                "error",
            )
        else:
            self.verdict.value = note(f"The loss went down, {before} → {after}.", "good")

    def _show_landscape(self):
        s, r = self.state, self.state.record
        land, kept = s.landscape, self.landscape_panel.show_kept(self.key())
        ax = self.landscape_ax
        if (land.w1_lim, land.w2_lim) != self._limits:  # the axes' ticks changed: the background too
            ax.set_xlim(*land.w1_lim)
            ax.set_ylim(*land.w2_lim)
            self.landscape_panel.invalidate()
            self._limits = (land.w1_lim, land.w2_lim)
        if land is not self._drawn_landscape and not kept:  # the surface changed: its contours are drawn anew
            self._surface = land.surface()
            if self.colorbar is not None:  # the scale of the old surface's levels goes first, while they are drawn
                self.colorbar.remove()
            old, self.contours = self.contours, plots.loss_contours(ax, land.W1, land.W2, self._surface, lines=False)
            self.landscape_panel.replace_dynamic(old, self.contours)  # under the point and the arrow
            # the new levels' scale, in the background: drawn again
            self.colorbar = plots.colour_scale(self.contours, ax, f"L ({s.loss_name})")
            self.landscape_panel.invalidate()
            self._drawn_landscape = land
        # the title is drawn with the moving parts: a kept picture's b is then written with it
        self.landscape_title.set_text(f"L over (w1, w2), b = {fixed(r.b, 2)}")
        at_update = s.stage_name == "update"
        end = s.step_end()
        self.point.set_data([r.w[0]], [r.w[1]])
        plots.move_arrow(self.arrow, r.w, end)
        self.point_new.set_data([end[0]], [end[1]])
        self.arrow.set_visible(at_update)
        self.point_new.set_visible(at_update)
        if not kept:
            self.landscape_panel.alt = self._landscape_words(end, at_update)
            self.landscape_panel.refresh(self.key())

    def _landscape_words(self, end, at_update):
        """The landscape's text alternative: its chart, the point, and at the update the step."""
        s, r = self.state, self.state.record
        words = describe_landscape(s.landscape, self._surface, w_digits=5, digits=4)
        if at_update:
            edge = " (the arrow stops at the chart's edge)" if tuple(end) != tuple(r.w_new) else ""
            words += (
                f"; the arrow is the update's step to w − η∂L/∂w = {array(r.w_new)}, where L = "
                f"{fixed(s.loss_after, 4)}{edge}"
            )
        return words
