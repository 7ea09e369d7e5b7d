"""The scalar autograd ``Value`` (lessonkit.autograd) against plain-float functions,
centred finite differences, hand-derived gradients and the numpy neuron."""

import math
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lessonkit as lk
from lessonkit.autograd import Value

LEAVES = 3  # leaf Values per random expression


def sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


def centred_differences(f, point, h=1e-6):
    """(f(p + h eᵢ) − f(p − h eᵢ)) / 2h for every coordinate i of ``point``."""
    grads = []
    for i in range(len(point)):
        plus, minus = list(point), list(point)
        plus[i] += h
        minus[i] -= h
        grads.append((f(plus) - f(minus)) / (2 * h))
    return grads


# ---- random expressions ---------------------------------------------------------------
#
# An expression is built node by node from drawn choices, as a pair: the Value, and the
# same formula as a plain-float function of the leaves (math module only). Each node knows
# its current value, so only operations defined there (with a margin) are offered: log on
# positive arguments, division away from 0, relu away from its kink, fractional powers of
# positive numbers, exp and powers where the result stays moderate. The margins are far
# larger than the finite-difference step, so f is smooth around the point.

UNARY = ("exp", "log", "tanh", "sigmoid", "relu", "pow", "neg")
BINARY = ("+", "-", "*", "/")
CONST_OPS = ("c+", "c-", "c*", "c/")  # a Python float on the left: __radd__, __rsub__, __rmul__, __rtruediv__


def allowed_unary(op, v):
    return {
        "exp": abs(v) < 3,
        "log": v > 0.1,
        "tanh": True,
        "sigmoid": True,
        "relu": abs(v) > 0.05,
        "pow": abs(v) < 5,
        "neg": True,
    }[op]


