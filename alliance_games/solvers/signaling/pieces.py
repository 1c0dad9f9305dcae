"""Subgame by subgame: the consistency test and the PBE test of combined profiles.

Both tests of the PBE search decompose over proper subgames, because an information set
lies wholly inside or wholly outside every subgame (Selten 1975; Kreps & Wilson 1982,
sec. 2; Fudenberg & Tirole 1991, sec. 3.5 and 8.2):

* **Consistency** (:func:`sequential_by_subgames`). Let ``Γ_r`` be a maximal proper
  subgame and ``T`` the tree with every such ``Γ_r`` cut to a terminal node paying its
  value under ``b``. The Bayes belief at a set inside ``Γ_r`` is
  ``P(v)/P(h) = P(r) P(v|r) / (P(r) P(h|r))``: it depends only on the trembles inside
  ``Γ_r`` (the common factor ``P(r)``, whatever trembles reach ``r``, cancels), and the
  trembles of different pieces are at different information sets. So totally mixed
  profiles of the pieces, each with consistent limit beliefs that sustain the play, put
  together are one for the tree, and conversely a tree's sequence restricts to each
  piece: ``b`` has a consistent sustaining assessment iff ``b|T`` and every ``b|Γ_r``
  have one (in ``Kreps & Wilson``'s basis form: the ranks ``K_v`` of the nodes of a set
  inside ``Γ_r`` share the ranks of the actions on the path to ``r``, which add a
  constant and leave the supports unchanged). The search over supports of
  :func:`alliance_games.solvers.tree.sequential.sequential_test`, a product over the
  constrained sets, becomes a sum over the pieces.
* **The PBE test** (:func:`PieceChecker`). Nash in every subgame, Bayes' rule from the
  innermost subgame root, and optimality at each set given the continuation. The test at
  a subgame root ``r`` and at the sets whose innermost root is ``r`` depends only on the
  behavior inside ``Γ_r``; given Nash in each maximal proper subgame ``Γ_q`` of ``Γ_r``,
  a player's best response in ``Γ_r`` is his best response in ``Γ_r`` with each ``Γ_q``
  cut to its value (a deviation inside ``Γ_q`` gains nothing there), so the regret at
  ``r`` is computed on the nodes of ``Γ_r`` outside the ``Γ_q`` only. Recombined
  candidates share their subgame pieces, so each piece is tested once (memoised by its
  behavior) and only the piece at the root is new for each candidate.

References
----------
R. Selten, "Reexamination of the perfectness concept for equilibrium points in extensive
games", *International Journal of Game Theory* 4, 1975, pp. 25-55.
D. M. Kreps & R. Wilson, "Sequential equilibria", *Econometrica* 50(4), 1982,
pp. 863-894.
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991, ch. 3 and 8.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ...equilibrium import DEFAULT_TOL
from ...games.extensive import CHANCE, DECISION, TERMINAL, ExtensiveFormGame
from ..tree.behavior import node_value, node_values
from ..tree.sequential import MAX_COMBINATIONS, SequentialVerdict, _set_data, sequential_test
from .assessment import Assessment, _Context, _is_zero, _optimal_under, _scale, _support
from .beliefs import belief_region
from .prune import _truncate

__all__ = ["sequential_by_subgames", "maximal_proper_subgames", "PieceChecker", "SupportBudget",
           "SUPPORT_BUDGET"]


def maximal_proper_subgames(game: ExtensiveFormGame) -> list[int]:
    """Roots of the proper subgames contained in no other proper subgame."""
    roots = [r for r in game.subgame_roots if r != 0]
    size = game.subtree_size
    return [r for r in roots
            if not any(q != r and q < r < q + size[q] for q in roots)]


def _restrict(game: ExtensiveFormGame, piece: ExtensiveFormGame,
              table: Sequence[Any]) -> tuple[list[Any], list[int]]:
    """``table`` on ``piece``'s information sets, and each one's index in ``game``."""
    index = [game.infoset_index[(piece.players[s.player], s.name)] for s in piece.infosets]
    return [table[h] for h in index], index


#: supports the consistency searches of one game may try together (each piece's search is
#: charged its count, at most MAX_COMBINATIONS, before it runs): a budget of work fixed by
#: the shapes, so that a game with many classes whose pieces have millions of supports
#: does not run one hopeless 2,000-LP search per assessment
SUPPORT_BUDGET = 4_000


@dataclass
class SupportBudget:
    """What is left of :data:`SUPPORT_BUDGET` for one game's consistency tests."""

    remaining: int = SUPPORT_BUDGET


