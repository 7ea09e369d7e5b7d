"""Figures and the plot helpers of curves and planes: each takes an ``ax`` and returns what it
drew, so a widget can update those artists in place. House style is set once here.

The notebooks draw static figures with these; the widgets (``lessonkit.widgets``)
draw with them once and then move the artists' data.
"""

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure

from .. import activations
from ..palette import COLORS

#: The smallest text in a widget's picture, in points: 11.1 px at the figures' 80 dpi, as large as the
#: notebook's own small text (JupyterLab's 10.8 px), since a widget shows its pictures at their own size.
FONT = 10


def figure(ncols=1, nrows=1, width=4.0, height=3.0, dpi=80, height_ratios=None, margins=None):
    """A figure not registered with pyplot (it cannot leak) and its axes. Show it
    in a notebook with ``show(fig)``.

    Parameters
    ----------
    ncols, nrows : int
        The grid of axes.
    width, height : float
        Inches per axes; with ``height_ratios`` the rows share ``height * nrows``.
    dpi : int;  height_ratios : sequence of nrows floats, or None
    margins : dict or None
        Fixed margins (``subplots_adjust``'s left, right, bottom, top, as fractions) instead of
        the constrained layout: quicker to draw again, for a figure whose static part changes often.

    Returns
    -------
    (Figure, Axes or ndarray of Axes)
    """
    fig = Figure(figsize=(width * ncols, height * nrows), dpi=dpi, layout=None if margins else "constrained")
    if margins:
        fig.subplots_adjust(**margins)
    axes = fig.subplots(nrows, ncols, squeeze=True, height_ratios=height_ratios)
    return fig, axes


def png(fig, dpi=None):
    """The figure as PNG bytes (``dpi``: the figure's own when None)."""
    import io

    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def show(fig):
    """Display a figure made by ``figure`` as a picture in the notebook (it needs
    no pyplot and no inline backend)."""
    from IPython.display import Image, display

    display(Image(png(fig)))


def activation_curve(ax, name, z=None, derivative=True):
    """a = f(z) (solid) and, if ``derivative``, da/dz = f'(z) (dashed) on ``ax``.

    Parameters
    ----------
    ax : Axes;  name : an activation's name;  z : (m,) where to draw, default −6..6
    derivative : bool

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
    """(lo, hi): y-limits that show f and f' of the activation ``name`` over ``z`` (m,) with a margin."""
    act = activations.get(name)
    lo = min(act.f(z).min(), act.df(z).min(), 0.0)
    hi = max(act.f(z).max(), act.df(z).max(), 1.0)
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad


def plane_limits(A, activation):
    """The colour range of a neuron's output ``A``: the activation's own range, or
    the values' range for an unbounded one (relu, identity)."""
    return activations.get(activation).output_range or (A.min(), max(A.max(), A.min() + 1e-9))


def neuron_plane(ax, A, extent, activation="sigmoid", cmap="RdBu_r"):
    """The neuron's output ``A`` (r, r) over the input square [−extent, extent]² as a
    heat map, x1 across and x2 up, coloured over ``plane_limits``.

    Returns
    -------
    AxesImage (update it with ``set_data`` and ``set_clim``)
    """
    vrange = plane_limits(A, activation)
    image = ax.imshow(
        A,
        origin="lower",
        extent=(-extent, extent, -extent, extent),
        cmap=cmap,
        vmin=vrange[0],
        vmax=vrange[1],
        interpolation="bilinear",
        aspect="equal",
    )
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return image


def point(ax, x, y, color=None, size=60, edge="white", **kwargs):
    """A single marker at (x, y), ``size`` in points², drawn over the rest, outlined in ``edge``
    (black for a white dot, which then shows on a light ground too).

    Returns
    -------
    Line2D (move it with ``set_data([x], [y])``)
    """
    return ax.plot(
        [x], [y], "o", ms=np.sqrt(size), color=color or COLORS["forward"], mec=edge, mew=1.0, zorder=5, **kwargs
    )[0]


def arrow(ax, start, end, color=None, label=None):
    """An arrow from ``start`` to ``end`` (data coordinates). Returns the Annotation;
    move it with ``move_arrow``."""
    ann = ax.annotate(
        "",
        xy=tuple(end),
        xytext=tuple(start),
        zorder=6,
        arrowprops=dict(arrowstyle="-|>", color=color or COLORS["backward"], lw=2, shrinkA=0, shrinkB=0),
    )
    ann.arrow_patch.set_path_effects([patheffects.withStroke(linewidth=4, foreground="white")])  # seen on any ground
    if label:
        ax.plot([], [], color=color or COLORS["backward"], lw=2, label=label)
    return ann


def move_arrow(ann, start, end):
    """Move an arrow drawn by ``arrow`` to run from ``start`` (2,) to ``end`` (2,)."""
    ann.xy = tuple(end)
    ann.set_position(tuple(start))


def colour_scale(mappable, ax, label):
    """The colour scale of ``mappable`` (an image, filled contours) drawn on ``ax``: a bar just right of the
    axes' box (a figure laid out with fixed margins leaves room there), labelled ``label``, its numbers to
    two significant digits (a loss's log-spaced levels read 0.0044, not 0.004). Returns the Colorbar; to
    show another mappable, ``remove()`` it (while its mappable is still drawn) and make a new one."""
    box = ax.get_position(original=True)
    cax = ax.figure.add_axes((box.x1 + 0.03, box.y0, 0.035, box.height))
    return ax.figure.colorbar(mappable, cax=cax, label=label, format="{x:.2g}")


def loss_levels(L, n=20):
    """``n`` contour levels of ``L`` (any shape) spaced evenly in log(L): the low valley, where learning
    happens, gets as many lines as the steep walls."""
    lo, hi = max(float(L.min()), 1e-4), float(L.max())
    return np.geomspace(lo, hi, n) if hi > lo * 1.01 else n


def loss_contours(ax, W1, W2, L, levels=None, lines=True):
    """Filled contours of the loss ``L`` (r, r) over the weight grid (W1, W2), both (r, r),
    with contour lines if ``lines``, levels log-spaced (``loss_levels``) by default.

    Returns
    -------
    QuadContourSet, the filled contours (remove it with ``.remove()`` to draw anew)
    """
    levels = loss_levels(L) if levels is None else levels
    filled = ax.contourf(W1, W2, L, levels=levels, cmap="viridis", extend="both")
    if lines:
        ax.contour(W1, W2, L, levels=levels, colors="white", linewidths=0.3, alpha=0.6)
    ax.set_xlabel("w1")
    ax.set_ylabel("w2")
    ax.set_aspect("equal")
    return filled
