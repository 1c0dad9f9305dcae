"""The number range of spec expressions: evaluating them, and keeping every value in range.

Split out of :mod:`alliance_games.modeling.expr` (which parses expressions and re-exports
every name defined here, so ``from alliance_games.modeling.expr import substitute`` keeps
working).

The number range
----------------
Exact values are unbounded, but every solver also works in double precision, whose
largest value is about 1.8e308. So that no family, solver or report ever meets an
``OverflowError`` (or an infinity) far from the spec, every value an expression takes
(:func:`substitute`) must have a magnitude of at most :data:`MAX_MAGNITUDE` (1e100) or
be zero; otherwise it is a spec error at the expression's key. The bound leaves room
for the products, sums and powers the families and solvers form from spec numbers
(1e100 cubed is still a finite double); payoffs beyond it carry no more meaning than
the same game rescaled. :func:`check_magnitude` applies the same rule to numbers read
from Gambit files.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, MutableMapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import SpecError
from ..numbers import as_sympy


class LazyModule:
    """A module imported on its first attribute access, which then takes the proxy's
    place in ``namespace`` (a module's globals), so that later lookups cost nothing.

    sympy takes about half a second to import; the numeric path of spec expressions
    (:func:`alliance_games.modeling.expr.fast_value`) never touches it, so a plain
    ``solve`` of a catalog model does not pay for it.
    """

    def __init__(self, name: str, namespace: MutableMapping[str, Any], alias: str) -> None:
        self._name, self._namespace, self._alias = name, namespace, alias

    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self._name)
        self._namespace[self._alias] = module
        return getattr(module, attr)


if TYPE_CHECKING:
    import sympy
else:
    sympy = LazyModule("sympy", globals(), "sympy")

__all__ = ["ExpressionError", "substitute", "check_magnitude", "magnitude_problem",
           "MAX_MAGNITUDE", "MIN_MAGNITUDE", "MAX_EXP_ARGUMENT", "MAX_EXACT_BITS"]


MAX_EXP_ARGUMENT = 1000
"""exp(x) for x above this is far beyond MAX_MAGNITUDE (exp(231) > 1e100); refusing it
before evaluation keeps exp(exp(exp(x))) from running mpmath out of time."""
MAX_EXACT_BITS = 100_000
"""Powers of parameters whose exact value would take more bits are refused unevaluated
(a number in range takes at most about 333 bits)."""
MAX_MAGNITUDE = 10**100
"""The largest magnitude a spec number may take (see "The number range" above)."""
MIN_MAGNITUDE = Fraction(1, 10**100)
"""The smallest non-zero magnitude: its reciprocal must stay within MAX_MAGNITUDE."""


class ExpressionError(SpecError):
    """An expression is malformed, unsafe or too large."""


# ---------------------------------------------------------------------- evaluation
def substitute(expr: Any, values: Mapping[str, Any]) -> Any:
    """Replace parameter symbols by their values; the result is a sympy number or bool.

    Raises ``SpecError`` when the result is not a finite real number (e.g. division by
    zero once the parameters are in, or a parameter left unbound).
    """
    subs = {sympy.Symbol(k): as_sympy(v) if isinstance(v, int | Fraction) else v
            for k, v in values.items()}
    _check_growth(expr, subs)
    try:
        result = expr.xreplace(subs) if subs else expr
        if isinstance(result, sympy.Piecewise):
            result = result.doit()
        result = sympy.simplify(result) if result.has(sympy.Piecewise) else result
    except (TypeError, ValueError, ZeroDivisionError, OverflowError) as exc:
        raise ExpressionError(f"cannot evaluate expression {_short(expr)}: {exc}") from None
    if isinstance(result, sympy.logic.boolalg.BooleanAtom):
        return result
    if result.free_symbols:
        names = ", ".join(sorted(str(s) for s in result.free_symbols))
        raise ExpressionError(f"expression {expr} still depends on {names}")
    if result.has(sympy.zoo, sympy.oo, -sympy.oo, sympy.nan):
        raise ExpressionError(
            f"expression {expr} is not finite for these parameter values "
            "(division by zero?)"
        )
    if not result.is_real and result.is_real is not None:
        raise ExpressionError(f"expression {expr} is not a real number here ({result})")
    problem = magnitude_problem(result)
    if problem is not None:
        subject = f"expression {_short(expr)}" if expr.free_symbols else "the number"
        raise ExpressionError(f"{subject} {problem}")
    return result


def _check_growth(expr: Any, subs: Mapping[Any, Any]) -> None:
    """Refuse, before exact evaluation, values that would take unbounded time or memory.

    Two cases would otherwise run away once the parameters are in: ``exp`` of a large
    argument (``exp(exp(exp(x)))`` at x = 100 has no value mpmath can compute), and an
    exact power of a large number (``x**999 * x**999 * ...`` combines into one power
    with tens of millions of digits at x = 1e99). So, innermost first, the argument of
    every ``exp`` and the base of every power of a parameter expression are evaluated
    exactly (both are bounded by the inner checks) and their size estimated; anything
    far beyond the number range is refused here.
    """
    if not subs or not expr.has(sympy.exp, sympy.Pow):
        return
    for node in sympy.postorder_traversal(expr):
        if not node.free_symbols:
            continue
        if isinstance(node, sympy.exp):
            arg = node.args[0].xreplace(subs)
            if arg.is_number and _real_above(arg, MAX_EXP_ARGUMENT):
                raise ExpressionError(
                    f"exp({_short(node.args[0])[1:-1]}) is out of range here: its argument "
                    f"is {_show(arg.evalf(15))}, above {MAX_EXP_ARGUMENT}"
                )
        elif isinstance(node, sympy.Pow) and node.exp.is_number and node.exp.is_real:
            base = node.base.xreplace(subs)
            if base.is_number and abs(float(node.exp)) * _bits(base) > MAX_EXACT_BITS:
                raise ExpressionError(
                    f"expression {_short(node)} is out of range here (about "
                    f"{abs(float(node.exp)) * _bits(base) * 0.30103:.3g} digits): spec "
                    "numbers must lie between -1e100 and 1e100; rescale them"
                )


def magnitude_problem(value: Any) -> str | None:
    """Why a real number is outside the spec number range, or ``None`` when it is inside.

    The range is zero and the magnitudes from ``1/MAX_MAGNITUDE`` to ``MAX_MAGNITUDE``
    (1e-100 to 1e100); see "The number range" in the module docstring for why. Rationals
    are compared exactly; other sympy numbers (``exp(300)``, ``sqrt(2)*10**99``) by a
    30-digit evaluation, which mpmath does without overflow at any exponent.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Fraction) or getattr(value, "is_Rational", False):
        size = abs(Fraction(value) if isinstance(value, int | Fraction)
                   else Fraction(int(value.p), int(value.q)))
        too_big, too_small = size > MAX_MAGNITUDE, 0 < size < MIN_MAGNITUDE
        shown = _scientific(size) if too_big or too_small else ""
    elif isinstance(value, sympy.logic.boolalg.BooleanAtom):
        return None
    else:
        try:
            approx = sympy.Abs(value).evalf(30)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return None
        if not approx.is_Number or approx.has(sympy.nan):
            return None
        if approx.is_infinite:
            return "is not finite"
        too_big = bool(approx > MAX_MAGNITUDE)
        too_small = bool(0 < approx < sympy.Rational(1, MAX_MAGNITUDE))
        shown = _show(approx) if too_big or too_small else ""
    if too_big:
        return (f"is {shown}, out of range: spec numbers must lie between -1e100 and "
                "1e100; rescale them (e.g. write payoffs in millions)")
    if too_small:
        return (f"is {shown}, too small: a non-zero spec number must have a "
                "magnitude of at least 1e-100; write 0 or rescale")
    return None


