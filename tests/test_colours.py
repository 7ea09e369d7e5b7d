"""The course's colours for every reader: the colours a figure tells apart by colour alone stay apart
under the three dichromacies, simulated, and every coloured text has a WCAG contrast of at least 4.5:1.

Simulation: G. M. Machado, M. M. Oliveira, L. A. F. Fernandes, "A Physiologically-based Model for
Simulation of Color Vision Deficiency", IEEE Transactions on Visualization and Computer Graphics 15(6),
1291-1298, 2009; their matrices at severity 1.0 (protanopia, deuteranopia, tritanopia), applied to
linear RGB (sRGB decoded), the result clipped to [0, 1] and encoded again.

Difference: CIEDE2000 (ΔE00) in CIELAB (D65), checked against the test pairs of G. Sharma, W. Wu,
E. N. Dalal, "The CIEDE2000 color-difference formula: implementation notes, supplementary test data,
and mathematical observations", Color Research & Application 30(1), 21-30, 2005.

Threshold: ΔE00 ≥ 20. One ΔE00 is about the smallest difference seen between two large patches side by
side; the course's colours are on thin lines (1.5-3 px), small markers and outlines, seen apart and
recalled from a legend, where far larger differences are needed to name a colour (the smaller the
mark, the larger the difference that is seen). 20 is what Okabe and Ito's blue and vermillion keep
under every dichromacy with room to spare (≥ 49), and what the weakest pair here just keeps.
"""

import re

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib import colormaps
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgb, to_rgba_array
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text

from lessonkit import plots
from lessonkit.palette import COLORS
from lessonkit.plots.heatmaps import CMAP, MARK
from lessonkit.widgets import NetworkStepper
from tests.widgets.every import WIDGETS
from tests.widgets.test_contract import shown

#: Machado, Oliveira & Fernandes (2009), severity 1.0, rows giving linear R, G, B.
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
VISIONS = ("normal", *MACHADO)
THRESHOLD = 20.0

#: The colours a figure tells apart by colour alone, and where they meet.
PAIRS = {
    ("forward", "backward"): "the activation and its slope (01), lit edges, heat-map frames, 07's three activations",
    ("forward", "loss"): "02's two losses and their pushes on z",
    ("backward", "loss"): "a loss and its tangent (02's LossExplorer)",
    ("forward", "update"): "07's gradient per layer and activation",
    ("backward", "update"): "07's gradient per layer and activation",
    ("class0", "class1"): "the two classes' points (06)",
    ("forward", "muted"): "a lit edge and an idle one (03, 05); a reference line",
    ("backward", "muted"): "a node with its gradient and one without; a lit edge and an idle one",
}


def decode(c):
    """sRGB (3,) in [0, 1] → linear RGB."""
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def encode(c):
    """Linear RGB (3,) → sRGB in [0, 1] (clipped first)."""
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate(color, vision):
    """``color`` (anything matplotlib reads) as seen with ``vision``, sRGB (3,)."""
    rgb = np.asarray(to_rgb(color))
    return rgb if vision == "normal" else encode(np.asarray(MACHADO[vision]) @ decode(rgb))


#: sRGB (D65) linear RGB → XYZ, and the white point.
XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])


