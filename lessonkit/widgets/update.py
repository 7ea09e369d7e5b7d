"""Widgets of notebooks/04_update.ipynb."""
import ipywidgets as widgets
import numpy as np

from .. import plots
from ..states import LandscapeState, StepThroughState
from .base import Panel, View

#: The activation/loss pairs the step-through offers.
PAIRS = (("sigmoid", "bce"), ("sigmoid", "mse"), ("tanh", "mse"), ("relu", "mse"), ("identity", "mse"))


def _number_box(description, value):
    return widgets.FloatText(value=value, description=description, step=0.1,
                             style={"description_width": "initial"}, layout=widgets.Layout(width="150px"))


class StepThrough(View):
    """One update of one neuron, stage by stage: forward → loss → gradients →
    update. Next/Back buttons or the stage slider move through it; the learning
    rate slider and the boxes for x, y, w, b change the example. Each stage shows
    its numbers (from ``neuron_step``), the graph with the active part
    highlighted, and, at the update, the step as an arrow on the loss landscape
    with the loss before and after.

    Attributes
    ----------
    state : StepThroughState;  stage : IntSlider;  back, next : Buttons;  lr : FloatLogSlider
    x1, x2, y, w1, w2, b : FloatText boxes;  pair : Dropdown of (activation, loss)
    numbers : HTML;  verdict : HTML;  graph, graph_panel, landscape_panel, arrow, point, point_new
    """

    def __init__(self, state=None):
        super().__init__()
        self.state = state or StepThroughState()
        s = self.state
        n = len(s.STAGES)
        self.stage = widgets.IntSlider(value=s.stage, min=0, max=n - 1, description="stage",
                                       readout=False, layout=widgets.Layout(width="220px"))
        self.back = widgets.Button(description="◀ Back", layout=widgets.Layout(width="80px"))
        self.next = widgets.Button(description="Next ▶", layout=widgets.Layout(width="80px"))
        self.stage_label = widgets.HTML()
        self.lr = widgets.FloatLogSlider(value=s.lr, base=10, min=-3, max=2, step=0.05, description="learning rate η",
                                         readout_format=".3g", style={"description_width": "initial"},
                                         layout=widgets.Layout(width="340px"))
        r = s.record
        self.x1, self.x2 = _number_box("x1", r.x[0]), _number_box("x2", r.x[1])
        self.w1, self.w2 = _number_box("w1", r.w[0]), _number_box("w2", r.w[1])
        self.b, self.y = _number_box("b", r.b), _number_box("y", r.y)
        self.pair = widgets.Dropdown(options=[(f"{a} + {l}", (a, l)) for a, l in PAIRS],
                                     value=(s.activation, s.loss_name), description="neuron",
                                     layout=widgets.Layout(width="250px"))
        self.numbers = widgets.HTML()
        self.verdict = widgets.HTML()

        fig, ax = plots.figure(width=6.4, height=2.9)
        self.graph = plots.neuron_graph(ax)
        self.graph_panel = Panel(fig)
        self.graph_panel.add_dynamic(*self.graph["edges"].values(), *self.graph["boxes"].values(), *self.graph["nodes"].values())

        fig, ax = plots.figure(width=3.6, height=3.2)
        self.landscape_ax = ax
        self.contours = None
        self.point = plots.point(ax, 0, 0, color="white", size=30)
        self.point_new = plots.point(ax, 0, 0, color=plots.COLORS["update"], size=30)
        self.arrow = plots.arrow(ax, (0, 0), (0, 0), color=plots.COLORS["update"])
        self.landscape_panel = Panel(fig)
        self.landscape_panel.add_dynamic(self.arrow, self.point, self.point_new)
        self.panels = (self.graph_panel, self.landscape_panel)
        self._landscape_key = None

        self.stage.observe(self.handle(self.update), names="value")
        self.back.on_click(lambda _: self.run(lambda: self._move(-1)))
        self.next.on_click(lambda _: self.run(lambda: self._move(+1)))
        for control in (self.lr, self.x1, self.x2, self.w1, self.w2, self.b, self.y, self.pair):
            control.observe(self.handle(self.update), names="value")
        inputs = widgets.VBox([self.pair, widgets.HBox([self.x1, self.x2, self.y]),
                               widgets.HBox([self.w1, self.w2, self.b]), self.lr])
        stepping = widgets.HBox([self.back, self.stage, self.next, self.stage_label])
        self.widget = widgets.VBox([
            inputs, stepping,
            widgets.HBox([self.graph_panel.image, self.landscape_panel.image]),
            widgets.HBox([self.numbers, self.verdict]),
            self.error,
        ])
        self.update()

    def __repr__(self):
        return f"StepThrough(stage={self.state.stage}: {self.state.stage_name}, lr={self.state.lr:.3g})"

    def _move(self, delta):
        self.stage.value = int(np.clip(self.stage.value + delta, self.stage.min, self.stage.max))

    def update(self):
        s = self.state
        activation, loss = self.pair.value
        s.set(x=[self.x1.value, self.x2.value], y=self.y.value, w=[self.w1.value, self.w2.value], b=self.b.value,
              lr=self.lr.value, activation=activation, loss=loss)
        s.set_stage(self.stage.value)
        self.back.disabled = s.stage == 0
        self.next.disabled = s.stage == len(s.STAGES) - 1
        self.stage_label.value = " → ".join(
            f"<b>{name}</b>" if i == s.stage else f"<span style='color:#999'>{name}</span>"
            for i, name in enumerate(s.STAGES))
        self._show_graph()
        self._show_numbers()
        self._show_landscape()

    def _show_graph(self):
        s, r = self.state, self.state.record
        values = s.values()
        if s.stage_name == "update":  # old → new
            for name, new in (("w1", r.w_new[0]), ("w2", r.w_new[1]), ("b", r.b_new)):
                values[name] = f"{plots.fmt(values[name])}→{plots.fmt(new)}"
        active, read, backward = s.HIGHLIGHT[s.stage_name]
        plots.show_on_graph(self.graph, values, s.grads(), active=active, read=read, backward=backward)
        self.graph_panel.refresh()

    def _show_numbers(self):
        s = self.state
        shown = s.numbers()
        rows = []
        labels = {"z": "z = w·x + b", "a": f"a = {s.activation}(z)", "loss": f"L ({s.loss_name})",
                  "dL_da": "∂L/∂a", "da_dz": "∂a/∂z", "dL_dz": "∂L/∂z = ∂L/∂a · ∂a/∂z",
                  "grad_w": "∂L/∂w = ∂L/∂z · x", "grad_b": "∂L/∂b = ∂L/∂z",
                  "w_new": "w − η ∂L/∂w", "b_new": "b − η ∂L/∂b", "loss_after": "L after the update"}
        for field, value in shown.items():
            text = plots.fmt_array(value) if np.ndim(value) else plots.fmt(value, 5)
            rows.append(f"<tr><td style='padding-right:1em'>{labels[field]}</td><td><b>{text}</b></td></tr>")
        self.numbers.value = ("<table style='font-family:monospace'>" + "".join(rows) + "</table>")
        if s.stage_name != "update":
            self.verdict.value = ""
        elif s.loss_after == s.record.loss:
            self.verdict.value = (f"<div style='padding-left:1em'>The loss stayed at {s.record.loss:.4f}: the "
                                  f"gradient is 0 here, so the step is 0 (a flat spot).</div>")
        elif s.overshoots:
            self.verdict.value = (f"<div style='color:#b00020;padding-left:1em'><b>The loss went up</b>, "
                                  f"{s.record.loss:.4f} → {s.loss_after:.4f}: the step overshot the valley. "
                                  f"The learning rate η = {s.lr:.3g} is too large; try a smaller one.</div>")
        else:
            self.verdict.value = (f"<div style='color:#1b5e20;padding-left:1em'>The loss went down, "
                                  f"{s.record.loss:.4f} → {s.loss_after:.4f}.</div>")

    def _show_landscape(self):
        s, r = self.state, self.state.record
        key = (tuple(r.x), r.y, r.b, tuple(r.w), r.activation, r.loss_name)
        ax = self.landscape_ax
        if key != self._landscape_key:  # the surface itself changed: redraw it
            self._landscape_key = key
            half = 0.6  # the seed's step, (0.06, 0.12), must be visible
            land = LandscapeState(x=r.x, y=r.y, w=r.w, b=r.b, activation=r.activation, loss=r.loss_name,
                                  w_range=(-half, half), resolution=61, center=r.w)
            if self.contours is not None:
                self.contours.remove()
            L = land.surface()
            self.contours = ax.contourf(land.W1, land.W2, L, levels=plots.loss_levels(L), cmap="viridis", extend="both")
            ax.set_xlim(r.w[0] - half, r.w[0] + half)
            ax.set_ylim(r.w[1] - half, r.w[1] + half)
            ax.set_xlabel("w1")
            ax.set_ylabel("w2")
            ax.set_title(f"L over (w1, w2), b = {r.b:.2f}", fontsize=9)
            self.landscape_panel.invalidate()
        at_update = s.stage_name == "update"
        self.point.set_data([r.w[0]], [r.w[1]])
        end = plots.clip_segment(r.w, r.w_new, ax.get_xlim(), ax.get_ylim())
        plots.move_arrow(self.arrow, r.w, end)
        self.point_new.set_data([end[0]], [end[1]])
        self.arrow.set_visible(at_update)
        self.point_new.set_visible(at_update)
        self.landscape_panel.refresh()

