"""A view of one update of a training run (notebooks/06_epochs.ipynb), stepped through number
by number as notebooks/04_backprop_network.ipynb's ``NetworkStepper`` steps its network."""

import html

import ipywidgets as widgets
import numpy as np

from .. import plots
from ..plots.heatmaps import KEY, TITLE, HeatMaps
from ..states import TrainingRun
from ..text import note
from .backprop_network import CELL, show_step
from .base import WIDTH, View, index_slider, log_slider, row, step_buttons

#: The figures' resolution (``plots.figure``), dots per inch.
DPI = 80


class UpdateStepper(View):
    """One update of a training run stepped through with a slider (or Back/Next), as notebook 04
    steps its network: forward Z1, A1, ..., ZL, L, backward dZL ... dA0, then W1_new ... bL_new
    and L_new, with the run's weights after ``epoch`` epochs, on one of its training points as
    the network sees it. Each step shows its arrays as heat maps (arrays too wide for the view
    drawn with smaller cells, their values then in colour only), its formula, numpy line, shapes
    and one entry with live numbers. Sliders choose the training point and the learning rate η
    (the run's to start). A note says how the run's own updates differ from this one, where they do
    (its optimizer, its penalties, its batches).

    Parameters
    ----------
    run : TrainingRun, optional (default: notebook 06's run, moons, 2-8-8-1 tanh, Adam)
    epoch : int, the weights after it, from 0 (before training) to ``run.epochs_run``
    example : int, the index of the training point

    Attributes
    ----------
    state : RunUpdateState (``run.update_state``);  step : IntSlider;  back, next : Buttons
    example : IntSlider;  lr : FloatLogSlider;  heading, title, equation, differences : HTML
    maps : HeatMaps;  panel : Panel
    """

    def __init__(self, run=None, epoch=0, example=0):
        super().__init__()
        run = run if run is not None else TrainingRun()
        self.state = s = run.update_state(epoch, example)
        self.step = index_slider("step", s.step, len(s.STEPS), width=400)
        self.back, self.next = step_buttons(self, self.step)
        self.example = index_slider("training point", s.example, len(run.y), width=400)
        exponent = np.log10(s.lr)
        self.lr = log_slider("learning rate η", s.lr, min(-3, np.floor(exponent)), max(1, np.ceil(exponent)))
        self.controls = dict(step=self.step, example=self.example, lr=self.lr)
        self.heading, self.title, self.equation = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.differences = widgets.HTML()

        steps = [s.shown(i) for i in range(len(s.STEPS))]
        fig, ax = plots.figure(width=1, height=1, margins=dict(left=0.005, right=0.995, bottom=0.03, top=0.97))
        self.maps = HeatMaps(ax, steps, max_width=WIDTH / (CELL[0] * DPI))
        fig.set_size_inches(CELL[0] * self.maps.width, CELL[1] * (self.maps.height + TITLE + KEY))
        self.panel = self.add_panel(fig, *self.maps.artists())
        self.start(
            self.heading,
            row(self.back, self.step, self.next),
            self.title,
            self.panel.image,
            self.equation,
            row(self.example, self.lr),
            self.differences,
        )

    def __repr__(self):
        phase, name = self.state.current
        s = self.state
        return f"UpdateStepper(epoch={s.epoch}, example={s.example}, step={s.step}: {phase} {name})"

    def at_epoch(self, epoch):
        """Show the update after ``epoch`` epochs of the run (the same step, point and η): what a
        dashboard scrubbed to ``epoch`` opens. An epoch the run has not reached is shown as an error."""

        def move():
            self.state.set(epoch=epoch)
            self.draw()

        self.run(move)

    def draw(self):
        s = self.state
        self.heading.value = f"<b>{html.escape(s.title)}</b>"
        self.differences.value = note(html.escape(s.differences)) if s.differences else ""
        show_step(self)
        self.panel.refresh((*self.key(), s.epoch))  # the epoch is no control: the pictures kept are the epoch's
