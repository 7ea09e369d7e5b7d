"""notebooks/08_breast_cancer.ipynb against independent truths: its helper functions (the
confusion matrix, precision and recall, the Wilson interval, the steps for a learner's CSV)
against plain loops and hand-derived values; the neuron's gradient against finite differences;
the numbers the notebook prints against the same pipeline recomputed here with plain numpy;
and the neuron's test accuracy against scikit-learn's LogisticRegression when it is installed."""

import ast
import json
import re
from pathlib import Path

import numpy as np
import pytest

import lessonkit as lk

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "08_breast_cancer.ipynb"
CELLS = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def printed():
    """Everything the committed notebook printed, as one text."""
    return "".join("".join(o.get("text", "")) for c in CELLS if c["cell_type"] == "code" for o in c["outputs"])


@pytest.fixture(scope="module")
def nb():
    """The functions the notebook defines (every top-level def of its code cells), run in a namespace
    with what they use: lk, np and the data's info."""
    space = {"lk": lk, "np": np, "info": lk.datasets.breast_cancer()[2]}
    for cell in CELLS:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse("".join(cell["source"]))
        except SyntaxError:  # the setup cell's %pip
            continue
        defs = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        exec(compile(ast.Module(body=defs, type_ignores=[]), str(NOTEBOOK), "exec"), space)
    return space


def counts_by_loop(true, pred):
    """(TN, FP, FN, TP), counted one case at a time."""
    tn = fp = fn = tp = 0
    for t, p in zip(true, pred):
        if t == 1 and p == 1:
            tp += 1
        elif t == 1:
            fn += 1
        elif p == 1:
            fp += 1
        else:
            tn += 1
    return tn, fp, fn, tp


@pytest.fixture(scope="module")
def pipeline():
    """The notebook's steps: split, standardise on the training part, 200 full-batch SGD(0.1) epochs."""
    X, y, info = lk.datasets.breast_cancer()
    (X_tr, y_tr), (X_va, y_va), (X_te, y_te) = lk.datasets.split(X, y, (0.6, 0.2, 0.2), seed=0)
    mean, std = X_tr.mean(axis=0), X_tr.std(axis=0)  # the training part's, by hand
    X_tr, X_va, X_te = ((part - mean) / std for part in (X_tr, X_va, X_te))
    neuron = lk.MLP([30, 1], seed=0)
    lk.train(neuron, X_tr, y_tr, "bce_with_logits", lk.optim.SGD(0.1), epochs=200)
    W, b = neuron.params
    prob = {
        name: 1 / (1 + np.exp(-(part @ W[:, 0] + b[0])))
        for name, part in (("train", X_tr), ("val", X_va), ("test", X_te))  # σ(w·x + b), written out
    }
    return {"X": (X_tr, X_va, X_te), "y": (y_tr, y_va, y_te), "prob": prob, "neuron": neuron}


def test_confusion_and_scores_against_a_loop(nb):
    rng = np.random.default_rng(0)
    for n in (1, 7, 200):
        true, pred = rng.integers(0, 2, n), rng.integers(0, 2, n)
        tn, fp, fn, tp = counts_by_loop(true, pred)
        np.testing.assert_array_equal(nb["confusion"](true, pred), [[tn, fp], [fn, tp]])
        precision, recall = nb["scores"](nb["confusion"](true, pred))
        assert precision == (tp / (tp + fp) if tp + fp else 0.0) and recall == (tp / (tp + fn) if tp + fn else 0.0)
    # nothing called malignant: precision 0/0 is reported as 0, never nan
    assert nb["scores"](nb["confusion"](np.array([1, 0, 1]), np.array([0, 0, 0]))) == (0.0, 0.0)
    # the exercise's reference agrees with the notebook's steps
    assert lk.exercises.EXERCISES["precision_recall"].reference(true, pred) == pytest.approx(
        nb["scores"](nb["confusion"](true, pred))
    )


def test_wilson_by_hand(nb):
    # k = 0 and k = n: the interval is [0, z²/(n + z²)] and [n/(n + z²), 1]; for n = 10, z = 1.96
    low, high = nb["wilson"](0, 10)
    assert low == pytest.approx(0, abs=1e-12) and high == pytest.approx(3.8416 / 13.8416)
    low, high = nb["wilson"](10, 10)
    assert low == pytest.approx(10 / 13.8416) and high == pytest.approx(1)
    # any k: the ends are the roots of (k/n − p)² = z² p (1 − p) / n, a quadratic in p
    for k, n in ((41, 42), (3, 20), (57, 100)):
        z2, q = 1.96**2, k / n
        roots = np.sort(np.roots([1 + z2 / n, -(2 * q + z2 / n), q * q]))
        np.testing.assert_allclose(nb["wilson"](k, n), roots, rtol=1e-12)


