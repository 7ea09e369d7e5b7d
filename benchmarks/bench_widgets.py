"""Time each widget's update in the kernel: a control set from Python → state
recomputed → panels redrawn → PNG bytes ready to send. Reports the median and the
95th percentile per control (target: median ≤ 30 ms, p95 ≤ 80 ms).

    python benchmarks/bench_widgets.py

Every widget the lesson registry lists (lessonkit/lessons.py) is measured, each of its sliders and
number boxes moved to MOVES random values (seeded), as a learner dragging it would; a setting that
retrains (the training dashboard's) is left out, its epoch slider moved. A position
slider (step, stage, epoch) soon comes back to places it has shown, whose pictures its view kept.
The figures go into benchmarks/results.json (results.py).
"""

import statistics
import time

import ipywidgets
import numpy as np
from results import record

from lessonkit import lessons

MOVES = 60
POSITIONS = ("step", "stage", "epoch")  # the sliders that walk through what a widget shows
#: What a learner moves by dragging or typing a number (menus and text boxes are chosen, not dragged).
MOVED = (ipywidgets.FloatSlider, ipywidgets.IntSlider, ipywidgets.FloatLogSlider, ipywidgets.FloatText)


def moved(view):
    """The names of ``view``'s controls to move: its sliders and number boxes, but not a setting
    that retrains a network (a view with ``retrain``): that one only shows what it recorded."""
    controls = {**({} if hasattr(view, "retrain") else view.controls), **view.viewing}
    return [name for name, control in controls.items() if isinstance(control, MOVED)]


def random_value(control, rng, start):
    if not hasattr(control, "min"):  # a number box: what a learner types, two decimals, from half its first value
        return round(float(start * rng.uniform(0.5, 1.0)), 2)  # to all of it (a target stays in [0, 1])
    if hasattr(control, "base"):  # FloatLogSlider: min and max are exponents
        return round(float(control.base ** rng.uniform(control.min, control.max)), 4)
    value = control.min + (control.max - control.min) * rng.uniform()
    return int(round(value)) if isinstance(control.value, int) else round(float(value), 2)


def main():
    rng = np.random.default_rng(0)
    print(f"{'widget':16s} {'control':8s} {'median ms':>10s} {'p95 ms':>8s}")
    figures = {}
    for cls in lessons.exported("widgets").values():
        view = cls()
        for name in moved(view):
            control = {**view.controls, **view.viewing}[name]
            start, times = control.value, []
            for _ in range(MOVES):
                value = random_value(control, rng, start)
                t0 = time.perf_counter()
                control.value = value
                times.append((time.perf_counter() - t0) * 1e3)
            assert not view.error.value, view.error.value
            median, p95 = statistics.median(times), float(np.percentile(times, 95))
            figures[f"{cls.__name__} {name}"] = {"median_ms": round(median, 1), "p95_ms": round(p95, 1)}
            print(f"{cls.__name__:16s} {name:8s} {median:10.1f} {p95:8.1f}")
    medians = {control: f["median_ms"] for control, f in figures.items()}
    p95s = {control: f["p95_ms"] for control, f in figures.items()}
    worst_median, worst_p95 = max(medians, key=medians.get), max(p95s, key=p95s.get)
    print(
        f"worst median {medians[worst_median]:.1f} ms (target <= 30), worst p95 {p95s[worst_p95]:.1f} ms (target <= 80)"
    )
    positions = [m for control, m in medians.items() if control.endswith(POSITIONS)]
    record(
        "bench_widgets",
        f"medians {min(medians.values()):.1f}–{medians[worst_median]:.1f} ms (the most: "
        f"{worst_median}), p95 at most {p95s[worst_p95]:.1f} ms ({worst_p95}); position sliders (step, stage, "
        f"epoch) {min(positions):.1f}–{max(positions):.1f} ms; targets: median ≤ 30 ms, p95 ≤ 80 ms",
        figures,
    )


if __name__ == "__main__":
    main()
