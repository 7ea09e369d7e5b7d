"""TEACHING.md's table "How long each notebook takes", counted in the notebooks as committed.

    python scripts/teaching_table.py           # rewrite the table in TEACHING.md
    python scripts/teaching_table.py --check   # exit 1, saying which rows differ, if it is out of date

The table stands between the two marker lines BEGIN and END; the rest of TEACHING.md is written by
hand. tests/test_teaching.py fails when the table is not what this script writes, so after changing a
notebook a maintainer runs the script instead of counting. What is counted, and the rule that turns
the counts into a working time, is TEACHING.md's paragraph "How these were estimated".
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


def notebooks():
    """The lesson notebooks' names, 00_start_here onward."""
    return sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def cells(name):
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def counted(name):
    """What the table gives for notebook ``name``, counted in it: words exactly (the table rounds them)."""
    return count(cells(name))


def count(all_cells):
    """The counts of a notebook's cells (JSON): cells, code cells, words of the markdown, ✏️ exercises,
    predictions and widgets."""
    markdown = ["".join(c["source"]) for c in all_cells if c["cell_type"] == "markdown"]
    code = ["".join(c["source"]) for c in all_cells if c["cell_type"] == "code"]
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


def row(name):
    """The table's figures for ``name``: the counts, the words rounded to the hundred, and the working
    time the rule gives for the figures shown (so a reader can redo the sum)."""
    figures = counted(name)
    figures["words"] = 100 * math.floor(figures["words"] / 100 + 0.5)
    figures["minutes"] = working_time(
        figures["words"], figures["code cells"], figures["exercises"], figures["predictions"], figures["widgets"]
    )
    return figures


def hours(minutes):
    return f"{minutes // 60} h" + (f" {minutes % 60} min" if minutes % 60 else "")


def table():
    """The table as TEACHING.md shows it: a row per notebook, then the course's totals."""
    rows = {name: row(name) for name in notebooks()}
    lines = [HEADER]
    for name, f in rows.items():
        lines.append(
            f"| `{name}` | {f['cells']} | {f['code cells']} | {f['words']:,} | {f['exercises']} | "
            f"{f['predictions']} | {f['widgets']} | {f['minutes']} min |"
        )
    total = {key: sum(f[key] for f in rows.values()) for key in next(iter(rows.values()))}
    lines.append(
        f"| the course | {total['cells']} | {total['code cells']} | {total['words']:,} | "
        f"{total['exercises']} | {total['predictions']} | {total['widgets']} | "
        f"{total['minutes']} min ({hours(total['minutes'])}) |"
    )
    return "\n".join(lines)


def written(text):
    """The table as it stands in ``text`` (TEACHING.md), between the markers."""
    return text.split(BEGIN + "\n", 1)[1].split("\n" + END, 1)[0]


def rewritten(text):
    """``text`` (TEACHING.md) with the table between the markers as the notebooks give it."""
    head, rest = text.split(BEGIN + "\n", 1)
    return f"{head}{BEGIN}\n{table()}\n{END}{rest.split(END, 1)[1]}"


def main(args):
    text = GUIDE.read_text(encoding="utf-8")
    if args == ["--check"]:
        stale = sorted(set(written(text).splitlines()) - set(table().splitlines()))
        if stale:
            print(
                "TEACHING.md's table is not what the notebooks give (python scripts/teaching_table.py "
                "rewrites it); rows that differ:\n" + "\n".join(stale)
            )
            return 1
        return 0
    if args:
        print(__doc__)
        return 2
    GUIDE.write_text(rewritten(text), encoding="utf-8")
    print(f"{GUIDE.relative_to(ROOT)}: the table written from {len(notebooks())} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
