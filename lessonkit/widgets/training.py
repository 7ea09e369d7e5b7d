"""Widgets of notebooks/06_epochs.ipynb."""
import html

import ipywidgets as widgets
import numpy as np

from .. import activations, datasets, optim, plots
from ..states import TrainingRun
from ..text import sig
from .base import View, play_along

#: The batch sizes offered. Full batch is ``batch_size=None`` for ``lk.train``, but a Dropdown whose
#: value is None shows nothing selected (ipywidgets 7 and 8): its option's value is FULL_BATCH instead.
FULL_BATCH = "full"
BATCH_SIZES = [("full batch", FULL_BATCH), ("1 (stochastic)", 1), ("8", 8), ("32", 32), ("64", 64)]


def parse_sizes(text):
    """"8, 8" → (8, 8); the empty string → () (no hidden layer)."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"hidden: expected whole numbers separated by commas, like 8, 8; got {text!r}") from None
    if any(s < 1 or s > 256 for s in sizes):
        raise ValueError(f"hidden: expected layer sizes from 1 to 256, got {text!r}")
    return sizes


class TrainingDashboard(View):
    """Choose a dataset, the hidden layers, activation, optimizer, learning rate,
    batch size and epochs: the network is trained once and every epoch recorded;
    the epoch slider (and Play) then scrubs through the run, showing the decision
    boundary over the data and the loss curve up to that epoch. Changing a setting
    trains again (a progress bar shows while it runs); the same settings replay
    the same run.

    Parameters
    ----------
    state : TrainingRun, optional (default: moons, two hidden layers of 8 tanh units, Adam)

    Attributes
    ----------
    state : TrainingRun;  epoch : IntSlider;  play : Play
    dataset, hidden, activation, optimizer, lr, batch_size, epochs : the settings' controls
    progress : IntProgress;  status : HTML
    boundary, curve, marker : the artists that move
    """

    def __init__(self, state=None):
        super().__init__()
        self.progress = widgets.IntProgress(value=0, min=0, max=100, description="training",
                                            layout=widgets.Layout(width="320px"))
        self.state = state or TrainingRun()
        st = self.state.settings.as_dict()
        wide = widgets.Layout(width="300px")
        style = {"description_width": "initial"}
        self.dataset = widgets.Dropdown(options=list(datasets.GENERATED), value=st["dataset"],
                                        description="dataset", layout=wide)
        self.hidden = widgets.Text(value=", ".join(map(str, st["hidden"])), description="hidden layers",
                                   continuous_update=False, layout=wide, style=style)
        self.activation = widgets.Dropdown(options=list(activations.ACTIVATIONS), value=st["activation"],
                                           description="activation", layout=wide)
        self.optimizer = widgets.Dropdown(options=list(optim.OPTIMIZERS), value=st["optimizer"], description="optimizer",
                                          layout=wide)
        self.lr = widgets.FloatLogSlider(value=st["lr"], base=10, min=-4, max=2, step=0.1, description="learning rate",
                                         readout_format=".3g", continuous_update=False, layout=wide, style=style)
        batch_size = FULL_BATCH if st["batch_size"] is None else st["batch_size"]
        self.batch_size = widgets.Dropdown(options=BATCH_SIZES, value=batch_size, description="batch size",
                                           layout=wide, style=style)
        self.epochs = widgets.IntSlider(value=st["epochs"], min=1, max=500, step=1, description="epochs",
                                        continuous_update=False, layout=wide)
        self.epoch = widgets.IntSlider(value=self.state.epochs_run, min=0, max=self.state.epochs_run,
                                       description="show epoch", continuous_update=True,
                                       layout=widgets.Layout(width="420px"), style=style)
        self.play = play_along(self.epoch, step=1, interval=50, description="play")
        self.status = widgets.HTML()

        fig, ax = plots.figure(width=3.6, height=3.3)
        self.boundary_ax = ax
        self.boundary = ax.imshow(np.zeros((2, 2)), origin="lower", cmap="RdBu_r", vmin=0, vmax=1,
                                  alpha=0.75, aspect="auto", interpolation="bilinear")
        self.scatter = None
        self.boundary_panel = self.add_panel(fig, self.boundary)

        fig, ax = plots.figure(width=3.6, height=3.3)
        self.loss_ax = ax
        self.curve = ax.plot([], [], color=plots.COLORS["loss"], lw=2, label="loss")[0]
        self.marker = plots.point(ax, 0, 0, color=plots.COLORS["loss"], size=36)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss (binary cross-entropy)")
        ax.set_ylim(1e-3, 1.0)
        ax.set_yscale("log")
        self.loss_panel = self.add_panel(fig, self.curve, self.marker)

        self.controls = dict(dataset=self.dataset, hidden=self.hidden, activation=self.activation,
                             optimizer=self.optimizer, lr=self.lr, batch_size=self.batch_size, epochs=self.epochs)
        self.viewing = dict(epoch=self.epoch)
        self.epoch.observe(self.handle(self.draw, keep_error=True), names="value")  # a bad setting still stands
        settings = widgets.VBox([self.dataset, self.hidden, self.activation, self.optimizer, self.lr,
                                 self.batch_size, self.epochs, self.progress])
        scrub = widgets.HBox([self.play, self.epoch])
        self.progress.value = 100
        pictures = widgets.HBox([self.boundary_panel.image, self.loss_panel.image])
        self.start(widgets.HBox([settings, widgets.VBox([scrub, pictures])]), self.status,
                   on_change=self.retrain, first=self._new_run)

    def __repr__(self):
        st = self.state.settings
        return (f"TrainingDashboard({st.dataset}, hidden={list(st.hidden)}, {st.activation}, "
                f"{st.optimizer} lr={sig(st.lr, 3)}, batch={st.batch_size}, epochs={self.state.epochs_run})")

    def key(self):
        """The run's settings as the state holds them, and the epoch shown: after a rejected
        setting the controls hold what the run does not, so the key is not read from them."""
        settings = tuple(tuple(v) if isinstance(v, list) else v for v in self.state.settings.as_dict().values())
        return (*settings, self.epoch.value)

    def inputs(self):
        values = super().inputs()
        values["hidden"] = parse_sizes(values["hidden"])  # a bad text stops here, before the bar moves
        values["batch_size"] = None if values["batch_size"] == FULL_BATCH else values["batch_size"]
        return values

    def retrain(self):
        """Train with the controls' settings (the progress bar follows), then show the run's last epoch."""
        inputs = self.inputs()
        self.progress.value = 0
        self.progress.bar_style = "info"
        self.state.progress = lambda fraction: setattr(self.progress, "value", int(100 * fraction))
        try:
            self.state.set(**inputs)
        except Exception:
            self.progress.bar_style = ""  # the last run stays; the error line says why
            raise
        finally:
            self.state.progress = None
            self.progress.value = 100
        self.progress.bar_style = "warning" if self.state.history.diverged else "success"
        self._new_run()

    def _new_run(self):
        """Redraw what is fixed for a run (data, axes), then show its last epoch."""
        s = self.state
        ax = self.boundary_ax
        colors = np.where(s.y == 1, plots.COLORS["class1"], plots.COLORS["class0"])
        old, self.scatter = self.scatter, ax.scatter(s.X[:, 0], s.X[:, 1], c=colors, s=14, edgecolors="white",
                                                     linewidths=0.5, zorder=3)
        if old is None:
            self.boundary_panel.add_dynamic(self.scatter)  # the points over the moving boundary
        else:
            self.boundary_panel.replace_dynamic(old, self.scatter)
        self.boundary.set_extent(s.extent)
        ax.set_xlim(s.extent[0], s.extent[1])
        ax.set_ylim(s.extent[2], s.extent[3])
        ax.set_title(f"{s.settings.dataset}: P(class 1)", fontsize=10)
        losses = s.history.loss or [1.0]
        self.loss_ax.set_xlim(0, max(s.settings.epochs, 1))
        self.loss_ax.set_ylim(min(losses) * 0.7, max(losses) * 1.4)
        self.boundary_panel.invalidate()
        self.loss_panel.invalidate()
        self.epoch.max = self.play.max = s.epochs_run
        if self.epoch.value == s.epochs_run:
            self.draw()
        else:
            self.epoch.value = s.epochs_run  # runs draw

    def draw(self):
        """Show the run after the epoch slider's epoch."""
        s, e = self.state, self.epoch.value
        self.boundary.set_data(s.frame(e))
        epochs = np.arange(1, e + 1)
        self.curve.set_data(epochs, s.history.loss[:e])
        if e >= 1:
            self.marker.set_data([e], [s.history.loss[e - 1]])
        self.marker.set_visible(e >= 1)
        self.boundary_panel.refresh(self.key())
        self.loss_panel.refresh(self.key())
        h = s.history
        run = f"{s.epochs_run} epochs, {h.iterations} updates in all."
        at = (f"After epoch {e}: loss {sig(h.loss[e - 1])}, " if e >= 1 else "Before training: ")
        at += f"the network classifies {s.accuracy(e):.0%} of the points right."
        warning = f"<br><span style='color:{plots.COLORS['error']}'>⚠ {html.escape(s.message)}</span>" if s.message else ""
        self.status.value = f"<div style='font-family:monospace'>{at} {run}{warning}</div>"
