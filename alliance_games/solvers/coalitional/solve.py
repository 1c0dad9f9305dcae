"""Solve a coalitional game: power indices, winning coalitions, the core, the nucleolus.

:func:`solve_coalitional` is the registry's runner for ``kind: coalitional``. A
coalitional game has no strategy profiles, so the result has no equilibria: every
figure is under ``analysis`` (``SolveResult.extra``), exact where the game is, with the
keys listed in ``docs/spec-coalitional.md``.

References
----------
Shapley, L. S. & Shubik, M. (1954). *APSR* 48(3), 787-792. Banzhaf, J. F. (1965).
*Rutgers Law Review* 19, 317-343. Riker, W. H. (1962). *The Theory of Political
Coalitions*. Bondareva (1963); Shapley (1967); Schmeidler (1969): see
:mod:`alliance_games.solvers.coalitional.core`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ...budget import Budget, BudgetExceeded
from ...equilibrium import SolveResult
from ...errors import SolverError
from ...games.coalitional import CoalitionalGame
from .core import MAX_CORE_PLAYERS, least_core, nucleolus
from .indices import (
    banzhaf_counts,
    banzhaf_indices,
    dummy_players,
    marginal_sums,
    minimal_winning_masks,
    shapley_value,
    veto_players,
    winning_masks,
)
from .nucleolus import exact_nucleolus
from .symmetry import interchangeable_classes, least_core_program, symmetric_nucleolus

__all__ = ["solve_coalitional", "MAX_LISTED", "MAX_NUCLEOLUS_PLAYERS"]

#: coalitions listed by name in the analysis (the counts are always complete)
MAX_LISTED = 60
#: the nucleolus's sequential LPs are run up to this many players
MAX_NUCLEOLUS_PLAYERS = 15
# bytes of work per coalition and player (numpy temporaries of the index sums)
_BYTES_PER_CELL = 64


def solve_coalitional(game: CoalitionalGame, exact: bool = False,
                      timeout: float | None = None, memory: int | str | None = None,
                      budget: Budget | None = None) -> SolveResult:
    """Every power figure of ``game`` and its core, in exact rationals where possible.

    Parameters
    ----------
    game
        A :class:`~alliance_games.games.coalitional.CoalitionalGame`.
    exact
        Accepted for the common interface: the figures are exact whenever the game's
        values are rational (a diagnostic says when they are not).
    timeout, memory
        Limits for the budget when none is given (``solve()`` passes its own budget).
    budget
        Time and memory budget; the ``2^n`` tables are sized against it first.

    Returns
    -------
    SolveResult
        No equilibria; ``extra`` holds ``shapley_value``, ``banzhaf_*``, coalitions,
        ``veto_players``, ``dummy_players``, the core and, when cheap, the nucleolus
        (exact, certified stage by stage, on rational games: ``nucleolus_verified``).

    Examples
    --------
    >>> g = CoalitionalGame.weighted_voting(["A", "B", "C"], [2, 1, 1], 3)
    >>> r = solve_coalitional(g)
    >>> r.extra["shapley_value"]["A"], r.extra["veto_players"], r.extra["core_empty"]
    (Fraction(2, 3), ['A'], False)
    """
    if not isinstance(game, CoalitionalGame):
        raise SolverError("solve_coalitional needs a coalitional game")
    budget = budget or Budget.start(timeout, memory)
    n = game.n_players
    budget.require(2 ** n * n * _BYTES_PER_CELL, f"the {2 ** n:,} coalitions of {n} players")
    names = game.players
    diagnostics: list[str] = []
    if exact and not game.exact:
        diagnostics.append("some coalition values are irrational: figures are floats")
    extra: dict[str, Any] = {}
    if game.weights is not None:
        extra["weights"] = dict(zip(names, game.weights, strict=True))
        extra["quota"] = game.quota
        total = sum(game.weights, Fraction(0))
        extra["weight_shares"] = {p: (w / total if total else w)
                                  for p, w in zip(names, game.weights, strict=True)}
    extra["grand_coalition_value"] = game.value(game.grand)
    simple = game.is_simple
    extra["simple"] = simple
    sums = [marginal_sums(game, i) for i in range(n)]
    phi = shapley_value(game, sums)
    budget.check_time("the Shapley value")
    extra["shapley_value"] = dict(zip(names, phi, strict=True))
    counts = banzhaf_counts(game, sums)
    raw, norm = banzhaf_indices(game, counts)
    budget.check_time("the Banzhaf index")
    if simple:
        extra["shapley_shubik_index"] = dict(zip(names, phi, strict=True))
        extra["banzhaf_swings"] = {p: int(c) for p, c in zip(names, counts, strict=True)}
    extra["banzhaf_index"] = dict(zip(names, norm, strict=True))
    extra["banzhaf_raw"] = dict(zip(names, raw, strict=True))
    extra["dummy_players"] = list(dummy_players(game))
    if simple:
        extra.update(_coalitions(game))
        extra["veto_players"] = list(veto_players(game))
    _core(game, extra, diagnostics, budget)
    return SolveResult(
        game=game, method="coalitional", complete=True, equilibria=(),
        exact=game.exact, diagnostics=tuple(diagnostics), extra=extra,
        requested_method="auto")


def _coalitions(game: CoalitionalGame) -> dict[str, Any]:
    """Winning and minimal winning coalitions; Riker's smallest ones."""
    wins = winning_masks(game)
    minimal = [int(m) for m in minimal_winning_masks(game)]
    out: dict[str, Any] = {"winning_coalitions": int(len(wins)),
                           "minimal_winning_count": len(minimal)}
    if game.weights is not None and minimal:
        weight = _weights_of(game, minimal)
        low = min(weight.values())
        smallest = [m for m in minimal if weight[m] == low]
        out["smallest_winning_weight"] = low
    else:
        low_size = min((bin(m).count("1") for m in minimal), default=0)
        smallest = [m for m in minimal if bin(m).count("1") == low_size]
    minimal.sort(key=lambda m: (bin(m).count("1"), m))
    out["minimal_winning_coalitions"] = [list(game.members(m)) for m in minimal[:MAX_LISTED]]
    if len(minimal) > MAX_LISTED:
        out["minimal_winning_listed"] = MAX_LISTED
    out["smallest_winning_count"] = len(smallest)
    out["smallest_winning_coalitions"] = [list(game.members(m)) for m in smallest[:MAX_LISTED]]
    return out


