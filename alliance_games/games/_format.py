"""How a number is written for a reader: exact fractions as ``2/3``, floats to a few
significant digits, integral values without a decimal point.

Display code at every layer uses it (the games draw their payoff tables and trees, the
reports their equilibria), so it sits beside the games, not in the interpretation stage.
Issue 9 merges it into the one number-policy module, :mod:`alliance_games.numbers`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

__all__ = ["format_number"]


def format_number(value: Any, digits: int = 4) -> str:
    """``2/3`` for exact fractions, ``0.6667`` for floats, ``1`` for integers.

    Parameters
    ----------
    value
        A ``Fraction``, ``int``, or anything ``float()`` accepts (numpy scalars, sympy
        numbers).
    digits
        Significant digits of a non-integral float (``%g`` formatting).

    Returns
    -------
    str
        Integral values (within 1e-12) print as integers; exact fractions as ``p/q``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> format_number(Fraction(2, 3)), format_number(2 / 3), format_number(3.0)
    ('2/3', '0.6667', '3')
    """
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(value)
    if isinstance(value, int):
        return str(value)
    value = float(value)
    if abs(value - round(value)) < 1e-12:
        return str(int(round(value)))
    return f"{value:.{digits}g}"
