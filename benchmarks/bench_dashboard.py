"""Time the training dashboard's default run (notebooks/06_epochs.ipynb): the
training itself with every epoch recorded, the whole re-run a learner waits for
after changing a setting (training + redrawing the panels), a scrub of the epoch
slider to an epoch not shown before, the network's units' share of that scrub, and
the choice of another unit. Targets: a re-run about a second at most; a scrub and a
unit choice within bench_widgets' targets (median ≤ 30 ms, p95 ≤ 80 ms).

    python benchmarks/bench_dashboard.py

The figures go into benchmarks/results.json (results.py).
"""

import statistics
import time

import numpy as np
from results import record

from lessonkit import states, widgets

REPEATS = 5
#: The epochs a scrub moves to, each shown for the first time (a place shown before comes back as a kept picture).
SCRUBBED = range(0, 150, 3)


def timed(action):
    t0 = time.perf_counter()
    action()
    return (time.perf_counter() - t0) * 1e3


def moves(view):
    """ms of each move of a new dashboard's epoch slider to an epoch of SCRUBBED, of its units' drawing alone at
    those epochs, and of each choice of another unit."""
    scrubs = [timed(lambda e=e: setattr(view.epoch, "value", e)) for e in SCRUBBED]
    for panel in view.units.diagram, view.units.large:
        panel.forget()  # drawn again, not shown from the pictures kept
    units = [timed(lambda e=e: view.units.draw(view.state, e, (0, 1), ("again", e))) for e in SCRUBBED]
    choices = [timed(lambda u=u: setattr(view.unit, "value", u)) for _, u in view.unit.options[1:]]
    assert not view.error.value, view.error.value
    return scrubs, units, choices


def main():
    view = widgets.TrainingDashboard()
    s = view.state.settings.as_dict()
    train_times, rerun_times, scrubs, units, choices = [], [], [], [], []
    for _ in range(REPEATS):
        train_times.append(timed(states.TrainingRun) / 1e3)
        view.epochs.value = s["epochs"] - 1  # a setting changed: train again and redraw
        view.epochs.value = s["epochs"]
        rerun_times.append(timed(lambda: setattr(view.lr, "value", s["lr"] * 2)) / 1e3)
        view.lr.value = s["lr"]
        scrubbed, drawn, chose = moves(widgets.TrainingDashboard())
        scrubs, units, choices = scrubs + scrubbed, units + drawn, choices + chose
        assert not view.error.value, view.error.value
    print(
        f"Training dashboard, default settings ({s['dataset']}, hidden {list(s['hidden'])}, {s['activation']}, "
        f"{s['optimizer']} lr={s['lr']}, batch {s['batch_size']}, {s['epochs']} epochs); median of {REPEATS}"
    )
    training, rerun = statistics.median(train_times) * 1e3, statistics.median(rerun_times) * 1e3
    scrub, scrub95 = statistics.median(scrubs), float(np.percentile(scrubs, 95))
    share, choice, choice95 = statistics.median(units), statistics.median(choices), float(np.percentile(choices, 95))
    print(f"  training run, every epoch recorded : {training:6.0f} ms")
    print(f"  re-run after a setting changes     : {rerun:6.0f} ms (target <= ~1000)")
    print(f"  scrub to an epoch not shown before : {scrub:6.1f} ms median, {scrub95:.1f} ms p95")
    print(f"    of which the network's units     : {share:6.1f} ms median")
    print(f"  another unit chosen                : {choice:6.1f} ms median, {choice95:.1f} ms p95")
    record(
        "bench_dashboard",
        f"training {training:.0f} ms; the whole re-run after a setting changes (train and redraw) {rerun:.0f} ms "
        f"(target ≤ ~1 s); a scrub to an epoch not shown before {scrub:.1f} ms median, p95 {scrub95:.1f} ms, the "
        f"network's units {share:.1f} ms of it; another unit chosen {choice:.1f} ms, p95 {choice95:.1f} ms",
        {
            "training_ms": round(training),
            "rerun_ms": round(rerun),
            "scrub_median_ms": round(scrub, 1),
            "scrub_p95_ms": round(scrub95, 1),
            "units_median_ms": round(share, 1),
            "unit_choice_median_ms": round(choice, 1),
            "unit_choice_p95_ms": round(choice95, 1),
        },
    )


if __name__ == "__main__":
    main()
