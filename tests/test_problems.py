"""The problems for pen and paper: docs/problems.md, the learner's sheet, and
docs/teacher/problem_solutions.md, the worked solutions. Every number the solutions name in their blocks
(`name = value`) is computed twice, by lessonkit's engine and by hand in plain Python (exact fractions where
the numbers allow them), the gradients also by finite differences, and each written number must be that
value: exact when it has fewer than five significant digits, else rounded to the digits shown. Every
decimal number in the solutions' text must be one of those checked numbers or the problem's data; the
sheet's data are read from the sheet's own code blocks, and the sheet holds none of the results."""

import ast
import functools
import json
import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import lessonkit as lk
from lessonkit import losses
from lessonkit.autograd import Value

ROOT = Path(__file__).resolve().parents[1]
SHEET = ROOT / "docs" / "problems.md"
SOLUTIONS = ROOT / "docs" / "teacher" / "problem_solutions.md"
PROBLEMS = (1, 2, 3, 4)

SIGNED = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")  # a number in a block's value
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?:e-?\d+)?")  # a decimal number in the text, without its sign


# ---------------------------------------------------------------- reading the two files


def sections(text):
    """{n: the text of the section '## Problem n: …'}, minus signs as hyphens."""
    text = text.replace("\u2212", "-")
    found = {}
    for part in re.split(r"^## ", text, flags=re.M):
        m = re.match(r"Problem (\d+):", part)
        if m:
            found[int(m.group(1))] = part
    return found


def blocks(section, language):
    """The fenced code blocks of ``section`` in ``language`` (``text``, ``python``), as (block, its lines)."""
    pattern = rf"^( *)```{language}\n(.*?)^ *```"
    return [
        (m.group(0), [line.strip() for line in m.group(2).splitlines()])
        for m in re.finditer(pattern, section, re.M | re.S)
    ]


def assignments(lines):
    """{name: value as written} of the lines ``name = value  # comment``."""
    found = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line:
            name, sep, value = line.partition(" = ")
            assert sep, f"not a line 'name = value': {line!r}"
            assert name not in found, f"{name} is written twice"
            found[name] = value.strip()
    return found


def given(sheet_text, n):
    """Problem n's data, from the sheet's python blocks."""
    return {
        name: ast.literal_eval(value)
        for _, lines in blocks(sections(sheet_text)[n], "python")
        for name, value in assignments(lines).items()
    }


def written(solutions_text, n):
    """Problem n's checked numbers, {name: value as nested lists of the strings written}."""
    lines = [line for _, block_lines in blocks(sections(solutions_text)[n], "text") for line in block_lines]
    return {
        name: json.loads(SIGNED.sub(lambda m: f'"{m.group()}"', value)) for name, value in assignments(lines).items()
    }


def written_as(value):
    """A parsed value as the file writes it: [['-0.075', '0.025']] → [[-0.075, 0.025]]."""
    return json.dumps(value).replace('"', "")


def flat(value):
    return [x for v in value for x in flat(v)] if isinstance(value, list) else [value]


def strings_of(value):
    """The unsigned strings of a written value's numbers, and of their mantissas (3.8147e-06 → 3.8147)."""
    found = set()
    for s in flat(value):
        s = str(s).lstrip("-")
        found |= {s, s.split("e")[0]}
    return found


# ---------------------------------------------------------------- what a written number must be


def agrees(text, value):
    """Whether the number written as ``text`` is ``value``: exact if it has fewer than five significant
    digits, else ``value`` rounded to the digits shown."""
    d = Decimal(text)
    digits = len(d.as_tuple().digits)
    if digits < 5:
        return abs(float(d) - value) <= 1e-12 * max(1.0, abs(value))
    return abs(float(d) - value) <= 0.5 * 10.0 ** d.as_tuple().exponent * (1 + 1e-9)


