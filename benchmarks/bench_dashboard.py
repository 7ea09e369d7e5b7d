"""Time the training dashboard's default run (notebooks/06_epochs.ipynb): the
training itself with every epoch recorded, and the whole re-run a learner waits
for after changing a setting (training + redrawing the panels). Target: at most
about a second.

    python benchmarks/bench_dashboard.py

The figures go into benchmarks/results.json (results.py).
"""

import statistics
import time

from results import record

from lessonkit import states, widgets

REPEATS = 5


def main():
    view = widgets.TrainingDashboard()
    s = view.state.settings.as_dict()
    train_times, rerun_times = [], []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        states.TrainingRun()
        train_times.append(time.perf_counter() - t0)
        view.epochs.value = s["epochs"] - 1  # a setting changed: train again and redraw
        view.epochs.value = s["epochs"]
        t0 = time.perf_counter()
        view.lr.value = s["lr"] * 2
        rerun_times.append(time.perf_counter() - t0)
        view.lr.value = s["lr"]
        assert not view.error.value, view.error.value
    print(
        f"Training dashboard, default settings ({s['dataset']}, hidden {list(s['hidden'])}, {s['activation']}, "
        f"{s['optimizer']} lr={s['lr']}, batch {s['batch_size']}, {s['epochs']} epochs); median of {REPEATS}"
    )
    training, rerun = statistics.median(train_times) * 1e3, statistics.median(rerun_times) * 1e3
    print(f"  training run, every epoch recorded : {training:6.0f} ms")
    print(f"  re-run after a setting changes     : {rerun:6.0f} ms (target <= ~1000)")
    record(
        "bench_dashboard",
        f"training {training:.0f} ms; the whole re-run after a setting changes (train and "
        f"redraw) {rerun:.0f} ms; target ≤ ~1 s",
        {"training_ms": round(training), "rerun_ms": round(rerun)},
    )


if __name__ == "__main__":
    main()
