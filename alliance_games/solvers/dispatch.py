"""Pick and run a solution method: ``solve(game, method)``.

A method is a pure function ``game -> SolveResult``. The tables below map method names
to the module and function that implement them; modules are imported lazily so that a
notebook importing :mod:`alliance_games` does not pay for every solver.

``auto`` picks a sound method and the result says which one ran and whether its list is
``complete``:

- normal form, 2 players: vertex enumeration of the best-response polytopes (all extreme
  equilibria, certified exactly when payoffs are rational; complete). Vertex enumeration
  is exponential: when the game is too large for it, or it stops at the time or memory
  budget, ``auto`` falls back to one equilibrium by Lemke–Howson (certified; marked
  incomplete) and says so;
- normal form, 3+ players: support enumeration with polynomial indifference systems
  (complete for small games); when it stops at a budget, ``auto`` adds one equilibrium
  by logit QRE path following and says so;
- other game types (extensive form, public goods, bargaining ...): the family's own
  ``auto``.
"""

from __future__ import annotations

import dataclasses
import importlib
import time
from collections.abc import Callable
from typing import Any

from ..budget import Budget
from ..equilibrium import SolveResult
from ..errors import SolverError
from ..games.normal import NormalFormGame
from ..numbers import exact_needs_rational

__all__ = ["solve", "methods_for", "NORMAL_METHODS", "FAMILY_SOLVERS"]

Progress = Callable[[int, int], None]

#: method name -> (module, function) for normal-form games
NORMAL_METHODS: dict[str, tuple[str, str]] = {
    "pure": ("alliance_games.solvers.normal.pure", "pure_equilibria"),
    "iesds": ("alliance_games.solvers.normal.iesds", "solve_iesds"),
    "vertex-enumeration": ("alliance_games.solvers.normal.vertex_enumeration",
                           "vertex_enumeration"),
    "lemke-howson": ("alliance_games.solvers.normal.lemke_howson", "lemke_howson"),
    "support-enumeration": ("alliance_games.solvers.normal.support_enumeration",
                            "support_enumeration"),
    "nplayer-support-enumeration": ("alliance_games.solvers.nplayer.supports",
                                    "nplayer_support_enumeration"),
    "logit": ("alliance_games.solvers.nplayer.logit", "logit_solve"),
    "repeated": ("alliance_games.solvers.repeated.strategies", "solve_repeated"),
    "symmetric": ("alliance_games.solvers.nplayer.symmetric", "solve_symmetric"),
}

#: game class name -> (module, function(game, method, **options)) for other families
FAMILY_SOLVERS: dict[str, tuple[str, str]] = {
    "ExtensiveFormGame": ("alliance_games.solvers.tree.methods", "solve_extensive"),
    "PublicGoodsGame": ("alliance_games.solvers.public_goods.equilibria", "solve_public_goods"),
    "BargainingGame": ("alliance_games.solvers.bargaining.solutions", "solve_bargaining"),
}

#: (game class name, method) -> (module, function(game, **options)): methods of a family
#: that live outside the family's own solver (checked before FAMILY_SOLVERS)
FAMILY_METHODS: dict[tuple[str, str], tuple[str, str]] = {
    ("ExtensiveFormGame", "pbe"): ("alliance_games.solvers.signaling.pbe", "solve_pbe"),
    ("ExtensiveFormGame", "qre"): ("alliance_games.solvers.tree.qre", "solve_qre"),
}


def _load(module: str, function: str) -> Callable[..., SolveResult]:
    try:
        mod = importlib.import_module(module)
        return getattr(mod, function)
    except (ImportError, AttributeError):
        raise SolverError(f"method implementation {module}.{function} is not available") from None


def _call(func: Callable[..., SolveResult], game: Any, **options: Any) -> SolveResult:
    """Call a solver with only the common options its signature accepts.

    Method-specific options (``_method_options``) must all be accepted: an unknown one is
    an error, never silently dropped. ``budget`` (one :class:`~alliance_games.budget.Budget`
    for the whole solve) is passed to solvers that take it, ``timeout``/``memory`` to the
    others.
    """
    import inspect

    params = inspect.signature(func).parameters
    specific = options.pop("_method_options", None) or {}
    unknown = sorted(k for k in specific if k not in params or k.startswith("_"))
    if unknown:
        raise SolverError(
            f"method option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} not "
            f"understood by {func.__name__}"
        )
    accepted = {k: v for k, v in options.items() if k in params and v is not None}
    accepted.update(specific)
    return func(game, **accepted)


