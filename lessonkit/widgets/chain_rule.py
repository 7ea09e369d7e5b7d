"""Widgets of notebooks/03_chain_rule.ipynb."""

import ipywidgets as widgets

from .. import plots
from ..plots.alt import GRAPH_WORDS, describe_graph
from ..states import GraphStepperState
from ..text import fixed, tex_as_text
from .base import WIDTH, View, index_slider, play_along, row, slider


class GraphStepper(View):
    """Our example neuron's computational graph, stepped through with a slider (or
    Play): forward node by node, then backward node by node. The current node is
    highlighted and its chain-rule formula is written with the live numbers.
    Sliders for x and w and b recompute everything.

    Parameters
    ----------
    state : GraphStepperState, optional (default: the course's example at step 0)

    Attributes
    ----------
    state : GraphStepperState;  step : IntSlider;  play : Play (moves step in the browser)
    x1, x2, w1, w2, b : the input sliders;  graph : what ``plots.neuron_graph`` drew (boxes, edges, texts, written)
    equation : the Text under the graph (mathtext) holding ``state.equation()`` on two lines
    """

    position = "step"

    def __init__(self, state=None):
        super().__init__()
        self.state = state or GraphStepperState()
        s = self.state
        self.step = index_slider("step", s.step, len(s.STEPS), width=400)
        self.play = play_along(self.step, interval=1200, description="play")
        self.x1 = slider("x1", s.x[0], -3, 3)
        self.x2 = slider("x2", s.x[1], -3, 3)
        self.w1 = slider("w1", s.w[0], -3, 3)
        self.w2 = slider("w2", s.w[1], -3, 3)
        self.b = slider("b", s.b, -3, 3)
        self.controls = dict(step=self.step, x1=self.x1, x2=self.x2, w1=self.w1, w2=self.w2, b=self.b)
        self.title = widgets.HTML()

        fig, (ax, equation_ax) = plots.figure(nrows=2, width=WIDTH / 80, height=2.1, height_ratios=(3.2, 1.0))
        self.graph = plots.neuron_graph(ax)
        self.equation = plots.equation(equation_ax)
        self.panel = self.add_panel(fig, *plots.graph_artists(self.graph), self.equation)

        self.start(
            self.title, row(self.play, self.step), self.panel.image, row(self.x1, self.x2, self.w1, self.w2, self.b)
        )

    def __repr__(self):
        phase, name = self.state.current
        return f"GraphStepper(step={self.state.step}: {phase} {name})"

    def draw(self):
        s = self.state
        phase, name = s.current
        values, grads, read = s.values(), s.grads(), s.path()
        plots.show_on_graph(self.graph, values, grads, active=name, read=read, backward=phase == "backward")
        forward = phase == "forward"
        what, result = (f"the value of {name}", values[name]) if forward else (f"∂L/∂{name}", grads[name])
        step = f"Step {s.step + 1} of {len(s.STEPS)}: {phase}"
        self.title.value = f"<b>{step}</b>, {what} = <b>{fixed(result)}</b>"  # the result as text, not only drawn
        formula, numbers = s.equation_lines()
        plots.set_equation(self.equation, formula, numbers)
        self.panel.alt = (
            f"Our neuron's computational graph ({GRAPH_WORDS}). {step}, {what} = {fixed(result)}; "
            f"{describe_graph(values, grads, name, read)}. Under it the equation: "
            f"{tex_as_text(formula)} {numbers}"
        )
        self.panel.refresh(self.key())
