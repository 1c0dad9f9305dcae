"""Every perfect Bayesian equilibrium class of a small finite tree: ``solve_pbe(game)``.

An *assessment* ``(b, μ)`` (behavior profile and beliefs at every information set) is a
perfect Bayesian equilibrium (PBE) when

1. **sequential rationality**: at every information set ``h`` of player ``i`` the actions
   ``b`` plays there are optimal given ``μ_h`` and the continuation behavior:
   ``supp b_h ⊆ argmax_a Σ_{v∈h} μ_h(v) V_i(v, a)``, ``V_i(v, a)`` the expected payoff
   of ``i`` after action ``a`` at node ``v`` when everybody then follows ``b``;
2. **Bayes' rule wherever it applies**: at every ``h`` reached with positive probability
   from the root of the smallest subgame containing it, ``μ_h(v) = P_b(v) / P_b(h)``
   (conditional on that subgame's root); elsewhere (off the path) ``μ_h`` is free.

(Fudenberg & Tirole 1991, sec. 8.2; Mas-Colell, Whinston & Green 1995, def. 9.C.3 and
the subgame strengthening of sec. 9.C). Such an assessment is a Nash equilibrium of every
subgame; equilibria differing only off the path are one *class*.

Algorithm
---------
1. Enumerate the Nash equilibria of the reduced normal form (all extreme equilibria of a
   2-player game by vertex enumeration, all equilibria of an n-player game by support
   enumeration: :func:`alliance_games.solvers.tree.methods.normal_form_equilibria`).
2. Translate each into behavior (Kuhn 1953). Information sets it reaches keep their
   behavior; the *unreached* sets ``U`` (not reached because of another player, or
   excluded by the player's own earlier moves) are re-chosen: every pure action, and
   the equilibrium's own mixture where it has one. A depth-first search over ``U``
   (deepest sets first) prunes any choice that no belief at all can make optimal.
3. Each complete profile is tested: regret 0 against every pure deviation in every
   subgame (Nash, subgame perfection), Bayes' rule where it applies, and sequential
   rationality at *every* information set — at an off-path set by computing the exact
   polytope of beliefs that make the played actions optimal
   (:func:`alliance_games.solvers.signaling.beliefs.belief_region`); the set must be nonempty.
4. Survivors are grouped by their on-path behavior. A class reports one representative
   profile, on-path beliefs by Bayes' rule, and for every off-path information set the
   union over the class's members of the sustaining beliefs, as a range per node.
5. Each class is labelled (separating, pooling, semi-separating ... when the tree has a
   sender whose first move follows a chance move) and tested by the Intuitive Criterion
   (Cho & Kreps 1987) and D1 (Banks & Sobel 1987; Cho & Kreps 1987)
   (:mod:`alliance_games.solvers.signaling.signals`); ``refine="intuitive"`` or ``"d1"`` keeps
   only the classes that pass and names the eliminated ones.

Why extreme equilibria suffice: in a 2-player game the Nash equilibria are the union of
maximal Nash subsets ``conv(X) × conv(Y)`` (Winkels 1979). Requiring the off-path
actions to be optimal at some belief restricts each subset to a union of its faces (the
actions played must tie at some belief, and subsets of tying actions tie as well), and a
nonempty face of a polytope contains one of its vertices, which is an extreme
equilibrium. When an off-path set is followed by another off-path set at which somebody
mixes, sequential rationality is no longer a face condition; a class that needs such
interior off-path mixing can be missed, and the diagnostics say when a game has that
shape.

References
----------
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *Quarterly Journal of
Economics* 102(2), 1987, pp. 179-221.
J. S. Banks & J. Sobel, "Equilibrium selection in signaling games", *Econometrica* 55(3),
1987, pp. 647-661.
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991, ch. 8.
H. W. Kuhn, "Extensive games and the problem of information", 1953.
H.-M. Winkels, "An algorithm to determine all equilibrium points of a bimatrix game",
1979.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ...budget import Budget, BudgetExceeded
from ...equilibrium import DEFAULT_TOL, Equilibrium, SolveResult
from ...errors import GameError, SolverError
from ...games.extensive import CHANCE, DECISION, TERMINAL, ExtensiveFormGame
from ...numbers import exact_needs_rational
from ..tree.behavior import (
    make_behavior_equilibrium,
    mixed_to_behavior,
    node_values,
    player_regrets,
)
from .beliefs import belief_region, merge_intervals

__all__ = [
    "solve_pbe",
    "pbe_assessments",
    "verify_assessment",
    "off_path_ranges",
    "node_values",
    "Assessment",
    "REFINEMENTS",
]

METHOD = "pbe"
REFINEMENTS = (None, "intuitive", "d1")
_MAX_EXTENSIONS = 200_000
_MAX_COMBINATIONS = 512

Table = list
Progress = Callable[[int, int], None]


# ---------------------------------------------------------------------- tree values
def _action_values(game: ExtensiveFormGame, values: list, h: int) -> list[list[Any]]:
    """``V[k][a]``: the mover's value of action ``a`` at the ``k``-th node of set ``h``."""
    s = game.infosets[h]
    return [[values[c][s.player] for c in game.nodes[v].children] for v in s.members]


