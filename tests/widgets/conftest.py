"""Every widget test closes the widgets it made: ipywidgets keeps each open widget (and
so its figures) alive until it is closed, and the contract tests make hundreds."""

import ipywidgets as widgets
import pytest


@pytest.fixture(autouse=True)
def close_widgets():
    yield
    widgets.Widget.close_all()