def lab(rgb):
    """CIELAB (L, a, b) of sRGB ``rgb`` (3,), D65."""
    t = XYZ @ decode(rgb) / XYZ.sum(axis=1)
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e2000(lab1, lab2):
    """CIEDE2000 between two CIELAB colours (kL = kC = kH = 1), as Sharma, Wu & Dalal (2005) write it."""
    (L1, a1, b1), (L2, a2, b2) = lab1, lab2
    C_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    G = 0.5 * (1 - np.sqrt(C_mean**7 / (C_mean**7 + 25.0**7)))
    a1, a2 = (1 + G) * a1, (1 + G) * a2
    C1, C2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1 = np.degrees(np.arctan2(b1, a1)) % 360 if C1 else 0.0
    h2 = np.degrees(np.arctan2(b2, a2)) % 360 if C2 else 0.0
    dh = 0.0 if C1 * C2 == 0 else (h2 - h1 + 180) % 360 - 180
    dH = 2 * np.sqrt(C1 * C2) * np.sin(np.radians(dh / 2))
    L_mean, C_mean = (L1 + L2) / 2, (C1 + C2) / 2
    if C1 * C2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    T = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    SL = 1 + 0.015 * (L_mean - 50) ** 2 / np.sqrt(20 + (L_mean - 50) ** 2)
    SC, SH = 1 + 0.045 * C_mean, 1 + 0.015 * C_mean * T
    RC = 2 * np.sqrt(C_mean**7 / (C_mean**7 + 25.0**7))
    RT = -np.sin(np.radians(60 * np.exp(-(((h_mean - 275) / 25) ** 2)))) * RC
    dL, dC = (L2 - L1) / SL, (C2 - C1) / SC
    return float(np.sqrt(dL**2 + dC**2 + (dH / SH) ** 2 + RT * dC * (dH / SH)))


def difference(c1, c2, vision):
    return delta_e2000(lab(simulate(c1, vision)), lab(simulate(c2, vision)))


def luminance(color):
    """WCAG 2.x relative luminance of an sRGB colour."""
    return float(np.array([0.2126, 0.7152, 0.0722]) @ decode(to_rgb(color)))


def contrast(c1, c2):
    """WCAG 2.x contrast ratio, (lighter + 0.05) / (darker + 0.05)."""
    dark, light = sorted((luminance(c1), luminance(c2)))
    return (light + 0.05) / (dark + 0.05)


# ---- the tools, against published values ---------------------------------------------


@pytest.mark.parametrize(
    "lab1, lab2, expected",
    [  # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 17, 25, 34
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 0, 0), (50, -1, 2), 2.3669),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_delta_e2000_gives_the_published_values(lab1, lab2, expected):
    assert delta_e2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert delta_e2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_lab_of_white_black_and_srgb_red():
    assert lab((1, 1, 1)) == pytest.approx((100, 0, 0), abs=1e-3)
    assert lab((0, 0, 0)) == pytest.approx((0, 0, 0), abs=1e-9)
    assert lab((1, 0, 0)) == pytest.approx((53.24, 80.09, 67.20), abs=0.05)  # sRGB red, D65: the textbook value


def test_the_simulation_is_machados_matrix_in_linear_rgb():
    # pure red, green and blue under deuteranopia are the matrix's columns, clipped and encoded by hand
    by_hand = {
        "#ff0000": (0.367322, 0.280085, -0.011820),
        "#00ff00": (0.860646, 0.672501, 0.042940),
        "#0000ff": (-0.227968, 0.047413, 0.968881),
    }
    for color, column in by_hand.items():
        expected = [0.0 if c <= 0 else 1.055 * c ** (1 / 2.4) - 0.055 for c in column]
        assert simulate(color, "deuteranopia") == pytest.approx(expected, abs=1e-12)
    for vision in MACHADO:  # white stays white and grey stays grey: each row of the matrices sums to 1
        assert np.sum(MACHADO[vision], axis=1) == pytest.approx(1.0, abs=2e-6)
        assert simulate("#808080", vision) == pytest.approx(to_rgb("#808080"), abs=1e-5)
    assert difference("#ff0000", "#00ff00", "deuteranopia") < 0.3 * difference("#ff0000", "#00ff00", "normal")
    assert difference("#0000ff", "#ffff00", "tritanopia") < difference("#0000ff", "#ffff00", "deuteranopia")


def test_the_wcag_contrast_of_known_pairs():
    assert contrast("black", "white") == pytest.approx(21.0)
    assert contrast("#767676", "white") == pytest.approx(4.54, abs=0.005)
    assert contrast("#777777", "white") < 4.5 < contrast("#767676", "white")  # the lightest grey text may be


