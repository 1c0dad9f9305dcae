"""The number policy of alliance_games: how numbers are read, converted and written.

This module sits at the bottom of the dependency order with :mod:`~alliance_games.errors`
(it imports nothing else from the package), so that games, solvers, interpretation and
reports share one set of rules instead of each keeping its own.

Reading numbers (one rule per case)
-----------------------------------
* **A spec decimal is exact.** ``0.1`` written in a spec (YAML, a Gambit file, an
  expression) is the rational 1/10: a float that came from text is read through its
  shortest decimal form (:func:`decimal_fraction`, :func:`as_sympy`).
* **An exact value stays exact.** ``int``, :class:`~fractions.Fraction` and sympy
  rationals are the same rational in every representation (:func:`to_fraction`);
  irrational sympy numbers (``sqrt(2)``) have no Fraction (``None``) and are kept
  symbolic or used as floats.
* **A float handed to a game or computed by a solver stays a float.** Where exactness
  is needed it is converted by its *binary value* (:func:`binary_fraction`:
  ``0.1`` becomes ``3602879701896397/36028797018963968``), which is lossless: the
  rational is the very number the float arithmetic used. Game constructors read their
  entries this way (:func:`payoff_fraction`); the continuous families (public goods,
  bargaining) keep floats as floats (:func:`as_number`).
* **A rational guess is not a conversion.** A solver that wants a *simple* rational
  near a float (a candidate to certify exactly afterwards) takes the closest fraction
  with a bounded denominator (:func:`rational_guess`); the certificate, not the guess,
  decides.

Writing numbers
---------------
* **For people** (text, Markdown, HTML, predictions): :func:`format_number`, with
  ``digits`` significant digits: ``2/3`` for exact fractions, ``0.6667`` for floats,
  ``1`` for integers and floats within 1e-12 of one. :func:`format_float` shows exact
  fractions as decimals too; :func:`format_sig` gives plain significant digits (no
  rounding to integers); :func:`format_percent` a percentage.
* **For machines**: :func:`machine_text` (Gambit files: exact rationals as ``p/q``,
  floats as their shortest round-trip ``repr``), :func:`exact_text` (the ``exact``
  strings of the JSON document) and :func:`finite_float` (a rational as the nearest
  double, overflowing to an infinity). The JSON rules themselves live in
  :mod:`alliance_games.report.json`.

Exact arithmetic on irrational numbers
--------------------------------------
``--exact`` certifies in rationals; a game with an irrational payoff or chance
probability cannot be. Every method says so with one message
(:data:`EXACT_NEEDS_RATIONAL`, raised by :func:`exact_needs_rational`).

References
----------
Python documentation, :class:`fractions.Fraction` (``Fraction(float)`` is the exact
binary value; ``limit_denominator`` the closest fraction with a bounded denominator).
Gambit's file formats (``doc/formats.rst``): numbers are exact decimals or rationals.
"""

from __future__ import annotations

import math
import numbers as _abc
import sys
from fractions import Fraction
from typing import Any, NoReturn

from .errors import GameError, SolverError

__all__ = [
    "EXACT_NEEDS_RATIONAL",
    "exact_needs_rational",
    "decimal_fraction",
    "as_sympy",
    "to_fraction",
    "binary_fraction",
    "payoff_fraction",
    "payoff_float",
    "as_number",
    "rational_guess",
    "finite_float",
    "format_number",
    "format_float",
    "format_sig",
    "format_percent",
    "machine_text",
    "exact_text",
    "is_sympy",
]

Number = Fraction | float


# ============================================================================ exactness
EXACT_NEEDS_RATIONAL = (
    "exact arithmetic (--exact) needs rational payoffs and probabilities, but this game "
    "has an irrational number (such as sqrt(2)); solve without --exact"
)
"""The one message for ``--exact`` on a game with an irrational payoff or probability."""


def exact_needs_rational() -> NoReturn:
    """Raise the :class:`~alliance_games.errors.SolverError` for exact arithmetic asked
    of a game with an irrational number (message :data:`EXACT_NEEDS_RATIONAL`).

    Examples
    --------
    >>> exact_needs_rational()
    Traceback (most recent call last):
    ...
    alliance_games.errors.SolverError: exact arithmetic (--exact) needs rational ...
    """
    raise SolverError(EXACT_NEEDS_RATIONAL)


def _sympy_basic() -> Any:
    """sympy's ``Basic`` if sympy is loaded, else ``None`` (then no value is a sympy one).

    Looking in ``sys.modules`` keeps ``import alliance_games.games`` free of sympy's
    import time."""
    sympy = sys.modules.get("sympy")
    return None if sympy is None else sympy.Basic


