"""The nucleolus in exact arithmetic: sequential LPs in floats, each optimum certified exactly.

The sequential LPs of Maschler, Peleg & Shapley (1979) (Kohlberg 1971 gives the
balancedness characterisation behind them): at stage ``k`` solve

.. math::

    ε_k = \\min_{x, ε}\\ ε \\quad\\text{s.t.}\\quad x(S) + ε \\ge v(S)\\ (S \\text{ free}),
    \\qquad x(S) = v(S) - e_S\\ (S \\text{ fixed}), \\qquad x(N) = v(N),

where a *fixed* coalition ``S`` keeps the excess ``e_S`` it was given at an earlier
stage. The coalitions with a positive dual multiplier are tight in every optimum
(complementary slackness); they are fixed at ``e_S = ε_k``, and so is every coalition
whose indicator lies in the span of the fixed ones and ``N`` (its excess is constant on
the optimal set). When the fixed indicators span ``R^n`` the allocation is determined:
it is the nucleolus (over pre-imputations: the prenucleolus, which is the nucleolus
whenever it is individually rational, e.g. when the core is non-empty).

Exact recovery (why it is hand-written: scipy has no exact LP). Each stage LP is solved
by scipy's HiGHS dual simplex; then

1. the duals ``λ_S = -u_S >= 0`` of the free rows and ``w_R`` of the equality rows are
   read as rationals (:func:`~alliance_games.numbers.rational_guess`, denominators up to
   ``10^9``) and checked exactly: ``λ >= 0``, ``Σ λ_S = 1`` (the ``ε`` column) and
   ``Σ_{S∋i} λ_S + Σ_{R∋i} w_R = 0`` for every player ``i``; their value
   ``D = Σ λ_S v(S) + Σ_R w_R b_R`` is a lower bound on ``ε_k`` (weak duality);
2. the float allocation, read as rationals, is projected exactly onto the equalities
   (the fixed rows, ``N`` and the rows with ``λ_S > 0`` at excess ``D``), and every
   constraint is re-checked exactly with ``ε = D``: a feasible point of value ``D``.

Both together prove ``ε_k = D`` exactly; the new fixed coalitions are read from the exact
``λ``; membership in the span is decided exactly (Fraction elimination) for the
candidates a float residual proposes. If a certificate cannot be confirmed the result
says the nucleolus is a float answer.

References
----------
Schmeidler, D. (1969). The nucleolus of a characteristic function game. *SIAM Journal on
Applied Mathematics* 17(6), 1163-1170.
Kohlberg, E. (1971). On the nucleolus of a characteristic function game. *SIAM Journal
on Applied Mathematics* 20(1), 62-66.
Maschler, M., Peleg, B. & Shapley, L. S. (1979). Geometric properties of the kernel,
nucleolus, and related solution concepts. *Mathematics of Operations Research* 4(4),
303-338.
Aumann, R. J. & Maschler, M. (1985). Game theoretic analysis of a bankruptcy problem
from the Talmud. *Journal of Economic Theory* 36(2), 195-213.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...budget import Budget
from ...games.coalitional import CoalitionalGame, subset_sums
from ...numbers import rational_guess
from .core import _primal, coalition_matrix

__all__ = ["ExactNucleolus", "exact_nucleolus"]

_DENOMINATORS = (10**3, 10**6, 10**9)


@dataclass(frozen=True)
class ExactNucleolus:
    """The nucleolus and the excess levels ``ε_1 > ε_2 > ...`` of its stages.

    Attributes
    ----------
    allocation
        One value per player (Fractions when ``verified``).
    levels
        The optimal excess of each stage.
    verified
        Whether every stage's optimum was certified exactly (primal and dual).
    """

    allocation: tuple[Fraction | float, ...]
    levels: tuple[Fraction | float, ...]
    verified: bool


def exact_nucleolus(game: CoalitionalGame, budget: Budget | None = None) -> ExactNucleolus:
    """The nucleolus in rationals, each stage's LP optimum certified exactly.

    Examples
    --------
    The glove game with one left glove (player L) and two right gloves (R1, R2): a pair
    is worth 1. Its core is the single point (1, 0, 0): the scarce glove takes
    everything, and so does the nucleolus.

    >>> g = CoalitionalGame.from_values(["L", "R1", "R2"],
    ...     {("L", "R1"): 1, ("L", "R2"): 1, ("L", "R1", "R2"): 1})
    >>> result = exact_nucleolus(g)
    >>> [str(v) for v in result.allocation], result.verified
    (['1', '0', '0'], True)
    """
    budget = budget or Budget()
    if not game.exact:
        raise ValueError("the exact nucleolus needs a game with rational values")
    n = game.n_players
    A = coalition_matrix(n)
    grand = game.grand
    fixed_exact: dict[int, Fraction] = {}
    basis: list[list[Fraction]] = []  # echelon rows of the span of N and fixed coalitions
    _add_to_span(basis, _indicator(grand, n))
    levels: list[Fraction] = []
    x: list[Fraction] | None = None
    for _ in range(2 ** n):
        budget.check_time("the nucleolus LPs")
        # _primal works on the values v(S) as floats; fixed levels are excesses of v(S)
        fixed_float = {m: float(e) for m, e in fixed_exact.items()}
        solved = _primal(game, fixed_float)
        if solved is None:
            break
        res, free = solved
        stage = _certify_stage(game, res, free, fixed_exact, A)
        if stage is None:
            return _float_fallback(game, budget)
        eps, lam, x = stage
        levels.append(eps)
        newly = [m for m, val in lam.items() if val > 0]
        for m in newly:
            fixed_exact[m] = eps
            _add_to_span(basis, _indicator(m, n))
        if len(basis) >= n:
            break
        if not newly:
            return _float_fallback(game, budget)
        _fix_span_members(game, A, basis, fixed_exact, x)
    if x is None or len(basis) < n:
        return _float_fallback(game, budget)
    return ExactNucleolus(tuple(x), tuple(levels), True)


def _indicator(mask: int, n: int) -> list[Fraction]:
    return [Fraction((mask >> i) & 1) for i in range(n)]


def _reduce(basis: list[list[Fraction]], row: list[Fraction]) -> list[Fraction]:
    """``row`` minus its components along the echelon ``basis`` (exact)."""
    row = list(row)
    for b in basis:
        pivot = next(k for k, v in enumerate(b) if v != 0)
        if row[pivot] != 0:
            f = row[pivot] / b[pivot]
            row = [r - f * bv for r, bv in zip(row, b, strict=True)]
    return row


def _add_to_span(basis: list[list[Fraction]], row: list[Fraction]) -> bool:
    """Add ``row`` to the echelon basis if independent (keeps pivots distinct)."""
    rest = _reduce(basis, row)
    if all(v == 0 for v in rest):
        return False
    pivot = next(k for k, v in enumerate(rest) if v != 0)
    # eliminate the new pivot from the earlier rows so every row has its own pivot
    for i, b in enumerate(basis):
        if b[pivot] != 0:
            f = b[pivot] / rest[pivot]
            basis[i] = [bv - f * r for bv, r in zip(b, rest, strict=True)]
    basis.append(rest)
    return True


def _fix_span_members(game: CoalitionalGame, A: np.ndarray, basis: list[list[Fraction]],
                      fixed: dict[int, Fraction], x: list[Fraction]) -> None:
    """Fix every free coalition whose indicator is in the span (exactly), at its excess."""
    n = game.n_players
    q = np.linalg.qr(np.array([[float(v) for v in b] for b in basis]).T)[0]
    rows = A[1:game.grand]
    residual = np.abs(rows - (rows @ q) @ q.T).max(axis=1)
    for j in np.nonzero(residual < 1e-6)[0]:
        m = int(j) + 1
        if m in fixed:
            continue
        if all(v == 0 for v in _reduce(basis, _indicator(m, n))):
            fixed[m] = Fraction(game.value(m)) - sum(
                (x[i] for i in range(n) if m >> i & 1), Fraction(0))


def _certify_stage(game: CoalitionalGame, res: object, free: list[int],
                   fixed: dict[int, Fraction], A: np.ndarray
                   ) -> tuple[Fraction, dict[int, Fraction], list[Fraction]] | None:
    """The stage's exact optimum ``ε``, duals ``λ`` and an exact optimal allocation."""
    n = game.n_players
    grand = game.grand
    u = np.asarray(res.ineqlin.marginals) if free else np.zeros(0)  # type: ignore[attr-defined]
    w = np.asarray(res.eqlin.marginals)  # type: ignore[attr-defined]
    eq_masks = [grand, *fixed]

    def v_of(m: int) -> Fraction:
        return Fraction(game.value(m))

    b_eq = [v_of(grand)] + [v_of(m) - fixed[m] for m in fixed]
    x_float = np.asarray(res.x[:n])  # type: ignore[attr-defined]
    for den in _DENOMINATORS:
        lam = {free[j]: rational_guess(-u[j], den) for j in np.nonzero(np.abs(u) > 1e-12)[0]}
        lam = {m: val for m, val in lam.items() if val != 0}
        if not lam or any(val < 0 for val in lam.values()):
            continue
        ws = [rational_guess(val, den) for val in w]
        if sum(lam.values()) != 1:
            continue
        ok = True
        for i in range(n):
            bit = 1 << i
            total = sum((val for m, val in lam.items() if m & bit), Fraction(0))
            total += sum((wr for m, wr in zip(eq_masks, ws, strict=True) if m & bit),
                         Fraction(0))
            if total != 0:
                ok = False
                break
        if not ok:
            continue
        dual_value = (sum((val * v_of(m) for m, val in lam.items()), Fraction(0))
                      + sum((wr * br for wr, br in zip(ws, b_eq, strict=True)),
                            Fraction(0)))
        x = _exact_point(game, x_float, den, eq_masks, b_eq, lam, dual_value)
        if x is not None and _feasible(game, x, dual_value, fixed):
            return dual_value, lam, x
    return None


