"""The training dashboard's decision boundary (notebook 06): the network's P(class 1)
over two of the run's features, chosen in two menus, the other features held at their
mean, under the data's points drawn at their values of those two."""

import numpy as np
from matplotlib.lines import Line2D

from .. import plots
from .base import Quietly, menu, row


def held(d):
    """What the picture over two of ``d`` > 2 features does with the others, in words."""
    return "the other feature at its mean" if d == 3 else f"the other {d - 2} features at their mean"


class BoundaryChart:
    """One panel: P(class 1) of a ``TrainingRun`` over features ``axes()`` = (i, j), and the
    two menus that choose them (shown only when the run has more than two features).

    Choosing in one menu the feature the other holds swaps the two, so the pair is always
    two different features.

    Parameters
    ----------
    add_panel : the view's ``add_panel``, which makes the panel and lists it with the view's

    Attributes
    ----------
    ax, image : the axes and the AxesImage of the probabilities;  scatter : the data's points
    colorbar : the probabilities' colour scale;  legend : the points' classes
    panel : Panel;  x_axis, y_axis : Dropdowns, options (name, index) of the run's features;  box : the two
    """

    def __init__(self, add_panel, width=5.125, height=4.1):
        # fixed margins: the same picture for the same run, whatever was drawn before (titles, labels)
        fig, self.ax = plots.figure(
            width=width, height=height, margins=dict(left=0.16, right=0.8, bottom=0.22, top=0.91)
        )
        self.image = self.ax.imshow(
            np.zeros((2, 2)),
            origin="lower",
            cmap="RdBu_r",
            vmin=0,
            vmax=1,
            alpha=0.75,
            aspect="auto",
            interpolation="bilinear",
        )
        self.colorbar = plots.colour_scale(self.image, self.ax, "P(class 1)")
        self.legend = None
        self.scatter = None
        self.panel = add_panel(fig, self.image)
        self.x_axis = menu("x axis", [], None)
        self.y_axis = menu("y axis", [], None)
        self.box = row(self.x_axis, self.y_axis)
        self._features = None  # the features the menus list
        self._filling = Quietly()  # true while the menus are set here: their observers wait

    def axes(self):
        """The features drawn over, (i, j): across, up."""
        return self.x_axis.value, self.y_axis.value

    def on_move(self, callback):
        """Call ``callback()`` when the learner chooses another feature in either menu."""

        def moved(change, other):
            if self._filling:
                return
            if other.value == change.new:  # the feature the other menu holds: the two swap
                with self._filling:
                    other.value = change.old
            callback()

        self.x_axis.observe(lambda change: moved(change, self.y_axis), names="value")
        self.y_axis.observe(lambda change: moved(change, self.x_axis), names="value")

    def fill(self, features):
        """List ``features`` in the menus, the first two chosen, when they are not the ones listed."""
        if tuple(features) == self._features:
            return
        with self._filling:
            options = [(name, j) for j, name in enumerate(features)]
            self.x_axis.options, self.y_axis.options = options, options
            self.x_axis.value, self.y_axis.value = 0, 1
        self._features = tuple(features)
        self.box.layout.display = None if len(features) > 2 else "none"

    def draw_static(self, run):
        """What stays while the epoch moves: the run's points over the chosen features, the
        limits, the axis labels and the title that says what the picture is."""
        (i, j), ax = self.axes(), self.ax
        _, extent = run.chart((i, j))
        colors = np.where(run.y == 1, plots.COLORS["class1"], plots.COLORS["class0"])
        old, self.scatter = (
            self.scatter,
            ax.scatter(run.X[:, i], run.X[:, j], c=colors, s=14, edgecolors="white", linewidths=0.5, zorder=3),
        )
        if old is None:
            self.panel.add_dynamic(self.scatter)  # the points over the moving boundary
        else:
            self.panel.replace_dynamic(old, self.scatter)
        self.image.set_extent(extent)
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        names, d = run.features, len(run.features)
        labelled = run.own is not None or (i, j) != (0, 1)  # a generated set in its own order, as ever
        ax.set_xlabel(names[i] if labelled else "")
        ax.set_ylabel(names[j] if labelled else "")
        title = f"{run.settings.dataset}: P({run.positive})" if d == 2 else f"P({run.positive}), {held(d)}"
        ax.set_title(title, **({"fontsize": plots.FONT} if len(title) > 40 else {}))  # a long one smaller
        self.colorbar.set_label(f"P({run.positive})")
        if self.legend is not None:
            self.legend.remove()
        marks = [
            Line2D([], [], ls="", marker="o", ms=6, mec="white", color=plots.COLORS[f"class{k}"]) for k in (0, 1)
        ]  # the points' classes, as the scatter colours them
        self.legend = ax.legend(
            marks,
            [f"points of {name}" for name in run.class_names],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.15 if labelled else -0.07),
            ncols=2,
            frameon=False,
            borderaxespad=0,
            handletextpad=0.2,
            columnspacing=1.2,
        )
        self.panel.invalidate()

    def draw(self, run, epoch, accuracy, key):
        """The boundary after ``epoch`` epochs, with its text alternative (``accuracy``: the
        run's at that epoch); the picture is kept under ``key``."""
        (i, j), names, d = self.axes(), run.features, len(run.features)
        self.image.set_data(run.frame(epoch, (i, j)))
        when = (
            f"after epoch {epoch} of {run.epochs_run}"
            if epoch >= 1
            else f"before training (epoch 0 of {run.epochs_run})"
        )
        others = f", {held(d)}" if d > 2 else ""
        points = f"{len(run.y)} points" if run.own is None else f"{len(run.y)} training points"
        self.panel.alt = (
            f"Decision boundary {when}: the network classifies {accuracy:.0%} of the {points} right; "
            f"P({run.positive}) over {names[i]} and {names[j]}{others}."
        )
        self.panel.refresh(key)