def sequential_by_subgames(game: ExtensiveFormGame, table: Sequence[Sequence[Any]], *,
                           exact: bool, cache: dict[tuple, Any] | None = None,
                           budget: SupportBudget | None = None) -> SequentialVerdict:
    """:func:`~alliance_games.solvers.tree.sequential.sequential_test` piece by piece.

    The tree is cut at its maximal proper subgames (each cut the same way, recursively)
    and each piece is tested with the subgames below it replaced by their values under
    ``table``. The verdict is False when a piece's is, undecided when a piece's is and
    none is False, else True with the pieces' witnesses put together (limit beliefs and
    trembles by information set of ``game``; the actions leading into an off-path
    subgame need no rank: the beliefs inside it do not depend on them). The pieces are
    tested cheapest first (by the number of supports their search may try, counted
    before searching), so a piece that fails at once spares the searches of the others.
    ``cache`` (one per game) keeps each piece's verdict by its behavior, so assessments
    that differ in one subgame share the others' verdicts. With ``budget``, a piece whose
    search would be charged more than what is left is not searched and the verdict is
    undecided (says so).
    """
    if cache is None:
        cache = {}
    pieces: list[tuple[tuple, ExtensiveFormGame, list[Any], list[int]]] = []
    _collect(game, list(table), list(range(len(game.infosets))), exact, (), pieces)
    tested: list[tuple[SequentialVerdict, list[int]]] = []
    pending = []
    for key, piece, piece_table, index in pieces:
        if key in cache:
            tested.append((cache[key], index))
        else:
            pending.append((_support_count(piece, piece_table, exact), key, piece,
                            piece_table, index))
    for verdict, _ in tested:
        if verdict.sequential is False:
            return verdict
    for count, key, piece, piece_table, index in sorted(pending, key=lambda p: p[0]):
        charge = int(min(count, MAX_COMBINATIONS))
        if budget is not None and charge > budget.remaining:
            tested.append((SequentialVerdict(
                None, f"undecided: the consistency searches of this game used their budget "
                f"of {SUPPORT_BUDGET:,} supports (counted before searching; this piece has "
                f"{count:,.0f})"), index))
            continue
        if budget is not None:
            budget.remaining -= charge
        verdict = sequential_test(piece, piece_table, exact=exact)
        cache[key] = verdict
        if verdict.sequential is False:
            return verdict
        tested.append((verdict, index))
    for v, _ in tested:
        if v.sequential is None:
            return v
    beliefs: dict[int, tuple[float, ...]] = {}
    ranks: dict[tuple[int, int], float] = {}
    weights: dict[tuple[int, int], float] = {}
    for v, index in tested:
        beliefs.update((index[h], mu) for h, mu in v.beliefs.items())
        ranks.update(((index[h], a), k) for (h, a), k in v.ranks.items())
        weights.update(((index[h], a), c) for (h, a), c in v.weights.items())
    n_off = len(beliefs)
    reason = ("sequential: checked subgame by subgame (consistency decomposes over proper "
              "subgames); the off-path beliefs are limits of Bayes beliefs under trembles "
              f"c·ε^κ ({n_off} off-path information set{'s' if n_off != 1 else ''} "
              "checked)" if n_off else
              "sequential: every information set with several nodes is on the path of its "
              "subgame, where Bayes' rule fixes the beliefs")
    return SequentialVerdict(True, reason, dict(sorted(beliefs.items())),
                             dict(sorted(ranks.items())), dict(sorted(weights.items())))


