"""The numbers behind notebooks/05_update.ipynb: one update of one neuron in
four stages, and the loss landscape around its weights."""

import numpy as np

from .._checks import check_index
from ..neuron import neuron_step
from .case import NeuronCase
from .loss import LandscapeState


class StepThroughState(NeuronCase):
    """One update of one neuron in four stages: forward, loss, gradients, update.

    Parameters
    ----------
    stage : int
        The current stage, an index into ``STAGES`` (0 to 3).
    **inputs
        Fields of ``NeuronInputs`` (the course's example by default). ``set``
        changes the stage and the inputs alike.

    Attributes
    ----------
    record : NeuronStep, every number of the update;  after : NeuronStep from the new weights
    landscape : LandscapeState, the loss over (w1, w2) on a chart of ±HALF around the point of
        the grid of spacing SNAP nearest w (what the view draws): a small move of w moves the
        point on the chart, not the chart, which is drawn anew only when w leaves its cell

    ``numbers()`` is what the current stage shows: the fields of ``record`` computed
    so far, plus, at the update, the loss after it.
    """

    STAGES = ("forward", "loss", "gradients", "update")
    SHOWN = {
        "forward": ("z", "a"),
        "loss": ("loss",),
        "gradients": ("dL_da", "da_dz", "dL_dz", "grad_w", "grad_b"),
        "update": ("w_new", "b_new"),
    }
    #: what the graph highlights at each stage: (active node, nodes read, going backward?)
    HIGHLIGHT = {
        "forward": ("a", ("z", "x1", "w1", "x2", "w2", "b"), False),
        "loss": ("L", ("a", "y"), False),
        "gradients": ("z", ("w1", "w2", "b", "a", "L"), True),
        "update": (None, ("w1", "w2", "b"), True),
    }
    #: half the width of the landscape's chart: our example's step, (0.06, 0.12), must be visible
    HALF = 0.6
    #: the spacing of the chart's possible centres: w is never nearer than HALF − SNAP / 2 to an edge
    SNAP = 0.3

    def __init__(self, stage=0, **inputs):
        self.stage = 0
        self.landscape, self._chart = None, None
        super().__init__(stage=stage, **inputs)

    ALSO = ("stage",)

    def set(self, **changes):
        """Change the stage and/or inputs by name; nothing changes if one is invalid."""
        stage = check_index("stage", changes.pop("stage"), len(self.STAGES)) if "stage" in changes else self.stage
        super().set(**changes)
        r = self.record
        self.after = neuron_step(r.x, r.y, r.w_new, r.b_new, r.lr, r.activation, r.loss_name)
        self.stage = stage
        # from w to 12 digits, as views key their pictures: 0.05 + 0.1 and 0.15 get one chart
        center = tuple(float(self.SNAP * np.round(float(f"{w:.12g}") / self.SNAP)) for w in r.w)
        chart = (*r.x, r.y, *center, r.b, r.activation, r.loss_name)
        if chart != self._chart:  # the surface moved (not for η, the stage, or w within its cell)
            self.landscape = LandscapeState(
                w_range=(-self.HALF, self.HALF),
                resolution=61,
                center=center,
                x=r.x,
                y=r.y,
                w=r.w,
                b=r.b,
                activation=r.activation,
                loss=r.loss_name,
            )
            self._chart = chart
        else:
            self.landscape.set(w=r.w)

    @property
    def stage_name(self):
        """The current stage's name."""
        return self.STAGES[self.stage]

    def values(self):
        """Node name → value on the graph at this stage (before the update; the
        view writes the new w and b next to them at the update)."""
        r = self.record
        known = {"x1": r.x[0], "x2": r.x[1], "w1": r.w[0], "w2": r.w[1], "b": r.b, "y": r.y, "z": r.z, "a": r.a}
        if self.stage >= self.STAGES.index("loss"):
            known["L"] = r.loss
        return {k: float(v) for k, v in known.items()}

    def grads(self):
        """Node name → ∂L/∂node on the graph at this stage (none before the gradients)."""
        if self.stage < self.STAGES.index("gradients"):
            return {}
        r = self.record
        grads = {"L": 1.0, "a": r.dL_da, "z": r.dL_dz, "w1": r.grad_w[0], "w2": r.grad_w[1], "b": r.grad_b}
        return {k: float(v) for k, v in grads.items()}

    def numbers(self):
        """Field name → value for every number shown up to the current stage."""
        out = {}
        for name in self.STAGES[: self.stage + 1]:
            for field in self.SHOWN[name]:
                out[field] = getattr(self.record, field)
        if self.stage_name == "update":
            out["loss_after"] = self.after.loss
        return out

    def step_end(self):
        """Where the update's arrow on the landscape ends: w_new, or the chart's edge
        on the way to it, shape (2,)."""
        return self.landscape.on_chart(self.record.w_new)

    @property
    def loss_after(self):
        """The loss on the same example after the update."""
        return self.after.loss

    @property
    def overshoots(self):
        """True when the update made the loss larger: the learning rate is too large."""
        return self.after.loss > self.record.loss
