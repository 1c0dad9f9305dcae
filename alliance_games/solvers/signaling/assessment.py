"""Assessments and their test: the verification step of the PBE search.

An *assessment* ``(b, μ)`` is a behavior profile with beliefs at every information set.
:func:`verify_assessment` decides whether a complete behavior profile is part of a
perfect Bayesian equilibrium (Fudenberg & Tirole 1991, sec. 8.2; Mas-Colell, Whinston &
Green 1995, def. 9.C.3): regret 0 against every pure deviation in every subgame, beliefs
by Bayes' rule wherever it applies (conditional on the root of the smallest subgame
containing the set), and the played actions optimal at every information set: for the
Bayes belief, or, off the path, for some belief in the nonempty polytope computed by
:func:`alliance_games.solvers.signaling.beliefs.belief_region`.

This module holds the values shared by the steps of :mod:`.pbe` and by
:mod:`.signals` (the :class:`Assessment` record, the tolerance helpers), so that
neither imports the other.

References
----------
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991, ch. 8.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ...budget import Budget
from ...equilibrium import DEFAULT_TOL
from ...games.extensive import DECISION, ExtensiveFormGame
from ..tree.behavior import best_response_values, node_values, player_regrets
from .beliefs import belief_region, merge_intervals

__all__ = [
    "Assessment",
    "verify_assessment",
    "off_path_ranges",
    "node_values",
]


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


class _Verdicts:
    """Verdicts of :func:`_check_assessment` on one game, by profile.

    A profile is keyed by the numbers of its rows: each distinct row (by value) gets a
    number the first time it is met, and each row *object* is looked up by its id
    (kept alive with its entry, so that the id is not reused), so the probabilities of
    a row are hashed once, not once per profile (hashing a Fraction costs a modular
    inverse).
    """

    def __init__(self) -> None:
        self._numbers: dict[tuple, int] = {}
        self._by_id: dict[int, tuple[Any, int]] = {}
        self._verdicts: dict[tuple[int, ...], Assessment | None] = {}

    def key(self, table: Sequence[Any]) -> tuple[int, ...]:
        """The profile's key: the number of each row."""
        out = []
        by_id, numbers = self._by_id, self._numbers
        for t in table:
            hit = by_id.get(id(t))
            if hit is None or hit[0] is not t:
                row = tuple(t)
                hit = by_id[id(t)] = (t, numbers.setdefault(row, len(numbers)))
            out.append(hit[1])
        return tuple(out)

    def __bool__(self) -> bool:
        return bool(self._verdicts)

    def __contains__(self, key: tuple[int, ...]) -> bool:
        return key in self._verdicts

    def __getitem__(self, key: tuple[int, ...]) -> Assessment | None:
        return self._verdicts[key]

    def __setitem__(self, key: tuple[int, ...], value: Assessment | None) -> None:
        self._verdicts[key] = value


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
    capped: int = 0
    steps: int = 0
    #: profile -> its verdict (the assessment or ``None``), for profiles met again
    verdicts: _Verdicts = field(default_factory=_Verdicts)
    #: id of a behavior row -> (the row, its float copy), for the float filter
    float_rows: dict[int, tuple[tuple, tuple]] = field(default_factory=dict)


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


