"""TEACHING.md, the teacher's guide, says only what the notebooks hold: every reference
`NN_name` § “section title” names a notebook and one of its headings, each notebook has its
section, and the table of times is what scripts/teaching_table.py counts in the notebooks now,
with the working time the guide's own rule gives. (Its links to other files and their headings
are checked with every doc's, in tests/test_docs.py.)"""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "TEACHING.md"

spec = importlib.util.spec_from_file_location("teaching_table", ROOT / "scripts" / "teaching_table.py")
teaching_table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(teaching_table)
NOTEBOOKS = teaching_table.notebooks()
cells, working_time = teaching_table.cells, teaching_table.working_time

REFERENCE = re.compile(r"`(\d\d_[a-z0-9_]+)`(?: \| )?\s*§ “([^”]+)”")


def guide():
    return GUIDE.read_text(encoding="utf-8")


def headings(name):
    """The notebook's section titles: every markdown heading line, without its #s."""
    return {
        line.lstrip("#").strip()
        for cell in cells(name)
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if re.match(r"#+ ", line)
    }


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
        + "\n".join(sorted(headings(notebook)))
    )


def test_every_notebook_named_in_the_guide_exists():
    named = set(re.findall(r"`(\d\d_[a-z0-9_]+)`", guide()))
    assert named <= set(NOTEBOOKS), f"not in notebooks/: {sorted(named - set(NOTEBOOKS))}"


def test_each_notebook_has_its_section():
    for name in NOTEBOOKS:  # "### 00 · Start here": the notebook's own title, one level down
        title = next(line for c in cells(name) for line in "".join(c["source"]).splitlines() if line.startswith("# "))
        assert f"\n##{title}\n" in guide(), f"TEACHING.md has no section {title!r} for {name}"


def test_the_table_is_what_the_script_writes():
    assert teaching_table.written(guide()) == teaching_table.table(), (
        "TEACHING.md's table is not what the notebooks give: run python scripts/teaching_table.py"
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_table_row_counts_what_the_notebook_holds(name):
    row = next(line for line in teaching_table.written(guide()).splitlines() if line.startswith(f"| `{name}` |"))
    expected = next(line for line in teaching_table.table().splitlines() if line.startswith(f"| `{name}` |"))
    assert row == expected, (
        f"{name}: TEACHING.md has\n{row}\nthe notebook gives\n{expected}\n"
        "(python scripts/teaching_table.py rewrites the table)"
    )


def test_what_is_counted_by_hand():
    def cell(kind, text):
        return {"cell_type": kind, "source": text.splitlines(keepends=True)}

    notebook = [
        cell("markdown", "# 09 · A title\n\nFive words to read here."),
        cell("markdown", "### ✏️ Exercise 1: two words\n**Predict** first: one more"),
        cell("markdown", "### ✏️ Predict: a target\nNot an ✏️ Exercise here"),
        cell("code", "lk.widgets.StepThrough()"),
        cell("code", "view = lk.widgets.StepThrough()\nview"),
        cell("code", "x = 1"),
    ]
    # words: what str.split gives, the heading's marks included, 10 in each markdown cell; exercises: one
    # heading; predictions: a ✏️ Predict heading and a paragraph opening **Predict; widgets: a cell that
    # only makes one
    assert teaching_table.count(notebook) == {
        "cells": 6,
        "code cells": 3,
        "words": 30,
        "exercises": 1,
        "predictions": 2,
        "widgets": 1,
    }


def test_the_rule_by_hand():
    # 00: 1,100 words / 120 + 6 code cells + one prediction = 20.2 min → 20
    assert working_time(1100, 6, 0, 1, 0) == 20
    # 10 min a widget and an exercise, 5 a prediction; 2.5 min left over rounds up
    assert working_time(0, 2, 1, 1, 1) == 25 and working_time(300, 0, 0, 0, 0) == 5