def build(draw, leaves, depth):
    """A random expression over ``leaves`` (Values): (value, f) with f(list of floats) → float."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        i = draw(st.integers(0, len(leaves) - 1))  # a leaf may be drawn more than once
        return leaves[i], lambda p: p[i]
    kind = draw(st.sampled_from(("unary", "binary", "const")))
    u, fu = build(draw, leaves, depth - 1)
    if kind == "unary":
        op = draw(st.sampled_from([op for op in UNARY if allowed_unary(op, u.data)]))
        if op == "exp":
            return u.exp(), lambda p: math.exp(fu(p))
        if op == "log":
            return u.log(), lambda p: math.log(fu(p))
        if op == "tanh":
            return u.tanh(), lambda p: math.tanh(fu(p))
        if op == "sigmoid":
            return u.sigmoid(), lambda p: sigmoid(fu(p))
        if op == "relu":
            return u.relu(), lambda p: max(fu(p), 0.0)
        if op == "neg":
            return -u, lambda p: -fu(p)
        ks = [2, 3] + ([-1, -2] if abs(u.data) > 0.3 else []) + ([0.5, 1.5, -0.5] if u.data > 0.1 else [])
        k = draw(st.sampled_from(ks))
        return u**k, lambda p: fu(p) ** k
    if kind == "binary":
        v, fv = build(draw, leaves, depth - 1)
        ops = ["+", "-"] + (["*"] if abs(u.data * v.data) < 50 else []) + (["/"] if abs(v.data) > 0.3 else [])
        op = draw(st.sampled_from(ops))
        if op == "+":
            return u + v, lambda p: fu(p) + fv(p)
        if op == "-":
            return u - v, lambda p: fu(p) - fv(p)
        if op == "*":
            return u * v, lambda p: fu(p) * fv(p)
        return u / v, lambda p: fu(p) / fv(p)
    c = draw(st.floats(-2, 2).filter(lambda c: abs(c) > 0.1))
    ops = ["c+", "c-", "c*"] + (["c/"] if abs(u.data) > 0.3 else [])
    op = draw(st.sampled_from(ops))
    if op == "c+":
        return c + u, lambda p: c + fu(p)
    if op == "c-":
        return c - u, lambda p: c - fu(p)
    if op == "c*":
        return c * u, lambda p: c * fu(p)
    return c / u, lambda p: c / fu(p)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_random_expressions_match_floats_and_finite_differences(data):
    point = data.draw(st.lists(st.floats(-2, 2), min_size=LEAVES, max_size=LEAVES), label="leaves")
    leaves = [Value(p, label=f"x{i}") for i, p in enumerate(point)]
    out, f = build(data.draw, leaves, depth=4)
    expected = f(point)
    assert out.data == pytest.approx(expected, rel=1e-12, abs=1e-12), "forward differs from the float function"
    out.backward()
    numeric = centred_differences(f, point)
    for i, (leaf, n) in enumerate(zip(leaves, numeric)):
        scale = max(1.0, abs(expected), abs(n))
        assert abs(leaf.grad - n) <= 1e-5 * scale, f"x{i}: grad {leaf.grad!r}, finite differences {n!r}"


@settings(max_examples=100, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3))
def test_every_operation_by_itself(p, q):
    """Each operation on its own, forward and both grads against the textbook derivative."""
    cases = [  # (Value expression, float value, d/dp, d/dq)
        (lambda a, b: a + b, p + q, 1.0, 1.0),
        (lambda a, b: a - b, p - q, 1.0, -1.0),
        (lambda a, b: a * b, p * q, q, p),
        (lambda a, b: a * 2.5 + b**3, 2.5 * p + q**3, 2.5, 3 * q * q),
        (lambda a, b: a.exp() + b.tanh(), math.exp(p) + math.tanh(q), math.exp(p), 1 - math.tanh(q) ** 2),
        (lambda a, b: a.sigmoid() - 4 - b, sigmoid(p) - 4 - q, sigmoid(p) * (1 - sigmoid(p)), -1.0),
    ]
    if abs(q) > 0.1:
        cases.append((lambda a, b: a / b, p / q, 1 / q, -p / q**2))
        cases.append((lambda a, b: 1 / b + 0 * a, 1 / q, 0.0, -1 / q**2))
    if abs(p) > 1e-3:
        cases.append((lambda a, b: a.relu() * b, max(p, 0) * q, float(p > 0) * q, max(p, 0)))
    if p > 0.1:
        cases.append((lambda a, b: a.log() + b, math.log(p) + q, 1 / p, 1.0))
        cases.append((lambda a, b: a**0.5, math.sqrt(p), 0.5 / math.sqrt(p), 0.0))
    for k, (expr, value, dp, dq) in enumerate(cases):
        a, b = Value(p), Value(q)
        out = expr(a, b)
        out.backward()
        assert out.data == pytest.approx(value, rel=1e-12, abs=1e-12), f"case {k}: forward"
        assert (a.grad, b.grad) == pytest.approx((dp, dq), rel=1e-9, abs=1e-12), f"case {k}: grads"


# ---- a value used more than once ----------------------------------------------------


def test_square_by_multiplication():
    u = Value(3.0)
    out = u * u
    out.backward()
    assert out.data == 9.0
    assert u.grad == 6.0  # d(u²)/du = 2u: both inputs of * are u, both contributions count


def test_node_used_twice():
    p, q = Value(-1.5), Value(4.0)
    out = p * q + p
    out.backward()
    assert out.data == -7.5
    assert p.grad == 5.0  # ∂/∂p (pq + p) = q + 1
    assert q.grad == -1.5  # ∂/∂q = p


def test_node_used_in_three_places():
    x, y = Value(0.7), Value(-1.2)
    out = x * y + x.tanh() + x**2  # x feeds three operations
    out.backward()
    assert out.data == pytest.approx(0.7 * -1.2 + math.tanh(0.7) + 0.49, rel=1e-14)
    assert x.grad == pytest.approx(-1.2 + (1 - math.tanh(0.7) ** 2) + 2 * 0.7, rel=1e-14)  # y + tanh'(x) + 2x
    assert y.grad == pytest.approx(0.7, rel=1e-14)


def test_an_intermediate_used_twice():
    x = Value(0.3)
    h = x.exp()  # used by both terms below
    out = h * h + h  # e^{2x} + e^x
    out.backward()
    assert out.data == pytest.approx(math.exp(0.6) + math.exp(0.3), rel=1e-14)
    assert x.grad == pytest.approx(2 * math.exp(0.6) + math.exp(0.3), rel=1e-14)
    assert h.grad == pytest.approx(2 * math.exp(0.3) + 1, rel=1e-14)  # d/dh (h² + h) = 2h + 1


# ---- backward twice -------------------------------------------------------------------


def test_second_backward_without_zero_grad_doubles_u_times_u():
    u = Value(3.0)
    out = u * u
    out.backward()
    assert u.grad == 6.0
    out.backward()
    assert u.grad == 12.0, "a second backward adds onto the first: exactly twice the right 2u"
    out.zero_grad()
    assert (u.grad, out.grad) == (0.0, 0.0)
    out.backward()
    assert u.grad == 6.0, "after zero_grad, backward gives the right gradient again"


def test_second_backward_without_zero_grad_is_wrong_on_a_longer_graph():
    x, w, b = Value(1.0), Value(0.5), Value(0.1)
    out = (w * x + b).tanh()
    out.backward()
    t = math.tanh(0.6)
    right = {"w": (1 - t * t) * 1.0, "x": (1 - t * t) * 0.5, "b": 1 - t * t}
    assert (w.grad, x.grad, b.grad) == pytest.approx((right["w"], right["x"], right["b"]), rel=1e-14)
    out.backward()
    for name, v in (("w", w), ("x", x), ("b", b)):
        assert v.grad != pytest.approx(right[name], rel=1e-6), f"{name}: a second backward left the grad right"
        assert abs(v.grad) > 2.5 * abs(right[name]), (
            f"{name}: the intermediates pass on their stale gradients too, so more than twice, got "
            f"{v.grad / right[name]:.3g}×"
        )
    out.zero_grad()
    out.backward()
    assert (w.grad, x.grad, b.grad) == pytest.approx((right["w"], right["x"], right["b"]), rel=1e-14)


# ---- our example's neuron, built from Values -------------------------------------------


def example_neuron():
    """L = −log σ(w·x + b) with x = [1, 2], y = 1, w = [0.5, −0.5], b = 0.1, as Values."""
    x1, x2 = Value(1.0, label="x1"), Value(2.0, label="x2")
    w1, w2, b = Value(0.5, label="w1"), Value(-0.5, label="w2"), Value(0.1, label="b")
    z = w1 * x1 + w2 * x2 + b
    a = z.sigmoid()
    L = -a.log()
    return dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, z=z, a=a, L=L)


def test_example_neuron_from_values():
    v = example_neuron()
    v["L"].backward()
    a = sigmoid(-0.4)  # z = 0.5·1 − 0.5·2 + 0.1
    assert v["z"].data == pytest.approx(-0.4, abs=1e-15)
    assert v["L"].data == pytest.approx(-math.log(a), rel=1e-14)
    # by hand: ∂L/∂z = a − 1, ∂L/∂w = (a − 1) x, ∂L/∂b = a − 1, ∂L/∂x = (a − 1) w
    assert [v[k].grad for k in ("w1", "w2", "b")] == pytest.approx([a - 1, 2 * (a - 1), a - 1], rel=1e-12)
    assert [v[k].grad for k in ("x1", "x2")] == pytest.approx([0.5 * (a - 1), -0.5 * (a - 1)], rel=1e-12)
    assert (round(v["a"].grad, 3), round(v["z"].grad, 3), round(v["w2"].grad, 3)) == (-2.492, -0.599, -1.197)

    step = lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.1)
    assert v["L"].data == pytest.approx(step.loss, rel=1e-12)
    np.testing.assert_allclose([v["w1"].grad, v["w2"].grad], step.grad_w, rtol=1e-12)
    assert v["b"].grad == pytest.approx(step.grad_b, rel=1e-12)
    assert v["z"].grad == pytest.approx(step.dL_dz, rel=1e-12) and v["a"].grad == pytest.approx(step.dL_da, rel=1e-12)

    wb = np.array([0.5, -0.5, 0.1])

    def L():  # the same loss in numpy, for gradient_check
        return -np.log(1 / (1 + np.exp(-(wb[0] * 1 + wb[1] * 2 + wb[2]))))

    err = lk.gradient_check(L, [wb], [np.array([v["w1"].grad, v["w2"].grad, v["b"].grad])])
    assert err < 1e-7, f"Value grads vs finite differences: relative error {err:.2e}"


# ---- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize("data", ["a", None, [1.0], True, 1 + 2j], ids=repr)
def test_value_of_a_non_number_names_data(data):
    with pytest.raises(TypeError, match=r"^data: expected a number"):
        Value(data)


@pytest.mark.parametrize("data", [0.0, -1.0, -1e-300])
def test_log_of_a_non_positive_value(data):
    with pytest.raises(ValueError, match=r"^log: expected a positive value"):
        Value(data).log()


def test_an_operation_with_a_non_number_names_data():
    with pytest.raises(TypeError, match=r"^data: "):
        Value(1.0) + "a"
    with pytest.raises(TypeError, match=r"^k: "):
        Value(2.0) ** Value(2.0)


# ---- the drawing ----------------------------------------------------------------------


def box_text(boxes, value):
    return boxes[id(value)].get_text()


def test_value_graph_draws_one_box_per_value():
    v = example_neuron()
    v["L"].backward()
    fig, ax = lk.plots.figure(width=8, height=4)
    boxes = lk.plots.value_graph(ax, v["L"])
    # the values of the graph, counted by hand: x1, w1, x2, w2, b; w1*x1, w2*x2, their sum, + b (= z);
    # σ(z) (= a); log a; the constant −1 and the product (−1)·log a (= L): 13
    assert len(boxes) == 13
    assert len(ax.texts) == 13
    assert all(t.get_bbox_patch() is not None for t in ax.texts), "every value is drawn in a box"
    a = sigmoid(-0.4)
    by_hand = {  # value: (data, grad), by hand
        "x1": (1.0, 0.5 * (a - 1)),
        "x2": (2.0, -0.5 * (a - 1)),
        "w1": (0.5, a - 1),
        "w2": (-0.5, 2 * (a - 1)),
        "b": (0.1, a - 1),
        "z": (-0.4, a - 1),
        "a": (a, -1 / a),
        "L": (-math.log(a), 1.0),
    }
    for name, (data, grad) in by_hand.items():
        text = box_text(boxes, v[name])
        assert f"{data:.3f}" in text, f"{name}: data {data:.3f} not in the box {text!r}"
        assert f"grad {grad:.3f}" in text, f"{name}: grad {grad:.3f} not in the box {text!r}"
    for name in ("x1", "w1", "x2", "w2", "b"):
        assert box_text(boxes, v[name]).startswith(name), "a labelled value shows its label"
    assert "0.401\ngrad -2.492" in box_text(boxes, v["a"])
    # inputs on the left, L on the right
    x_of = {k: boxes[id(v[k])].get_position()[0] for k in v}
    assert x_of["L"] == max(t.get_position()[0] for t in ax.texts)
    assert x_of["w1"] < x_of["z"] < x_of["a"] < x_of["L"]
    assert lk.plots.png(fig).startswith(b"\x89PNG")


def test_value_graph_of_a_value_used_twice():
    u = Value(3.0, label="u")
    out = u * u
    out.backward()
    fig, ax = lk.plots.figure()
    boxes = lk.plots.value_graph(ax, out)
    assert len(boxes) == len(ax.texts) == 2, "u is one value, drawn once"
    assert "3.000" in box_text(boxes, u) and "grad 6.000" in box_text(boxes, u)
    assert "9.000" in box_text(boxes, out) and "grad 1.000" in box_text(boxes, out)
    assert len(ax.patches) == 2, "two arrows from u to u·u, one per use"


# ---- deep graphs: no recursion ----------------------------------------------------------
#
# A learner who adds up a loss over a data set in a loop (total = total + term) builds a
# graph as deep as the data set is long. backward(), zero_grad() and topological_order()
# walk it with an explicit stack, so the depth is not limited by Python's recursion limit.

DEEP = 5_000  # levels: five times the default recursion limit


def test_a_loss_summed_in_a_loop_over_many_examples():
    rng = np.random.default_rng(0)
    xs, ys = rng.normal(size=DEEP), rng.normal(size=DEEP)
    w, b = Value(0.3, label="w"), Value(-0.1, label="b")
    total = Value(0.0)
    for x, y in zip(xs, ys):
        total = total + (w * float(x) + b - float(y)) ** 2  # one more level per example
    assert len(total.topological_order()) > 5 * DEEP > sys.getrecursionlimit()
    total.backward()
    residuals = [0.3 * x - 0.1 - y for x, y in zip(xs, ys)]  # closed form, with floats
    assert total.data == pytest.approx(math.fsum(r * r for r in residuals), rel=1e-12)
    assert w.grad == pytest.approx(math.fsum(2 * r * x for r, x in zip(residuals, xs)), rel=1e-10)
    assert b.grad == pytest.approx(math.fsum(2 * r for r in residuals), rel=1e-10)


def test_a_sum_50_000_deep():
    leaves = [Value(float(i % 7 - 3)) for i in range(50_000)]
    total = Value(0.0)
    for v in leaves:
        total = total + v * v
    total.backward()
    assert all(v.grad == 2 * v.data for v in leaves)  # d(Σ v²)/dv = 2v, exactly


def test_a_chain_of_5000_tanh_steps_against_the_chain_rule_and_finite_differences():
    steps, c = DEEP, 0.001

    def f(x):  # the same chain with floats: h ← h + c tanh(h)
        h = x
        for _ in range(steps):
            h = h + c * math.tanh(h)
        return h

    x = Value(0.5)
    h = x
    for _ in range(steps):
        h = h + c * h.tanh()
    h.backward()
    assert h.data == pytest.approx(f(0.5), rel=1e-12)
    hs, slope = [0.5], 1.0
    for _ in range(steps):
        slope *= 1 + c * (1 - math.tanh(hs[-1]) ** 2)  # chain rule by hand: Π dh_{k+1}/dh_k
        hs.append(hs[-1] + c * math.tanh(hs[-1]))
    assert x.grad == pytest.approx(slope, rel=1e-10)
    assert x.grad == pytest.approx(centred_differences(lambda p: f(p[0]), [0.5])[0], rel=1e-6)


def test_a_product_of_5000_values():
    rng = np.random.default_rng(1)
    data = rng.uniform(0.9, 1.1, size=DEEP)
    leaves = [Value(float(d)) for d in data]
    product = Value(1.0)
    for v in leaves:
        product = product * v
    product.backward()
    expected = math.prod(data)
    assert product.data == pytest.approx(expected, rel=1e-12)
    for v, d in zip(leaves[::250], data[::250]):
        assert v.grad == pytest.approx(expected / d, rel=1e-10)  # ∂(Π x)/∂x_j = Π x / x_j


def test_zero_grad_and_backward_again_on_a_deep_graph():
    leaves = [Value(float(i % 5)) for i in range(DEEP)]
    total = Value(0.0)
    for v in leaves:
        total = total + v.tanh()
    total.backward()
    total.zero_grad()
    assert all(v.grad == 0.0 for v in total.topological_order())
    total.backward()
    assert all(v.grad == pytest.approx(1 - math.tanh(v.data) ** 2, rel=1e-14) for v in leaves)


@pytest.mark.parametrize("deep", [False, True], ids=["shared inputs", "5000 deep"])
def test_topological_order_puts_every_value_after_its_inputs(deep):
    if deep:
        x = Value(0.2)
        out = x
        for k in range(DEEP):
            out = out * 0.5 + x if k % 2 else (out + x).tanh()  # x feeds every level
    else:
        v = example_neuron()
        out = v["L"] * v["z"] + v["a"]  # z and a used twice
    order = out.topological_order()
    position = {id(v): i for i, v in enumerate(order)}
    assert len(position) == len(order), "each value once"
    assert order[-1] is out
    for v in order:
        assert all(position[id(c)] < position[id(v)] for c in v._prev), "an input after its user"
    stack, reachable = [out], set()  # everything out depends on is in the order
    while stack:
        v = stack.pop()
        if id(v) not in reachable:
            reachable.add(id(v))
            stack.extend(v._prev)
    assert reachable == set(position)
