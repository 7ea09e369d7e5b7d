"""The numbers behind notebooks/06_epochs.ipynb: a small network trained on a
2-D dataset, or on a learner's own table (``YourData``), recorded epoch by epoch
to scrub through."""

import inspect
import json
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np

from .. import activations, datasets, losses, optim, penalties
from .._checks import as_count, as_scalar, check_choice, check_index, check_path, check_positive
from .._version import __version__
from ..datasets.features import extra_names, with_extra
from ..datasets.yours import YourData, your_data
from ..network import MLP
from ..training import DivergenceWarning, History, train
from .backprop_network import RunUpdateState
from .case import Inputs

#: What a file written by ``TrainingRun.save`` says it is, the version of its layout, and the arrays it holds
#: besides the weights (param0, param1, …: each (epochs + 1, *shape)) and a learner's data (data_X, …).
RUN_FORMAT = "lessonkit TrainingRun"
RUN_VERSION = 1
RUN_ARRAYS = ("loss", "accuracy", "test_loss", "X", "y", "X_test", "y_test")
RUN_HEAD = ("settings", "resolution", "message", "iterations", "diverged", "data")


class NotASavedRun(ValueError):
    """A file that ``TrainingRun.load`` refuses, and why (the message names it)."""


def read_saved_run(path):
    """The description (a dict) and the arrays (name → ndarray) of a run that ``TrainingRun.save`` wrote to
    ``path``, and the function that makes the ``NotASavedRun`` saying why the file is not such a run, checked as far
    as the file alone tells: what it says it is, its layout's version, the arrays every run has."""
    path = Path(check_path("path", path))
    if not path.is_file():
        raise FileNotFoundError(f"path: expected a run saved by TrainingRun.save, got {str(path)!r}: no such file")

    def refuse(why):
        return NotASavedRun(f"path: expected a run saved by TrainingRun.save, got {path.name!r}: {why}")

    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {name: f[name] for name in f.files}
    except (ValueError, TypeError, OSError, zipfile.BadZipFile, EOFError) as error:  # TypeError: one .npy array
        pickled = "Object arrays" in str(error)  # Python objects in it: a pickle runs code when read, so never
        raise refuse("it holds Python objects, which are not read" if pickled else "not a numpy .npz file") from None
    try:
        head = json.loads(str(arrays["head"]))
    except (KeyError, ValueError):
        head = None
    if not isinstance(head, dict) or head.get("format") != RUN_FORMAT:
        raise refuse("no description of a run in it")
    if head.get("version") != RUN_VERSION:
        raise refuse(
            f"saved in layout {head.get('version')!r} by lessonkit {head.get('lessonkit')}; this lessonkit "
            f"({__version__}) reads layout {RUN_VERSION}"
        )
    missing = [name for name in RUN_HEAD if name not in head] + [name for name in RUN_ARRAYS if name not in arrays]
    if missing:
        raise refuse(f"no {', '.join(missing)} in it")
    return head, arrays, refuse


def _plain(label):
    """A class label as JSON writes it: a numpy number as a Python one."""
    return label.item() if isinstance(label, np.generic) else label