def test_the_neurons_gradient_is_the_finite_difference_of_its_loss(pipeline):
    X_tr, y_tr = pipeline["X"][0], pipeline["y"][0]
    neuron = lk.MLP([30, 1], seed=0)
    target = y_tr[:, None].astype(float)
    value, dY = lk.losses.bce_with_logits(neuron.forward(X_tr), target)
    neuron.backward(dY)
    a = 1 / (1 + np.exp(-neuron.forward(X_tr)))
    np.testing.assert_allclose(neuron.grads[0], X_tr.T @ (a - target) / len(X_tr), rtol=1e-10)  # (a − y) x
    error = lk.gradient_check(
        lambda: lk.losses.bce_with_logits(neuron.forward(X_tr), target)[0], neuron.params, neuron.grads
    )
    assert error < 1e-7


def read():
    """Every markdown cell of the notebook, as one text with single spaces."""
    return re.sub(r"\s+", " ", " ".join("".join(c["source"]) for c in CELLS if c["cell_type"] == "markdown"))


def test_the_printed_numbers_and_the_text_are_the_pipelines(pipeline):
    text, words = printed(), read()
    y_tr, y_va, y_te = pipeline["y"]
    assert f"{len(y_tr)} tumours, it classifies" in words and f"{len(y_va)} tumours is few" in words
    assert f"test       {len(y_te)} tumours: {np.sum(y_te == 1):3} malignant" in text
    p_val, p_test = pipeline["prob"]["val"], pipeline["prob"]["test"]
    tn, fp, fn, tp = counts_by_loop(y_te, p_test >= 0.5)
    assert f"accuracy: {tn + tp} of {len(y_te)} right = {(tn + tp) / len(y_te):.3f}" in text
    assert f"TP = {tp} cancers found, FN = {fn} missed, FP = {fp} false alarms, TN = {tn}" in text
    assert f"it classifies {tn + tp} of {len(y_te)} unseen tumours right" in words  # what the text discusses
    # the rule: the highest threshold of 0.05, 0.10, ..., 0.95 that finds every malignant validation tumour
    chosen = max(t for t in np.round(np.arange(0.05, 1.0, 0.05), 2) if counts_by_loop(y_va, p_val >= t)[2] == 0)
    assert f"threshold chosen on the validation part: {chosen:.2f}" in text
    assert f"On the validation part, {chosen:.2f} finds the one cancer that 0.5 missed" in words
    assert counts_by_loop(y_va, p_val >= 0.5)[2] == 1  # "the one cancer that 0.5 missed"
    tn, fp, fn, tp = counts_by_loop(y_te, p_test >= chosen)
    assert f"test, threshold {chosen:.2f}: TP {tp}, FN {fn}, FP {fp}, TN {tn};  precision {tp / (tp + fp):.3f}" in text
    assert f"recall {tp}/{tp + fn} = {tp / (tp + fn):.3f}" in text
    assert f"The neuron found {tp} of {tp + fn} test cancers" in words and f"{tp} of {tp + fn} fits a recall" in words


def test_the_neuron_is_close_to_scikit_learns_logistic_regression(pipeline):
    linear_model = pytest.importorskip("sklearn.linear_model")
    (X_tr, _, X_te), (y_tr, _, y_te) = pipeline["X"], pipeline["y"]
    reference = linear_model.LogisticRegression(max_iter=10_000).fit(X_tr, y_tr)
    ours = np.mean((pipeline["prob"]["test"] >= 0.5) == y_te)
    theirs = reference.score(X_te, y_te)
    # the same model, fitted another way (scikit-learn adds a small penalty on the weights): at most 2 of 113 apart
    assert abs(ours - theirs) <= 2 / 113 + 1e-12, (ours, theirs)
    assert theirs > 0.95 and ours > 0.95
    agree = np.mean((pipeline["prob"]["test"] >= 0.5) == reference.predict(X_te))
    assert agree >= 110 / 113


def test_the_mlp_comparison_is_the_runs(pipeline):
    (X_tr, X_va, X_te), (y_tr, y_va, y_te) = pipeline["X"], pipeline["y"]
    mlp = lk.MLP([30, 16, 1], activation="tanh", seed=0)
    lk.train(mlp, X_tr, y_tr, "bce_with_logits", lk.optim.SGD(0.1), epochs=200)
    _, fp_v, fn_v, _ = counts_by_loop(y_va, mlp.forward(X_va)[:, 0] >= 0)
    _, fp_t, fn_t, _ = counts_by_loop(y_te, mlp.forward(X_te)[:, 0] >= 0)
    line = re.search(r"MLP 30-16-1 +513 +[\d.]+ +(\d+) of 115 +(\d+) of 113 \((\d+) \+ (\d+)\)", printed())
    assert line and tuple(map(int, line.groups())) == (fn_v + fp_v, fn_t + fp_t, fn_t, fp_t)