# ---------------------------------------------------------------------- assessments
@dataclass(frozen=True, eq=False)
class Assessment:
    """A verified PBE profile with its belief constraints.

    Attributes
    ----------
    table
        Behavior, one probability tuple per information set (game order).
    on_path
        Indices of the information sets reached with positive probability.
    bayes
        Information set -> belief fixed by Bayes' rule (on the path, or inside an
        off-path subgame that reaches it).
    free
        Off-path information set -> vertices of the polytope of beliefs that sustain the
        behavior there (Bayes' rule does not apply).
    """

    table: tuple[tuple[Any, ...], ...]
    on_path: frozenset[int]
    bayes: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    free: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    component: int = 0


@dataclass
class _Context:
    game: ExtensiveFormGame
    exact: bool
    tol: float
    deadline: float | None
    innermost: list[int]
    deps: list[set[int]]
    checked: int = 0
    truncated: bool = False


def _innermost_subgames(game: ExtensiveFormGame) -> list[int]:
    """For each information set, the root of the smallest subgame containing it."""
    roots = sorted(game.subgame_roots)
    size = game.subtree_size
    out = []
    for s in game.infosets:
        lo, hi = min(s.members), max(s.members)
        out.append(max(r for r in roots if r <= lo and hi < r + size[r]))
    return out


def _dependencies(game: ExtensiveFormGame) -> list[set[int]]:
    """Information sets with a node below some node of each set (its continuation)."""
    size = game.subtree_size
    deps = []
    for s in game.infosets:
        below: set[int] = set()
        for v in s.members:
            for w in range(v + 1, v + size[v]):
                node = game.nodes[w]
                if node.kind == DECISION:
                    below.add(node.infoset)  # type: ignore[arg-type]
        deps.append(below)
    return deps


def _require_tables(game: ExtensiveFormGame, budget: Budget) -> None:
    """Size the per-set tables before building them.

    :func:`_dependencies` stores, for each information set, the sets below it: on a deep
    tree (a chain of 10,000 moves) that is quadratic, about ``sum of the members'
    subtree sizes`` entries (about 60 bytes each in a Python set), and so is the
    subgame lookup of :func:`_innermost_subgames` in time.
    """
    size = game.subtree_size
    entries = sum(size[v] for s in game.infosets for v in s.members)
    budget.require(60 * entries, f"the PBE search's table of information sets below each "
                                 f"set ({entries} entries)")


def _is_zero(x: Any, tol: float) -> bool:
    return x == 0 if tol == 0 else abs(x) <= tol


def _support(probs: Sequence[Any], tol: float) -> list[int]:
    return [a for a, p in enumerate(probs) if not _is_zero(p, tol)]


def _optimal_under(
    values: list[list[Any]], belief: Sequence[Any], support: list[int], tol: float
) -> bool:
    k = len(values[0])
    expected = [sum((belief[j] * values[j][a] for j in range(len(belief))), 0) for a in range(k)]
    best = max(expected)
    return all((expected[a] == best) if tol == 0 else (expected[a] >= best - tol) for a in support)


def _reach_from(game: ExtensiveFormGame, table: Sequence[Any], root: int, exact: bool) -> list:
    return game.reach_table(list(table), exact=exact, root=root)


def _check_assessment(ctx: _Context, table: list[tuple[Any, ...]]) -> Assessment | None:
    """Full PBE test of a complete behavior profile; the assessment or ``None``."""
    game, exact, tol = ctx.game, ctx.exact, ctx.tol
    # Nash in every subgame (regret against every pure deviation)
    for r in game.subgame_roots:
        regrets, _ = player_regrets(game, table, exact=exact, root=r)
        if any((g > 0) if tol == 0 else (g > tol) for g in regrets):
            return None
    values = node_values(game, table, exact)
    reach_cache: dict[int, list] = {}
    root_reach = _reach_from(game, table, 0, exact)
    on_path = frozenset(
        h
        for h, s in enumerate(game.infosets)
        if not _is_zero(sum((root_reach[v] for v in s.members), 0), tol)
    )
    bayes: dict[int, tuple[Any, ...]] = {}
    free: dict[int, list[tuple[Any, ...]]] = {}
    for h, s in enumerate(game.infosets):
        r = ctx.innermost[h]
        if r not in reach_cache:
            reach_cache[r] = _reach_from(game, table, r, exact)
        reach = reach_cache[r]
        weights = [reach[v - r] for v in s.members]
        total = sum(weights, Fraction(0) if exact else 0.0)
        av = _action_values(game, values, h)
        support = _support(table[h], tol)
        if not _is_zero(total, tol):
            belief = tuple(w / total for w in weights)
            if not _optimal_under(av, belief, support, tol):
                return None
            bayes[h] = belief
        else:
            region = belief_region(av, support, tol=tol)
            if not region:
                return None
            free[h] = region
    return Assessment(table=tuple(tuple(t) for t in table), on_path=on_path, bayes=bayes, free=free)


