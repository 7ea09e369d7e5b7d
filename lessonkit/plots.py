"""Plot helpers: each takes an ``ax`` and returns what it drew, so a widget can
update those artists in place. House style is set once here.

The notebooks draw static figures with these; the widgets (``lessonkit.widgets``)
draw with them once and then move the artists' data.
"""
import numpy as np
from matplotlib.figure import Figure

from . import activations

#: One colour per idea, used in every notebook.
COLORS = {
    "forward": "#1f77b4",   # values, the forward pass
    "backward": "#d62728",  # gradients, the backward pass
    "loss": "#9467bd",
    "update": "#2ca02c",
    "muted": "#7f7f7f",
    "class0": "#1f77b4",
    "class1": "#ff7f0e",
}

#: Colour ranges of an activation over the input plane.
ACTIVATION_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": None, "identity": None}


def figure(ncols=1, nrows=1, width=4.0, height=3.0, dpi=80):
    """A figure not registered with pyplot (it cannot leak) and its axes (one, or an array)."""
    fig = Figure(figsize=(width * ncols, height * nrows), dpi=dpi, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True)
    return fig, axes


def activation_curve(ax, name, z=None, derivative=True):
    """a = f(z) (solid) and, if ``derivative``, da/dz = f'(z) (dashed) on ``ax``.

    Returns a dict with the Line2D objects ``"f"`` and, if drawn, ``"df"``.
    """
    z = np.linspace(-6, 6, 241) if z is None else z
    act = activations.get(name)
    drawn = {"f": ax.plot(z, act.f(z), color=COLORS["forward"], lw=2, label=f"a = {name}(z)")[0]}
    if derivative:
        drawn["df"] = ax.plot(z, act.df(z), color=COLORS["backward"], lw=1.5, ls="--", label="da/dz")[0]
    ax.axhline(0, color=COLORS["muted"], lw=0.5)
    ax.axvline(0, color=COLORS["muted"], lw=0.5)
    ax.set_xlabel("z")
    ax.set_title(name)
    return drawn


def curve_limits(name, z):
    """y-limits that show f and f' of ``name`` over ``z`` with a margin."""
    act = activations.get(name)
    lo = min(act.f(z).min(), act.df(z).min(), 0.0)
    hi = max(act.f(z).max(), act.df(z).max(), 1.0)
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad


def neuron_plane(ax, A, extent, activation="sigmoid", cmap="RdBu_r"):
    """The neuron's output ``A`` (r, r) over the input square [-extent, extent]² as a
    heat map, x1 across and x2 up. Returns the AxesImage."""
    vrange = ACTIVATION_RANGE.get(activation) or (A.min(), max(A.max(), A.min() + 1e-9))
    image = ax.imshow(A, origin="lower", extent=(-extent, extent, -extent, extent),
                      cmap=cmap, vmin=vrange[0], vmax=vrange[1], interpolation="bilinear", aspect="equal")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return image


def point(ax, x, y, color=None, size=60, **kwargs):
    """A single marker at (x, y). Returns the Line2D (move it with ``set_data([x], [y])``)."""
    return ax.plot([x], [y], "o", ms=np.sqrt(size), color=color or COLORS["forward"],
                   mec="white", mew=1.0, zorder=5, **kwargs)[0]


def arrow(ax, start, end, color=None, label=None):
    """An arrow from ``start`` to ``end`` (data coordinates). Returns the Annotation;
    move it with ``move_arrow``."""
    ann = ax.annotate("", xy=tuple(end), xytext=tuple(start), zorder=6,
                      arrowprops=dict(arrowstyle="-|>", color=color or COLORS["backward"], lw=2, shrinkA=0, shrinkB=0))
    if label:
        ax.plot([], [], color=color or COLORS["backward"], lw=2, label=label)
    return ann


def move_arrow(ann, start, end):
    """Move an arrow drawn by ``arrow``."""
    ann.xy = tuple(end)
    ann.set_position(tuple(start))


def loss_contours(ax, W1, W2, L, levels=20):
    """Filled contours of the loss ``L`` (r, r) over the weight grid (W1, W2), with
    contour lines. Returns the filled QuadContourSet."""
    filled = ax.contourf(W1, W2, L, levels=levels, cmap="viridis")
    ax.contour(W1, W2, L, levels=levels, colors="white", linewidths=0.3, alpha=0.6)
    ax.set_xlabel("w1")
    ax.set_ylabel("w2")
    ax.set_aspect("equal")
    return filled