def complaints(solutions_text, sheet_text):
    """Every way the solutions' numbers differ from the values computed here; [] when none does."""
    found = []
    sol = sections(solutions_text)
    for n in PROBLEMS:
        if n not in sol:
            found.append(f"problem {n}: no section '## Problem {n}: …' in the solutions")
            continue
        want = expected(n)
        got = written(solutions_text, n)
        for name in sorted(set(want) ^ set(got)):
            found.append(f"problem {n}: {name} is {'not written' if name in want else 'not computed by the test'}")
        for name in sorted(set(want) & set(got)):
            value = np.asarray(want[name], dtype=float)
            texts = np.asarray(got[name], dtype=object)
            if texts.shape != value.shape:
                found.append(f"problem {n}: {name} has shape {texts.shape}, expected {value.shape}")
                continue
            for t, v in zip(texts.ravel(), value.ravel()):
                if not agrees(t, float(v)):
                    found.append(
                        f"problem {n}: {name} = {written_as(got[name])}, "
                        f"but it is {np.array2string(value, precision=8)}"
                    )
                    break
        # the text: every decimal number is a checked one or the problem's data
        known = set().union(
            *(strings_of(v) for v in got.values()), *(strings_of(v) for v in data_strings(sheet_text, n))
        )
        text = sol[n]
        for block, _ in blocks(text, "text"):
            text = text.replace(block, "")
        for s in sorted(set(DECIMAL.findall(text)) - known):
            found.append(f"problem {n}: the text writes {s}, which is neither a checked number nor the problem's data")
    return found


def data_strings(sheet_text, n):
    """The numbers of problem n's data as the sheet writes them, and the results the sheet itself gives."""
    section = sections(sheet_text)[n]
    values = [v for _, lines in blocks(section, "python") for v in assignments(lines).values()]
    values = [SIGNED.findall(v) for v in values]
    return values + [DECIMAL.findall(line) for line in section.splitlines() if line.lstrip().startswith(GIVES)]


#: Sheet lines that start so give results to compare with (problem 3's update without decay, the course's example).
GIVES = ("4. **Against no decay.**",)


# ---------------------------------------------------------------- the values, computed by hand


def sigmoid(z):
    """σ(z), exact (1/2) at an exact 0, else a float."""
    return Fraction(1, 2) if z == 0 else 1.0 / (1.0 + math.exp(-z))


def exact(x):
    """A number of the sheet as an exact fraction (0.1 → 1/10)."""
    return Fraction(str(x))


def sheet_given(n):
    return given(SHEET.read_text(encoding="utf-8"), n)


@functools.cache
def expected(n):
    return {1: by_hand_1, 2: by_hand_2, 3: by_hand_3, 4: by_hand_4}[n](sheet_given(n))


def by_hand_1(_):
    slope = lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2  # noqa: E731
    return {"sigma_prime_0": slope(0), "sigma_prime_5": slope(5), "ratio": slope(0) / slope(5)}


def forward_2(x, W1, b1, W2, b2):
    """Problem 2's forward pass, loop by loop: Z1, A1, Z2, a."""
    Z1 = [sum(x[k] * W1[k][j] for k in range(2)) + b1[j] for j in range(2)]
    A1 = [sigmoid(z) for z in Z1]
    Z2 = sum(A1[j] * W2[j][0] for j in range(2)) + b2[0]
    return Z1, A1, Z2, sigmoid(Z2)