def verify_assessment(
    game: ExtensiveFormGame, table: Sequence[Sequence[Any]], *, exact: bool = False
) -> Assessment | None:
    """Test a complete behavior profile as a PBE (beliefs chosen where Bayes is silent).

    The test of the solver: regret 0 against every pure deviation in every subgame,
    Bayes' rule where it applies, and at every information set the played actions
    optimal for the Bayes belief or for some belief in a nonempty polytope. Exact with
    Fractions (``exact=True``), else to the relative tolerance ``DEFAULT_TOL``.

    Returns the :class:`Assessment` (with the sustaining belief sets) or ``None``.
    """
    if exact:
        table = [tuple(Fraction(p) for p in t) for t in table]
        tol = 0.0
    else:
        table = [tuple(float(p) for p in t) for t in table]
        tol = DEFAULT_TOL * _scale(game)
    ctx = _Context(game=game, exact=exact, tol=tol, deadline=None,
                   innermost=_innermost_subgames(game), deps=_dependencies(game))
    return _check_assessment(ctx, list(table))


def off_path_ranges(
    game: ExtensiveFormGame, members: Sequence[Assessment], exact: bool
) -> dict[str, Any]:
    """``player -> infoset -> node -> [lo, hi]``: beliefs sustaining ``members`` off path."""
    tol = 0.0 if exact else DEFAULT_TOL * _scale(game)
    return _off_path_ranges(game, members, exact, tol)


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


def _extensions(ctx: _Context, table: list[Any], unreached: list[int]) -> list[Assessment]:
    """All assessments that keep ``table`` on the path and re-choose the unreached sets."""
    game, exact, tol = ctx.game, ctx.exact, ctx.tol
    order = sorted(unreached, key=lambda h: -min(game.infosets[h].members))
    options = {h: _candidates(game, h, table[h], exact, tol) for h in order}
    work = list(table)
    placeholder = {h: options[h][0] for h in order}
    for h in order:
        work[h] = placeholder[h]
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
            if ctx.checked > _MAX_EXTENSIONS:
                ctx.truncated = True
                break
            a = _check_assessment(ctx, work)
            if a is not None:
                found.append(a)
            depth -= 1
            continue
        h = order[depth]
        opts = options[h]
        advanced = False
        while k[depth] < len(opts):
            choice = opts[k[depth]]
            k[depth] += 1
            work[h] = choice
            if ready(h):
                values = node_values(game, work, exact)
                av = _action_values(game, values, h)
                if not belief_region(av, _support(choice, tol), tol=tol):
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
            work[h] = placeholder[h]
            depth -= 1
    return found


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
        tables, complete = _decomposed(game, exact, tol, deadline, progress, notes, budget)
    else:
        removed = sum(len(s.actions) - len(kept[h]) for h, s in enumerate(game.infosets))
        notes.append(f"{removed} action{'s' if removed != 1 else ''} that no belief makes "
                     "optimal at the last move (never part of a PBE) were set aside before "
                     "solving")
        sub_tables, complete = _decomposed(pruned, exact, tol, deadline, progress, notes,
                                           budget)
        tables = [(_unprune(game, pruned, kept, t, exact), c) for t, c in sub_tables]
    out: list[Assessment] = []
    seen: set[tuple] = set()
    for table, component in tables:
        key = _key(table, tol)
        if key in seen:
            continue
        seen.add(key)
        a = _check_assessment(ctx, list(table))
        if a is not None:
            out.append(dataclasses.replace(a, component=component))
    if deadline is not None and time.monotonic() > deadline:
        complete = False
    return out, complete, _unique(notes)


def _prune_never_optimal(game: ExtensiveFormGame, exact: bool, tol: float
                         ) -> tuple[ExtensiveFormGame, list[list[int]]]:
    """Remove actions that are optimal under no belief where continuations are fixed.

    At an information set whose continuation involves no further choice (every set
    below it has one action left), ``V(v, a)`` is a constant, and an action that is
    optimal at no belief is played with probability 0 in every PBE (sequential
    rationality holds at every set, for the belief there). Removing it changes no PBE;
    the step is repeated until nothing more goes. Returns the smaller game (or ``game``
    itself) and, per information set of ``game``, the kept action indices.
    """
    kept = [list(range(len(s.actions))) for s in game.infosets]
    deps = _dependencies(game)
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    changed = True
    while changed:
        changed = False
        table = [tuple(one if a == k[0] else zero for a in range(len(s.actions)))
                 for s, k in zip(game.infosets, kept, strict=True)]
        values = node_values(game, table, exact)
        for h in range(len(game.infosets)):
            if len(kept[h]) < 2 or any(len(kept[g]) > 1 for g in deps[h]):
                continue
            av = [[row[a] for a in kept[h]] for row in _action_values(game, values, h)]
            keep = [kept[h][j] for j in range(len(kept[h]))
                    if belief_region(av, [j], tol=tol)]
            if keep and len(keep) < len(kept[h]):
                kept[h] = keep
                changed = True
                break
    if all(len(k) == len(s.actions) for k, s in zip(kept, game.infosets, strict=True)):
        return game, kept
    return _restrict_actions(game, kept), kept