def methods_for(game: Any) -> list[str]:
    """Method names that apply to ``game``."""
    if isinstance(game, NormalFormGame):
        names = ["auto", "pure", "iesds"]
        if game.n_players == 2:
            names += ["vertex-enumeration", "support-enumeration", "lemke-howson", "logit"]
        else:
            names += ["support-enumeration", "logit"]
        if game.info.get("repeated") is not None:
            names.append("repeated")
        return names
    if type(game).__name__ == "ExtensiveFormGame":
        return ["auto", "spe", "sequence-lcp", "enumerate", "pbe", "qre"]
    return ["auto"]


def solve(
    game: Any,
    method: str = "auto",
    *,
    exact: bool = False,
    timeout: float | None = None,
    max_support: int | None = None,
    memory: int | str | None = None,
    progress: Progress | None = None,
    **method_options: Any,
) -> SolveResult:
    """Compute the equilibria of ``game`` with ``method``.

    Parameters
    ----------
    game
        A game from :func:`alliance_games.load` (normal form, extensive form, or a family
        game such as public goods).
    method
        ``"auto"`` or a method name (see :func:`methods_for`).
    exact
        Certify every equilibrium in rational arithmetic (regret exactly 0).
    timeout, max_support
        Limits for exponential algorithms; a result cut short says ``complete=False``.
    memory
        Memory budget (bytes, or ``"2G"``, ``"512M"``; default
        :func:`alliance_games.budget.default_memory`). Exponential methods estimate their
        allocations first and stop (``complete=False``, with a diagnostic) rather than
        exceed it.
    progress
        Called as ``progress(done, total)`` during long enumerations.
    method_options
        Options of the chosen method, e.g. ``label=3`` or ``all_from_artificial=True``
        for ``"lemke-howson"``. An option the method does not take is an error.

    Returns
    -------
    SolveResult
        The frozen record: method, completeness, verified equilibria, diagnostics.

    Examples
    --------
    >>> from alliance_games import load
    >>> result = solve(load("security_dilemma/stag_hunt"))
    >>> len(result.equilibria), result.complete
    (3, True)
    """
    options = {"exact": exact, "timeout": timeout, "max_support": max_support,
               "progress": progress, "memory": memory}
    if memory is not None:
        from ..budget import parse_memory

        options["memory"] = parse_memory(memory)
    if method_options:
        options["_method_options"] = method_options
    if exact and getattr(game, "exact_payoffs", True) is None:
        exact_needs_rational()
    if isinstance(game, NormalFormGame):
        result = _solve_normal(game, method, options)
    elif method == "auto" and (type(game).__name__, "pbe") in FAMILY_METHODS and (
        (getattr(game, "info", {}) or {}).get("kind") == "signaling"
    ):
        # incomplete information with signals: perfect Bayesian equilibrium is the concept;
        # past its budget, auto falls back to one equilibrium that fits (and says so)
        result = _call(_load(*FAMILY_METHODS[(type(game).__name__, "pbe")]), game,
                       fallback=True, **options)
    elif (type(game).__name__, method) in FAMILY_METHODS:
        entry = FAMILY_METHODS[(type(game).__name__, method)]
        result = _call(_load(*entry), game, **options)
    else:
        entry = FAMILY_SOLVERS.get(type(game).__name__)
        if entry is None:
            raise SolverError(f"no solver is registered for {type(game).__name__}")
        result = _call(_load(*entry), game, method=method, **options)
    return dataclasses.replace(result, requested_method=method)


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


def _limited(budget: Budget, share: float) -> Budget:
    """A budget with the same memory and ``share`` of the remaining time."""
    left = budget.remaining()
    if left is None:
        return budget
    return dataclasses.replace(budget, deadline=budget.deadline - (1 - share) * left)


