"""Run a solution method: ``solve(game, method, **options)``.

The method is looked up in the registry (:mod:`alliance_games.solvers.registry`): the
record of ``method`` for the game's kind says which options it takes and where its code
lives. An option the method does not take, or a value of the wrong type, is a
:class:`~alliance_games.errors.SolverError` naming the method and the options it takes;
nothing is silently dropped (``progress``, a callback, is the one option every method
accepts). Runners are imported when they run, so that a notebook importing
:mod:`alliance_games` does not pay for every solver.

``auto`` picks a sound method and the result says which one ran and whether its list is
``complete``: on normal-form games see :mod:`alliance_games.solvers.auto`; on trees,
signaling games, public goods and bargaining the family's own ``auto`` (listed by
``alliance-games methods``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..budget import Budget, parse_memory
from ..equilibrium import SolveResult
from ..games.protocol import Game
from ..numbers import exact_needs_rational
from .registry import find, methods_for, where

__all__ = ["solve", "methods_for"]

Progress = Callable[[int, int], None]


def solve(
    game: Game,
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
        ``"auto"`` or a method name (see :func:`methods_for` and ``alliance-games
        methods``).
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
        Called as ``progress(done, total)`` during long enumerations (by the methods
        that report progress; the others accept it and never call it).
    method_options
        Options of the chosen method, e.g. ``label=3`` or ``all_from_artificial=True``
        for ``"lemke-howson"``, ``refine="d1"`` for ``"pbe"``.

    Returns
    -------
    SolveResult
        The frozen record: method, completeness, verified equilibria, diagnostics.

    Raises
    ------
    SolverError
        An unknown method or one that does not take this game; an option the method does
        not take (``timeout``, ``max_support`` included) or a value of the wrong type;
        ``exact`` on a game with irrational payoffs.

    Examples
    --------
    >>> from alliance_games import load
    >>> result = solve(load("security_dilemma/stag_hunt"))
    >>> len(result.equilibria), result.complete
    (3, True)
    >>> solve(load("security_dilemma/stag_hunt"), "pure", timeout=1)
    Traceback (most recent call last):
    ...
    alliance_games.errors.SolverError: option timeout not understood by method 'pure'; ...
    """
    record = find(method, game)
    given = {name: value for name, value in (
        ("exact", exact), ("timeout", timeout), ("max_support", max_support),
        ("memory", memory), ("progress", progress)) if value is not None}
    if exact is False:
        del given["exact"]  # the default: every runner's own
    given.update(method_options)
    options = record.check_options(given, where(record))
    if options.get("memory") is not None:
        options["memory"] = parse_memory(options["memory"])
    if exact and getattr(game, "exact_payoffs", True) is None:
        exact_needs_rational()
    run = {k: v for k, v in options.items() if k not in record.no_op}
    if record.option("progress") is None:
        run.pop("progress", None)
    if record.budget:
        run["budget"] = Budget.start(options.get("timeout"), options.get("memory"))
    result: SolveResult = record.load()(game, **dict(record.fixed), **run)
    return dataclasses.replace(result, requested_method=method)
