import numpy as np
import pytest

from lessonkit import datasets


def test_digits_is_the_uci_set():
    X, y = datasets.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype.kind == "i"
    assert X.min() == 0.0 and X.max() == 1.0
    # class counts of the UCI test set (as published with the data)
    assert np.bincount(y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    # pixels were counts 0..16 of a 4x4 block
    assert np.allclose(X * 16, np.round(X * 16))
    # the first image is a zero: its centre is empty, its ring is ink
    img = X[0].reshape(8, 8)
    assert y[0] == 0 and img[3:5, 3:5].max() < 0.2 and img[:, 1:3].max() > 0.7


@pytest.mark.parametrize("make", [datasets.moons, datasets.circles, datasets.spirals])
def test_generated_sets_are_seeded_and_balanced(make):
    X1, y1 = make(101, seed=7)
    X2, y2 = make(101, seed=7)
    X3, _ = make(101, seed=8)
    assert X1.shape == (101, 2) and y1.shape == (101,)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert np.bincount(y1).tolist() == [50, 51]


def test_circles_radii():
    X, y = datasets.circles(200, noise=0.0, factor=0.3)
    r = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)


def test_moons_without_noise_lie_on_their_half_circles():
    X, y = datasets.moons(100, noise=0.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1.0)


def test_xor_truth_table():
    X, y = datasets.xor()
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]).astype(int))


def test_split_is_stratified_and_a_partition():
    X, y = datasets.digits()
    (Xa, ya), (Xb, yb) = datasets.split(X, y, (0.75, 0.25), seed=0)
    assert len(ya) + len(yb) == len(y)
    np.testing.assert_allclose(np.bincount(yb) / np.bincount(y), 0.25, atol=0.01)
    rows = {r.tobytes() for r in Xa} & {r.tobytes() for r in Xb}
    assert len(rows) <= 5  # only true duplicate images may appear on both sides