def _weights_of(game: CoalitionalGame, masks: list[int]) -> dict[int, Any]:
    """``game.weight_of`` of each mask; for rational weights as integer sums over their
    common denominator (the same Fractions, without a Fraction addition per member)."""
    weights = game.weights or ()
    if not all(isinstance(w, (int, Fraction)) for w in weights):
        return {m: game.weight_of(m) for m in masks}
    den = math.lcm(*(Fraction(w).denominator for w in weights))
    scaled = [int(w * den) for w in weights]
    return {m: Fraction(sum(w for i, w in enumerate(scaled) if m >> i & 1), den)
            for m in masks}


def _core(game: CoalitionalGame, extra: dict[str, Any], diagnostics: list[str],
          budget: Budget) -> None:
    n = game.n_players
    if n > MAX_CORE_PLAYERS:
        diagnostics.append(f"the core LP has 2^{n} rows; it is computed up to "
                           f"{MAX_CORE_PLAYERS} players and was skipped")
        return
    # interchangeable players: one variable per class, one row per profile (exact, small)
    classes = interchangeable_classes(game) if game.exact else None
    cert, program = least_core_program(game, classes) if classes else (None, None)
    try:
        cert = cert or least_core(game, budget)
    except BudgetExceeded as exc:
        diagnostics.append(f"the core was not computed: {exc}")
        return
    except ArithmeticError as exc:
        diagnostics.append(f"the core was not computed: {exc}")
        return
    names = game.players
    extra["core_empty"] = bool(cert.core_empty)
    extra["least_core_epsilon"] = cert.epsilon
    if cert.core_empty:
        level = cert.balance_level
        extra["balanced_collection"] = [
            {"coalition": list(game.members(m)), "weight": lam / level}
            for m, lam in sorted(cert.balanced.items())]
        extra["least_core_allocation"] = dict(zip(names, cert.allocation, strict=True))
    else:
        extra["core_allocation"] = dict(zip(names, cert.allocation, strict=True))
    extra["core_certificate_verified"] = cert.verified
    if not cert.verified:
        diagnostics.append("the core LP's certificate could not be confirmed in rational "
                           "arithmetic: the core verdict rests on floating point")
    if n <= MAX_NUCLEOLUS_PLAYERS:
        try:
            if game.exact:
                found = (symmetric_nucleolus(game, classes, program) if classes else None
                         ) or exact_nucleolus(game, budget)
                x = found.allocation
                extra["nucleolus_verified"] = found.verified
                if not found.verified:
                    diagnostics.append("the nucleolus's LP optima could not be certified "
                                       "in rational arithmetic: it is a float answer")
            else:
                x, _levels = nucleolus(game, budget)
            extra["nucleolus"] = dict(zip(names, (0.0 if v == 0 and not isinstance(
                v, Fraction) else v for v in x), strict=True))
        except BudgetExceeded as exc:
            diagnostics.append(f"the nucleolus was not computed: {exc}")
