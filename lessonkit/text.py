"""Everything a learner reads, written one way: numbers, arrays, the plain-text
form of the equations' LaTeX, readouts and the error line (their colours: ``palette``).

One rule for numbers everywhere: a number is rounded for display, and a number
that rounds to zero is written without a sign ("0.000", never "-0.000"). The
states, the views, the plots and the exercise checkers all format through here.
"""

import html
import math
import re

import numpy as np

from .palette import COLORS


def _unsigned_zero(text):
    """``text`` without its minus sign when every digit in it is 0 ("-0.000" → "0.000")."""
    mantissa = text.split("e")[0]
    if text.startswith("-") and re.search(r"\d", mantissa) and not re.search(r"[1-9]", mantissa):
        return text[1:]
    return text


def fixed(value, digits=3):
    """``value`` with ``digits`` decimals: fixed(0.5) → "0.500", fixed(-0.0004) → "0.000".

    Parameters
    ----------
    value : float (or a 0-d array);  digits : int ≥ 0

    Returns
    -------
    str
    """
    return _unsigned_zero(f"{float(value):.{digits}f}")


def sig(value, digits=4):
    """``value`` to ``digits`` significant digits: sig(0.123456) → "0.1235",
    sig(-3.0e-20) → "-3e-20"; a value whose digits are all 0 has no sign.

    Parameters
    ----------
    value : float;  digits : int ≥ 1

    Returns
    -------
    str
    """
    return _unsigned_zero(f"{float(value):.{digits}g}")


def num(value):
    """A number in an equation: whole numbers plain ("2", "-1"), others to three
    decimals ("0.401"); anything that rounds to 0 is "0"."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)  # "inf", "-inf", "nan"
    if abs(value) < 5e-4:
        return "0"
    return f"{value:.0f}" if abs(value - round(value)) < 5e-4 and abs(value) < 1e15 else fixed(value)


def paren(value):
    """``num(value)``, in parentheses when negative (so "a − (−0.5)", never "a − −0.5")."""
    text = num(value)
    return f"({text})" if text.startswith("-") else text


def array(values, digits=5):
    """An array written as numpy prints it, rounded to ``digits`` decimals, with
    no negative zeros: array([0.06, -1e-9]) → "[0.06, 0.  ]".

    Parameters
    ----------
    values : array_like of any shape;  digits : int

    Returns
    -------
    str
    """
    values = np.round(np.asarray(values, dtype=float), digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    return np.array2string(values, precision=digits, separator=", ")


def value(v, digits=5):
    """A readout's number or array: ``array`` for arrays, ``fixed`` for numbers."""
    return array(v, digits) if np.ndim(v) else fixed(v, digits)


#: What the numbers of an equation use of TeX, written as plain text.
PLAIN = {r"\sigma": "σ", r"\cdot": "·", "^2": "²", "-": "\u2212"}


def plain_math(tex):
    r"""A line of TeX without fractions as plain text, as mathtext would show it:
    ``\mathrm{relu}`` → relu, ``\tanh`` → tanh, ``\sigma`` → σ, ``^2`` → ², "-" → "−"."""
    for command, plain in PLAIN.items():
        tex = tex.replace(command, plain)
    return re.sub(r"\\mathrm\{(\w+)\}|\\(\w+)", lambda m: m.group(1) or m.group(2), tex)


def tex_as_text(tex):
    r"""A line of TeX as plain text, for a text alternative: ``\frac{a}{b}`` → a/b
    ((a)/(b) when a part has more than one term), ``\partial`` → ∂, ``w_1`` → w1,
    then ``plain_math``: tex_as_text(r"\frac{\partial L}{\partial w_1}") → "∂L/∂w1"."""
    tex = re.sub(r"\\partial\s*", "∂", tex)
    tex = re.sub(r"_\{(\w+)\}|_(\w)", lambda m: m.group(1) or m.group(2), tex)

    def fraction(match):
        parts = [p if re.fullmatch(r"[^\s+\-]+", p) else f"({p})" for p in match.groups()]
        return "/".join(parts)

    return plain_math(re.sub(r"\\d?frac\{([^{}]*)\}\{([^{}]*)\}", fraction, tex))


def readout(lines):
    """A readout beside the controls: ``lines`` (HTML) one under the other, in monospace."""
    return "<div style='font-family:monospace;line-height:1.6'>" + "<br>".join(lines) + "</div>"


def table(rows):
    """A readout table: ``rows`` of (label, value text), the values in bold; its rows as close as a
    readout's lines (a widget's HTML is otherwise as tall as a control, a line)."""
    cells = "".join(
        f"<tr><td style='padding:0 1em 0 0'>{label}</td><td><b>{text}</b></td></tr>" for label, text in rows
    )
    return f"<table style='font-family:monospace;line-height:1.6;border-spacing:0'>{cells}</table>"


def note(text, color=None):
    """A sentence beside a readout, in ``color`` (a name in COLORS) if given."""
    style = f"color:{COLORS[color]};" if color else ""
    return f"<div style='{style}padding-left:1em'>{text}</div>"


def error_line(message):
    """The line a widget shows when an input cannot be used: ``message`` (plain
    text, escaped here) after a warning sign, in the error colour."""
    return (
        f'<div style="color:{COLORS["error"]};font-family:monospace;white-space:pre-wrap">'
        f"⚠ {html.escape(str(message))}</div>"
    )