def _check_assessment(ctx: _Context, table: list[tuple[Any, ...]],
                      values: list[Any] | None = None) -> Assessment | None:
    """Full PBE test of a complete behavior profile; the assessment or ``None``.

    ``values`` may give :func:`node_values` of ``table`` when the caller keeps them up to
    date (the off-path search does). The conditions are tested in order of cost, so that
    a profile that fails costs least: sequential rationality at every information set
    (Bayes beliefs where they apply, a belief polytope off the path), then the regret
    against every pure deviation in every subgame. The verdict is the conjunction, and
    every condition is still tested on a profile that passes.
    """
    game, exact, tol = ctx.game, ctx.exact, ctx.tol
    if values is None:
        values = node_values(game, table, exact)
    root_reach = _reach_from(game, table, 0, exact)
    reach_cache: dict[int, list] = {0: root_reach}
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
    # Nash in every subgame (regret against every pure deviation); in exact arithmetic
    # the profile's value at a subgame's root is its node value (the same rational)
    for r in game.subgame_roots:
        if exact:
            regrets = [best_response_values(game, table, i, exact=True, root=r)[0]
                       - values[r][i] for i in range(game.n_players)]
        else:
            regrets, _ = player_regrets(game, table, exact=exact, root=r)
        if any((g > 0) if tol == 0 else (g > tol) for g in regrets):
            return None
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
    rows: list[tuple[Any, ...]]
    if exact:
        rows = [tuple(Fraction(p) for p in t) for t in table]
        tol = 0.0
    else:
        rows = [tuple(float(p) for p in t) for t in table]
        tol = DEFAULT_TOL * _scale(game)
    # the test reads no dependencies (only the off-path search does)
    ctx = _Context(game=game, exact=exact, tol=tol, deadline=None,
                   innermost=_innermost_subgames(game), deps=[])
    return _check_assessment(ctx, list(rows))


def off_path_ranges(
    game: ExtensiveFormGame, members: Sequence[Assessment], exact: bool
) -> dict[str, Any]:
    """``player -> infoset -> node -> [lo, hi]``: beliefs sustaining ``members`` off path."""
    tol = 0.0 if exact else DEFAULT_TOL * _scale(game)
    return _off_path_ranges(game, members, exact, tol)


def _off_path_ranges(
    game: ExtensiveFormGame, members: Sequence[Assessment], exact: bool, tol: float
) -> dict:
    """``player -> infoset -> node -> [lo, hi]`` (or a list of intervals) off the path.

    The union over ``members`` of the beliefs sustaining each one's off-path behavior.
    """
    rep = members[0]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    ranges: dict[int, list[tuple[Any, Any]]] = {}   # by id: vertex lists are shared
    alive: list[list[tuple[Any, ...]]] = []
    for h, s in enumerate(game.infosets):
        if h in rep.on_path or len(s.members) < 2:
            continue
        points: dict[int, Sequence[tuple[Any, ...]]] = {}
        for a in members:
            if h in a.free:
                points.setdefault(id(a.free[h]), a.free[h])
            elif h in a.bayes:
                point = [a.bayes[h]]
                alive.append(point)   # keeps its id unique while ``ranges`` lives
                points[id(point)] = point
        if not points:
            continue
        for key, verts in points.items():
            if key not in ranges:
                shared = _SHARED_RANGES.get(key)
                if shared is not None and shared[0] is verts:
                    ranges[key] = shared[1]
                else:
                    ranges[key] = _per_node(verts)
                    if len(_SHARED_RANGES) > 4096:
                        _SHARED_RANGES.clear()
                    _SHARED_RANGES[key] = (verts, ranges[key])
        if all(
            _is_zero(lo, tol) and _is_zero(hi - 1, tol)
            for key in points
            for lo, hi in ranges[key]
        ):
            continue  # every belief sustains the behavior here: nothing to report
        names = [game.nodes[v].name for v in s.members]
        entry: dict[str, Any] = {}
        for j, name in enumerate(names):
            intervals = [ranges[key][j] for key in points]
            merged = merge_intervals(intervals, tol)
            conv = (lambda x: x) if exact else float
            if len(merged) == 1:
                entry[name] = [conv(merged[0][0]), conv(merged[0][1])]
            else:
                entry[name] = [[conv(lo), conv(hi)] for lo, hi in merged]
        out.setdefault(game.players[s.player], {})[s.name] = entry
    return out


#: per-node ranges of the (shared, memoised) vertex lists of belief polytopes, by id;
#: each entry holds its list, so the id cannot be reused while the entry lives
_SHARED_RANGES: dict[int, tuple[Sequence[tuple[Any, ...]], list[tuple[Any, Any]]]] = {}


def _per_node(verts: Sequence[Sequence[Any]]) -> list[tuple[Any, Any]]:
    return [(min(p[j] for p in verts), max(p[j] for p in verts)) for j in range(len(verts[0]))]


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
