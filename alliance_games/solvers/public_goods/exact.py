"""Exact and floating arithmetic shared by the public-goods solver's steps.

Which closed forms are exact (Fractions for quasi-linear log and Cobb-Douglas, sympy
radicals for the quasi-linear power form with a modest exponent), how an exact value is
held (:func:`_exact`) and shown as the nearest double (:func:`_nearest`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ...games.public_goods import Number, PublicGoodsGame
from ...numbers import format_sig, to_fraction

_CLOSED_FORMS = ("quasi_linear_log", "quasi_linear_power", "cobb_douglas")


_EXACT_FORMS = ("quasi_linear_log", "cobb_douglas", "quasi_linear_power")


#: the power form is exact (sympy radicals) only for modest exponents 1/(1-β) = p/q:
#: a^(p/q) with a large p would be a huge integer for no gain in meaning
_MAX_POWER_TERMS = 64


def _exact_ok(game: PublicGoodsGame) -> bool:
    """Rational data and a closed form in rationals (log, Cobb-Douglas) or radicals
    (quasi-linear power with a modest exponent)."""
    if not game.is_exact or game.utility not in _EXACT_FORMS:
        return False
    if game.utility == "quasi_linear_power":
        e = 1 / (1 - Fraction(game.exponent))  # type: ignore[arg-type]
        return abs(e.numerator) <= _MAX_POWER_TERMS and e.denominator <= _MAX_POWER_TERMS
    return True


def _exact(value: Any) -> Any:
    """A Fraction for a rational (sympy's included), a sympy number for a radical."""
    frac = to_fraction(value)
    return value if frac is None else frac


def _nearest(value: Any) -> float:
    """The double nearest to an exact value (sympy's ``float`` keeps only 15 digits)."""
    if isinstance(value, Fraction | int | float):
        return float(value)
    return float(value.evalf(40))


def _power(base: Fraction, exponent: Fraction) -> Any:
    """``base ** exponent`` exactly: a Fraction when rational, else a sympy radical."""
    import sympy

    value = sympy.Rational(base.numerator, base.denominator) ** sympy.Rational(
        exponent.numerator, exponent.denominator)
    return _exact(value)


def _power_of(value: Any, exponent: Fraction) -> Any:
    """``value ** exponent`` for an exact positive value (Fraction or sympy radical)."""
    if isinstance(value, Fraction):
        return _power(value, exponent)
    import sympy

    return value ** sympy.Rational(exponent.numerator, exponent.denominator)


def _num(value: Number) -> float:
    return float(value)


def _fmt(value: Any) -> str:
    return "0" if float(value) == 0 else format_sig(value, fractions=False)
