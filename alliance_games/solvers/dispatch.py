"""Pick and run a solution method: ``solve(game, method)``.

A method is a pure function ``game -> SolveResult``. The tables below map method names
to the module and function that implement them; modules are imported lazily so that a
notebook importing :mod:`alliance_games` does not pay for every solver.

``auto`` picks a sound method and the result says which one ran and whether its list is
``complete``:

- normal form, 2 players: vertex enumeration of the best-response polytopes (all extreme
  equilibria, certified exactly when payoffs are rational; complete);
- normal form, 3+ players: support enumeration with polynomial indifference systems
  (complete for small games), or all pure equilibria where no mixed solver applies
  (marked incomplete);
- other game types (extensive form, public goods, bargaining ...): the family's own
  ``auto``.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from typing import Any

from ..equilibrium import SolveResult
from ..errors import SolverError
from ..games.normal import NormalFormGame

__all__ = ["solve", "methods_for", "NORMAL_METHODS", "FAMILY_SOLVERS"]

Progress = Callable[[int, int], None]

#: method name -> (module, function) for normal-form games
NORMAL_METHODS: dict[str, tuple[str, str]] = {
    "pure": ("alliance_games.solvers.pure", "pure_equilibria"),
    "iesds": ("alliance_games.solvers.iesds", "solve_iesds"),
    "vertex-enumeration": ("alliance_games.solvers.vertex_enumeration", "vertex_enumeration"),
    "support-enumeration": ("alliance_games.solvers.support_enumeration",
                            "support_enumeration"),
    "nplayer-support-enumeration": ("alliance_games.solvers.nplayer",
                                    "nplayer_support_enumeration"),
    "logit": ("alliance_games.solvers.logit", "logit_solve"),
    "repeated": ("alliance_games.solvers.repeated", "solve_repeated"),
    "symmetric": ("alliance_games.solvers.symmetric", "solve_symmetric"),
}

#: game class name -> (module, function(game, method, **options)) for other families
FAMILY_SOLVERS: dict[str, tuple[str, str]] = {
    "ExtensiveFormGame": ("alliance_games.solvers.extensive", "solve_extensive"),
    "PublicGoodsGame": ("alliance_games.solvers.public_goods", "solve_public_goods"),
    "BargainingGame": ("alliance_games.solvers.bargaining", "solve_bargaining"),
}

#: (game class name, method) -> (module, function(game, **options)): methods of a family
#: that live outside the family's own solver (checked before FAMILY_SOLVERS)
FAMILY_METHODS: dict[tuple[str, str], tuple[str, str]] = {
    ("ExtensiveFormGame", "pbe"): ("alliance_games.solvers.pbe", "solve_pbe"),
    ("ExtensiveFormGame", "qre"): ("alliance_games.solvers.qre_extensive", "solve_qre"),
}


def _load(module: str, function: str) -> Callable[..., SolveResult]:
    try:
        mod = importlib.import_module(module)
        return getattr(mod, function)
    except (ImportError, AttributeError):
        raise SolverError(f"method implementation {module}.{function} is not available") from None


def _call(func: Callable[..., SolveResult], game: Any, **options: Any) -> SolveResult:
    """Call a solver with only the options its signature accepts."""
    import inspect

    params = inspect.signature(func).parameters
    accepted = {k: v for k, v in options.items() if k in params and v is not None}
    return func(game, **accepted)


def methods_for(game: Any) -> list[str]:
    """Method names that apply to ``game``."""
    if isinstance(game, NormalFormGame):
        names = ["auto", "pure", "iesds"]
        if game.n_players == 2:
            names += ["vertex-enumeration", "support-enumeration"]
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
    progress: Progress | None = None,
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
    progress
        Called as ``progress(done, total)`` during long enumerations.

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
               "progress": progress}
    if exact and getattr(game, "exact_payoffs", True) is None:
        raise SolverError(
            "--exact needs rational payoffs, but some payoff of this game is irrational "
            "(e.g. sqrt(2)); solve without --exact"
        )
    if isinstance(game, NormalFormGame):
        result = _solve_normal(game, method, options)
    elif method == "auto" and (type(game).__name__, "pbe") in FAMILY_METHODS and (
        (getattr(game, "info", {}) or {}).get("kind") == "signaling"
    ):
        # incomplete information with signals: perfect Bayesian equilibrium is the concept
        result = _call(_load(*FAMILY_METHODS[(type(game).__name__, "pbe")]), game, **options)
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


def _solve_normal(game: NormalFormGame, method: str, options: dict[str, Any]) -> SolveResult:
    if method == "auto":
        if game.info.get("repeated") is not None:
            method = "repeated"
        elif game.n_players == 2:
            method = "vertex-enumeration"
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
            method = "nplayer-support-enumeration"
            if options.get("timeout") is None:
                options = {**options, "timeout": AUTO_TIMEOUT}
    elif method == "support-enumeration" and game.n_players != 2:
        method = "nplayer-support-enumeration"
    if method not in NORMAL_METHODS:
        known = ", ".join(methods_for(game))
        raise SolverError(f"unknown method {method!r} for a normal-form game; use one of {known}")
    if method in ("vertex-enumeration",) and game.n_players != 2:
        raise SolverError(f"{method} needs a 2-player game; this one has {game.n_players}")
    return _call(_load(*NORMAL_METHODS[method]), game, **options)