def by_hand_2(g):
    x = [exact(v) for v in g["x"]]
    y, lr = exact(g["y"]), exact(g["lr"])
    W1 = [[exact(v) for v in row] for row in g["W1"]]
    W2 = [[exact(v) for v in row] for row in g["W2"]]
    b1, b2 = [exact(v) for v in g["b1"]], [exact(v) for v in g["b2"]]
    Z1, A1, Z2, a = forward_2(x, W1, b1, W2, b2)
    dZ2 = a - y
    dW2 = [[A1[j] * dZ2] for j in range(2)]
    dA1 = [dZ2 * W2[j][0] for j in range(2)]
    slope1 = [A1[j] * (1 - A1[j]) for j in range(2)]
    dZ1 = [dA1[j] * slope1[j] for j in range(2)]
    dW1 = [[x[k] * dZ1[j] for j in range(2)] for k in range(2)]
    products = [[dZ1[j] * W1[k][j] for j in range(2)] for k in range(2)]
    W1_new = [[W1[k][j] - lr * dW1[k][j] for j in range(2)] for k in range(2)]
    b1_new = [b1[j] - lr * dZ1[j] for j in range(2)]
    W2_new = [[W2[j][0] - lr * dW2[j][0]] for j in range(2)]
    b2_new = [b2[0] - lr * dZ2]
    Z1_after, A1_after, Z2_after, a_after = forward_2(x, W1_new, b1_new, W2_new, b2_new)
    rounded = [float(f"{v:.5g}") for v in A1_after]
    L, L_after = -(y * math.log(a) + (1 - y) * math.log(1 - a)), -math.log(a_after)
    x_dot_x = sum(v * v for v in x)
    return {
        "Z1": Z1,
        "A1": A1,
        "Z2": Z2,
        "a": a,
        "L": L,
        "dZ2": dZ2,
        "dW2": dW2,
        "db2": [dZ2],
        "dA1": dA1,
        "slope1": slope1,
        "dZ1": dZ1,
        "dW1": dW1,
        "db1": dZ1,
        "dA0_products": products,
        "dA0": [sum(row) for row in products],
        "lr_dW1": [[lr * v for v in row] for row in dW1],
        "lr_db1": [lr * v for v in dZ1],
        "lr_dW2": [[lr * v for v in row] for row in dW2],
        "lr_db2": [lr * dZ2],
        "W1_new": W1_new,
        "b1_new": b1_new,
        "W2_new": W2_new,
        "b2_new": b2_new,
        "Z1_after": Z1_after,
        "A1_after": A1_after,
        "Z2_after": Z2_after,
        "Z2_after_from_rounded": sum(rounded[j] * W2_new[j][0] for j in range(2)) + b2_new[0],
        "a_after": a_after,
        "L_after": L_after,
        "L_drop": L - L_after,
        "x_dot_x": x_dot_x,
        "shortcut_factor": x_dot_x + 1,
    }


def by_hand_3(g):
    x, w = [exact(v) for v in g["x"]], [exact(v) for v in g["w"]]
    y, b, lr, lam = exact(g["y"]), exact(g["b"]), exact(g["lr"]), exact(g["lam"])
    z = sum(wk * xk for wk, xk in zip(w, x)) + b
    a = sigmoid(float(z))
    L_data = -(y * math.log(a) + (1 - y) * math.log(1 - a))
    squares = [wk * wk for wk in w]
    penalty = lam / 2 * sum(squares)
    dz = a - float(y)
    dLdata_dw = [dz * float(xk) for xk in x]
    dL_dw = [d + float(lam * wk) for d, wk in zip(dLdata_dw, w)]
    decay = 1 - lr * lam
    w_new = [float(decay * wk) - float(lr) * d for wk, d in zip(w, dLdata_dw)]
    without = [float(wk) - float(lr) * d for wk, d in zip(w, dLdata_dw)]
    return {
        "z": z,
        "a": a,
        "L_data": L_data,
        "squares": squares,
        "half_lam": lam / 2,
        "sum_squares": sum(squares),
        "penalty": penalty,
        "L": L_data + float(penalty),
        "dLdata_dz": dz,
        "dLdata_dw": dLdata_dw,
        "lam_w": [lam * wk for wk in w],
        "dL_dw": dL_dw,
        "dL_db": dz,
        "lr_dL_dw": [float(lr) * d for d in dL_dw],
        "decay": decay,
        "decayed_w": [decay * wk for wk in w],
        "lr_dLdata_dw": [float(lr) * d for d in dLdata_dw],
        "w_new": w_new,
        "b_new": float(b) - float(lr) * dz,
        "w_new_without_decay": without,
        "b_new_without_decay": float(b) - float(lr) * dz,
        "change": [n - o for n, o in zip(w_new, without)],
        "lr_lam": lr * lam,
        "t_half": math.log(2) / -math.log(decay),
        "halving_updates": math.ceil(math.log(2) / -math.log(decay)),
        "after_68": float(decay) ** 68,
        "after_69": float(decay) ** 69,
    }


