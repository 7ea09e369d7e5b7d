"""TEACHING.md, the teacher's guide, says only what the notebooks and the README hold: every
reference `NN_name` § “section title” names a notebook and one of its headings, every link
into the README names one of its headings, and the table of times counts each notebook's
cells, words, exercises, predictions and widgets as they are, with the working time the
guide's own rule gives for them."""
import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "TEACHING.md"
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

REFERENCE = re.compile(r"`(\d\d_[a-z0-9_]+)`(?: \| )?\s*§ “([^”]+)”")
ROW = re.compile(r"^\| `(\d\d_[a-z0-9_]+)` \| (\d+) \| (\d+) \| ([\d,]+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) min \|$", re.M)


def guide():
    return GUIDE.read_text(encoding="utf-8")


def cells(name):
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def headings(name):
    """The notebook's section titles: every markdown heading line, without its #s."""
    return {line.lstrip("#").strip() for cell in cells(name) if cell["cell_type"] == "markdown"
            for line in "".join(cell["source"]).splitlines() if re.match(r"#+ ", line)}


def counted(name):
    """What the guide's table gives for ``name``, counted in the notebook itself."""
    all_cells = cells(name)
    markdown = ["".join(c["source"]) for c in all_cells if c["cell_type"] == "markdown"]
    code = ["".join(c["source"]) for c in all_cells if c["cell_type"] == "code"]
    return {
        "cells": len(all_cells),
        "code cells": len(code),
        "words": sum(len(text.split()) for text in markdown),
        "exercises": sum(len(re.findall(r"^#+ ✏️ Exercise", text, re.M)) for text in markdown),
        # a prediction opens with a ✏️ Predict heading, or a paragraph that starts **Predict
        "predictions": sum(len(re.findall(r"^(?:#+ ✏️ |\*\*)Predict", text, re.M)) for text in markdown),
        "widgets": sum(bool(re.fullmatch(r"lk\.widgets\.\w+\([^\n]*\)", text.strip())) for text in code),
    }


def working_time(words, code_cells, exercises, predictions, widgets):
    """The guide's rule, in minutes rounded to 5: reading at 120 words a minute, 1 per code cell,
    10 per ✏️ exercise, 5 per prediction, 10 per widget."""
    minutes = words / 120 + code_cells + 10 * exercises + 5 * predictions + 10 * widgets
    return 5 * math.floor(minutes / 5 + 0.5)


def slug(title):
    """GitHub's anchor for a markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def test_the_guide_has_references_and_each_is_well_formed():
    text = guide()
    refs = REFERENCE.findall(text)
    assert len(refs) > 50
    # a § that the pattern does not read would go unchecked: every § belongs to a reference
    assert text.count("§") == len(REFERENCE.findall(text)), "a § in TEACHING.md is not written `NN_name` § “title”"


@pytest.mark.parametrize("notebook, title", sorted(set(REFERENCE.findall(GUIDE.read_text(encoding="utf-8")))))
def test_every_reference_names_a_section_of_a_notebook(notebook, title):
    assert notebook in NOTEBOOKS, f"TEACHING.md names {notebook}, which is not in notebooks/"
    assert title in headings(notebook), (
        f"TEACHING.md refers to {notebook} § “{title}”, a heading the notebook does not have; its headings:\n"
        + "\n".join(sorted(headings(notebook))))


def test_every_notebook_named_in_the_guide_exists():
    named = set(re.findall(r"`(\d\d_[a-z0-9_]+)`", guide()))
    assert named <= set(NOTEBOOKS), f"not in notebooks/: {sorted(named - set(NOTEBOOKS))}"


def test_links_into_the_readme_name_its_headings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    anchors = {slug(line.lstrip("#")) for line in readme.splitlines() if re.match(r"#+ ", line)}
    links = re.findall(r"\(README\.md#([^)]+)\)", guide())
    assert links, "the guide links to the README's ways to open the course"
    assert not set(links) - anchors, f"README.md has no heading for {sorted(set(links) - anchors)}"


def test_the_table_covers_every_notebook_once_and_each_has_its_section():
    rows = [row[0] for row in ROW.findall(guide())]
    assert rows == NOTEBOOKS
    for name in NOTEBOOKS:  # "### 00 · Start here": the notebook's own title, one level down
        title = next(line for c in cells(name) for line in "".join(c["source"]).splitlines() if line.startswith("# "))
        assert f"\n##{title}\n" in guide(), f"TEACHING.md has no section {title!r} for {name}"


@pytest.mark.parametrize("row", ROW.findall(GUIDE.read_text(encoding="utf-8")), ids=lambda row: row[0])
def test_the_table_counts_what_the_notebook_holds(row):
    name, n_cells, n_code, words, exercises, predictions, widgets, minutes = row
    stated = {"cells": int(n_cells), "code cells": int(n_code), "words": int(words.replace(",", "")),
              "exercises": int(exercises), "predictions": int(predictions), "widgets": int(widgets)}
    actual = counted(name)
    for key in ("cells", "code cells", "exercises", "predictions", "widgets"):
        assert stated[key] == actual[key], f"{name}: TEACHING.md says {stated[key]} {key}, the notebook has {actual[key]}"
    # words are given rounded to the hundred; a small edit of the text need not change them
    assert abs(stated["words"] - actual["words"]) <= max(100, actual["words"] // 10), (
        f"{name}: TEACHING.md says {stated['words']:,} words, the notebook has {actual['words']:,}")
    rule = working_time(stated["words"], stated["code cells"], stated["exercises"], stated["predictions"],
                        stated["widgets"])
    assert int(minutes) == rule, f"{name}: the guide's rule gives {rule} min for its own numbers, it says {minutes}"
    now = working_time(actual["words"], actual["code cells"], actual["exercises"], actual["predictions"],
                       actual["widgets"])
    assert abs(int(minutes) - now) <= 5, f"{name}: the notebook now takes {now} min by the guide's rule, not {minutes}"


def test_the_rule_by_hand():
    # 00: 1,100 words / 120 + 6 code cells + one prediction = 20.2 min → 20
    assert working_time(1100, 6, 0, 1, 0) == 20
    # 10 min a widget and an exercise, 5 a prediction; 2.5 min left over rounds up
    assert working_time(0, 2, 1, 1, 1) == 25 and working_time(300, 0, 0, 0, 0) == 5
