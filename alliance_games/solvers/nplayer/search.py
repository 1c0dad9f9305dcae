"""One Nash equilibrium of an n-player game by support search (fast path).

Porter, Nudelman & Shoham's "simple search" for n players: pure equilibria first (one
vectorised best-response pass), then support profiles by increasing total size and
balance; a profile in which some supported strategy is strictly dominated given the
others' supports is skipped; on the others the indifference system

.. math::

    u_i(s, σ_{-i}) = u_i(s_i^0, σ_{-i}) \\quad (s ∈ S_i), \\qquad Σ_{s∈S_i} σ_i(s) = 1

is solved by Newton's method from the uniform profile on the support and a few seeded
random starts. All support profiles of one size class are handled at once
(:mod:`.batch`: the dominance test, one exclusion pass over the whole box of free
probabilities, then Newton's method on every support and start together, with exact
partial derivatives of the multilinear equations). The first solution with positive probabilities
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

from collections.abc import Callable
from typing import Any

import numpy as np

from ...budget import Budget
from ...equilibrium import DEFAULT_TOL, Equilibrium, SolveResult, make_equilibrium
from ...errors import SolverError
from ...games.normal import NormalFormGame
from .batch import (
    _Class,
    _dominated,
    _exclude,
    _inverse,
    profile_of,
    size_classes,
    supports_of_class,
)
from .support_profiles import Supports
from .supports import UNIFIED_UP_TO

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
        found, tried, stopped = _search_mixed(game, payoffs, exact, tol, budget)
        if stopped:
            diagnostics.append("support search stopped at the time limit")
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


def _search_mixed(game: NormalFormGame, payoffs: np.ndarray, exact: bool, tol: float,
                  budget: Budget) -> tuple[Equilibrium | None, int, bool]:
    """Mixed support profiles by size class (total size, then balance), each class at
    once: conditional dominance, one exclusion pass over the whole box (the
    :mod:`.batch` tests), then Newton's method from :data:`STARTS` starts per support, all
    supports and starts of the class together. The first solution (in support order) that
    certifies is returned, with the number of supports tried and whether the budget
    stopped the search."""
    scale = float(np.max(np.abs(payoffs))) or 1.0
    scaled = payoffs / scale
    rng = np.random.default_rng(0)
    tried = 0
    shape = game.shape
    classes = [sizes for sizes in size_classes(shape, key=lambda k: (max(k) - min(k), k))
               if sum(sizes) > len(shape)]  # pure profiles were checked first
    groups = [(sizes, supports_of_class(shape, sizes)) for sizes in classes]
    if sum(m - 1 for m in shape) <= UNIFIED_UP_TO:  # small game: a padded batch per total
        by_total: dict[int, list[Supports]] = {}
        for sizes, ps in groups:
            by_total.setdefault(sum(sizes), []).extend(ps)
        groups = [(tuple(shape), ps) for _, ps in sorted(by_total.items())]
    for sizes, profiles in groups:
        for start in range(0, len(profiles), 4096):
            if budget.expired():
                return None, tried, True
            cls = _Class(scaled, sizes, profiles[start:start + 4096])
            owner = np.flatnonzero(~_dominated(cls))
            if not len(owner):
                continue
            lo = np.zeros((len(owner), cls.d))
            hi = np.ones((len(owner), cls.d))
            tensors = cls.expand(owner, cls.factors(lo, hi, derivative=False))
            excluded, _ = _exclude(cls, owner, lo, hi, cls.ranges(tensors))
            owner = owner[~excluded]
            tried += len(owner)
            for supports, x in _newton_class(cls, owner, rng):
                eq = _certify(game, supports, [np.asarray(r) for r in
                                               profile_of(shape, supports, x)], exact, tol)
                if eq is not None:
                    return eq, tried, False
    return None, tried, False


def _newton_class(cls: _Class, owner: np.ndarray, rng: np.random.Generator
                  ) -> list[tuple[Supports, np.ndarray]]:
    """Newton's method on the indifference equations of every support ``owner`` of the
    class, from the uniform profile and ``STARTS - 1`` random ones, all at once; the
    solutions with positive probabilities and no deviation gain (float tests), in
    support order."""
    if not len(owner):
        return []
    sizes = np.array([[len(s) for s in cls.profiles[o]] for o in owner])  # (B, n)
    active = cls.active[owner]
    uniform = np.concatenate([np.repeat(1.0 / sizes[:, j:j + 1], f, axis=1)
                              for j, f in enumerate(cls.free)], axis=1)
    starts = [uniform * active]
    for _ in range(STARTS - 1):
        draws = []
        for j, f in enumerate(cls.free):
            raw = rng.exponential(size=(len(owner), f + 1))
            raw[:, 1:] *= active[:, cls.offsets[j]:cls.offsets[j + 1]]
            draws.append(raw[:, 1:] / raw.sum(axis=1, keepdims=True))
        starts.append(np.concatenate(draws, axis=1))
    x = np.concatenate(starts)
    own = np.tile(owner, STARTS)
    alive = np.ones(len(x), dtype=bool)
    moving = np.ones(len(x), dtype=bool)
    for _ in range(30):
        idx = np.flatnonzero(alive & moving)
        if not len(idx):
            break
        xs, os_ = x[idx], own[idx]
        tensors = cls.expand(os_, cls.factors(xs, xs, vertices=False))
        jac, _ = cls.jacobian(tensors, reduce=False)
        cls.pad_rows(os_, jac, jac)
        fx = cls.equations(tensors, os_, xs)
        y, ok = _inverse(jac)
        step = -(y @ fx[:, :, None])[:, :, 0]
        x[idx] = xs + step
        alive[idx] &= ok & np.all(np.abs(x[idx]) < 10, axis=1)
        moving[idx] = np.abs(step).max(axis=1) > 1e-14
    tensors = cls.expand(own, cls.factors(x, x, vertices=False, derivative=False))
    act = cls.active[own]
    ok = alive & (np.abs(cls.equations(tensors, own, x)).max(axis=1) < 1e-11) & np.all(
        (x > 1e-12) | ~act, axis=1)
    for j, fj in enumerate(cls.free):
        if fj:
            a, b = cls.offsets[j], cls.offsets[j + 1]
            ok &= 1.0 - x[:, a:b].sum(axis=1) > 1e-12
    for t, eq in zip(tensors, cls.row_masks(own), strict=True):
        cond = t.reshape(len(t), t.shape[1])
        gains = cond[:, 1:] - cond[:, :1]
        ok &= np.all((gains <= 1e-9) | eq, axis=1)
    hits = sorted(np.flatnonzero(ok), key=lambda b: (own[b], b))
    return [(cls.profiles[own[b]], x[b][act[b]]) for b in hits]


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
