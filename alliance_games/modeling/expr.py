"""The restricted expression language of specs: text -> sympy expression, safely.

Payoffs and probabilities in a spec are expressions over its parameters::

    1 - p_resolute        v - c*w        max(0, b - k)        0.1       2/3
    exp(-r) * sqrt(x)     w if w > 0 else 0     log(1 + X)    abs(a - b)

How it is parsed, and why it is safe
------------------------------------
Python's own parser (``ast.parse``) turns the text into a syntax tree; nothing is ever
*executed*. We then walk that tree and accept only a whitelist: numeric literals,
parameter names, ``+ - * / ** %`` (unary and binary), comparisons, ``and``/``or``/
``not``, conditional expressions, and calls of the named functions ``min``, ``max``,
``exp``, ``log``, ``sqrt``, ``abs``. Every other node — attribute access,
subscripts, lambdas, comprehensions, strings, calls of anything else — is rejected with
a message naming it. (We reuse Python's tokenizer and grammar instead of writing one by
hand because they are exact and well tested; the safety lies in the whitelist walk.)

Bounds against unbounded time and memory: the text is at most 2,000 characters and 200
levels deep; integer literals at most 400 digits; powers with a constant base and
exponent are computed only when the result stays below about 4,096 bits
(``9**9**9**9`` is refused); symbolic exponents must be constants of magnitude at
most 1,000.

Decimal literals are exact: ``0.1`` is the rational 1/10, ``1e-3`` is 1/1000.

The numeric path
----------------
Most spec values are plain rationals: a payoff ``3``, ``0.1`` or ``b - c`` with every
parameter given. :func:`fast_value` computes those over :class:`fractions.Fraction` on the
same syntax tree (the same whitelist, nothing executed), without importing sympy, and
answers ``None`` whenever it cannot be sure to give exactly what the sympy path gives: an
irrational function or constant (``sqrt``, ``exp``, ``log``, ``pi``), a zero divisor, a
power other than a small integer one, a condition where a number belongs, any error,
a value outside the number range. The caller then takes the sympy path
(:func:`parse_expression` and :func:`substitute`), which gives the value or the located
error. So the numeric path never changes a result or a message; it only skips sympy's
import (half a second) and its object construction.

The number range
----------------
Every value an expression takes must lie between -1e100 and 1e100 (or be zero); the
evaluation that enforces it (:func:`substitute`, :func:`magnitude_problem`,
:func:`check_magnitude`) lives in :mod:`alliance_games.modeling.expr_range` and is
re-exported here, so callers import every expression name from this module.
"""

from __future__ import annotations

import ast
import functools
import math
import warnings
from collections.abc import Collection, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..numbers import as_sympy, to_fraction
from .expr_range import (  # re-exported: callers import them from this module
    MAX_EXACT_BITS,
    MAX_EXP_ARGUMENT,
    MAX_MAGNITUDE,
    MIN_MAGNITUDE,
    ExpressionError,
    LazyModule,
    _bits,
    _real_above,
    _short,
    check_magnitude,
    magnitude_problem,
    substitute,
)

if TYPE_CHECKING:
    import sympy
else:  # imported on first use: the numeric path (fast_value) never needs it
    sympy = LazyModule("sympy", globals(), "sympy")

__all__ = ["parse_expression", "fast_value", "substitute", "to_fraction", "to_float", "as_sympy",
           "check_magnitude", "magnitude_problem", "MAX_LENGTH", "MAX_MAGNITUDE",
           "MIN_MAGNITUDE", "MAX_EXP_ARGUMENT", "MAX_EXACT_BITS", "ExpressionError"]

MAX_LENGTH = 2000
MAX_DEPTH = 200
MAX_INT_DIGITS = 400
MAX_POWER_BITS = 4096
MAX_SYMBOLIC_EXPONENT = 1000

_FUNCTIONS = {
    "min": lambda *a: sympy.Min(*a),
    "max": lambda *a: sympy.Max(*a),
    "exp": lambda a: sympy.exp(a),
    "log": lambda *a: sympy.log(*a),
    "ln": lambda a: sympy.log(a),
    "sqrt": lambda a: sympy.sqrt(a),
    "abs": lambda a: sympy.Abs(a),
}
_ARITY = {"min": (1, 50), "max": (1, 50), "exp": (1, 1), "log": (1, 2), "ln": (1, 1),
          "sqrt": (1, 1), "abs": (1, 1)}
