"""One Nash equilibrium of an n-player game by support search (fast path).

Porter, Nudelman & Shoham's "simple search" for n players: pure equilibria first (one
vectorised best-response pass), then support profiles by increasing total size and
balance; a profile in which some supported strategy is strictly dominated given the
others' supports is skipped; on the others the indifference system

.. math::

    u_i(s, σ_{-i}) = u_i(s_i^0, σ_{-i}) \\quad (s ∈ S_i), \\qquad Σ_{s∈S_i} σ_i(s) = 1

is solved by Newton's method (``scipy.optimize.root``) from the uniform profile on the
support and a few seeded random starts. The first solution with positive probabilities
on the support and no profitable deviation is certified by
:func:`~alliance_games.equilibrium.make_equilibrium` (float regret; with ``exact`` and
rational payoffs, the support's system is re-solved exactly and certified in rationals)
and returned. The result is one equilibrium, never a complete list.

References
----------
Porter, R., Nudelman, E. & Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642-662.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from ...budget import Budget
from ...equilibrium import DEFAULT_TOL, Equilibrium, SolveResult, make_equilibrium
from ...errors import SolverError
from ...games.normal import NormalFormGame
from .support_profiles import Supports, _compositions

__all__ = ["support_search", "pure_profiles"]

#: Newton starts per support profile (the uniform profile, then seeded random ones)
STARTS = 3


def pure_profiles(payoffs: np.ndarray) -> list[tuple[int, ...]]:
    """Every pure Nash equilibrium of the payoff array ``payoffs[i, s_1, ..., s_n]``.

    A cell is an equilibrium when each player's payoff there equals the maximum along
    that player's own axis (a best response to the others' pure strategies).
    """
    n = payoffs.shape[0]
    best = np.ones(payoffs.shape[1:], dtype=bool)
    for i in range(n):
        best &= payoffs[i] >= payoffs[i].max(axis=i, keepdims=True)
    return [tuple(int(k) for k in cell) for cell in np.argwhere(best)]


def _ordered_profiles(shape: Sequence[int]) -> Iterator[Supports]:
    """Mixed support profiles by total size, then balance (max - min size), small first."""
    n = len(shape)
    for total in range(n + 1, sum(shape) + 1):
        sizes = sorted(_compositions(total, list(shape)), key=lambda k: (max(k) - min(k), k))
        for ks in sizes:
            yield from itertools.product(
                *(itertools.combinations(range(m), k) for m, k in zip(shape, ks, strict=True))
            )


def _dominated(restricted: list[np.ndarray], supports: Supports) -> bool:
    """Some supported strategy of a player is strictly beaten by another of its strategies
    against every pure profile of the others' supports."""
    for i, table in enumerate(restricted):
        sup = table[list(supports[i])]  # |S_i| x K
        if np.any(np.all(table[None, :, :] > sup[:, None, :], axis=2)):
            return True
    return False


def _restricted_tables(payoffs: np.ndarray, supports: Supports) -> list[np.ndarray]:
    """``table[i][s, k]``: ``u_i(s, k)`` for every strategy ``s`` of ``i`` and every pure
    profile ``k`` of the others' supports."""
    out = []
    for i in range(len(supports)):
        index = [list(s) for s in supports]
        index[i] = list(range(payoffs.shape[i + 1]))
        table = payoffs[i][np.ix_(*index)]
        out.append(np.moveaxis(table, i, 0).reshape(table.shape[i], -1))
    return out


def _deviations(payoffs: np.ndarray, sigma: list[np.ndarray]) -> list[np.ndarray]:
    """``v[i][s] = u_i(s, σ_{-i})``."""
    n = len(sigma)
    out = []
    for i in range(n):
        t = payoffs[i]
        for j in range(n - 1, -1, -1):
            if j != i:
                t = np.tensordot(t, sigma[j], axes=([j], [0]))
        out.append(t)
    return out


def _solve_numeric(
    payoffs: np.ndarray, supports: Supports, rng: np.random.Generator, starts: int
) -> list[np.ndarray] | None:
    """A solution of the support's indifference system with positive probabilities on the
    support and no profitable deviation (float tolerance), or ``None``."""
    shape = payoffs.shape[1:]
    scale = float(np.max(np.abs(payoffs))) or 1.0

    def unpack(z: np.ndarray) -> list[np.ndarray]:
        out, k = [], 0
        for i, support in enumerate(supports):
            row = np.zeros(shape[i])
            free = z[k:k + len(support) - 1]
            k += len(support) - 1
            row[list(support[1:])] = free
            row[support[0]] = 1.0 - free.sum()
            out.append(row)
        return out

    # the residual only needs the payoff array restricted to the supports
    sub = [payoffs[i][np.ix_(*supports)] / scale for i in range(len(supports))]
    letters = "abcdefghijklmnopqrstuvwxyz"[:len(supports)]
    scripts = [
        f"{letters}," + ",".join(c for j, c in enumerate(letters) if j != i) + f"->{c_i}"
        for i, c_i in enumerate(letters)
    ]

    def residual(z: np.ndarray) -> np.ndarray:
        parts, k = [], 0
        for support in supports:
            free = z[k:k + len(support) - 1]
            k += len(support) - 1
            parts.append(np.concatenate(([1.0 - free.sum()], free)))
        out = []
        for i in range(len(supports)):
            v = np.einsum(scripts[i], sub[i], *(parts[j] for j in range(len(parts)) if j != i))
            out.append(v[1:] - v[0])
        return np.concatenate(out)

    for attempt in range(starts):
        if attempt == 0:
            z0 = np.concatenate([np.full(len(s) - 1, 1.0 / len(s)) for s in supports])
        else:
            z0 = np.concatenate(
                [rng.dirichlet(np.ones(len(s)))[1:] for s in supports]
            )
        z = _newton(residual, z0)
        if z is None:
            continue
        sigma = unpack(z)
        if any(np.any(sigma[i][list(s)] <= 1e-12) for i, s in enumerate(supports)):
            continue
        devs = _deviations(payoffs, sigma)
        if all(
            np.max(devs[i]) - devs[i][s[0]] <= 1e-9 * scale for i, s in enumerate(supports)
        ):
            return sigma
    return None


