"""Shared pieces of the ``explain`` family modules: conditions, regions, the spec's symbols.

A condition is a sympy boolean in the spec's parameters, built from *atoms*
``lhs >= 0`` (or ``> 0``) with ``lhs`` expanded. The helpers here

- print an atom the way a scholar writes it: positive terms on the left, the others on
  the right (``reward >= temptation`` rather than ``-temptation + reward >= 0``);
- evaluate a condition at the current parameter values (exact rationals);
- turn a condition into an interval of one parameter with the others held at their
  current values. Atoms linear in that parameter are solved in rational arithmetic
  (``a x + b >= 0`` gives ``x >= -b/a`` for ``a > 0``); only a nonlinear atom goes to
  ``sympy.solve_univariate_inequality``, so the common case never waits on sympy;
- read the symbolic expression at a path of the game's spec (:func:`spec_expr`): the
  template compilers substitute the parameters, so the family explainers re-read the
  spec's expressions (through the restricted parser, never ``sympify``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy

from ..errors import AllianceGamesError
from ..numbers import as_sympy

__all__ = [
    "atom",
    "show",
    "holds",
    "now",
    "now_text",
    "symbol_values",
    "interval_of",
    "regions_text",
    "spec_expr",
    "spec_context",
    "symbolic_context",
    "tidy",
    "cheap_simplify",
    "parameter_ranges",
    "truth_rows",
]


def symbol_values(parameters: Mapping[str, Any]) -> dict[Any, Any]:
    """``{Symbol(name): exact value}`` for the game's parameters."""
    out = {}
    for k, v in parameters.items():
        if isinstance(v, bool):
            continue
        if isinstance(v, Fraction):
            out[sympy.Symbol(k)] = sympy.Rational(v.numerator, v.denominator)
        elif isinstance(v, int):
            out[sympy.Symbol(k)] = sympy.Integer(v)
        elif isinstance(v, float):
            out[sympy.Symbol(k)] = sympy.Rational(Fraction(v).limit_denominator(10**12))
        else:
            try:
                out[sympy.Symbol(k)] = as_sympy(v)
            except (TypeError, ValueError):
                continue
    return out


def atom(lhs: Any, strict: bool = False) -> Any:
    """``lhs >= 0`` (``> 0`` if ``strict``) with numeric cases decided."""
    e = sympy.expand(as_sympy(lhs) if not isinstance(lhs, sympy.Basic) else lhs)
    if e.is_number:
        return sympy.true if (e > 0 if strict else e >= 0) else sympy.false
    return e > 0 if strict else e >= 0


def _normal_atom(rel: Any) -> Any:
    op = rel.rel_op
    if op not in (">=", ">", "<=", "<"):
        return rel
    diff = sympy.expand(rel.lhs - rel.rhs)
    if op in ("<=", "<"):
        diff, op = -diff, {"<=": ">=", "<": ">"}[op]
    if diff.is_number:
        return sympy.true if (diff >= 0 if op == ">=" else diff > 0) else sympy.false
    if isinstance(diff, sympy.Add):
        content, prim = diff.primitive()
        if content.is_number and content > 0:
            diff = prim
    elif isinstance(diff, sympy.Mul):
        coeff, rest = diff.as_coeff_Mul()
        if coeff.is_number and coeff > 0:
            diff = rest
    return sympy.Ge(diff, 0) if op == ">=" else sympy.Gt(diff, 0)


def cheap_simplify(cond: Any) -> Any:
    """Tidy a condition in bounded time: atoms expanded and divided by the positive
    content of their coefficients, decided atoms and duplicates dropped (no
    ``sympy.simplify``, whose boolean minimisation takes seconds on these conjunctions)."""
    if not isinstance(cond, sympy.Basic):
        return cond
    if isinstance(cond, sympy.And | sympy.Or):
        args = []
        for a in cond.args:
            t = cheap_simplify(a)
            if t not in args:
                args.append(t)
        return type(cond)(*args)
    if isinstance(cond, sympy.Not):
        return sympy.Not(cheap_simplify(cond.args[0]))
    if isinstance(cond, sympy.core.relational.Relational):
        return _normal_atom(cond)
    return cond


