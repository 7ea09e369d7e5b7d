"""The course gives the same numbers on other machines: every notebook passes strict nbval,
the digits accuracy and notebook 08's counts hold, under other BLAS kernels and thread counts
than this machine's.

Another CPU changes the last bits of a matrix product (OpenBLAS picks kernels per CPU, and
a thread count changes the order of a sum) and of numpy's own vectorised functions (tanh,
exp: numpy picks AVX-512 code where the CPU has it). ``OPENBLAS_CORETYPE`` forces OpenBLAS's
kernels of an older or other CPU, ``NPY_DISABLE_CPU_FEATURES`` turns numpy's AVX-512 paths off:
together they reproduce here what a learner's laptop or another CI machine computes.
Each run is a fresh interpreter, since both are read when numpy loads.
"""

import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


def cpu_flags():
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    return set(next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), []))


def numpy_avx512():
    """numpy's dispatched AVX-512 targets that this CPU runs (what NPY_DISABLE_CPU_FEATURES can turn off)."""
    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:  # numpy 1.x
        from numpy.core import _multiarray_umath as umath

    have = getattr(umath, "__cpu_features__", {})
    return [t for t in getattr(umath, "__cpu_dispatch__", []) if have.get(t) and ("AVX512" in t or t == "X86_V4")]


def blas_core():
    """The kernel family OpenBLAS runs in this process ("Prescott", "Haswell", ...), or None."""
    import ctypes

    import numpy  # noqa: F401  (loads OpenBLAS)

    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line})
    for lib in libs:
        for symbol in ("openblas_get_corename", "scipy_openblas_get_corename64_", "openblas_get_corename64_"):
            get = getattr(ctypes.CDLL(lib), symbol, None)
            if get is not None:
                get.restype = ctypes.c_char_p
                return get().decode()
    return None


X86 = platform.machine().lower() in ("x86_64", "amd64")
MACHINES = {
    # the oldest x86-64 kernels OpenBLAS has (SSE3): any x86-64 CPU runs them
    "Prescott": {"OPENBLAS_CORETYPE": "Prescott"},
    # AVX2 kernels, and numpy without AVX-512: an AMD EPYC or a laptop of the last ten years
    "Haswell, numpy without AVX-512": {
        "OPENBLAS_CORETYPE": "Haswell",
        "NPY_DISABLE_CPU_FEATURES": " ".join(numpy_avx512()),
    },
    # this machine's kernels with two threads, as a multi-core laptop runs them by default
    "two BLAS threads": {"OPENBLAS_NUM_THREADS": "2"},
}


@pytest.mark.parametrize("machine", MACHINES)
def test_notebooks_digits_and_breast_cancer_on_another_machine(machine):
    config = MACHINES[machine]
    if "OPENBLAS_CORETYPE" in config and not X86:
        pytest.skip("OPENBLAS_CORETYPE names x86-64 kernels")
    if config.get("OPENBLAS_CORETYPE") == "Haswell" and not {"avx2", "fma"} <= cpu_flags():
        pytest.skip("this CPU cannot run OpenBLAS's Haswell kernels (no AVX2)")
    if "openblas" not in str(np.show_config(mode="dicts")).lower():
        pytest.skip("numpy is not built with OpenBLAS here")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.update({k: v for k, v in config.items() if v})
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "notebooks",
            "tests/test_digits.py",
            "tests/test_breast_cancer.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, f"under {config}:\n{done.stdout[-8000:]}\n{done.stderr[-2000:]}"
    if "OPENBLAS_CORETYPE" in config:  # the run really used those kernels
        probe = subprocess.run(
            [sys.executable, "-c", "from tests.test_other_machines import blas_core; print(blas_core())"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        # (builds without the oldest cores serve Prescott's request with the SSE kernels they name Katmai)
        expected = {"Prescott": {"Prescott", "Katmai"}}.get(config["OPENBLAS_CORETYPE"], {config["OPENBLAS_CORETYPE"]})
        assert probe.stdout.strip() in expected, f"OpenBLAS ran {probe.stdout.strip()} kernels, not {expected}"
