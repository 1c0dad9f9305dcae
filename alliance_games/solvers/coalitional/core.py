"""The core, the least core and the nucleolus, with certificates checked in rationals.

The **core** of a coalitional game is the set of allocations ``x`` with ``x(N) = v(N)``
and ``x(S) >= v(S)`` for every coalition ``S``: no coalition can do better on its own,
so none blocks. The **least core** relaxes every proper coalition's constraint by the
smallest ``ε`` that makes the set non-empty (Maschler, Peleg & Shapley 1979):

.. math::

    ε^* = \\min_{x, ε}\\ ε \\quad\\text{s.t.}\\quad x(S) + ε \\ge v(S)\\ (∅ ≠ S ⊊ N),
    \\qquad x(N) = v(N).

The core is non-empty iff ``ε* <= 0``. The LP dual (Bondareva 1963; Shapley 1967) is

.. math::

    \\max_{λ \\ge 0, c}\\ Σ_S λ_S v(S) - c\\,v(N) \\quad\\text{s.t.}\\quad
    Σ_{S ∋ i} λ_S = c\\ (\\text{every } i), \\qquad Σ_S λ_S = 1,

so ``λ/c`` is a *balanced collection*; a dual solution of positive value is the
Bondareva-Shapley certificate that the core is empty (``Σ (λ_S/c) v(S) > v(N)``).

Certificates
------------
Both LPs are solved in floating point (scipy's HiGHS, dual simplex, so the solutions are
vertices); their solutions are turned into rationals (:func:`rational_guess`) and
checked **exactly**: the primal ``(x, ε)`` against all ``2^n`` coalitions, the dual
``λ`` for balancedness. When both check and their objective values are equal, ``ε*`` is
exact and proven optimal; a non-empty core comes with a verified core allocation, an
empty one with a verified balanced collection. If the rational guess fails the result
says so (a float answer, not a certified one).

The **nucleolus** (Schmeidler 1969) lexicographically minimises the sorted vector of
excesses ``v(S) - x(S)``; it is computed by the sequential LPs of Maschler, Peleg &
Shapley: solve the least core, fix the coalitions whose constraint has a positive dual
(they are tight in every optimum) and every coalition whose indicator lies in the span
of the fixed ones, and repeat with the rest until ``x`` is determined. On rational
games each stage's optimum is certified exactly by
:func:`alliance_games.solvers.coalitional.nucleolus.exact_nucleolus`.

References
----------
Bondareva, O. N. (1963). Some applications of linear programming methods to the theory of
cooperative games. *Problemy Kibernetiki* 10, 119-139.
Shapley, L. S. (1967). On balanced sets and cores. *Naval Research Logistics Quarterly*
14(4), 453-460.
Schmeidler, D. (1969). The nucleolus of a characteristic function game. *SIAM Journal on
Applied Mathematics* 17(6), 1163-1170.
Maschler, M., Peleg, B. & Shapley, L. S. (1979). Geometric properties of the kernel,
nucleolus, and related solution concepts. *Mathematics of Operations Research* 4(4),
303-338.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ...budget import Budget
from ...games.coalitional import CoalitionalGame, subset_sums
from ...numbers import rational_guess

__all__ = ["CoreCertificate", "least_core", "nucleolus", "check_allocation",
           "check_balanced", "coalition_matrix", "MAX_CORE_PLAYERS"]

#: the LPs have 2^n rows; beyond this many players they are not attempted
MAX_CORE_PLAYERS = 16
_DENOMINATORS = (1, 10**3, 10**6, 10**9)


@dataclass(frozen=True)
class CoreCertificate:
    """The least core's ``ε*`` and what proves it.

    Attributes
    ----------
    epsilon
        ``ε*`` (a Fraction when ``verified``).
    allocation
        A least-core allocation ``x`` (a core allocation when ``ε* <= 0``).
    balanced
        The dual: coalition mask -> ``λ_S`` (positive entries only), and the common
        ``c = Σ_{S∋i} λ_S``.
    verified
        Whether both certificates were checked in rationals and their values agree.
    """

    epsilon: Fraction | float
    allocation: tuple[Fraction | float, ...]
    balanced: Mapping[int, Fraction | float]
    balance_level: Fraction | float
    verified: bool

    @property
    def core_empty(self) -> bool:
        return self.epsilon > 0


def coalition_matrix(n: int) -> np.ndarray:
    """``A[S, i] = 1`` if ``i ∈ S`` for every mask ``S`` (``2^n × n`` float array)."""
    masks = np.arange(2 ** n, dtype=np.int64)
    return ((masks[:, None] >> np.arange(n)[None, :]) & 1).astype(float)


def _values(game: CoalitionalGame) -> np.ndarray:
    return np.array([float(v) for v in game.table.tolist()]) / game.scale


def check_allocation(game: CoalitionalGame, x: tuple[Fraction, ...], epsilon: Fraction
                     ) -> bool:
    """Exactly: ``x(N) = v(N)`` and ``x(S) + ε >= v(S)`` for every proper ``S ≠ ∅``."""
    den = math.lcm(*(xi.denominator for xi in x), epsilon.denominator)
    scaled = [int(xi * den) for xi in x]
    sums = subset_sums(scaled)
    # compare x(S)*den*scale + eps*den*scale >= table*den  (all integers; int64 when
    # no term can reach 2^62, Python integers otherwise)
    shift = int(epsilon * den) * game.scale
    table = game.table
    small = (np.issubdtype(table.dtype, np.integer) and sums.dtype != object
             and (sum(abs(v) for v in scaled) + abs(int(epsilon * den))) * game.scale < 2**62
             and int(np.abs(table).max(initial=0)) * den < 2**62)
    if small:
        lhs = sums * game.scale + shift
        rhs = table * den
    else:
        lhs = sums.astype(object) * game.scale + shift
        rhs = table.astype(object) * den
    grand = game.grand
    if sums[grand] * game.scale != game.table[grand] * den:
        return False
    proper = np.ones(2 ** game.n_players, dtype=bool)
    proper[[0, grand]] = False
    return bool(np.all(lhs[proper] >= rhs[proper]))


def check_balanced(game: CoalitionalGame, lam: dict[int, Fraction]) -> Fraction | None:
    """Exactly: ``λ >= 0``, ``Σ λ = 1``, ``Σ_{S∋i} λ_S`` equal for all ``i``; returns
    the dual value ``Σ λ_S v(S) - c v(N)`` (``None`` when a condition fails)."""
    if any(v < 0 for v in lam.values()) or sum(lam.values()) != 1:
        return None
    if any(m in (0, game.grand) for m in lam):
        return None
    levels = {sum((v for m, v in lam.items() if m >> i & 1), Fraction(0))
              for i in range(game.n_players)}
    if len(levels) != 1:
        return None
    c = levels.pop()
    value = sum((v * Fraction(game.value(m)) for m, v in lam.items()), Fraction(0))
    return value - c * Fraction(game.value(game.grand))


def _primal(game: CoalitionalGame, fixed: dict[int, float] | None = None
            ) -> tuple[Any, list[int]] | None:
    """Solve ``min ε`` (with the coalitions of ``fixed`` held at ``x(S) = v(S) - e_S``)."""
    from scipy.optimize import linprog

    n = game.n_players
    A = coalition_matrix(n)
    v = _values(game)
    grand = game.grand
    fixed = fixed or {}
    free = [m for m in range(1, grand) if m not in fixed]
    # variables (x_1..x_n, ε): -x(S) - ε <= -v(S)
    a_ub = np.hstack([-A[free], -np.ones((len(free), 1))])
    b_ub = -v[free]
    eq_rows = [np.append(A[grand], 0.0)] + [np.append(A[m], 0.0) for m in fixed]
    b_eq = [v[grand]] + [v[m] - e for m, e in fixed.items()]
    res = linprog(np.append(np.zeros(n), 1.0), A_ub=a_ub if free else None,
                  b_ub=b_ub if free else None, A_eq=np.array(eq_rows), b_eq=np.array(b_eq),
                  bounds=[(None, None)] * (n + 1), method="highs-ds")
    if res.status != 0:
        return None
    return res, free


def _dual(game: CoalitionalGame) -> np.ndarray | None:
    """The least core's dual: ``λ`` over proper coalitions (index = mask - 1) and ``c``."""
    from scipy.optimize import linprog

    n = game.n_players
    grand = game.grand
    A = coalition_matrix(n)[1:grand]  # proper non-empty coalitions
    v = _values(game)
    k = grand - 1
    # variables (λ_1..λ_k, c); maximise Σ λ v(S) - c v(N)
    cost = np.append(-v[1:grand], v[grand])
    a_eq = np.vstack([np.hstack([A.T, -np.ones((n, 1))]),
                      np.append(np.ones(k), 0.0)[None, :]])
    b_eq = np.append(np.zeros(n), 1.0)
    res = linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * (k + 1),
                  method="highs-ds")
    if res.status != 0:
        return None
    return np.asarray(res.x)