_RESERVED = {"pi": "pi", "E": "E"}
"""Names of constants (``sympy.pi``, ``sympy.E``), looked up in sympy when met."""


def parse_expression(source: Any, names: Collection[str] = ()) -> sympy.Expr:
    """Parse an expression of the spec language into a sympy expression.

    Parameters
    ----------
    source
        The text (or an int / Fraction, returned as a sympy number).
    names
        The parameter names allowed in the expression; each becomes
        ``sympy.Symbol(name)``.

    Returns
    -------
    sympy.Expr
        A sympy expression (a ``Rational`` for pure numeric input) or a sympy boolean
        for a comparison.

    Raises
    ------
    SpecError
        Unknown names, disallowed syntax, or expressions too large to be safe. The error
        carries no location; callers add it.

    Examples
    --------
    >>> parse_expression("1 - p", {"p"})
    1 - p
    >>> parse_expression("0.1")
    1/10
    >>> parse_expression("max(0, b - k)", {"b", "k"})
    Max(0, b - k)
    """
    if isinstance(source, bool):
        raise ExpressionError(f"expected a number or an expression, found {source!r}")
    if isinstance(source, int):
        _check_int(source)
        return sympy.Integer(source)
    if isinstance(source, Fraction):
        return sympy.Rational(source.numerator, source.denominator)
    if isinstance(source, float):
        if not math.isfinite(source):
            raise ExpressionError(f"{source} is not a finite number")
        return sympy.Rational(repr(source))
    if source is None:
        raise ExpressionError("expected a number or an expression, found nothing (null)")
    if not isinstance(source, str):
        raise ExpressionError(
            f"expected a number or an expression, found a {type(source).__name__}"
        )
    return _parse_text(source.strip(), frozenset(names))


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str, names: frozenset[str]) -> Any:
    """:func:`parse_expression` of a text, remembered: sympy expressions are immutable,
    and ``explain`` reads the same few payoff texts thousands of times (an error is
    raised anew at every call; only values are kept)."""
    if not text:
        raise ExpressionError("expected a number or an expression, found an empty string")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters")
    try:
        with warnings.catch_warnings():
            # Python warns on stderr about text such as '1if' ('invalid decimal
            # literal'); the CLI's standard error carries one line per error, nothing else
            warnings.simplefilter("ignore")
            tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        col = f" at column {exc.offset}" if exc.offset else ""
        raise ExpressionError(
            f"cannot parse expression {_short(text)}{col}: write arithmetic over parameter "
            "names, e.g. '1 - p' or 'max(0, v - c)'"
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(f"expression {_short(text)} is too deeply nested") from None
    walker = _Walker(text, names)
    try:
        return walker.visit(tree.body, 0)
    except RecursionError:
        raise ExpressionError("expression is too deeply nested") from None
    except (ZeroDivisionError, OverflowError) as exc:
        # sympy evaluates constant subexpressions as it builds them; a zero or an
        # overflow that the checks above do not foresee (e.g. ``x % (2 - 2)`` after
        # cancellation inside sympy) is still the spec's arithmetic, not a bug.
        raise ExpressionError(f"cannot compute {_short(text)}: {exc}") from None


class _NotFast(Exception):
    """The numeric path cannot decide this expression; the sympy path will."""


_MAX_FAST_NAMES = 100
"""More parameter occurrences than this: let sympy decide (its powers of repeated names,
``x*x*...``, meet growth checks the numeric path does not repeat)."""


def fast_value(source: Any, values: Mapping[str, Any]) -> Fraction | None:
    """The exact value of a spec expression computed over Fractions, or ``None``.

    ``values`` maps parameter names to their values; only names whose value is a
    :class:`~fractions.Fraction` can be used. The result is the number
    :func:`parse_expression` then :func:`substitute` would give (as a Fraction instead of
    a sympy Rational), or ``None`` when that is not certain (see "The numeric path" in
    the module docstring); a ``None`` is never an error, the sympy path decides.

    Examples
    --------
    >>> fast_value("b - c/2", {"b": Fraction(3), "c": Fraction(1)})
    Fraction(5, 2)
    >>> fast_value("0.1", {}), fast_value("sqrt(2)", {}), fast_value("1/0", {})
    (Fraction(1, 10), None, None)
    """
    try:
        if isinstance(source, bool) or source is None:
            return None
        if isinstance(source, int):
            _check_int(source)
            value: Any = Fraction(source)
        elif isinstance(source, Fraction):
            value = source
        elif isinstance(source, float):
            if not math.isfinite(source):
                return None
            value = Fraction(repr(source))
        elif isinstance(source, str):
            text = source.strip()
            tree = _syntax_tree(text)
            if tree is None:
                return None
            value = _Fast(text, values).number(tree.body, 0)
        else:
            return None
    except (_NotFast, ExpressionError, ArithmeticError, ValueError, TypeError,
            SyntaxError, RecursionError, MemoryError):
        return None
    if value and not MIN_MAGNITUDE <= abs(value) <= MAX_MAGNITUDE:
        return None
    return value


@functools.lru_cache(maxsize=4096)
def _syntax_tree(text: str) -> ast.Expression | None:
    """Python's syntax tree of an expression text (never modified; remembered, since a
    sweep reads the same texts at every point), ``None`` when it has none."""
    if not text or len(text) > MAX_LENGTH:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text, mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return None


class _Fast:
    """The numeric twin of :class:`_Walker`: Fractions for numbers, bools for
    conditions; raises :class:`_NotFast` for whatever it leaves to sympy."""

    def __init__(self, text: str, values: Mapping[str, Any]) -> None:
        self.text = text
        self.values = values
        self.names = 0

    def visit(self, node: ast.AST, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _NotFast
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise _NotFast
        return method(node, depth + 1)

    def number(self, node: ast.AST, depth: int) -> Fraction:
        value = self.visit(node, depth)
        if not isinstance(value, Fraction):
            raise _NotFast
        return value

    def condition(self, node: ast.AST, depth: int) -> bool:
        value = self.visit(node, depth)
        if not isinstance(value, bool):
            raise _NotFast
        return value

    def visit_Constant(self, node: ast.Constant, depth: int) -> Fraction:
        value = node.value
        if isinstance(value, bool):
            raise _NotFast
        if isinstance(value, int):
            _check_int(value)
            return Fraction(value)
        if isinstance(value, float):
            literal = (ast.get_source_segment(self.text, node) or "").replace("_", "")
            mantissa, _, exponent = literal.lower().partition("e")
            if (exponent and abs(int(exponent)) > MAX_INT_DIGITS
                    or len(mantissa) > MAX_INT_DIGITS):
                raise _NotFast
            return Fraction(literal)
        raise _NotFast

    def visit_Name(self, node: ast.Name, depth: int) -> Fraction:
        value = self.values.get(node.id)
        self.names += 1
        if not isinstance(value, Fraction) or self.names > _MAX_FAST_NAMES:
            raise _NotFast
        return value

    def visit_UnaryOp(self, node: ast.UnaryOp, depth: int) -> Any:
        if isinstance(node.op, ast.Not):
            return not self.condition(node.operand, depth)
        operand = self.number(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise _NotFast

    def visit_BinOp(self, node: ast.BinOp, depth: int) -> Fraction:
        op = node.op
        if isinstance(op, ast.Pow):
            return self._power(node, depth)
        left = self.number(node.left, depth)
        right = self.number(node.right, depth)
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.Div) and right:
            return left / right
        raise _NotFast  # division by zero, %: the sympy path

    def _power(self, node: ast.BinOp, depth: int) -> Fraction:
        """An integer power, only where the parser's size checks cannot refuse it."""
        below = list(ast.walk(node.left))
        if any(isinstance(n, ast.Name) for n in ast.walk(node.right)):
            raise _NotFast  # a variable exponent: the parser refuses it
        if any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) for n in below):
            raise _NotFast  # powers of powers: the parser's growth checks decide
        base = self.number(node.left, depth)
        exponent = self.number(node.right, depth)
        if exponent.denominator != 1 or abs(exponent) > MAX_SYMBOLIC_EXPONENT:
            raise _NotFast
        magnitude = abs(int(exponent))
        names = sum(isinstance(n, ast.Name) for n in below)
        if names:
            # the parser bounds the powers and the rationals the base is built of
            literal_bits = sum(self._literal_bits(n) + 1 for n in below
                               if isinstance(n, ast.Constant))
            if (magnitude * names > MAX_SYMBOLIC_EXPONENT
                    or magnitude * (literal_bits + 1) > MAX_POWER_BITS):
                raise _NotFast
        bits = max(base.numerator.bit_length(), base.denominator.bit_length())
        if not base:
            if exponent < 0:
                raise _NotFast
        elif magnitude * bits > (MAX_EXACT_BITS if names else MAX_POWER_BITS):
            raise _NotFast
        return base**int(exponent)

    def _literal_bits(self, node: ast.Constant) -> int:
        """Bits of a numeric literal's numerator and denominator (an upper bound)."""
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool):
            return value.bit_length()
        frac = self.visit_Constant(node, 0)  # a decimal, read exactly (or _NotFast)
        return frac.numerator.bit_length() + frac.denominator.bit_length()

    def visit_Compare(self, node: ast.Compare, depth: int) -> bool:
        left = self.number(node.left, depth)
        truth = True
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.number(comparator, depth)
            if isinstance(op, ast.Lt):
                truth = truth and left < right
            elif isinstance(op, ast.LtE):
                truth = truth and left <= right
            elif isinstance(op, ast.Gt):
                truth = truth and left > right
            elif isinstance(op, ast.GtE):
                truth = truth and left >= right
            elif isinstance(op, ast.Eq):
                truth = truth and left == right
            elif isinstance(op, ast.NotEq):
                truth = truth and left != right
            else:
                raise _NotFast
            left = right
        return truth

    def visit_BoolOp(self, node: ast.BoolOp, depth: int) -> bool:
        values = [self.condition(v, depth) for v in node.values]
        return all(values) if isinstance(node.op, ast.And) else any(values)

    def visit_IfExp(self, node: ast.IfExp, depth: int) -> Fraction:
        # every branch is computed, as the parser builds every branch: an error in the
        # branch not taken is the sympy path's to judge
        cond = self.condition(node.test, depth)
        then = self.number(node.body, depth)
        other = self.number(node.orelse, depth)
        return then if cond else other

    def visit_Call(self, node: ast.Call, depth: int) -> Fraction:
        if (not isinstance(node.func, ast.Name) or node.keywords
                or node.func.id not in ("min", "max", "abs")):
            raise _NotFast
        name = node.func.id
        lo, hi = _ARITY[name]
        if not lo <= len(node.args) <= hi:
            raise _NotFast
        args = [self.number(a, depth) for a in node.args]
        if name == "abs":
            return abs(args[0])
        return min(args) if name == "min" else max(args)


