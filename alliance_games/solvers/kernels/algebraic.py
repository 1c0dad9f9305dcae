"""Real solutions of zero-dimensional polynomial systems, exactly, via Gröbner bases.

Used by the n-player support enumeration, whose indifference conditions are polynomial
(multilinear) equations with rational coefficients. The steps:

1. a Gröbner basis in degree-reverse-lexicographic order (Buchberger, in sympy) decides
   whether the system is inconsistent (basis ``{1}``), has finitely many solutions
   (zero-dimensional) or a continuum;
2. FGLM converts it to a lexicographic basis (Faugère, Gianni, Lazard & Mora 1993);
3. if that basis is in *shape position* ``{y_1 - g_1(t), ..., y_k - g_k(t), f(t)}`` every
   solution is ``y = g(θ)`` for a real root ``θ`` of ``f``; otherwise a separating linear
   form ``t = Σ c_j y_j`` is added, which puts a radical ideal in shape position for all
   but finitely many ``c`` (the *shape lemma*, Gianni & Mora 1989);
4. ``f`` is factored over ``Q``; a linear factor gives a rational solution, an irreducible
   factor ``h`` of higher degree gives algebraic solutions in ``Q(θ)``, ``h(θ) = 0``.

Every quantity ``q(y)`` derived from a solution is a polynomial in ``θ`` reduced modulo
``h``: it is *exactly* zero iff the reduced polynomial is zero, and otherwise its sign is
read from ``θ`` evaluated to enough digits (increased until the value clears the error
bound). This is how equilibria with irrational probabilities (e.g. ``(√5 - 1)/2``) are
certified without floating-point doubt.

References
----------
Buchberger, B. (1965). *Ein Algorithmus zum Auffinden der Basiselemente des
Restklassenringes nach einem nulldimensionalen Polynomideal*. PhD thesis, Innsbruck.
Faugère, J.-C., Gianni, P., Lazard, D. & Mora, T. (1993). Efficient computation of
zero-dimensional Gröbner bases by change of ordering. *J. Symbolic Computation* 16(4).
Gianni, P. & Mora, T. (1989). Algebraic solution of systems of polynomial equations using
Gröbner bases. *AAECC-5*, LNCS 356, 247-257.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import sympy
from sympy.polys.rings import PolyElement

__all__ = [
    "AlgebraicPoint",
    "PositiveDimensional",
    "NotInShapePosition",
    "real_solutions",
]

_T = sympy.Dummy("theta")


class PositiveDimensional(Exception):
    """The system has infinitely many (complex) solutions."""


class NotInShapePosition(Exception):
    """No separating linear form put the lexicographic basis in shape position."""


@dataclass(frozen=True)
class AlgebraicPoint:
    """One real solution: coordinates ``g_j(θ)``, ``θ`` the ``index``-th real root of ``h``.

    ``coords`` are polynomials in :data:`theta` with rational coefficients reduced modulo
    ``minimal`` (so of lower degree); when ``minimal`` has degree 1 the point is rational.
    """

    variables: tuple[sympy.Symbol, ...]
    coords: tuple[sympy.Poly, ...]
    minimal: sympy.Poly
    index: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "_powers", {})
        object.__setattr__(self, "_numeric_theta", {})

    @property
    def degree(self) -> int:
        return self.minimal.degree()

    @property
    def is_rational(self) -> bool:
        return self.degree == 1

    @functools.cached_property
    def theta(self) -> sympy.Expr:
        """``θ`` exactly: a rational, radicals (degree 2) or a ``CRootOf``."""
        return self.minimal.real_roots()[self.index]

    def _power(self, j: int, e: int) -> sympy.Poly:
        key = (j, e)
        cache = self._powers  # type: ignore[attr-defined]
        if key not in cache:
            cache[key] = (self.coords[j] ** e).rem(self.minimal) if e > 1 else self.coords[j]
        return cache[key]

    def reduce(self, expr: Any) -> sympy.Poly:
        """A polynomial in the variables (a sympy expression or a ``PolyElement`` of a
        ring over them) at this point, as a polynomial in θ reduced modulo ``h``."""
        if isinstance(expr, PolyElement):
            terms = [(m, sympy.QQ.to_sympy(c)) for m, c in expr.terms()]
        else:
            terms = sympy.Poly(expr, *self.variables, domain=sympy.QQ).terms()
        value = sympy.Poly(0, _T, domain=sympy.QQ)
        for monom, coeff in terms:
            term = sympy.Poly(coeff, _T, domain=sympy.QQ)
            for j, e in enumerate(monom):
                if e:
                    term = (term * self._power(j, e)).rem(self.minimal)
            value = value + term
        return value.rem(self.minimal)

    def rational(self, reduced: sympy.Poly) -> Fraction:
        """The value of a reduced polynomial at a rational point."""
        r = self.theta
        v = reduced.eval(r) if not reduced.is_zero else sympy.Integer(0)
        return Fraction(int(sympy.numer(v)), int(sympy.denom(v)))

    def sign(self, reduced: sympy.Poly) -> int:
        """Exact sign of a reduced polynomial at θ (zero test exact, sign by refinement)."""
        if reduced.is_zero:
            return 0
        if self.is_rational:
            v = self.rational(reduced)
            return (v > 0) - (v < 0)
        digits = 30
        while digits <= 2000:
            value = self._numeric(reduced, digits)
            if abs(value) > mpmath.mpf(10) ** (-(digits // 2)):
                return 1 if value > 0 else -1
            digits *= 2
        raise ArithmeticError("sign undecided after 2000 digits")  # pragma: no cover

    def value(self, reduced: sympy.Poly, digits: int = 30) -> float:
        """Float value of a reduced polynomial at θ."""
        if reduced.is_zero:
            return 0.0
        if self.is_rational:
            return float(self.rational(reduced))
        return float(self._numeric(reduced, digits))

    def _numeric(self, reduced: sympy.Poly, digits: int) -> mpmath.mpf:
        cache = self._numeric_theta  # type: ignore[attr-defined]
        if digits not in cache:
            cache[digits] = str(sympy.N(self.theta, digits + 10))
        with mpmath.workdps(digits + 10):
            theta = mpmath.mpf(cache[digits])
            coeffs = [mpmath.mpf(int(c.p)) / int(c.q) for c in reduced.all_coeffs()]
            return mpmath.polyval(coeffs, theta)

    def express(self, reduced: sympy.Poly) -> str:
        """A readable exact form: radicals for quadratic fields, else ``q(θ)`` with ``h``."""
        if reduced.is_zero:
            return "0"
        if self.is_rational:
            return str(self.rational(reduced))
        if self.degree == 2:
            return str(sympy.radsimp(sympy.expand(reduced.as_expr().subs(_T, self.theta))))
        poly = reduced.as_expr().subs(_T, sympy.Symbol("θ"))
        return f"{poly} where θ is real root #{self.index + 1} of {self.minimal_text()} = 0"

    def minimal_text(self) -> str:
        return str(self.minimal.as_expr().subs(_T, sympy.Symbol("θ")))


def real_solutions(
    equations: Sequence[sympy.Expr], variables: Sequence[sympy.Symbol]
) -> list[AlgebraicPoint]:
    """All real solutions of a zero-dimensional system with rational coefficients.

    Raises
    ------
    PositiveDimensional
        The solution set is infinite (over the complex numbers).
    NotInShapePosition
        No shape-position basis was found (non-radical ideal).
    """
    variables = tuple(variables)
    equations = [sympy.expand(e) for e in equations]
    equations = [e for e in equations if e != 0]
    if not variables:
        raise ValueError("no variables")
    if not equations:
        raise PositiveDimensional
    if any(e.is_number for e in equations):
        return []
    basis = sympy.groebner(equations, *variables, order="grevlex", domain=sympy.QQ,
                             method="f5b")
    if basis.exprs == [1]:
        return []
    if not basis.is_zero_dimensional:
        raise PositiveDimensional
    shape = _shape(basis.fglm("lex"), variables)
    if shape is None:
        shape = _separated_shape(equations, variables)
    coords, univariate = shape
    points: list[AlgebraicPoint] = []
    _, factors = sympy.factor_list(univariate)
    for factor, _mult in factors:
        h = sympy.Poly(factor, _T, domain=sympy.QQ).monic()
        if h.degree() < 1:
            continue
        reduced = tuple(c.rem(h) for c in coords)
        for index in range(len(h.real_roots())):
            points.append(AlgebraicPoint(variables, reduced, h, index))
    return points


def _shape(
    basis: sympy.GroebnerBasis, variables: tuple[sympy.Symbol, ...]
) -> tuple[tuple[sympy.Poly, ...], sympy.Poly] | None:
    """``(g_1..g_k as polys in θ, f(θ))`` if the lex basis is in shape position."""
    last = variables[-1]
    polys = [sympy.Poly(e, *variables, domain=sympy.QQ) for e in basis.exprs]
    if len(polys) != len(variables):
        return None
    univariate = None
    solved: dict[sympy.Symbol, sympy.Poly] = {}
    for poly in polys:
        used = [v for v, d in zip(variables, poly.degree_list(), strict=True) if d > 0]
        if used == [last]:
            univariate = poly
            continue
        if len(used) == 0 or used[0] == last or any(v not in (used[0], last) for v in used):
            return None
        lead = used[0]
        if poly.degree(lead) != 1:
            return None
        as_lead = sympy.Poly(poly.as_expr(), lead)
        a, b = as_lead.all_coeffs()
        if not a.is_number:
            return None
        solved[lead] = sympy.Poly(sympy.expand(-b / a).subs(last, _T), _T, domain=sympy.QQ)
    if univariate is None or len(solved) != len(variables) - 1:
        return None
    coords = tuple(
        solved[v] if v != last else sympy.Poly(_T, _T, domain=sympy.QQ) for v in variables
    )
    f = sympy.Poly(univariate.as_expr().subs(last, _T), _T, domain=sympy.QQ)
    return coords, f


def _separated_shape(
    equations: list[sympy.Expr], variables: tuple[sympy.Symbol, ...]
) -> tuple[tuple[sympy.Poly, ...], sympy.Poly]:
    """Add ``t = Σ c_j y_j`` (``t`` last) until the lex basis is in shape position."""
    t = sympy.Dummy("t")
    weights = [(j + 1) for j in range(len(variables))]
    for attempt in range(6):
        form = sum(
            sympy.Integer(w + attempt * (j % 3) + attempt) * v
            for j, (w, v) in enumerate(zip(weights, variables, strict=True))
        )
        extended = (*variables, t)
        basis = sympy.groebner(
            [*equations, t - form], *extended, order="grevlex", domain=sympy.QQ
        )
        if not basis.is_zero_dimensional:  # pragma: no cover - checked before
            raise PositiveDimensional
        shape = _shape(basis.fglm("lex"), extended)
        if shape is not None:
            coords, f = shape
            return coords[:-1], f
    raise NotInShapePosition