# ---- the course's colours ---------------------------------------------------------


@pytest.mark.parametrize("pair", PAIRS)
@pytest.mark.parametrize("vision", VISIONS)
def test_colours_told_apart_by_colour_alone_stay_apart(pair, vision):
    a, b = pair
    assert difference(COLORS[a], COLORS[b], vision) >= THRESHOLD, (
        f"{a} {COLORS[a]} and {b} {COLORS[b]} ({PAIRS[pair]}) under {vision}: ΔE00 "
        f"{difference(COLORS[a], COLORS[b], vision):.1f} < {THRESHOLD}"
    )


@pytest.mark.parametrize("vision", VISIONS)
def test_the_heat_maps_outline_and_frames_stay_apart(vision):
    for frame in ("forward", "backward", "muted"):  # one picture holds the entry's outline and a result's frame
        assert difference(MARK, COLORS[frame], vision) >= THRESHOLD, (frame, vision)


@pytest.mark.parametrize("vision", VISIONS)
def test_a_graph_node_lit_stands_out_from_an_idle_one(vision):
    # the nodes a step reads (READ) are also joined by the lit, thicker edges; the active node is told by its fill
    assert difference(plots.ACTIVE, plots.IDLE, vision) >= THRESHOLD
    assert difference(plots.ACTIVE, plots.READ, vision) >= 0.5 * THRESHOLD


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize(
    "cmap, low, high",
    [
        ("RdBu_r", 0.0, 1.0),  # the neuron's output over the plane (01), the dashboard's decision regions (06)
        ("RdBu_r", 0.5 - 0.5 / 2.2, 0.5 + 0.5 / 2.2),  # the heat maps' lightest ends (04): below 0, above 0
        ("viridis", 0.0, 1.0),  # the loss landscape (02, 05)
    ],
)
def test_a_colour_maps_two_ends_stay_apart(vision, cmap, low, high):
    colours = colormaps[cmap]
    assert difference(colours(low), colours(high), vision) >= THRESHOLD


# ---- text contrast ------------------------------------------------------------------

#: The colours used for text on the white page or figure: the error line, a loss that went down,
#: the muted parts of a readout (the numpy line, the stages not shown).
TEXT_COLOURS = ("error", "good", "muted")


@pytest.mark.parametrize("name", TEXT_COLOURS)
def test_coloured_text_has_a_contrast_of_at_least_4_5(name):
    assert contrast(COLORS[name], "white") >= 4.5, f"{name} {COLORS[name]}: {contrast(COLORS[name], 'white'):.2f}:1"


def test_the_outlines_swatch_in_the_entry_line_reads():
    assert contrast(MARK, "white") >= 4.5  # "■" in MARK's colour starts the network stepper's entry line


def test_the_graphs_black_text_reads_on_every_fill():
    for fill in (plots.ACTIVE, plots.READ, plots.IDLE):
        assert contrast("black", fill) >= 4.5, fill


def test_every_heat_map_value_reads_on_its_cell():
    view = NetworkStepper()
    seen = 0
    for step in range(12):
        view.step.value = step
        for face in view.maps.boxes.get_facecolor():  # the cells' colours as drawn; their values are black glyphs
            assert contrast("black", face[:3]) >= 4.5, (step, face)
            seen += 1
    assert seen > 12
    extremes = CMAP(0.5 - 0.5 / 2.2), CMAP(0.5 + 0.5 / 2.2)  # the darkest a cell can be, either side of 0
    assert min(contrast("black", c[:3]) for c in extremes) >= 4.5


def test_every_colour_of_the_palette_is_checked():
    # a colour added to COLORS fails here until a test above checks it: in a pair, or as text
    checked = {name for pair in PAIRS for name in pair} | set(TEXT_COLOURS)
    assert set(COLORS) <= checked, f"not checked: {sorted(set(COLORS) - checked)}"


