"""Shared test helpers."""

import math
import os
import warnings

import numpy as np
import pytest

import lessonkit as lk

#: The slow tiers, each by where its tests live (node ids from the repository root): what a test
#: needs beyond this environment's Python. ``make check`` runs none of them (CONTRIBUTING.md).
TIERS = {
    "notebooks": ("notebooks/",),  # nbval: every notebook executed against its stored outputs
    "browser": ("tests/e2e/",),  # JupyterLab, classic Notebook, headless Chromium
    "installs": ("tests/installs/", "tests/test_make_lab.py"),  # other environments, built by pip
    "machines": ("tests/test_other_machines.py",),  # the notebooks under other BLAS kernels
}


def pytest_collection_modifyitems(items):
    for item in items:
        for tier, places in TIERS.items():
            if item.nodeid.startswith(places):
                item.add_marker(tier)
        for lesson in item.iter_markers("lesson"):  # so that -k 05_update picks the test: make check-nb
            item.extra_keyword_matches.add(lesson.args[0])


def unavailable(message):
    """Skip the test for want of ``message`` (a browser, a test environment), except in CI
    (the CI variable set), where that is a failure."""
    if os.environ.get("CI"):
        pytest.fail(message + "; in CI that is a failure", pytrace=False)
    pytest.skip(message)


