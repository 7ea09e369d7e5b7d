"""A learner's CSV file uploaded into a widget (the training dashboard of notebook 06):
the upload button, the menu of the column to predict, and the file read the same way
under ipywidgets 7.7 (Colab's) and 8."""

import ipywidgets as widgets

from ..datasets.csvtext import csv_columns, name_columns
from ..datasets.table import NUMBERS_HINT, from_csv_text
from .base import CONTROL, menu, px

#: What an upload's error advises instead of ``NUMBERS_HINT`` (the uploader passes no ``kind``).
CHOOSE_CLASSES = "the dashboard classifies: choose a column of class labels in 'predict'"


def uploaded_file(value):
    """The (name, bytes) of the file a ``FileUpload`` holds, or None when it holds none.

    ipywidgets 8 gives a tuple of dicts {"name", "type", "size", "content": memoryview,
    "last_modified"}; ipywidgets 7.7 a dict name → {"metadata": {"name", ...}, "content": bytes}.
    The last file is taken (the button takes one).
    """
    if not value:
        return None
    if isinstance(value, dict):  # ipywidgets 7
        key, entry = list(value.items())[-1]
        return entry.get("metadata", {}).get("name", key), bytes(entry["content"])
    entry = value[-1]
    return entry["name"], bytes(entry["content"])


def empty(button):
    """``button`` (a FileUpload) holds no file again: a learner's file is not kept in the notebook's saved
    widget state, and the same file can come again. Its observers see a value with no file in it."""
    if isinstance(button.value, dict):  # ipywidgets 7.7: value is made from metadata and data
        button.metadata, button.data = [], []
        button.set_trait("value", {})
    else:
        button.value = ()


class CsvUpload:
    """An upload button for one CSV file and the menu of its target column.

    When a file comes (``on_file``), ``take()`` reads its header and empties the button: the
    learner's file is never kept in the notebook's saved widget state, and the same file can
    come again. If the header reads, ``target`` lists the file's columns, the last one chosen,
    so another target can be chosen even when the first is refused; ``table()`` reads the
    file with the chosen target. A file whose header does not read changes nothing.

    Attributes
    ----------
    button : FileUpload;  target : Dropdown, the column to predict (hidden until a file came: empty, it would
    say nothing);  name, content : the last file's name and bytes (None before a file)
    """

    def __init__(self):
        self.button = widgets.FileUpload(
            accept=".csv",
            multiple=False,
            description="your CSV",
            layout=widgets.Layout(width=px(CONTROL), flex="0 0 auto"),
        )
        self.target = menu("predict", [], None)
        self.target.disabled = True
        self.target.layout.display = "none"
        self.name = self.content = None

    def on_file(self, callback):
        """Call ``callback()`` when a file comes (not when the button is emptied)."""
        self.button.observe(lambda change: callback() if uploaded_file(change.new) else None, names="value")

    def take(self):
        """Empty the button and read the header of the file it held: list its columns in ``target``
        (the last chosen). Returns False when it held no file."""
        file = uploaded_file(self.button.value)
        self._empty()
        if file is None:
            return False
        name, content = file
        columns = csv_columns(content, name)  # a file that is not CSV stops here, named
        self.name, self.content = name, content
        self.target.options = columns
        self.target.value = columns[-1]
        self.target.disabled = False
        self.target.layout.display = None
        return True

    def _empty(self):
        """The button holds no file again (its ``value`` is set quietly: ``on_file`` ignores it)."""
        empty(self.button)

    def table(self):
        """(X, y, info) of the file with the chosen target, as ``lk.datasets.from_csv`` reads it with the
        other columns of numbers as features, and the columns of names left out (a tuple)."""
        target = self.target.value
        left_out = tuple(c for c in name_columns(self.content, self.name) if c != target)
        features = [c for c in self.target.options if c != target and c not in left_out]
        if len(features) < 2 and left_out:
            raise ValueError(
                f"{self.name}: expected at least 2 columns of numbers besides the target {target!r} (the "
                f"picture is drawn over two), got {len(features)}; left out, not numbers: "
                f"{', '.join(map(repr, left_out))}"
            )
        try:
            X, y, info = from_csv_text(self.content, self.name, target=target, features=features)
        except ValueError as error:
            if NUMBERS_HINT not in str(error):
                raise
            raise ValueError(str(error).replace(NUMBERS_HINT, CHOOSE_CLASSES)) from None
        return X, y, info, left_out
