"""Time one full-batch training step of an MLP 2-16-16-1 (tanh) on 100 moons points:
lessonkit (MLP.forward, losses.bce_with_logits, MLP.backward, SGD.step) next to the
same step written by hand in plain numpy, measured side by side in one run.

    python benchmarks/bench_train_step.py

Prints the median time per step of each and their ratio (target: lessonkit ≤ 1.2×).
"""
import statistics
import time

import numpy as np

import lessonkit as lk

STEPS_PER_BLOCK = 200
BLOCKS = 30
LR = 0.1


def lessonkit_step(model, opt, X, y):
    out = model.forward(X)
    _, dout = lk.losses.bce_with_logits(out, y)
    model.backward(dout)
    opt.step(model.params, model.grads)


def handwritten_step(P, X, y):
    W1, b1, W2, b2, W3, b3 = P
    n = len(X)
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.tanh(A1 @ W2 + b2)
    Z3 = A2 @ W3 + b3
    e = np.exp(-np.abs(Z3))  # bce with logits, its value and dL/dZ3
    loss = np.mean(np.maximum(Z3, 0) - Z3 * y + np.log1p(e))
    dZ3 = (np.where(Z3 >= 0, 1.0, e) / (1 + e) - y) / n
    dZ2 = (dZ3 @ W3.T) * (1 - A2 * A2)
    dZ1 = (dZ2 @ W2.T) * (1 - A1 * A1)
    grads = (X.T @ dZ1, dZ1.sum(0), A1.T @ dZ2, dZ2.sum(0), A2.T @ dZ3, dZ3.sum(0))
    for p, g in zip(P, grads):
        p -= LR * g
    return loss


def time_block(step, *args):
    t0 = time.perf_counter()
    for _ in range(STEPS_PER_BLOCK):
        step(*args)
    return (time.perf_counter() - t0) / STEPS_PER_BLOCK


def main():
    X, labels = lk.datasets.moons(100, noise=0.1, seed=0)
    y = labels[:, None].astype(float)
    model = lk.MLP([2, 16, 16, 1], activation="tanh", seed=0)
    opt = lk.optim.SGD(LR)
    P = [p.copy() for p in model.params]

    # the two must compute the same thing: check after a few steps
    for _ in range(5):
        lessonkit_step(model, opt, X, y)
        handwritten_step(P, X, y)
    assert all(np.allclose(p, q, rtol=1e-12) for p, q in zip(model.params, P)), "the two steps differ"

    ours, ref = [], []
    for _ in range(BLOCKS):  # interleaved, so both see the same machine load
        ours.append(time_block(lessonkit_step, model, opt, X, y))
        ref.append(time_block(handwritten_step, P, X, y))
    t_ours, t_ref = statistics.median(ours), statistics.median(ref)
    print(f"MLP 2-16-16-1 (tanh), 100 moons points, full batch, SGD; median of {BLOCKS} blocks of {STEPS_PER_BLOCK} steps")
    print(f"  hand-written numpy : {t_ref * 1e6:7.1f} µs/step")
    print(f"  lessonkit          : {t_ours * 1e6:7.1f} µs/step")
    print(f"  ratio              : {t_ours / t_ref:.2f}x (target <= 1.2x)")


if __name__ == "__main__":
    main()
