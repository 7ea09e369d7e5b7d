"""TEACHING.md's tables "How long each notebook takes", counted in the notebooks as committed: the
whole notebook, and its core route (the notebook without its optional sections).

    python scripts/teaching_table.py           # rewrite both tables in TEACHING.md
    python scripts/teaching_table.py --check   # exit 1, saying which rows differ, if one is out of date

Each table stands between its two marker lines (BEGIN and END, CORE_BEGIN and CORE_END); the rest of
TEACHING.md is written by hand. tests/test_teaching.py fails when a table is not what this script
writes, so after changing a notebook a maintainer runs the script instead of counting. What is
counted, and the rule that turns the counts into a working time, is TEACHING.md's paragraph "How
these were estimated".

An optional section is a markdown heading (## or ###) whose first line below it starts with OPTIONAL;
it runs from that heading to the next heading of the same or a higher level, deeper headings and the
code cells in between included.
"""

import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "TEACHING.md"
BEGIN = "<!-- table: written by scripts/teaching_table.py from the notebooks; run it, do not edit -->"
END = "<!-- end of table -->"
HEADER = (
    "| notebook | cells | code cells | words to read | ✏️ exercises | predictions | widgets | working time |\n"
    "|---|---|---|---|---|---|---|---|"
)
CORE_BEGIN = "<!-- core route: written by scripts/teaching_table.py from the notebooks; run it, do not edit -->"
CORE_END = "<!-- end of core route -->"
CORE_HEADER = (
    "| notebook | optional sections | words to read | code cells | ✏️ exercises | predictions | widgets | "
    "core-route time |\n"
    "|---|---|---|---|---|---|---|---|"
)
OPTIONAL = "> **Optional.** "


def notebooks():
    """The lesson notebooks' names, 00_start_here onward."""
    return sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def cells(name):
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def counted(name, core=False):
    """What the table gives for notebook ``name``, counted in it: words exactly (the table rounds them).
    With ``core``, its core route: the optional sections left out."""
    return count(cells(name), core)


def parts(all_cells):
    """Each markdown line and each code cell of a notebook's cells (JSON), in order, as
    (cell type, text, optional): whether it stands in an optional section."""
    level = None  # the heading level of the optional section we are in, if any
    for cell in all_cells:
        text = "".join(cell["source"])
        if cell["cell_type"] != "markdown":
            yield cell["cell_type"], text, level is not None
            continue
        lines = text.splitlines()
        for i, line in enumerate(lines):
            heading = re.match(r"(#+) ", line)
            if heading:
                if level is not None and len(heading.group(1)) <= level:
                    level = None
                below = next((rest for rest in lines[i + 1 :] if rest.strip()), "")
                if level is None and below.startswith(OPTIONAL):
                    level = len(heading.group(1))
            yield "markdown", line, level is not None


def optional_sections(all_cells):
    """The titles of a notebook's optional sections, in order."""
    titles, lines = [], [text for kind, text, _ in parts(all_cells) if kind == "markdown"]
    for i, line in enumerate(lines):
        below = next((rest for rest in lines[i + 1 :] if rest.strip()), "")
        if re.match(r"#+ ", line) and below.startswith(OPTIONAL):
            titles.append(line.lstrip("#").strip())
    return titles


def count(all_cells, core=False):
    """The counts of a notebook's cells (JSON): cells, code cells, words of the markdown, ✏️ exercises,
    predictions and widgets. With ``core``, of its core route: what stands in an optional section is
    left out (the cells are still all counted)."""
    kept = [(kind, text) for kind, text, optional in parts(all_cells) if not (core and optional)]
    markdown = [text for kind, text in kept if kind == "markdown"]
    code = [text for kind, text in kept if kind == "code"]
    return {
        "cells": len(all_cells),
        "code cells": len(code),
        "words": sum(len(text.split()) for text in markdown),
        "exercises": sum(len(re.findall(r"^#+ ✏️ Exercise", text, re.M)) for text in markdown),
        # a prediction opens with a ✏️ Predict heading, or a paragraph that starts **Predict
        "predictions": sum(len(re.findall(r"^(?:#+ ✏️ |\*\*)Predict", text, re.M)) for text in markdown),
        # a widget is a code cell that only makes one: lk.widgets.Name(...)
        "widgets": sum(bool(re.fullmatch(r"lk\.widgets\.\w+\([^\n]*\)", text.strip())) for text in code),
    }


