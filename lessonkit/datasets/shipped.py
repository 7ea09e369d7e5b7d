"""The two real data sets that ship inside the package (``lessonkit/data/``), read without a network:
the UCI handwritten digits and the Breast Cancer Wisconsin (Diagnostic) data.
"""

import gzip
from importlib import resources

import numpy as np

from .table import from_csv


def digits():
    """The UCI handwritten digits: 1,797 images of 8 × 8 pixels.

    Returns
    -------
    X : float ndarray of shape (1797, 64), pixels scaled from 0..16 to [0, 1];
        ``X[i].reshape(8, 8)`` is the image
    y : int ndarray of shape (1797,), the digit 0..9

    The data ships inside the package (``lessonkit/data/digits.csv.gz``, a copy
    of the file in scikit-learn), so no network is needed. Source: E. Alpaydin
    and C. Kaynak, "Optical Recognition of Handwritten Digits", UCI Machine
    Learning Repository, 1998, CC BY 4.0; see ``lessonkit/data/DIGITS.md``.
    """
    with resources.files("lessonkit").joinpath("data/digits.csv.gz").open("rb") as raw:
        with gzip.open(raw, "rt") as text:
            table = np.loadtxt(text, delimiter=",", dtype=np.int64)  # (1797, 65)
    X = table[:, :64].astype(float) / 16.0
    y = table[:, 64]
    return X, y


def breast_cancer():
    """The Breast Cancer Wisconsin (Diagnostic) data: 569 tumours, 30 features each.

    Each row describes the cell nuclei in an image of a fine needle aspirate of
    a breast mass: ten measurements (radius, texture, ... fractal dimension),
    each as its mean, its standard error ("error") and its worst value.

    Returns
    -------
    X : float ndarray of shape (569, 30)
    y : int ndarray of shape (569,): 1 = malignant (212 cases), 0 = benign (357).
        Malignant is the positive class, the disease a test looks for, so recall
        is the share of malignant tumours found. scikit-learn's copy labels the
        other way round (0 malignant, 1 benign): y here is 1 minus its target.
    info : TableInfo, with ``features`` the 30 names (scikit-learn's
        ``feature_names``) and ``classes`` ("benign", "malignant")

    The data ships inside the package (``lessonkit/data/breast_cancer.csv``, an
    ordinary CSV read with ``from_csv``). Source: W. H. Wolberg, W. N. Street,
    O. L. Mangasarian, "Breast Cancer Wisconsin (Diagnostic)", UCI Machine
    Learning Repository, 1995, CC BY 4.0; see ``lessonkit/data/BREAST_CANCER.md``.
    """
    with resources.as_file(resources.files("lessonkit").joinpath("data/breast_cancer.csv")) as path:
        return from_csv(path, target="diagnosis", classes=["benign", "malignant"])