def by_hand_4(g):
    x, y, w, b = exact(g["x"]), exact(g["y"]), exact(g["w"]), exact(g["b"])
    a_prev, zs, acts = x, [], []
    for _ in range(4):
        zs.append(w * a_prev + b)
        acts.append(sigmoid(zs[-1]))
        a_prev = acts[-1]
    slopes = [s * (1 - s) for s in acts]
    dz = [None] * 4
    dz[3] = acts[3] - y  # BP1, cross-entropy
    for l in (2, 1, 0):
        dz[l] = dz[l + 1] * w * slopes[l]  # BP2, one unit a layer
    inputs = [x, *acts[:3]]
    edge = math.log((1 + math.sqrt(0.5)) / (1 - math.sqrt(0.5)))
    return {
        "max_slope": Fraction(1, 4),
        "z": zs,
        "a": acts,
        "slope": slopes,
        "L": -math.log(acts[3]),
        "dz4": dz[3],
        "db": dz,
        "dw": [inputs[l] * dz[l] for l in range(4)],
        "factor": w * slopes[0],
        "bound_10": Fraction(1, 4) ** 9,
        "z_edge": edge,
        "window": 2 * edge / 8,
    }


# ---------------------------------------------------------------- the same values from lessonkit's engine


def model_2(g):
    model = lk.MLP([2, 2, 1], activation="sigmoid")  # a sigmoid hidden layer, then the logit
    for p, v in zip(model.params, (g["W1"], g["b1"], g["W2"], g["b2"])):
        p[...] = v
    return model, np.array([g["x"]], dtype=float), np.array([[g["y"]]], dtype=float)


def engine_2(g):
    model, X, Y = model_2(g)
    Z2 = model.forward(X)
    L, dY = losses.bce_with_logits(Z2, Y)  # the sigmoid output and its cross-entropy, dY = a − y
    dA0 = model.backward(dY)
    hidden, out = model.layers
    dA1 = out.backward(dY)  # what layer 2 passes down
    dW1, db1, dW2, db2 = (g.copy() for g in model.grads)
    got = {"Z1": hidden.X @ hidden.W + hidden.b, "A1": hidden.A[0], "Z2": Z2.item(), "L": L}
    got |= {"dZ2": dY.item(), "dW2": dW2, "db2": db2, "dA1": dA1[0], "dW1": dW1, "db1": db1, "dA0": dA0[0]}
    got |= {"slope1": lk.activations.get("sigmoid").df(got["Z1"])[0], "Z1": got["Z1"][0]}
    got["dZ1"] = got["dA1"] * got["slope1"]
    lk.optim.SGD(g["lr"]).step(model.params, model.grads)
    got |= dict(zip(("W1_new", "b1_new", "W2_new", "b2_new"), (p.copy() for p in model.params)))
    Z2_after = model.forward(X)
    got |= {"Z1_after": (hidden.X @ hidden.W + hidden.b)[0], "A1_after": hidden.A[0], "Z2_after": Z2_after.item()}
    got |= {"a_after": losses.softmax(np.array([[0.0, Z2_after.item()]]))[0, 1]}  # σ(z) = softmax([0, z])₁
    got["L_after"] = losses.bce_with_logits(Z2_after, Y)[0]
    return got


def engine_3(g):
    step = lk.neuron_step(x=g["x"], y=g["y"], w=g["w"], b=g["b"], lr=g["lr"])
    # the two paths, summed by autograd: L = cross-entropy + λ/2 Σ w²
    w = [Value(v) for v in g["w"]]
    b = Value(g["b"])
    a = (w[0] * g["x"][0] + w[1] * g["x"][1] + b).sigmoid()
    L_data = -(g["y"] * a.log() + (1 - g["y"]) * (1 - a).log())
    L = L_data + g["lam"] / 2 * (w[0] ** 2 + w[1] ** 2)
    L.backward()
    dL_dw = np.array([wk.grad for wk in w])
    return {
        "z": step.z,
        "a": step.a,
        "L_data": step.loss,
        "L": L.data,
        "penalty": L.data - L_data.data,
        "dLdata_dz": step.dL_dz,
        "dLdata_dw": step.grad_w,
        "dL_dw": dL_dw,
        "dL_db": b.grad,
        "lam_w": dL_dw - step.grad_w,
        "w_new": step.w - g["lr"] * dL_dw,
        "b_new": step.b_new,
        "w_new_without_decay": step.w_new,
        "b_new_without_decay": step.b_new,
    }


def model_4(g):
    model = lk.MLP([1, 1, 1, 1, 1], activation="sigmoid")  # three sigmoid units, then the logit
    for W, b in zip(model.params[::2], model.params[1::2]):
        W[...], b[...] = g["w"], g["b"]
    return model, np.array([[g["x"]]], dtype=float), np.array([[g["y"]]], dtype=float)


