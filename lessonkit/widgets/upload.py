"""A learner's CSV file uploaded into a widget (the training dashboard of notebook 06):
the upload button, the menu of the column to predict, and the file read the same way
under ipywidgets 7.7 (Colab's) and 8."""
import ipywidgets as widgets

from ..tabular import csv_columns, from_csv_text


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


class CsvUpload:
    """An upload button for one CSV file and the menu of its target column.

    When a file comes, its header is read (a bad file raises the course's error, naming it)
    and ``target`` lists its columns, the last one chosen; ``table()`` then reads the file
    with that target. The file is kept until the next good one comes.

    Attributes
    ----------
    button : FileUpload;  target : Dropdown, the column to predict (empty before a file)
    name, content : the file's name and bytes (None before a file);  box : the two, one under the other
    """

    def __init__(self):
        self.button = widgets.FileUpload(accept=".csv", multiple=False, description="your CSV",
                                         layout=widgets.Layout(width="300px"))
        self.target = widgets.Dropdown(options=[], description="predict", disabled=True,
                                       layout=widgets.Layout(width="300px"))
        self.name = self.content = None
        self.box = widgets.VBox([self.button, self.target])

    def receive(self):
        """Read the header of the file the button holds and list its columns in ``target``
        (the last chosen); returns False when the button holds no file."""
        file = uploaded_file(self.button.value)
        if file is None:
            return False
        name, content = file
        columns = csv_columns(content, name)  # a file that is not CSV stops here, named
        self.name, self.content = name, content
        self.target.options = columns
        self.target.value = columns[-1]
        self.target.disabled = False
        return True

    def table(self):
        """(X, y, info) of the file with the chosen target, as ``lk.datasets.from_csv`` reads it."""
        return from_csv_text(self.content, self.name, target=self.target.value)
