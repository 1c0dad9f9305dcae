"""Solve extensive-form games: ``solve_extensive(game, method)``.

Methods
-------
``spe``
    Subgame perfect equilibria. Perfect information: backward induction, every pure SPE
    (ties give every combination). Otherwise: proper subgames solved bottom-up
    (:mod:`alliance_games.solvers.tree.subgame`), each with the normal-form solvers when
    its reduced normal form is small (:data:`SPE_ENUMERATE_VERTICES`), else, with two
    movers, by Lemke's algorithm on its sequence form (one equilibrium; the result then
    says ``complete=False``).
``enumerate``
    All Nash equilibria through the reduced normal form (all extreme equilibria of 2-player
    games by vertex enumeration), translated to behavior strategies (Kuhn 1953); each is
    also tested for subgame perfection and labelled accordingly.
``sequence-lcp``
    One equilibrium of a 2-player game by Lemke's algorithm on the sequence form (Koller,
    Megiddo & von Stengel 1996); polynomial size, for large trees (``complete=False``).
``auto``
    ``spe`` on perfect-information games (every pure SPE, complete); ``enumerate`` when
    the reduced normal form is small; ``sequence-lcp`` (2 players) or ``spe`` otherwise.

Every equilibrium is verified on the tree (regret against every pure deviation, exactly
0 with ``exact=True``; in every subgame for the concept ``"subgame perfect"``) by
:func:`alliance_games.solvers.tree.behavior.make_behavior_equilibrium`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ...budget import Budget, BudgetExceeded
from ...equilibrium import Equilibrium, SolveResult
from ...errors import GameError, SolverError
from ...games.extensive import ExtensiveFormGame
from ...games.reduced import count_plans
from ...numbers import exact_needs_rational
from .behavior import (
    behavior_key,
    complete_behavior,
    is_subgame_perfect,
    make_behavior_equilibrium,
    mixed_to_behavior,
)
from .normal_form import _normal_form_solve, _pure, normal_form_equilibria
from .tree_passes import without_gc

__all__ = ["solve_extensive", "METHODS", "AUTO_ENUMERATE_LIMIT", "normal_form_equilibria",
           "over_budget_fallback", "vertex_bound", "SPE_ENUMERATE_VERTICES"]

METHODS = ("auto", "spe", "enumerate", "sequence-lcp")

AUTO_ENUMERATE_LIMIT = 5_000
"""``auto`` enumerates the reduced normal form when it has at most this many profiles
(and, for two players, the smaller player has at most :data:`AUTO_ENUMERATE_SIDE`)."""
AUTO_ENUMERATE_SIDE = 10
AUTO_ENUMERATE_SECONDS = 30.0
MAX_SPE_LISTED = 1_000
"""Backward induction lists at most this many pure SPE (ties multiply them); on large
trees fewer (about 200,000 / number of nodes, at least 10), since each is verified."""
"""Time budget of ``auto``'s enumeration; past it, ``auto`` falls back to one equilibrium."""

FALLBACK_SECONDS = 120.0
"""Time limit of ``auto``'s fallback method when the user gave none."""

Progress = Callable[[int, int], None]


