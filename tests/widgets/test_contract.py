"""What every widget promises, tested once over all of them (a new widget gets these tests
by being listed in its lesson, lessonkit.lessons: tests/widgets/every.py): an error is shown in
the course's words and cleared by the next good input; after any value in any control, the next good value shows what
a fresh widget shows at those settings; no warning, no pyplot figure; a static PNG and
the widget view in the mimebundle."""

import base64
import functools
import html
import io
import os

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ipywidgets.widgets.widget_link import DirectionalLink, Link

from lessonkit import widgets as W
from lessonkit.states import LIMIT
from tests.widgets.every import CHEAP, WIDGETS, specimen

#: make check's quick round (LESSONKIT_QUICK=1; the Colab copy of these tests too): fewer values per control.
QUICK = os.environ.get("LESSONKIT_QUICK") == "1"
#: Values tried per control: 6 in the whole suite, 2 in the quick round; there, 1 for the widgets that train a
#: network each time one is made (``TRAINED``), tried on fewer of their forms (``SLOW``).
EXAMPLES = 2 if QUICK else 6
TRAINED_EXAMPLES = 1 if QUICK else EXAMPLES
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def values_of(control, extreme):
    """A strategy of values for ``control``: anything it can hold (extreme), or the
    values a learner reaches with the mouse and a few keys (not extreme)."""
    if isinstance(control, widgets.Checkbox):
        return st.booleans()
    if isinstance(control, widgets.Dropdown):
        return st.sampled_from(
            [value for _, value in control.options] if isinstance(control.options[0], tuple) else list(control.options)
        )
    if isinstance(control, widgets.Text):
        return st.text(max_size=12) if extreme else st.sampled_from(["8", "4, 4", "3", ""])
    if isinstance(control, widgets.FloatLogSlider):
        return st.floats(control.base**control.min, control.base**control.max)
    if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
        kind = st.floats if isinstance(control, widgets.FloatSlider) else st.integers
        inside = kind(control.min, control.max)
        return st.one_of(inside, st.sampled_from([control.min, control.max])) if extreme else inside
    if isinstance(control, widgets.FloatText):
        good = st.floats(0, 1).map(lambda v: round(v, 2))  # in [0, 1]: a target for cross-entropy too
        return (
            st.one_of(
                st.floats(allow_nan=False),
                st.floats(allow_nan=True),
                st.sampled_from([1e308, -1e308, LIMIT * 1.001, -0.0, 5e-324, 0.0]),
            )
            if extreme
            else good
        )
    raise AssertionError(f"no values for a {type(control).__name__}: add them here")