def least_core(game: CoalitionalGame, budget: Budget | None = None) -> CoreCertificate:
    """``ε*``, a least-core allocation and a balanced collection, checked exactly.

    Examples
    --------
    The three-player majority game (any two win) has an empty core: ``ε* = 1/3``, the
    least core is ``(1/3, 1/3, 1/3)`` and the pairs with ``λ = 1/3`` each (``c = 2/3``)
    certify it.

    >>> g = CoalitionalGame.weighted_voting(["A", "B", "C"], [1, 1, 1], 2)
    >>> cert = least_core(g)
    >>> str(cert.epsilon), cert.verified, cert.core_empty
    ('1/3', True, True)
    """
    budget = budget or Budget()
    n = game.n_players
    budget.require(2 ** n * (n + 2) * 8 * 3, f"the core LP of {n} players")
    solved = _primal(game)
    lam_float = _dual(game)
    budget.check_time("the core LP")
    if solved is None or lam_float is None:
        raise ArithmeticError("the least-core LP did not solve")
    res, _ = solved
    x_float = tuple(float(v) for v in res.x[:n])
    eps_float = float(res.x[n])
    lam_f = {m + 1: float(val) for m, val in enumerate(lam_float[:-1]) if val > 1e-12}
    if game.exact:
        for den in _DENOMINATORS:
            cert = _exact_certificate(game, x_float, eps_float, lam_f, float(lam_float[-1]),
                                      den)
            if cert is not None:
                return cert
    return CoreCertificate(eps_float, x_float, lam_f, float(lam_float[-1]), False)