@dataclass(frozen=True, eq=False)
class TrainingSettings(Inputs):
    """The settings of one training run.

    Parameters
    ----------
    dataset : a name in ``datasets.GENERATED``, or the name of the run's own data
    hidden : tuple of hidden layer sizes (may be empty)
    activation : a name in ``activations.ACTIVATIONS``;  optimizer : a name in ``optim.OPTIMIZERS``
    lr : the learning rate η > 0;  batch_size : examples per update, or None for full batch
    epochs : passes over the data;  seed : of the data, the split, the weights and the shuffling;  n : points
    (of a generated set; a learner's data has its own)
    noise : the standard deviation of a generated set's noise, or None for the set's own (moons 0.1,
    circles 0.05, spirals 0.1); xor and a learner's data have none
    held_out : the share of the points held out to test on, from 0 (train on all) to 0.8
    l1, l2 : the rates of the L1 and L2 penalties on the weights (``lessonkit.penalties``), 0 for none
    extra_features : names in ``datasets.EXTRA_FEATURES`` ("x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"): inputs
    the network sees besides a generated set's x1, x2; kept in that order, each once; () for a learner's data
    """

    dataset: str = "moons"
    hidden: tuple = (8, 8)
    activation: str = "tanh"
    optimizer: str = "adam"
    lr: float = 0.03
    batch_size: int | None = 32
    epochs: int = 150
    seed: int = 0
    n: int = 200
    noise: float | None = None
    held_out: float = 0.0
    l1: float = 0.0
    l2: float = 0.0
    extra_features: tuple = ()

    WORD: ClassVar[str] = "setting"

    def __post_init__(self):
        if not isinstance(self.dataset, str):
            raise TypeError(f"dataset: expected a dataset's name (str), got {self.dataset!r}")
        sizes = self.hidden
        if not isinstance(sizes, (tuple, list)) or any(
            isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h < 1 for h in sizes
        ):
            raise ValueError(f"hidden: expected a list of positive whole numbers of units, like (8, 8); got {sizes!r}")
        checked = dict(
            hidden=tuple(int(h) for h in sizes),
            activation=activations.get(self.activation).name,
            optimizer=check_choice("optimizer", self.optimizer, list(optim.OPTIMIZERS)),
            lr=check_positive("lr", self.lr),
            batch_size=None if self.batch_size is None else as_count("batch_size", self.batch_size),
            epochs=as_count("epochs", self.epochs),
            seed=as_count("seed", self.seed, at_least=0),
            n=as_count("n", self.n),
            noise=None if self.noise is None else as_scalar("noise", self.noise),
            held_out=as_scalar("held_out", self.held_out),
            extra_features=extra_names(self.extra_features),
        )
        if checked["noise"] is not None and checked["noise"] < 0:
            raise ValueError(f"noise: expected a number of at least 0, or None for the dataset's own, got {self.noise}")
        if not 0 <= checked["held_out"] <= 0.8:
            raise ValueError(f"held_out: expected a share from 0 to 0.8 of the points, got {self.held_out}")
        checked["l1"], checked["l2"] = penalties.rates(self.l1, self.l2)
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def as_dict(self):
        """The settings as a dict, name → value."""
        return {name: getattr(self, name) for name in self.names()}


def held_out_split(X, y, share, seed):
    """((X_train, y_train), (X_test, y_test)): of each class, a ``share`` of its points, at least one
    when ``share`` > 0, held out at random (``seed``), the rest to train on; rows in their first order.
    For a share of 0.25 this is ``datasets.split(X, y, (0.75, 0.25), seed)``."""
    rng = np.random.default_rng(seed)
    held = np.zeros(len(y), dtype=bool)
    if share:
        for label in np.unique(y):
            idx = rng.permutation(np.flatnonzero(y == label))
            k = max(1, int(np.round(share * len(idx))))  # a tiny share still tests on one point of each class
            held[idx[len(idx) - k :]] = True
    return (X[~held], y[~held]), (X[held], y[held])