def _rebuild(game: ExtensiveFormGame, kept: list[list[int]] | None = None,
             replace: dict[int, Sequence[Any]] | None = None) -> ExtensiveFormGame:
    """``game`` rebuilt with only the actions ``kept[h]`` at information set ``h`` and the
    subtree at each key of ``replace`` cut to a terminal node paying the given vector
    (names of nodes, information sets and actions are kept)."""
    from ...games.extensive import Chance, Decision, Terminal

    replace = replace or {}
    # bottom-up over the preorder indices (children come after their parent), so deep
    # trees need no recursion
    built: list[Any] = [None] * len(game.nodes)
    for v in reversed(range(len(game.nodes))):
        node = game.nodes[v]
        if v in replace:
            built[v] = Terminal(tuple(replace[v]), None, name=node.name)
        elif node.kind == TERMINAL:
            pays = node.exact_payoffs if node.exact_payoffs is not None else node.payoffs
            built[v] = Terminal(tuple(pays), node.outcome, name=node.name)
        elif node.kind == CHANCE:
            probs = (node.exact_probabilities if node.exact_probabilities is not None
                     else node.probabilities)
            built[v] = Chance({a: (p, built[c]) for a, p, c in
                               zip(node.actions, probs, node.children, strict=True)},
                              name=node.name)
        else:
            h = node.infoset
            s = game.infosets[h]  # type: ignore[index]
            actions = (range(len(node.actions)) if kept is None
                       else kept[h])  # type: ignore[index]
            built[v] = Decision(game.players[s.player],
                                {node.actions[a]: built[node.children[a]] for a in actions},
                                infoset=s.name, name=node.name)
        for c in node.children:
            built[c] = None

    return ExtensiveFormGame.from_tree(built[0], players=game.players, name=game.name,
                                       parameters=game.parameters, info=game.info)


def _restrict_actions(game: ExtensiveFormGame, kept: list[list[int]]) -> ExtensiveFormGame:
    return _rebuild(game, kept=kept)


def _unprune(game: ExtensiveFormGame, pruned: ExtensiveFormGame, kept: list[list[int]],
             table: Sequence[Any], exact: bool) -> tuple:
    zero: Any = Fraction(0) if exact else 0.0
    one: Any = Fraction(1) if exact else 1.0
    out = []
    for h, s in enumerate(game.infosets):
        row = [zero] * len(s.actions)
        index = pruned.infoset_index.get((game.players[s.player], s.name))
        if index is None:
            # below a removed action: only reached through it; its first kept action
            # (the final check on the whole tree confirms it is sequentially rational)
            row[kept[h][0]] = one
        else:
            for j, a in enumerate(kept[h]):
                row[a] = table[index][j]
        out.append(tuple(row))
    return tuple(out)


def _unique(notes: list[str]) -> list[str]:
    return list(dict.fromkeys(notes))


def _maximal_proper_subgames(game: ExtensiveFormGame) -> list[int]:
    roots = [r for r in game.subgame_roots if r != 0]
    size = game.subtree_size
    return [r for r in roots
            if not any(q != r and q < r < q + size[q] for q in roots)]


def _decomposed(game: ExtensiveFormGame, exact: bool, tol: float, deadline: float | None,
                progress: Progress | None, notes: list[str], budget: Budget
                ) -> tuple[list, bool]:
    """``[(table, component id)]``: candidate PBE profiles of ``game`` (by infoset index)."""
    if budget.expired():
        notes.append("perfect Bayesian enumeration stopped at the time limit: some PBE "
                     "classes may be missing")
        return [], False  # what earlier pieces found is kept by the caller
    roots = _maximal_proper_subgames(game)
    if not roots:
        return _flat(game, exact, tol, deadline, progress, notes, budget)
    complete = True
    pieces = []
    for r in roots:
        sub = game.subgame(r)
        sub_tables, ok = _decomposed(sub, exact, tol, deadline, None, notes, budget)
        complete = complete and ok
        by_value: dict[tuple, list] = {}
        for table, _ in sub_tables:
            values = sub.expected_payoffs(list(table), exact=exact)
            key = tuple(v if tol == 0 else round(float(v), 9) for v in values)
            by_value.setdefault(key, [values, []])[1].append(table)
        if not by_value:
            return [], False
        pieces.append((r, sub, list(by_value.values())))
    out = []
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
        for top, component in top_tables:
            parts = [pieces[k][2][combo[k]][1] for k in range(len(pieces))]
            for chosen in itertools.product(*parts):
                table: list[Any] = [None] * len(game.infosets)
                _copy_behavior(truncated, top, game, table)
                for (_, sub, _), sub_table in zip(pieces, chosen, strict=True):
                    _copy_behavior(sub, sub_table, game, table)
                out.append((tuple(table), (c, component)))
    return out, complete


