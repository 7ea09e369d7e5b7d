"""The course's colours: one per idea, in every figure and readout (``lk.plots.COLORS``).

Plain data, no matplotlib: the readouts' HTML (``text``) and the pictures (``plots``) share it.
"""

#: One colour per idea, in every figure and readout of the course. Okabe & Ito's blue, vermillion and
#: orange, Tol's wine and a dark green: the pairs a figure tells apart by colour alone stay apart under
#: protanopia, deuteranopia and tritanopia, and the colours of text read on white (tests/test_colours.py).
COLORS = {
    "forward": "#0072b2",  # values, the forward pass
    "backward": "#d55e00",  # gradients, the backward pass
    "loss": "#882255",
    "update": "#00441b",
    "muted": "#6e6e6e",  # also for text: 5.1:1 on white
    "class0": "#0072b2",
    "class1": "#e69f00",
    "error": "#b00020",  # the error line, a loss that went up
    "good": "#1b5e20",  # a loss that went down
}

#: The fills of a computational graph's boxes: the active node stands out for every reader, a node it reads less.
ACTIVE, READ, IDLE = "#ffcc33", "#fff3c4", "#f4f4f4"