def _sides(expr: Any) -> tuple[Any, Any]:
    pos: list[Any] = []
    neg: list[Any] = []
    for term in sympy.Add.make_args(sympy.expand(expr)):
        coeff = term.as_coeff_Mul()[0]
        (neg if coeff < 0 else pos).append(term)
    return sympy.Add(*pos), -sympy.Add(*neg)


def _terms(expr: Any) -> str:
    pos, neg = _sides(expr)
    text = str(pos) if pos != 0 else ""
    for term in sympy.Add.make_args(neg):
        if term == 0:
            continue
        piece = str(term)
        if isinstance(term, sympy.Add):
            piece = f"({piece})"
        text = f"{text} - {piece}" if text else f"-{piece}"
    return text or "0"


def tidy(expr: Any) -> str:
    """An expression as a scholar writes it: over one denominator, positive terms first
    (``(patron_benefit + client_benefit - alliance_cost)/2``)."""
    if not isinstance(expr, sympy.Basic):
        return str(expr)
    try:
        num, den = sympy.fraction(sympy.together(sympy.expand(expr)))
        den = sympy.expand(den)
        constant = den.as_coeff_Add()[0] if isinstance(den, sympy.Add) else den
    except (TypeError, ValueError, sympy.PolynomialError):
        return str(expr)
    if constant.is_number and constant < 0:
        num, den = -num, -den
    top = _terms(sympy.expand(num))
    if den == 1:
        return top
    bottom = _terms(sympy.expand(den)) if isinstance(sympy.expand(den), sympy.Add) \
        else str(den)
    if isinstance(sympy.expand(num), sympy.Add):
        top = f"({top})"
    if isinstance(sympy.expand(den), sympy.Add | sympy.Mul):
        bottom = f"({bottom})"
    return f"{top}/{bottom}"


def show(cond: Any) -> str:
    """A condition as a scholar prints it (``reward >= temptation``; ``and``, ``or``)."""
    if cond is sympy.true or cond is True:
        return "always"
    if cond is sympy.false or cond is False:
        return "never"
    if isinstance(cond, sympy.And):
        return " and ".join(_wrap(a) for a in cond.args)
    if isinstance(cond, sympy.Or):
        return " or ".join(_wrap(a) for a in cond.args)
    if isinstance(cond, sympy.Not):
        return f"not ({show(cond.args[0])})"
    if isinstance(cond, sympy.core.relational.Relational):
        op = cond.rel_op
        diff = cond.lhs - cond.rhs
        if op in (">=", ">", "<=", "<"):
            if op in ("<=", "<"):
                diff, op = -diff, {"<=": ">=", "<": ">"}[op]
            left, right = _sides(diff)
            if left == 0:
                return f"{right} {'<=' if op == '>=' else '<'} 0"
            return f"{left} {op} {right}"
        return f"{cond.lhs} {op} {cond.rhs}"
    return str(cond)


def _wrap(cond: Any) -> str:
    text = show(cond)
    return f"({text})" if isinstance(cond, sympy.And | sympy.Or) else text


def now(expr: Any, values: Mapping[Any, Any]) -> Any:
    """``expr`` at the current values (a sympy number, or the expression if symbols remain)."""
    return as_sympy(expr).xreplace(dict(values)) if not isinstance(expr, sympy.Basic) \
        else expr.xreplace(dict(values))


def now_text(expr: Any, values: Mapping[Any, Any]) -> str:
    """``expr`` at the current values as text, with a decimal beside a non-integer:
    ``2/3 ≈ 0.6667``."""
    v = now(expr, values)
    return f"{v}" + (f" ≈ {float(v):.4g}" if v.is_number and not v.is_Integer else "")


