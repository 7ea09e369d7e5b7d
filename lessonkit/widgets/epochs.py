"""Widgets of notebooks/06_epochs.ipynb."""

import html
import tempfile
from pathlib import Path

import ipywidgets as widgets
import numpy as np

from .. import activations, datasets, optim, plots
from ..datasets.features import LABELS
from ..states import TrainingRun
from ..states.epochs import NotASavedRun
from ..text import error_line, note, sig
from .backprop_network import show_step, step_maps
from .base import (
    CONTROL,
    WIDTH,
    Quietly,
    View,
    column,
    index_slider,
    log_slider,
    menu,
    play_along,
    px,
    row,
    slider,
    step_buttons,
)
from .boundary import BoundaryChart
from .units import UnitsChart
from .upload import CsvUpload, empty, uploaded_file

#: The button that opens the update after the epoch shown, stepped through, and closes it.
OPEN, CLOSE = "step through the next update", "close the update"
OPEN_TIP = "The update that follows the epoch shown, number by number, with the run's own weights"
#: The file the save button writes, in the kernel's working folder, unless the learner names another.
RUN_FILE = "training_run.npz"
#: The batch sizes offered. Full batch is ``batch_size=None`` for ``lk.train``, but a Dropdown whose
#: value is None shows nothing selected (ipywidgets 7 and 8): its option's value is FULL_BATCH instead.
FULL_BATCH = "full"
BATCH_SIZES = [("full batch", FULL_BATCH), ("1 (stochastic)", 1), ("8", 8), ("32", 32), ("64", 64)]
#: The penalties on the weights offered, and the rate a penalty starts at when none was set.
PENALTIES = [("none", "none"), ("L1", "l1"), ("L2 (weight decay)", "l2")]
RATE = 1e-3


def batch_choice(batch_size):
    """The batch size menu's value of a run's ``batch_size`` (None: full batch)."""
    return FULL_BATCH if batch_size is None else batch_size


def penalty_kind(settings):
    """The penalty menu's value of a run's settings (a dict): "l1", "l2" or "none"."""
    return "l1" if settings["l1"] else "l2" if settings["l2"] else "none"


