"""The fit check itself (tests/e2e/fit.py), on a page built by hand: one view per problem it
must find, each with that problem alone, and one view where everything fits, in the
markup of both front ends (their output areas and slider tracks differ)."""

import base64
import io

import PIL.Image
import pytest

from tests.e2e import classic, fit, lab
from tests.e2e.conftest import new_page


def png(width, height):
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (width, height), "white").save(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


#: Controls' markup as ipywidgets draws them (``{track}``: the class of a slider's track, the front end's)
CUT = "overflow:hidden;text-overflow:ellipsis;white-space:nowrap"
SLIDER = """<div class="jupyter-widgets widget-inline-hbox widget-slider" style="display:flex;width:{width}px">
  <label class="widget-label" style="width:60px;flex:none">{name}</label>
  <div class="slider-container" style="flex:1 1 auto;min-width:0"><div class="{track}" style="height:4px"></div></div>
  <div class="widget-readout" style="width:{readout}px;flex:none;%s">{value}</div></div>""".replace(
    "%s", CUT
)  # its {} are filled by str.format later
LABELLED = """<div class="jupyter-widgets widget-inline-hbox widget-{kind}" style="display:flex">
  <label class="widget-label" style="width:{label}px;flex:none;%s">{name}</label>{control}</div>""".replace(
    "%s", CUT
)  # its {} are filled by str.format later
PICTURE = """<div class="jupyter-widgets widget-inline-hbox widget-html"><div class="widget-html-content">
  <img src="{src}" width="{width}" height="30" alt="Loss curve: loss 0.1 after epoch 3"></div></div>"""

#: each view but "fits" holds one problem; the words its sentence must have
CASES = {
    "fits": (
        "",
        [
            SLIDER.format(width=320, name="step", track="{track}", readout=40, value="7"),
            LABELLED.format(
                kind="floattext", label=40, name="w1", control='<input type="number" value="-0.5" style="width:80px">'
            ),
            LABELLED.format(
                kind="dropdown",
                label=60,
                name="activation",
                control='<select style="width:120px"><option>tanh</option><option>sigmoid</option></select>',
            ),
            LABELLED.format(
                kind="text",
                label=100,
                name="hidden layers",
                control='<input type="text" value="8, 8" style="width:100px">',
            ),
            PICTURE.format(src=png(40, 30), width=40),
            '<div class="jupyter-widgets widget-box widget-hbox" style="overflow:hidden;width:300px">'
            '<div style="width:300px;height:5px"></div></div>',
        ],
    ),
    "the view wider than its output area": ("past the output area's right edge", ['<div style="height:5px"></div>']),
    "a picture wider than the output area": (
        "past the output area's right edge",
        [PICTURE.format(src=png(450, 30), width=450)],
    ),
    "a control out of the view": (
        "reaches outside the view",
        [
            LABELLED.format(
                kind="text", label=100, name="hidden layers", control='<input type="text" value="8" style="width:50px">'
            ).replace('style="display:flex"', 'style="display:flex;margin-left:-30px"')
        ],
    ),
    "a box cutting its content": (
        "content 300 px wide in a box of 200 px",
        [
            '<div class="jupyter-widgets widget-box widget-vbox" style="overflow-x:auto;width:200px">'
            + SLIDER.format(width=300, name="x1", track="{track}", readout=40, value="1.00")
            + "</div>"
        ],
    ),
    "a readout cut": (
        "text cut",
        [SLIDER.format(width=320, name="show epoch", track="{track}", readout=20, value="0.000123456")],
    ),
    "a description cut": (
        "text cut",
        [
            LABELLED.format(
                kind="dropdown", label=30, name="learning rate", control="<select><option>a</option></select>"
            )
        ],
    ),
    "a number longer than its box": (
        "px of text in a box of",
        [
            LABELLED.format(
                kind="floattext",
                label=30,
                name="b",
                control='<input type="number" value="0.1000000000000001" style="width:60px">',
            )
        ],
    ),
    "a menu's choice under its arrow": (
        "(the box less its arrow)",
        [
            LABELLED.format(
                kind="dropdown",
                label=70,
                name="batch size",
                control='<select style="width:80px"><option>1 (stochastic)</option></select>',
            )
        ],
    ),
    "a slider squeezed to its handle": (
        "a track of 0 px",
        [
            '<div class="jupyter-widgets widget-box widget-hbox" style="display:flex;width:160px">'
            + SLIDER.format(width=160, name="step", track="{track}", readout=40, value="0").replace(
                "flex:1 1 auto;min-width:0", "flex:none;width:0;overflow:hidden"
            )
            + "</div>"
        ],
    ),
    "a picture scaled down": (
        "drawn 40×30 px, shown at 20×15 px",
        [PICTURE.format(src=png(40, 30), width=20).replace('height="30"', 'height="15"')],
    ),
}


#: a view's own style, where a case sets it
VIEW_STYLE = {"the view wider than its output area": "width:450px"}


def page_of(front):
    """Every case, one view each, in ``front``'s markup: an output area 400 px wide."""
    output, track = front.output.lstrip("."), front.track.lstrip(".")
    views = "".join(
        f'<div class="{output}" id="case{i}" style="width:400px;margin:20px 0">'
        f'<div class="jupyter-widgets widget-container '
        f'widget-box widget-vbox {fit.VIEW_CLASS}" '
        f'style="display:flex;flex-direction:column;{VIEW_STYLE.get(case, "")}">'
        + "".join(html.replace("{track}", track) for html in markup)
        + "</div></div>"
        for i, (case, (_, markup)) in enumerate(CASES.items())
    )
    return f'<!doctype html><html lang="en"><head><title>fit</title></head><body style="font:13px sans-serif">{views}'


@pytest.mark.parametrize("front", [lab.FIT, classic.FIT], ids=["lab", "classic"])
def test_fit_check_finds_each_problem_and_nothing_else(chromium, request, front):
    found = {}
    with new_page(chromium, request) as page:
        page.set_content(page_of(front))
        for i, case in enumerate(CASES):
            found[case], widths = fit.measure(page.locator(f"#case{i} .{fit.VIEW_CLASS}"), front)
            assert widths["output"] == 400
    assert found.pop("fits") == []
    for case, problems in found.items():
        words = CASES[case][0]
        assert len(problems) == 1 and words in problems[0], f"{case}: {problems}"
    assert found["a readout cut"][0].startswith('slider "show epoch" › div.widget-readout "0.000123456"')
    assert found["a picture scaled down"][0].startswith('picture 1 of 1 "Loss curve…"')
    assert found["the view wider than its output area"][0].startswith("vbox: reaches 50 px past")
    assert 'past its edge: slider "x1"' in found["a box cutting its content"][0]