def holds(cond: Any, values: Mapping[Any, Any]) -> str:
    """``"holds"``, ``"fails"`` or ``"?"`` at the current values."""
    if cond is sympy.true or cond is True:
        return "holds"
    if cond is sympy.false or cond is False:
        return "fails"
    try:
        truth = cond.xreplace(dict(values))
        if truth not in (sympy.true, sympy.false):
            truth = sympy.simplify(truth)
    except (TypeError, ValueError, AttributeError):
        return "?"
    if truth in (sympy.true, True):
        return "holds"
    if truth in (sympy.false, False):
        return "fails"
    return "?"


# ------------------------------------------------------------------------- intervals
class _Set:
    """A finite union of intervals of the real line, exact endpoints (None: infinite)."""

    def __init__(self, parts: list[tuple[Any, bool, Any, bool]]) -> None:
        self.parts = [p for p in parts if _nonempty(p)]

    @classmethod
    def everything(cls) -> _Set:
        return cls([(None, False, None, False)])

    def meet(self, other: _Set) -> _Set:
        out = []
        for a in self.parts:
            for b in other.parts:
                out.append(_intersect(a, b))
        return _Set(out)

    def join(self, other: _Set) -> _Set:
        return _Set(self.parts + other.parts)


def _nonempty(p: tuple[Any, bool, Any, bool]) -> bool:
    lo, lc, hi, hc = p
    if lo is None or hi is None:
        return True
    return bool(lo < hi) or (lo == hi and lc and hc)


def _intersect(a: tuple[Any, bool, Any, bool], b: tuple[Any, bool, Any, bool]
               ) -> tuple[Any, bool, Any, bool]:
    lo, lc = a[0], a[1]
    if b[0] is not None and (lo is None or b[0] > lo or (b[0] == lo and not b[1])):
        lo, lc = b[0], b[1]
    hi, hc = a[2], a[3]
    if b[2] is not None and (hi is None or b[2] < hi or (b[2] == hi and not b[3])):
        hi, hc = b[2], b[3]
    return lo, lc, hi, hc


def _atom_set(rel: Any, x: Any) -> _Set | None:
    """The set of ``x`` where the relation holds, if it is linear in ``x``."""
    op = rel.rel_op
    diff = sympy.expand(rel.lhs - rel.rhs)
    if op in ("<=", "<"):
        diff, op = -diff, {"<=": ">=", "<": ">"}[op]
    if op not in (">=", ">"):
        return None
    poly = sympy.Poly(diff, x) if diff.has(x) else None
    if poly is None:
        ok = bool(diff >= 0) if op == ">=" else bool(diff > 0)
        return _Set.everything() if ok else _Set([])
    if poly.degree() != 1:
        return None
    a, b = poly.all_coeffs()
    if not (a.is_number and b.is_number):
        return None
    root = -b / a
    closed = op == ">="
    if a > 0:
        return _Set([(root, closed, None, False)])
    return _Set([(None, False, root, closed)])


def _cond_set(cond: Any, x: Any) -> _Set | None:
    if cond is sympy.true or cond is True:
        return _Set.everything()
    if cond is sympy.false or cond is False:
        return _Set([])
    if isinstance(cond, sympy.And):
        out = _Set.everything()
        for a in cond.args:
            s = _cond_set(a, x)
            if s is None:
                return None
            out = out.meet(s)
        return out
    if isinstance(cond, sympy.Or):
        out = _Set([])
        for a in cond.args:
            s = _cond_set(a, x)
            if s is None:
                return None
            out = out.join(s)
        return out
    if isinstance(cond, sympy.core.relational.Relational):
        return _atom_set(cond, x)
    return None


def _fmt(v: Any) -> str:
    return str(v) if v is not None else ""


def _show_set(s: _Set, name: str) -> str:
    if not s.parts:
        return "never"
    texts = []
    for lo, lc, hi, hc in sorted(s.parts, key=lambda p: (p[0] is not None, p[0] or 0)):
        if lo is None and hi is None:
            return "any value"
        if lo is not None and hi is not None and lo == hi:
            texts.append(f"{name} = {lo}")
        elif lo is None:
            texts.append(f"{name} {'<=' if hc else '<'} {hi}")
        elif hi is None:
            texts.append(f"{name} {'>=' if lc else '>'} {lo}")
        else:
            texts.append(f"{name} in {'[' if lc else '('}{lo}, {hi}{']' if hc else ')'}")
    return " or ".join(texts)


