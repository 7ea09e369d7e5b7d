"""lessonkit against scikit-learn's MLPClassifier on the UCI digits, side by side in
one run: one hidden layer of 64 ReLU units, Adam (lr 1e-3), batch 200, 200 epochs,
the same stratified 75/25 split (scikit-learn's train_test_split, random_state=0).

    pip install -e ".[benchmark]"      # scikit-learn: for this benchmark only
    python benchmarks/bench_digits.py

Reports test accuracy and wall time of each (target: lessonkit at least as accurate,
in no more time). Each is timed REPEATS times, interleaved; the median is reported.
"""
import statistics
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

import lessonkit as lk

EPOCHS, BATCH, LR, HIDDEN = 200, 200, 1e-3, 64
REPEATS = 3


def run_lessonkit(X_train, y_train, X_test, y_test):
    model = lk.MLP([64, HIDDEN, 10], activation="relu", seed=0)
    t0 = time.perf_counter()
    lk.train(model, X_train, y_train, "softmax_cross_entropy", lk.optim.Adam(LR), epochs=EPOCHS,
             batch_size=BATCH, seed=0)
    seconds = time.perf_counter() - t0
    return np.mean(model.forward(X_test).argmax(axis=1) == y_test), seconds


def run_sklearn(X_train, y_train, X_test, y_test):
    clf = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", learning_rate_init=LR,
                        batch_size=BATCH, max_iter=EPOCHS, n_iter_no_change=EPOCHS, random_state=0)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # it ran all 200 epochs, as asked
        clf.fit(X_train, y_train)
    seconds = time.perf_counter() - t0
    assert clf.n_iter_ == EPOCHS
    return clf.score(X_test, y_test), seconds


def main():
    X, y = lk.datasets.digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    ours, theirs = [], []
    for _ in range(REPEATS):
        ours.append(run_lessonkit(X_train, y_train, X_test, y_test))
        theirs.append(run_sklearn(X_train, y_train, X_test, y_test))
    acc_ours, acc_theirs = ours[0][0], theirs[0][0]
    t_ours = statistics.median(t for _, t in ours)
    t_theirs = statistics.median(t for _, t in theirs)
    print(f"UCI digits, {len(y_train)} train / {len(y_test)} test (stratified, random_state=0); "
          f"64-{HIDDEN}-10 ReLU, Adam lr={LR}, batch {BATCH}, {EPOCHS} epochs; median of {REPEATS} runs")
    print(f"  scikit-learn MLPClassifier : test accuracy {acc_theirs:.4f}, {t_theirs:.2f} s")
    print(f"  lessonkit                  : test accuracy {acc_ours:.4f}, {t_ours:.2f} s")
    print(f"  accuracy difference {acc_ours - acc_theirs:+.4f}; time ratio lessonkit/scikit-learn {t_ours / t_theirs:.2f}x")


if __name__ == "__main__":
    main()