def pool(control):
    """A few good values of ``control``, as a learner sets them (for tests without hypothesis)."""
    if isinstance(control, widgets.Checkbox):
        return [False, True]
    if isinstance(control, widgets.Dropdown):
        return (
            [value for _, value in control.options] if isinstance(control.options[0], tuple) else list(control.options)
        )
    if isinstance(control, widgets.Text):
        return ["8", "4, 4", "3", ""]
    if isinstance(control, widgets.FloatLogSlider):
        return list(np.logspace(control.min, control.max, 11, base=control.base))
    if isinstance(control, widgets.IntSlider):
        return list(range(control.min, control.max + 1, max(1, (control.max - control.min) // 10)))
    if isinstance(control, widgets.FloatSlider):
        return [round(v, 2) for v in np.linspace(control.min, control.max, 13)]
    if isinstance(control, widgets.FloatText):
        return [0.0, 0.25, 0.5, 1.0]
    raise AssertionError(f"no values for a {type(control).__name__}: add them here")


def shown(view):
    """Everything the view shows: every HTML and Label text, every picture, the buttons' states."""
    out = []

    def walk(w):
        if isinstance(w, (widgets.HTML, widgets.HTMLMath, widgets.Label)):
            out.append(w.value)
        elif isinstance(w, widgets.Button):
            out.append(w.disabled)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(view.widget)
    return out


def all_controls(view):
    """Every control of a view: those that set its state, and those that only choose what is shown."""
    return {**view.controls, **view.viewing}


def controls(name):
    return list(all_controls(specimen(name)))


CONTROLS = [(name, c) for name in WIDGETS for c in controls(name)]


#: The widgets made with a training run: each of their moves trains again.
TRAINED = {name for name in WIDGETS if name.startswith("TrainingDashboard")}
PLAIN = [(n, c) for n, c in CONTROLS if n not in TRAINED]
SLOW = [(n, c) for n, c in CONTROLS if n in TRAINED]
#: The controls whose choices come from the data: on a learner's data they offer its own.
FROM_DATA = ("dataset", "x_axis", "y_axis")
if QUICK:  # each control on the generated set's dashboard, and those whose choices come from the data on the other
    SLOW = [(n, c) for n, c in SLOW if n == "TrainingDashboard" or c in FROM_DATA]


@pytest.mark.parametrize("name,control", PLAIN, ids=[f"{n}.{c}" for n, c in PLAIN])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_any_value_then_a_good_one_shows_what_a_fresh_widget_shows(name, control, data):
    any_value_then_a_good_one(name, control, data)


@pytest.mark.parametrize("name,control", SLOW, ids=[f"{n}.{c}" for n, c in SLOW])
@settings(max_examples=TRAINED_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_any_value_then_a_good_one_shows_what_a_fresh_dashboard_shows(name, control, data):
    any_value_then_a_good_one(name, control, data)


def any_value_then_a_good_one(name, control, data):
    """Widget ``name``'s ``control`` set to any value (drawn from ``data``), then to a good one: no exception,
    the course's error line naming the control or none, and then what a fresh widget given that value shows."""
    view = WIDGETS[name]()
    figures = plt.get_fignums()
    strategy = CHEAP.get((name, control))
    widget = all_controls(view)[control]
    extreme = data.draw(values_of(widget, extreme=True) if strategy is None else strategy, label="any value")
    good = data.draw(values_of(widget, extreme=False) if strategy is None else strategy, label="then a good one")
    all_controls(view)[control].value = extreme
    line = view.error.value
    if line:  # the course's words: the control's name first, no exception type, no library's message
        assert html.unescape(line).split("⚠ ", 1)[1].startswith(f"{control}"), line
    all_controls(view)[control].value = good
    assert view.error.value == "", f"{control} = {good!r} after {extreme!r} still shows {view.error.value}"
    fresh = WIDGETS[name]()
    all_controls(fresh)[control].value = all_controls(view)[control].value
    for other, widget in all_controls(fresh).items():  # one that the move changed too (two axes menus swap)
        if widget.value != all_controls(view)[other].value:
            widget.value = all_controls(view)[other].value
    assert fresh.error.value == ""
    assert shown(view) == shown(fresh), (
        f"after {control} = {extreme!r}, then {good!r}, the view differs from a fresh one"
    )
    assert view.caught == [] and fresh.caught == [], [str(w.message) for w in view.caught + fresh.caught]
    assert plt.get_fignums() == figures, "the widget opened a pyplot figure"


@pytest.mark.parametrize("name", WIDGETS)
def test_an_error_is_shown_in_the_courses_words_and_cleared(name, monkeypatch):
    view = WIDGETS[name]()
    control = next(c for c in view.controls if c not in ("hidden", "epochs"))  # a move that does not retrain
    widget = all_controls(view)[control]
    original = view.state.set
    message = f"{control}: out of order <here>"

    def broken(**changes):
        raise ValueError(message)

    monkeypatch.setattr(view.state, "set", broken)
    before = shown(view)
    options = pool(widget)
    widget.value = next(v for v in options if v != widget.value)
    assert view.error.value and html.escape(message) in view.error.value
    assert "ValueError" not in view.error.value, "the error line shows a Python exception type"
    assert shown(view)[:-1] == before[:-1], "a rejected input changed what the view shows"
    monkeypatch.setattr(view.state, "set", original)
    widget.value = next(v for v in options if v != widget.value)
    assert view.error.value == "", "the next good input did not clear the error"


#: Random moves of a learner playing: 150 in the whole suite, 50 in make check's quick round.
MOVES = 25 * EXAMPLES


def random_moves(name, check=None):
    """Widget ``name`` after many good moves of every control, interleaved at random (seeded by the name),
    as a learner playing makes them; ``check(view, move, control, value)`` after each."""
    rng = np.random.default_rng(sum(map(ord, name)))
    view = WIDGETS[name]()
    names = [c for c in all_controls(view) if (name, c) not in CHEAP and c != "hidden"]
    pools = {c: pool(all_controls(view)[c]) for c in names}
    moves = MOVES if not name.startswith("TrainingDashboard") else 12
    for move in range(moves):
        control = names[int(rng.integers(len(names)))]
        value = pools[control][int(rng.integers(len(pools[control])))]
        all_controls(view)[control].value = value
        if check:
            check(view, move, control, value)
    return view


@functools.cache
def played(name):
    """Widget ``name`` after ``random_moves``, none of which showed an error: made once per test process for
    the tests that look at it (test_pictures.py too) and move it no more."""

    def no_error(view, move, control, value):
        assert view.error.value == "", f"move {move}: {control} = {value!r} showed {view.error.value}"

    figures = plt.get_fignums()
    view = random_moves(name, no_error)
    assert plt.get_fignums() == figures, "the widget opened pyplot figures"
    return view


@pytest.mark.parametrize("name", WIDGETS)
def test_random_moves_of_every_control(name):
    """A learner playing: many good moves of every control, interleaved at random;
    no error, no warning, no figure; at the end, what a fresh widget shows."""
    figures = plt.get_fignums()
    view = played(name)
    names = [c for c in all_controls(view) if (name, c) not in CHEAP and c != "hidden"]
    assert view.caught == [], [str(w.message) for w in view.caught]
    fresh = WIDGETS[name]()
    for control in names:
        all_controls(fresh)[control].value = all_controls(view)[control].value
    assert shown(view) == shown(fresh)
    assert plt.get_fignums() == figures, "the widget opened pyplot figures"


@pytest.mark.parametrize("name", WIDGETS)
def test_mimebundle_has_the_view_a_text_and_a_static_picture(name):
    view = WIDGETS[name]()
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"] == repr(view)
    assert bundle[WIDGET_VIEW]["model_id"] == view.widget.model_id
    static = base64.b64decode(bundle["image/png"], validate=True)
    assert static.startswith(PNG_SIGNATURE)
    picture = np.asarray(PIL.Image.open(io.BytesIO(static)).convert("RGB"))
    panels = [np.asarray(PIL.Image.open(io.BytesIO(panel.picture)).convert("RGB")) for panel in view.panels]
    assert picture.shape[1] <= W.base.WIDTH, "no wider than a view may be"
    x = y = height = 0  # the panels as the view lays them out: left to right, a new row when one would pass WIDTH
    for panel in panels:
        h, w, _ = panel.shape
        if x and x + w > W.base.WIDTH:
            x, y, height = 0, y + height, 0
        assert np.array_equal(picture[y : y + h, x : x + w], panel), "a panel not where the view shows it"
        x, height = x + w, max(height, h)
    caption = picture[y + height :]
    assert 20 <= len(caption) <= 40 and (caption < 160).any(), "a line of text under the pictures (W.base.STILL)"
    pictures = [p.picture for p in view.panels]
    for control, widget in all_controls(view).items():  # the first move that changes a picture
        if (name, control) in CHEAP or control == "hidden":
            continue
        widget.value = next(v for v in pool(widget) if v != widget.value)
        if [p.picture for p in view.panels] != pictures:
            break
    moved = view._repr_mimebundle_()
    assert moved["text/plain"] == repr(view)
    assert moved["image/png"] != bundle["image/png"], f"the static picture did not follow the move of {control}"


def links_of(play):
    """The links a Play is part of, as (link, two_way)."""
    try:
        from ipywidgets.widgets.widget import _instances  # ipywidgets 8
    except ImportError:
        _instances = widgets.Widget.widgets  # ipywidgets 7
    return [
        (w, not isinstance(w, DirectionalLink))
        for w in list(_instances.values())
        if isinstance(w, Link) and play in (w.source[0], w.target[0])
    ]


@pytest.mark.parametrize("name", [n for n in WIDGETS if n.startswith(("GraphStepper", "TrainingDashboard"))])
def test_a_play_is_linked_to_its_control_in_the_kernel_only(name):
    """No link in the browser (either way it would make a key press on the control send a
    second update, or pull a quickly pressed control back); the kernel moves each with the
    other, and the view follows a Play tick."""
    view = WIDGETS[name]()
    assert hasattr(view, "play"), f"{name} has a Play: list it here if not"
    assert links_of(view.play) == []
    control = view.step if name == "GraphStepper" else view.epoch
    assert (view.play.min, view.play.max, view.play.value) == (control.min, control.max, control.value)
    control.value = next(v for v in range(control.min, control.max + 1) if v != control.value)
    assert view.play.value == control.value, "Play would not go on from where the learner left the control"
    before = shown(view)
    view.play.value = next(v for v in range(control.min, control.max + 1) if v != control.value)  # a tick
    shown_now = shown(view)
    assert control.value == view.play.value and shown_now != before, "a Play tick did not move the view"
