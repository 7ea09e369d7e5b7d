"""Whether a lessonkit widget view fits where a learner sees it: on a 1280×800 laptop, in
JupyterLab with its file browser open (an output area of about 850 px), or in the classic
Notebook. Used by both front ends' browser tests; what differs between them is a
``FrontEnd`` (``lab.FIT``, ``classic.FIT``).

``MEASURE`` is one JavaScript function run in the page over a view's element: it lists,
as sentences, what is cut off, scrolled sideways, squeezed or scaled in it.
``check_views`` measures every view of the open notebook as shown, then again at every
position of each of its position sliders (``POSITION_SLIDERS``), moved with the keyboard.

The size of the text in the pictures is checked headless (tests/widgets/test_pictures.py,
``SMALL_TEXT_PX``); here, that the pictures are shown at their own size.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

#: The sliders that choose which position of a lesson a view shows, by the view that has one: a step
#: (notebooks 03, 04), a stage (05), an epoch of a run (06, 08). The view is checked at every position.
POSITION = {"GraphStepper": "step", "NetworkStepper": "step", "StepThrough": "stage", "TrainingDashboard": "show epoch"}
POSITION_SLIDERS = tuple(sorted(set(POSITION.values())))

#: The class of every lessonkit view's root element (lessonkit/widgets/base.py, VIEW_CLASS).
VIEW_CLASS = "lessonkit-view"

#: A slider's track shorter than this is a handle with nowhere to go.
MIN_TRACK_PX = 100

#: The room a <select>'s arrow takes at its right. Both front ends' ipywidgets draw the arrow as a
#: background image inside a padding-right of 20 px (measured: computed padding-right 20px, appearance
#: none); the larger of that padding and this is taken off the box, so a native arrow counts too.
SELECT_ARROW_PX = 20

#: How long a view has to change after a key press on one of its position sliders.
CHANGE_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class FrontEnd:
    """What differs between JupyterLab (ipywidgets 8) and the classic Notebook (ipywidgets 7)
    for ``MEASURE`` and the walk over positions: CSS selectors and small JavaScript functions.

    Attributes
    ----------
    name : str, how messages name the front end
    output : CSS selector of the output area a view is shown in
    track : CSS selector of a slider's track, inside a ``.widget-slider``
    handle : CSS selector of a slider's handle, which takes the keyboard focus
    position : JS function of a handle, its place on the track: 0 at the start, 1 at the end
    idle : JS function, whether the notebook's kernel is idle
    """

    name: str
    output: str
    track: str
    handle: str
    position: str
    idle: str


#: ``async (view, o) => ({problems, widths})``: every problem of ``view`` (an element of class
#: VIEW_CLASS), each a sentence naming the element (its widget's kind and description or text), what
#: is wrong and the widths measured; ``widths`` of the output area's content box, the view and the
#: view's content. ``o``: ``output``, ``track`` (FrontEnd's), ``minTrack``, ``arrow``.
MEASURE = r"""async (view, o) => {
    const output = view.closest(o.output);
    const problems = [];
    const px = x => Math.round(x);
    const short = s => {
        s = String(s || '').replace(/\s+/g, ' ').trim();
        return s.length > 40 ? s.slice(0, 39) + '…' : s;
    };
    const some = (list, n) => list.slice(0, n).join(', ') + (list.length > n ? ', …' : '');
    const shown = el => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 0
        && el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== 'hidden';
    const GENERIC = ['jupyter-widgets', 'widget-inline-hbox', 'widget-hslider', 'widget-container', 'widget-box'];
    const kind = w => ([...w.classList].find(c => c.startsWith('widget-') && !GENERIC.includes(c)) || 'widget')
        .replace('widget-', '');
    const label = w => { const l = w.querySelector(':scope > .widget-label'); return l ? short(l.textContent) : ''; };
    const pictures = [...view.querySelectorAll('img')];
    const picture = img => `picture ${pictures.indexOf(img) + 1} of ${pictures.length}`
        + ` "${img.alt.split(/[\d:(]/)[0].trim()}…"`;  // the alt's words before any number, which change
    const own = el => el.tagName === 'INPUT' ? el.value
        : el.tagName === 'SELECT' ? (el.selectedOptions[0] || {}).text : el.innerText;
    const named = c => label(c) || (c.querySelector('img') ? `picture ${pictures.indexOf(c.querySelector('img')) + 1}`
                                                           : kind(c));  // a control in a box
    const describe = el => {  // e.g. slider "show epoch" › div.widget-readout "150"; vbox [dataset, predict, …]
        const w = el.closest('.jupyter-widgets') || el;
        const img = el.tagName === 'IMG' ? el : w.querySelector(':scope > .widget-html-content > img');
        let text;
        if (img && !w.classList.contains('widget-box')) return picture(img);
        if (w.classList.contains('widget-box')) {  // a box: named by the controls in it
            const parts = [...w.querySelectorAll('.jupyter-widgets:not(.widget-box)')].filter(shown).map(named);
            text = kind(w) + (parts.length ? ` [${some(parts, 4)}]` : '');
        } else {
            text = `${kind(w)} "${label(w) || short(own(w))}"`;
        }
        if (el !== w) {
            const cls = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '';
            text += ` › ${el.tagName.toLowerCase()}${cls}` + (own(el) ? ` "${short(own(el))}"` : '');
        }
        return text;
    };
    const content = el => {  // the content box, left and right, in page pixels
        const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return {left: r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
                right: r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight)};
    };
    const canvas = document.createElement('canvas').getContext('2d');
    const textWidth = (text, el) => {
        const s = getComputedStyle(el);
        canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        return canvas.measureText(text).width;
    };
    await Promise.all([...view.querySelectorAll('img')].map(i => i.decode().catch(() => null)));

    const area = content(output), box = view.getBoundingClientRect();
    const widths = {output: px(area.right - area.left), view: px(box.width), content: view.scrollWidth};
    const elements = [view, ...view.querySelectorAll('*')]
        .filter(el => !['STYLE', 'SCRIPT', 'OPTION', 'BR'].includes(el.tagName) && shown(el));
    const outside = new Set();  // elements found outside: their descendants are not listed again
    for (const el of elements) {
        const r = el.getBoundingClientRect();
        let parent = el.parentElement;
        while (parent && parent !== view && !outside.has(parent)) parent = parent.parentElement;
        if (el !== view && outside.has(parent)) continue;
        const span = `spans ${px(r.left - area.left)}–${px(r.right - area.left)} px`;
        if (r.right > area.right + 1) {
            outside.add(el);
            problems.push(`${describe(el)}: reaches ${px(r.right - area.right)} px past the output area's right edge `
                          + `(${span} of the output area's ${widths.output} px)`);
        } else if (el !== view && (r.left < box.left - 1 || r.right > box.right + 1)) {
            outside.add(el);
            problems.push(`${describe(el)}: reaches outside the view (${span}; the view ${px(box.left - area.left)}–`
                          + `${px(box.right - area.left)} px)`);
        }
    }
    for (const el of [output, ...elements]) {
        const s = getComputedStyle(el);
        if (el.matches('.widget-readout, .widget-label')) {
            if (el.scrollWidth > el.clientWidth)
                problems.push(`${describe(el)}: text cut, ${el.scrollWidth} px of text in ${el.clientWidth} px`
                              + (s.textOverflow === 'ellipsis' ? ' (shown with …)' : ''));
        } else if (['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) {
            // measured below from their text
        } else if (s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
            const edge = content(el);
            const past = c => c.getBoundingClientRect().right > edge.right + 1
                || c.getBoundingClientRect().left < edge.left - 1;
            const cut = [...el.querySelectorAll('.jupyter-widgets:not(.widget-box)')].filter(shown).filter(past)
                .map(c => c.querySelector('img') ? picture(c.querySelector('img'))
                                                  : `${kind(c)} "${label(c) || short(own(c)).slice(0, 20)}"`);
            problems.push(`${describe(el)}: content ${el.scrollWidth} px wide in a box of ${el.clientWidth} px `
                          + `(overflow-x: ${s.overflowX}): cut off or scrolled sideways`
                          + (cut.length ? `; past its edge: ${some(cut, 6)}` : ''));
        }
        const inner = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        if (el.tagName === 'INPUT' && ['text', 'number'].includes(el.type) && el.value) {
            const w = textWidth(el.value, el);
            if (w > inner)
                problems.push(`${describe(el)}: ${px(w)} px of text in a box of ${px(inner)} px`);
        }
        if (el.tagName === 'SELECT' && el.selectedOptions.length) {
            const text = el.selectedOptions[0].text;
            const room = el.clientWidth - parseFloat(s.paddingLeft) - Math.max(parseFloat(s.paddingRight), o.arrow);
            const w = textWidth(text, el);
            if (w > room)
                problems.push(`${describe(el)}: ${px(w)} px of text in ${px(room)} px (the box less its arrow)`);
        }
        const track = el.matches('.widget-slider') && el.querySelector(o.track);  // zero wide is not hidden here
        if (track && track.getBoundingClientRect().width < o.minTrack)
            problems.push(`${describe(el)}: a track of ${px(track.getBoundingClientRect().width)} px `
                          + `(less than ${o.minTrack} px)`);
        if (el.tagName === 'IMG') {
            const r = el.getBoundingClientRect();
            if (!el.naturalWidth)
                problems.push(`${describe(el)}: the picture did not load`);
            else if (Math.abs(r.width - el.naturalWidth) > 1 || Math.abs(r.height - el.naturalHeight) > 1)
                problems.push(`${describe(el)}: drawn ${el.naturalWidth}×${el.naturalHeight} px, shown at `
                              + `${px(r.width)}×${px(r.height)} px`);
        }
    }
    return {problems, widths};
}"""

#: ``view => text``: what a view shows but its sliders' readouts (which change on any key press,
#: before the kernel answers): its texts and the addresses of its pictures.
SHOWN = r"""view => {
    const walker = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
    let text = '';
    while (walker.nextNode())
        if (!walker.currentNode.parentElement.closest('.widget-readout'))
            text += walker.currentNode.nodeValue + '\n';
    return text + [...view.querySelectorAll('img')].map(i => i.src).join('\n');
}"""


def _script(front):
    """``async (view, [o, wait, slider]) => {...}``: wait until the view shows something new (if
    ``wait``: not what it showed when last measured) and the kernel is idle; then ``MEASURE`` it, remember
    what it shows, and give the place of its slider number ``slider`` (-1: none): {changed,
    problems, widths, at: [readout, position]}."""
    return f"""async (view, [o, wait, slider]) => {{
        const measure = {MEASURE}, shownBy = {SHOWN}, position = {front.position}, idle = {front.idle};
        const frame = () => new Promise(wake => requestAnimationFrame(wake));
        const deadline = Date.now() + o.timeout;
        if (wait) {{
            while (shownBy(view) === view.lessonkitShown || !idle()) {{
                if (Date.now() > deadline) return {{changed: false}};
                await frame();
            }}
            await frame();  // the kernel's last updates, which the widget manager applies in promises, applied
        }}
        const {{problems, widths}} = await measure(view, o);
        view.lessonkitShown = shownBy(view);
        const el = slider >= 0 ? view.querySelectorAll('.widget-slider')[slider] : null;
        const at = el ? [el.querySelector('.widget-readout').textContent.trim(),
                         position(el.querySelector({json.dumps(front.handle)}))] : null;
        return {{changed: true, problems, widths, at}};
    }}"""


def _options(front):
    return {
        "output": front.output,
        "track": front.track,
        "minTrack": MIN_TRACK_PX,
        "arrow": SELECT_ARROW_PX,
        "timeout": CHANGE_TIMEOUT_MS,
    }


def measure(view, front):
    """``MEASURE`` on ``view`` (a Locator of a view's root element): ``(problems, widths)``."""
    result = view.evaluate(_script(front), [_options(front), False, -1])
    return result["problems"], result["widths"]


def position_sliders(view):
    """The position sliders of ``view``: (index among its ``.widget-slider``s, description)."""
    return view.evaluate(
        """(view, names) => [...view.querySelectorAll('.widget-slider')]
        .map((s, i) => [i, s.querySelector('.widget-label').textContent.trim()])
        .filter(([, name]) => names.includes(name))""",
        list(POSITION_SLIDERS),
    )


class Findings:
    """Problems and where they were seen: one line per problem of a view, with the places (positions)
    it was seen at, so that a control cut off at all 151 epochs reads once."""

    def __init__(self):
        self.seen = {}  # (view, problem) → [places]; a view is named "notebook (front end), view n"
        self.widths = []  # one line per view: the widths measured

    def add(self, view, place, problems):
        for problem in problems:
            self.seen.setdefault((view, problem), []).append(place)

    def __bool__(self):
        return bool(self.seen)

    def __str__(self):
        lines = []
        for (view, problem), places in self.seen.items():
            where = ", ".join(places[:5]) + (f", … ({len(places)} places)" if len(places) > 5 else "")
            lines.append(f"{view}: {problem}  [{where}]")
        return "\n".join(lines)


def walk(view, front, index, description, findings, name):
    """Move slider ``index`` of ``view`` (labelled ``description``) with the keyboard from the end it
    starts at to the other, one position per key press; after each press wait until the view shows
    something new and measure it into ``findings`` (under ``name``). Then put the slider back (Home or End).
    Returns what was walked, as "step 0→7, 8 positions"."""
    script, options = _script(front), _options(front)
    handle = view.locator(".widget-slider").nth(index).locator(front.handle)
    first, start = view.evaluate(script, [options, False, index])["at"]
    readout, count = first, 1
    assert start in (0, 1), f"{name}: {description} starts at {start:.0%} of its track, not at an end"
    key, back = ("ArrowRight", "Home") if start == 0 else ("ArrowLeft", "End")
    late = f"nothing new shown within {CHANGE_TIMEOUT_MS / 1000:.0f} s"
    at = start
    handle.focus()  # and it keeps the focus: key presses without Playwright's checks before each (40 ms)
    while at != 1 - start:
        view.page.keyboard.press(key)
        result = view.evaluate(script, [options, True, index])
        if not result["changed"]:
            findings.add(name, f"{description} {readout}", [f"{description}: {late} after {key} (walk stopped)"])
            break
        (readout, at), count = result["at"], count + 1
        findings.add(name, f"{description} {readout}", result["problems"])
    view.page.keyboard.press(back)
    if not view.evaluate(script, [options, True, index])["changed"]:
        findings.add(name, f"{description}: {back}", [f"{description}: {late} after {back}"])
    return f"{description} {first}→{readout}, {count} positions"


def views_in(path):
    """The widgets notebook ``path`` shows, in order: the class of each code cell ending in
    ``lk.widgets.Name(...)``, read from the notebook's JSON."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    lines = ["".join(c["source"]).strip().splitlines()[-1:] for c in cells if c["cell_type"] == "code"]
    return [m.group(1) for last in lines for m in [re.match(r"lk\.widgets\.(\w+)\(", last[0] if last else "")] if m]


def check_views(page, front, notebook, expected):
    """Measure every lessonkit view of the open notebook as shown, then at every position of its
    position sliders. ``expected``: the views the notebook shows (``views_in``): one missing, or a
    position slider not found to walk, is a problem too (a check that found nothing proves nothing).
    Returns ``Findings`` (empty: everything fits); its ``widths`` has a line per view with the widths
    measured (output area, view, the view's content)."""
    findings = Findings()
    views = page.locator(f"{front.output} .{VIEW_CLASS}")
    if views.count() != len(expected):
        findings.add(
            f"{notebook} ({front.name})",
            "as shown",
            [f"{views.count()} views found, {len(expected)} expected ({', '.join(expected)})"],
        )
    for number in range(views.count()):
        view, name = views.nth(number), f"{notebook} ({front.name}), view {number}"
        problems, widths = measure(view, front)
        findings.add(name, "as shown", problems)
        sliders = position_sliders(view)
        wanted = POSITION.get(expected[number]) if number < len(expected) else None
        if wanted and wanted not in [description for _, description in sliders]:
            findings.add(name, "as shown", [f"no '{wanted}' slider to walk in this {expected[number]}"])
        walked = [walk(view, front, index, description, findings, name) for index, description in sliders]
        findings.widths.append(
            f"{name}: output area {widths['output']} px, view {widths['view']} px, its content "
            f"{widths['content']} px" + "".join(f"; walked {w}" for w in walked)
        )
    return findings
