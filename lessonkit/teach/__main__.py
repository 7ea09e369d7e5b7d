"""python -m lessonkit.teach assignments DIR [--notebooks FOLDER] [--points N] [--course-id ID]:
the course's exercises as nbgrader source notebooks (see ``lessonkit.teach``)."""

import argparse
import sys
from pathlib import Path

from . import write_course


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m lessonkit.teach", description="Write the course's exercises as nbgrader source notebooks."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("assignments", help="write DIR/source/<lesson>/<lesson>.ipynb and nbgrader_config.py")
    write.add_argument("course", metavar="DIR", help="the nbgrader course folder (created if missing)")
    write.add_argument(
        "--notebooks",
        metavar="FOLDER",
        default=None,
        help="the course's notebooks/ folder (default: the one beside the package, in a clone)",
    )
    write.add_argument("--points", type=float, default=1, help="points per exercise (default 1)")
    write.add_argument("--course-id", default="lessonkit", help="nbgrader's course_id in a new nbgrader_config.py")
    args = parser.parse_args(argv)
    points = int(args.points) if float(args.points).is_integer() else args.points
    try:
        made = write_course(args.course, args.notebooks, points, args.course_id)
    except ValueError as exc:
        parser.exit(2, f"{parser.prog}: {exc}\n")
    for lesson, found in made.items():
        print(f"{lesson}: {len(found)} exercises ({', '.join(ex.name for ex in found)}), {len(found) * points} points")
    print(
        f"wrote {len(made)} assignments to {Path(args.course) / 'source'}; "
        f"next: cd {args.course} && nbgrader generate_assignment LESSON"
    )


if __name__ == "__main__":
    sys.exit(main())