def _solve_normal(game: NormalFormGame, method: str, options: dict[str, Any]) -> SolveResult:
    timeout = options.get("timeout")
    if method == "auto" and game.info.get("repeated") is None and game.n_players > 2 and (
        timeout is None
    ):
        timeout = AUTO_TIMEOUT
        options = {**options, "timeout": timeout}
    budget = Budget.start(timeout, options.get("memory"))
    options = {**options, "budget": budget}
    if method == "auto":
        if game.info.get("repeated") is not None:
            method = "repeated"
        elif game.n_players == 2:
            return _auto_bimatrix(game, options, budget)
        elif (game.info.get("symmetric_binary") is not None
              and game.n_players >= SYMMETRIC_AUTO_PLAYERS):
            result = _call(_load(*NORMAL_METHODS["symmetric"]), game, **options)
            return dataclasses.replace(
                result,
                complete=False,
                diagnostics=(*result.diagnostics,
                             f"with {game.n_players} players 'auto' lists the symmetric "
                             "equilibria only (all of them); asymmetric ones exist too — use "
                             "--method support-enumeration with --timeout to search them"),
            )
        else:
            return _auto_nplayer(game, options, budget)
    elif method == "support-enumeration" and game.n_players != 2:
        method = "nplayer-support-enumeration"
    if method not in NORMAL_METHODS:
        known = ", ".join(methods_for(game))
        raise SolverError(f"unknown method {method!r} for a normal-form game; use one of {known}")
    if method in ("vertex-enumeration", "lemke-howson") and game.n_players != 2:
        raise SolverError(f"{method} needs a 2-player game; this one has {game.n_players}")
    return _call(_load(*NORMAL_METHODS[method]), game, **options)


def _stopped(result: SolveResult) -> str | None:
    """The budget message of a result cut short by a limit (None if it was not)."""
    value = result.extra.get("stopped") if result.extra else None
    return str(value) if value else None


def _auto_bimatrix(game: NormalFormGame, options: dict[str, Any], budget: Budget
                   ) -> SolveResult:
    """Vertex enumeration if it fits, else one equilibrium by Lemke–Howson."""
    m, n = game.shape
    reason = None
    if min(m, n) >= AUTO_VERTEX_MAX:
        reason = (f"vertex enumeration would exceed any reasonable budget on a {m}x{n} game "
                  "(the best-response polytopes have exponentially many vertices)")
    else:
        ve_budget = budget
        if budget.deadline is None:
            ve_budget = dataclasses.replace(budget, deadline=time.monotonic()
                                            + AUTO_VERTEX_SECONDS)
        else:
            ve_budget = _limited(budget, AUTO_SHARE)
        ve_budget = dataclasses.replace(ve_budget,
                                        memory=min(budget.memory, AUTO_VERTEX_MEMORY))
        result = _call(_load(*NORMAL_METHODS["vertex-enumeration"]), game,
                       **{**options, "budget": ve_budget})
        stop = _stopped(result)
        if stop is None:
            return result
        reason = (f"vertex enumeration would exceed the budget ({stop}; 'auto' gives it at "
                  f"most {AUTO_VERTEX_MEMORY // 2**20} MiB and {AUTO_SHARE:.0%} of the time: "
                  "use --method vertex-enumeration with --memory and --timeout to insist)")
    lh_options = {k: v for k, v in options.items() if k != "_method_options"}
    # Lemke–Howson is polynomial per pivot; give it a floor of time when the
    # enumeration used the budget up
    left = budget.remaining()
    lh_budget = budget if left is None or left >= 2.0 else dataclasses.replace(
        budget, deadline=time.monotonic() + 2.0)
    result = _call(_load(*NORMAL_METHODS["lemke-howson"]), game,
                   **{**lh_options, "budget": lh_budget})
    return dataclasses.replace(
        result,
        complete=False,
        diagnostics=(f"one equilibrium by Lemke–Howson; {reason}", *result.diagnostics),
        extra={**dict(result.extra), "fallback_from": "vertex-enumeration"},
    )


def _auto_nplayer(game: NormalFormGame, options: dict[str, Any], budget: Budget
                  ) -> SolveResult:
    """Support enumeration; past its budget, one more equilibrium by logit QRE."""
    se_budget = _limited(budget, AUTO_SHARE - 0.2)
    result = _call(_load(*NORMAL_METHODS["nplayer-support-enumeration"]), game,
                   **{**options, "budget": se_budget})
    stop = _stopped(result)
    if stop is None:
        return result
    left = budget.remaining()
    logit_budget = budget if left is None or left >= 2.0 else dataclasses.replace(
        budget, deadline=time.monotonic() + 2.0)
    logit = _call(_load(*NORMAL_METHODS["logit"]), game,
                  **{**options, "budget": logit_budget})
    known = {eq.profile() for eq in result.equilibria}
    # every pure equilibrium costs one vectorised pass over the profiles: never skipped
    pure = _call(_load(*NORMAL_METHODS["pure"]), game, exact=options.get("exact", False))
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
