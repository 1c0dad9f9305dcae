"""The PBE search's tests subgame by subgame (:mod:`alliance_games.solvers.signaling.pieces`).

Consistency decomposes over proper subgames (Kreps & Wilson 1982; Fudenberg & Tirole
1991, sec. 8.3): an information set lies inside or outside each subgame, the Bayes
belief at a set inside ``Γ_r`` is ``P(r) P(v|r) / (P(r) P(h|r))`` so only the trembles
inside ``Γ_r`` matter, and the pieces' trembles are at different sets. So the verdict
piece by piece must equal the whole-tree verdict wherever the latter is decided, and a
positive verdict's merged witness must rebuild: the explicit trembles give Bayes beliefs
converging to the reported ones, which make the play optimal (``check_witness`` of
``test_sequential.py``, independent of the library's search).
"""

from __future__ import annotations

import numpy as np
from test_sequential import check_witness

from alliance_games.games.random_extensive import random_extensive_game
from alliance_games.solvers.signaling.candidates import pbe_assessments
from alliance_games.solvers.signaling.pieces import maximal_proper_subgames, sequential_by_subgames
from alliance_games.solvers.tree.sequential import sequential_test


def _trees(count: int, leaves: int) -> list:
    out = []
    for seed in range(count):
        g = random_extensive_game(np.random.default_rng([seed, leaves]), leaves=leaves,
                                  chance=0.3, max_infoset=4, chance_root=True)
        if maximal_proper_subgames(g):
            out.append(g)
    return out


def test_consistency_by_subgames_agrees_with_the_whole_tree() -> None:
    """On random 40-leaf trees with proper subgames, every verified PBE assessment (up
    to 4 per tree) gets the same verdict piece by piece as on the whole tree, both
    verdicts occur, and each positive verdict's merged witness rebuilds."""
    seen = set()
    for g in _trees(16, 40):
        assessments, _, _ = pbe_assessments(g, timeout=30)
        cache: dict = {}
        for a in assessments[:4]:
            whole = sequential_test(g, a.table, exact=True)
            pieces = sequential_by_subgames(g, a.table, exact=True, cache=cache)
            if whole.sequential is None:
                continue
            assert pieces.sequential is whole.sequential, (g.name, whole.reason, pieces.reason)
            seen.add(whole.sequential)
            if pieces.sequential:
                check_witness(g, list(a.table), pieces)
    assert seen == {True, False}