def engine_4(g):
    model, X, Y = model_4(g)
    logit = model.forward(X)
    L, dY = losses.bce_with_logits(logit, Y)
    model.backward(dY)
    zs = [(layer.X @ layer.W + layer.b).item() for layer in model.layers]
    acts = [layer.A.item() for layer in model.layers[:3]] + [losses.softmax(np.array([[0.0, logit.item()]]))[0, 1]]
    sigmoid_prime = lk.activations.get("sigmoid").df
    # where w σ'(z) = 1 for w = 8: bisection on the engine's slope, no formula
    lo, hi = 0.0, 10.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if 8 * sigmoid_prime(mid) > 1 else (lo, mid)
    return {
        "max_slope": sigmoid_prime(0.0),
        "z": zs,
        "a": acts,
        "slope": [sigmoid_prime(z) for z in zs],
        "L": L,
        "dz4": dY.item(),
        "db": [g.item() for g in model.grads[1::2]],
        "dw": [g.item() for g in model.grads[::2]],
        "z_edge": lo,
        "window": 2 * lo / 8,
    }


def engine_1(_):
    df = lk.activations.get("sigmoid").df
    return {"sigma_prime_0": df(0.0), "sigma_prime_5": df(5.0), "ratio": df(0.0) / df(5.0)}


ENGINE = {1: engine_1, 2: engine_2, 3: engine_3, 4: engine_4}


def as_floats(value):
    return np.asarray(np.vectorize(float)(np.asarray(value, dtype=object)), dtype=float)


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("n", PROBLEMS)
def test_the_engine_gives_the_values_computed_by_hand(n):
    engine, hand = ENGINE[n](sheet_given(n)), expected(n)
    assert len(engine) >= 3
    for name, value in engine.items():
        np.testing.assert_allclose(
            as_floats(value).reshape(np.shape(hand[name])), as_floats(hand[name]), rtol=1e-12, atol=1e-15, err_msg=name
        )


def test_problem_2_s_gradients_are_the_slopes_finite_differences_measure():
    model, X, Y = model_2(sheet_given(2))
    L, dY = losses.bce_with_logits(model.forward(X), Y)
    dX = model.backward(dY)

    def f():
        return losses.bce_with_logits(model.forward(X), Y)[0]

    assert lk.gradient_check(f, model.params, model.grads) < 1e-7
    assert lk.gradient_check(f, [X], [dX]) < 1e-7
    hand = expected(2)
    np.testing.assert_allclose(model.grads[0], as_floats(hand["dW1"]), rtol=1e-12)
    np.testing.assert_allclose(dX[0], as_floats(hand["dA0"]), rtol=1e-12)


def test_problem_2_s_numbers_carried_rounded_give_the_same_answer():
    # the solutions say so: a learner who carries A1 after the update rounded to five digits gets a and L the same
    hand = expected(2)
    a = 1 / (1 + math.exp(-hand["Z2_after_from_rounded"]))
    assert f"{a:.5g}" == f"{hand['a_after']:.5g}" and f"{-math.log(a):.5g}" == f"{hand['L_after']:.5g}"


def test_problem_3_s_two_paths_add_up_as_finite_differences_measure():
    g = sheet_given(3)
    x, y, b, lam = np.array(g["x"], dtype=float), g["y"], g["b"], g["lam"]

    def loss(w, b):
        a = 1 / (1 + np.exp(-(w @ x + b)))
        return -(y * np.log(a) + (1 - y) * np.log(1 - a)) + lam / 2 * np.sum(w**2)

    w = np.array(g["w"], dtype=float)
    eps = 1e-6
    numeric = [(loss(w + eps * e, b) - loss(w - eps * e, b)) / (2 * eps) for e in np.eye(2)]
    hand = expected(3)
    np.testing.assert_allclose(numeric, as_floats(hand["dL_dw"]), rtol=1e-8)
    np.testing.assert_allclose((loss(w, b + eps) - loss(w, b - eps)) / (2 * eps), float(hand["dL_db"]), rtol=1e-8)


