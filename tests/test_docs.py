"""The docs around the code, as a newcomer and a maintainer meet them: a README short enough to read
in three minutes that names every notebook, links between the docs that reach a file and a heading,
docs that state the present (no issue numbers, times of day or history), a changelog with the package's
version, the README's picture still drawn by the step-through at its committed size, and the benchmarks'
table of figures drawn from benchmarks/results.json."""

import importlib.util
import io
import re
from pathlib import Path

import ipywidgets as widgets
import PIL.Image
import pytest

import lessonkit as lk

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted(
    {
        *ROOT.glob("*.md"),
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "benchmarks").glob("*.md"),
        *(ROOT / "lessonkit" / "data").glob("*.md"),
    }
)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def script(path):
    """The module at ``path`` under the repository root (a script, not an installed module)."""
    spec = importlib.util.spec_from_file_location(Path(path).stem, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prose(path):
    """The lines of a markdown file outside its fenced code blocks."""
    lines, fenced = [], False
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def slug(title):
    """GitHub's anchor for a markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def anchors(path):
    return {slug(line.lstrip("#")) for line in prose(path) if re.match(r"#+ ", line)}


def test_the_readme_reads_in_three_minutes():
    assert len(README.read_text(encoding="utf-8")) <= 8000, "README.md: at most about 8,000 characters"


def test_the_readme_outlines_every_notebook():
    text = README.read_text(encoding="utf-8")
    missing = [p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) if f"`{p.stem}`" not in text]
    assert not missing, f"README.md's course outline lacks {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_link_reaches_a_file_and_a_heading(doc):
    for target in LINK.findall("\n".join(prose(doc))):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        assert file.exists(), f"{doc.name} links to {target}: no such file"
        if anchor:
            assert file.suffix == ".md" and anchor in anchors(file), (
                f"{doc.name} links to {target}: {file.name} has no heading with that anchor"
            )


#: What a doc that states the present does not say: an issue's number, a time of day, the history of a change
#: or of a working session (the CHANGELOG keeps what changed). A phrase in double quotes is cited, not said.
NOT_PRESENT = re.compile(
    r"\bissues? #?\d+|\b\d{1,2}:\d{2}\s*(?:UTC|[ap]\.?m\.?)|\bbefore this change\b|"
    r"\b(?:this|last|previous|earlier) session\b|\bas of (?:today|now)\b",
    re.I,
)


def not_present(text):
    return [m.group() for m in NOT_PRESENT.finditer(re.sub(r'"[^"\n]*"', '""', text))]


def test_the_present_tense_check_finds_what_it_looks_for():
    text = 'Fixed in issue 12; measured at 10:42 UTC, 30 % faster than before this change, as of today. "issue 3"'
    assert not_present(text) == ["issue 12", "10:42 UTC", "before this change", "as of today"]
    assert not_present("the previous session left it; 1:05 pm") == ["previous session", "1:05 pm"]
    assert not_present("Python 3.11, a ratio 2:1, 12 issues open") == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_docs_state_the_present(doc):
    said = not_present(doc.read_text(encoding="utf-8"))
    assert not said, f"{doc.name} says {said}: say what the project does, and keep its history in the CHANGELOG"


def test_the_changelog_has_the_package_s_version_and_what_is_unreleased():
    headings = [line for line in prose(ROOT / "CHANGELOG.md") if line.startswith("## ")]
    assert headings[0] == "## [Unreleased]", "CHANGELOG.md begins with what is not released yet"
    assert any(h.startswith(f"## [{lk.__version__}] - ") for h in headings), (
        f"CHANGELOG.md has no section for lessonkit {lk.__version__} (CONTRIBUTING.md: releasing)"
    )


def test_the_readme_picture_is_the_step_through_at_its_committed_size():
    picture = script("scripts/readme_picture.py")
    assert f"]({picture.PICTURE.relative_to(ROOT).as_posix()})" in README.read_text(encoding="utf-8")
    drawn = PIL.Image.open(io.BytesIO(picture.picture()))
    widgets.Widget.close_all()
    assert drawn.size == PIL.Image.open(picture.PICTURE).size, (
        "the step-through's still picture changed size: python scripts/readme_picture.py draws it again"
    )


def test_the_benchmark_figures_are_what_results_json_holds():
    results = script("benchmarks/results.py")
    text = results.README.read_text(encoding="utf-8")
    assert text == results.with_table(text, results.load()), (
        "benchmarks/README.md's figures differ from results.json: python benchmarks/results.py draws them again"
    )


def test_a_benchmark_writes_its_figures_in_place_of_its_last(tmp_path, monkeypatch, capsys):
    results = script("benchmarks/results.py")
    kept = results.RESULTS.read_bytes(), results.README.read_bytes()
    monkeypatch.setenv("LESSONKIT_BENCH_RESULTS", str(tmp_path / "results.json"))
    results.record("bench_a", "a: 1 ms", {"a_ms": 1})
    results.record("bench_b", "b: 2 ms", {"b_ms": 2})
    results.record("bench_a", "a: 3 ms", {"a_ms": 3})
    written = results.load(tmp_path / "results.json")
    assert sorted(written) == ["bench_a", "bench_b"]
    assert written["bench_a"]["summary"] == "a: 3 ms" and written["bench_a"]["figures"] == {"a_ms": 3}
    assert "\n| [`bench_a.py`](#bench_a) | a: 3 ms | " in results.table(written)
    assert (results.RESULTS.read_bytes(), results.README.read_bytes()) == kept, "a trial run changed the kept figures"
