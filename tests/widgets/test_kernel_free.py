"""Every widget's kernel-free form (lessonkit/widgets/kernel_free.py), the one the course's web page
shows: each frame holds exactly the pictures another view draws at that place (moved there the other
way round), the controls are disabled copies that say the notebook must run, the slider and Play are
linked to the frames in the browser, and the view it was made from is left as it was. (The page
itself, moved with the keyboard: tests/e2e/test_site.py.)"""

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget_link import Link

from lessonkit.widgets.kernel_free import MOVES, NEEDS_KERNEL, STILL, kept, kernel_free, label, page_control
from tests.shown import pictures
from tests.widgets.every import WIDGETS

pytestmark = pytest.mark.skipif(not hasattr(widgets, "Stack"), reason="a kernel-free view is ipywidgets 8's")


def under(widget):
    """Every widget under ``widget`` (itself included), depth first."""
    yield widget
    if isinstance(widget, widgets.Box):
        for child in widget.children:
            yield from under(child)


def links():
    """The (source, target) pairs of every jslink alive: ((widget, name), (widget, name))."""
    from ipywidgets.widgets.widget import _instances  # ipywidgets 8, which a kernel-free view needs

    return {(tuple(w.source), tuple(w.target)) for w in list(_instances.values()) if isinstance(w, Link)}


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_each_frame_shows_what_a_fresh_view_draws_there(name):
    view = WIDGETS[name]()
    before = view.key(), [getattr(w, "disabled", None) for w in under(view.widget)], pictures(view.widget)
    still = kernel_free(view)
    after = view.key(), [getattr(w, "disabled", None) for w in under(view.widget)], pictures(view.widget)
    assert after == before, f"{name}: making the page's form changed the view"
    control, places = page_control(view)
    assert control is not None, f"{name}: a page would show it still; give it a position or page_values"
    style, moves, stack, note = still.children
    slider = moves.children[-1]
    assert list(slider.options) == [label(control, p) for p in places] and len(set(slider.options)) == len(places)
    assert slider.index == stack.selected_index == places.index(control.value)
    assert note.value == f"<i>{MOVES.format(what=f'“{control.description}”')}</i>"
    assert ((slider, "index"), (stack, "selected_index")) in links()
    if getattr(view, "play", None) is not None:
        (play,) = moves.children[:-1]
        assert ((play, "value"), (slider, "index")) in links() and play.max == len(places) - 1
    assert len(stack.children) == len(places) >= 4
    fresh = WIDGETS[name]()  # another view of the same, moved through the places the other way round:
    moved = fresh.controls.get(view.page_values[0]) if view.page_values else getattr(fresh, fresh.position)
    for place, frame in reversed(list(zip(places, stack.children))):  # a frame that kept an earlier one's shows
        moved.value = place
        assert pictures(frame) == pictures(fresh.widget), f"{name}: frame at {place} is not what the view draws"
        assert pictures(frame), f"{name}: no picture at {place}"
        shown = [w for w in under(frame) if hasattr(w, "disabled")]
        assert all(w.disabled and w.tooltip == NEEDS_KERNEL for w in shown), name
        assert not ({id(w) for w in shown} & {id(w) for w in under(view.widget)}), f"{name}: a live control shown"
    assert len({tuple(pictures(frame)) for frame in stack.children}) == len(places), f"{name}: two frames the same"


def test_a_view_with_nothing_to_move_is_shown_still():
    view = WIDGETS["NeuronExplorer"]()
    view.page_values = None
    style, frozen, note = kernel_free(view).children
    assert note.value == f"<i>{STILL}</i>"
    assert pictures(frozen) == pictures(view.widget)
    assert all(w.disabled for w in under(frozen) if hasattr(w, "disabled"))


@pytest.mark.parametrize(
    "lo, hi, value, most, expected",
    [
        (0, 7, 0, None, list(range(8))),  # every step of a stepper
        (0, 16, 3, 20, list(range(17))),
        (0, 150, 150, 11, list(range(0, 151, 15))),  # every 15th epoch of 150
        (0, 150, 7, 11, sorted([*range(0, 151, 15), 7])),  # and the one shown
        (0, 10, 10, 3, [0, 5, 10]),
    ],
)
def test_the_positions_kept(lo, hi, value, most, expected):
    assert kept(widgets.IntSlider(min=lo, max=hi, value=value), most) == expected


def test_a_control_copy_shows_what_the_control_shows():
    menu = widgets.Dropdown(options=[("a + b", (1, 2)), ("c", 3)], value=3, description="pick")
    box = widgets.FloatText(value=0.25, description="x1")
    from lessonkit.widgets.kernel_free import disabled_copy

    for control in (menu, box):
        copy = disabled_copy(control)
        assert copy is not control and copy.disabled and not control.disabled
        same = {k: v for k, v in control.get_state().items() if k not in ("disabled", "tooltip")}
        assert {k: v for k, v in copy.get_state().items() if k in same} == same


def test_only_a_view_has_a_kernel_free_form():
    with pytest.raises(TypeError, match="view: expected a lessonkit View, got IntSlider"):
        kernel_free(widgets.IntSlider())
