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

from collections.abc import Sequence
from typing import Any

from ...games.extensive import ExtensiveFormGame
from ..tree.behavior import node_values
from ..tree.sequential import SequentialVerdict, sequential_test
from .prune import _truncate

__all__ = ["sequential_by_subgames", "maximal_proper_subgames"]


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


def sequential_by_subgames(game: ExtensiveFormGame, table: Sequence[Sequence[Any]], *,
                           exact: bool, cache: dict[tuple, Any] | None = None,
                           _path: tuple[int, ...] = ()) -> SequentialVerdict:
    """:func:`~alliance_games.solvers.tree.sequential.sequential_test` piece by piece.

    The tree is cut at its maximal proper subgames (each tested the same way, recursively)
    and the rest is tested with each subgame replaced by its value under ``table``. The
    verdict is False when a piece's is (the first such piece's, with its reason; the
    pieces after it are not tested), undecided when a piece's is and none is False, else
    True with the pieces' witnesses put together (limit beliefs and trembles by
    information set of ``game``; the actions leading into an off-path subgame need no
    rank: the beliefs inside it do not depend on them). ``cache`` (one per game) keeps
    each piece's verdict by its behavior, so assessments that differ in one subgame
    share the others' verdicts.
    """
    if cache is None:
        cache = {}
    roots = maximal_proper_subgames(game)
    if not roots:
        key = (_path, tuple(tuple(t) for t in table))
        if key not in cache:
            cache[key] = sequential_test(game, table, exact=exact)
        return cache[key]
    values = node_values(game, list(table), exact)
    verdicts: list[tuple[SequentialVerdict, list[int]]] = []
    top_key = (_path, "top", tuple(tuple(values[r]) for r in roots),
               tuple(tuple(table[h]) for h in _top_sets(game, roots)))
    if top_key in cache:
        verdict, top_index = cache[top_key]
    else:
        top = _truncate(game, {r: values[r] for r in roots})
        top_table, top_index = _restrict(game, top, table)
        verdict = sequential_test(top, top_table, exact=exact)
        cache[top_key] = (verdict, top_index)
    verdicts.append((verdict, top_index))
    if verdict.sequential is False:
        return verdict
    for r in roots:
        sub = game.subgame(r)
        sub_table, sub_index = _restrict(game, sub, table)
        verdict = sequential_by_subgames(sub, sub_table, exact=exact, cache=cache,
                                         _path=(*_path, r))
        if verdict.sequential is False:
            return verdict
        verdicts.append((verdict, sub_index))
    for v, _ in verdicts:
        if v.sequential is None:
            return v
    beliefs: dict[int, tuple[float, ...]] = {}
    ranks: dict[tuple[int, int], float] = {}
    weights: dict[tuple[int, int], float] = {}
    for v, index in verdicts:
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


def _top_sets(game: ExtensiveFormGame, roots: list[int]) -> list[int]:
    """The information sets of ``game`` outside the subgames at ``roots``."""
    size = game.subtree_size
    spans = [(r, r + size[r]) for r in roots]
    return [h for h, s in enumerate(game.infosets)
            if not any(a <= s.members[0] < b for a, b in spans)]