class TrainingRun:
    """A small network trained on a dataset, recorded epoch by epoch so a slider
    can scrub through it afterwards. The same settings give the same run.

    Parameters
    ----------
    data : (X, y), (X, y, info) as ``lk.datasets.from_csv`` returns, or a ``YourData``; optional
        A learner's own data: numbers X (n, d), d >= 2, and two classes y (n,). It is offered
        as one more dataset, named ``name`` (default: the file's name, or "your data"), and
        trained on by default. The network sees it standardised, with the mean and standard
        deviation of all of X (so one default learning rate suits features of any scale).
    name, features, classes : optional, passed with ``data`` to ``your_data``
    resolution : int
        Grid points per side of the chart ``frame`` fills, r.
    progress : callable or None
        ``progress(fraction)`` is called after each epoch of each run.
    **settings
        Fields of ``TrainingSettings``; change them with ``set``, which trains again.

    Attributes
    ----------
    settings : TrainingSettings;  history : lessonkit.History;  data : YourData or None
    X (n, d), y (n,): the points trained on, in their own units;  features : d names;  positive : the label of class 1
    X_test (m, d), y_test (m,): the points held out (``held_out``; m = 0 when none are)
    inputs (n, d + k), inputs_test (m, d + k) : X and X_test as the network sees them (``seen``: a learner's data
        standardised, a generated set's with its k extra features);  input_names : the d + k inputs' names
    grid (r², d), extent : the chart of features 0 and 1 (``chart`` for others)
    snapshots : the params after each epoch (index 0: before training)
    test_loss : the cross-entropy on the held-out points after each epoch (index 0: before training), or
        Nones when none are held out; ``history.loss`` is the training loss as the epochs saw it
    message : the divergence warning of a run that blew up, or ""
    """

    def __init__(self, data=None, name=None, features=None, classes=None, resolution=60, progress=None, **settings):
        self.resolution = resolution
        self.progress = progress
        self.data = (
            None
            if data is None
            else data
            if isinstance(data, YourData)
            else your_data(data, name=name, features=features, classes=classes)
        )
        if self.data is not None:
            settings.setdefault("dataset", self.data.name)
        self.settings = TrainingSettings()
        self.set(**settings)

    @property
    def datasets(self):
        """The names of the datasets offered: the generated sets, then the run's own data."""
        return [*datasets.GENERATED, *([self.data.name] if self.data is not None else [])]

    def use(self, data, where="data", **options):
        """Train on ``data`` (as the constructor takes it, ``options`` its name, features,
        classes) from now on, as the dataset called by its name, without a generated set's noise
        or extra features. Nothing changes if it is bad."""
        data = data if isinstance(data, YourData) else your_data(data, where=where, **options)
        old, self.data = self.data, data
        try:
            self.set(dataset=data.name, noise=None, extra_features=())
        except Exception:
            self.data = old
            raise

    def set(self, **changes):
        """Change settings and train again; nothing changes if one is invalid."""
        new = self.settings.replace(**changes)
        check_choice("dataset", new.dataset, self.datasets)
        own = self.data if self.data is not None and new.dataset == self.data.name else None
        if new.noise is not None and self.default_noise(new.dataset) is None:
            raise ValueError(f"noise: {new.dataset} has no noise to set; expected None, got {new.noise}")
        if own is not None and new.extra_features:
            raise ValueError(
                f"extra_features: the extra inputs are made from a generated set's x1, x2; {new.dataset} has its "
                f"own features, so expected (), got {new.extra_features}"
            )
        if own is None:
            make = datasets.GENERATED[new.dataset]
            noise = {} if new.noise is None else {"noise": new.noise}
            X, y = make() if new.dataset == "xor" else make(new.n, seed=new.seed, **noise)
        else:
            X, y = own.X, own.y
        (X, y), (X_test, y_test) = held_out_split(X, y, new.held_out, new.seed)
        inputs, inputs_test = self._seen(X, own, new.extra_features), self._seen(X_test, own, new.extra_features)
        model = MLP([inputs.shape[1], *new.hidden, 1], activation=new.activation, seed=new.seed)
        opt = optim.get(new.optimizer, new.lr)
        snapshots = [[p.copy() for p in model.params]]
        test_loss = [self._loss(model, inputs_test, y_test)]

        def record(epoch, model, history):
            snapshots.append([p.copy() for p in model.params])
            test_loss.append(self._loss(model, inputs_test, y_test))
            if self.progress is not None:
                self.progress(epoch / new.epochs)

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DivergenceWarning)
            history = train(
                model,
                inputs,
                y,
                "bce_with_logits",
                opt,
                new.epochs,
                batch_size=new.batch_size,
                seed=new.seed,
                callback=record,
                l1=new.l1,
                l2=new.l2,
            )
        diverged = [w for w in caught if issubclass(w.category, DivergenceWarning)]
        self._keep(new, model, (X, y), (X_test, y_test), history, snapshots, test_loss)
        self.message = str(diverged[0].message) if diverged else ""

    def _keep(self, settings, model, train_points, test_points, history, snapshots, test_loss):
        """Make the run the one trained (or loaded) with these settings, points and records."""
        own = self.data if self.data is not None and settings.dataset == self.data.name else None
        (X, y), (X_test, y_test) = train_points, test_points
        self.settings = settings
        self.model, self.X, self.y, self.inputs = model, X, y, self._seen(X, own, settings.extra_features)
        self.X_test, self.y_test = X_test, y_test
        self.inputs_test = self._seen(X_test, own, settings.extra_features)
        self.history, self.snapshots, self.test_loss = history, snapshots, test_loss
        self._charts = {}  # axes → (grid, extent), made when first asked for

    def seen(self, X):
        """What the network sees of points ``X`` (k, d) in the data's units: a learner's data standardised
        as it was trained on (``YourData.standardized``), (k, d); a generated set as it is, with the columns of
        its extra features after x1, x2 (``datasets.with_extra``), (k, 2 + len(extra_features))."""
        return self._seen(X, self.own, self.settings.extra_features)

    @staticmethod
    def _seen(X, own, extra):
        return with_extra(X, extra) if own is None else own.standardized(X)

    @property
    def input_names(self):
        """The names of the network's inputs, in order: the features (``features``), then the extra ones."""
        return (*self.features, *self.settings.extra_features)

    @staticmethod
    def _loss(model, inputs, y):
        """The cross-entropy of ``model`` on (inputs, y), or None when there are no points; NaN when the
        network's outputs are not numbers (a run blowing up, which ``train`` stops)."""
        if len(inputs) == 0:
            return None
        with np.errstate(over="ignore", invalid="ignore"):
            logits = model.forward(inputs)
        if not np.isfinite(logits).all():
            return float("nan")
        return losses.bce_with_logits(logits, y[:, None].astype(float))[0]

    @property
    def grid(self):
        """The chart of features 0 and 1, its points (r², d): ``chart((0, 1))[0]``."""
        return self.chart((0, 1))[0]

    @property
    def extent(self):
        """The chart of features 0 and 1, its range (x min, x max, y min, y max): ``chart((0, 1))[1]``."""
        return self.chart((0, 1))[1]

    @staticmethod
    def default_noise(dataset):
        """The noise a generated set is made with when ``noise`` is None (its function's default),
        or None for a set without noise (xor) and a learner's data."""
        make = datasets.GENERATED.get(dataset)
        parameter = inspect.signature(make).parameters.get("noise") if make is not None else None
        return None if parameter is None else parameter.default

    @property
    def noise(self):
        """The noise of the run's points: the setting, or the set's own (``default_noise``); None for
        xor and a learner's data."""
        own = self.default_noise(self.settings.dataset)
        return None if own is None else (own if self.settings.noise is None else self.settings.noise)

    @property
    def own(self):
        """The run's own data (``data``) when it is the dataset trained on, else None."""
        return self.data if self.data is not None and self.settings.dataset == self.data.name else None

    @property
    def features(self):
        """The names of the run's features: its own data's columns, or x1, x2."""
        return self.own.features if self.own is not None else ("x1", "x2")

    @property
    def class_names(self):
        """What classes 0 and 1 are called: "class 0", "class 1", or the labels of the learner's data
        ("benign", "malignant"; a number label n as "class n")."""
        labels = self.own.classes if self.own is not None else (0, 1)
        return tuple(label if isinstance(label, str) else f"class {label}" for label in labels)

    @property
    def positive(self):
        """What class 1 is called (``class_names``)."""
        return self.class_names[1]

    def chart(self, axes=(0, 1)):
        """The points where ``frame`` evaluates the network to draw it over features ``axes`` = (i, j).

        Returns
        -------
        grid : float ndarray (r², d), in the data's units: point k·r + l has feature i at the l-th
            of r values across the chart, feature j at the k-th up it, every other feature at its
            mean over the data (the picture is a slice through the others' mean)
        extent : (i min, i max, j min, j max), the data's range with a margin (0.5 for a
            generated set, a tenth of the range for a learner's data)
        """
        axes = tuple(check_index("axes", a, self.X.shape[1]) for a in axes)
        if len(axes) != 2 or axes[0] == axes[1]:
            raise ValueError(f"axes: expected two different features, got {axes}")
        if axes not in self._charts:
            X = np.vstack([self.X, self.X_test])[:, axes]  # (n + m, 2): every point, trained on or held out
            margin = 0.5 if self.own is None else 0.1 * (X.max(axis=0) - X.min(axis=0))
            lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
            G1, G2 = np.meshgrid(np.linspace(lo[0], hi[0], self.resolution), np.linspace(lo[1], hi[1], self.resolution))
            grid = np.tile(self.X.mean(axis=0), (self.resolution**2, 1))  # (r², d)
            grid[:, axes[0]], grid[:, axes[1]] = G1.ravel(), G2.ravel()
            self._charts[axes] = (grid, (lo[0], hi[0], lo[1], hi[1]))
        return self._charts[axes]

    @property
    def epochs_run(self):
        """Epochs completed (fewer than asked if training diverged)."""
        return len(self.snapshots) - 1

    def _load(self, epoch):
        """Put the weights after ``epoch`` epochs into ``self.model``."""
        epoch = check_index("epoch", epoch, self.epochs_run + 1)
        for p, saved in zip(self.model.params, self.snapshots[epoch]):
            p[...] = saved

    def save(self, path):
        """Write the run to the file ``path`` (numpy's .npz, no pickle): its settings, its points, its own data
        (``data``) if it has some, and every recorded epoch (the weights, the losses, the updates made), so that
        ``TrainingRun.load(path)`` gives it back, epoch by epoch, without training. Returns the path as a Path."""
        path = Path(check_path("path", path))
        data = self.data
        head = dict(
            format=RUN_FORMAT,
            version=RUN_VERSION,
            lessonkit=__version__,
            settings=self.settings.as_dict(),
            resolution=int(self.resolution),
            message=self.message,
            iterations=self.history.iterations,
            diverged=self.history.diverged,
            data=None
            if data is None
            else dict(name=data.name, features=list(data.features), classes=[_plain(c) for c in data.classes]),
        )
        arrays = dict(
            head=np.array(json.dumps(head)),
            loss=np.array(self.history.loss, dtype=float),
            accuracy=np.array(self.history.accuracy, dtype=float),
            test_loss=np.array([np.nan if v is None else v for v in self.test_loss], dtype=float),
            X=self.X,
            y=self.y,
            X_test=self.X_test,
            y_test=self.y_test,
            **{f"param{k}": np.stack([s[k] for s in self.snapshots]) for k in range(len(self.snapshots[0]))},
        )
        if data is not None:
            arrays.update(data_X=data.X, data_y=data.y, data_mean=data.mean, data_std=data.std)
        with path.open("wb") as f:
            np.savez_compressed(f, **arrays)
        return path

    @classmethod
    def load(cls, path):
        """The run saved in ``path`` by ``save``, every recorded epoch as it was, not trained again: it scrubs
        like a live one, and ``set`` trains it again. A file that is not such a run raises a ValueError that
        says what is wrong with it; a missing file, FileNotFoundError."""
        head, arrays, refuse = read_saved_run(path)
        try:
            return cls._from_saved(head, arrays, refuse)
        except NotASavedRun:
            raise
        except (TypeError, ValueError, AttributeError, IndexError, KeyError) as error:
            raise refuse(f"its contents are not a run's ({type(error).__name__}: {error})") from None

    @classmethod
    def _from_saved(cls, head, arrays, refuse):
        """The run that ``read_saved_run``'s description and arrays hold (``load``)."""
        run = cls.__new__(cls)
        run.progress, run.data = None, None
        try:
            run.resolution, run.message = as_count("resolution", head["resolution"]), str(head["message"])
            if head["data"] is not None:
                own = head["data"]
                X, y, mean, std = (arrays[f"data_{part}"] for part in ("X", "y", "mean", "std"))
                run.data = YourData(own["name"], X, y, tuple(own["features"]), tuple(own["classes"]), mean, std)
        except (KeyError, TypeError, ValueError) as error:
            raise refuse(f"its description or its own data is not a run's ({error})") from None
        try:
            settings = TrainingSettings(**head["settings"])
            check_choice("dataset", settings.dataset, run.datasets)
        except (TypeError, ValueError) as error:
            raise refuse(f"its settings are not a run's ({error})") from None
        X, y, X_test, y_test = (arrays[name] for name in ("X", "y", "X_test", "y_test"))
        if (
            X.ndim != 2
            or X_test.ndim != 2
            or X.shape[1] != X_test.shape[1]
            or y.shape != X.shape[:1]
            or y_test.shape != X_test.shape[:1]
        ):
            raise refuse(
                f"its points do not make a table: X {X.shape}, y {y.shape}, X_test {X_test.shape}, "
                f"y_test {y_test.shape}"
            )
        n_inputs = X.shape[1] + len(settings.extra_features)  # a generated set's extra inputs after x1, x2
        model = MLP([n_inputs, *settings.hidden, 1], activation=settings.activation, seed=settings.seed)
        epochs = len(arrays["loss"])
        params = [arrays.get(f"param{k}") for k in range(len(model.params))]
        for k, (saved, p) in enumerate(zip(params, model.params)):
            if saved is None or saved.shape != (epochs + 1, *p.shape):
                raise refuse(
                    f"param{k}: expected the weights before training and after each of {epochs} epochs, shape "
                    f"{(epochs + 1, *p.shape)}, got {None if saved is None else saved.shape}"
                )
        if f"param{len(model.params)}" in arrays or arrays["test_loss"].shape != (epochs + 1,):
            raise refuse(f"its records are not those of a network {settings.hidden} trained {epochs} epochs")
        snapshots = [[saved[e].copy() for saved in params] for e in range(epochs + 1)]
        for p, saved in zip(model.params, snapshots[-1]):
            p[...] = saved
        history = History(
            loss=[float(v) for v in arrays["loss"]],
            accuracy=[float(v) for v in arrays["accuracy"]],
            diverged=bool(head["diverged"]),
            iterations=int(head["iterations"]),
        )
        test_loss = [None if len(y_test) == 0 else float(v) for v in arrays["test_loss"]]
        run._keep(settings, model, (X, y), (X_test, y_test), history, snapshots, test_loss)
        return run

    def update_state(self, epoch, example=0, step=0, lr=None):
        """The update after ``epoch`` epochs stepped through number by number, as notebook 04 steps its
        network: a ``lessonkit.states.backprop_network.RunUpdateState`` of this run's weights after ``epoch``
        epochs on its training point ``example`` (an index, a list of indices, or None for all), a step of
        gradient descent with the learning rate ``lr`` (None: the run's)."""
        return RunUpdateState(self, epoch, example, step=step, lr=lr)

    def frame(self, epoch, axes=(0, 1)):
        """The network after ``epoch`` epochs (0 = before training): its predicted probability
        of class 1 over the chart of features ``axes`` (``chart``), shape (r, r), row k the
        k-th value of feature axes[1]."""
        self._load(epoch)
        grid, _ = self.chart(axes)
        points = self.seen(grid)
        with np.errstate(over="ignore", invalid="ignore"):  # a run that blew up has huge weights
            p = activations.sigmoid(self.model.forward(points)[:, 0])
        return np.nan_to_num(p, nan=0.5).reshape(self.resolution, self.resolution)

    def accuracy(self, epoch, part="train"):
        """The fraction of the run's training points (``part="train"``) or held-out points
        (``part="test"``; None when none are held out) the network classifies right after
        ``epoch`` epochs (a point whose output is not a number counts as wrong)."""
        check_choice("part", part, ["train", "test"])
        inputs, y = (self.inputs, self.y) if part == "train" else (self.inputs_test, self.y_test)
        if len(y) == 0:
            return None
        self._load(epoch)
        with np.errstate(over="ignore", invalid="ignore"):
            logits = self.model.forward(inputs)[:, 0]
        return float(np.mean(np.isfinite(logits) & ((logits > 0) == (y == 1))))

    def units(self, epoch, axes=(0, 1)):
        """What every unit of the network computes after ``epoch`` epochs, over the chart of features
        ``axes`` (``chart``): a list, layer by layer, of arrays (units, r, r), row k of a map the k-th
        value of feature axes[1], as ``frame`` gives it.

        Index 0: the network's inputs, as it sees each point of the chart (``seen``); then each hidden
        layer's activations A1, A2, …; last, the output as P(class 1) (``frame``). A value that is not a
        number (a run that blew up) is drawn as 0 (P(class 1) as 0.5)."""
        self._load(epoch)
        grid, _ = self.chart(axes)
        A, r = self.seen(grid), self.resolution
        outputs = [A]
        with np.errstate(over="ignore", invalid="ignore"):  # a run that blew up has huge weights
            for layer in self.model.layers:
                A = layer._forward(A)
                outputs.append(A)
            outputs[-1] = activations.sigmoid(outputs[-1])
        maps = [np.nan_to_num(A, nan=0.0).T.reshape(-1, r, r) for A in outputs[:-1]]
        return [*maps, np.nan_to_num(outputs[-1], nan=0.5).T.reshape(-1, r, r)]
