"""``auto`` on normal-form games: the sound method that fits the budget.

- two players: vertex enumeration of the best-response polytopes (all extreme
  equilibria, certified exactly when payoffs are rational; complete). Vertex enumeration
  is exponential: when the game is too large for it, or it stops at the time or memory
  budget, ``auto`` falls back to one equilibrium by Lemke–Howson (certified; marked
  incomplete) and says so;
- three or more players: support enumeration with polynomial indifference systems
  (complete for small games); when it stops at a budget, ``auto`` adds every pure
  equilibrium and one equilibrium by logit QRE path following, and says so. A symmetric
  two-action game with :data:`SYMMETRIC_AUTO_PLAYERS` or more players gets its symmetric
  equilibria in closed form instead.

The methods it runs are looked up in the registry (:mod:`alliance_games.solvers.registry`).
Other game kinds have their own ``auto`` record there (the family's solver).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from ..budget import Budget
from ..equilibrium import SolveResult
from ..games.normal import NormalFormGame
from .registry import find

__all__ = [
    "auto_normal_form",
    "SYMMETRIC_AUTO_PLAYERS",
    "AUTO_TIMEOUT",
    "AUTO_VERTEX_SECONDS",
    "AUTO_VERTEX_MAX",
    "AUTO_VERTEX_MEMORY",
    "AUTO_SHARE",
]

Progress = Callable[[int, int], None]

#: ``auto`` on a symmetric two-action game with at least this many players computes the
#: symmetric equilibria in closed form instead of enumerating 2^n supports per player
SYMMETRIC_AUTO_PLAYERS = 7
#: ``auto``'s time limit for n-player support enumeration when the user gave none
AUTO_TIMEOUT = 120.0
#: ``auto``'s time limit for two-player vertex enumeration when the user gave none
AUTO_VERTEX_SECONDS = 60.0
#: ``auto`` skips vertex enumeration outright from this many strategies per player on: the
#: best-response polytopes of a generic ``k x k`` game have exponentially many vertices
#: (over ``10^6`` from about ``k = 25``, McLennan & Park 1999 for the expected count), far
#: past any budget
AUTO_VERTEX_MAX = 30
#: ``auto``'s memory ceiling for vertex enumeration (within the budget): past it, one
#: certified equilibrium by Lemke–Howson serves better than minutes of paging
AUTO_VERTEX_MEMORY = 2**30
#: share of a limited time budget that ``auto`` gives the exhaustive method before the
#: fallback (Lemke–Howson, logit) takes over
AUTO_SHARE = 0.7


def auto_normal_form(
    game: NormalFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    max_support: int | None = None,
    memory: int | None = None,
    progress: Progress | None = None,
) -> SolveResult:
    """``auto`` on a normal-form game (see the module doc for the choice).

    Parameters
    ----------
    game
        A normal-form game (not a repeated one: ``auto`` analyses those with
        ``repeated``).
    exact
        Certify every equilibrium in rational arithmetic.
    timeout, memory
        The whole solve's budget (seconds, bytes); three or more players get
        :data:`AUTO_TIMEOUT` seconds when no timeout is given.
    max_support
        Largest support tried by n-player support enumeration.
    progress
        ``progress(done, total)`` during long enumerations.

    Returns
    -------
    SolveResult
        The result of the method that ran; a fallback is marked ``complete=False`` and
        named in the diagnostics and in ``extra``.

    Examples
    --------
    >>> from alliance_games import load
    >>> r = auto_normal_form(load("security_dilemma/stag_hunt"))
    >>> r.method, len(r.equilibria), r.complete
    ('vertex-enumeration', 3, True)
    """
    if game.n_players > 2 and timeout is None:
        timeout = AUTO_TIMEOUT
    limits = _given(timeout=timeout, memory=memory, progress=progress)
    budget = Budget.start(timeout, memory)
    if game.n_players == 2:
        return _auto_bimatrix(game, exact, limits, budget)
    if (game.symmetric_binary is not None
            and game.n_players >= SYMMETRIC_AUTO_PLAYERS):
        result = _runner("symmetric", game)(game, exact=exact)
        return dataclasses.replace(
            result,
            complete=False,
            diagnostics=(*result.diagnostics,
                         f"with {game.n_players} players 'auto' lists the symmetric "
                         "equilibria only (all of them); asymmetric ones exist too — use "
                         "--method support-enumeration with --timeout to search them"),
        )
    return _auto_nplayer(game, exact, {**limits, **_given(max_support=max_support)}, budget)


def _given(**options: Any) -> dict[str, Any]:
    """The options that were given (not None)."""
    return {k: v for k, v in options.items() if v is not None}


def _runner(name: str, game: NormalFormGame) -> Callable[..., SolveResult]:
    return find(name, game).load()


def _limited(budget: Budget, share: float) -> Budget:
    """A budget with the same memory and ``share`` of the remaining time."""
    left = budget.remaining()
    if left is None or budget.deadline is None:
        return budget
    return dataclasses.replace(budget, deadline=budget.deadline - (1 - share) * left)


def _with_floor(budget: Budget) -> Budget:
    """``budget``, or two more seconds when it is (nearly) used up: a fallback that is
    polynomial per step deserves a floor of time."""
    left = budget.remaining()
    if left is None or left >= 2.0:
        return budget
    return dataclasses.replace(budget, deadline=time.monotonic() + 2.0)


def _stopped(result: SolveResult) -> str | None:
    """The budget message of a result cut short by a limit (None if it was not)."""
    value = result.extra.get("stopped") if result.extra else None
    return str(value) if value else None


def _auto_bimatrix(game: NormalFormGame, exact: bool, limits: dict[str, Any],
                   budget: Budget) -> SolveResult:
    """Vertex enumeration if it fits, else one equilibrium by Lemke–Howson."""
    m, n = game.shape
    reason = None
    if min(m, n) >= AUTO_VERTEX_MAX:
        reason = (f"vertex enumeration would exceed any reasonable budget on a {m}x{n} game "
                  "(the best-response polytopes have exponentially many vertices)")
    else:
        if budget.deadline is None:
            ve_budget = dataclasses.replace(budget, deadline=time.monotonic()
                                            + AUTO_VERTEX_SECONDS)
        else:
            ve_budget = _limited(budget, AUTO_SHARE)
        ve_budget = dataclasses.replace(ve_budget,
                                        memory=min(budget.memory, AUTO_VERTEX_MEMORY))
        result = _runner("vertex-enumeration", game)(game, exact=exact, **limits,
                                                     budget=ve_budget)
        stop = _stopped(result)
        if stop is None:
            return result
        reason = (f"vertex enumeration would exceed the budget ({stop}; 'auto' gives it at "
                  f"most {AUTO_VERTEX_MEMORY // 2**20} MiB and {AUTO_SHARE:.0%} of the time: "
                  "use --method vertex-enumeration with --memory and --timeout to insist)")
    result = _runner("lemke-howson", game)(game, exact=exact, **limits,
                                           budget=_with_floor(budget))
    return dataclasses.replace(
        result,
        complete=False,
        diagnostics=(f"one equilibrium by Lemke–Howson; {reason}", *result.diagnostics),
        extra={**dict(result.extra), "fallback_from": "vertex-enumeration"},
    )


def _auto_nplayer(game: NormalFormGame, exact: bool, limits: dict[str, Any],
                  budget: Budget) -> SolveResult:
    """Support enumeration; past its budget, one more equilibrium by logit QRE."""
    se_budget = _limited(budget, AUTO_SHARE - 0.2)
    result = _runner("support-enumeration", game)(game, exact=exact, **limits,
                                                  budget=se_budget)
    stop = _stopped(result)
    if stop is None:
        return result
    logit_limits = {k: v for k, v in limits.items() if k != "max_support"}
    logit = _runner("logit", game)(game, exact=exact, **logit_limits,
                                   budget=_with_floor(budget))
    known = {eq.profile() for eq in result.equilibria}
    # every pure equilibrium costs one vectorised pass over the profiles: never skipped
    pure = _runner("pure", game)(game, exact=exact)
    pure_eqs = tuple(eq for eq in pure.equilibria if eq.profile() not in known)
    known |= {eq.profile() for eq in pure_eqs}
    extra_eqs = tuple(eq for eq in logit.equilibria if eq.profile() not in known)
    note = (f"support enumeration stopped ({stop}); every pure equilibrium is listed, and "
            "logit QRE path following "
            + ("added one more equilibrium" if extra_eqs else
               "found no equilibrium beyond those listed"))
    return dataclasses.replace(
        result,
        complete=False,
        equilibria=(*result.equilibria, *pure_eqs, *extra_eqs),
        diagnostics=(note, *result.diagnostics, *logit.diagnostics),
        extra={**dict(result.extra), "fallback": "logit"},
    )
