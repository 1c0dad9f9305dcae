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


def test_incremental_node_values_match_a_fresh_evaluation() -> None:
    """After each of 60 random changes of one information set's behavior (pure and
    mixed rows, in Fractions), the values kept up to date by ``_refresh_values`` (the
    set's nodes and their ancestors recomputed) equal a fresh ``node_values`` of the
    whole tree: a node's value depends only on the behavior below it, and only the
    changed set's nodes and their ancestors have that set below them."""
    from fractions import Fraction

    from alliance_games.solvers.signaling.candidates import _refresh_values
    from alliance_games.solvers.tree.behavior import node_values

    g = _trees(1, 64)[0]
    rng = np.random.default_rng(7)
    table = [tuple(Fraction(int(a == 0)) for a in range(len(s.actions))) for s in g.infosets]
    values = node_values(g, table, True)
    for _ in range(60):
        h = int(rng.integers(len(table)))
        k = len(table[h])
        weights = [int(w) for w in rng.integers(0, 3, size=k)]
        if sum(weights) == 0:
            weights[0] = 1
        table[h] = tuple(Fraction(w, sum(weights)) for w in weights)
        _refresh_values(g, table, True, values, h)
        assert values == node_values(g, table, True)


def test_float_filter_rejects_only_profiles_the_exact_test_rejects() -> None:
    """``_float_rejects`` says True only when a float regret exceeds 1e-6 of the payoff
    scale, so the exact regret is positive and the exact PBE test fails too; on random
    pure profiles of random 64-leaf trees (most have a positive regret somewhere) every
    profile it rejects fails the exact test, and it rejects most of those that fail on
    a regret."""
    from fractions import Fraction

    from alliance_games.solvers.signaling.assessment import (
        _check_assessment,
        _Context,
        _dependencies,
        _innermost_subgames,
    )
    from alliance_games.solvers.signaling.candidates import _float_rejects
    from alliance_games.solvers.tree.behavior import subgame_regret

    rejected = regret_failures = 0
    for g in _trees(4, 64):
        ctx = _Context(game=g, exact=True, tol=0.0, deadline=None,
                       innermost=_innermost_subgames(g), deps=_dependencies(g))
        rng = np.random.default_rng(len(g.nodes))
        for _ in range(25):
            choice = [int(rng.integers(len(s.actions))) for s in g.infosets]
            table = [tuple(Fraction(int(a == c)) for a in range(len(s.actions)))
                     for s, c in zip(g.infosets, choice, strict=True)]
            if _float_rejects(ctx, table):
                rejected += 1
                assert _check_assessment(ctx, table) is None
            if subgame_regret(g, table, exact=True) > 0:
                regret_failures += 1
    assert regret_failures > 0 and rejected >= regret_failures * 0.9


def test_consistency_budget_leaves_the_verdict_undecided_and_says_why() -> None:
    """With no support searches left (``SupportBudget(0)``), a positive verdict of the
    piecewise test becomes undecided, never False, and the reason names the budget; with
    the default budget the same assessment is found sequential again. (A budget counted
    from the shapes: it cannot make a test answer wrongly, only not at all.)"""
    from alliance_games.solvers.signaling.pieces import SupportBudget

    for g in _trees(16, 40):
        assessments, _, _ = pbe_assessments(g, timeout=30)
        for a in assessments:
            if sequential_by_subgames(g, a.table, exact=True).sequential:
                starved = sequential_by_subgames(g, a.table, exact=True,
                                                 budget=SupportBudget(0))
                assert starved.sequential is None and "budget" in starved.reason
                again = sequential_by_subgames(g, a.table, exact=True, budget=SupportBudget())
                assert again.sequential is True
                return
    raise AssertionError("no sequential assessment among the random trees")
