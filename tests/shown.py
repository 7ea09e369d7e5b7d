"""What a widget view shows, read back headless: its pictures (PNG bytes, whether an
artist is drawn), the data of its artists, the texts of the graph's nodes, the
equation under the graph, and the numbers in its HTML readouts.

Readers only: they assert nothing about what the numbers should be (that is each
test's, against the references in tests/references/).
"""

import html
import re

import numpy as np
from matplotlib.colors import to_rgba

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: A number as the course writes it: "-0.401", "2", "1e+308".
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")
#: A zero written with a minus sign: "-0", "-0.000" (not "-0.001").
NEGATIVE_ZERO = re.compile(r"(?<![\d.])-0(?:\.0*)?(?![\d.]*[1-9])")


def numbers_in(text):
    """Every number in ``text``, in order, as floats."""
    return [float(t) for t in NUMBER.findall(text)]


# ---- pictures and artists ----------------------------------------------------------


def png(panel):
    """The PNG bytes of the panel's picture."""
    return panel.picture


def pngs(view):
    """The pictures of every panel of ``view``, in order."""
    return [png(panel) for panel in view.panels]


def pictures(widget):
    """(src, alt) of every <img> in the HTML values under ``widget`` (a box or not), in the order a page shows
    them: what a page of the widget holds, to compare with what a browser reads back."""
    import ipywidgets as widgets

    if isinstance(widget, widgets.Box):
        return [p for child in widget.children for p in pictures(child)]
    value = getattr(widget, "value", None)
    if not isinstance(value, str):
        return []
    return [
        tuple(html.unescape(re.search(rf'{attr}="([^"]*)"', img).group(1)) for attr in ("src", "alt"))
        for img in re.findall(r"<img[^>]*>", value)
    ]


def alt_of(panel):
    """The text alternative of the panel's picture, as the HTML carries it (unescaped)."""
    return html.unescape(re.search(r'alt="([^"]*)"', panel.image.value).group(1))


def drawn(panel, artist):
    """Whether ``artist`` shows in the panel's picture: the PNG with it differs from the PNG without it."""
    artist.set_visible(False)
    panel.refresh()
    without = png(panel)
    artist.set_visible(True)
    panel.refresh()
    return png(panel) != without


def point_of(line):
    """(x, y) of a Line2D that holds one point, as floats."""
    (x,), (y,) = line.get_data()
    return float(x), float(y)


def arrow_of(annotation):
    """(tail, head) of an arrow drawn by ``plots.arrow``, as tuples of floats."""
    return tuple(map(float, annotation.xyann)), tuple(map(float, annotation.xy))


# ---- the neuron's graph (notebooks 03 and 05) ---------------------------------------


def node_texts(view):
    """Node name → the text written in its box."""
    return dict(view.graph["written"])


def node_shows(text):
    """(title, value, gradient) read from a graph node's text; value is a number, (old, new) at the
    update, or None; gradient a number or None."""
    lines = text.splitlines()
    value = grad = None
    for line in lines[1:]:
        if line.startswith("∂L/∂"):
            grad = float(line.split("=", 1)[1])
        elif "→" in line:
            value = tuple(float(part) for part in line.split("→"))
        else:
            value = float(line)
    return lines[0], value, grad


def close3(shown, value):
    """``shown`` is ``value`` to three decimals."""
    return shown is not None and abs(shown - value) <= 5e-4 + 1e-9 * abs(value)


def face(view, name):
    """The fill colour (RGBA) of the box of node ``name``."""
    return view.graph["boxes"][name].get_facecolor()


def boxes_colored(view, color):
    """The nodes whose box is filled with ``color``, in the graph's order."""
    return [name for name in view.graph["boxes"] if np.allclose(face(view, name), to_rgba(color))]


def equation_shown(view):
    """The equation under the graph as one line: its formula (mathtext, LaTeX) then its numbers
    (plain text), written with ASCII minus signs."""
    formula, numbers = view.equation.get_text().split("\n")
    assert formula.startswith("$") and formula.endswith("$"), formula  # mathtext
    assert numbers.startswith("= ") and "$" not in numbers and "\\" not in numbers, numbers  # plain text
    return f"{formula.strip('$')} {numbers}".replace(r"\dfrac", r"\frac").replace("\u2212", "-")


# ---- HTML readouts --------------------------------------------------------------------


def table_rows(html):
    """The rows of a readout table (``text.table``): [(label, value text)]."""
    return re.findall(r"<tr><td[^>]*>(.*?)</td><td><b>(.*?)</b></td></tr>", html)


def shown_numbers(view):
    """The step-through's numbers table, row by row: the numbers in each row's value cell
    (the last row is η's)."""
    return [numbers_in(value) for _, value in table_rows(view.numbers.value)]


def before_after(html):
    """The two numbers of "L₀ → L₁" in a verdict, as floats, or None."""
    found = re.search(r"(\S+) → (\S+?)[.:]?(?:\s|<)", html)
    return found and [float(t) for t in found.groups()]


def status_loss(html, epoch):
    """The loss the dashboard's status writes after ``epoch``, as text, or None."""
    found = re.search(rf"After epoch {epoch}: loss ([^,\s]+)", html)
    return found and found.group(1)
