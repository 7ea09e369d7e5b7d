"""Plot helpers: each takes an ``ax`` and returns what it drew, so a widget can
update those artists in place. House style is set once here.

The notebooks draw static figures with these; the widgets (``lessonkit.widgets``)
draw with them once and then move the artists' data.
"""

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure

from . import activations
from .glyphs import PastedTexts
from .text import COLORS, fixed

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


# ---- computational graphs ---------------------------------------------------------

#: Where each node of one neuron's graph sits (axes coordinates) and what feeds it.
NEURON_GRAPH = {
    "x1": ((0.09, 0.90), ()),
    "w1": ((0.09, 0.70), ()),
    "x2": ((0.09, 0.50), ()),
    "w2": ((0.09, 0.30), ()),
    "b": ((0.09, 0.10), ()),
    "z": ((0.40, 0.50), ("x1", "w1", "x2", "w2", "b")),
    "a": ((0.64, 0.50), ("z",)),
    "y": ((0.64, 0.14), ()),
    "L": ((0.88, 0.50), ("a", "y")),
}
NODE_TITLES = {"z": "z = w·x + b", "a": "a = f(z)", "L": "L(a, y)"}
#: (width, height) of a leaf, of a computed node, in axes coordinates: on an axes about 800 × 250 px,
#: three lines of ``FONT`` such as "∂L/∂w1=-0.599" fit a leaf.
NODE_SIZE = {False: (0.16, 0.17), True: (0.2, 0.24)}
ACTIVE, READ, IDLE = "#ffcc33", "#fff3c4", "#f4f4f4"  # the active node's fill stands out for every reader


