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


def test_piecewise_pbe_test_is_the_whole_tree_test() -> None:
    """The memoised piece-by-piece PBE test gives exactly the whole-tree test's answer
    (None, or the same assessment: on-path sets, Bayes beliefs, belief polytopes, in
    the same order) on recombined candidates of random 64-leaf trees, and on copies with
    one information set switched to a pure action (which the whole-tree test mostly
    rejects: a regret appears in some subgame or a set loses its sustaining beliefs).

    Why it must: a profile passes iff every regret in every subgame is 0 and every set
    passes its test; with every regret 0 below a root, a player's best response at the
    root is his best response on the root's piece with each maximal proper subgame worth
    its value (a deviation inside it gains nothing), so each zero test is the same.
    """
    import time
    from fractions import Fraction

    from alliance_games.budget import Budget
    from alliance_games.solvers.signaling.assessment import (
        _check_assessment,
        _Context,
        _dependencies,
        _innermost_subgames,
    )
    from alliance_games.solvers.signaling.candidates import _decomposed
    from alliance_games.solvers.signaling.pieces import PieceChecker

    def same(a: object, b: object) -> bool:
        if a is None or b is None:
            return a is b
        return (a.table == b.table and a.on_path == b.on_path  # type: ignore[attr-defined]
                and list(a.bayes.items()) == list(b.bayes.items())  # type: ignore[attr-defined]
                and list(a.free.items()) == list(b.free.items()))  # type: ignore[attr-defined]

    outcomes = {"pass": 0, "fail": 0}
    for g in _trees(6, 64):
        ctx = _Context(game=g, exact=True, tol=0.0, deadline=None,
                       innermost=_innermost_subgames(g), deps=_dependencies(g))
        tables, _ = _decomposed(g, True, 0.0, time.monotonic() + 30, None, [],
                                Budget.start(60))
        rng = np.random.default_rng(len(g.nodes))
        candidates = [t for t, _ in tables[:60]]
        for t in candidates[:20]:
            switched = list(t)
            h = int(rng.integers(len(t)))
            a = int(rng.integers(len(t[h])))
            switched[h] = tuple(Fraction(int(j == a)) for j in range(len(t[h])))
            candidates.append(tuple(switched))
        checker = PieceChecker(ctx)
        for t in candidates:
            whole = _check_assessment(ctx, list(t))
            assert same(whole, checker.check(t))
            outcomes["pass" if whole is not None else "fail"] += 1
    assert outcomes["pass"] > 20 and outcomes["fail"] > 5, outcomes