def _exact_point(game: CoalitionalGame, x_float: np.ndarray, den: int, eq_masks: list[int],
                 b_eq: list[Fraction], lam: dict[int, Fraction], eps: Fraction
                 ) -> list[Fraction] | None:
    """The float allocation, read as rationals and projected exactly onto the equalities."""
    n = game.n_players
    rows = [(m, b) for m, b in zip(eq_masks, b_eq, strict=True)]
    rows += [(m, Fraction(game.value(m)) - eps) for m in lam]
    # keep an independent subset of the equality rows
    basis: list[list[Fraction]] = []
    kept: list[tuple[int, Fraction]] = []
    for m, b in rows:
        if _add_to_span(basis, _indicator(m, n)):
            kept.append((m, b))
    x0 = [rational_guess(v, den) for v in x_float]
    E = [_indicator(m, n) for m, _ in kept]
    r = [b - sum((e * xi for e, xi in zip(row, x0, strict=True)), Fraction(0))
         for (_, b), row in zip(kept, E, strict=True)]
    k = len(E)
    gram = [[sum((a * c for a, c in zip(E[i], E[j], strict=True)), Fraction(0))
             for j in range(k)] for i in range(k)]
    y = _solve(gram, r)
    if y is None:
        return None
    return [x0[i] + sum((E[j][i] * y[j] for j in range(k)), Fraction(0)) for i in range(n)]


