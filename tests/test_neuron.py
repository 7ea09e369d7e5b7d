import numpy as np
import pytest

import lessonkit as lk
from lessonkit import activations


def example_in_plain_numpy():
    """The course's example in ten lines, as every learner first sees them (notebook 00)."""

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    x = np.array([1, 2])
    y_true = 1
    w = np.array([0.5, -0.5])
    b = 0.1
    lr = 0.1
    z = np.dot(w, x) + b
    output = sigmoid(z)
    error = output - y_true
    w = w - lr * error * x
    b = b - lr * error
    return w, b


def test_our_example_to_the_printed_digits():
    step = lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.1)
    w, b = example_in_plain_numpy()
    assert str(step.w_new) == str(w) == "[ 0.55986877 -0.38026247]"
    assert str(step.b_new) == str(b)
    assert f"{step.w_new[0]:.5f} {step.w_new[1]:.5f} {step.b_new:.5f}" == "0.55987 -0.38026 0.15987"
    np.testing.assert_array_equal(step.w_new, w)
    assert step.b_new == b


def test_our_example_intermediates_by_hand():
    s = lk.neuron_step([1, 2], 1, [0.5, -0.5], 0.1, 0.1)
    assert s.z == pytest.approx(-0.4)
    assert s.a == pytest.approx(1 / (1 + np.exp(0.4)))
    assert s.loss == pytest.approx(-np.log(s.a))
    assert s.dL_da == pytest.approx(-1 / s.a)
    assert s.da_dz == pytest.approx(s.a * (1 - s.a))
    assert s.dL_dz == pytest.approx(s.dL_da * s.da_dz)
    # the numbers notebook 03 writes out: (−2.492)(0.240)(1) = −0.599
    assert (round(s.dL_da, 3), round(s.da_dz, 3), round(s.grad_w[0], 3)) == (-2.492, 0.240, -0.599)


CASES = [("sigmoid", "bce"), ("sigmoid", "mse"), ("tanh", "mse"), ("relu", "mse"), ("identity", "mse")]


@pytest.mark.parametrize("activation,loss", CASES)
@pytest.mark.parametrize("seed", range(5))
def test_gradients_match_finite_differences(activation, loss, seed):
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 5))
    x, w = rng.normal(size=d), rng.normal(size=d)
    b, lr = float(rng.normal()), float(rng.uniform(0.01, 1))
    y = float(rng.integers(0, 2)) if loss == "bce" else float(rng.normal())
    s = lk.neuron_step(x, y, w, b, lr, activation, loss)
    if activation == "relu" and abs(s.z) < 1e-3:
        pytest.skip("at relu's kink")
    wb = np.append(w, b)  # parameters [w..., b] as one array

    def L():
        act = activations.get(activation)
        a = act.f(np.dot(wb[:-1], x) + wb[-1])
        return -(y * np.log(a) + (1 - y) * np.log(1 - a)) if loss == "bce" else (a - y) ** 2

    assert s.loss == pytest.approx(L(), rel=1e-10)
    assert lk.gradient_check(L, [wb], [np.append(s.grad_w, s.grad_b)]) < 1e-6
    assert s.dL_dz == pytest.approx(s.dL_da * s.da_dz, rel=1e-9)
    np.testing.assert_allclose(s.w_new, w - lr * s.grad_w)
    assert s.b_new == pytest.approx(b - lr * s.grad_b)


def test_saturated_sigmoid_stays_finite(no_warnings):
    s = lk.neuron_step([1.0], 0, [800.0], 0.0, 0.1)  # a rounds to 1, wrong by a mile
    assert s.loss == pytest.approx(800.0)
    assert s.dL_dz == 1.0 and np.isfinite(s.dL_da)
