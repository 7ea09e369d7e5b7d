"""The numbers behind notebooks/06_epochs.ipynb: a small network trained on a
2-D dataset, recorded epoch by epoch to scrub through."""
import warnings
from dataclasses import dataclass
from typing import ClassVar, Optional

import numpy as np

from .. import activations, datasets, optim
from .._checks import as_count, check_choice, check_index, check_positive
from ..network import MLP
from ..training import DivergenceWarning, train
from .case import Inputs


@dataclass(frozen=True, eq=False)
class TrainingSettings(Inputs):
    """The settings of one training run.

    Parameters
    ----------
    dataset : a name in ``datasets.GENERATED``;  hidden : tuple of hidden layer sizes (may be empty)
    activation : a name in ``activations.ACTIVATIONS``;  optimizer : a name in ``optim.OPTIMIZERS``
    lr : the learning rate η > 0;  batch_size : examples per update, or None for full batch
    epochs : passes over the data;  seed : of the data, the weights and the shuffling;  n : points
    """

    dataset: str = "moons"
    hidden: tuple = (8, 8)
    activation: str = "tanh"
    optimizer: str = "adam"
    lr: float = 0.03
    batch_size: Optional[int] = 32
    epochs: int = 150
    seed: int = 0
    n: int = 200

    WORD: ClassVar[str] = "setting"

    def __post_init__(self):
        check_choice("dataset", self.dataset, list(datasets.GENERATED))
        sizes = self.hidden
        if not isinstance(sizes, (tuple, list)) or any(
                isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1 for h in sizes):
            raise ValueError(f"hidden: expected a list of positive whole numbers of units, like (8, 8); got {sizes!r}")
        checked = dict(hidden=tuple(int(h) for h in sizes), activation=activations.get(self.activation).name,
                       optimizer=check_choice("optimizer", self.optimizer, list(optim.OPTIMIZERS)),
                       lr=check_positive("lr", self.lr),
                       batch_size=None if self.batch_size is None else as_count("batch_size", self.batch_size),
                       epochs=as_count("epochs", self.epochs), seed=as_count("seed", self.seed, at_least=0),
                       n=as_count("n", self.n))
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def as_dict(self):
        """The settings as a dict, name → value."""
        return {name: getattr(self, name) for name in self.names()}


class TrainingRun:
    """A small network trained on a 2-D dataset, recorded epoch by epoch so a
    slider can scrub through it afterwards. The same settings give the same run.

    Parameters
    ----------
    resolution : int
        Grid points per side of the chart ``frame`` fills, r.
    progress : callable or None
        ``progress(fraction)`` is called after each epoch of each run.
    **settings
        Fields of ``TrainingSettings``; change them with ``set``, which trains again.

    Attributes
    ----------
    settings : TrainingSettings;  history : lessonkit.History;  X (n, 2), y (n,): the data
    snapshots : the params after each epoch (index 0: before training)
    message : the divergence warning of a run that blew up, or ""
    """

    def __init__(self, resolution=60, progress=None, **settings):
        self.resolution = resolution
        self.progress = progress
        self.settings = TrainingSettings()
        self.set(**settings)

    def set(self, **changes):
        """Change settings and train again; nothing changes if one is invalid."""
        new = self.settings.replace(**changes)
        model = MLP([2, *new.hidden, 1], activation=new.activation, seed=new.seed)
        opt = optim.get(new.optimizer, new.lr)
        make = datasets.GENERATED[new.dataset]
        X, y = make() if new.dataset == "xor" else make(new.n, seed=new.seed)
        snapshots = [[p.copy() for p in model.params]]

        def record(epoch, model, history):
            snapshots.append([p.copy() for p in model.params])
            if self.progress is not None:
                self.progress(epoch / new.epochs)

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DivergenceWarning)
            history = train(model, X, y, "bce_with_logits", opt, new.epochs, batch_size=new.batch_size,
                            seed=new.seed, callback=record)
        self.settings = new
        self.model, self.X, self.y = model, X, y
        self.history, self.snapshots = history, snapshots
        diverged = [w for w in caught if issubclass(w.category, DivergenceWarning)]
        self.message = str(diverged[0].message) if diverged else ""
        self._grid()

    def _grid(self):
        lo, hi = self.X.min(axis=0) - 0.5, self.X.max(axis=0) + 0.5
        self.extent = (lo[0], hi[0], lo[1], hi[1])
        g1 = np.linspace(lo[0], hi[0], self.resolution)
        g2 = np.linspace(lo[1], hi[1], self.resolution)
        G1, G2 = np.meshgrid(g1, g2)
        self.grid = np.column_stack([G1.ravel(), G2.ravel()])  # (r², 2)

    @property
    def epochs_run(self):
        """Epochs completed (fewer than asked if training diverged)."""
        return len(self.snapshots) - 1

    def _load(self, epoch):
        """Put the weights after ``epoch`` epochs into ``self.model``."""
        epoch = check_index("epoch", epoch, self.epochs_run + 1)
        for p, saved in zip(self.model.params, self.snapshots[epoch]):
            p[...] = saved

    def frame(self, epoch):
        """The network after ``epoch`` epochs (0 = before training): its predicted
        probability of class 1 over the grid, shape (r, r), row i the i-th value of x2."""
        self._load(epoch)
        with np.errstate(over="ignore", invalid="ignore"):  # a run that blew up has huge weights
            p = activations.sigmoid(self.model.forward(self.grid)[:, 0])
        return np.nan_to_num(p, nan=0.5).reshape(self.resolution, self.resolution)

    def accuracy(self, epoch):
        """The fraction of the run's points the network classifies right after
        ``epoch`` epochs (a point whose output is not a number counts as wrong)."""
        self._load(epoch)
        with np.errstate(over="ignore", invalid="ignore"):
            logits = self.model.forward(self.X)[:, 0]
        return float(np.mean(np.isfinite(logits) & ((logits > 0) == (self.y == 1))))