def _collect(game: ExtensiveFormGame, table: list[Any], index: list[int], exact: bool,
             path: tuple[int, ...], out: list) -> None:
    """Append ``(key, piece, its table, its sets' indices in the tree)`` for every piece
    of ``game`` (``index``: ``game``'s sets in the tree; ``path``: the subgame roots
    leading to ``game``)."""
    roots = maximal_proper_subgames(game)
    if not roots:
        out.append(((path, tuple(tuple(t) for t in table)), game, table, index))
        return
    values = node_values(game, table, exact)
    top_key = (path, "top", tuple(tuple(values[r]) for r in roots),
               tuple(tuple(table[h]) for h in _top_sets(game, roots)))
    top = _truncate(game, {r: values[r] for r in roots})
    top_table, top_index = _restrict(game, top, table)
    out.append((top_key, top, top_table, [index[h] for h in top_index]))
    for r in roots:
        sub = game.subgame(r)
        sub_table, sub_index = _restrict(game, sub, table)
        _collect(sub, sub_table, [index[h] for h in sub_index], exact, (*path, r), out)


def _support_count(game: ExtensiveFormGame, table: list[Any], exact: bool) -> float:
    """How many supports the consistency search of ``game`` may try: the product of the
    numbers of faces of the constrained off-path sets' belief polytopes, 0 when one set
    has none (the test then fails at once)."""
    tol = 0.0 if exact else DEFAULT_TOL * _scale(game)
    reach = game.reach_table(table, exact=exact)
    values = node_values(game, table, exact)
    count = 1.0
    for h, s in enumerate(game.infosets):
        if len(s.members) < 2 or not _is_zero(sum((reach[v] for v in s.members), 0), tol):
            continue
        data = _set_data(game, table, values, h, exact, tol)
        if data is None:
            continue
        if not data.faces:
            return 0.0
        if not data.full:
            count *= len(data.faces)
    return count


def _top_sets(game: ExtensiveFormGame, roots: list[int]) -> list[int]:
    """The information sets of ``game`` outside the subgames at ``roots``."""
    size = game.subtree_size
    spans = [(r, r + size[r]) for r in roots]
    return [h for h, s in enumerate(game.infosets)
            if not any(a <= s.members[0] < b for a, b in spans)]


@dataclass
class _Piece:
    """The nodes of a subgame ``Γ_r`` outside its maximal proper subgames (preorder)."""

    root: int
    nodes: list[int]
    children: list[int]          # roots of the maximal proper subgames inside
    sets: list[int]              # every information set inside Γ_r (for the memo key)
    local: list[int]             # the sets whose innermost subgame root is r
    inside: list[list[int]]      # per player: its local sets


@dataclass
class _Verdict:
    """The PBE test of one piece (and everything below it) for one behavior: the
    piece's own sets' beliefs, and the verdicts of the subgames below with whether the
    piece reaches each (shared, not copied: the tree of verdicts is read once per
    assessment)."""

    ok: bool
    value: tuple[Any, ...] = ()
    on_path: list[int] = field(default_factory=list)
    bayes: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    free: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    below: list[tuple[_Verdict, bool]] = field(default_factory=list)


def _assemble(verdict: _Verdict, reached: bool, on_path: list[int],
              bayes: dict[int, Any], free: dict[int, Any]) -> None:
    """Gather the beliefs of a tree of verdicts; the on-path sets are those on the path
    of a piece that is itself reached from the root."""
    stack = [(verdict, reached)]
    while stack:
        v, on = stack.pop()
        if on:
            on_path.extend(v.on_path)
        bayes.update(v.bayes)
        free.update(v.free)
        stack.extend((sub, on and hit) for sub, hit in v.below)