def parse_sizes(text):
    """ "8, 8" → (8, 8); the empty string → () (no hidden layer)."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"hidden: expected whole numbers separated by commas, like 8, 8; got {text!r}") from None
    if any(s < 1 or s > 256 for s in sizes):
        raise ValueError(f"hidden: expected layer sizes from 1 to 256, got {text!r}")
    return sizes


#: The loss axis's limits stay inside this range: on a log scale over hundreds of decades matplotlib puts
#: a tick every few tens of decades, and one past 1e308 is infinite. A diverging loss above it is off the chart.
LOSS_RANGE = (1e-12, 1e100)


class TrainingDashboard(View):
    """Choose a dataset, the hidden layers, activation, optimizer, learning rate,
    batch size, epochs, the data's noise, the share of points held out to test on, a penalty on the
    weights (L1 or L2) with its rate, and the extra inputs a generated set's network sees besides x1, x2
    (x1², x2², x1x2, sin x1, sin x2, as TensorFlow Playground offers them): the network is trained once and
    every epoch recorded; the epoch slider (and Play) then scrubs through the run, showing the decision
    boundary over the data and the loss curves (training, and held out) up to that epoch. Changing a setting
    trains again (a progress bar shows while it runs); the same settings replay
    the same run.

    A learner's own data comes from Python (``data=(X, y)``) or as a CSV file uploaded
    with the button beside the dataset menu (then the column to predict is chosen): it is
    one more entry of the dataset menu, trained on standardised (``TrainingRun``). With
    more than two features the boundary is drawn over two chosen features (``x_axis``,
    ``y_axis``), the others held at their mean, and the points are the data's values of
    those two; choosing others redraws without training.

    'save this run' writes the run, every epoch of it, to the file named in 'save as', in the kernel's
    working folder (beside the notebook in JupyterLab, /content on Colab); ``TrainingRun.load`` reads
    it. 'load a run' takes such a file and shows its run as it was recorded, the controls set to its
    settings, not trained again until a setting changes.

    Parameters
    ----------
    state : TrainingRun, optional (default: moons, two hidden layers of 8 tanh units, Adam;
        or, with ``data``, that data)
    data, **options : a learner's data and its name, features, classes, as ``TrainingRun`` takes them

    Attributes
    ----------
    state : TrainingRun;  epoch : IntSlider;  play : Play
    chart : BoundaryChart, the P(class 1) picture: its ``ax``, ``image`` (the probabilities), ``panel``, and its
        ``x_axis``, ``y_axis`` menus in ``box`` (the view's controls ``x_axis``, ``y_axis``, ``axes_box`` too)
    dataset, hidden, activation, optimizer, lr, batch_size, epochs, noise, held_out : the settings' controls
        (noise: a generated set's; off for xor and a learner's data)
    penalty, rate : the penalty's menu and rate, which give the run's l1 and l2
    extra : Checkboxes by name in ``datasets.EXTRA_FEATURES`` ("x1^2" ...; the controls of those names), which
        give the run's extra_features; off and unticked for a learner's data, which has its own features
    upload : CsvUpload (its button and target menu);  progress : IntProgress;  status : HTML
    save_as : Text, the file's name;  save_run : Button;  load_run : FileUpload of a saved run (.npz)
    curve, marker, test_curve : the loss curves' artists that move
    """

    position = "epoch"
    page_frames = 11  # every 15th epoch of 150: a frame is four pictures, about 225 kB in a page

    def __init__(self, state=None, data=None, **options):
        super().__init__()
        if state is not None and (data is not None or options):
            raise TypeError("data: give the data to the TrainingRun (state) or to the dashboard, not both")
        self.progress = widgets.IntProgress(
            value=0,
            min=0,
            max=100,
            description="training",
            style={"description_width": "initial"},
            layout=widgets.Layout(width=px(CONTROL), flex="0 0 auto"),
        )
        self.state = state or TrainingRun(data=data, **options)
        self._quietly = Quietly()  # true while the view sets its own menus: their observers wait
        self._note = (None, "")  # (dataset, what the status line says of it): an upload's columns left out
        st = self.state.settings.as_dict()
        wide = widgets.Layout(width=px(CONTROL), flex="0 0 auto")
        style = {"description_width": "initial"}
        self.dataset = menu("dataset", self.state.datasets, st["dataset"])
        self.upload = CsvUpload()
        self.hidden = widgets.Text(
            value=", ".join(map(str, st["hidden"])),
            description="hidden layers",
            continuous_update=False,
            layout=wide,
            style=style,
        )
        self.activation = menu("activation", list(activations.ACTIVATIONS), st["activation"])
        self.optimizer = menu("optimizer", list(optim.OPTIMIZERS), st["optimizer"])
        self.lr = log_slider("learning rate", st["lr"], -4, 2, step=0.1, width=300, continuous_update=False)
        batch_size = batch_choice(st["batch_size"])
        self.batch_size = menu("batch size", BATCH_SIZES, batch_size)
        self.epochs = widgets.IntSlider(
            value=st["epochs"],
            min=1,
            max=500,
            step=1,
            description="epochs",
            continuous_update=False,
            layout=wide,
            style=style,
        )
        self.held_out = slider("held out", st["held_out"], 0.0, 0.8, step=0.1, fmt=".0%", continuous_update=False)
        self.noise = slider("noise", self.state.noise or 0.0, 0.0, 0.5, step=0.05, continuous_update=False)
        self.noise.disabled = self.state.noise is None  # xor and a learner's data have no noise to set
        kind = penalty_kind(st)
        self.penalty = menu("penalty", PENALTIES, kind)
        self.rate = log_slider("rate", st[kind] if kind != "none" else RATE, -5, 0, step=0.1, width=CONTROL)
        self.rate.continuous_update = False
        self.extra = {
            name: widgets.Checkbox(
                value=name in st["extra_features"],
                description=LABELS[name],
                indent=False,
                layout=widgets.Layout(width="72px", flex="0 0 auto"),
            )
            for name in datasets.EXTRA_FEATURES
        }
        extra_box = widgets.HBox(
            [widgets.Label("extra inputs", layout=widgets.Layout(flex="0 0 auto")), *self.extra.values()],
            layout=widgets.Layout(flex="0 0 auto", align_items="center", margin="0 8px 0 0"),
        )
        self.epoch = widgets.IntSlider(
            value=self.state.epochs_run,
            min=0,
            max=self.state.epochs_run,
            description="show epoch",
            continuous_update=True,
            layout=widgets.Layout(width="500px", flex="0 0 auto"),
            style=style,
        )
        self.play = play_along(self.epoch, step=1, interval=50, description="play")
        self.status = widgets.HTML()

        self.chart = chart = BoundaryChart(self.add_panel)
        self.x_axis, self.y_axis, self.axes_box = chart.x_axis, chart.y_axis, chart.box

        # fixed margins, room for the widest tick labels of a log axis (6×10⁻¹, 10¹⁰⁰): a run trained again
        # redraws this chart, and a constrained layout would take 30 ms more each time
        fig, ax = plots.figure(width=5.0, height=4.1, margins=dict(left=0.2, right=0.96, bottom=0.12, top=0.965))
        self.loss_ax = ax
        self.curve = ax.plot([], [], color=plots.COLORS["loss"], lw=2, label="training")[0]
        self.test_curve = ax.plot([], [], color=plots.COLORS["forward"], lw=2, ls="--", label="held out")[0]
        self.marker = plots.point(ax, 0, 0, color=plots.COLORS["loss"], size=36)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss (binary cross-entropy)")
        ax.set_ylim(1e-3, 1.0)
        ax.set_yscale("log")
        self.loss_panel = self.add_panel(fig, self.curve, self.test_curve, self.marker)

        self.controls = dict(
            dataset=self.dataset,
            hidden=self.hidden,
            activation=self.activation,
            optimizer=self.optimizer,
            lr=self.lr,
            batch_size=self.batch_size,
            epochs=self.epochs,
            noise=self.noise,
            held_out=self.held_out,
            penalty=self.penalty,
            rate=self.rate,
            **self.extra,
        )
        self.units = UnitsChart(self.add_panel)
        self.unit = self.units.unit
        self.viewing = dict(epoch=self.epoch, x_axis=self.x_axis, y_axis=self.y_axis, unit=self.unit)
        self.epoch.observe(self.handle(self.draw, keep_error=True), names="value")  # a bad setting still stands
        chart.on_move(lambda: self.run(self._new_chart, keep_error=True))  # a bad setting still stands
        self.units.on_choose(lambda: self.run(self._draw_units, keep_error=True))
        self.open_update = widgets.Button(
            description=OPEN, tooltip=OPEN_TIP, layout=widgets.Layout(width=px(CONTROL), flex="0 0 auto")
        )
        self.update_box = widgets.VBox([])
        self.stepper = None  # the UpdateStepper of the epoch shown, while it is open
        self._refused = None  # the error line of the last stepper that could not open
        self.open_update.on_click(lambda _: self.run(self._open_or_close, keep_error=True))
        self.save_as = widgets.Text(value=RUN_FILE, description="save as", layout=wide, style=style)
        self.save_run = widgets.Button(
            description="save this run",
            tooltip="Write the run, every epoch of it, to the file named in 'save as', in the kernel's working folder",
            layout=widgets.Layout(width=px(CONTROL // 2), flex="0 0 auto"),
        )
        self.load_run = widgets.FileUpload(
            accept=".npz", multiple=False, description="load a run", layout=widgets.Layout(width=px(CONTROL))
        )
        self._saved = ""  # what the status line says of the run's file: saved to, loaded from
        self._unsaved = None  # the error line of the last save that failed
        self.save_run.on_click(lambda _: self.run(self._save, keep_error=True))
        self.load_run.observe(lambda change: self.run(self._load) if uploaded_file(change.new) else None, "value")
        self.upload.on_file(self.handle(self._file_came))
        self.upload.target.observe(self.handle(self._train_on_file), names="value")
        settings = row(
            self.dataset,
            self.upload.button,
            self.upload.target,
            self.hidden,
            self.activation,
            self.optimizer,
            self.lr,
            self.batch_size,
            self.epochs,
            self.noise,
            self.held_out,
            self.penalty,
            self.rate,
            extra_box,
            self.progress,
        )
        self._show_trained()
        pictures = row(chart.panel.image, self.loss_panel.image)
        self.start(
            settings,
            row(self.play, self.epoch),
            self.axes_box,
            pictures,
            self.status,
            row(self.units.diagram.image, column(self.unit, self.units.large.image)),
            self.units.readout,
            row(self.open_update, self.save_as, self.save_run, self.load_run),
            self.update_box,
            on_change=self.retrain,
            first=self._new_run,
        )

    def __repr__(self):
        st = self.state.settings
        return (
            f"TrainingDashboard({st.dataset}, hidden={list(st.hidden)}, {st.activation}, "
            f"{st.optimizer} lr={sig(st.lr, 3)}, batch={st.batch_size}, epochs={self.state.epochs_run}"
            + (f", extra_features={list(st.extra_features)})" if st.extra_features else ")")
        )

    def key(self):
        """The run's settings as the state holds them, the epoch and the features shown: after a
        rejected setting the controls hold what the run does not, so the key is not read from them."""
        settings = tuple(tuple(v) if isinstance(v, list) else v for v in self.state.settings.as_dict().values())
        return (*settings, self.epoch.value, self.axes())

    def axes(self):
        """The features the boundary is drawn over, (i, j)."""
        return self.chart.axes()

    @property
    def scatter(self):
        """The data's points on the boundary's chart."""
        return self.chart.scatter

    def inputs(self):
        values = super().inputs()
        values["hidden"] = parse_sizes(values["hidden"])  # a bad text stops here, before the bar moves
        values["batch_size"] = None if values["batch_size"] == FULL_BATCH else values["batch_size"]
        # the noise of a generated set; another set comes with its own, and xor and a learner's data have none
        same_set, own = values["dataset"] == self.state.settings.dataset, TrainingRun.default_noise(values["dataset"])
        values["noise"] = values["noise"] if (own is not None and same_set and values["noise"] != own) else None
        kind, rate = values.pop("penalty"), values.pop("rate")
        if not (np.isfinite(rate) and rate > 0):
            raise ValueError(f"rate: expected a positive rate, got {rate}")
        values["l1"], values["l2"] = (rate if kind == "l1" else 0.0), (rate if kind == "l2" else 0.0)
        ticked = tuple(name for name in datasets.EXTRA_FEATURES if values.pop(name))
        values["extra_features"] = ticked if values["dataset"] in datasets.GENERATED else ()  # yours: its own
        return values

    def _training(self, train):
        """Run ``train()`` with the progress bar following; the last run stays if it fails."""
        self.progress.bar_style, self.progress.description = "info", "training"
        self.progress.value = 0
        self.state.progress = lambda fraction: setattr(self.progress, "value", int(100 * fraction))
        try:
            train()
        finally:
            self.state.progress = None
            self._show_trained()  # a failed run leaves the last one, which the bar shows; the error line says why

    def _show_trained(self):
        """The bar full, saying how the run shown ended: trained (green), or stopped when it diverged (orange)."""
        diverged = self.state.history.diverged
        self.progress.value = 100
        self.progress.bar_style = "warning" if diverged else "success"
        self.progress.description = "stopped: diverged" if diverged else "trained"

    def retrain(self):
        """Train with the controls' settings (the progress bar follows), then show the run's last epoch."""
        if self._quietly:
            return
        inputs = self.inputs()
        self._training(lambda: self.state.set(**inputs))
        self._new_run()

    def _file_came(self):
        """A file was uploaded: list its columns to predict (the last chosen) and train on it."""
        with self._quietly:
            if not self.upload.take():
                return
        self._train_on_file()

    def _train_on_file(self):
        """Train on the uploaded file with the chosen target, as one more dataset named by the file."""
        if self._quietly or self.upload.content is None:
            return
        X, y, info, left_out = self.upload.table()
        old = self.state.data
        self._training(lambda: self.state.use((X, y, info), where=info.file))
        new = self.state.data.name
        notes = (
            [f"{new} replaces {old.name} in the dataset menu (one table at a time)."]
            if (old is not None and old.name != new)
            else []
        )
        if left_out:
            notes.append(
                f"Column{'s' if len(left_out) > 1 else ''} {', '.join(map(repr, left_out))} left out (not numbers)."
            )
        self._note = (new, " ".join(notes))
        with self._quietly:
            self.dataset.options = self.state.datasets
            self.dataset.value = self.state.settings.dataset
        for panel in self.panels:
            panel.forget()  # a new file may have the old one's name
        self._new_run()

    def _save(self):
        """Write the run to the file 'save as' names (.npz added where missing), and say so in the status line."""
        name = self.save_as.value.strip()
        try:
            if not name:
                raise ValueError("save as: expected a file name, such as training_run.npz, got nothing")
            name += "" if name.endswith(".npz") else ".npz"
            try:
                path = self.state.save(name)
            except OSError as exc:
                raise ValueError(f"save as: could not write {name!r}: {exc.strerror or exc}") from None
        except ValueError as exc:
            self._unsaved = error_line(exc)  # the next save that works clears it, and no other error line
            raise
        if self.error.value == self._unsaved:
            self.error.value = ""
        self._saved = (
            f"Saved to {path} ({path.stat().st_size / 1000:.0f} kB): "
            f"lk.states.TrainingRun.load({str(path)!r}) gives it back, or 'load a run'."
        )
        self.draw()

    def _load(self):
        """Show the run in the file just uploaded, as it was saved: every epoch, not trained again; the
        controls show its settings. A file that is not a saved run, or a run the controls cannot show,
        changes nothing and the error line says why."""
        name, content = uploaded_file(self.load_run.value)
        empty(self.load_run)  # the file is not kept in the notebook's widget state
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / (Path(name).name or "run.npz")  # named as the learner's file: the errors say it
            path.write_bytes(content)
            try:
                run = TrainingRun.load(path)
            except NotASavedRun as exc:  # said of the button, not of load's argument
                why = str(exc).removeprefix("path: expected a run saved by TrainingRun.save, ")
                raise NotASavedRun(f"load a run: expected a file written by 'save this run', {why}") from None
        self._can_show(run)
        self.state, self._note = run, (None, "")
        self._show_settings()
        for panel in self.panels:
            panel.forget()  # another run may have this one's settings
        self._show_trained()
        self._new_run()
        self._saved = f"Loaded from {name}: every epoch as it was recorded; a change of setting trains it again."
        self.draw()

    def _can_show(self, run):
        """Raise a ValueError if a control cannot show one of ``run``'s settings."""
        st = run.settings.as_dict()
        ranges = [
            ("learning rate", self.lr, st["lr"], 10**self.lr.min, 10**self.lr.max),
            ("epochs", self.epochs, st["epochs"], self.epochs.min, self.epochs.max),
            ("held out", self.held_out, st["held_out"], self.held_out.min, self.held_out.max),
        ]
        if run.noise is not None:
            ranges.append(("noise", self.noise, run.noise, self.noise.min, self.noise.max))
        if st["l1"] and st["l2"]:
            raise ValueError("load a run: it has both an L1 and an L2 penalty; the dashboard sets one of them")
        kind = penalty_kind(st)
        if kind != "none":
            ranges.append((f"{kind.upper()} rate", self.rate, st[kind], 10**self.rate.min, 10**self.rate.max))
        for name, _, value, lo, hi in ranges:
            if not lo <= value <= hi:
                raise ValueError(
                    f"load a run: its {name} {sig(value)} is outside the dashboard's {sig(lo)} to {sig(hi)}"
                )
        try:
            parse_sizes(", ".join(map(str, st["hidden"])))  # the sizes the hidden layers' box takes
        except ValueError:
            raise ValueError(
                f"load a run: its hidden layers {list(st['hidden'])} are not ones the dashboard offers (1 to 256 units)"
            ) from None
        menus = [
            ("batch size", self.batch_size, batch_choice(st["batch_size"])),
            ("activation", self.activation, st["activation"]),
        ]
        menus.append(("optimizer", self.optimizer, st["optimizer"]))
        for name, control, value in menus:
            if value not in [o[1] if isinstance(o, tuple) else o for o in control.options]:
                raise ValueError(f"load a run: its {name} {value!r} is not one the dashboard offers")

    def _show_settings(self):
        """The controls as the run's settings are (a loaded run's), set quietly: nothing trains."""
        st = self.state.settings.as_dict()
        kind = penalty_kind(st)
        with self._quietly:
            self.dataset.options = self.state.datasets
            self.dataset.value = st["dataset"]
            self.hidden.value = ", ".join(map(str, st["hidden"]))
            self.activation.value, self.optimizer.value, self.lr.value = st["activation"], st["optimizer"], st["lr"]
            self.batch_size.value = batch_choice(st["batch_size"])
            self.epochs.value, self.held_out.value, self.penalty.value = st["epochs"], st["held_out"], kind
            if kind != "none":
                self.rate.value = st[kind]

    def _new_run(self):
        """Redraw what is fixed for a run (data, axes, features), then show its last epoch."""
        self._saved = ""  # a new run is in no file yet
        s = self.state
        self.noise.disabled = s.noise is None  # xor and a learner's data have no noise to set
        if s.noise is not None and self.noise.value != s.noise:
            with self._quietly:  # the run's noise: a set just chosen comes with its own
                self.noise.value = s.noise
        with self._quietly:  # the boxes tick what the network sees: none on a learner's data, which has its own
            for name, box in self.extra.items():
                box.value, box.disabled = name in s.settings.extra_features, s.own is not None
        self.chart.fill(s.features)
        self.units.lay_out(s, self.axes())
        self.chart.draw_static(s)  # before the slider's range: a shorter run pulls the slider down, which draws
        losses = (s.history.loss or [1.0]) + [v for v in s.test_loss if v is not None and np.isfinite(v)]
        self.loss_ax.set_xlim(0, max(s.settings.epochs, 1))
        # inside LOSS_RANGE: a diverging run's loss may reach 1e308
        lo, hi = float(np.clip(min(losses) * 0.7, *LOSS_RANGE)), float(np.clip(max(losses) * 1.4, *LOSS_RANGE))
        self.loss_ax.set_ylim(lo if lo < hi else hi / 10, hi)
        legend = self.loss_ax.get_legend()
        if legend is not None:
            legend.remove()
        if s.test_loss[0] is not None:  # two curves: say which is which
            self.loss_ax.legend(handles=[self.curve, self.test_curve], loc="upper right")
        self.loss_panel.invalidate()
        reopen = self.stepper is not None  # a new run's stepper: its weights and layers are the new run's
        self._close_update()
        self.epoch.max = self.play.max = s.epochs_run
        if self.epoch.value == s.epochs_run:
            self.draw()
        else:
            self.epoch.value = s.epochs_run  # runs draw
        if reopen:
            self._open_update()

    def _new_chart(self):
        """Redraw the chart for the features chosen, then the epoch shown."""
        self.chart.draw_static(self.state)
        self.units.lay_out(self.state, self.axes())
        self.draw()

    def _open_or_close(self):
        """Open the update that follows the epoch shown in an ``UpdateStepper`` under the dashboard, or close it."""
        if self.stepper is None:
            self._open_update()
        else:
            self._close_update()

    def _open_update(self):
        """The stepper of the update after the epoch shown, of the run as it is now, under the dashboard."""
        try:
            stepper = UpdateStepper(self.state, epoch=self.epoch.value)
        except ValueError as exc:  # an epoch with no update (a run that blew up): the box stays as it was
            self._refused = error_line(exc)
            raise
        self.stepper, self.update_box.children = stepper, (stepper.widget,)
        if self.error.value == self._refused:  # why the last one could not open: no longer so
            self.error.value = ""
        self.open_update.description, self.open_update.tooltip = CLOSE, "Close the update's steps"

    def _close_update(self):
        """Take the stepper away; the button opens one again."""
        self.stepper, self.update_box.children = None, ()
        self.open_update.description, self.open_update.tooltip = OPEN, OPEN_TIP

    def _draw_units(self):
        """The network's units after the epoch shown, the chosen one large."""
        self.units.draw(self.state, self.epoch.value, self.axes(), self.key())

    def draw(self):
        """Show the run after the epoch slider's epoch."""
        s, e, h, key = self.state, self.epoch.value, self.state.history, self.key()
        accuracy = s.accuracy(e)
        self.chart.draw(s, e, accuracy, key)
        self._draw_units()
        if self.stepper is not None and (self.stepper.state.epoch != e or self.stepper.error.value):
            self.stepper.at_epoch(e)  # the update that follows the epoch shown (or that could not be, till now)
        self.curve.set_data(np.arange(1, e + 1), h.loss[:e])
        held_out = s.test_loss[0] is not None
        self.test_curve.set_data(np.arange(0, e + 1) if held_out else [], s.test_loss[: e + 1] if held_out else [])
        if e >= 1:
            self.marker.set_data([e], [h.loss[e - 1]])
        self.marker.set_visible(e >= 1)
        self.loss_panel.alt = (
            f"Loss curve: loss {sig(h.loss[e - 1])} after epoch {e}, from {sig(h.loss[0])} at epoch 1."
            if e >= 1
            else f"Loss curve: before training, no loss yet ({s.epochs_run} epochs to come)."
        )
        if held_out:
            self.loss_panel.alt += f" Held out (dashed): {sig(s.test_loss[e])} after epoch {e}."
        self.loss_panel.refresh(key)
        run = f"{s.epochs_run} epochs, {h.iterations} updates in all."
        at = f"After epoch {e}: loss {sig(h.loss[e - 1])}, " if e >= 1 else "Before training: "
        trained_on = "training points" if (s.own is not None or held_out) else "points"
        at += f"the network classifies {accuracy:.0%} of the {trained_on} right"
        at += f", {s.accuracy(e, 'test'):.0%} of the held-out points." if held_out else "."
        dataset, note = self._note
        run += f" {html.escape(note)}" if note and s.settings.dataset == dataset else ""
        run += f" {html.escape(self._saved)}" if self._saved else ""
        warning = (
            f"<br><span style='color:{plots.COLORS['error']}'>⚠ {html.escape(s.message)}</span>" if s.message else ""
        )
        self.status.value = f"<div style='font-family:monospace'>{at} {run}{warning}</div>"


#: The update stepper's tallest array, in full-size cells: a hidden layer of 8 at full size, wider ones smaller.
TALLEST = 8


class UpdateStepper(View):
    """One update of a training run stepped through with a slider (or Back/Next), as notebook 04
    steps its network: forward Z1, A1, ..., ZL, L, backward dZL ... dA0, then W1_new ... bL_new
    and L_new, with the run's weights after ``epoch`` epochs, on one of its training points as
    the network sees it. Each step shows its arrays as heat maps (a step too wide for the view
    drawn with narrower cells, their values written where they fit, else said by colour only), its
    formula, numpy line, shapes and one entry with live numbers. Sliders choose the training point
    and the learning rate η (the run's to start). A note says how the run's own updates differ from
    this one, where they do (its optimizer, its penalties, its batches). ``at_epoch`` moves it to
    another epoch of the run; a run trained again needs a new view.

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

    position = "step"

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

        self.maps, self.panel = step_maps(self, max_width=WIDTH, max_height=TALLEST)
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