def _check_int(value: int) -> None:
    if value.bit_length() > MAX_INT_DIGITS * 3.33:
        raise ExpressionError(f"integer literal longer than {MAX_INT_DIGITS} digits")


class _Walker:
    def __init__(self, text: str, names: frozenset[str]) -> None:
        self.text = text
        self.names = names

    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or type(node).__name__

    def visit(self, node: ast.AST, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise ExpressionError("expression is too deeply nested")
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise ExpressionError(
                f"{self.segment(node)!r} is not allowed in an expression "
                f"({_describe(node)}); use numbers, parameter names, + - * / **, "
                "comparisons, 'a if c else b' and min/max/exp/log/sqrt/abs"
            )
        try:
            return method(node, depth + 1)
        except (TypeError, ValueError, AttributeError) as exc:
            # sympy refusing an operation on what the checks below let through (a
            # comparison with a non-real constant, say) is still a fault of the spec text
            raise ExpressionError(
                f"cannot compute {_short(self.segment(node))}: {_reason(exc)}"
            ) from None

    def number(self, node: ast.AST, depth: int) -> Any:
        """Visit ``node``, which must be a number (not a comparison or a boolean)."""
        value = self.visit(node, depth)
        if not isinstance(value, sympy.Expr):
            raise ExpressionError(
                f"{_short(self.segment(node))} is a condition where a number is expected; "
                "write 'a if condition else b' to choose a number by a condition"
            )
        return value

    def condition(self, node: ast.AST, depth: int) -> Any:
        """Visit ``node``, which must be a condition (a comparison, and/or/not of them)."""
        value = self.visit(node, depth)
        # a sympy Symbol is both an Expr and a Boolean: a parameter name is a number here
        if not isinstance(value, sympy.logic.boolalg.Boolean) or isinstance(value, sympy.Expr):
            raise ExpressionError(
                f"{_short(self.segment(node))} is a number where a condition is expected; "
                "write a comparison such as 'a > b'"
            )
        return value

    # -- leaves
    def visit_Constant(self, node: ast.Constant, depth: int) -> Any:
        value = node.value
        if isinstance(value, bool):
            return sympy.true if value else sympy.false
        if isinstance(value, int):
            _check_int(value)
            return sympy.Integer(value)
        if isinstance(value, float):
            literal = self.segment(node).replace("_", "")
            mantissa, _, exponent = literal.lower().partition("e")
            if exponent and abs(int(exponent)) > MAX_INT_DIGITS:
                raise ExpressionError(f"number {literal!r} is out of range")
            if len(mantissa) > MAX_INT_DIGITS:
                raise ExpressionError(f"number {literal!r} has too many digits")
            return sympy.Rational(literal)
        raise ExpressionError(
            f"{self.segment(node)!r} is not a number; text must not be quoted inside "
            "an expression"
        )

    def visit_Name(self, node: ast.Name, depth: int) -> Any:
        if node.id in self.names:
            return sympy.Symbol(node.id)
        if node.id in _RESERVED:
            return getattr(sympy, _RESERVED[node.id])
        if node.id in ("True", "False"):
            return sympy.true if node.id == "True" else sympy.false
        known = ", ".join(sorted(self.names)) or "none declared"
        raise ExpressionError(
            f"unknown name {node.id!r}; declare it under 'parameters' "
            f"(known parameters: {known})"
        )

    # -- arithmetic
    def visit_UnaryOp(self, node: ast.UnaryOp, depth: int) -> Any:
        if isinstance(node.op, ast.Not):
            return sympy.Not(self.condition(node.operand, depth))
        operand = self.number(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise ExpressionError(f"operator in {self.segment(node)!r} is not allowed")

    def visit_BinOp(self, node: ast.BinOp, depth: int) -> Any:
        left = self.number(node.left, depth)
        right = self.number(node.right, depth)
        op = node.op
        if isinstance(op, ast.Add):
            return left + right
        if isinstance(op, ast.Sub):
            return left - right
        if isinstance(op, ast.Mult):
            return left * right
        if isinstance(op, ast.Div):
            if right.is_zero:
                raise ExpressionError(f"division by zero in {self.segment(node)!r}")
            return left / right
        if isinstance(op, ast.Mod):
            if right.is_zero:
                raise ExpressionError(f"modulo by zero in {self.segment(node)!r}")
            return sympy.Mod(left, right)
        if isinstance(op, ast.Pow):
            return self._power(left, right, node)
        raise ExpressionError(
            f"operator in {self.segment(node)!r} is not allowed; use + - * / ** %"
        )

    def _power(self, base: Any, exponent: Any, node: ast.AST) -> Any:
        if not exponent.is_number:
            raise ExpressionError(
                f"exponent in {self.segment(node)!r} must be a number; use exp() and log() "
                "for variable exponents"
            )
        if not exponent.is_real:
            raise ExpressionError(f"exponent in {self.segment(node)!r} is not real")
        magnitude = abs(float(exponent))
        if magnitude > MAX_SYMBOLIC_EXPONENT:
            raise ExpressionError(
                f"exponent {exponent} in {self.segment(node)!r} is too large "
                f"(limit {MAX_SYMBOLIC_EXPONENT})"
            )
        if base.is_number:
            if base.is_zero:
                if exponent.is_negative:
                    raise ExpressionError(f"division by zero in {self.segment(node)!r}")
            elif magnitude * _bits(base) > MAX_POWER_BITS:
                raise ExpressionError(f"{self.segment(node)!r} is too large to compute exactly")
        else:
            # (x**1000)**1000 is x**1000000 and (10**300*x)**1000 has a 10**300000
            # factor: bound what the power multiplies before sympy builds it, or a
            # nesting of such powers grows beyond any memory once x has a value
            grows = max((abs(float(p.exp)) for p in base.atoms(sympy.Pow)
                         if p.exp.is_number and p.exp.is_real), default=1.0)
            factors = max((_bits(r) for r in base.atoms(sympy.Rational)), default=0.0)
            if magnitude * grows > MAX_SYMBOLIC_EXPONENT:
                raise ExpressionError(
                    f"{self.segment(node)!r} is too large: powers of powers may not "
                    f"exceed the exponent {MAX_SYMBOLIC_EXPONENT} in total"
                )
            if magnitude * factors > MAX_POWER_BITS:
                raise ExpressionError(f"{self.segment(node)!r} is too large to compute exactly")
        return base**exponent

    # -- comparisons and logic
    def visit_Compare(self, node: ast.Compare, depth: int) -> Any:
        left = self.number(node.left, depth)
        parts = []
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.number(comparator, depth)
            for side in (left, right):
                if side.is_number and side.is_real is False:
                    raise ExpressionError(
                        f"{_short(self.segment(node))} compares the non-real number {side}"
                    )
            if isinstance(op, ast.Lt):
                parts.append(sympy.Lt(left, right))
            elif isinstance(op, ast.LtE):
                parts.append(sympy.Le(left, right))
            elif isinstance(op, ast.Gt):
                parts.append(sympy.Gt(left, right))
            elif isinstance(op, ast.GtE):
                parts.append(sympy.Ge(left, right))
            elif isinstance(op, ast.Eq):
                parts.append(sympy.Eq(left, right))
            elif isinstance(op, ast.NotEq):
                parts.append(sympy.Ne(left, right))
            else:
                raise ExpressionError(f"comparison in {self.segment(node)!r} is not allowed")
            left = right
        return sympy.And(*parts) if len(parts) > 1 else parts[0]

    def visit_BoolOp(self, node: ast.BoolOp, depth: int) -> Any:
        values = [self.condition(v, depth) for v in node.values]
        return sympy.And(*values) if isinstance(node.op, ast.And) else sympy.Or(*values)

    def visit_IfExp(self, node: ast.IfExp, depth: int) -> Any:
        cond = self.condition(node.test, depth)
        then = self.number(node.body, depth)
        other = self.number(node.orelse, depth)
        return sympy.Piecewise((then, cond), (other, True))

    def visit_Call(self, node: ast.Call, depth: int) -> Any:
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            allowed = ", ".join(sorted(_FUNCTIONS))
            raise ExpressionError(
                f"call {self.segment(node.func)!r} is not allowed; functions are {allowed}"
            )
        if node.keywords:
            raise ExpressionError(f"keyword arguments are not allowed in {self.segment(node)!r}")
        name = node.func.id
        lo, hi = _ARITY[name]
        if not lo <= len(node.args) <= hi:
            raise ExpressionError(f"{name}() takes {lo}..{hi} arguments")
        args = [self.number(a, depth) for a in node.args]
        if name == "exp" and args[0].is_number and _real_above(args[0], MAX_EXP_ARGUMENT):
            raise ExpressionError(f"{self.segment(node)!r} is too large")
        if name in ("log", "ln") and args[0].is_number and args[0].is_real and args[0] <= 0:
            raise ExpressionError(f"log of a non-positive number in {self.segment(node)!r}")
        if name == "sqrt" and args[0].is_number and args[0].is_real and args[0] < 0:
            raise ExpressionError(f"square root of a negative number in {self.segment(node)!r}")
        return _FUNCTIONS[name](*args)


def _reason(exc: BaseException) -> str:
    """sympy's message, cut to one short line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."


def _describe(node: ast.AST) -> str:
    kinds = {
        "Attribute": "attribute access",
        "Subscript": "indexing",
        "Lambda": "lambda",
        "ListComp": "comprehension",
        "GeneratorExp": "generator",
        "List": "list",
        "Tuple": "tuple",
        "Dict": "dict",
        "JoinedStr": "f-string",
        "Starred": "star expression",
        "NamedExpr": "assignment",
        "Await": "await",
    }
    return kinds.get(type(node).__name__, type(node).__name__)


def to_float(value: Any) -> float:
    """A sympy number as a float."""
    return float(value)