# ---- what the widgets draw ----------------------------------------------------------

#: The colour maps checked above, and the colours checked above outside COLORS: the graph's fills, the
#: heat maps' outline. Black, white and greys are the rest of a figure (text, axes, outlines) and need none.
CHECKED_MAPS = ("viridis", "RdBu_r")
CHECKED = {
    **COLORS,
    "the graph's active node": plots.ACTIVE,
    "a node read": plots.READ,
    "an idle node": plots.IDLE,
    "the heat maps' outline": MARK,
}
ALLOWED = np.array(
    [to_rgb(c) for c in CHECKED.values()]
    + [colormaps[name](t)[:3] for name in CHECKED_MAPS for t in range(colormaps[name].N)]
)


def checked(rgb):
    """Whether ``rgb`` (3,) is grey (black and white too), a checked colour or a colour of a checked map."""
    return np.ptp(rgb) < 1e-6 or np.abs(ALLOWED - rgb).max(axis=1).min() < 1e-6


def outlines(artist):
    """The colours of the strokes drawn around ``artist`` (its path effects)."""
    return [e._gc["foreground"] for e in artist.get_path_effects() or () if "foreground" in getattr(e, "_gc", {})]


def colours_drawn(fig):
    """Every colour ``fig`` draws (not fully transparent), as (sRGB (3,), what draws it), and the names of
    the colour maps its images use."""
    found, maps = [], set()

    def add(colours, what):
        for rgba in to_rgba_array(colours) if len(colours) else ():
            if rgba[3] > 0:
                found.append((rgba[:3], what))

    for artist in fig.findobj():
        what = f"{type(artist).__name__} {artist.get_label() or getattr(artist, 'get_text', str)()!s:.40}"
        add(outlines(artist), f"{what}'s outline")
        if isinstance(artist, AxesImage):
            maps.add(artist.get_cmap().name)
        elif isinstance(artist, Line2D):
            add([artist.get_color(), artist.get_markerfacecolor(), artist.get_markeredgecolor()], what)
        elif isinstance(artist, Collection):
            artist.update_scalarmappable()  # the colours its map gives it
            add(artist.get_facecolor(), what)
            add(artist.get_edgecolor(), what)
        elif isinstance(artist, Patch):
            add([artist.get_facecolor(), artist.get_edgecolor()], what)
        if isinstance(artist, Text):
            add([artist.get_color()], what)
            if artist.get_bbox_patch() is not None:
                add([artist.get_bbox_patch().get_facecolor(), artist.get_bbox_patch().get_edgecolor()], f"{what}'s box")
        if isinstance(artist, Annotation) and artist.arrow_patch is not None:
            patch = artist.arrow_patch
            add([patch.get_facecolor(), patch.get_edgecolor()], f"{what}'s arrow")
            add(outlines(patch), f"{what}'s arrow outline")
    return found, maps


def each_picture(view):
    """``view`` as built, then at every position of its steppers (a step, a stage, an epoch shown)."""
    yield "as built"
    for name, control in {**view.controls, **view.viewing}.items():
        if isinstance(control, widgets.IntSlider) and (name in view.viewing or name in ("step", "stage")):
            for position in range(control.min, control.max + 1):
                control.value = position
                yield f"{name} = {position}"


@pytest.mark.parametrize("name", WIDGETS)
def test_every_colour_a_widget_draws_is_checked(name):
    view = WIDGETS[name]()
    seen = 0
    for when in each_picture(view):
        for panel in view.panels:
            found, maps = colours_drawn(panel.fig)
            seen += len(found)
            unchecked = {(to_hex(rgb), what) for rgb, what in found if not checked(rgb)}
            assert not unchecked, f"{name}, {when}: colours no test here checks: {sorted(unchecked)}"
            assert maps <= set(CHECKED_MAPS), f"{name}, {when}: colour maps no test here checks: {maps}"
    assert seen > 20  # the walk found the figures' colours


