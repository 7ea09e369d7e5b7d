"""Text alternatives: the pictures of the course said in words, with their current numbers, for a reader
who cannot see them (a screen reader reads a picture's ``alt``). A view sets its panel's ``alt`` from
these; the numbers are written as the picture and its readouts write them (``lessonkit.text``).
"""

from ..text import fixed
from .graphs import NEURON_GRAPH, written

#: The graph's wiring, said in words (a picture's text alternative starts with it).
GRAPH_WORDS = "x1, w1, x2, w2 and b feed z = w·x + b, z feeds a = f(z), a and y feed the loss L"


def describe_graph(values, grads, active=None, read=()):
    """What ``plots.show_on_graph`` writes and lights (same arguments), as text: the lit nodes,
    then each node's value and gradient as its box writes them.

    Parameters
    ----------
    values : dict of node name → number, or text such as "0.500→0.560"
    grads : dict of node name → ∂L/∂node;  active : str or None;  read : node names

    Returns
    -------
    str, e.g. "lit: z, reading x1, w1; values: x1 = 1.000, …; gradients: ∂L/∂a = -0.599"
    """
    reading = [name for name in read if name != active]
    if active:
        lit = f"lit: {active}" + (f", reading {', '.join(reading)}" if reading else "")
    else:
        lit = "lit: " + ", ".join(reading) if reading else "nothing lit"
    shown = written(values)
    parts = [lit, "values: " + ", ".join(f"{name} = {shown[name]}" for name in NEURON_GRAPH if name in shown)]
    if grads:  # in the order they were found
        parts.append("gradients: " + ", ".join(f"∂L/∂{name} = {fixed(g)}" for name, g in grads.items()))
    return "; ".join(parts)


def describe_landscape(land, surface, w_digits=2, digits=3):
    """A loss landscape drawn by ``plots.loss_contours`` with the current weights as a white dot, as text:
    the loss, the chart's ranges of w1 and w2, b, the loss's range as colours, the dot's w and L.
    A view adds what its arrow shows.

    Parameters
    ----------
    land : LandscapeState (``w1_lim``, ``w2_lim``, ``loss_name``, ``b``, ``w``, ``loss``)
    surface : ndarray of shape (r, r), the loss drawn (its lowest and highest are said)
    w_digits, digits : int, decimals of w and of the losses (as the view's readout writes them)

    Returns
    -------
    str
    """
    (w1_lo, w1_hi), (w2_lo, w2_hi) = land.w1_lim, land.w2_lim
    w = ", ".join(fixed(v, w_digits) for v in land.w)
    return (
        f"The loss L ({land.loss_name}) over the weights w1 from {fixed(w1_lo, 2)} to {fixed(w1_hi, 2)} "
        f"(across) and w2 from {fixed(w2_lo, 2)} to {fixed(w2_hi, 2)} (up), with b = {fixed(land.b, 2)}, as "
        f"filled contours from {fixed(surface.min(), digits)} (dark) to {fixed(surface.max(), digits)} "
        f"(yellow); the white dot is the current weights w = [{w}], at L = {fixed(land.loss, digits)}"
    )
