import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessonkit import losses
from tests.conftest import check_loss_grad


@pytest.mark.parametrize("seed", range(5))
def test_gradients_match_finite_differences(seed):
    rng = np.random.default_rng(seed)
    n, k = rng.integers(1, 8), rng.integers(2, 6)
    check_loss_grad(losses.mse, rng.normal(size=(n, k)), rng.normal(size=(n, k)))
    check_loss_grad(losses.bce, rng.uniform(0.05, 0.95, size=n), rng.integers(0, 2, size=n).astype(float))
    check_loss_grad(losses.bce_with_logits, rng.normal(0, 3, size=(n, 1)), rng.uniform(0, 1, size=(n, 1)))
    check_loss_grad(losses.softmax_cross_entropy, rng.normal(0, 2, size=(n, k)), rng.integers(0, k, size=n))


def test_values_by_hand():
    assert losses.mse([1.0, 2.0], [0.0, 0.0])[0] == pytest.approx(2.5)
    np.testing.assert_allclose(losses.mse([1.0, 2.0], [0.0, 0.0])[1], [1.0, 2.0])
    assert losses.bce([0.5], [1.0])[0] == pytest.approx(np.log(2))
    assert losses.bce([0.8, 0.2], [1.0, 0.0])[0] == pytest.approx(-np.log(0.8))
    assert losses.bce_with_logits([0.0], [1.0])[0] == pytest.approx(np.log(2))
    # uniform logits over k classes: log k; and the gradient (1/k - onehot) / n
    value, grad = losses.softmax_cross_entropy(np.zeros((2, 4)), [1, 3])
    assert value == pytest.approx(np.log(4))
    np.testing.assert_allclose(grad, (np.full((2, 4), 0.25) - np.eye(4)[[1, 3]]) / 2)


def test_bce_with_logits_equals_bce_of_sigmoid():
    z = np.linspace(-8, 8, 33)
    y = (np.arange(33) % 2).astype(float)
    a = 1 / (1 + np.exp(-z))
    v1, g1 = losses.bce_with_logits(z, y)
    v2, g2 = losses.bce(a, y)
    assert v1 == pytest.approx(v2, rel=1e-10)
    np.testing.assert_allclose(g1, g2 * a * (1 - a), rtol=1e-8)  # chain rule through σ


def test_softmax_cross_entropy_of_two_classes_is_bce_of_the_logit_difference():
    rng = np.random.default_rng(0)
    Z = rng.normal(0, 3, size=(10, 2))
    labels = rng.integers(0, 2, size=10)
    v1, _ = losses.softmax_cross_entropy(Z, labels)
    v2, _ = losses.bce_with_logits(Z[:, 1] - Z[:, 0], labels.astype(float))
    assert v1 == pytest.approx(v2, rel=1e-12)


wide = st.floats(-1000, 1000)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arrays(np.float64, st.integers(1, 20), elements=wide), st.data())
def test_logit_losses_are_stable_at_extreme_logits(no_warnings, z, data):
    y = data.draw(arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0])))
    value, grad = losses.bce_with_logits(z, y)
    assert np.isfinite(value) and value >= 0 and np.isfinite(grad).all()
    Z = np.stack([z, -z, np.zeros_like(z)], axis=1)
    labels = data.draw(arrays(np.int64, z.shape, elements=st.integers(0, 2)))
    value, grad = losses.softmax_cross_entropy(Z, labels)
    assert np.isfinite(value) and value >= 0 and np.isfinite(grad).all()
    np.testing.assert_allclose(grad.sum(axis=1), 0, atol=1e-12)  # softmax sums to 1


@pytest.mark.parametrize("z", [1000.0, -1000.0])
def test_extreme_logits_have_the_exact_limits(no_warnings, z):
    # a confidently right answer costs 0; a confidently wrong one costs |z|
    right = 1.0 if z > 0 else 0.0
    assert losses.bce_with_logits([z], [right])[0] == 0.0
    assert losses.bce_with_logits([z], [1 - right])[0] == pytest.approx(abs(z))
    assert losses.softmax_cross_entropy([[z, 0.0]], [1])[0] == pytest.approx(max(z, 0.0))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(0, 1)))
def test_bce_is_finite_at_probabilities_0_and_1(no_warnings, a):
    value, grad = losses.bce(a, np.round(1 - a))  # the worst targets
    assert np.isfinite(value) and np.isfinite(grad).all()