def to_five(minutes):
    """``minutes`` rounded to 5 (half-way up)."""
    return 5 * math.floor(minutes / 5 + 0.5)


def working_time(words, code_cells, exercises, predictions, widgets):
    """The guide's rule, in minutes rounded to 5: reading at 120 words a minute, 1 per code cell,
    10 per ✏️ exercise, 5 per prediction, 10 per widget."""
    return to_five(words / 120 + code_cells + 10 * exercises + 5 * predictions + 10 * widgets)


def row(name, core=False):
    """The table's figures for ``name`` (its core route's, with ``core``): the counts, the words rounded
    to the hundred, and the working time the rule gives for the figures shown (so a reader can redo the
    sum)."""
    figures = counted(name, core)
    figures["words"] = 100 * math.floor(figures["words"] / 100 + 0.5)
    figures["minutes"] = working_time(
        figures["words"], figures["code cells"], figures["exercises"], figures["predictions"], figures["widgets"]
    )
    return figures


def hours(minutes):
    return f"{minutes // 60} h" + (f" {minutes % 60} min" if minutes % 60 else "")


def _table(header, rows, keys):
    """``header``, a row per notebook (``rows``: name → its figures) with the figures ``keys`` in order and
    the minutes, then the course's totals, the minutes also in hours."""

    def line(first, figures, hours_too=""):
        cells = [first, *(f"{figures[key]:,}" for key in keys), f"{figures['minutes']} min{hours_too}"]
        return "| " + " | ".join(cells) + " |"

    total = {key: sum(f[key] for f in rows.values()) for key in [*keys, "minutes"]}
    lines = [header, *(line(f"`{name}`", f) for name, f in rows.items())]
    return "\n".join([*lines, line("the course", total, f" ({hours(total['minutes'])})")])


def table():
    """The table as TEACHING.md shows it: a row per notebook, then the course's totals."""
    rows = {name: row(name) for name in notebooks()}
    return _table(HEADER, rows, ["cells", "code cells", "words", "exercises", "predictions", "widgets"])


def core_table():
    """The core route's table as TEACHING.md shows it: a row per notebook, then the course's totals."""
    rows = {name: {**row(name, core=True), "optional": len(optional_sections(cells(name)))} for name in notebooks()}
    return _table(CORE_HEADER, rows, ["optional", "words", "code cells", "exercises", "predictions", "widgets"])


TABLES = ((BEGIN, END, table), (CORE_BEGIN, CORE_END, core_table))


def written(text, begin=BEGIN, end=END):
    """The table as it stands in ``text`` (TEACHING.md), between the markers ``begin`` and ``end``."""
    return text.split(begin + "\n", 1)[1].split("\n" + end, 1)[0]


def rewritten(text):
    """``text`` (TEACHING.md) with each table between its markers as the notebooks give it."""
    for begin, end, made in TABLES:
        head, rest = text.split(begin + "\n", 1)
        text = f"{head}{begin}\n{made()}\n{end}{rest.split(end, 1)[1]}"
    return text


def main(args):
    text = GUIDE.read_text(encoding="utf-8")
    if args == ["--check"]:
        stale = sorted(
            line
            for begin, end, made in TABLES
            for line in set(written(text, begin, end).splitlines()) - set(made().splitlines())
        )
        if stale:
            print(
                "TEACHING.md's tables are not what the notebooks give (python scripts/teaching_table.py "
                "rewrites them); rows that differ:\n" + "\n".join(stale)
            )
            return 1
        return 0
    if args:
        print(__doc__)
        return 2
    GUIDE.write_text(rewritten(text), encoding="utf-8")
    print(f"{GUIDE.relative_to(ROOT)}: the tables written from {len(notebooks())} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