def is_sympy(value: Any) -> bool:
    """Whether ``value`` is a sympy object, without importing sympy: when sympy has not
    been imported, no value can be one (a plain ``solve`` never loads it).

    >>> is_sympy(Fraction(1, 2))
    False
    """
    basic = _sympy_basic()
    return basic is not None and isinstance(value, basic)


# ============================================================================ reading
def decimal_fraction(value: float) -> Fraction:
    """A float read as the decimal it was written as: ``0.1`` is ``1/10``.

    The shortest decimal that rounds to the float (its ``repr``) is taken exactly; this is
    the rule for numbers that came from text (a spec), where ``0.1`` meant one tenth.

    >>> decimal_fraction(0.1)
    Fraction(1, 10)
    """
    return Fraction(repr(float(value)))


def as_sympy(value: Any) -> Any:
    """A number (int, Fraction, float, bool) or a sympy object as a sympy object.

    Unlike ``sympy.sympify`` this never parses text: strings are refused, so spec text
    can only reach sympy through the expression parser. Floats convert exactly from
    their shortest decimal form (:func:`decimal_fraction`: ``0.1`` is ``1/10``).
    """
    import sympy

    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool):
        return sympy.true if value else sympy.false
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        return sympy.Rational(repr(value))
    raise TypeError(f"expected a number or a sympy object, found {type(value).__name__}")


def to_fraction(value: Any) -> Fraction | None:
    """An exact rational (int, Fraction, sympy rational) as a Fraction; ``None`` for
    anything else (an irrational sympy number, a float).

    >>> to_fraction(3), to_fraction(0.5) is None
    (Fraction(3, 1), True)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return None


def binary_fraction(value: Any) -> Fraction:
    """A float by its exact binary value; an exact rational (int, Fraction) unchanged.

    ``binary_fraction(0.1)`` is ``3602879701896397/36028797018963968``: the number the
    float arithmetic actually used, so that a certificate computed on it is a certificate
    of the float data.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, _abc.Rational):
        return Fraction(value)
    return Fraction(float(value))


def payoff_fraction(value: Any, what: str = "payoff") -> Fraction | None:
    """A game entry (payoff, probability) as a Fraction; ``None`` when it is irrational.

    Ints, bools, Fractions, decimal strings (``"0.1"`` is 1/10) and sympy rationals are
    exact; floats (Python or numpy) are taken by their binary value
    (:func:`binary_fraction`); a real irrational sympy number gives ``None``.

    Raises
    ------
    GameError
        For a non-finite float or anything that is not a real number; ``what`` starts
        the message (``"payoff inf is not a finite number"``).
    """
    import numpy as np

    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    if isinstance(value, float | np.floating):
        if not np.isfinite(value):
            raise GameError(f"{what} {value} is not a finite number")
        return Fraction(float(value))
    if isinstance(value, str):
        try:
            return Fraction(value)
        except ValueError:
            raise GameError(f"{what} {value!r} is not a number") from None
    basic = _sympy_basic()
    if basic is not None and isinstance(value, basic):
        if value.is_Rational:
            return Fraction(int(value.p), int(value.q))
        if value.is_number and value.is_real:
            return None
        raise GameError(f"{what} {value} is not a real number")
    raise GameError(f"{what} {value!r} is not a number")


