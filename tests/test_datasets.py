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


def test_split_into_three_parts_is_stratified_and_a_partition():
    X = np.arange(200.0)[:, None]
    y = np.repeat([0, 1], [80, 120])
    parts = datasets.split(X, y, (0.6, 0.2, 0.2), seed=3)
    assert [np.bincount(p[1]).tolist() for p in parts] == [[48, 72], [16, 24], [16, 24]]  # 60/20/20 of each class
    np.testing.assert_array_equal(np.sort(np.concatenate([p[0][:, 0] for p in parts])), X[:, 0])


def test_split_refuses_to_leave_a_part_empty():
    X, y = np.zeros((4, 1)), np.array([0, 0, 1, 1])
    with pytest.raises(ValueError, match=r"split: part 3 of fractions \[0.6, 0.2, 0.2\] gets none of the 4 rows"):
        datasets.split(X, y, (0.6, 0.2, 0.2))


def test_standardize_uses_the_training_part_only():
    X_train = [[1.0, 10.0], [3.0, 30.0]]  # mean (2, 20), population std (1, 10)
    X_test = [[5.0, 0.0]]
    Z_train, Z_test, mean, std = datasets.standardize(X_train, X_test)
    np.testing.assert_allclose(mean, [2.0, 20.0])
    np.testing.assert_allclose(std, [1.0, 10.0])
    np.testing.assert_allclose(Z_train, [[-1.0, -1.0], [1.0, 1.0]])
    np.testing.assert_allclose(Z_test, [[3.0, -2.0]])  # (5 - 2) / 1, (0 - 20) / 10: not its own mean and std


def test_standardize_refuses_a_constant_column_by_name():
    X = [[1.0, 0.1], [2.0, 0.1], [4.0, 0.1]]  # 0.1's mean is not exactly 0.1: its std would be tiny, not 0
    with pytest.raises(ValueError, match=r"X_train, column 'age': every value is 0.1; a constant feature"):
        datasets.standardize(X, names=["height", "age"])
    with pytest.raises(ValueError, match=r"X_train, column 1: every value is 0.1"):
        datasets.standardize(X)


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (([[1.0, 2.0]],), {}, "X_train: expected at least 2 rows"),
        (([1.0, 2.0],), {}, "X_train: expected a 2-D array"),
        (([[1.0, 2.0], [3.0, np.nan]],), {}, "X_train: expected finite numbers"),
        (([[1.0, 2.0], [3.0, 4.0]], [[1.0]]), {}, r"X_other\[0\]: expected 2 columns as in X_train, got 1"),
        (([[1.0, 2.0], [3.0, 4.0]],), {"names": ["a"]}, "names: expected 2 names"),
    ],
)
def test_standardize_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        datasets.standardize(*args, **kwargs)


# The UCI description of the data (wdbc.names, and scikit-learn's breast_cancer.rst): ten measurements,
# each as mean, standard error and worst value; 212 malignant, 357 benign.
MEASURES = [
    "radius",
    "texture",
    "perimeter",
    "area",
    "smoothness",
    "compactness",
    "concavity",
    "concave points",
    "symmetry",
    "fractal dimension",
]


def test_breast_cancer_is_the_uci_set():
    X, y, info = datasets.breast_cancer()
    assert X.shape == (569, 30) and X.dtype == np.float64 and y.shape == (569,) and y.dtype.kind == "i"
    assert info.classes == ("benign", "malignant") and info.target == "diagnosis"
    assert (y == 1).sum() == 212 and (y == 0).sum() == 357  # malignant is 1
    assert info.features == tuple(
        [f"mean {m}" for m in MEASURES] + [f"{m} error" for m in MEASURES] + [f"worst {m}" for m in MEASURES]
    )
    # the first case of wdbc.data (ID 842302) is malignant: mean radius 17.99, texture 10.38, ..., worst fractal 0.1189
    assert y[0] == 1 and X[0, 0] == 17.99 and X[0, 1] == 10.38 and X[0, 3] == 1001 and X[0, 29] == 0.1189
    # the published summary statistics: min and max of mean radius, worst area, mean concavity
    assert (X[:, 0].min(), X[:, 0].max()) == (6.981, 28.11)
    assert (X[:, 23].min(), X[:, 23].max()) == (185.2, 4254.0)
    assert X[:, 6].min() == 0.0 and round(X[:, 6].max(), 3) == 0.427
    # malignant masses are the larger ones on average (the studies' finding: size separates the classes)
    assert X[y == 1, 0].mean() > X[y == 0, 0].mean() + 4


def test_breast_cancer_agrees_with_scikit_learn():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    theirs = sklearn_datasets.load_breast_cancer()
    X, y, info = datasets.breast_cancer()
    np.testing.assert_array_equal(X, theirs.data)
    np.testing.assert_array_equal(y, 1 - theirs.target)  # theirs: 0 malignant, 1 benign
    assert list(info.features) == list(theirs.feature_names)
    assert list(theirs.target_names) == ["malignant", "benign"]


def test_split_of_a_target_of_numbers_is_not_stratified():
    X = np.arange(10.0)[:, None]
    y = X[:, 0] * 1.5  # ten different numbers: by value, each would be a class of one row
    parts = datasets.split(X, y, (0.6, 0.2, 0.2), seed=1)
    assert [len(p[1]) for p in parts] == [6, 2, 2]
    for X_i, y_i in parts:
        np.testing.assert_array_equal(y_i, X_i[:, 0] * 1.5)  # rows stay whole


def test_breast_cancer_csv_is_scikit_learns_file_with_a_header():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    import csv
    from importlib import resources
    from pathlib import Path

    with open(Path(sklearn_datasets.__file__).parent / "data" / "breast_cancer.csv", newline="") as file:
        theirs = list(csv.reader(file))
    with resources.files("lessonkit").joinpath("data/breast_cancer.csv").open(newline="") as file:
        ours = list(csv.reader(file))
    assert theirs[0] == ["569", "30", "malignant", "benign"] and len(ours) == len(theirs) == 570
    assert ours[0][-1] == "diagnosis"
    for mine, row in zip(ours[1:], theirs[1:]):
        assert mine == row[:30] + [theirs[0][2 + int(row[30])]]  # every value as written; 0 -> malignant
