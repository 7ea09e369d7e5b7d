"""widgets/panel.py: the Panel: its PNG is the canvas's pixels (read back with Pillow, an
independent decoder), an unchanged picture is not sent again, and a picture kept under a
key comes back for that key (a new background keeps it) until the panel forgets."""

import io

import numpy as np
import PIL.Image

from lessonkit import plots
from lessonkit.widgets.panel import Panel, encode_png
from tests.shown import alt_of, png


def decoded(data):
    return np.asarray(PIL.Image.open(io.BytesIO(data)).convert("RGBA"))


def test_encode_png_keeps_every_pixel():
    rng = np.random.default_rng(0)
    opaque = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    opaque[:, :, 3] = 255
    see_through = opaque.copy()
    see_through[2, 3, 3] = 17
    for rgba in (opaque, see_through):
        np.testing.assert_array_equal(decoded(encode_png(rgba)), rgba)
        assert encode_png(rgba) == encode_png(rgba.copy())  # the same pixels, the same bytes


def a_panel():
    fig, ax = plots.figure(width=2, height=2)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    dot = plots.point(ax, 0.2, 0.2)
    panel = Panel(fig)
    panel.add_dynamic(dot)
    return panel, dot


def test_the_picture_is_the_canvas():
    panel, dot = a_panel()
    panel.refresh()
    np.testing.assert_array_equal(decoded(png(panel)), np.asarray(panel.canvas.buffer_rgba()))


def test_an_unchanged_picture_is_not_sent_again():
    panel, dot = a_panel()
    panel.refresh()
    sent = []
    panel.image.observe(lambda change: sent.append(change), names="value")
    panel.refresh()
    assert sent == []
    dot.set_data([0.7], [0.7])
    panel.refresh()
    assert len(sent) == 1


def test_a_kept_picture_comes_back_for_its_key_until_forgotten():
    panel, dot = a_panel()
    panel.refresh(key="left")
    left = png(panel)
    dot.set_data([0.8], [0.8])
    panel.refresh(key="right")
    right = png(panel)
    assert right != left
    panel.refresh(key="left")  # the dot is still on the right: only the kept picture can show it on the left
    assert png(panel) == left
    panel.invalidate()  # a new background: the key still fixes the picture, so it is kept
    assert panel.show_kept("right") and png(panel) == right
    assert not panel.show_kept("up")
    panel.forget()
    assert not panel.show_kept("left")
    panel.refresh(key="left")
    assert png(panel) == right  # drawn anew: the dot where it is now
    dot.set_data([0.5], [0.5])
    panel.refresh()  # no key: always drawn
    assert png(panel) not in (left, right)


def test_the_text_alternative_follows_the_figure_and_comes_back_with_a_kept_picture():
    panel, dot = a_panel()
    ax = panel.fig.axes[0]
    ax.set_title("before")
    panel.refresh(key="before")
    assert 'alt="before"' in panel.image.value
    ax.set_title("after & more")
    panel.invalidate()
    dot.set_data([0.6], [0.6])
    panel.refresh(key="after")
    assert 'alt="after &amp; more"' in panel.image.value  # escaped in the HTML
    assert panel.show_kept("before") and 'alt="before"' in panel.image.value
    given = Panel(panel.fig, alt="a dot on a square")
    given.refresh()
    assert 'alt="a dot on a square"' in given.image.value


def test_a_new_text_alternative_is_sent_when_the_pixels_stay_the_same():
    panel, dot = a_panel()
    panel.alt = "a dot at 0.200"
    panel.refresh(key=0.2)
    sent = []
    panel.image.observe(lambda change: sent.append(change.new), names="value")
    panel.alt = "a dot at 0.200"
    panel.refresh()
    assert sent == [], "the same picture and the same words were sent again"
    dot.set_data([0.2 + 1e-9], [0.2])  # too small a move to change a pixel, but the numbers said are new
    panel.alt = "a dot at 0.2000000010"
    panel.refresh(key=0.2 + 1e-9)
    assert len(sent) == 1 and alt_of(panel) == "a dot at 0.2000000010"
    assert panel.picture == png(panel) and decoded(png(panel)).shape[:2] == (160, 160)


def test_a_kept_picture_comes_back_with_its_own_text_alternative():
    panel, dot = a_panel()
    panel.alt = "first: 1.000"
    panel.refresh(key="first")
    first_html = panel.image.value
    panel.alt = "second: 2.000"  # the same pixels under another key, with other numbers
    panel.refresh(key="second")
    assert alt_of(panel) == "second: 2.000"
    assert panel.show_kept("first") and alt_of(panel) == "first: 1.000" and panel.image.value == first_html
    assert panel.show_kept("second") and alt_of(panel) == "second: 2.000"
    panel.alt = "what the view says now"
    panel.refresh(key="first")  # a kept key: its picture and its words, not the alt set since
    assert alt_of(panel) == "first: 1.000"