def ignore_other_packages_deprecations():
    """Inside a ``catch_warnings`` block: let pass the two deprecation warnings that other
    packages raise about each other in the Colab environment: ipywidgets 7 about ipykernel's
    Comm, and matplotlib 3.10's mathtext about a newer pyparsing. Every other warning counts."""
    warnings.filterwarnings(
        "ignore", message=r"The `ipykernel\.comm\.Comm` class has been deprecated", category=DeprecationWarning
    )
    warnings.filterwarnings(
        "ignore", category=DeprecationWarning, module=r"pyparsing|matplotlib\._(mathtext|fontconfig_pattern)"
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The wheel of the working tree, built once per session, offline (install and classic Notebook tests)."""
    from tests.installs import envs

    return envs.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture
def no_warnings():
    """Turn every warning inside the test into an error (except other packages' deprecations)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ignore_other_packages_deprecations()
        yield


def check_loss_grad(loss_fn, pred, target, tol=1e-5):
    """Assert that ``loss_fn(pred, target)``'s grad matches finite differences."""
    pred = np.array(pred, dtype=float)
    _, grad = loss_fn(pred, target)
    err = lk.gradient_check(lambda: loss_fn(pred, target)[0], [pred], [grad])
    assert err < tol, f"{loss_fn.__name__}: relative error {err:.2e}"


def model_loss(model, X, loss_fn, target):
    """f() for gradient_check: the loss of ``model`` on (X, target), no backward."""
    return lambda: loss_fn(model.forward(X), target)[0]


# ---- references written with Python's math module, independent of lessonkit ----

ACTIVATIONS_BY_HAND = {
    "sigmoid": lambda z: 1.0 / (1.0 + math.exp(-z)),
    "tanh": math.tanh,
    "relu": lambda z: max(z, 0.0),
    "identity": lambda z: z,
}


#: da/dz of each activation, from the textbook formulas (one entry per activation, beside its f above).
SLOPES_BY_HAND = {
    "sigmoid": lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2,
    "tanh": lambda z: 1 / math.cosh(z) ** 2,
    "relu": lambda z: float(z > 0),
    "identity": lambda z: 1.0,
}


def activation_by_hand(name, z):
    """f(z) of the activation ``name``, elementwise, from the textbook formula."""
    return np.vectorize(ACTIVATIONS_BY_HAND[name], otypes=[float])(z)


#: One prediction's loss L(ŷ, y) and slope dL/dŷ, from the formulas of notebook 02.
LOSSES_BY_HAND = {
    "mse": (lambda y_hat, y: (y_hat - y) ** 2, lambda y_hat, y: 2 * (y_hat - y)),
    "bce": (
        lambda y_hat, y: -(y * math.log(y_hat) + (1 - y) * math.log(1 - y_hat)),
        lambda y_hat, y: -y / y_hat + (1 - y) / (1 - y_hat),
    ),
}


def neuron_loss_by_hand(w, x, y, b, activation="sigmoid", loss="bce"):
    """L(f(w·x + b), y) for one neuron and one example, from the formulas."""
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    return LOSSES_BY_HAND[loss][0](ACTIVATIONS_BY_HAND[activation](z), y)


def mlp_logits_by_hand(params, activation, X):
    """The logits of an MLP with parameters [W1, b1, W2, b2, ...] on X (n, d), written out in
    numpy: A = f(A W + b) through the hidden layers, then a linear last layer."""
    Ws, bs = params[0::2], params[1::2]
    A = np.asarray(X, dtype=float)
    for W, b in zip(Ws[:-1], bs[:-1]):
        A = activation_by_hand(activation, A @ W + b)  # (n, units)
    return A @ Ws[-1] + bs[-1]  # (n, outputs)


def sigmoid(z):
    """σ(z) = 1 / (1 + e^−z), elementwise on arrays."""
    return 1.0 / (1.0 + np.exp(-z))


# ---- notebook 04's network: notebook 01's batch through a 2-3-1 network ----------------

#: Notebook 01's batch, written as it is there: our x = [1, 2] first, then three examples.
NETWORK_X = np.vstack([[1.0, 2.0], np.random.default_rng(0).normal(size=(3, 2)).round(1)])
#: Its targets.
NETWORK_Y = np.array([[1.0], [0.0], [0.0], [1.0]])
#: The network stepper's steps: forward, then backward.
NETWORK_STEPS = ["Z1", "A1", "Z2", "L", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1", "dA0"]


def network_by_hand(X, params, activation):
    """Every array of notebook 04's network (2-3-1, logits, BCE) on the batch X (4, 2) with
    params [W1, b1, W2, b2], written out: the textbook f and f' (math module), BCE of σ(Z2) as
    −[y log σ + (1 − y) log(1 − σ)], dZ2 = (σ(Z2) − y)/n, then the recursion."""
    W1, b1, W2, b2 = params
    slope = np.vectorize(SLOPES_BY_HAND[activation], otypes=[float])
    v = {"Z1": X @ W1 + b1}
    v["A1"], v["f'(Z1)"] = activation_by_hand(activation, v["Z1"]), slope(v["Z1"])
    v["Z2"] = v["A1"] @ W2 + b2
    s = sigmoid(v["Z2"])
    v["L"] = float(np.mean(-(NETWORK_Y * np.log(s) + (1 - NETWORK_Y) * np.log(1 - s))))
    v["dZ2"] = (s - NETWORK_Y) / len(NETWORK_Y)
    v["dW2"], v["db2"], v["dA1"] = v["A1"].T @ v["dZ2"], v["dZ2"].sum(axis=0), v["dZ2"] @ W2.T
    v["dZ1"] = v["dA1"] * v["f'(Z1)"]
    v["dW1"], v["db1"], v["dA0"] = X.T @ v["dZ1"], v["dZ1"].sum(axis=0), v["dZ1"] @ W1.T
    return v


# ---- one neuron: the course's example and the pairs it is taught with --------------

#: The course's example (notebook 00), written out here: x = [1, 2], y = 1, w = [0.5, −0.5], b = 0.1, η = 0.1,
#: a sigmoid neuron with cross-entropy.
EXAMPLE = dict(x=[1.0, 2.0], y=1.0, w=[0.5, -0.5], b=0.1, lr=0.1)

#: The (activation, loss) pairs a neuron is taught with: sigmoid with cross-entropy, every activation with MSE.
NEURON_CASES = [("sigmoid", "bce")] + [(name, "mse") for name in ACTIVATIONS_BY_HAND]


def neuron_loss_by_hand_stable(w, x, y, b, activation, loss):
    """``neuron_loss_by_hand``; for bce written from z, stably, when σ(z) would round to 0 or 1."""
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    if loss == "bce" and abs(z) > 30:
        return max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
    return neuron_loss_by_hand(w, x, y, b, activation, loss)


def random_inputs(rng, activation, loss):
    """Inputs as the controls give them: two decimals, y in [0, 1] for bce, lr from 0.001 to 100."""
    if loss == "bce":
        y = float(rng.integers(0, 2)) if rng.random() < 0.5 else round(float(rng.uniform(0, 1)), 2)
    else:
        y = round(float(rng.uniform(-1, 2)), 2)
    return dict(
        x=rng.uniform(-3, 3, 2).round(2),
        y=y,
        w=rng.uniform(-3, 3, 2).round(2),
        b=round(float(rng.uniform(-3, 3)), 2),
        lr=float(10 ** rng.uniform(-3, 2)),
        activation=activation,
        loss=loss,
    )


def recompute(inputs):
    """neuron_step on the inputs, and the step from where it lands (the loss after the update)."""
    kw = {k: inputs[k] for k in ("x", "y", "w", "b", "lr")}
    record = lk.neuron_step(**kw, activation=inputs["activation"], loss=inputs["loss"])
    after = lk.neuron_step(
        record.x, record.y, record.w_new, record.b_new, record.lr, inputs["activation"], inputs["loss"]
    )
    return record, after


def clip_to_box(start, end, xlim, ylim):
    """``end``, or the point where the segment start → end leaves the box, worked out here."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    d = end - start
    t = 1.0
    for k, (lo, hi) in enumerate((xlim, ylim)):
        if d[k] > 0:
            t = min(t, (hi - start[k]) / d[k])
        elif d[k] < 0:
            t = min(t, (lo - start[k]) / d[k])
    return start + t * d


# ---- the graph stepper (notebook 03): what each step knows -------------------------

FORWARD = ("z", "a", "L")  # the forward steps, in order
BACKWARD = ("a", "z", "w1", "w2", "b")  # the backward steps (∂L/∂...), in order
STEPS = [("forward", n) for n in FORWARD] + [("backward", n) for n in BACKWARD]
#: What each step of the graph reads, from the graph's wiring: its inputs going forward,
#: the path from L going backward.
READS = {
    ("forward", "z"): {"x1", "w1", "x2", "w2", "b"},
    ("forward", "a"): {"z"},
    ("forward", "L"): {"a", "y"},
    ("backward", "a"): {"L"},
    ("backward", "z"): {"a", "L"},
    ("backward", "w1"): {"z", "a", "L"},
    ("backward", "w2"): {"z", "a", "L"},
    ("backward", "b"): {"z", "a", "L"},
}


def expected_values(record, step):
    """Node → value known at ``step``: the leaves always, z, a, L once computed."""
    values = {"x1": record.x[0], "x2": record.x[1], "w1": record.w[0], "w2": record.w[1], "b": record.b, "y": record.y}
    computed = {"z": record.z, "a": record.a, "L": record.loss}
    for name in FORWARD[: step + 1]:
        values[name] = computed[name]
    return values


def expected_grads(record, step):
    """Node → ∂L/∂node known at ``step``: none going forward; then ∂L/∂L = 1 and each one reached."""
    if step < len(FORWARD):
        return {}
    grads = {"a": record.dL_da, "z": record.dL_dz, "w1": record.grad_w[0], "w2": record.grad_w[1], "b": record.grad_b}
    return {"L": 1.0, **{name: grads[name] for name in BACKWARD[: step - len(FORWARD) + 1]}}


def expected_equation_numbers(record, phase, name):
    """The numbers the equation of a step writes after its symbols, in order."""
    r = record
    if phase == "forward":
        if name == "z":
            return [r.w[0], r.x[0], r.w[1], r.x[1], r.b, r.z]
        if name == "a":
            return [r.z, r.a]
        return [r.y, r.a, 1 - r.y, 1 - r.a, r.loss] if r.loss_name == "bce" else [r.a, r.y, r.loss]
    if name == "a":
        return [r.dL_da] if r.loss_name == "bce" else [2, r.a, r.y, r.dL_da]
    chain = [r.dL_da, r.da_dz]
    if name == "z":
        return chain + [r.dL_dz]
    local, grad = {"w1": (r.x[0], r.grad_w[0]), "w2": (r.x[1], r.grad_w[1]), "b": (1.0, r.grad_b)}[name]
    return chain + [local, grad]


# ---- the step-through (notebook 05): what each stage shows -------------------------

#: The fields shown, stage by stage (cumulative), in the order of the computation.
STAGE_FIELDS = [
    ["z", "a"],
    ["z", "a", "loss"],
    ["z", "a", "loss", "dL_da", "da_dz", "dL_dz", "grad_w", "grad_b"],
    ["z", "a", "loss", "dL_da", "da_dz", "dL_dz", "grad_w", "grad_b", "w_new", "b_new", "loss_after"],
]


# ---- training runs (notebook 06), replayed with the engine -------------------------

#: Settings that blow up: a linear network (identity), plain SGD, a huge learning rate.
DIVERGING = dict(activation="identity", optimizer="sgd", lr=30.0, hidden=(8, 8))


def training_settings(**settings):
    """The settings of a run: the defaults with ``settings`` over them, as a dict."""
    return {**lk.states.TrainingSettings().as_dict(), **settings}


def replay(settings, epochs=None):
    """The run trained here with the engine: the data, the model and train() as the settings say."""
    st = training_settings(**settings)
    make = lk.datasets.GENERATED[st["dataset"]]
    X, y = make() if st["dataset"] == "xor" else make(st["n"], seed=st["seed"])
    model = lk.MLP([2, *st["hidden"], 1], activation=st["activation"], seed=st["seed"])
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
    """P(class 1) over the run's chart from snapshots[epoch], with a forward pass in numpy."""
    points = grid_by_hand(run.extent, run.resolution)
    logits = mlp_logits_by_hand(run.snapshots[epoch], run.settings.activation, points)
    return sigmoid(logits[:, 0]).reshape(run.resolution, run.resolution)


def accuracy_by_hand(run, epoch):
    """The fraction of the run's points the network after ``epoch`` epochs puts on the right side of 0."""
    logits = mlp_logits_by_hand(run.snapshots[epoch], run.settings.activation, run.X)[:, 0]
    return float(np.mean((logits > 0) == (run.y == 1)))