def interval_of(cond: Any, name: str, values: Mapping[Any, Any],
                ranges: Mapping[str, tuple[Any, Any]] | None = None) -> str | None:
    """Where ``cond`` holds as ``name`` varies, the other parameters at their current
    values, within the parameter's declared ``range`` when ``ranges`` gives one
    (``None`` when a nonlinear atom defeats the rational solver and sympy's)."""
    x = sympy.Symbol(name)
    others = {k: v for k, v in values.items() if k != x}
    try:
        fixed = cond.xreplace(others) if isinstance(cond, sympy.Basic) else cond
    except (TypeError, ValueError):
        return None
    s = _cond_set(fixed, x)
    if s is None:
        s = _sympy_set(fixed, name)
    if s is not None:
        bounds = (ranges or {}).get(name)
        if bounds is not None:
            lo, hi = (as_sympy(b) if b is not None else None for b in bounds)
            s = s.meet(_Set([(lo, lo is not None, hi, hi is not None)]))
            if not s.parts:
                return "never (within its range)"
        return _show_set(s, name)
    return None


def _sympy_set(fixed: Any, name: str) -> _Set | None:
    """A nonlinear condition in one parameter, solved by sympy, as a union of intervals."""
    x = sympy.Symbol(name)
    try:
        real = sympy.Symbol(name, real=True)
        region = sympy.solve_univariate_inequality(fixed.xreplace({x: real}), real,
                                                   relational=False)
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    parts = []
    for piece in (region.args if isinstance(region, sympy.Union) else (region,)):
        if isinstance(piece, sympy.Interval):
            lo = None if piece.start == -sympy.oo else piece.start
            hi = None if piece.end == sympy.oo else piece.end
            parts.append((lo, not piece.left_open, hi, not piece.right_open))
        elif isinstance(piece, sympy.FiniteSet):
            parts.extend((v, True, v, True) for v in piece.args)
        elif piece is sympy.S.EmptySet:
            continue
        else:
            return None
    return _Set(parts)


def parameter_ranges(game: Any) -> dict[str, tuple[Any, Any]]:
    """The declared ``range`` of each parameter of the game's spec (if any)."""
    ctx = spec_context(game)
    if ctx is None:
        return {}
    return {k: p.range for k, p in ctx.parameters.items() if p.range is not None}


def regions_text(cond: Any, values: Mapping[Any, Any], indent: str = "    ",
                 limit: int = 6, ranges: Mapping[str, tuple[Any, Any]] | None = None
                 ) -> list[str]:
    """One line per parameter of ``cond``: where it holds as that parameter varies
    (within its declared range, when ``ranges`` gives it)."""
    if not isinstance(cond, sympy.Basic) or cond in (sympy.true, sympy.false):
        return []
    names = sorted(str(s) for s in cond.free_symbols)
    lines = []
    unreachable = 0
    for name in names[:limit]:
        text = interval_of(cond, name, values, ranges)
        if text in ("never", "never (within its range)"):
            unreachable += 1
        elif text is not None:
            lines.append(f"{indent}as {name} varies (others now): {text}")
    if unreachable and not lines:
        return [f"{indent}(no change of one parameter alone from the current values "
                "makes it hold)"]
    return lines