def _exact_certificate(game: CoalitionalGame, x: tuple[float, ...], eps: float,
                       lam: dict[int, float], level: float, den: int
                       ) -> CoreCertificate | None:
    guess = (lambda v: rational_guess(v, den)) if den > 1 else (
        lambda v: Fraction(round(v)))
    x_q = [guess(v) for v in x]
    # the allocation must sum to v(N) exactly: put the rounding on the last player
    x_q[-1] = Fraction(game.value(game.grand)) - sum(x_q[:-1], Fraction(0))
    eps_q = guess(eps)
    lam_q = {m: guess(v) for m, v in lam.items()}
    lam_q = {m: v for m, v in lam_q.items() if v != 0}
    if not lam_q:
        return None
    total = sum(lam_q.values(), Fraction(0))
    lam_q = {m: v / total for m, v in lam_q.items()}
    dual_value = check_balanced(game, lam_q)
    if dual_value is None or dual_value != eps_q:
        return None
    if not check_allocation(game, tuple(x_q), eps_q):
        return None
    c = sum((v for m, v in lam_q.items() if m & 1), Fraction(0))
    return CoreCertificate(eps_q, tuple(x_q), lam_q, c, True)


def nucleolus(game: CoalitionalGame, budget: Budget | None = None
              ) -> tuple[tuple[float, ...], list[float]]:
    """The nucleolus by sequential LPs (floats) and the excess levels ``ε_1 > ε_2 ...``
    fixed at each stage.

    Examples
    --------
    >>> g = CoalitionalGame.weighted_voting(["A", "B", "C"], [1, 1, 1], 2)
    >>> [round(v, 9) for v in nucleolus(g)[0]]
    [0.333333333, 0.333333333, 0.333333333]
    """
    budget = budget or Budget()
    n = game.n_players
    A = coalition_matrix(n)
    fixed: dict[int, float] = {}
    levels: list[float] = []
    span = [A[game.grand]]
    for _ in range(n + 1):
        budget.check_time("the nucleolus LPs")
        solved = _primal(game, fixed)
        if solved is None:
            break
        res, free = solved
        x, eps = res.x[:n], float(res.x[n])
        levels.append(eps)
        marg = -np.asarray(res.ineqlin.marginals) if free else np.zeros(0)
        newly = [free[j] for j in np.nonzero(marg > 1e-9)[0]]
        for m in newly:
            fixed[m] = eps
            span.append(A[m])
        rank = np.linalg.matrix_rank(np.array(span))
        if rank >= n or not newly:
            return tuple(float(v) for v in x), levels
        q = np.linalg.svd(np.array(span))[2][:rank].T  # an orthonormal basis of the span
        rest = [m for m in free if m not in fixed]
        if rest:
            rows = A[rest]
            residual = np.abs(rows - (rows @ q) @ q.T).max(axis=1)
            values = _values(game)
            for m, r in zip(rest, residual, strict=True):
                if r < 1e-9:
                    fixed[m] = float(values[m] - A[m] @ x)
    solved = _primal(game, fixed)
    x_any: Any = solved[0].x[:n] if solved is not None else np.full(n, np.nan)
    return tuple(float(v) for v in x_any), levels