def _solve(M: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Gaussian elimination in Fractions (``None`` if singular)."""
    k = len(M)
    aug = [list(row) + [b] for row, b in zip(M, rhs, strict=True)]
    for col in range(k):
        piv = next((r for r in range(col, k) if aug[r][col] != 0), None)
        if piv is None:
            return None
        aug[col], aug[piv] = aug[piv], aug[col]
        for r in range(k):
            if r != col and aug[r][col] != 0:
                f = aug[r][col] / aug[col][col]
                aug[r] = [a - f * c for a, c in zip(aug[r], aug[col], strict=True)]
    return [aug[i][k] / aug[i][i] for i in range(k)]


def _feasible(game: CoalitionalGame, x: list[Fraction], eps: Fraction,
              fixed: dict[int, Fraction]) -> bool:
    """Exactly: ``x(N) = v(N)``, fixed rows at their excess, ``x(S) + ε >= v(S)`` else."""
    den = math.lcm(*(xi.denominator for xi in x), eps.denominator,
                   *(e.denominator for e in fixed.values()))
    sums = subset_sums([int(xi * den) for xi in x]).astype(object) * game.scale
    table = game.table.astype(object) * den  # v(S) * den * scale
    grand = game.grand
    if sums[grand] != table[grand]:
        return False
    for m, e in fixed.items():
        if sums[m] + int(e * den) * game.scale != table[m]:
            return False
    lhs = sums + int(eps * den) * game.scale
    free = np.ones(len(table), dtype=bool)
    free[[0, grand, *fixed]] = False
    return bool(np.all(lhs[free] >= table[free]))


def _float_fallback(game: CoalitionalGame, budget: Budget) -> ExactNucleolus:
    from .core import nucleolus

    x, levels = nucleolus(game, budget)
    return ExactNucleolus(tuple(x), tuple(levels), False)