def _copy_behavior(src: ExtensiveFormGame, table: Sequence[Any], dst: ExtensiveFormGame,
                   out: list[Any]) -> None:
    for h, s in enumerate(src.infosets):
        out[dst.infoset_index[src.players[s.player], s.name]] = table[h]


def _truncate(game: ExtensiveFormGame, replace: dict[int, Sequence[Any]]) -> ExtensiveFormGame:
    """``game`` with the subtree at each key of ``replace`` cut to a terminal node."""
    return _rebuild(game, replace=replace)


def _flat(game: ExtensiveFormGame, exact: bool, tol: float, deadline: float | None,
          progress: Progress | None, notes: list[str], budget: Budget) -> tuple[list, bool]:
    """Candidates of a game without proper subgames: its extreme Nash equilibria, each
    extended off the path in every sequentially rational way."""
    from ..tree.methods import normal_form_equilibria

    if not game.infosets:
        return [((), 0)], True
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
                   innermost=_innermost_subgames(game), deps=_dependencies(game))
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
    if ctx.truncated:
        complete = False
        notes.append("the search over off-path behavior stopped at a limit "
                     f"({'time' if deadline and time.monotonic() > deadline else 'size'}): "
                     "some PBE classes may be missing")
    return out, complete


def _profile_components(profiles: Sequence[Sequence[Sequence[Any]]]) -> list[int]:
    """Connected component of each extreme equilibrium (2 movers), else its own index.

    Two extreme equilibria of a bimatrix game are adjacent when they share one player's
    strategy; connected ones lie in one connected set of equilibria (Avis et al. 2010).
    """
    from ..normal.components import nash_components

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


def _snap(probs: Sequence[float], tol: float) -> tuple[float, ...]:
    clean = [0.0 if abs(p) <= tol else float(p) for p in probs]
    total = sum(clean)
    return tuple(p / total for p in clean)


def _key(table: Sequence[Sequence[Any]], tol: float, only: frozenset[int] | None = None) -> tuple:
    rows = []
    for h, t in enumerate(table):
        if only is not None and h not in only:
            continue
        rows.append((h, tuple(p if tol == 0 else round(float(p), 7) for p in t)))
    return tuple(rows)


def _scale(game: ExtensiveFormGame) -> float:
    return max([1.0] + [abs(x) for z in game.terminals for x in game.nodes[z].payoffs])


# ---------------------------------------------------------------------- classes
@dataclass
class _Class:
    members: list[Assessment]

    @property
    def representative(self) -> Assessment:
        def rank(a: Assessment) -> tuple[int, float]:
            mixed_off = sum(
                1
                for h, t in enumerate(a.table)
                if h not in a.on_path and sum(1 for p in t if p) > 1
            )
            width = sum(
                float(max(v[0] for v in verts) - min(v[0] for v in verts))
                for verts in a.free.values()
            )
            return (mixed_off, -width)

        return min(self.members, key=rank)


def _group(assessments: list[Assessment], tol: float) -> list[_Class]:
    classes: dict[tuple, _Class] = {}
    for a in assessments:
        key = (a.on_path, _key(a.table, tol, a.on_path))
        classes.setdefault(key, _Class([])).members.append(a)
    return list(classes.values())


def _off_path_ranges(
    game: ExtensiveFormGame, members: Sequence[Assessment], exact: bool, tol: float
) -> dict:
    """``player -> infoset -> node -> [lo, hi]`` (or a list of intervals) off the path.

    The union over ``members`` of the beliefs sustaining each one's off-path behavior.
    """
    rep = members[0]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for h, s in enumerate(game.infosets):
        if h in rep.on_path or len(s.members) < 2:
            continue
        points: list[list[tuple[Any, ...]]] = []
        for a in members:
            if h in a.free:
                points.append(a.free[h])
            elif h in a.bayes:
                points.append([a.bayes[h]])
        if not points:
            continue
        if all(
            _is_zero(lo, tol) and _is_zero(hi - 1, tol)
            for verts in points
            for lo, hi in _per_node(verts)
        ):
            continue  # every belief sustains the behavior here: nothing to report
        names = [game.nodes[v].name for v in s.members]
        entry: dict[str, Any] = {}
        for j, name in enumerate(names):
            intervals = [(min(p[j] for p in verts), max(p[j] for p in verts)) for verts in points]
            merged = merge_intervals(intervals, tol)
            conv = (lambda x: x) if exact else float
            if len(merged) == 1:
                entry[name] = [conv(merged[0][0]), conv(merged[0][1])]
            else:
                entry[name] = [[conv(lo), conv(hi)] for lo, hi in merged]
        out.setdefault(game.players[s.player], {})[s.name] = entry
    return out