def check_magnitude(value: Any, what: str) -> None:
    """Raise ``ExpressionError`` (no location; callers add it) when ``value`` is outside
    the spec number range; ``what`` names the value in the message (``"payoff '1e400'"``)."""
    problem = magnitude_problem(value)
    if problem is not None:
        raise ExpressionError(f"{what} {problem}")


def _scientific(size: Fraction) -> str:
    """``size`` (> 0) as ``1.2e+309`` without converting it to a float or a decimal string
    (it may not fit a float, and Python refuses ``str`` of integers over 4,300 digits)."""
    num, den = size.numerator, size.denominator
    exponent = int((num.bit_length() - den.bit_length()) * 0.30102999566398120)
    scaled = size / Fraction(10) ** exponent if exponent >= 0 else size * 10 ** -exponent
    while scaled >= 10:
        scaled, exponent = scaled / 10, exponent + 1
    while scaled < 1:
        scaled, exponent = scaled * 10, exponent - 1
    return f"{float(scaled):.2g}e{exponent:+d}"


def _short(expr: Any, limit: int = 60) -> str:
    """An expression quoted for a message, cut to ``limit`` characters."""
    text = str(expr)
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _show(approx: Any) -> str:
    """A sympy Float in three significant digits, ``1.94e+130`` (any exponent)."""
    import mpmath

    return str(mpmath.nstr(approx._to_mpmath(53), 3))


def _bits(number: Any) -> float:
    """About how many bits the exact value of the sympy number ``number`` takes: for a
    rational, its numerator's or denominator's; otherwise |log2| of its magnitude
    (evaluated by mpmath, which has no overflow)."""
    if number.is_Rational:
        return float(max(int(number.p).bit_length(), int(number.q).bit_length()))
    try:
        size = sympy.Abs(number).evalf(15)
        if not size.is_Number or size.is_zero:
            return 0.0
        return abs(float(sympy.log(size, 2).evalf(15)))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return 0.0


def _real_above(number: Any, bound: float) -> bool:
    """Whether the sympy number ``number`` is real and above ``bound`` (numerically)."""
    try:
        approx = number.evalf(15)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return False
    return bool(approx.is_Number and approx.is_real and approx > bound)