def solve_extensive(
    game: ExtensiveFormGame,
    method: str = "auto",
    *,
    exact: bool = False,
    timeout: float | None = None,
    memory: int | str | None = None,
    max_support: int | None = None,
    progress: Progress | None = None,
) -> SolveResult:
    """Equilibria of an extensive-form game in behavior strategies.

    Parameters
    ----------
    game
        A perfect-recall game (chance moves and information sets allowed).
    method
        ``"auto"``, ``"spe"``, ``"enumerate"`` or ``"sequence-lcp"`` (see the module doc).
    exact
        Certify every equilibrium in rationals (regret exactly 0; Fractions reported).
    timeout
        Seconds; a solve cut short returns what it has with ``complete=False``.
    memory
        Memory budget (``"2G"``, bytes; default :func:`alliance_games.budget.default_memory`).
        The reduced normal form is sized before it is built; one that does not fit stops
        ``enumerate`` and ``spe`` with a clear diagnostic and ``complete=False``, and
        makes ``auto`` fall back to ``sequence-lcp`` (two players) or the logit QRE.
    max_support
        Unused by tree methods (accepted for a uniform signature).
    progress
        ``progress(done, total)`` during long computations.

    Returns
    -------
    SolveResult
        Verified :class:`~alliance_games.equilibrium.Equilibrium` objects with
        ``behavior``, ``beliefs`` (Bayes' rule where defined), ``payoffs``, ``outcomes``.

    Examples
    --------
    >>> from alliance_games.games.extensive import Decision, Terminal
    >>> g = ExtensiveFormGame.from_tree(
    ...     Decision("Entrant", {"Out": Terminal((0, 2), "no entry"),
    ...                          "In": Decision("Incumbent", {
    ...                              "Fight": Terminal((-1, -1), "war"),
    ...                              "Accommodate": Terminal((1, 1), "accommodation")})}),
    ...     players=("Entrant", "Incumbent"))
    >>> result = solve_extensive(g)
    >>> [dict(eq.outcomes) for eq in result.equilibria]
    [{'accommodation': 1.0}]
    """
    # long because it is the dispatcher of the tree methods (option checks, auto choice,
    # budget and fallback): a flat sequence of cases, each calling a named solver
    del max_support
    if not isinstance(game, ExtensiveFormGame):
        raise SolverError(f"solve_extensive needs an ExtensiveFormGame, got {type(game).__name__}")
    if method not in METHODS:
        raise SolverError(
            f"unknown method {method!r} for an extensive-form game; use one of "
            f"{', '.join(METHODS)} (or 'pbe', 'qre')"
        )
    problems = game.perfect_recall_violations()
    if problems:
        raise SolverError(
            "the game does not have perfect recall, which these methods need: " + problems[0]
        )
    if exact and not game.is_exact:
        exact_needs_rational()
    budget = Budget.start(timeout, memory)
    chosen = method
    reason = ""
    if method == "auto":
        chosen, reason = _auto_method(game)
    start = time.monotonic()
    try:
        if chosen == "spe":
            result = _solve_spe(game, exact, timeout, progress, budget)
        elif chosen == "enumerate" and method == "auto" and game.n_players == 2:
            seconds = AUTO_ENUMERATE_SECONDS if timeout is None else min(
                timeout, AUTO_ENUMERATE_SECONDS)
            result = _solve_enumerate(game, exact, seconds, progress, budget)
            if not result.equilibria:
                chosen = "sequence-lcp"
                reason = (f"enumerating the reduced normal form took over {seconds:g} s: one "
                          "equilibrium by Lemke's algorithm on the sequence form instead")
                result = _solve_sequence_lcp(game, exact, timeout, progress)
        elif chosen == "enumerate":
            result = _solve_enumerate(game, exact, timeout, progress, budget)
        else:
            result = _solve_sequence_lcp(game, exact, timeout, progress)
    except TimeoutError:
        result = SolveResult(
            game=game, method=chosen, complete=False, equilibria=(), exact=exact,
            diagnostics=(f"timed out after {timeout} s before any equilibrium was verified",),
        )
    except (BudgetExceeded, MemoryError) as exc:
        # MemoryError only as a last resort: every large allocation is sized first
        message = str(exc) if isinstance(exc, BudgetExceeded) else (
            f"{chosen} ran out of memory")
        if method == "auto" and getattr(exc, "kind", "memory") == "memory":
            return over_budget_fallback(game, message, exact=exact,
                                        timeout=budget.remaining(),
                                        progress=progress, requested=method, start=start)
        result = SolveResult(
            game=game, method=chosen, complete=False, equilibria=(), exact=exact,
            diagnostics=(f"{message}; no equilibrium was computed (method 'auto' falls "
                         "back to a method that fits)",),
        )
    extra = dict(result.extra)
    extra["seconds"] = round(time.monotonic() - start, 6)
    diagnostics = list(result.diagnostics)
    if reason:
        diagnostics.insert(0, reason)
    import dataclasses

    return dataclasses.replace(result, extra=extra, diagnostics=tuple(diagnostics),
                               requested_method=method)


# ---------------------------------------------------------------------- method choice
def _auto_method(game: ExtensiveFormGame) -> tuple[str, str]:
    if game.is_perfect_information:
        return "spe", "perfect information: backward induction lists every pure subgame " \
                      "perfect equilibrium"
    sizes = _reduced_sizes(game)
    if sizes is not None:
        total = 1
        for m in sizes:
            total *= m
        active = sorted(m for m in sizes if m > 1)
        small_side = len(active) < 2 or (len(active) == 2 and active[0] <= AUTO_ENUMERATE_SIDE)
        if total <= AUTO_ENUMERATE_LIMIT and (small_side or len(active) > 2):
            return "enumerate", (
                f"imperfect information; the reduced normal form is small "
                f"({' x '.join(map(str, sizes))}): all equilibria are enumerated"
            )
    if game.n_players == 2:
        return "sequence-lcp", (
            "imperfect information and a large reduced normal form: one equilibrium by "
            "Lemke's algorithm on the sequence form (the list is not complete)"
        )
    return "spe", "imperfect information, more than two players: subgames solved bottom-up"