def neuron_graph(ax):
    """One neuron's computational graph, x and w → z → a → L, on ``ax`` (axes
    switched off). Fill it with ``show_on_graph``.

    Returns a dict: ``"boxes"`` name → FancyBboxPatch, ``"edges"`` (src, dst) → FancyArrowPatch,
    ``"texts"`` the PastedTexts that writes in the boxes, and ``"written"`` name → what its box
    says. Boxes have fixed sizes and arrows fixed ends, and the texts are pasted from glyphs
    drawn once, so redrawing them is cheap (no text measuring, no clipping).
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    boxes, edges = {}, {}
    for name, ((x, y), srcs) in NEURON_GRAPH.items():
        w, h = NODE_SIZE[bool(srcs)]
        boxes[name] = ax.add_patch(
            FancyBboxPatch(
                (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.01", fc=IDLE, ec=COLORS["muted"], lw=1, zorder=2
            )
        )
    for dst, ((x1, y1), srcs) in NEURON_GRAPH.items():
        for src in srcs:
            (x0, y0), src_srcs = NEURON_GRAPH[src]
            start = (x0 + NODE_SIZE[bool(src_srcs)][0] / 2 + 0.012, y0)
            end = (x1 - NODE_SIZE[True][0] / 2 - 0.012, y1)
            edges[(src, dst)] = ax.add_patch(
                FancyArrowPatch(
                    start,
                    end,
                    arrowstyle="-|>",
                    mutation_scale=9,
                    shrinkA=0,
                    shrinkB=0,
                    color=COLORS["muted"],
                    lw=1,
                    zorder=1,
                )
            )
    drawn = {"boxes": boxes, "edges": edges, "texts": PastedTexts(ax, FONT), "written": {}}
    show_on_graph(drawn, {}, {})
    return drawn


def graph_artists(drawn):
    """Every artist of a graph drawn by ``neuron_graph`` (edges under boxes under texts): what moves."""
    return [*drawn["edges"].values(), *drawn["boxes"].values(), drawn["texts"]]


def written(values):
    """``values`` (node name → number or str) as a graph's boxes write them, node name → str: a number
    to 3 decimals, a text (such as "0.500→0.560") as it is."""
    return {name: v if isinstance(v, str) else fixed(v) for name, v in values.items()}


def show_on_graph(drawn, values, grads, active=None, read=(), backward=False):
    """Write node values and gradients into a graph drawn by ``neuron_graph`` and
    highlight the ``active`` node and the nodes it reads.

    Parameters
    ----------
    drawn : dict, what ``neuron_graph`` returned
    values : dict of node name → number, or text such as "0.500→0.560"
    grads : dict of node name → ∂L/∂node
    active : str or None;  read : node names;  backward : bool (lit edges red, else blue)
    """
    shown = written(values)
    for name in NEURON_GRAPH:
        lines = [NODE_TITLES.get(name, name)]
        if name in shown:
            lines.append(shown[name])
        if name in grads:
            lines.append(f"∂L/∂{name}={fixed(grads[name])}")
        drawn["written"][name] = "\n".join(lines)
        box = drawn["boxes"][name]
        box.set_facecolor(ACTIVE if name == active else READ if name in read else IDLE)
        box.set_edgecolor(COLORS["backward"] if name in grads else COLORS["muted"])
    drawn["texts"].set_items([(*NEURON_GRAPH[name][0], text) for name, text in drawn["written"].items()])
    lit = set(read) | {active}
    for (src, dst), patch in drawn["edges"].items():
        on = src in lit and dst in lit
        patch.set_color((COLORS["backward"] if backward else COLORS["forward"]) if on else COLORS["muted"])
        patch.set_linewidth(2.2 if on else 1.0)


def equation(ax, fontsize=13):
    """An empty text on ``ax`` (axes switched off) for ``set_equation``: an equation drawn
    into the picture (its formula by matplotlib's mathtext), so it reads the same wherever
    the picture goes (Colab's output frames do not typeset LaTeX inside widgets)."""
    ax.set_axis_off()
    return ax.text(0.0, 0.5, "", ha="left", va="center", fontsize=fontsize, linespacing=2.0, transform=ax.transAxes)


def set_equation(text, formula, numbers):
    """Write an equation on two lines: ``formula`` (LaTeX, drawn by mathtext with full-size
    fractions, as in the notebook's text) and ``numbers`` (plain text), as
    ``GraphStepperState.equation_lines()`` gives them."""
    formula = formula.replace(r"\frac", r"\dfrac")
    text.set_text(f"${formula}$\n{numbers}")


def value_graph(ax, root):
    """The graph of a scalar ``lessonkit.autograd.Value`` on ``ax``: one box per
    value (label or operation, data, grad), inputs left, ``root`` right. An input
    sits in the column just before the first operation that uses it.

    Returns a dict: id(value) → Text.
    """
    from matplotlib.patches import FancyArrowPatch

    order = root.topological_order()
    depth = {}
    for v in order:  # longest path from a leaf
        depth[id(v)] = 1 + max((depth[id(c)] for c in v._prev), default=-1)
    users = {}
    for v in order:
        for c in v._prev:
            users.setdefault(id(c), []).append(depth[id(v)])
    for v in order:
        if not v._prev and id(v) in users:  # a leaf: next to its first user
            depth[id(v)] = min(users[id(v)]) - 1
    columns = {}
    for v in order:
        columns.setdefault(depth[id(v)], []).append(v)
    n_cols = max(columns) + 1
    pos = {}
    for d, vs in columns.items():
        for i, v in enumerate(vs):
            pos[id(v)] = ((d + 0.5) / n_cols, 1 - (i + 0.5) / len(vs))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    boxes = {}
    for v in order:
        name = v.label or v._op or "const"
        boxes[id(v)] = ax.text(
            *pos[id(v)],
            f"{name}\n{fixed(v.data)}\ngrad {fixed(v.grad)}",
            ha="center",
            va="center",
            fontsize=8,
            family="monospace",
            zorder=3,
            bbox=dict(boxstyle="round,pad=0.3", fc=IDLE, ec=COLORS["muted"]),
        )
    for v in order:
        for c in v._prev:  # clipped at the boxes' edges, so the arrowheads show
            ax.add_patch(
                FancyArrowPatch(
                    pos[id(c)],
                    pos[id(v)],
                    arrowstyle="-|>",
                    mutation_scale=9,
                    color=COLORS["muted"],
                    lw=0.8,
                    zorder=1,
                    patchA=boxes[id(c)].get_bbox_patch(),
                    patchB=boxes[id(v)].get_bbox_patch(),
                )
            )
    return boxes