def truth_rows(cond: Any, symbols: list[Any], rows: list[list[float]],
                cache: dict[Any, Any]) -> Any:
    """Where ``cond`` holds on each of ``rows`` (floats, one column per symbol), as a
    boolean array; ``None`` when an atom cannot be evaluated. Each atom ``lhs >= 0`` is
    evaluated on all rows at once from its monomials (numpy), or by ``lambdify`` when it
    is a rational function, and cached in ``cache`` (conditions share most atoms)."""
    import numpy as np

    n = len(rows)
    if cond is sympy.true:
        return np.ones(n, dtype=bool)
    if cond is sympy.false:
        return np.zeros(n, dtype=bool)
    if isinstance(cond, sympy.And | sympy.Or):
        parts = [truth_rows(a, symbols, rows, cache) for a in cond.args]
        if any(p is None for p in parts):
            return None
        return np.logical_and.reduce(parts) if isinstance(cond, sympy.And) \
            else np.logical_or.reduce(parts)
    if isinstance(cond, sympy.Not):
        inner = truth_rows(cond.args[0], symbols, rows, cache)
        return None if inner is None else ~inner
    if isinstance(cond, sympy.core.relational.Relational):
        key = cond
        if key not in cache:
            cache[key] = _atom_rows(cond, symbols, rows)
        return cache[key]
    return None


def _atom_rows(rel: Any, symbols: list[Any], rows: list[list[float]]) -> Any:
    import numpy as np

    diff = sympy.expand(rel.lhs - rel.rhs)
    cols = np.array(rows, dtype=float).T if rows else np.zeros((len(symbols), 0))
    try:
        poly = sympy.Poly(diff, *symbols)
        if poly.domain.is_Composite or not poly.domain.is_Numerical:
            raise sympy.PolynomialError("coefficients with symbols")
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        # a rational function (semi-separating mixing probabilities): numpy per atom
        try:
            func = sympy.lambdify(symbols, diff, modules="numpy")
            with np.errstate(all="ignore"):
                total = np.broadcast_to(np.asarray(func(*cols), dtype=float), cols.shape[1:])
        except (TypeError, ValueError, ZeroDivisionError, NameError):
            return None
        finite = np.isfinite(total)
        op = rel.rel_op
        with np.errstate(all="ignore"):
            truth = {">=": total >= 0, ">": total > 0, "<=": total <= 0,
                     "<": total < 0}.get(op)
        return None if truth is None else truth & finite
    total = np.zeros(cols.shape[1])
    with np.errstate(all="ignore"):
        for monom, coeff in poly.terms():
            term = np.full(cols.shape[1], float(coeff))
            for k, e in enumerate(monom):
                if e:
                    term = term * cols[k] ** e
            total = total + term
    op = rel.rel_op
    return {">=": total >= 0, ">": total > 0, "<=": total <= 0, "<": total < 0}.get(op)


# ------------------------------------------------------------------------- the spec's symbols
@functools.lru_cache(maxsize=64)
def _context(source: str) -> Any:
    from ..modeling.loader import _read_text, load_spec, resolve

    path = resolve(source)
    return load_spec(_read_text(path), str(path)).context


def spec_context(game: Any) -> Any:
    """The located spec the game was compiled from (``None`` if it has no YAML source)."""
    source = (getattr(game, "info", {}) or {}).get("source")
    if not source or not str(source).lower().endswith((".yaml", ".yml")):
        return None
    try:
        return _context(str(source))
    except (AllianceGamesError, OSError):
        return None


def symbolic_context(ctx: Any) -> Any:
    """A copy of the spec context whose ``number`` leaves the parameters as symbols, so
    that a compiler's reading step returns expressions instead of values."""
    from ..modeling.context import _MISSING_SENTINEL, SpecContext

    class _Symbolic(SpecContext):
        def number(self, path: Any, value: Any = _MISSING_SENTINEL) -> Any:
            return self.expr(path, value)

        def number_or_record(self, path: Any, value: Any = _MISSING_SENTINEL) -> Any:
            return self.expr(path, value)

    return _Symbolic(doc=ctx.doc, parameters=ctx.parameters, errors=[])


def spec_expr(game: Any, path: Sequence[str | int]) -> Any:
    """The symbolic expression at ``path`` of the game's spec (parameters as symbols),
    or ``None`` when the spec is not at hand or has no expression there."""
    ctx = spec_context(game)
    if ctx is None or ctx.get(tuple(path)) is None:
        return None
    try:
        return ctx.expr(tuple(path))
    except AllianceGamesError:
        return None