def _reduced_sizes(game: ExtensiveFormGame) -> list[int] | None:
    """Number of reduced strategies per player, or None when astronomically many."""
    out = []
    for i in range(game.n_players):
        count = count_plans(game, i, cap=10 ** 7)
        if count > 10 ** 7:
            return None
        out.append(count)
    return out


def over_budget_fallback(
    game: ExtensiveFormGame,
    message: str,
    *,
    exact: bool = False,
    timeout: float | None = None,
    progress: Progress | None = None,
    requested: str = "auto",
    start: float | None = None,
) -> SolveResult:
    """What ``auto`` returns when the complete method does not fit its budget.

    Two players: one equilibrium by Lemke's algorithm on the sequence form (polynomial
    size); more players: the logit QRE traced towards a Nash equilibrium. Either way the
    result says why (``message``, e.g. the reduced normal form's estimated size) and is
    marked ``complete=False``.
    """
    import dataclasses

    start = time.monotonic() if start is None else start
    if timeout is None:
        timeout = FALLBACK_SECONDS
    if game.n_players == 2:
        result = _solve_sequence_lcp(game, exact, timeout, progress)
        how = ("one equilibrium by Lemke's algorithm on the sequence form (polynomial "
               "size)")
    else:
        from .qre import solve_qre

        result = solve_qre(game, exact=exact, timeout=timeout, progress=progress)
        how = "the logit quantal response equilibrium traced towards a Nash equilibrium"
    note = (f"{message}: 'auto' fell back to {result.method}, {how}; the list is not "
            "complete")
    extra = dict(result.extra)
    extra["seconds"] = round(time.monotonic() - start, 6)
    extra["fallback"] = {"method": result.method, "reason": message}
    return dataclasses.replace(result, complete=False, extra=extra,
                               diagnostics=(note, *result.diagnostics),
                               requested_method=requested)