def _per_node(verts: Sequence[Sequence[Any]]) -> list[tuple[Any, Any]]:
    return [(min(p[j] for p in verts), max(p[j] for p in verts)) for j in range(len(verts[0]))]


# ---------------------------------------------------------------------- the solver
def solve_pbe(
    game: ExtensiveFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    memory: int | str | None = None,
    progress: Progress | None = None,
    refine: str | None = None,
    fallback: bool = False,
) -> SolveResult:
    """Every perfect Bayesian equilibrium class of a small finite tree.

    Parameters
    ----------
    game
        A perfect-recall :class:`~alliance_games.games.extensive.ExtensiveFormGame`
        (chance moves, information sets, any number of players) whose reduced normal form
        is small enough to enumerate.
    exact
        Report Fractions and certify every class with regret exactly 0 (rational games).
        The search itself is exact whenever the game's numbers are rational.
    timeout
        Seconds; a search cut short returns what it has with ``complete=False``.
    memory
        Memory budget (``"2G"``, bytes; default
        :func:`alliance_games.budget.default_memory`). Each reduced normal form is sized
        before it is built; one that does not fit stops the search: no equilibrium and
        ``complete=False`` with the estimate in the diagnostics, or, with ``fallback``,
        one equilibrium by a method that fits.
    progress
        ``progress(done, total)`` over the Nash equilibria examined.
    fallback
        Past the budget, return one equilibrium from
        :func:`alliance_games.solvers.tree.methods.over_budget_fallback` (sequence-form
        Lemke for two players, logit QRE otherwise), tested for being a PBE and marked
        ``complete=False``. ``auto`` sets it.
    refine
        ``None`` (all classes), ``"intuitive"`` (Cho & Kreps 1987) or ``"d1"``: keep the
        classes that pass; ``result.extra["eliminated"]`` names the others.

    Returns
    -------
    SolveResult
        ``method="pbe"``; one :class:`~alliance_games.equilibrium.Equilibrium` per class
        with ``concept="perfect bayesian"``, ``behavior``, on-path ``beliefs`` (Bayes'
        rule), ``payoffs``, ``outcomes`` and ``extra``: ``kind`` (separating, pooling,
        semi-separating ...), ``off_path_beliefs`` (ranges), ``intuitive_criterion``,
        ``d1``, ``probabilities`` (P(challenge), P(war) ... where labels apply).

    Examples
    --------
    A defender is strong (1/3) or weak; a challenger who cannot tell attacks or not:

    >>> from alliance_games.games.extensive import Chance, Decision, Terminal
    >>> def defender(t):
    ...     war = (-1, 1) if t == "strong" else (1, -1)
    ...     return Decision("Challenger", {"Attack": Terminal(war, "war"),
    ...                     "Refrain": Terminal((0, 0), "deterrence success")}, infoset="c")
    >>> g = ExtensiveFormGame.from_tree(Chance({"strong": ("1/3", defender("strong")),
    ...     "weak": ("2/3", defender("weak"))}), players=("Challenger", "Defender"))
    >>> r = solve_pbe(g, exact=True)
    >>> [dict(e.behavior["Challenger"]["c"]) for e in r.equilibria]
    [{'Attack': Fraction(1, 1), 'Refrain': Fraction(0, 1)}]
    """
    if not isinstance(game, ExtensiveFormGame):
        raise SolverError(f"solve_pbe needs an ExtensiveFormGame, got {type(game).__name__}")
    if refine is not None:
        refine = str(refine).lower().replace("-", "_")
        refine = {"ic": "intuitive", "intuitive_criterion": "intuitive"}.get(refine, refine)
    if refine not in REFINEMENTS:
        raise SolverError(f"unknown refinement {refine!r}; use 'intuitive' or 'd1'")
    if exact and not game.is_exact:
        exact_needs_rational()
    from .signals import detect_signaling

    start = time.monotonic()
    budget = Budget.start(timeout, memory)
    try:
        assessments, complete, notes = pbe_assessments(game, timeout=timeout,
                                                       progress=progress, budget=budget)
    except (BudgetExceeded, MemoryError) as exc:
        # MemoryError only as a last resort: the reduced normal form is sized first
        message = (str(exc) if isinstance(exc, BudgetExceeded)
                   else "the Nash equilibria of the reduced normal form did not fit in "
                   "memory")
        memory_kind = getattr(exc, "kind", "memory") == "memory"
        return _over_budget(game, message, exact, budget.remaining(), progress,
                            fallback and memory_kind, start)
    arith_exact = game.is_exact
    tol = 0.0 if arith_exact else DEFAULT_TOL * _scale(game)
    classes = _group(assessments, tol)
    structure = detect_signaling(game)
    infos = [_describe_class(game, structure, cls, arith_exact, tol) for cls in classes]
    kept = [c for c in infos if not _fails(refine, c.verdicts)]
    dropped = [c for c in infos if _fails(refine, c.verdicts)]
    equilibria = [_family_equilibrium(game, fam, exact, tol) for fam in _families(kept, tol)]
    eliminated: list[dict[str, Any]] = []
    for fam in _families(dropped, tol):
        eliminated.append(
            {
                "kind": fam[0].label.kind,
                "description": fam[0].label.description,
                "reason": _fails(refine, fam[0].verdicts),
                "equilibrium": _family_equilibrium(game, fam, exact, tol),
            }
        )
    diagnostics = list(notes)
    diagnostics.append(
        f"{len(classes)} PBE class{'es' if len(classes) != 1 else ''} (by on-path behavior) "
        f"from {len(assessments)} verified assessments, reported as {len(equilibria)} "
        "equilibri" + ("um" if len(equilibria) == 1 else "a") + "; equilibria that differ "
        "only off the path are one class, shown with the off-path beliefs that sustain "
        "them as ranges"
    )
    if any(len(f) > 1 for f in _families(kept, tol)):
        diagnostics.append(
            "some classes are outcome-equivalent extreme points of one connected set of "
            "equilibria (a continuum): each such set is reported once, with the other "
            "extreme classes under extra['continuum']"
        )
    if structure is None:
        diagnostics.append(
            "no sender-receiver structure (a chance move followed by an "
            "informed first mover): equilibria are not labelled separating/"
            "pooling and refinements do not apply"
        )
    for e in eliminated:
        diagnostics.append(
            f"the {'Intuitive Criterion' if refine == 'intuitive' else 'D1 criterion'} "
            f"eliminates the {e['description']} equilibrium: {e['reason']}"
        )
    if _nested_off_path(game):
        complete = False
        diagnostics.append(
            "an information set of several nodes lies wholly below another player's such "
            "set: a class that needs mixing at both off the path is found only if an "
            "extreme Nash equilibrium has it, so the list is not proven complete"
        )
    return SolveResult(
        game=game,
        method=METHOD,
        complete=complete,
        equilibria=tuple(equilibria),
        exact=exact,
        diagnostics=tuple(diagnostics),
        extra={
            "refinement": refine,
            "eliminated": [_eliminated_summary(e) for e in eliminated],
            "signaling": None if structure is None else structure.describe(game),
            "seconds": round(time.monotonic() - start, 6),
            "concept": "perfect Bayesian (Bayes' rule on the path and in every subgame)",
        },
    )


