"""Training on the UCI digits, side by side in one run: lessonkit's ``train``, the same
loop written by hand in plain numpy, and scikit-learn's MLPClassifier. One hidden layer
of 64 ReLU units, softmax cross-entropy, Adam (lr 1e-3), batch 200, 200 epochs, the
same stratified 75/25 split (scikit-learn's train_test_split, random_state=0).

    pip install -e ".[benchmark]"      # scikit-learn: for this benchmark only
    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_digits.py

The hand-written loop is what a competent numpy user writes: the same initial weights
and the same shuffle (``rng.permutation`` each epoch), and per batch the forward pass,
the loss and the number right (what ``train`` records), the backward pass and Adam's
update, with no input checks. It is checked to end with the same weights and the same
per-epoch losses as lessonkit, to the last bit. The three are timed REPEATS times,
interleaved, and the medians reported: the target is lessonkit within 1.2x of the
hand-written loop. scikit-learn is there for scale (and accuracy), not as the target. The figures
go into benchmarks/results.json (results.py).
"""

import statistics
import time
import warnings

import numpy as np
from results import record
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

import lessonkit as lk

EPOCHS, BATCH, LR, HIDDEN = 200, 200, 1e-3, 64
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8
REPEATS = 5


def new_model():
    return lk.MLP([64, HIDDEN, 10], activation="relu", seed=0)


def run_lessonkit(X_train, y_train):
    model = new_model()
    t0 = time.perf_counter()
    history = lk.train(
        model, X_train, y_train, "softmax_cross_entropy", lk.optim.Adam(LR), epochs=EPOCHS, batch_size=BATCH, seed=0
    )
    seconds = time.perf_counter() - t0
    return model.params, history.loss, seconds


def run_handwritten(X_train, y_train):
    P = [p.copy() for p in new_model().params]  # W1, b1, W2, b2: lessonkit's initial weights
    t0 = time.perf_counter()
    W1, b1, W2, b2 = P
    m = [np.zeros_like(p) for p in P]
    v = [np.zeros_like(p) for p in P]
    rng = np.random.default_rng(0)
    n, t = len(X_train), 0
    losses, accuracy = [], []
    for _ in range(EPOCHS):
        order = rng.permutation(n)
        total, correct = 0.0, 0
        for start in range(0, n, BATCH):
            idx = order[start : start + BATCH]
            X, y = X_train[idx], y_train[idx]
            rows = np.arange(len(idx))
            # forward
            Z1 = X @ W1 + b1
            A1 = np.maximum(Z1, 0)
            Z2 = A1 @ W2 + b2
            # softmax cross-entropy, with log-sum-exp; its gradient
            shifted = Z2 - Z2.max(axis=1, keepdims=True)
            log_sum_exp = np.log(np.exp(shifted).sum(axis=1))
            total += np.mean(log_sum_exp - shifted[rows, y]) * len(idx)
            correct += np.sum(Z2.argmax(axis=1) == y)
            dZ2 = np.exp(shifted - log_sum_exp[:, None])
            dZ2[rows, y] -= 1
            dZ2 /= len(idx)
            # backward
            dZ1 = (dZ2 @ W2.T) * (A1 > 0)
            grads = (X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0))
            # Adam
            t += 1
            for i, (p, g) in enumerate(zip(P, grads)):
                m[i] = BETA1 * m[i] + (1 - BETA1) * g
                v[i] = BETA2 * v[i] + (1 - BETA2) * g * g
                p -= LR * (m[i] / (1 - BETA1**t)) / (np.sqrt(v[i] / (1 - BETA2**t)) + EPS)
        losses.append(total / n)
        accuracy.append(correct / n)
    seconds = time.perf_counter() - t0
    return P, losses, seconds


def run_sklearn(X_train, y_train):
    clf = MLPClassifier(
        hidden_layer_sizes=(HIDDEN,),
        activation="relu",
        solver="adam",
        learning_rate_init=LR,
        batch_size=BATCH,
        max_iter=EPOCHS,
        n_iter_no_change=EPOCHS,
        random_state=0,
    )
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # it ran all 200 epochs, as asked
        clf.fit(X_train, y_train)
    seconds = time.perf_counter() - t0
    assert clf.n_iter_ == EPOCHS
    return clf, seconds


def accuracy(P, X, y):
    W1, b1, W2, b2 = P
    return np.mean((np.maximum(X @ W1 + b1, 0) @ W2 + b2).argmax(axis=1) == y)


def main():
    X, y = lk.datasets.digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    ours, ref, theirs = [], [], []
    for _ in range(REPEATS):  # interleaved, so all three see the same machine load
        ours.append(run_lessonkit(X_train, y_train))
        ref.append(run_handwritten(X_train, y_train))
        theirs.append(run_sklearn(X_train, y_train))

    (P_ours, loss_ours, _), (P_ref, loss_ref, _) = ours[0], ref[0]
    assert all(np.array_equal(p, q) for p, q in zip(P_ours, P_ref)) and loss_ours == loss_ref, "the two loops differ"
    t_ours = statistics.median(s for *_, s in ours)
    t_ref = statistics.median(s for *_, s in ref)
    t_theirs = statistics.median(s for _, s in theirs)
    acc_ref, acc_ours = accuracy(P_ref, X_test, y_test), accuracy(P_ours, X_test, y_test)
    acc_theirs = theirs[0][0].score(X_test, y_test)
    print(
        f"UCI digits, {len(y_train)} train / {len(y_test)} test (stratified, random_state=0); "
        f"64-{HIDDEN}-10 ReLU, Adam lr={LR}, batch {BATCH}, {EPOCHS} epochs; median of {REPEATS} interleaved runs"
    )
    print(f"  hand-written numpy         : test accuracy {acc_ref:.4f}, {t_ref:.2f} s")
    print(f"  lessonkit                  : test accuracy {acc_ours:.4f}, {t_ours:.2f} s")
    print(f"  scikit-learn MLPClassifier : test accuracy {acc_theirs:.4f}, {t_theirs:.2f} s")
    print(
        f"  ratio lessonkit / hand-written {t_ours / t_ref:.2f}x (target <= 1.2x); "
        f"lessonkit / scikit-learn {t_ours / t_theirs:.2f}x"
    )
    record(
        "bench_digits",
        f"lessonkit {t_ours:.2f} s, hand-written {t_ref:.2f} s: **{t_ours / t_ref:.2f}×** "
        f"(target ≤ 1.2×); scikit-learn {t_theirs:.2f} s; test accuracy {acc_ours:.4f} (both numpy loops: the "
        f"same weights), {acc_theirs:.4f} (scikit-learn)",
        {
            "lessonkit_s": round(t_ours, 3),
            "hand_written_s": round(t_ref, 3),
            "sklearn_s": round(t_theirs, 3),
            "ratio": round(t_ours / t_ref, 3),
            "test_accuracy": {"numpy loops": round(float(acc_ours), 4), "sklearn": round(float(acc_theirs), 4)},
        },
    )


if __name__ == "__main__":
    main()
