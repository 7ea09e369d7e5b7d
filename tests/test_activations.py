import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lessonkit as lk
from lessonkit import activations

NAMES = list(activations.ACTIVATIONS)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", range(3))
def test_derivative_matches_finite_differences(name, seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, size=rng.integers(1, 6, size=2))
    z[np.abs(z) < 1e-3] = 0.5  # keep away from relu's kink
    act = activations.get(name)
    # d/dz of sum(f(z)) is f'(z) elementwise
    err = lk.gradient_check(lambda: act.f(z).sum(), [z], [act.df(z)])
    assert err < 1e-6


@pytest.mark.parametrize("name", NAMES)
def test_derivative_from_output_equals_derivative_from_input(name):
    z = np.linspace(-5, 5, 41) + 0.01
    act = activations.get(name)
    np.testing.assert_allclose(act.df_a(act.f(z)), act.df(z), rtol=1e-12, atol=1e-15)


def test_known_values():
    assert activations.sigmoid(0.0) == 0.5
    assert activations.sigmoid_prime(0.0) == 0.25
    np.testing.assert_allclose(activations.sigmoid(np.log(3.0)), 0.75)
    assert activations.tanh_prime(0.0) == 1.0
    np.testing.assert_array_equal(activations.relu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(activations.relu_prime(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(activations.identity_prime(np.zeros(3)), np.ones(3))


def test_sigmoid_is_notebook_00s_formula_bit_for_bit():
    z = np.linspace(-30, 30, 601)
    np.testing.assert_array_equal(activations.sigmoid(z), 1 / (1 + np.exp(-z)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arrays(np.float64, st.integers(1, 50), elements=st.floats(-1e6, 1e6)))
def test_stable_over_wide_ranges(no_warnings, z):
    for act in activations.ACTIVATIONS.values():
        a, d = act.f(z), act.df(z)
        assert np.isfinite(a).all() and np.isfinite(d).all()
    s = activations.sigmoid(z)
    assert ((s >= 0) & (s <= 1)).all()
    assert (activations.sigmoid_prime(z) >= 0).all()
    assert (np.abs(activations.tanh(z)) <= 1).all()
