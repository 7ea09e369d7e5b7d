"""lessonkit.text, the one place numbers and readouts are written: hand-written cases,
and properties over all floats (no negative zero anywhere, the number read back is the
number rounded)."""

import html
import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessonkit import text
from lessonkit.palette import COLORS

#: "-0", "-0.000", "-0e+00" and the like: a minus before a number whose digits are all zero.
NEGATIVE_ZERO = re.compile(r"(?<![\d.])-0(?:\.0*)?(?:e[+-]?\d+)?(?![\d.]*[1-9])")
FINITE = st.floats(-1e300, 1e300)  # finite, and finite once rounded up
DIGITS = st.integers(0, 8)


@pytest.mark.parametrize(
    "value,digits,expected",
    [
        (0.5, 3, "0.500"),
        (-0.0004, 3, "0.000"),
        (-0.0, 2, "0.00"),
        (-0.0006, 3, "-0.001"),
        (2.0, 0, "2"),
        (-1e-300, 5, "0.00000"),
        (float("inf"), 3, "inf"),
        (float("-inf"), 3, "-inf"),
        (-123.4567, 2, "-123.46"),
    ],
)
def test_fixed_by_hand(value, digits, expected):
    assert text.fixed(value, digits) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        (0.123456, "0.1235"),
        (-3e-20, "-3e-20"),
        (-0.0, "0"),
        (1234567.0, "1.235e+06"),
        (-2.5, "-2.5"),
    ],
)
def test_sig_by_hand(value, expected):
    assert text.sig(value) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        (0.0, "0"),
        (-0.0, "0"),
        (-1e-12, "0"),
        (-0.0004, "0"),
        (0.0004, "0"),
        (-0.0006, "-0.001"),
        (2.0, "2"),
        (-1.0, "-1"),
        (1.9999, "2"),
        (0.4013, "0.401"),
        (-2.4916, "-2.492"),
        (2001000.0, "2001000"),
        (4003996998001.0, "4003996998001"),
        (1e16, "10000000000000000.000"),
        (float("nan"), "nan"),
        (float("-inf"), "-inf"),
    ],
)
def test_num_by_hand(value, expected):
    assert text.num(value) == expected


@pytest.mark.parametrize("value,expected", [(0.5, "0.500"), (-0.5, "(-0.500)"), (-0.0001, "0"), (-2.0, "(-2)")])
def test_paren_by_hand(value, expected):
    assert text.paren(value) == expected


def test_array_by_hand():
    assert text.array([0.06, -1e-9]) == "[0.06, 0.  ]"
    assert text.array([[0.5, -0.000001]], digits=3) == "[[0.5, 0. ]]"
    assert text.value(np.array([1.0, -2.0]), 2) == "[ 1., -2.]"
    assert text.value(-0.0000001) == "0.00000"


@given(FINITE, DIGITS)
def test_fixed_is_the_number_rounded_with_no_negative_zero(value, digits):
    shown = text.fixed(value, digits)
    assert not NEGATIVE_ZERO.search(shown), shown
    assert float(shown) == float(f"{value:.{digits}f}")  # the same number as Python's rounding, sign aside


@given(FINITE, st.integers(1, 8))
def test_sig_is_the_number_rounded_with_no_negative_zero(value, digits):
    shown = text.sig(value, digits)
    assert not NEGATIVE_ZERO.search(shown), shown
    assert math.isclose(float(shown), value, rel_tol=10 ** (1 - digits), abs_tol=0)


@given(FINITE)
def test_num_and_paren_never_print_negative_zero(value):
    shown, wrapped = text.num(value), text.paren(value)
    assert not NEGATIVE_ZERO.search(shown) and not NEGATIVE_ZERO.search(wrapped), shown
    if abs(value) < 1e6:
        assert abs(float(shown) - value) <= 5e-4 + 1e-12 * abs(value)
    assert wrapped == (f"({shown})" if shown.startswith("-") else shown)


@given(st.lists(FINITE, min_size=1, max_size=6), st.integers(0, 6))
def test_array_reads_back_rounded_with_no_negative_zero(values, digits):
    shown = text.array(values, digits)
    assert not NEGATIVE_ZERO.search(shown), shown
    numbers = [float(t) for t in re.findall(r"-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|-?inf|nan", shown)]
    assert len(numbers) == len(values)
    for got, v in zip(numbers, values):
        assert math.isclose(got, v, rel_tol=10.0**-digits, abs_tol=10.0**-digits)  # numpy goes to e-notation for huge


@pytest.mark.parametrize(
    "tex,plain",
    [
        (r"a = \sigma(z)", "a = σ(z)"),
        (r"\mathrm{relu}(-0.5)", "relu(\u22120.5)"),
        (r"\tanh(2)", "tanh(2)"),
        (r"(a - y)^2 \cdot 2", "(a \u2212 y)² · 2"),
    ],
)
def test_plain_math_by_hand(tex, plain):
    assert text.plain_math(tex) == plain


def test_readouts_and_the_error_line():
    assert text.readout(["a", "<b>b</b>"]).count("<br>") == 1
    table = text.table([("z", "0.6"), ("a", "0.646")])
    assert table.count("<tr>") == 2 and "<b>0.646</b>" in table
    line = text.error_line("x1: expected a < b, got <script>")
    assert "⚠ x1: expected a &lt; b, got &lt;script&gt;" in line and COLORS["error"] in line
    assert html.unescape(re.sub("<[^>]+>", "", line)) == "⚠ x1: expected a < b, got <script>"
    assert COLORS["good"] in text.note("went down", "good")
