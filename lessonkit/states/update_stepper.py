"""The numbers behind ``lessonkit.widgets.update_stepper``: one update of a training run
of notebooks/06_epochs.ipynb (``TrainingRun``), stepped through number by number as
notebooks/04_backprop_network.ipynb steps its 2-3-1 network (``UpdateStepperState``),
with the run's own weights, points and learning rate.
"""

import numpy as np

from .._checks import check_index
from ..text import sig
from .backprop_network import UpdateStepperState

#: How the run's own step differs from the gradient descent step the stepper shows, by optimizer.
OPTIMIZER_STEPS = {
    "momentum": "momentum: each weight moves by η times a running sum of its past gradients (v ← 0.9 v + dW), "
    "not by η·dW alone",
    "adam": "Adam: each weight's step is scaled by the history of its gradients (η m̂ / (√v̂ + ε)), so it is about "
    "η whatever the size of dW",
}


class RunUpdateState(UpdateStepperState):
    """One update of a training run, stepped through: the run's weights after ``epoch`` epochs
    (``run.snapshots[epoch]``), a batch of its training points as the network sees them
    (``run.inputs``, ``run.y``), and a step of gradient descent with the learning rate ``lr``
    against the gradient of the loss on that batch (``UpdateStepperState``).

    Parameters
    ----------
    run : TrainingRun (notebook 06);  epoch : int from 0 (before training) to ``run.epochs_run``
    example : the batch: a training point's index (from 0 to n − 1), a list of indices (those
        points together), or None (every training point: the run's own update when it trains
        full batch with "sgd" and no penalty)
    step : int, an index into ``STEPS``;  lr : the learning rate η > 0 (None: the run's)

    A run trained again (``run.set``) with other layers needs a new state: the steps are its network's.

    Attributes
    ----------
    run, epoch, example;  X (b, d), y (b, 1): the batch;  params, values, STEPS, lr: ``UpdateStepperState``'s
    """

    ALSO = ("step", "lr", "epoch", "example")

    def __init__(self, run, epoch=0, example=0, step=0, lr=None):
        self.run = run
        self.epoch, self.example = self._checked(epoch, example)
        lr = run.settings.lr if lr is None else lr
        super().__init__(*self._batch(self.epoch, self.example), run.settings.activation, lr, step)

    def set(self, **changes):
        """Change the step, the learning rate, the epoch and/or the example; nothing changes if one is invalid."""
        moves = {key: changes.pop(key) for key in ("epoch", "example") if key in changes}
        if not moves:
            return super().set(**changes)
        epoch, example = self._checked(moves.get("epoch", self.epoch), moves.get("example", self.example))
        fresh = UpdateStepperState(
            *self._batch(epoch, example),
            self.activation,
            changes.get("lr", self.lr),
            changes.get("step", self.step),
        )
        for key in changes:  # checked by ``fresh``, but not an unknown name
            if key not in self.ALSO:
                raise TypeError(f"set: unknown input {key!r}; expected one of {', '.join(self.ALSO)}")
        self.__dict__.update(fresh.__dict__)  # the new batch's numbers, all checked
        self.epoch, self.example = epoch, example

    def _checked(self, epoch, example):
        """(epoch, example) checked against the run: an index, a tuple of indices, or None."""
        epoch = check_index("epoch", epoch, self.run.epochs_run + 1)
        n = len(self.run.y)
        if example is None:
            return epoch, None
        if isinstance(example, (list, tuple, np.ndarray)):
            if len(example) == 0:
                raise ValueError("example: expected at least one training point's index, got none")
            return epoch, tuple(check_index("example", k, n) for k in example)
        return epoch, check_index("example", example, n)

    def _batch(self, epoch, example):
        """(params, X, y): the weights after ``epoch`` epochs and the batch ``example``."""
        idx = slice(None) if example is None else list(np.atleast_1d(example))
        return self.run.snapshots[epoch], self.run.inputs[idx], self.run.y[idx].astype(float)

    @property
    def title(self):
        """Which update this is: "The update after epoch 3 of the run, on training point 5 = [0.83, −0.41], label 1"."""
        run, k = self.run, self.example
        after = (
            f"The update after epoch {self.epoch} of the run"
            if self.epoch
            else "The update from the run's first weights"
        )
        if k is None:
            return f"{after}, on all {len(run.y)} training points together"
        if isinstance(k, tuple):
            return f"{after}, on training points {', '.join(map(str, k))} together"
        point = "[" + ", ".join(sig(v, 3) for v in run.X[k]) + "]"
        label = int(run.y[k])
        name = run.class_names[label]
        said = f"label {label}" + ("" if name == f"class {label}" else f" ({name})")
        seen = "" if run.own is None else f", seen standardised as [{', '.join(sig(v, 3) for v in run.inputs[k])}]"
        return f"{after}, on training point {k} = {point}{seen}, {said}"

    @property
    def differences(self):
        """How the run's own updates differ from the step shown (gradient descent, η·dW, on this batch),
        one sentence each: its optimizer, its penalties, its batches; empty when they do not."""
        settings, n = self.run.settings, len(self.run.y)
        said = []
        if settings.optimizer in OPTIMIZER_STEPS:
            said.append(f"The run steps with {OPTIMIZER_STEPS[settings.optimizer]}.")
        rates = [f"{rate} {name}" for name, rate in (("l2 W", settings.l2), ("l1 sign(W)", settings.l1)) if rate]
        if rates:
            said.append(
                f"Each of its steps also goes against the penalty's gradient, {' + '.join(rates)} "
                "(the biases are not penalised)."
            )
        size = n if settings.batch_size is None else min(settings.batch_size, n)
        batch = n if self.example is None else len(np.atleast_1d(self.example))
        if size != batch:
            whole = "all its training points" if size == n else f"batches of {size} points"
            order = "" if size == n else ", shuffled anew each epoch"
            each = "one point at a time" if size == 1 else f"the gradient averaged over {whole}"
            said.append(f"It updates on {each}{order}.")
        if not said:
            return ""
        shown = "this point" if batch == 1 else "these points"
        whose = " (the run's)" if self.lr == settings.lr else ""
        return (
            " ".join(said) + f" Shown here: gradient descent's step η·dW with η = {sig(self.lr, 3)}{whose}, on {shown}."
        )