def test_your_own_data_steps(nb, tmp_path, capsys):
    X, y, info = lk.datasets.breast_cancer()
    rows = ["a,b,label"] + [f"{X[i, 0]},{X[i, 1]},{'yes' if y[i] else 'no'}" for i in range(len(y))]
    (tmp_path / "two.csv").write_text("\n".join(rows) + "\n")
    X_own, y_own, info_own = nb["load"](tmp_path / "two.csv", "label")
    assert info_own.classes == ("no", "yes") and np.array_equal(y_own, y)  # "yes", sorted second, is class 1
    train, val, test = nb["prepare"](X_own, y_own, info_own.features)
    assert np.allclose(train[0].mean(axis=0), 0) and np.allclose(train[0].std(axis=0), 1)
    model = nb["train_neuron"](*train)
    nb["report"](model, *test, info_own.classes)
    shown = capsys.readouterr().out
    tn, fp, fn, tp = counts_by_loop(test[1], model.forward(test[0])[:, 0] >= 0)
    assert f"true yes{fn:>21}{tp:>21}" in shown and f"recall {tp / (tp + fn):.3f}" in shown
    # a target of three classes is refused, naming the column
    (tmp_path / "three.csv").write_text("a,b,kind\n1,2,x\n2,3,y\n3,4,z\n4,5,x\n")
    with pytest.raises(ValueError, match=r"^kind: one neuron tells two classes apart; this column has 3"):
        nb["load"](tmp_path / "three.csv", "kind")


def test_the_learners_cell_runs_on_the_packaged_file_and_repeats_the_test_matrix(pipeline):
    cell = next(c for c in CELLS if c["cell_type"] == "code" and "path = files(" in "".join(c["source"]))
    source = "".join(cell["source"])
    assert source.splitlines()[1].startswith("path = ") and source.splitlines()[2].startswith("target = ")
    out = "".join("".join(o.get("text", "")) for o in cell["outputs"])
    tn, fp, fn, tp = counts_by_loop(pipeline["y"][2], pipeline["prob"]["test"] >= 0.5)
    assert f"true malignant{fn:>21}{tp:>21}" in out and f"true benign{tn:>21}{fp:>21}" in out
    assert f"accuracy {(tn + tp) / 113:.3f}, precision {tp / (tp + fp):.3f}, recall {tp / (tp + fn):.3f}" in out


def test_the_dashboards_held_out_numbers_the_text_quotes():
    # "### Your data in the training dashboard": the run of its cell, its losses and accuracies by hand
    text = " ".join("".join(c["source"]) for c in CELLS if c["cell_type"] == "markdown").replace("\n", " ")
    said = re.search(
        r"(\d+) of the (\d+) tumours are kept out .*? classifies (\d+) % of the training tumours right and (\d+) % "
        r"of the held-out ones, yet the held-out loss was lowest at epoch (\d+) \((0\.\d{3})\) and ends at (0\.\d{3})",
        text,
    )
    assert "lk.widgets.TrainingDashboard(data=(X_own, y_own, info_own), held_out=0.2)" in "".join(
        "".join(c["source"]) for c in CELLS
    )
    X, y, info = lk.datasets.breast_cancer()
    run = lk.states.TrainingRun(data=(X, y, info), held_out=0.2)
    Z, Z_test = ((part - X.mean(axis=0)) / X.std(axis=0) for part in (run.X, run.X_test))  # standardised by hand

    def loss_and_accuracy(params, Z, y):  # the network written out: tanh, tanh, then a logit
        A = Z
        for W, b in zip(params[0:-2:2], params[1:-2:2]):
            A = np.tanh(A @ W + b)
        logits = (A @ params[-2] + params[-1])[:, 0]
        loss = np.mean(np.logaddexp(0, logits) - y * logits)  # −[y log σ + (1 − y) log(1 − σ)]
        return loss, np.mean((logits > 0) == (y == 1))

    held = [loss_and_accuracy(p, Z_test, run.y_test)[0] for p in run.snapshots]
    lowest = int(np.argmin(held))
    assert (int(said.group(1)), int(said.group(2))) == (len(run.y_test), len(y)) == (113, 569)
    assert int(said.group(3)) == round(100 * loss_and_accuracy(run.snapshots[150], Z, run.y)[1])
    assert int(said.group(4)) == round(100 * loss_and_accuracy(run.snapshots[150], Z_test, run.y_test)[1])
    assert (int(said.group(5)), said.group(6), said.group(7)) == (lowest, f"{held[lowest]:.3f}", f"{held[-1]:.3f}")
    assert held[-1] > 3 * held[lowest]  # it climbs: overfitting
