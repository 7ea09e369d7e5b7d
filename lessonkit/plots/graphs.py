"""Computational graphs drawn: one neuron's graph (notebooks 03 and 05) with its values and
gradients written on it, the equation under it, and the graph of an autograd ``Value``.
"""

from ..palette import ACTIVE, COLORS, IDLE, READ
from ..text import fixed
from .figures import FONT
from .glyphs import PastedTexts

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