def _newton(
    residual: Callable[[np.ndarray], np.ndarray], z: np.ndarray, iterations: int = 40
) -> np.ndarray | None:
    """Damped Newton's method with a forward-difference Jacobian; the root (residual below
    ``1e-11`` on payoffs scaled to ``[-1, 1]``) or ``None``."""
    f = residual(z)
    for _ in range(iterations):
        norm = float(np.max(np.abs(f)))
        if norm < 1e-11:
            return z
        if not np.isfinite(norm) or np.max(np.abs(z)) > 10:
            return None
        h = 1e-7
        jac = np.empty((len(f), len(z)))
        for j in range(len(z)):
            step = z.copy()
            step[j] += h
            jac[:, j] = (residual(step) - f) / h
        try:
            delta = np.linalg.solve(jac, -f)
        except np.linalg.LinAlgError:
            return None
        t = 1.0
        while t > 1e-3:
            trial = z + t * delta
            ft = residual(trial)
            if float(np.max(np.abs(ft))) < norm:
                z, f = trial, ft
                break
            t /= 2
        else:
            return None
    return z if float(np.max(np.abs(f))) < 1e-11 else None


def support_search(
    game: NormalFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    memory: int | str | None = None,
    progress: Callable[[int, int], None] | None = None,
    tol: float = DEFAULT_TOL,
    budget: Budget | None = None,
) -> SolveResult:
    """One Nash equilibrium of an n-player game: pure profiles, then small supports first.

    Parameters
    ----------
    game
        A normal-form game (any number of players).
    exact
        With rational payoffs, certify the equilibrium in rational arithmetic: a pure
        one directly, a mixed one by re-solving its support's system exactly (when that
        solution is irrational, the float certificate is kept).
    timeout, memory, budget
        Limits; past the deadline the search stops (possibly with no equilibrium).
    progress
        ``progress(done, total)`` once at the end.
    tol
        Float tolerance of the regret check.

    Returns
    -------
    SolveResult
        ``method="support-search"``, ``complete=False``, at most one equilibrium;
        ``extra["supports_tried"]`` counts the mixed support profiles whose systems were
        solved.

    Examples
    --------
    >>> from alliance_games.games.binary import volunteers_dilemma
    >>> r = support_search(volunteers_dilemma(3, benefit=4, cost=1), exact=True)
    >>> len(r.equilibria), r.complete, r.equilibria[0].exact
    (1, False, True)
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError("support search needs a normal-form game")
    budget = budget or Budget.start(timeout, memory)
    payoffs = np.asarray(game.payoffs, dtype=float)
    diagnostics = [
        "support search finds one equilibrium (pure profiles first, then the smallest "
        "supports); other equilibria may exist"
    ]
    found: Equilibrium | None = None
    tried = 0
    pure = pure_profiles(payoffs)
    if pure:
        cell = pure[0]
        profile = [[1 if s == c else 0 for s in range(m)] for m, c in zip(game.shape, cell,
                                                                          strict=True)]
        found = make_equilibrium(game, profile, exact=exact and game.exact_payoffs is not None,
                                 tol=tol)
    else:
        rng = np.random.default_rng(0)
        for supports in _ordered_profiles(game.shape):
            if budget.expired():
                diagnostics.append("support search stopped at the time limit")
                break
            if _dominated(_restricted_tables(payoffs, supports), supports):
                continue
            tried += 1
            sigma = _solve_numeric(payoffs, supports, rng, STARTS)
            if sigma is None:
                continue
            found = _certify(game, supports, sigma, exact, tol)
            if found is not None:
                break
    if progress is not None:
        progress(1, 1)
    if found is None:
        diagnostics.append("no equilibrium was found")
    extra: dict[str, Any] = {"supports_tried": tried, "pure_equilibria": len(pure)}
    return SolveResult(
        game=game,
        method="support-search",
        complete=False,
        equilibria=(found,) if found is not None else (),
        exact=found is not None and found.exact,
        diagnostics=tuple(diagnostics),
        extra=extra,
        requested_method="support-search",
    )


def _certify(
    game: NormalFormGame,
    supports: Supports,
    sigma: list[np.ndarray],
    exact: bool,
    tol: float,
) -> Equilibrium | None:
    if exact and game.exact_payoffs is not None:
        from .supports import equilibria_on_support

        candidates = [eq for eq in equilibria_on_support(game, supports, exact=True)
                      if eq.exact]
        if candidates:
            def distance(eq: Equilibrium) -> float:
                return max(abs(float(p) - q) for row, ref in zip(eq.profile(), sigma,
                                                                 strict=True)
                           for p, q in zip(row, ref, strict=True))
            return min(candidates, key=distance)
    try:
        return make_equilibrium(game, [list(row) for row in sigma], tol=tol)
    except SolverError:
        return None
