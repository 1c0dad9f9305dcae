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
from contextvars import ContextVar
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..budget import Budget
from ..equilibrium import SolveResult
from ..errors import AllianceGamesError
from ..games.normal import NormalFormGame
from .registry import find

if TYPE_CHECKING:  # a normal-form solve does not load the tree modules
    from ..games.extensive import ExtensiveFormGame

__all__ = [
    "auto_normal_form",
    "auto_tree",
    "SYMMETRIC_AUTO_PLAYERS",
    "AUTO_TIMEOUT",
    "AUTO_VERTEX_SECONDS",
    "AUTO_VERTEX_MAX",
    "AUTO_VERTEX_MEMORY",
    "AUTO_SHARE",
    "SET_ASIDE_SECONDS",
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
#: seconds ``auto`` spends on a tree listing the Nash equilibria it sets aside (only to
#: count them; past it the count is left out)
SET_ASIDE_SECONDS = 10.0
#: share of a limited time budget that ``auto`` gives the exhaustive method before the
#: fallback (Lemke–Howson, logit) takes over
AUTO_SHARE = 0.7
#: set while ``auto`` on a tree lists the Nash equilibria it sets aside, which it uses
#: only when the list is complete: n-player support enumeration then stops at the first
#: sign that it cannot be (a continuum), and no fallback runs
_COMPLETE_ONLY: ContextVar[bool] = ContextVar("complete_only", default=False)


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
    complete_only = _COMPLETE_ONLY.get()
    if complete_only:
        limits = {**limits, "until_incomplete": True}
    result = _runner("support-enumeration", game)(game, exact=exact, **limits,
                                                  budget=se_budget)
    stop = _stopped(result)
    if stop is None or complete_only:
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


# ---------------------------------------------------------------------- trees
def auto_tree(
    game: ExtensiveFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    memory: int | str | None = None,
    progress: Progress | None = None,
) -> SolveResult:
    """``auto`` on a game tree: the solution concept that fits the information.

    - **Perfect information**: the subgame perfect equilibria by backward induction.
    - **Imperfect or incomplete information** (information sets of several nodes, chance
      moves), when the reduced normal form is small enough to enumerate: every perfect
      Bayesian equilibrium class (:func:`alliance_games.solvers.signaling.pbe.solve_pbe`),
      each tested for being sequential (Kreps & Wilson 1982). A weak PBE leaves beliefs
      free off the path; a class that is not sequential is named "weak PBE only".
    - Larger trees: as before (one equilibrium by sequence-form Lemke, or subgames
      solved bottom-up), and the diagnostics say that the PBE analysis did not fit.

    When the Nash equilibria of the reduced normal form can be listed within the budget,
    the result says how many were set aside and why: not subgame perfect (they rest on
    non-credible threats), or subgame perfect but sustained only by off-path moves that
    no belief justifies (``extra["set_aside"]``), and a prediction line says it.

    Returns
    -------
    SolveResult
        The result of the method that ran, ``requested_method="auto"``, with the concept
        in its first diagnostic and in ``extra["predictions"]``.
    """
    from .signaling.pbe import solve_pbe
    from .tree.methods import _auto_method, solve_extensive

    limits = _given(timeout=timeout, memory=memory, progress=progress)
    if game.is_perfect_information:
        result = solve_extensive(game, "auto", exact=exact, **limits)
        return _with_set_aside(game, result, exact, timeout, "spe")
    chosen, _ = _auto_method(game)
    if chosen != "enumerate":
        result = solve_extensive(game, "auto", exact=exact, **limits)
        note = ("the perfect Bayesian / sequential analysis needs the reduced normal form, "
                "which is too large here: 'auto' solved the tree as before (use --method "
                "pbe with --timeout to insist)")
        return dataclasses.replace(result, diagnostics=(note, *result.diagnostics))
    share = None if timeout is None else AUTO_SHARE * timeout
    result = solve_pbe(game, exact=exact, timeout=share, memory=memory, progress=progress,
                       fallback=True)
    if result.method != "pbe" or not result.equilibria:
        return dataclasses.replace(result, requested_method="auto")
    return _with_set_aside(game, result, exact, timeout, "pbe")


def _concept_line(game: ExtensiveFormGame, method: str) -> str:
    if method == "spe":
        return ("perfect information: 'auto' lists the subgame perfect equilibria "
                "(backward induction)")
    what = []
    if game.has_chance:
        what.append("chance moves")
    if any(len(s.members) > 1 for s in game.infosets):
        what.append("information sets")
    return (f"incomplete or imperfect information ({' and '.join(what) or 'information sets'}"
            "): 'auto' lists the perfect Bayesian equilibria (sequential rationality at "
            "every information set, beliefs by Bayes' rule), each tested for being "
            "sequential (Kreps & Wilson 1982)")


def _with_set_aside(game: ExtensiveFormGame, result: SolveResult, exact: bool,
                    timeout: float | None, method: str) -> SolveResult:
    """Count the Nash equilibria that ``result``'s concept sets aside, and say why."""
    from .tree.methods import solve_extensive

    line = _concept_line(game, method)
    lines = [line[:1].upper() + line[1:] + "."]
    set_aside: dict[str, Any] = {}
    weak_only = sum(1 for eq in result.equilibria if eq.extra.get("sequential") is False)
    if weak_only:
        lines.append(f"{weak_only} of the {len(result.equilibria)} PBE classes "
                     f"{'is a' if weak_only == 1 else 'are'} weak PBE only (not "
                     "sequential): their off-path beliefs ignore what chance and the other "
                     "players' strategies imply after a deviation.")
    nash = None
    if _reduced_small(game):
        seconds = SET_ASIDE_SECONDS if timeout is None else max(1.0, 0.3 * timeout)
        token = _COMPLETE_ONLY.set(True)
        try:
            nash = solve_extensive(game, "enumerate", exact=exact, timeout=seconds)
        except AllianceGamesError:
            nash = None
        finally:
            _COMPLETE_ONLY.reset(token)
    if nash is not None and nash.complete:
        from .signaling.assessment import verify_assessment

        kept = {_play_key(eq) for eq in result.equilibria}
        threats = other = 0
        for eq in nash.equilibria:
            if _play_key(eq) in kept:
                continue
            if eq.concept != "subgame perfect":
                threats += 1
                continue
            assert eq.behavior is not None  # tree equilibria carry behavior
            table = [t for t in game.behavior_table(eq.behavior, exact=eq.exact)
                     if t is not None]   # complete: behavior_table raises otherwise
            if verify_assessment(game, table, exact=eq.exact) is None:
                other += 1   # a PBE it is (a point of a continuum listed once) otherwise
        set_aside = {"nash_equilibria": len(nash.equilibria),
                     "non_credible_threats": threats,
                     "unjustified_off_path": other}
        if threats or other:
            parts = []
            if threats:
                parts.append(f"{threats} rest{'s' if threats == 1 else ''} on non-credible "
                             "threats (not subgame perfect)")
            if other:
                parts.append(f"{other} on off-path moves that no belief makes optimal")
            lines.append(
                f"Of the {len(nash.equilibria)} Nash equilibria of the game (extreme "
                f"points, --method enumerate), {threats + other} "
                f"{'was' if threats + other == 1 else 'were'} set aside: "
                + "; ".join(parts) + ".")
        else:
            lines.append(f"Every one of the {len(nash.equilibria)} Nash equilibria "
                         "(--method enumerate) leads to play listed here.")
    extra = dict(result.extra)
    extra["predictions"] = [*lines, *[str(x) for x in extra.get("predictions", ()) or ()]]
    if set_aside:
        extra["set_aside"] = set_aside
    return dataclasses.replace(result, requested_method="auto", extra=extra,
                               diagnostics=(line, *result.diagnostics))


def _reduced_small(game: ExtensiveFormGame) -> bool:
    from .tree.methods import _reduced_sizes

    sizes = _reduced_sizes(game)
    if sizes is None:
        return False
    total = 1
    for m in sizes:
        total *= m
    return total <= 5_000


def _play_key(eq: Any) -> tuple:
    """What is played: outcome probabilities and payoffs (rounded for floats)."""
    def r(x: Any) -> Any:
        return x if isinstance(x, Fraction) else round(float(x), 7)

    return (tuple(sorted((k, r(v)) for k, v in eq.outcomes.items())),
            tuple(sorted((k, r(v)) for k, v in eq.payoffs.items())))
