"""A training run saved to a file and loaded back (``TrainingRun.save``, ``TrainingRun.load``): every recorded
epoch is the live run's, the loaded run trains again as a new one would, and a file that is not a saved run is
refused with an error that says why. (A dashboard of a loaded run: tests/widgets/test_epochs.py.)"""

import json

import numpy as np
import pytest

from lessonkit.states import TrainingRun
from tests.references.epochs import DIVERGING


def table():
    """A learner's table: three features, classes named by words."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(40, 3)) * np.array([10.0, 1.0, 0.1]) + np.array([50.0, 0.0, 2.0])
    y = np.where(X[:, 0] - 50 + 10 * X[:, 1] > 0, "yes", "no")
    return X, y


RUNS = {
    "moons, held out, L2, an extra input": lambda: TrainingRun(
        epochs=7, n=60, held_out=0.2, l2=0.01, extra_features=("x1^2",)
    ),
    "a learner's table": lambda: TrainingRun(data=table(), features=["age", "dose", "ph"], epochs=6, held_out=0.25),
    "a learner's table kept, training on circles": lambda: TrainingRun(data=table(), dataset="circles", epochs=5, n=60),
    "a run that blew up": lambda: TrainingRun(epochs=30, n=60, **DIVERGING),
}


@pytest.mark.parametrize("make", RUNS.values(), ids=RUNS.keys())
def test_a_loaded_run_is_the_live_run_epoch_by_epoch(make, tmp_path):
    live = make()
    loaded = TrainingRun.load(live.save(tmp_path / "run.npz"))
    assert loaded.settings.as_dict() == live.settings.as_dict()
    assert (loaded.epochs_run, loaded.message, loaded.resolution) == (live.epochs_run, live.message, live.resolution)
    assert (loaded.datasets, loaded.features, loaded.input_names, loaded.class_names) == (
        live.datasets,
        live.features,
        live.input_names,
        live.class_names,
    )
    for name in ("X", "y", "X_test", "y_test", "inputs", "inputs_test"):
        np.testing.assert_array_equal(getattr(loaded, name), getattr(live, name), err_msg=name)
    np.testing.assert_array_equal(loaded.history.loss, live.history.loss)  # NaN where the live one has NaN
    np.testing.assert_array_equal(loaded.history.accuracy, live.history.accuracy)
    assert (loaded.history.iterations, loaded.history.diverged) == (live.history.iterations, live.history.diverged)
    np.testing.assert_array_equal(np.array(loaded.test_loss, float), np.array(live.test_loss, float))
    assert [v is None for v in loaded.test_loss] == [v is None for v in live.test_loss]
    for epoch in range(live.epochs_run + 1):
        for saved, kept in zip(loaded.snapshots[epoch], live.snapshots[epoch]):
            np.testing.assert_array_equal(saved, kept)
        np.testing.assert_array_equal(loaded.frame(epoch), live.frame(epoch))
        assert loaded.accuracy(epoch) == live.accuracy(epoch)
        assert loaded.accuracy(epoch, "test") == live.accuracy(epoch, "test")
        for a, b in zip(loaded.units(epoch), live.units(epoch)):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("make", list(RUNS.values())[:2], ids=list(RUNS)[:2])
def test_a_loaded_run_trains_again_as_a_new_one_would(make, tmp_path):
    live = make()
    loaded = TrainingRun.load(live.save(tmp_path / "run.npz"))
    loaded.set(epochs=3)
    live.set(epochs=3)
    assert loaded.epochs_run == live.epochs_run == 3
    for saved, kept in zip(loaded.snapshots[-1], live.snapshots[-1]):
        np.testing.assert_array_equal(saved, kept)


def resaved(path, to, head=None, **arrays):
    """The run saved at ``path`` written again to ``to`` with ``head``'s entries and ``arrays`` changed
    (an array None: left out)."""
    with np.load(path) as f:
        kept = {name: f[name] for name in f.files}
    if head:
        kept["head"] = np.array(json.dumps({**json.loads(str(kept["head"])), **head}))
    kept.update(arrays)
    np.savez(to, **{name: a for name, a in kept.items() if a is not None})
    return to


def bad_files(run, folder):
    """(what, path, error, message) of files that are no saved run, made from the saved ``run``."""
    good = run.save(folder / "good.npz")
    (folder / "table.csv").write_text("a,b\n1,2\n")
    np.savez(folder / "arrays.npz", a=np.zeros(3))
    np.save(folder / "one.npy", np.zeros(3))
    np.savez(folder / "pickled.npz", head=np.array([{"format": "lessonkit TrainingRun"}], dtype=object))
    return [
        ("no file", folder / "none.npz", FileNotFoundError, r"^path: expected a run saved by .*none\.npz'?: no such"),
        ("not a path", 3, TypeError, r"^path: expected a file name \(str or pathlib.Path\), got 3 \(int\)$"),
        ("a CSV", folder / "table.csv", ValueError, r"'table\.csv': not a numpy \.npz file$"),
        ("other arrays", folder / "arrays.npz", ValueError, r"'arrays\.npz': no description of a run in it$"),
        ("one array", folder / "one.npy", ValueError, r"'one\.npy': not a numpy \.npz file$"),
        (
            "held-out labels that do not match",
            resaved(good, folder / "held_out.npz", y_test=np.zeros(2)),
            ValueError,
            r"its points do not make a table: X \(48, 2\), y \(48,\), X_test \(12, 2\), y_test \(2,\)$",
        ),
        (
            "losses that are not numbers",
            resaved(good, folder / "words.npz", loss=np.array(["a", "b", "c", "d"])),
            ValueError,
            r"'words\.npz': its contents are not a run's \(ValueError: could not convert",
        ),
        ("pickled objects", folder / "pickled.npz", ValueError, r"it holds Python objects, which are not read$"),
        (
            "a newer layout",
            resaved(good, folder / "newer.npz", head={"version": 99}),
            ValueError,
            r"'newer\.npz': saved in layout 99 by lessonkit .*; this lessonkit \(.*\) reads layout 1$",
        ),
        ("no losses", resaved(good, folder / "no_loss.npz", loss=None), ValueError, r"no loss in it$"),
        (
            "an epoch short",
            resaved(good, folder / "short.npz", param1=np.load(good)["param1"][:-1]),
            ValueError,
            r"param1: expected the weights before training and after each of 4 epochs, shape \(5, 8\), got \(4, 8\)$",
        ),
        (
            "bad settings",
            resaved(good, folder / "settings.npz", head={"settings": {**run.settings.as_dict(), "hidden": "x"}}),
            ValueError,
            r"its settings are not a run's \(hidden: expected a list of positive whole numbers",
        ),
        (
            "points that make no table",
            resaved(good, folder / "points.npz", y=np.zeros(3)),
            ValueError,
            r"its points do not make a table: X \(48, 2\), y \(3,\)",
        ),
    ]


def test_a_file_that_is_no_saved_run_is_refused_and_says_why(tmp_path):
    run = TrainingRun(epochs=4, n=60, held_out=0.2)
    for what, path, error, message in bad_files(run, tmp_path):
        print(what)  # shown with a failure: which file
        with pytest.raises(error, match=message):
            TrainingRun.load(path)


def test_a_saved_learners_table_without_its_arrays_is_refused(tmp_path):
    run = TrainingRun(data=table(), epochs=2)
    broken = resaved(run.save(tmp_path / "mine.npz"), tmp_path / "broken.npz", data_X=None)
    with pytest.raises(
        ValueError, match=r"'broken\.npz': its description or its own data is not a run's \('data_X'\)$"
    ):
        TrainingRun.load(broken)
