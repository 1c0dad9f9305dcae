"""Candidate PBE profiles: extreme Nash equilibria of the reduced normal form, extended
off the path, solved subgame by subgame.

Steps (the search of :func:`alliance_games.solvers.signaling.pbe.solve_pbe`):

1. :func:`pbe_assessments` prunes never-optimal last moves (:mod:`.prune`), then
2. :func:`_decomposed` solves every maximal proper subgame first, replaces it by its
   equilibrium payoffs and solves the truncated game (a PBE restricted to a subgame is a
   PBE of it), recombining the pieces;
3. :func:`_flat` enumerates, in a game without proper subgames, the extreme Nash
   equilibria of the reduced normal form and translates each into behavior (Kuhn 1953);
4. :func:`_extensions` re-chooses the behavior at the unreached information sets by a
   depth-first search that prunes choices no belief makes optimal (the node values kept
   up to date incrementally: :func:`_refresh_values`), and tests each complete profile
   with :func:`.assessment._check_assessment` after a float filter on the regrets
   (:func:`_float_rejects`), each distinct profile once per game (its verdict kept in
   the search's context and read again by the final test of an unpruned game without
   proper subgames);
5. the recombined candidates of a game with proper subgames are tested piece by piece
   (:class:`.pieces.PieceChecker`: each subgame's test memoised by its play; the same
   verdicts and assessments as the whole-tree test, by the subgame decomposition of
   Nash equilibrium and of the PBE conditions, Fudenberg & Tirole 1991, sec. 3.5 and
   8.2).

References
----------
H. W. Kuhn, "Extensive games and the problem of information", 1953.
D. Avis, G. D. Rosenberg, R. Savani & B. von Stengel, "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42, 2010, pp. 9-37.
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from ...budget import Budget
from ...equilibrium import DEFAULT_TOL
from ...errors import GameError, SolverError
from ...games.extensive import CHANCE, TERMINAL, ExtensiveFormGame
from ...games.reduced import MAX_PROFILES, check_size
from ..normal.components import nash_components
from ..tree.behavior import mixed_to_behavior, node_value, node_values, player_regrets
from ..tree.methods import _big, _enumerable, _movers_shape, _two_mover_game, vertex_bound
from ..tree.normal_form import normal_form_equilibria
from .assessment import (
    Assessment,
    _action_values,
    _check_assessment,
    _Context,
    _dependencies,
    _innermost_subgames,
    _is_zero,
    _key,
    _require_tables,
    _scale,
    _snap,
    _support,
    _Verdicts,
)
from .beliefs import belief_feasible
from .prune import _prune_never_optimal, _truncate, _unprune

__all__ = ["pbe_assessments"]

_MAX_EXTENSIONS = 2_000
#: steps of the off-path depth-first search per game without proper subgames (each
#: evaluates the tree once): a budget of work fixed before the search
_MAX_DFS_STEPS = 1_500
_MAX_COMBINATIONS = 512
#: subgame candidates recombined in full up to this many combinations per value group
_FULL_RECOMBINE = 64
#: past it, at most this many combinations of subgame classes (variants side by side)
_MAX_RECOMBINE = 256
#: recombined candidate profiles per game with proper subgames
_MAX_CANDIDATES = 2_000
#: verified assessments kept per off-path search (variants of one on-path play)
MAX_VARIANTS = 32
#: profiles tested while extending the sequence-form equilibrium off the path
_MAX_LEMKE_EXTENSIONS = 200
_SUSTAIN_PASSES = 6
#: the depth-first re-choice is tried only with at most this many unreached sets
_MAX_LEMKE_DFS_SETS = 12

Progress = Callable[[int, int], None]


def _candidates(
    game: ExtensiveFormGame, h: int, own: tuple[Any, ...] | None, exact: bool, tol: float
) -> list[tuple[Any, ...]]:
    k = len(game.infosets[h].actions)
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    pure = [tuple(one if j == a else zero for j in range(k)) for a in range(k)]
    if own is not None and len(_support(own, tol)) > 1:
        return [own, *pure]
    if own is not None:
        a = _support(own, tol)[0]
        return [pure[a]] + [p for j, p in enumerate(pure) if j != a]
    return pure


def _extensions(ctx: _Context, table: list[Any], unreached: list[int], *,
                limit: int | None = None, first: bool = False) -> list[Assessment]:
    """All assessments that keep ``table`` on the path and re-choose the unreached sets
    (with ``first``, the first one found; ``limit`` caps the profiles tested)."""
    game, exact, tol = ctx.game, ctx.exact, ctx.tol
    order = sorted(unreached, key=lambda h: -min(game.infosets[h].members))
    options = {h: _candidates(game, h, table[h], exact, tol) for h in order}
    work = list(table)
    placeholder = {h: options[h][0] for h in order}
    for h in order:
        work[h] = placeholder[h]
    values = node_values(game, work, exact)   # kept up to date as ``work`` changes
    found: list[Assessment] = []
    pending = set(order)

    def ready(h: int) -> bool:
        return not (ctx.deps[h] & pending)

    # depth-first search over the unreached sets with an explicit stack (``k[d]``: the
    # next option to try at depth ``d``), so a deep tree cannot hit the recursion limit
    n = len(order)
    k = [0] * n
    depth = 0
    if n:
        pending.discard(order[0])
    while depth >= 0:
        if ctx.truncated:
            break
        if ctx.deadline is not None and time.monotonic() > ctx.deadline:
            ctx.truncated = True
            break
        if depth == n:
            ctx.checked += 1
            if ctx.checked > (_MAX_EXTENSIONS if limit is None else limit):
                ctx.truncated = True
                break
            # equal profiles recur (several extreme equilibria share an extension):
            # each distinct one is tested once per game (the same verdict)
            key = ctx.verdicts.key(work)
            if key in ctx.verdicts:
                a = ctx.verdicts[key]
            else:
                a = (None if _float_rejects(ctx, work)
                     else _check_assessment(ctx, work, values))
                ctx.verdicts[key] = a
            if a is not None:
                found.append(a)
                if first:
                    break
                if len(found) >= MAX_VARIANTS:
                    ctx.capped += 1
                    break
            depth -= 1
            continue
        h = order[depth]
        opts = options[h]
        advanced = False
        ctx.steps += 1
        if ctx.steps > _MAX_DFS_STEPS:
            ctx.truncated = True
            break
        while k[depth] < len(opts):
            choice = opts[k[depth]]
            k[depth] += 1
            if work[h] is not choice:
                work[h] = choice
                _refresh_values(game, work, exact, values, h)
            if ready(h):
                av = _action_values(game, values, h)
                if not belief_feasible(av, _support(choice, tol), tol=tol):
                    continue
            advanced = True
            break
        if advanced:
            depth += 1
            if depth < n:
                k[depth] = 0
                pending.discard(order[depth])
        else:
            pending.add(h)
            if work[h] is not placeholder[h]:
                work[h] = placeholder[h]
                _refresh_values(game, work, exact, values, h)
            depth -= 1
    return found


#: a float regret above this share of the payoff scale is certainly positive (rounding
#: errors of a few hundred float operations are about 1e-13 of it)
_FLOAT_MARGIN = 1e-6


def _float_rejects(ctx: _Context, table: Sequence[Any]) -> bool:
    """True when a profile certainly fails the exact PBE test: some player's regret in
    some subgame, computed in floats, exceeds :data:`_FLOAT_MARGIN` of the payoff scale
    (so the exact regret is positive). A cheap filter before the exact test, which alone
    decides every profile it lets through; only used in exact arithmetic."""
    if not ctx.exact:
        return False
    game = ctx.game
    # the rows are the search's own tuples (its options, the equilibrium's rows), met
    # again in profile after profile: each is converted once (kept with its float copy,
    # so that its id is not reused while the entry lives)
    cache = ctx.float_rows
    rows = []
    for t in table:
        hit = cache.get(id(t))
        if hit is None or hit[0] is not t:
            hit = cache[id(t)] = (t, tuple(float(p) for p in t))
        rows.append(hit[1])
    margin = _FLOAT_MARGIN * _scale(game)
    for r in game.subgame_roots:
        if game.nodes[r].kind == TERMINAL:
            continue
        regrets, _ = player_regrets(game, rows, exact=False, root=r)
        if any(g > margin for g in regrets):
            return True
    return False


def _refresh_values(game: ExtensiveFormGame, table: Sequence[Any], exact: bool,
                    values: list[Any], h: int) -> None:
    """Bring ``values`` (:func:`node_values` of ``table``) up to date after the
    behavior at set ``h`` changed: only the set's nodes and their ancestors change, and
    each is recomputed from its children as :func:`node_values` does (same numbers)."""
    nodes = game.nodes
    stale: set[int] = set()
    for v in game.infosets[h].members:
        w: int | None = v
        while w is not None and w not in stale:
            stale.add(w)
            w = nodes[w].parent
    for v in sorted(stale, reverse=True):
        values[v] = node_value(game, v, table, exact, values)


def pbe_assessments(
    game: ExtensiveFormGame,
    *,
    timeout: float | None = None,
    progress: Progress | None = None,
    budget: Budget | None = None,
) -> tuple[list[Assessment], bool, list[str]]:
    """Every verified PBE assessment reachable from an extreme Nash equilibrium.

    Proper subgames are solved first (bottom-up) and replaced by their equilibrium
    payoffs, because a PBE restricted to a subgame is a PBE of it; the truncated game is
    then solved and the pieces are recombined and re-verified on the whole tree. This
    keeps the reduced normal forms small (the moves inside subgames no longer multiply
    the plans) and far less degenerate. Arithmetic is exact (Fractions) when the game's
    numbers are rational.

    Returns
    -------
    (assessments, complete, notes)
        ``complete`` is False when the Nash enumeration was incomplete or a limit struck.

    Raises
    ------
    BudgetExceeded
        When a reduced normal form does not fit ``budget`` (checked before it is built).
    """
    problems = game.perfect_recall_violations()
    if problems:
        raise SolverError("perfect Bayesian equilibria need perfect recall: " + problems[0])
    exact = game.is_exact
    tol = 0.0 if exact else DEFAULT_TOL * _scale(game)
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    if budget is None:
        budget = Budget.start(timeout)
    _require_tables(game, budget)
    ctx = _Context(game=game, exact=exact, tol=tol, deadline=deadline,
                   innermost=_innermost_subgames(game), deps=_dependencies(game))
    notes: list[str] = []
    pruned, kept = _prune_never_optimal(game, exact, tol)
    if pruned is game:
        tables, complete = _decomposed(game, exact, tol, deadline, progress, notes, budget,
                                       ctx.verdicts)
    else:
        removed = sum(len(s.actions) - len(kept[h]) for h, s in enumerate(game.infosets))
        notes.append(f"{removed} action{'s' if removed != 1 else ''} that no belief makes "
                     "optimal at the last move (never part of a PBE) were set aside before "
                     "solving")
        sub_tables, complete = _decomposed(pruned, exact, tol, deadline, progress, notes,
                                           budget)
        tables = [(_unprune(game, pruned, kept, t, exact), c) for t, c in sub_tables]
        if not tables and not game.subgame_roots[1:]:
            # the large path's sequence-form candidate may extend on the unpruned tree
            movers, total = _movers_shape(game)
            if not _enumerable(movers, total) and len(movers) == 2:
                tables = _lemke_candidates(game, exact, tol, deadline, notes)
    out: list[Assessment] = []
    seen: set[tuple] = set()
    per_class: dict[tuple, int] = {}
    # recombined candidates share their subgames' play: in exact arithmetic each piece is
    # tested once (the same verdicts and assessments as the whole-tree test)
    checker = None
    if exact and len(game.subgame_roots) > 1:
        from .pieces import PieceChecker

        checker = PieceChecker(ctx)
    capped = 0
    for table, component in tables:
        key = _key(table, tol)
        if key in seen:
            continue
        seen.add(key)
        if len(tables) > MAX_VARIANTS:
            # at most MAX_VARIANTS off-path variants of one on-path play are verified
            on = _on_path_sets(game, table, exact, tol)
            cls = (on, _key(table, tol, on))
            if per_class.get(cls, 0) >= MAX_VARIANTS:
                capped += 1
                continue
            per_class[cls] = per_class.get(cls, 0) + 1
        if checker is not None:
            a = checker.check(table)
        elif ctx.verdicts and (row_key := ctx.verdicts.key(table)) in ctx.verdicts:
            a = ctx.verdicts[row_key]   # tested on this game by the off-path search
        else:
            a = _check_assessment(ctx, list(table))
        if a is not None:
            out.append(dataclasses.replace(a, component=component))
    if capped:
        notes.append(f"{capped} further off-path variants of classes that already had "
                     f"{MAX_VARIANTS} were not verified (the classes are unchanged; "
                     "extra['off_path_beliefs_any'] covers the variants verified)")
    if deadline is not None and time.monotonic() > deadline:
        complete = False
    return out, complete, _unique(notes)


def _on_path_sets(game: ExtensiveFormGame, table: Sequence[Any], exact: bool,
                  tol: float) -> frozenset[int]:
    """The information sets reached with positive probability under ``table``.

    In exact arithmetic a node's reach (a product of probabilities) is 0 iff one factor
    is, so one pass over the tree marking the nodes with a zero on their path gives the
    same sets as the reach table, without multiplying Fractions.
    """
    if not exact or tol:
        reach = game.reach_table(list(table), exact=exact)
        return frozenset(h for h, st in enumerate(game.infosets)
                         if not _is_zero(sum((reach[v] for v in st.members), 0), tol))
    nodes = game.nodes
    reached = [True] * len(nodes)
    for v in range(1, len(nodes)):
        node = nodes[v]
        p = node.parent
        assert p is not None
        if not reached[p]:
            reached[v] = False
            continue
        parent = nodes[p]
        prob = (parent.exact_probabilities[node.action]  # type: ignore[index]
                if parent.kind == CHANCE else table[parent.infoset][node.action])  # type: ignore[index]
        reached[v] = prob != 0
    return frozenset(h for h, st in enumerate(game.infosets)
                     if any(reached[v] for v in st.members))


def _unique(notes: list[str]) -> list[str]:
    return list(dict.fromkeys(notes))


def _maximal_proper_subgames(game: ExtensiveFormGame) -> list[int]:
    roots = [r for r in game.subgame_roots if r != 0]
    size = game.subtree_size
    return [r for r in roots
            if not any(q != r and q < r < q + size[q] for q in roots)]


def _decomposed(game: ExtensiveFormGame, exact: bool, tol: float, deadline: float | None,
                progress: Progress | None, notes: list[str], budget: Budget,
                verdicts: _Verdicts | None = None) -> tuple[list, bool]:
    """``[(table, component id)]``: candidate PBE profiles of ``game`` (by infoset index).

    ``verdicts`` (profile -> verdict of :func:`.assessment._check_assessment` on
    ``game``) receives the verdicts of the off-path search when ``game`` has no proper
    subgame, so that the caller's final test of the same profiles on the same game
    reads them instead of testing again."""
    if budget.expired():
        notes.append("perfect Bayesian enumeration stopped at the time limit: some PBE "
                     "classes may be missing")
        return [], False  # what earlier pieces found is kept by the caller
    roots = _maximal_proper_subgames(game)
    if not roots:
        return _flat(game, exact, tol, deadline, progress, notes, budget, verdicts)
    complete = True
    pieces = []
    for r in roots:
        sub = game.subgame(r)
        sub_tables, ok = _decomposed(sub, exact, tol, deadline, None, notes, budget)
        complete = complete and ok
        by_value: dict[tuple, list] = {}
        for sub_t, _ in sub_tables:
            values = sub.expected_payoffs(list(sub_t), exact=exact)
            key = tuple(v if tol == 0 else round(float(v), 9) for v in values)
            by_value.setdefault(key, [values, []])[1].append(sub_t)
        if not by_value:
            return [], False
        pieces.append((r, sub, list(by_value.values())))
    out: list = []
    combos = list(itertools.product(*(range(len(p[2])) for p in pieces)))
    if len(combos) > _MAX_COMBINATIONS:
        notes.append(f"only the first {_MAX_COMBINATIONS} of {len(combos)} combinations of "
                     "subgame equilibria were examined")
        combos = combos[:_MAX_COMBINATIONS]
        complete = False
    for c, combo in enumerate(combos):
        replace = {r: pieces[k][2][combo[k]][0] for k, (r, _, _) in enumerate(pieces)}
        truncated = _truncate(game, replace)
        top_tables, ok = _decomposed(truncated, exact, tol, deadline, progress, notes, budget)
        complete = complete and ok
        parts = [pieces[k][2][combo[k]][1] for k in range(len(pieces))]
        chosen_list, cut = _recombinations(pieces, parts, tol, exact)
        if cut:
            notes.append(cut)
            complete = False
        for top, component in top_tables:
            if len(out) + len(chosen_list) > _MAX_CANDIDATES:
                notes.append(f"the recombined candidates reached their budget of "
                             f"{_MAX_CANDIDATES:,} profiles: some PBE classes may be missing")
                complete = False
                break
            for chosen in chosen_list:
                table: list[Any] = [None] * len(game.infosets)
                _copy_behavior(truncated, top, game, table)
                for (_, sub, _), sub_table in zip(pieces, chosen, strict=True):
                    _copy_behavior(sub, sub_table, game, table)
                out.append((tuple(table), (c, component)))
    return out, complete


def _recombinations(pieces: list, parts: list[list], tol: float, exact: bool
                    ) -> tuple[list[tuple], str | None]:
    """The choices of one candidate per subgame that are recombined with a top table.

    Every combination when there are at most :data:`_FULL_RECOMBINE`; past that, every
    combination of the subgames' *classes* (candidates with the same play on the
    subgame's own path), each class's off-path variants taken side by side (the ``j``-th
    variant of every class, or its last), so every variant and every combination of
    classes appears once: the PBE test at a set depends only on the behavior below it
    and on the subgame values, which the variants of one value group share. The classes'
    product is cut at :data:`_MAX_RECOMBINE` (a note is returned then).
    """
    total = 1
    for p in parts:
        total *= len(p)
    if total <= _FULL_RECOMBINE:
        return list(itertools.product(*parts)), None
    grouped = []
    for (_, sub, _), variants in zip(pieces, parts, strict=True):
        classes: dict[tuple, list] = {}
        for t in variants:
            on = _on_path_sets(sub, t, exact, tol)
            classes.setdefault(_key(t, tol, on), []).append(t)
        grouped.append(list(classes.values()))
    out: list[tuple] = []
    n_class = 1
    for g in grouped:
        n_class *= len(g)
    cut = None
    class_combos: Any = itertools.product(*grouped)
    if n_class > _MAX_RECOMBINE:
        cut = (f"only {_MAX_RECOMBINE} of {n_class} combinations of subgame classes with "
               "equal values were recombined (a budget counted before recombining): some "
               "PBE classes may be missing")
        class_combos = itertools.islice(class_combos, _MAX_RECOMBINE)
    for classes_chosen in class_combos:
        width = max(len(c) for c in classes_chosen)
        for j in range(width):
            out.append(tuple(c[min(j, len(c) - 1)] for c in classes_chosen))
    return out, cut


def _copy_behavior(src: ExtensiveFormGame, table: Sequence[Any], dst: ExtensiveFormGame,
                   out: list[Any]) -> None:
    for h, s in enumerate(src.infosets):
        out[dst.infoset_index[src.players[s.player], s.name]] = table[h]


def _flat(game: ExtensiveFormGame, exact: bool, tol: float, deadline: float | None,
          progress: Progress | None, notes: list[str], budget: Budget,
          verdicts: _Verdicts | None = None) -> tuple[list, bool]:
    """Candidates of a game without proper subgames: its extreme Nash equilibria, each
    extended off the path in every sequentially rational way."""
    if not game.infosets:
        return [((), 0)], True
    movers, total = _movers_shape(game)
    if not _enumerable(movers, total) and len(movers) == 2:
        # a reduced normal form that could be built but not within the memory budget
        # still stops the search as before (BudgetExceeded: 'auto' falls back); one past
        # any size (more than MAX_PROFILES profiles, whatever the memory budget) goes to
        # the large path, which needs only the sequence form
        if total <= MAX_PROFILES:
            try:
                check_size(game, budget)
            except GameError:
                pass
        return _large(game, exact, tol, deadline, notes, movers)
    try:
        rnf = game.reduced_normal_form(budget)
    except GameError as exc:
        raise SolverError(str(exc)) from None
    timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
    profiles, complete, nf_notes = normal_form_equilibria(
        rnf.game, exact=exact, timeout=timeout, progress=progress, memory=budget.memory
    )
    for n in nf_notes:
        if n.startswith("Component ") or n.startswith("The game is degenerate"):
            notes.append("the reduced normal form is degenerate (it has continua of Nash "
                         "equilibria); PBE classes were extracted from all its extreme "
                         "equilibria")
        else:
            notes.append(n)
    ctx = _Context(game=game, exact=exact, tol=tol, deadline=deadline,
                   innermost=_innermost_subgames(game), deps=_dependencies(game),
                   verdicts=_Verdicts() if verdicts is None else verdicts)
    out: list = []
    done_keys: set[tuple] = set()
    component_of = _profile_components(profiles)
    for done, prof in enumerate(profiles, start=1):
        table = mixed_to_behavior(game, rnf.plans, prof, exact=exact)
        if not exact:
            table = [None if t is None else _snap(t, tol) for t in table]
        reach = game.reach_table(table, exact=exact)
        unreached = [
            h for h, s in enumerate(game.infosets)
            if table[h] is None or _is_zero(sum((reach[v] for v in s.members), 0), tol)
        ]
        # the search depends only on the on-path behavior and on the mixtures the
        # equilibrium itself uses off the path (pure choices are all tried anyway)
        key = (tuple(sorted(set(range(len(table))) - set(unreached))),
               _key(table, tol, frozenset(set(range(len(table))) - set(unreached))),
               tuple((h, tuple(table[h])) for h in unreached
                     if table[h] is not None and len(_support(table[h], tol)) > 1))
        if key not in done_keys:
            done_keys.add(key)
            for a in _extensions(ctx, table, unreached):
                out.append((a.table, component_of[done - 1]))
        if progress is not None:
            progress(done, len(profiles))
        if ctx.truncated:
            break
    if ctx.capped:
        notes.append(f"off-path variants: at most {MAX_VARIANTS} verified assessments are "
                     "kept per equilibrium of the reduced normal form (the classes are all "
                     "found; extra['off_path_beliefs_any'] covers the variants kept)")
    if ctx.truncated:
        complete = False
        notes.append("the search over off-path behavior stopped at a limit "
                     f"({'time' if deadline and time.monotonic() > deadline else 'size'}): "
                     "some PBE classes may be missing")
    return out, complete


def _large(game: ExtensiveFormGame, exact: bool, tol: float, deadline: float | None,
           notes: list[str], movers: list[int]) -> tuple[list, bool]:
    """Candidates when the reduced normal form is too large to enumerate (two movers).

    A one-round sender-receiver game: every pure-strategy PBE, by message pattern
    (:func:`.pure.pure_signaling_pbe`). Any tree: one equilibrium by Lemke's algorithm on
    the sequence form (it may mix), extended off the path to a PBE by the same search
    as the enumeration's (first assessment found). Never complete: mixed PBE other than
    Lemke's are not searched.
    """
    from .pure import one_round_structure, pure_signaling_pbe

    shape = " x ".join(map(str, movers))
    out: list = []
    structure = one_round_structure(game, exact)
    if structure is not None:
        tables, pure_complete, pure_notes = pure_signaling_pbe(
            game, structure, exact=exact, tol=tol, deadline=deadline)
        notes.extend(pure_notes)
        out.extend((t, 0) for t in tables)
        notes.append(
            f"the reduced normal form ({shape} plans, best-response polytopes of up to "
            f"{_big(vertex_bound(*movers))} vertices) is too large to enumerate: "
            + ("every pure-strategy PBE is listed (by message pattern, beliefs by Bayes' "
               "rule)" if pure_complete else "pure-strategy PBE are listed as far as the "
               "budget allowed")
            + ", with one equilibrium by Lemke's algorithm on the sequence form; "
            "other mixed PBE may exist, so the list is not complete")
    else:
        notes.append(
            f"the reduced normal form ({shape} plans, best-response polytopes of up to "
            f"{_big(vertex_bound(*movers))} vertices) is too large to enumerate: one "
            "equilibrium by Lemke's algorithm on the sequence form, extended off the path "
            "to a PBE; other PBE may exist, so the list is not complete")
    out.extend(_lemke_candidates(game, exact, tol, deadline, notes))
    return out, False


def _lemke_candidates(game: ExtensiveFormGame, exact: bool, tol: float,
                      deadline: float | None, notes: list[str]) -> list:
    """The sequence-form Lemke equilibrium with its unreached sets re-chosen to a PBE."""
    from ..tree.sequence_lcp import lemke_behavior, sequence_form_lemke

    small, _ = _two_mover_game(game)
    timeout = None if deadline is None else max(0.1, deadline - time.monotonic())
    try:
        res = sequence_form_lemke(small, exact=exact, timeout=timeout)
    except (SolverError, TimeoutError):
        notes.append("Lemke's algorithm on the sequence form found no equilibrium in time")
        return []
    table = lemke_behavior(small, res)
    if not exact:
        table = [None if t is None else _snap(t, tol) for t in table]
    reach = game.reach_table(table, exact=exact)
    unreached = [h for h, s in enumerate(game.infosets)
                 if table[h] is None or _is_zero(sum((reach[v] for v in s.members), 0), tol)]
    ctx = _Context(game=game, exact=exact, tol=tol, deadline=deadline,
                   innermost=_innermost_subgames(game), deps=_dependencies(game))
    fixed = _sustained(game, table, unreached, exact, tol)
    checked = _check_assessment(ctx, fixed)
    if checked is not None:
        return [(checked.table, 0)]
    if len(unreached) <= _MAX_LEMKE_DFS_SETS:
        found = _extensions(ctx, table, unreached, limit=_MAX_LEMKE_EXTENSIONS, first=True)
        if found:
            return [(found[0].table, 0)]
    notes.append("the sequence-form equilibrium's off-path play could not be made "
                 "sequentially rational without a deviation paying (it is Nash, not a PBE)")
    return []


def _sustained(game: ExtensiveFormGame, table: list[Any], unreached: list[int], exact: bool,
               tol: float) -> list[Any]:
    """``table`` with each unreached set (deepest first) made optimal at some belief.

    A set whose behavior some belief sustains keeps it; otherwise it plays the pure
    action, among those some belief makes optimal, that leaves the other players the
    least (summed over its nodes): the off-path play that best deters a deviation into
    it. The result is tested like every candidate; it need not pass.
    """
    work = list(table)
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    order = sorted(unreached, key=lambda h: -min(game.infosets[h].members))
    for h in order:
        s = game.infosets[h]
        k = len(s.actions)
        if work[h] is None:
            work[h] = tuple(one if a == 0 else zero for a in range(k))
    # sets spanning several subtrees are not ordered by depth: repeat until stable
    values = node_values(game, work, exact)   # kept up to date as ``work`` changes
    for _ in range(_SUSTAIN_PASSES):
        changed = False
        for h in order:
            s = game.infosets[h]
            k = len(s.actions)
            av = _action_values(game, values, h)
            if belief_feasible(av, _support(work[h], tol), tol=tol):
                continue
            options = [a for a in range(k) if belief_feasible(av, [a], tol=tol)]
            if not options:
                continue

            def others(a: int, s: Any = s, values: Any = values) -> Any:
                return sum((values[game.nodes[v].children[a]][i] for v in s.members
                            for i in range(game.n_players) if i != s.player), zero)

            best = min(options, key=others)
            work[h] = tuple(one if a == best else zero for a in range(k))
            _refresh_values(game, work, exact, values, h)
            changed = True
        if not changed:
            break
    return work


def _profile_components(profiles: Sequence[Sequence[Sequence[Any]]]) -> list[int]:
    """Connected component of each extreme equilibrium (2 movers), else its own index.

    Two extreme equilibria of a bimatrix game are adjacent when they share one player's
    strategy; connected ones lie in one connected set of equilibria (Avis et al. 2010).
    """
    if not profiles:
        return []
    movers = [i for i in range(len(profiles[0])) if len(profiles[0][i]) > 1]
    if len(movers) != 2:
        return list(range(len(profiles)))
    ids: list[dict[tuple, int]] = [{}, {}]
    pairs = []
    for prof in profiles:
        pair = []
        for k, i in enumerate(movers):
            key = tuple(prof[i])
            pair.append(ids[k].setdefault(key, len(ids[k])))
        pairs.append((pair[0], pair[1]))
    comp = [0] * len(profiles)
    for c, members in enumerate(nash_components(pairs)):
        for e in members:
            comp[e] = c
    return comp
