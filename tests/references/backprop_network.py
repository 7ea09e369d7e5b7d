"""References for notebook 04's network: notebook 01's batch through a 2-3-1 network, written out with numpy."""

import numpy as np

from tests.references import SLOPES_BY_HAND, activation_by_hand, sigmoid

#: Notebook 01's batch, written as it is there: our x = [1, 2] first, then three examples.
NETWORK_X = np.vstack([[1.0, 2.0], np.random.default_rng(0).normal(size=(3, 2)).round(1)])
#: Its targets.
NETWORK_Y = np.array([[1.0], [0.0], [0.0], [1.0]])
#: The network stepper's steps: forward, backward, then the update and the loss after it.
NETWORK_STEPS = ["Z1", "A1", "Z2", "L", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1", "dA0"]
NETWORK_STEPS += ["W1_new", "b1_new", "W2_new", "b2_new", "L_new"]


def network_by_hand(X, params, activation, lr=0.1):
    """Every array of notebook 04's network (2-3-1, logits, BCE) on the batch X (4, 2) with
    params [W1, b1, W2, b2], written out: the textbook f and f' (math module), BCE of σ(Z2) as
    −[y log σ + (1 − y) log(1 − σ)], dZ2 = (σ(Z2) − y)/n, then the recursion; then each parameter
    minus lr times its gradient, and the loss of the network with those."""
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
    for name, p in zip(["W1", "b1", "W2", "b2"], params):
        v[f"{name}_new"] = np.array([pi - lr * gi for pi, gi in zip(np.ravel(p), np.ravel(v["d" + name]))]).reshape(
            np.shape(p)
        )
    s_new = sigmoid(activation_by_hand(activation, X @ v["W1_new"] + v["b1_new"]) @ v["W2_new"] + v["b2_new"])
    v["L_new"] = float(np.mean(-(NETWORK_Y * np.log(s_new) + (1 - NETWORK_Y) * np.log(1 - s_new))))
    return v


def deep_loss_by_hand(X, y, params, activation):
    """The cross-entropy of a network of any depth with params [W1, b1, ..., WL, bL] on the batch X (n, d),
    targets y (n, 1): the textbook f on every hidden layer, the last layer's output a logit z, and
    −mean[y log σ(z) + (1 − y) log(1 − σ(z))] written out."""
    A = np.asarray(X, dtype=float)
    layers = list(zip(params[0::2], params[1::2]))
    for W, b in layers[:-1]:
        A = activation_by_hand(activation, A @ W + b)
    s = sigmoid(A @ layers[-1][0] + layers[-1][1])
    return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))


def update_steps_by_hand(depth):
    """The names of the steps of one update of a network of ``depth`` layers, written out for 1 to 3."""
    return {
        1: ["Z1", "L", "dZ1", "dW1", "db1", "dA0", "W1_new", "b1_new", "L_new"],
        2: NETWORK_STEPS,
        3: ["Z1", "A1", "Z2", "A2", "Z3", "L"]
        + ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1", "dA0"]
        + ["W1_new", "b1_new", "W2_new", "b2_new", "W3_new", "b3_new", "L_new"],
    }[depth]
