"""Small datasets: four generated 2-D problems, the real UCI handwritten digits
and breast cancer data, a learner's own CSV file, and the helpers that prepare
them (a stratified split, standardisation fitted on the training part).

Every generated set is seeded: the same arguments give the same points.
Each set returns X float of shape (n, d) and y int labels of shape (n,);
the tables read from CSV also return an ``info`` record (``TableInfo``).

See notebooks/06_epochs.ipynb and 07_digits.ipynb.

The modules, one idea each: ``generated`` (xor, moons, circles, spirals), ``shipped`` (digits,
breast_cancer, read from ``lessonkit/data/``), ``prepare`` (split, standardize), ``table`` (from_csv: a CSV
file's X, y and TableInfo), ``csvtext`` (a CSV file's text, header and rows), ``yours`` (a learner's
own (X, y) checked for the training dashboard), ``features`` (EXTRA_FEATURES: x1², x2², x1·x2, sin x1, sin x2,
extra inputs made from a generated set's two features).
"""

from .features import EXTRA_FEATURES, with_extra
from .generated import GENERATED, circles, moons, spirals, xor
from .prepare import split, standardize
from .shipped import breast_cancer, digits
from .table import TableInfo, from_csv, from_csv_text

__all__ = [
    "xor",
    "moons",
    "circles",
    "spirals",
    "GENERATED",
    "EXTRA_FEATURES",
    "with_extra",
    "digits",
    "breast_cancer",
    "split",
    "standardize",
    "from_csv",
    "from_csv_text",
    "TableInfo",
]