def payoff_float(value: Any, what: str = "payoff") -> float:
    """A game entry as a float (``float(value)``), a :class:`GameError` if it has none."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise GameError(f"{what} {value!r} is not a real number") from None


def as_number(value: Any, what: str) -> Number:
    """A datum of a continuous game (public goods, bargaining): a Fraction for rational
    input (int, Fraction, decimal string, sympy rational), else a float.

    Unlike :func:`payoff_fraction`, a float stays a float (the game is then not exact)
    and an irrational sympy number becomes its float.

    Raises
    ------
    GameError
        For a bool, a non-finite float or a non-number; the message starts with
        ``what`` and a colon (``"cost: inf is not a finite number"``).
    """
    if isinstance(value, bool):
        raise GameError(f"{what}: expected a number, found {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise GameError(f"{what}: {value} is not a finite number")
        return value
    if isinstance(value, str):
        try:
            return Fraction(value)
        except ValueError:
            raise GameError(f"{what}: {value!r} is not a number") from None
    basic = _sympy_basic()
    if basic is not None and isinstance(value, basic):
        if value.is_Rational:
            return Fraction(int(value.p), int(value.q))
        if value.is_number and value.is_real:
            return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise GameError(f"{what}: {value!r} is not a number") from None


def rational_guess(value: Any, max_denominator: int) -> Fraction:
    """The fraction closest to the float ``value`` with denominator at most
    ``max_denominator`` (``Fraction.limit_denominator`` of its binary value).

    A guess at a simple exact value behind a float (``0.333333333`` is near ``1/3``), to
    be certified afterwards; never a substitute for the certificate.

    >>> rational_guess(0.333333333, 1000)
    Fraction(1, 3)
    """
    return Fraction(float(value)).limit_denominator(max_denominator)


def finite_float(value: Any) -> float:
    """``float(value)``, with a rational beyond the double range as ``±inf`` instead of
    an ``OverflowError``."""
    try:
        return float(value)
    except OverflowError:  # a rational beyond the double range
        return math.inf if value > 0 else -math.inf


# ============================================================================ for people
def format_number(value: Any, digits: int = 4) -> str:
    """A number for people: ``2/3`` for exact fractions, ``0.6667`` for floats (``digits``
    significant digits), ``1`` for integers and floats within 1e-12 of an integer.

    >>> format_number(Fraction(2, 3)), format_number(2 / 3), format_number(1.0)
    ('2/3', '0.6667', '1')

    A binary float made exact (a denominator of 2^20 or more, a power of two) is
    written as the decimal it stands for:

    >>> format_number(Fraction(0.1)), format_number(Fraction(3, 1024))
    ('0.1', '3/1024')
    """
    if isinstance(value, Fraction):
        q = value.denominator
        if q == 1:
            return str(value.numerator)
        if q < 1 << 20 or q & (q - 1):
            return str(value)
        # a power-of-two denominator this large is a binary float made exact (a payoff
        # computed with logarithms, say): people read it as the decimal it stands for
    if isinstance(value, int):
        return str(value)
    value = float(value)
    if abs(value - round(value)) < 1e-12:
        return str(int(round(value)))
    return f"{value:.{digits}g}"


def format_float(value: Any, digits: int = 4) -> str:
    """:func:`format_number` of ``float(value)``: exact fractions shown as decimals too.

    >>> format_float(Fraction(2, 3))
    '0.6667'
    """
    v = float(value)
    return str(int(round(v))) if abs(v - round(v)) < 1e-12 else f"{v:.{digits}g}"


def format_sig(value: Any, digits: int = 4, *, fractions: bool = True) -> str:
    """``digits`` significant digits, nothing rounded to an integer: ``1e-13`` stays
    ``1e-13``. A Fraction is written ``p/q`` when ``fractions`` (else as a decimal).

    >>> format_sig(Fraction(1, 3)), format_sig(1 / 3), format_sig(12345.0)
    ('1/3', '0.3333', '1.234e+04')
    """
    if fractions and isinstance(value, Fraction):
        return str(value)
    return f"{float(value):.{digits}g}"


def format_percent(value: Any, *, trim: bool = True) -> str:
    """``value`` (a share) as a percentage with one decimal: ``50.0%``, or ``50%`` when
    ``trim`` drops a zero decimal.

    >>> format_percent(0.5), format_percent(0.5, trim=False), format_percent(0.125)
    ('50%', '50.0%', '12.5%')
    """
    text = f"{100 * float(value):.1f}%"
    return text.replace(".0%", "%") if trim else text


# ============================================================================ for machines
def machine_text(value: Any, *, integral_floats: bool = False) -> str:
    """A number as text a program reads back exactly: a Fraction as ``p/q`` (``n`` when
    integral), a float as its shortest round-trip ``repr``. With ``integral_floats`` an
    integral float below 1e15 is written as an integer (``3`` instead of ``3.0``).

    >>> machine_text(Fraction(1, 3)), machine_text(3.0), machine_text(3.0, integral_floats=True)
    ('1/3', '3.0', '3')
    """
    if isinstance(value, Fraction):
        return str(value)
    f = float(value)
    if integral_floats and f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def exact_text(value: Any, with_ints: bool = False) -> str | None:
    """The exact string of a number held exactly (``"5/7"``, ``"1 - sqrt(5)/5"``),
    ``None`` for anything else (floats, bools, numbers containing a sympy Float).

    Plain integers give their digits only ``with_ints``. This is the rule of the JSON
    ``exact`` maps (see :mod:`alliance_games.report.json`).
    """
    import numpy as np

    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, int | np.integer):
        return str(int(value)) if with_ints else None
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(Fraction(value)) if value.is_finite() else None
    basic = _sympy_basic()
    if basic is not None and isinstance(value, basic):
        import sympy

        if value.is_Rational:
            return str(Fraction(int(value.p), int(value.q)))
        if value.is_number and value.is_real and not value.has(sympy.Float):
            return str(value)
    return None