@dataclass
class _ClassInfo:
    cls: _Class
    table: list[tuple[Any, ...]]
    label: Any
    verdicts: dict[str, str]
    probabilities: dict[str, Any]
    outcome_key: tuple
    component: int


_KIND_ORDER = {
    "pooling": 0,
    "separating": 1,
    "partially pooling": 2,
    "pure": 3,
    "semi-separating": 4,
    "mixed": 5,
}


def _describe_class(
    game: ExtensiveFormGame, structure: Any, cls: _Class, arith_exact: bool, tol: float
) -> _ClassInfo:
    from .signals import classify, event_probabilities, refinement_verdicts

    rep = cls.representative
    table = [tuple(t) for t in rep.table]
    label = classify(game, structure, table, tol)
    verdicts = refinement_verdicts(game, structure, rep, tol)
    probabilities = event_probabilities(game, table, arith_exact)
    dist = game.outcome_distribution(table, exact=arith_exact)
    pays = game.expected_payoffs(table, exact=arith_exact)

    def r(x: Any) -> Any:
        return x if tol == 0 else round(float(x), 7)

    key = (tuple(sorted((k, r(v)) for k, v in dist.items())), tuple(r(x) for x in pays))
    return _ClassInfo(cls, table, label, verdicts, probabilities, key, rep.component)


def _families(infos: list[_ClassInfo], tol: float) -> list[list[_ClassInfo]]:
    """Outcome-equivalent classes of one Nash component, simplest class first."""
    groups: dict[tuple, list[_ClassInfo]] = {}
    for c in infos:
        groups.setdefault((c.component, c.outcome_key), []).append(c)
    out = []
    for members in groups.values():
        members.sort(key=lambda c: (_mixed_count(c.table, tol), _KIND_ORDER.get(c.label.kind, 9)))
        out.append(members)
    return out


def _mixed_count(table: Sequence[Sequence[Any]], tol: float) -> int:
    return sum(1 for t in table if len(_support(t, tol)) > 1)


