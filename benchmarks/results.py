"""The benchmarks' current figures: each benchmark writes its headline figures into one file,
``benchmarks/results.json``, and the table of figures in ``benchmarks/README.md`` is drawn from it.

    python benchmarks/results.py     # draw the README's table again from results.json

A benchmark calls ``record(name, summary, figures)`` once at its end: ``summary`` is the line the
table shows, ``figures`` the numbers behind it. The entry replaces that benchmark's last one, with
the machine it ran on (CPUs, the load average of the last minute) and the date, and the README's
table is drawn again. With LESSONKIT_BENCH_RESULTS set to another file, a benchmark writes there
instead and leaves results.json and the README alone: for trying a benchmark out.
"""

import datetime
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
README = HERE / "README.md"
BEGIN = "<!-- figures: drawn by benchmarks/results.py from results.json; run a benchmark, do not edit -->"
END = "<!-- end of figures -->"


def results_file():
    """Where ``record`` writes: results.json, or the file LESSONKIT_BENCH_RESULTS names."""
    return Path(os.environ.get("LESSONKIT_BENCH_RESULTS") or RESULTS)


def load(path=RESULTS):
    """Every benchmark's last entry, by benchmark name ({} when the file does not exist yet)."""
    path = Path(path)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def record(benchmark, summary, figures):
    """Write ``benchmark``'s figures (a one-line ``summary`` and the ``figures`` behind it, a dict
    that JSON can hold) in place of its last ones; draw the README's table again when they go to
    results.json."""
    path = results_file()
    results = load(path)
    results[benchmark] = {
        "summary": summary,
        "figures": figures,
        "machine": {"cpus": os.cpu_count(), "load": round(os.getloadavg()[0], 2)},
        "measured": datetime.date.today().isoformat(),
    }
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\n{benchmark}: figures written to {path}")
    if path.resolve() == RESULTS:
        write_readme(results)


def machine(entry):
    """'2 CPUs, load 0.85', or '2 CPUs' where the load was not kept."""
    cpus, load = entry["machine"]["cpus"], entry["machine"].get("load")
    return f"{cpus} CPUs" + ("" if load is None else f", load {load:.2f}")


def table(results):
    """The README's table of figures: one row a benchmark, in the order of their names."""
    lines = ["| benchmark | figures | machine |", "|---|---|---|"]
    for name, entry in sorted(results.items()):
        lines.append(f"| [`{name}.py`](#{name}) | {entry['summary']} | {machine(entry)} |")
    return "\n".join(lines)


def with_table(text, results):
    """``text`` (the README) with the table between BEGIN and END drawn from ``results``."""
    head, rest = text.split(BEGIN + "\n", 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table(results)}\n{END}{tail}"


def write_readme(results):
    text = README.read_text(encoding="utf-8")
    README.write_text(with_table(text, results), encoding="utf-8")


if __name__ == "__main__":
    write_readme(load())
    print(f"{README}: figures drawn from {RESULTS}")
