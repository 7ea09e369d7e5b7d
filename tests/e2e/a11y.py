"""axe-core in the page: the accessibility violations inside the widgets' outputs.

axe-core is the copy bundled with the ``axe-playwright-python`` package (no CDN), put
into the page as a script tag and run with ``axe.run`` on the outputs that hold a
widget (JupyterLab's own chrome is out of scope). A violation counts when its impact
is serious or critical. Nodes that only ipywidgets itself can fix are matched by
``IPYWIDGETS_ONLY`` (the rule and the exact node pattern, with the upstream issue or
pull request) and counted apart: they never fail a test.
"""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import axe_playwright_python

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
IMPACTS = ("serious", "critical")
#: outputs of JupyterLab (ipywidgets 8) and classic Notebook (ipywidgets 7) that hold a rendered widget
LAB_OUTPUTS = ".jp-OutputArea-output:has(> .jupyter-widgets)"
CLASSIC_OUTPUTS = ".output_area .output_subarea:has(> .jupyter-widgets, > .widget-area, > .jupyter-widgets-view)"


@dataclass(frozen=True)
class Upstream:
    """A violation only ipywidgets can fix: axe's ``rule`` on nodes matching ``selector``
    (CSS, tried with ``Element.matches``), reported upstream at ``url``."""

    rule: str
    selector: str
    url: str
    why: str


#: Found by measuring the course (JupyterLab 4, ipywidgets 8.1; classic Notebook, ipywidgets 7.7) and
#: checked in ipywidgets' sources: nothing lessonkit sets from Python reaches these nodes.
IPYWIDGETS_ONLY = (
    Upstream(
        "aria-input-field-name",
        ".widget-slider .noUi-handle[role='slider']",
        "https://github.com/jupyter-widgets/ipywidgets/issues/2650",
        "a slider's handle (noUiSlider's role=slider div) has no name: ipywidgets passes noUiSlider no "
        "handle attributes (leongersen/noUiSlider#1223) and its description is a <label> with no for=, "
        "which cannot name a div; neither description nor tooltip reaches the handle",
    ),
    Upstream(
        "button-name",
        ".widget-play > button.jupyter-button",
        "https://github.com/jupyter-widgets/ipywidgets/issues/2650",
        "Play's view draws icon-only buttons (play/pause, stop, repeat) and names none of them; a "
        "tooltip titles the Play's box, not its buttons",
    ),
)


@dataclass(frozen=True)
class Finding:
    """One node that violates one rule: its CSS path, HTML, axe's message and, if only
    ipywidgets can fix it, the ``Upstream`` entry that matched it."""

    rule: str
    impact: str
    target: str
    html: str
    message: str
    upstream: Upstream | None = None

    def __str__(self):
        return f"{self.rule} ({self.impact}) at {self.target}: {self.html}\n    {self.message}"


_RUN = """async ([outputs, impacts, allowed]) => {
    const include = [...document.querySelectorAll(outputs)];
    if (!include.length) return [];
    const results = await axe.run(include, {resultTypes: ['violations']});
    const found = [];
    for (const v of results.violations) {
        if (!impacts.includes(v.impact)) continue;
        for (const node of v.nodes) {
            const el = document.querySelector(node.target[0]);
            const upstream = allowed.findIndex(([rule, sel]) => rule === v.id && el && el.matches(sel));
            found.push({rule: v.id, impact: node.impact || v.impact, target: node.target.join(' '),
                        html: node.html.slice(0, 300), message: node.failureSummary, upstream});
        }
    }
    return found;
}"""


def violations(page, outputs=LAB_OUTPUTS, allowed=IPYWIDGETS_ONLY):
    """Run axe-core on every element of ``page`` matching ``outputs``; every node of a serious
    or critical violation, as ``Finding``s (those matched by ``allowed`` carry their entry)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate(_RUN, [outputs, list(IMPACTS), [[a.rule, a.selector] for a in allowed]])
    return [
        Finding(
            f["rule"],
            f["impact"],
            f["target"],
            f["html"],
            f["message"],
            allowed[f["upstream"]] if f["upstream"] >= 0 else None,
        )
        for f in found
    ]


def fixable(findings):
    """The findings lessonkit could fix (no upstream entry matched them)."""
    return [f for f in findings if f.upstream is None]


def per_rule(findings):
    """Counts per rule: ``(lessonkit's, ipywidgets-only)``, two Counters."""
    return (
        Counter(f.rule for f in findings if f.upstream is None),
        Counter(f.rule for f in findings if f.upstream is not None),
    )