class PieceChecker:
    """The PBE test of :func:`.assessment._check_assessment`, piece by piece and memoised.

    Exact (rational) arithmetic only: the verdict and the :class:`.assessment.Assessment`
    are identical to the whole-tree test's (same values, beliefs and belief polytopes),
    because a profile fails there iff some player has a positive regret in some subgame
    or some set fails, and, every regret being exactly 0 in the subgames below, the
    regret at a root is 0 iff it is 0 on the root's piece with each maximal proper
    subgame cut to its value (module docstring). Each piece's verdict is kept by the
    behavior inside its subgame, so recombined candidates that share a subgame's play
    test it once; the root's piece is new for each candidate.
    """

    def __init__(self, ctx: _Context) -> None:
        game = ctx.game
        self.ctx = ctx
        self.game = game
        size = game.subtree_size
        roots = [r for r in game.subgame_roots if game.nodes[r].kind != TERMINAL]
        enclosing: dict[int, int] = {}
        stack: list[int] = []
        for r in roots:   # preorder: the enclosing root is the nearest open one
            while stack and not r < stack[-1] + size[stack[-1]]:
                stack.pop()
            if stack:
                enclosing[r] = stack[-1]
            stack.append(r)
        children: dict[int, list[int]] = {r: [] for r in roots}
        for r, q in enclosing.items():
            children[q].append(r)
        local: dict[int, list[int]] = {r: [] for r in roots}
        for h, r in enumerate(ctx.innermost):
            local[r].append(h)
        first = [s.members[0] for s in game.infosets]
        order = sorted(range(len(first)), key=first.__getitem__)
        starts = [first[h] for h in order]
        self.pieces: dict[int, _Piece] = {}
        for r in roots:
            nodes = []
            v, end = r, r + size[r]
            skip = set(children[r])
            while v < end:
                nodes.append(v)
                v += size[v] if v in skip else 1
            lo, hi = bisect_left(starts, r), bisect_left(starts, end)
            inside: list[list[int]] = [[] for _ in game.players]
            for h in local[r]:
                inside[game.infosets[h].player].append(h)
            self.pieces[r] = _Piece(r, nodes, children[r], sorted(order[lo:hi]), local[r],
                                    inside)
        self.memo: dict[tuple, _Verdict] = {}
        self.ids: dict[tuple[Any, ...], int] = {}   # each distinct row, numbered once

    def check(self, table: Sequence[tuple[Any, ...]]) -> Assessment | None:
        """The assessment of ``table`` (complete behavior), or ``None`` if it is no PBE."""
        ids = self.ids
        rows = [ids.setdefault(t, len(ids)) for t in table]
        verdict = self._piece(0, table, rows)
        if not verdict.ok:
            return None
        on_path: list[int] = []
        bayes: dict[int, Any] = {}
        free: dict[int, Any] = {}
        _assemble(verdict, True, on_path, bayes, free)
        return Assessment(table=tuple(tuple(t) for t in table), on_path=frozenset(on_path),
                          bayes=dict(sorted(bayes.items())), free=dict(sorted(free.items())))

    def _piece(self, r: int, table: Sequence[tuple[Any, ...]], rows: list[int]) -> _Verdict:
        piece = self.pieces[r]
        key = (r, tuple(rows[h] for h in piece.sets)) if r else None
        if key is not None and key in self.memo:
            return self.memo[key]
        verdict = self._evaluate(piece, table, rows)
        if key is not None:
            self.memo[key] = verdict
        return verdict

    def _evaluate(self, piece: _Piece, table: Sequence[tuple[Any, ...]],
                  rows: list[int]) -> _Verdict:
        game, exact, tol = self.game, self.ctx.exact, self.ctx.tol
        below = {}
        for q in piece.children:
            sub = self._piece(q, table, rows)
            if not sub.ok:
                return _Verdict(False)
            below[q] = sub
        n = game.n_players
        zero: Any = Fraction(0)
        values: dict[int, Any] = {q: v.value for q, v in below.items()}
        nodes = game.nodes
        for v in reversed(piece.nodes):
            if v in values:
                continue
            values[v] = node_value(game, v, table, exact, values)
        r = piece.root
        for i in range(n):
            # a player without a set in the piece has regret 0 there: with every
            # regret below 0, his best response is the profile's value
            if piece.inside[i] and (self._best_response(piece, table, values, below, i)
                                    > values[r][i]):
                return _Verdict(False)
        reach = self._reach(piece, table, None)
        bayes: dict[int, tuple[Any, ...]] = {}
        free: dict[int, list[tuple[Any, ...]]] = {}
        on_path = []
        for h in piece.local:
            s = game.infosets[h]
            weights = [reach[v] for v in s.members]
            total = sum(weights, zero)
            av = [[values[c][s.player] for c in nodes[v].children] for v in s.members]
            support = _support(table[h], tol)
            if not _is_zero(total, tol):
                belief = tuple(w / total for w in weights)
                if not _optimal_under(av, belief, support, tol):
                    return _Verdict(False)
                bayes[h] = belief
                on_path.append(h)
            else:
                region = belief_region(av, support, tol=tol)
                if not region:
                    return _Verdict(False)
                free[h] = region
        return _Verdict(True, values[r], on_path, bayes, free,
                        [(sub, reach[q] != 0) for q, sub in below.items()])

    def _reach(self, piece: _Piece, table: Sequence[tuple[Any, ...]],
               skip: int | None) -> dict[int, Any]:
        """Reach probability from the piece's root of each of its nodes (``skip``'s own
        moves counted as 1), as :meth:`reach_table` computes it."""
        game = self.game
        nodes = game.nodes
        reach: dict[int, Any] = {piece.root: Fraction(1)}
        for v in piece.nodes[1:]:
            node = nodes[v]
            parent = nodes[node.parent]  # type: ignore[index]
            w = reach[node.parent]  # type: ignore[index]
            if (parent.kind == DECISION and parent.player == skip) or w == 0:
                reach[v] = w
            elif parent.kind == CHANCE:
                reach[v] = w * parent.exact_probabilities[node.action]  # type: ignore[index]
            else:
                reach[v] = w * table[parent.infoset][node.action]  # type: ignore[index]
        return reach

    def _best_response(self, piece: _Piece, table: Sequence[tuple[Any, ...]],
                       values: dict[int, Any], below: dict[int, _Verdict], i: int) -> Any:
        """Player ``i``'s best-response value at the piece's root, each maximal proper
        subgame below worth its value (the backward pass over ``i``'s sets of
        :func:`alliance_games.solvers.tree.behavior.best_response_values`)."""
        game = self.game
        zero: Any = Fraction(0)
        others = self._reach(piece, table, i)
        seqs = game.node_sequences[i]
        pairs = game.sequences[i]
        inside = set(piece.inside[i])
        val: dict[int, Any] = {}
        base = zero
        for v in piece.nodes:
            node = game.nodes[v]
            if node.kind != TERMINAL and v not in below:
                continue
            w = others[v]
            if w == 0:
                continue
            pay = values[v][i]
            s = seqs[v]
            pair = pairs[s]
            if pair is not None and pair[0] in inside:
                val[s] = val.get(s, zero) + w * pay
            else:
                base += w * pay
        for h in sorted(inside, reverse=True):
            k = len(game.infosets[h].actions)
            best = max(val.get(game.sequence_number(h, a), zero) for a in range(k))
            ps = game.parent_sequence[h]
            pair = pairs[ps]
            if pair is not None and pair[0] in inside:
                val[ps] = val.get(ps, zero) + best
            else:
                base += best
        return base