def test_problem_4_s_gradients_are_the_slopes_finite_differences_measure():
    model, X, Y = model_4(sheet_given(4))
    _, dY = losses.bce_with_logits(model.forward(X), Y)
    model.backward(dY)
    assert lk.gradient_check(lambda: losses.bce_with_logits(model.forward(X), Y)[0], model.params, model.grads) < 1e-7


def test_the_four_equations_are_the_network_s_gradients():
    """Problem 1: BP1 to BP4 in rows, written out here, on a 2-3-2-1 sigmoid network and a batch of 4, give
    MLP.backward's gradients and the slopes finite differences measure; BP1 with cross-entropy is (A − Y)/n."""
    rng = np.random.default_rng(0)
    model = lk.MLP([2, 3, 2, 1], activation="sigmoid", seed=1)
    X, Y = rng.normal(size=(4, 2)), rng.integers(0, 2, size=(4, 1)).astype(float)
    (W1, b1, W2, b2, W3, b3), n = model.params, len(X)
    s = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    A0 = X
    Z1 = A0 @ W1 + b1
    A1 = s(Z1)
    Z2 = A1 @ W2 + b2
    A2 = s(Z2)
    Z3 = A2 @ W3 + b3
    A3 = s(Z3)  # the sigmoid output, scored with cross-entropy
    dA3 = -(Y / A3 - (1 - Y) / (1 - A3)) / n
    dZ3 = dA3 * A3 * (1 - A3)  # BP1
    np.testing.assert_allclose(dZ3, (A3 - Y) / n, rtol=1e-10)  # step 3: σ' cancels
    dZ2 = (dZ3 @ W3.T) * A2 * (1 - A2)  # BP2
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    ours = [A0.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0), A2.T @ dZ3, dZ3.sum(axis=0)]  # BP4, BP3
    L, dY = losses.bce_with_logits(model.forward(X), Y)
    model.backward(dY)
    for mine, theirs in zip(ours, model.grads):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-16)
    assert lk.gradient_check(lambda: losses.bce_with_logits(model.forward(X), Y)[0], model.params, ours) < 1e-7
    # step 8.3: with the mean squared error, BP1 keeps σ'(Z): dZ = (2/n)(A − Y) ⊙ σ'(Z)
    Z = rng.normal(size=(4, 1))
    dZ = 2 / n * (s(Z) - Y) * s(Z) * (1 - s(Z))
    assert lk.gradient_check(lambda: losses.mse(s(Z), Y)[0], [Z], [dZ]) < 1e-7


def test_every_number_of_the_solutions_is_the_value_computed():
    found = complaints(SOLUTIONS.read_text(encoding="utf-8"), SHEET.read_text(encoding="utf-8"))
    assert not found, "docs/teacher/problem_solutions.md:\n" + "\n".join(found)


def mutations(text):
    """``text`` with one number changed, for each number the check must catch: each number of a block, and
    each decimal number of the text, with a 7 written after its last digit."""
    for m in re.finditer(r"^ *```text\n.*?^ *```", text, re.M | re.S):
        for n in SIGNED.finditer(m.group()):
            at = m.start() + n.end()
            yield text[:at] + "7" + text[at:]
    for n in DECIMAL.finditer(text):
        yield text[: n.end()] + "7" + text[n.end() :]


def test_a_changed_number_is_caught():
    text, sheet = SOLUTIONS.read_text(encoding="utf-8"), SHEET.read_text(encoding="utf-8")
    changed = list(mutations(text))
    assert len(changed) > 200
    missed = [t for t in changed if not complaints(t, sheet)]
    assert not missed, f"{len(missed)} changed numbers pass the check"


def test_the_sheet_gives_the_data_and_no_solution():
    text = SHEET.read_text(encoding="utf-8")
    assert sorted(sections(text)) == list(PROBLEMS)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert not [h for h in headings if re.search(r"solution|answer", h, re.I)], headings
    in_sheet = set(DECIMAL.findall(text.replace("\u2212", "-")))
    data = set().union(*(strings_of(v) for n in PROBLEMS for v in data_strings(text, n)))
    for n in PROBLEMS:
        results = set().union(*(strings_of(v) for v in written(SOLUTIONS.read_text(encoding="utf-8"), n).values()))
        shown = sorted((results - data) & in_sheet)
        assert not shown, f"docs/problems.md shows problem {n}'s results {shown}"