def test_the_walk_finds_a_colour_no_test_checks():
    fig, ax = plots.figure()
    ax.plot([0, 1], [0, 1])  # matplotlib's first default colour, #1f77b4
    plots.arrow(ax, (0, 0), (1, 1), color="#ff6f61")
    found, _ = colours_drawn(fig)
    assert {to_hex(rgb) for rgb, _ in found if not checked(rgb)} == {"#1f77b4", "#ff6f61"}


#: A colour in a widget's HTML (its style attributes), as written by ``lessonkit.text``.
STYLE_COLOUR = re.compile(r"(?<![\w-])color:\s*([^;'\"]+)")


@pytest.mark.parametrize("name", WIDGETS)
def test_every_colour_of_a_widgets_text_is_a_palette_colour_that_reads(name):
    view = WIDGETS[name]()
    said = set()
    for when in each_picture(view):
        for value in shown(view):
            if isinstance(value, str):
                said |= {(c.strip(), when) for c in STYLE_COLOUR.findall(re.sub(r"<style>.*?</style>", "", value))}
    for colour, when in said:
        assert colour in CHECKED.values(), f"{name}, {when}: text in {colour}, not a checked colour"
        assert contrast(colour, "white") >= 4.5, f"{name}, {when}: text in {colour}, {contrast(colour, 'white'):.2f}:1"


def test_the_text_colour_finder_finds_the_palettes_html():
    from lessonkit.text import error_line, note

    found = STYLE_COLOUR.findall(error_line("x") + note("y", "good") + f"<span style='color:{MARK}'>■</span>")
    assert found == [COLORS["error"], COLORS["good"], MARK]


# ---- marks on a colour map, and the keyboard's focus -------------------------------------


def landscape_marks():
    """The marks drawn on the loss landscape (viridis) in 02 and 05, as (what, core colour, outline colour):
    the arrows and their white stroke, the dots and their edge."""
    from lessonkit.widgets import LossLandscape, StepThrough

    marks = []
    for view in (LossLandscape(), StepThrough()):
        patch = view.arrow.arrow_patch
        marks.append((f"{type(view).__name__}'s arrow", patch.get_edgecolor(), *outlines(patch)))
        for dot in (view.point, getattr(view, "point_new", None)):
            if dot is not None:
                marks.append((f"{type(view).__name__}'s dot", dot.get_markerfacecolor(), dot.get_markeredgecolor()))
    return marks


@pytest.mark.parametrize("vision", VISIONS)
def test_the_marks_on_the_loss_landscape_show_on_every_colour_of_it(vision):
    # a thin mark on a map that runs from dark to light: its outline shows it where the core does not
    ground = [colormaps["viridis"](t)[:3] for t in range(256)]
    marks = landscape_marks()
    assert len(marks) == 5  # two arrows, three dots
    for what, core, outline in marks:
        core, outline = to_rgb(core), to_rgb(outline)
        # the core reads inside its outline (WCAG 2.1, 1.4.11 non-text contrast: 3:1)
        assert contrast(simulate(core, vision), simulate(outline, vision)) >= 3, (what, vision)
        worst = min(max(difference(core, c, vision), difference(outline, c, vision)) for c in ground)
        assert worst >= THRESHOLD, f"{what} {to_hex(core)} in {to_hex(outline)} under {vision}: ΔE00 {worst:.1f}"


def test_the_focus_outline_reads_on_the_page():
    from lessonkit.widgets.base import FOCUS_CSS

    colours = set(re.findall(r"#[0-9a-fA-F]{6}\b", FOCUS_CSS))
    assert colours == {"#1976d2"}  # the theme's focus colour where a page has none (JupyterLab's light theme's)
    for colour in colours:  # an outline drawn 1 px outside the control, on the page: 3:1 (WCAG 2.1, 1.4.11)
        assert contrast(colour, "white") >= 3, f"{colour}: {contrast(colour, 'white'):.2f}:1"
