"""Every notebook starts with the same setup cell: on Colab it installs the course's
package (pinned to this release), and anywhere a missing or too old lessonkit, or too old
an ipywidgets, is one line saying what to do, not a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

import lessonkit as lk
from lessonkit._version import version_tuple

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def setup_cell(path):
    nb = json.loads(path.read_text())
    return "".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"])


SETUP = setup_cell(NOTEBOOKS[1])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_starts_with_the_setup_cell_of_this_release(path):
    cell = setup_cell(path)
    assert cell.startswith(SETUP), f"{path.name}: the first code cell is not the setup cell"
    assert f"%pip install -q lessonkit=={lk.__version__}\n" in cell, "Colab must install exactly this release"
    assert f'lk.require("{lk.__version__}")' in cell
    assert cell.count("lessonkit==") == 2  # the install, and the message that says how to install


def test_the_install_runs_on_colab_only():
    python = TransformerManager().transform_cell(SETUP)
    assert (
        f'if "google.colab" in sys.modules:\n'
        f"    get_ipython().run_line_magic('pip', 'install -q lessonkit=={lk.__version__}')\n"
    ) in python


def notebook_tools():
    """nbformat, nbclient's NotebookClient and CellExecutionError, imported when a test runs a kernel: their
    import (jsonschema's) takes more than a second of every test process that only collects this file."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    return nbformat, NotebookClient, CellExecutionError


def run_setup(before):
    """The outputs of the setup cell run in a fresh kernel after the cell ``before``."""
    nbformat, NotebookClient, CellExecutionError = notebook_tools()
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(before),
            nbformat.v4.new_code_cell(SETUP),
            nbformat.v4.new_code_cell("print('after')"),
        ]
    )
    client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=False)
    with pytest.raises(CellExecutionError):  # the cell fails, so Run All stops there
        client.execute()
    return nb.cells[1].outputs, nb.cells[2].outputs


INSTALL = f"Install lessonkit {lk.__version__}: pip install -U lessonkit=={lk.__version__}"
NOT_INSTALLED = """import sys
class NotInstalled:  # finds no lessonkit, as on a machine where it is not installed
    def find_spec(self, name, path=None, target=None):
        if name == "lessonkit":
            raise ModuleNotFoundError("No module named 'lessonkit'", name="lessonkit")
sys.meta_path.insert(0, NotInstalled())"""
BEFORE_REQUIRE = """import sys, types  # a release from before lk.require
sys.modules["lessonkit"] = types.ModuleType("lessonkit")
sys.modules["lessonkit"].__version__ = "0.1.0"
"""


@pytest.mark.parametrize(
    "before, expected",
    [
        (NOT_INSTALLED, f"No module named 'lessonkit'. {INSTALL}"),
        (BEFORE_REQUIRE, f"module 'lessonkit' has no attribute 'require'. {INSTALL}"),
        (
            "import lessonkit._version as v; v.__version__ = '0.0.1'",
            f"This notebook needs lessonkit {lk.__version__} or newer; this kernel has lessonkit 0.0.1. "
            f"Upgrade it with  pip install -U lessonkit=={lk.__version__}  (or make lab), then restart the kernel.",
        ),
    ],
    ids=["not installed", "before require", "too old"],
)
def test_missing_or_old_lessonkit_is_one_line(before, expected):
    outputs, after = run_setup(before)
    assert [o["output_type"] for o in outputs] == ["error"], outputs
    (line,) = outputs[0]["traceback"]  # one line, no traceback
    assert line.endswith(expected), line
    assert after == [], "the cells after the setup cell must not run"


def test_current_lessonkit_passes_the_setup_cell_silently():
    nbformat, NotebookClient, _ = notebook_tools()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell("lk.__version__")])
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    assert nb.cells[0].outputs == []
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == repr(lk.__version__)


def test_require():
    major, minor, patch = version_tuple(lk.__version__)
    lk.require(lk.__version__)
    lk.require(f"{major}.{minor}")
    lk.require(f"{major}.{minor - 1}.9" if minor else f"{major - 1}.9")
    with pytest.raises(
        lk.SetupError, match=rf"needs lessonkit 99\.0 or newer; this kernel has lessonkit {lk.__version__}"
    ):
        lk.require("99.0")
    with pytest.raises(lk.SetupError) as raised:
        lk.require(f"{major}.{minor}.{patch + 1}")  # a patch release counts
    assert raised.value._render_traceback_() == [str(raised.value)]


def test_old_ipywidgets_is_a_clear_message_at_import_of_the_widgets():
    code = (
        "import ipywidgets; ipywidgets.__version__ = '7.6.5'\n"
        "import lessonkit\ntry:\n    import lessonkit.widgets\nexcept lessonkit.SetupError as e:\n    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == (
        "lessonkit's widgets need ipywidgets 7.7 or newer; this kernel has ipywidgets 7.6.5. "
        'Upgrade it with  pip install -U "ipywidgets>=7.7,<9"  and restart the kernel.'
    )
