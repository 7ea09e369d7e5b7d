"""Time one full-batch training step of an MLP 2-16-16-1 on 100 moons points, for each
hidden activation (sigmoid, tanh, relu, identity): lessonkit (MLP.forward,
losses.bce_with_logits, MLP.backward(..., input_grad=False) as train() calls it,
SGD.step) next to the same step written by hand in plain numpy, in one run.

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_train_step.py

Each activation has its own hand-written step, written as a competent numpy user would
(forward pass, loss and its gradient, backward pass with f'(z) written from the layer's
output a, update), and checked to compute the same numbers as lessonkit, to the last
bit, before anything is timed. The cases and the two sides are interleaved, block
after block, so all see the same machine load. Prints, per activation, the median
time per step of each side and their ratio, then the worst ratio (target: lessonkit
<= 1.2x in every case). lessonkit's step checks its inputs on every call (X and the
logits finite, the targets in [0, 1]); the hand-written step checks nothing. The figures
go into benchmarks/results.json (results.py).
"""

import statistics
import time

import numpy as np
from results import record

import lessonkit as lk

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")
STEPS_PER_BLOCK = 200
BLOCKS = 30
LR = 0.1

# f(Z) and f'(Z) written from A = f(Z), as one would write them by hand (None: f' = 1)
BY_HAND = {
    "sigmoid": (lambda Z: 1 / (1 + np.exp(-Z)), lambda A: A * (1 - A)),
    "tanh": (np.tanh, lambda A: 1 - A * A),
    "relu": (lambda Z: np.maximum(Z, 0), lambda A: A > 0),
    "identity": (lambda Z: Z, None),
}


def lessonkit_step(model, opt, X, y):
    out = model.forward(X)
    _, dout = lk.losses.bce_with_logits(out, y)
    model._backward(dout, input_grad=False)  # as train() does: dY checked finite there, no dL/dX
    opt._step(model.params, model.grads)  # as train() does: the lists checked once, before the loop


def handwritten_step(P, f, df, X, y):
    W1, b1, W2, b2, W3, b3 = P
    n = len(X)
    A1 = f(X @ W1 + b1)
    A2 = f(A1 @ W2 + b2)
    Z3 = A2 @ W3 + b3
    e = np.exp(-np.abs(Z3))  # bce with logits, its value and dL/dZ3
    loss = np.mean(np.maximum(Z3, 0) - Z3 * y + np.log1p(e))
    dZ3 = (np.where(Z3 >= 0, 1.0, e) / (1 + e) - y) / n
    dZ2 = dZ3 @ W3.T
    if df is not None:
        dZ2 = dZ2 * df(A2)
    dZ1 = dZ2 @ W2.T
    if df is not None:
        dZ1 = dZ1 * df(A1)
    grads = (X.T @ dZ1, dZ1.sum(0), A1.T @ dZ2, dZ2.sum(0), A2.T @ dZ3, dZ3.sum(0))
    for p, g in zip(P, grads):
        p -= LR * g
    return loss


def time_block(step, *args):
    t0 = time.perf_counter()
    for _ in range(STEPS_PER_BLOCK):
        step(*args)
    return (time.perf_counter() - t0) / STEPS_PER_BLOCK


def setup(activation, X, y):
    """lessonkit's arguments and the hand-written step's, checked to agree to the last bit after 5 steps."""
    model = lk.MLP([2, 16, 16, 1], activation=activation, seed=0)
    opt = lk.optim.SGD(LR)
    f, df = BY_HAND[activation]
    P = [p.copy() for p in model.params]
    for _ in range(5):
        lessonkit_step(model, opt, X, y)
        handwritten_step(P, f, df, X, y)
    assert all(np.array_equal(p, q) for p, q in zip(model.params, P)), f"{activation}: the two steps differ"
    return (model, opt, X, y), (P, f, df, X, y)


def main():
    X, labels = lk.datasets.moons(100, noise=0.1, seed=0)
    y = labels[:, None].astype(float)
    cases = {act: setup(act, X, y) for act in ACTIVATIONS}
    times = {act: ([], []) for act in ACTIVATIONS}  # (lessonkit, hand-written) per block
    for _ in range(BLOCKS):  # interleaved: every case and both sides in each round
        for act, (ours_args, ref_args) in cases.items():
            times[act][0].append(time_block(lessonkit_step, *ours_args))
            times[act][1].append(time_block(handwritten_step, *ref_args))

    print(
        f"MLP 2-16-16-1, 100 moons points, full batch, bce_with_logits, SGD; "
        f"median of {BLOCKS} interleaved blocks of {STEPS_PER_BLOCK} steps"
    )
    print(f"  {'activation':<10} {'hand-written':>14} {'lessonkit':>14} {'ratio':>7}")
    figures = {}
    for act, (ours, ref) in times.items():
        t_ours, t_ref = statistics.median(ours) * 1e6, statistics.median(ref) * 1e6
        figures[act] = {
            "hand_written_us": round(t_ref, 1),
            "lessonkit_us": round(t_ours, 1),
            "ratio": round(t_ours / t_ref, 3),
        }
        print(f"  {act:<10} {t_ref:8.1f} µs/step {t_ours:8.1f} µs/step {t_ours / t_ref:6.2f}x")
    worst = max(figures, key=lambda act: figures[act]["ratio"])
    print(f"  worst: {worst}, {figures[worst]['ratio']:.2f}x (target <= 1.2x in every case)")
    others = ", ".join(f"{act} {f['ratio']:.2f}×" for act, f in figures.items() if act != worst)
    record(
        "bench_train_step",
        f"worst {worst} **{figures[worst]['ratio']:.2f}×** (hand-written "
        f"{figures[worst]['hand_written_us']:.1f} µs/step, lessonkit {figures[worst]['lessonkit_us']:.1f} µs/step); "
        f"{others}; target ≤ 1.2× in every case",
        figures,
    )


if __name__ == "__main__":
    main()