def _family_equilibrium(
    game: ExtensiveFormGame, fam: list[_ClassInfo], exact: bool, tol: float
) -> Equilibrium:
    head = fam[0]
    rep = head.cls.representative
    off = _off_path_ranges(game, [rep], exact, tol)
    off_any = _off_path_ranges(game, head.cls.members, exact, tol)

    def num(x: Any) -> Any:
        return x if exact else float(x)

    extra: dict[str, Any] = {
        "kind": head.label.kind,
        "description": head.label.description,
        "off_path_beliefs": off,
        "off_path_beliefs_any": off_any,
        "off_path_variants": len(head.cls.members),
        "intuitive_criterion": head.verdicts["intuitive_criterion"],
        "d1": head.verdicts["d1"],
        "probabilities": {k: num(v) for k, v in head.probabilities.items()},
    }
    if head.label.signals:
        extra["signals"] = {
            t: {m: num(p) for m, p in d.items()} for t, d in head.label.signals.items()
        }
    notes = [
        "verified: regret 0 against every pure deviation in every subgame, and sequential "
        "rationality at every information set (on the path with beliefs by Bayes' rule, "
        "off the path for every belief in the stated ranges)",
    ]
    if off:
        notes.append(
            "off-path beliefs are not pinned down by Bayes' rule: any belief in the "
            "ranges of extra['off_path_beliefs'] sustains the behavior shown; "
            "extra['off_path_beliefs_any'] gives the beliefs that sustain some "
            "off-path behavior with the same play on the path"
        )
    if len(fam) > 1:
        extra["continuum"] = {
            "classes": len(fam),
            "descriptions": [c.label.description for c in fam],
            "kinds": sorted({c.label.kind for c in fam}, key=lambda k: _KIND_ORDER.get(k, 9)),
        }
        if head.label.signals:
            extra["continuum"]["signals"] = {
                t: {
                    m: [
                        num(min(c.label.signals[t][m] for c in fam)),
                        num(max(c.label.signals[t][m] for c in fam)),
                    ]
                    for m in d
                }
                for t, d in head.label.signals.items()
            }
        notes.append(
            f"one of {len(fam)} outcome-equivalent PBE classes that are extreme points of one "
            "connected set of equilibria (same outcome probabilities and payoffs, different "
            "on-path mixtures); see extra['continuum']"
        )
    out_table = head.table if exact else [tuple(float(p) for p in t) for t in head.table]
    return make_behavior_equilibrium(
        game, out_table, exact=exact, concept="perfect bayesian", notes=notes, extra=extra
    )


def _eliminated_summary(entry: dict[str, Any]) -> dict[str, Any]:
    """A JSON-ready record of an equilibrium removed by a refinement."""
    eq = entry["equilibrium"]

    def plain(m: Any) -> Any:
        return {k: plain(v) for k, v in m.items()} if hasattr(m, "items") else m

    return {
        "kind": entry["kind"],
        "description": entry["description"],
        "reason": entry["reason"],
        "behavior": plain(eq.behavior),
        "outcomes": plain(eq.outcomes),
        "payoffs": plain(eq.payoffs),
    }


def _fails(refine: str | None, verdicts: dict[str, str]) -> str | None:
    if refine is None:
        return None
    verdict = verdicts["intuitive_criterion" if refine == "intuitive" else "d1"]
    if verdict.startswith("fails"):
        return verdict[len("fails") :].strip(" ()") or verdict
    return None


def _over_budget(game: ExtensiveFormGame, message: str, exact: bool, timeout: float | None,
                 progress: Progress | None, fallback: bool, start: float) -> SolveResult:
    """The result when PBE enumeration does not fit: a fallback equilibrium (tested for
    being a PBE) or none, always ``complete=False`` with the reason."""
    if not fallback:
        return SolveResult(
            game=game, method=METHOD, complete=False, equilibria=(), exact=exact,
            diagnostics=(f"{message}; no PBE was computed (method 'auto' falls back to one "
                         "equilibrium by a method that fits)",),
            extra={"seconds": round(time.monotonic() - start, 6)},
        )
    from ..tree.methods import over_budget_fallback

    result = over_budget_fallback(game, "perfect Bayesian enumeration: " + message,
                                  exact=exact, timeout=timeout, progress=progress,
                                  start=start)
    checks = []
    for k, eq in enumerate(result.equilibria, start=1):
        table = game.behavior_table(eq.behavior, exact=exact)
        is_pbe = verify_assessment(game, table, exact=exact) is not None
        checks.append(f"equilibrium {k} is {'' if is_pbe else 'not '}a perfect Bayesian "
                      "equilibrium (beliefs chosen where Bayes' rule is silent)")
    return dataclasses.replace(result, diagnostics=(*result.diagnostics, *checks))


def _nested_off_path(game: ExtensiveFormGame) -> bool:
    """True when a multi-node set of one player lies wholly below a multi-node set of
    another (the shape in which off-path optimality is not a face condition)."""
    size = game.subtree_size
    for h, s in enumerate(game.infosets):
        if len(s.members) < 2:
            continue
        spans = [(v, v + size[v]) for v in s.members]
        for g, t in enumerate(game.infosets):
            if g == h or t.player == s.player or len(t.members) < 2 or len(t.actions) < 2:
                continue
            if all(any(a < w < b for a, b in spans) for w in t.members):
                return True
    return False
