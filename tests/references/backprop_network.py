"""References for notebook 04's network: notebook 01's batch through a 2-3-1 network, written out with numpy."""

import numpy as np

from tests.references import SLOPES_BY_HAND, activation_by_hand, sigmoid

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
