"""docs/step_through.png, the README's picture: notebook 05's step-through at its last stage, the
update, as the widget's own still picture (``View.static_png``), which is what a notebook shows of
the widget before its cell runs, on GitHub for one.

    python scripts/readme_picture.py

The widget draws it, so the picture is the course as it is: run this again after changing the
step-through, and commit the PNG. tests/test_docs.py checks that it still draws a picture of the
committed one's size (not its pixels, which differ from one machine's fonts to another's).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PICTURE = ROOT / "docs" / "step_through.png"


def picture():
    """The step-through's still picture at the update, as PNG bytes."""
    from lessonkit.widgets import StepThrough

    view = StepThrough()
    view.stage.value = view.stage.max  # forward → loss → gradients → update
    return view.static_png()


if __name__ == "__main__":
    PICTURE.write_bytes(picture())
    print(f"{PICTURE.relative_to(ROOT)} written")
