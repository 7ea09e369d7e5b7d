"""TEACHING.md, the teacher's guide, says only what the notebooks hold: every reference
`NN_name` § “section title” names a notebook and one of its headings, each notebook has its
section, and the tables of times, the whole notebooks and their core route, are what
scripts/teaching_table.py counts in the notebooks now, with the working time the guide's own rule
gives; the core route fits six 90-minute sessions; and notebook 00's self-check gives right answers.
(Its links to other files and their headings are checked with every doc's, in tests/test_docs.py.)"""

import importlib.util
import math
import re
from pathlib import Path

import numpy as np
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


def cell(kind, text):
    """A notebook cell as JSON holds it, of ``kind`` "markdown" or "code"."""
    return {"cell_type": kind, "source": text.splitlines(keepends=True)}


def test_what_is_counted_by_hand():
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


def test_the_core_route_table_is_what_the_script_writes():
    written = teaching_table.written(guide(), teaching_table.CORE_BEGIN, teaching_table.CORE_END)
    assert written == teaching_table.core_table(), (
        "TEACHING.md's core-route table is not what the notebooks give: run python scripts/teaching_table.py"
    )


def test_the_core_route_fits_six_90_minute_sessions_by_the_guides_rule():
    # at most 8 hours of the 9 the six sessions hold, so that an hour is left for introductions and discussion
    minutes = sum(teaching_table.row(name, core=True)["minutes"] for name in NOTEBOOKS)
    assert minutes <= 8 * 60, f"the core route takes {minutes} min by the guide's rule"
    assert teaching_table.core_table().splitlines()[-1].endswith(f"| {minutes} min ({teaching_table.hours(minutes)}) |")


def test_an_optional_section_runs_to_the_next_heading_of_its_level_or_higher():
    notebook = [
        cell("markdown", "## Core\n\none two"),
        cell("code", "x = 1"),
        cell("markdown", "## Extra\n\n> **Optional.** What it adds.\n\nthree four\n\n### ✏️ Exercise 9: deeper"),
        cell("code", "lk.widgets.StepThrough()"),
        cell("markdown", "### ✏️ Predict: still inside\n\nfive"),
        cell("markdown", "## Core again\n\nsix\n\n### Aside\n\n> **Optional.** More.\n\nseven"),
        cell("code", "y = 2"),
        cell("markdown", "## Last\n\n**Predict** eight"),
    ]
    # "## Extra" runs to "## Core again", its ### sections and the code between included; "### Aside" to "## Last"
    assert teaching_table.optional_sections(notebook) == ["Extra", "Aside"]
    assert teaching_table.count(notebook, core=True) == {
        "cells": 8,
        "code cells": 1,  # x = 1; the widget and y = 2 stand in optional sections
        "words": 4 + 4 + 4,  # "## Core one two", "## Core again six", "## Last **Predict** eight"
        "exercises": 0,
        "predictions": 1,
        "widgets": 0,
    }
    # the whole notebook, optional sections included: 4 + (2 + 5 + 2 + 5) + (5 + 1) + (3 + 1 + 2 + 3 + 1) + 4
    assert teaching_table.count(notebook)["words"] == 38


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_optional_line_stands_first_under_a_heading_and_says_what_it_adds(name):
    for cell in cells(name):
        if cell["cell_type"] != "markdown":
            continue
        lines = "".join(cell["source"]).splitlines()
        for i, line in enumerate(lines):
            if "**Optional.**" not in line:
                continue
            above = [previous for previous in lines[:i] if previous.strip()]
            assert above and re.match(r"#+ ", above[-1]), f"{name}: {line!r} is not the first line under a heading"
            assert line.startswith(teaching_table.OPTIONAL), f"{name}: {line!r} is not written '> **Optional.** ...'"
            what = line[len(teaching_table.OPTIONAL) :]
            assert what.endswith(".") and what.count(". ") == 0, f"{name}: {line!r}: one sentence on what it adds"


def test_the_self_check_of_00_has_right_answers():
    # notebook 00 § "What you need to know first": each answer computed here another way, by centred differences
    # and plain loops, not by the formulas the answers give
    text = "\n".join("".join(c["source"]) for c in cells("00_start_here") if c["cell_type"] == "markdown")
    block = text.split("**Self-check.**", 1)[1].split("<summary><b>Answers</b></summary>", 1)[1].split("</details>")[0]
    answers = dict(re.findall(r"^(\d)\. (.*(?:\n   .*)*)", block, re.M))
    assert sorted(answers) == ["1", "2", "3", "4", "5"]

    def slope(f, at, h=1e-6):
        return (f(at + h) - f(at - h)) / (2 * h)

    def sigmoid(z):
        return 1 / (1 + math.exp(-z))

    assert slope(sigmoid, 0.0) == pytest.approx(0.25, abs=1e-9) and "$\\sigma' = 0.25$" in answers["1"]
    for z in (-2.0, 0.7, 3.0):  # the formula the answer gives, σ(1 − σ), against the slope
        assert slope(sigmoid, z) == pytest.approx(sigmoid(z) * (1 - sigmoid(z)), abs=1e-9)
    assert slope(lambda x: (3 * x + 1) ** 2, 1.0) == pytest.approx(24, abs=1e-6) and "$24$" in answers["2"]
    assert slope(lambda w: (w * 3 + 1) ** 2, 2.0) == pytest.approx(42, abs=1e-6) and "= 42$" in answers["3"]
    X, W, b = np.arange(8.0).reshape(4, 2), np.ones((2, 3)), np.array([10.0, 20.0, 30.0])
    assert (X @ W + b).shape == (4, 3) and "`(4, 3)`" in answers["4"]
    assert all(((X @ W + b) - X @ W)[i].tolist() == b.tolist() for i in range(4)) and "4 rows" in answers["4"]
    rows = [[1, 2, 3], [4, 5, 6]]
    down = [sum(row[j] for row in rows) for j in range(3)]
    along = [sum(row) for row in rows]
    assert f"`{down}`" in answers["5"] and f"`{along}`" in answers["5"]
    assert down == [5, 7, 9] and along == [6, 15]
