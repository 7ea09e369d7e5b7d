"""References for training runs (notebook 06), replayed with the engine, and their pictures by hand."""

import numpy as np

import lessonkit as lk
from tests.references import activation_by_hand, mlp_logits_by_hand, sigmoid

#: Settings that blow up: a linear network (identity), plain SGD, a huge learning rate.
DIVERGING = dict(activation="identity", optimizer="sgd", lr=30.0, hidden=(8, 8))


def extra_by_hand(X, names):
    """Points X (k, 2) with the columns of the extra inputs ``names`` after x1, x2, written out here in the
    order TensorFlow Playground lists them: x1², x2², x1·x2, sin x1, sin x2."""
    x1, x2 = X[:, 0], X[:, 1]
    columns = {"x1^2": x1 * x1, "x2^2": x2 * x2, "x1*x2": x1 * x2, "sin(x1)": np.sin(x1), "sin(x2)": np.sin(x2)}
    return np.column_stack([x1, x2, *(columns[name] for name in columns if name in names)])


def training_settings(**settings):
    """The settings of a run: the defaults with ``settings`` over them, as a dict."""
    return {**lk.states.TrainingSettings().as_dict(), **settings}


def replay(settings, epochs=None):
    """The run trained here with the engine: the data, the model and train() as the settings say."""
    st = training_settings(**settings)
    make = lk.datasets.GENERATED[st["dataset"]]
    X, y = make() if st["dataset"] == "xor" else make(st["n"], seed=st["seed"])
    X = extra_by_hand(X, st["extra_features"])
    model = lk.MLP([X.shape[1], *st["hidden"], 1], activation=st["activation"], seed=st["seed"])
    opt = {
        "sgd": lambda: lk.optim.SGD(st["lr"]),
        "momentum": lambda: lk.optim.SGD(st["lr"], momentum=0.9),
        "adam": lambda: lk.optim.Adam(st["lr"]),
    }[st["optimizer"]]()
    history = lk.train(
        model, X, y, "bce_with_logits", opt, epochs or st["epochs"], batch_size=st["batch_size"], seed=st["seed"]
    )
    return model, history


def grid_by_hand(extent, r):
    """The r × r points over extent = (x1 min, x1 max, x2 min, x2 max); point i·r + j is (x1_j, x2_i)."""
    x1s, x2s = np.linspace(extent[0], extent[1], r), np.linspace(extent[2], extent[3], r)
    return np.array([[x1s[j], x2s[i]] for i in range(r) for j in range(r)])


def frame_by_hand(run, epoch):
    """P(class 1) over the run's chart from snapshots[epoch], with a forward pass in numpy (a generated
    set's extra inputs computed here)."""
    points = extra_by_hand(grid_by_hand(run.extent, run.resolution), run.settings.extra_features)
    logits = mlp_logits_by_hand(run.snapshots[epoch], run.settings.activation, points)
    return sigmoid(logits[:, 0]).reshape(run.resolution, run.resolution)


def accuracy_by_hand(run, epoch):
    """The fraction of the run's points the network after ``epoch`` epochs puts on the right side of 0."""
    points = extra_by_hand(run.X, run.settings.extra_features)
    logits = mlp_logits_by_hand(run.snapshots[epoch], run.settings.activation, points)[:, 0]
    return float(np.mean((logits > 0) == (run.y == 1)))


def units_by_hand(run, epoch):
    """Every unit's output over the run's chart (features 0 and 1) after ``epoch`` epochs, layer by layer,
    each (units, r, r): the inputs as the network sees them, each hidden layer's activations, then
    P(class 1); written out in numpy from snapshots[epoch] (a generated set: no standardising)."""
    r, params = run.resolution, run.snapshots[epoch]
    A = extra_by_hand(grid_by_hand(run.extent, r), run.settings.extra_features)
    layers = [A]
    for W, b in zip(params[0:-2:2], params[1:-2:2]):
        A = activation_by_hand(run.settings.activation, A @ W + b)
        layers.append(A)
    layers.append(sigmoid(A @ params[-2] + params[-1]))
    return [L.T.reshape(-1, r, r) for L in layers]