# ---------------------------------------------------------------------- methods
def _solve_spe(game: ExtensiveFormGame, exact: bool, timeout: float | None,
               progress: Progress | None, budget: Budget | None = None) -> SolveResult:
    # imported here: a tree solved by 'enumerate' or the PBE search needs neither
    from .backward_induction import backward_induction
    from .subgame import subgame_perfect

    if game.is_perfect_information:
        cap = max(10, min(MAX_SPE_LISTED, 200_000 // len(game.nodes)))
        bi = backward_induction(game, timeout=timeout, max_solutions=cap)
        diagnostics = []
        if bi.ties:
            shown = ", ".join(bi.ties[:5]) + (" ..." if len(bi.ties) > 5 else "")
            diagnostics.append(
                f"a mover is indifferent at {shown}: every pure combination of the tied "
                "actions is listed; mixtures of them are subgame perfect too"
            )
        if not bi.complete:
            diagnostics.append(
                f"ties give more than {len(bi.choices)} pure subgame perfect equilibria: "
                f"only the first {len(bi.choices)} are listed"
            )
        equilibria = []
        total = len(bi.choices)
        # one row tuple per (number of actions, action), shared by every information set
        # and every listed equilibrium; the collector is paused while the tables and
        # equilibria of a large tree are made (no reference cycles among them)
        rows: dict[tuple[int, int], tuple[Any, ...]] = {}
        sizes = [len(s.actions) for s in game.infosets]
        with without_gc():
            for k, choice in enumerate(bi.choices):
                table = []
                for n_actions, a in zip(sizes, choice, strict=True):
                    row = rows.get((n_actions, a))
                    if row is None:
                        row = rows[(n_actions, a)] = _pure(n_actions, a, exact)
                    table.append(row)
                equilibria.append(make_behavior_equilibrium(
                    game, table, exact=exact, concept="subgame perfect"))
                if progress is not None:
                    progress(k + 1, total)
        return SolveResult(
            game=game, method="spe", complete=bi.complete, equilibria=tuple(equilibria),
            exact=exact, diagnostics=tuple(diagnostics),
            extra={"algorithm": "backward induction",
                   **({"indifferent at": list(bi.ties)} if bi.ties else {})},
        )
    local = _local_solver(exact, timeout, budget)
    # ties multiply subgame equilibria (a 512-leaf random tree has thousands of pure SPE)
    # and each listed one is verified on the whole tree: list at most as many as the
    # perfect-information path does for a tree of this size, said in the diagnostics
    listed = max(10, min(MAX_SPE_LISTED, 200_000 // len(game.nodes)))
    sol = subgame_perfect(game, local, exact=exact, timeout=timeout, max_combinations=listed)
    equilibria, dropped = _verified(game, sol.tables, exact, "subgame perfect")
    diagnostics = list(sol.diagnostics)
    if dropped:
        diagnostics.append(f"{dropped} candidate profiles failed verification and were dropped")
    return SolveResult(
        game=game, method="spe", complete=sol.complete and not dropped,
        equilibria=tuple(equilibria), exact=exact, diagnostics=tuple(diagnostics),
        extra={"algorithm": "subgame decomposition",
               "subgames": len(game.subgame_roots)},
    )


def _solve_enumerate(game: ExtensiveFormGame, exact: bool, timeout: float | None,
                     progress: Progress | None, budget: Budget | None = None) -> SolveResult:
    # long because the budget, timeout and fallback handling wrap one decomposition
    # call; splitting would pass the same six values through every piece
    try:
        rnf = game.reduced_normal_form(budget)
    except GameError as exc:
        raise SolverError(str(exc)) from None
    deadline = None if timeout is None else time.monotonic() + timeout
    profiles, complete, notes, nf_components = _normal_form_solve(
        rnf.game, exact=exact, timeout=timeout, progress=progress)
    tables: list[list[Any]] = []
    seen: dict[tuple, int] = {}
    where: list[int] = []  # normal-form equilibrium -> behavior equilibrium
    merged = 0
    stopped = None
    for done, prof in enumerate(profiles):
        if deadline is not None and time.monotonic() > deadline:
            complete = False
            stopped = (f"stopped at the time limit after converting {done} of "
                       f"{len(profiles)} normal-form equilibria to behavior strategies")
            break
        table = mixed_to_behavior(game, rnf.plans, prof, exact=exact)
        table = complete_behavior(game, table, exact=exact)
        key = behavior_key(table)
        if key in seen:
            merged += 1
            where.append(seen[key])
            continue
        seen[key] = len(tables)
        where.append(len(tables))
        tables.append(table)
    components = tuple(
        group for group in (
            tuple(sorted({where[k] for k in comp if k < len(where)})) for comp in nf_components
        ) if len(group) > 1
    )
    if merged:
        # the normal-form notes number equilibria before merging: restate components
        notes = [n for n in notes if not n.startswith("Component")]
        for c, group in enumerate(components, start=1):
            shown = ", ".join(f"#{k + 1}" for k in group)
            notes.append(f"Component {c} (equilibria {shown}) is a continuum: mixtures "
                         "of these equilibria in the reduced normal form are equilibria too")
    equilibria: list[Equilibrium] = []
    spe_count = 0
    # without a proper subgame (and off perfect information, where the record adds the
    # one-shot test) subgame perfection is the root regret that the record verifies
    # anyway: one computation instead of two (a table failing it fails the record too)
    root_only = len(game.subgame_roots) == 1 and not game.is_perfect_information
    for table in tables:
        if deadline is not None and time.monotonic() > deadline:
            complete = False
            stopped = stopped or (f"stopped at the time limit after checking {len(equilibria)} "
                                  f"of {len(tables)} equilibria for subgame perfection")
            components = tuple(g for g in components if max(g) < len(equilibria))
            break
        concept = ("subgame perfect" if root_only or is_subgame_perfect(game, table, exact=exact)
                   else "nash")
        spe_count += concept == "subgame perfect"
        equilibria.append(make_behavior_equilibrium(game, table, exact=exact, concept=concept))
    diagnostics = list(notes)
    if stopped:
        diagnostics.append(stopped)
    if merged:
        diagnostics.append(
            f"{merged} normal-form equilibria induce the same behavior as another and were "
            "merged"
        )
    diagnostics.append(
        f"{spe_count} of the {len(equilibria)} equilibria are subgame perfect"
        + ("" if len(game.subgame_roots) > 1 else " (the game has no proper subgame)")
    )
    diagnostics.append(
        "behavior at information sets a player's own moves exclude is completed with a "
        "best action (any choice there keeps the equilibrium)"
    )
    return SolveResult(
        game=game, method="enumerate", complete=complete, equilibria=tuple(equilibria),
        exact=exact, diagnostics=tuple(diagnostics), components=components,
        extra={"reduced_normal_form": list(rnf.game.shape)},
    )


def _solve_sequence_lcp(game: ExtensiveFormGame, exact: bool, timeout: float | None,
                        progress: Progress | None) -> SolveResult:
    from .sequence_lcp import lemke_behavior, sequence_form_lemke

    res = sequence_form_lemke(game, exact=exact, timeout=timeout, progress=progress)
    table = complete_behavior(game, lemke_behavior(game, res), exact=res.exact)
    concept = "subgame perfect" if is_subgame_perfect(game, table, exact=exact) else "nash"
    eq = make_behavior_equilibrium(game, table, exact=exact, concept=concept,
                                   extra={"pivots": res.pivots})
    return SolveResult(
        game=game, method="sequence-lcp", complete=False, equilibria=(eq,), exact=exact,
        diagnostics=(
            "Lemke's algorithm finds one equilibrium; others may exist",
        ),
        extra={"pivots": res.pivots, "seed": res.seed},
    )


# ---------------------------------------------------------------------- helpers
def _verified(game: ExtensiveFormGame, tables: Any, exact: bool, concept: str
              ) -> tuple[list[Equilibrium], int]:
    out, seen, dropped = [], set(), 0
    for table in tables:
        key = behavior_key(table)
        if key in seen:
            continue
        seen.add(key)
        try:
            out.append(make_behavior_equilibrium(game, table, exact=exact, concept=concept))
        except SolverError:
            dropped += 1
    return out, dropped


SPE_ENUMERATE_VERTICES = 10 ** 6
"""``spe`` enumerates a two-mover subgame's reduced normal form (all its extreme
equilibria) when the upper-bound theorem allows its best-response polytope at most this
many vertices (:func:`vertex_bound`); past it the subgame is solved by Lemke's algorithm
on its sequence form (one equilibrium, polynomial size). The bound depends only on the
shape, so the choice does not depend on the payoffs or on the machine's load."""
SPE_ENUMERATE_PROFILES = 10 ** 6
VERTEX_BOUND_CAP = 10 ** 40
"""What :func:`vertex_bound` returns when the smaller side exceeds 64 plans."""


def vertex_bound(m: int, n: int) -> int:
    """McMullen's upper bound on the vertices of the best-response polytope of an
    ``m x n`` bimatrix game (dimension ``d = min(m, n)``, ``m + n`` facets).

    The maximum number of vertices of a ``d``-polytope with ``N`` facets is
    ``C(N - ceil(d/2), floor(d/2)) + C(N - floor(d/2) - 1, ceil(d/2) - 1)``
    (McMullen 1970, by duality with the cyclic polytope); vertex enumeration visits at
    most that many vertices of the smaller polytope. Past 64 plans on the smaller side
    the bound is not computed: :data:`VERTEX_BOUND_CAP` stands for it.

    References
    ----------
    P. McMullen, "The maximum numbers of faces of a convex polytope", *Mathematika* 17,
    1970, pp. 179-184.

    Examples
    --------
    >>> vertex_bound(2, 2), vertex_bound(16, 12)
    (4, 94962)
    """
    from math import comb

    d, big_n = min(m, n), m + n
    if d > 64:   # past any budget; the binomials of huge games are slow to compute
        return VERTEX_BOUND_CAP
    return comb(big_n - (d + 1) // 2, d // 2) + comb(big_n - d // 2 - 1, (d + 1) // 2 - 1)


def _big(n: int) -> str:
    """``n`` for a sentence: ``94962``, ``1.2e+08``, ``over 10^40`` (the cap)."""
    if n < 10 ** 6:
        return str(n)
    if n >= VERTEX_BOUND_CAP:
        return "over 10^40"
    digits = len(str(n)) - 1
    return f"{n / 10 ** digits:.2g}e+{digits:02d}"


def _movers_shape(tgame: ExtensiveFormGame) -> tuple[list[int], int]:
    """Reduced plan counts of the players with a choice in ``tgame``, and their product
    (counted, not listed; capped past 10^12)."""
    movers, total = [], 1
    for i in range(tgame.n_players):
        m = count_plans(tgame, i, cap=10 ** 9)
        if m > 1:
            movers.append(m)
            total = min(total * m, 10 ** 12)
    return movers, total


def _enumerable(movers: list[int], total: int) -> bool:
    if len(movers) < 2:
        return total <= SPE_ENUMERATE_PROFILES   # one mover: best plans of a vector
    if len(movers) == 2:
        return (total <= SPE_ENUMERATE_PROFILES
                and vertex_bound(*movers) <= SPE_ENUMERATE_VERTICES)
    return True  # n movers: the normal-form solvers' own budget decides


def _two_mover_game(tgame: ExtensiveFormGame) -> tuple[ExtensiveFormGame, list[int]]:
    """``tgame`` with only its two movers as players (others have no information set)."""
    import dataclasses

    movers = sorted({s.player for s in tgame.infosets})
    if len(movers) == tgame.n_players:
        return tgame, movers
    where = {p: k for k, p in enumerate(movers)}
    nodes = tuple(
        dataclasses.replace(
            n, payoffs=tuple(n.payoffs[p] for p in movers),
            exact_payoffs=(None if n.exact_payoffs is None
                           else tuple(n.exact_payoffs[p] for p in movers)))
        if n.is_terminal else n
        for n in tgame.nodes)
    infosets = tuple(dataclasses.replace(s, player=where[s.player]) for s in tgame.infosets)
    nodes = tuple(dataclasses.replace(n, player=where[n.player]) if n.player is not None else n
                  for n in nodes)
    small = ExtensiveFormGame(name=tgame.name, players=tuple(tgame.players[p] for p in movers),
                              nodes=nodes, infosets=infosets)
    return small, movers


def _sequence_form_local(tgame: ExtensiveFormGame, exact: bool, timeout: float | None
                         ) -> list[list[Any]]:
    """One equilibrium of a two-mover game without proper subgames, by the sequence form."""
    from .sequence_lcp import lemke_behavior, sequence_form_lemke

    small, _ = _two_mover_game(tgame)
    res = sequence_form_lemke(small, exact=exact and small.is_exact, timeout=timeout)
    table = complete_behavior(small, lemke_behavior(small, res), exact=res.exact)
    if exact and not res.exact:  # pragma: no cover - exact games certify exactly
        raise SolverError("the sequence-form equilibrium could not be certified exactly")
    return [table]   # information sets keep their order in the two-mover copy


def _local_solver(exact: bool, timeout: float | None, budget: Budget | None = None
                  ) -> Callable:
    """Solver for games without proper subgames (used by the decomposition).

    Perfect information: backward induction (every pure SPE). Otherwise the reduced
    normal form when it is small (:func:`_enumerable`: all extreme equilibria), else, for
    two movers, one equilibrium by the sequence-form Lemke algorithm (Koller, Megiddo &
    von Stengel 1996), marked incomplete: the reduced normal form of a subgame with
    information sets grows exponentially in the tree and its vertex enumeration with it.
    """

    from .backward_induction import backward_induction

    def solve_local(tgame: ExtensiveFormGame) -> tuple[list[list[Any]], bool, list[str]]:
        if not tgame.infosets:
            return [[]], True, []
        if tgame.is_perfect_information:
            bi = backward_induction(tgame)
            tables = [[_pure(len(tgame.infosets[h].actions), a, exact)
                       for h, a in enumerate(choice)] for choice in bi.choices]
            notes = ([f"indifference at {', '.join(bi.ties)}: mixtures of tied actions are "
                      "subgame perfect too"] if bi.ties else [])
            return tables, bi.complete, notes
        if budget is not None and budget.expired():
            raise TimeoutError
        movers, total = _movers_shape(tgame)
        if not _enumerable(movers, total) and len(movers) == 2:
            seconds = None if budget is None else budget.remaining()
            tables = _sequence_form_local(tgame, exact, seconds)
            note = (f"a subgame's reduced normal form ({' x '.join(map(str, movers))} plans, "
                    f"best-response polytopes of up to {_big(vertex_bound(*movers))} vertices) "
                    "is too large to enumerate: one equilibrium of it by Lemke's algorithm "
                    "on the sequence form, so other subgame perfect equilibria may exist")
            return tables, False, [note]
        try:
            rnf = tgame.reduced_normal_form(budget)
        except GameError as exc:
            raise SolverError(f"subgame at {tgame.nodes[0].name!r}: {exc}") from None
        profiles, complete, notes = normal_form_equilibria(rnf.game, exact=exact,
                                                           timeout=timeout)
        tables = []
        for prof in profiles:
            table = mixed_to_behavior(tgame, rnf.plans, prof, exact=exact)
            tables.append(complete_behavior(tgame, table, exact=exact))
        return tables, complete, notes

    return solve_local
