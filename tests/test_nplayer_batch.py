"""The vectorised n-player engine (``solvers/nplayer/batch.py``): completeness on games
with a known number of equilibria (derived in the docstrings), an independent
support-by-support check against the exact Gröbner route, pygambit's enumpoly as an
oracle on seeded random games, and the deadline of the exact route.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from oracles import float_profiles, gambit_nfg, mixed_max_regret

from alliance_games.budget import Budget, BudgetExceeded
from alliance_games.equilibrium import regret
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer.batch import size_classes, solve_class
from alliance_games.solvers.nplayer.search import support_search
from alliance_games.solvers.nplayer.supports import (
    _guarded,
    equilibria_on_support,
    nplayer_support_enumeration,
    support_profiles,
)


def _two_coordination_pairs(a, b):
    """Four players: 1 and 2 play an m x m coordination game, 3 and 4 another copy.
    Player 1 (and 3) gets ``a[s]`` when both play ``s``, player 2 (and 4) ``b[s]``;
    0 on a mismatch; nobody's payoff depends on the other pair."""
    m = len(a)
    u = np.zeros((4,) + (m,) * 4, dtype=int)
    for s in itertools.product(range(m), repeat=4):
        u[0][s] = a[s[0]] if s[0] == s[1] else 0
        u[1][s] = b[s[1]] if s[0] == s[1] else 0
        u[2][s] = a[s[2]] if s[2] == s[3] else 0
        u[3][s] = b[s[3]] if s[2] == s[3] else 0
    return NormalFormGame.from_payoff_array(u)


def _coordination_equilibria(a, b):
    """The equilibria of the two-player coordination game (see the tests' docstrings):
    one per nonempty support S, both players on S, player 2 mixing q_s ∝ 1/a_s (which
    makes player 1 indifferent on S) and player 1 mixing p_s ∝ 1/b_s."""
    m = len(a)
    out = []
    for k in range(1, m + 1):
        for support in itertools.combinations(range(m), k):
            p = [F(0)] * m
            q = [F(0)] * m
            for s in support:
                p[s] = F(1, b[s])
                q[s] = F(1, a[s])
            tp, tq = sum(p), sum(q)
            out.append(([x / tp for x in p], [x / tq for x in q]))
    return out


def _as_floats(eq):
    return [[float(x) for x in row] for row in eq.profile()]


def _same(a, b, tol=1e-9):
    return all(np.allclose(x, y, atol=tol) for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("exact", [False, True])
def test_two_pairs_of_2x2_coordination_games_have_9_equilibria(exact):
    """Two independent 2x2 coordination games (player 1: 2 on (s1, s1), 1 on (s2, s2);
    player 2: 1 and 3). In one pair, a pure profile is an equilibrium iff it matches, and
    with supports S_1, S_2 player 1 earns a_s q_s from s, which is 0 off S_2, so
    S_1 ⊆ S_2 and likewise S_2 ⊆ S_1: besides the two matches there is one mixed
    equilibrium, with player 2 at q = (1/3, 2/3) (2 q_1 = q_2) and player 1 at
    p = (3/4, 1/4) (p_1 = 3 p_2). A player's payoff ignores the other pair, so the
    equilibria of the 4-player game are the products: 3 x 3 = 9, each listed once."""
    a, b = [2, 1], [1, 3]
    result = nplayer_support_enumeration(_two_coordination_pairs(a, b), exact=exact)
    assert result.complete
    pairs = _coordination_equilibria(a, b)
    assert pairs[2] == ([F(3, 4), F(1, 4)], [F(1, 3), F(2, 3)])
    expected = [[*x, *y] for x, y in itertools.product(pairs, repeat=2)]
    assert len(result.equilibria) == 9
    for eq in result.equilibria:
        assert sum(_same(_as_floats(eq), [[float(v) for v in row] for row in e])
                   for e in expected) == 1
        if exact:
            assert eq.exact and eq.regret == 0
    found = [_as_floats(eq) for eq in result.equilibria]
    for e in expected:
        assert any(_same(f, [[float(v) for v in row] for row in e]) for f in found)


def test_two_pairs_of_3x3_coordination_games_have_49_equilibria():
    """Two independent 3x3 coordination games (player 1: a = (1, 2, 4) on the diagonal,
    player 2: b = (3, 1, 2)). As in the 2x2 case, both players of a pair share their
    support S, and for each of the 7 nonempty S there is exactly one equilibrium:
    player 1 indifferent on S needs a_s q_s equal for s ∈ S, so q_s ∝ 1/a_s (e.g. on
    S = {1, 2, 3}: q ∝ (1, 1/2, 1/4) = (4/7, 2/7, 1/7)), and then a strategy off S earns
    0 < a_s q_s; likewise p_s ∝ 1/b_s. The 4-player game has the 7 x 7 = 49 products,
    all with rational probabilities; our float path lists exactly these."""
    a, b = [1, 2, 4], [3, 1, 2]
    result = nplayer_support_enumeration(_two_coordination_pairs(a, b))
    assert result.complete
    pairs = _coordination_equilibria(a, b)
    assert pairs[-1][1] == [F(4, 7), F(2, 7), F(1, 7)]
    expected = [[[float(v) for v in row] for row in [*x, *y]]
                for x, y in itertools.product(pairs, repeat=2)]
    found = [_as_floats(eq) for eq in result.equilibria]
    assert len(found) == 49
    for e in expected:
        assert sum(_same(f, e) for f in found) == 1
    assert all(eq.regret < 1e-9 for eq in result.equilibria)


def test_matching_pennies_class_has_one_root():
    """Matching pennies (player 1: +1 on a match, -1 otherwise; player 2 the opposite),
    payoffs scaled to [-1, 1]: with x = P(1 plays s2), y = P(2 plays s2) the conditions
    are 4y - 2 = 0 and 2 - 4x = 0, one root x = y = 1/2 with both players mixing."""
    u = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)
    outcome = solve_class(u, (2, 2))
    (root,) = outcome.roots
    assert root[0] == ((0, 1), (0, 1))
    assert root[1] == pytest.approx([0.5, 0.5], abs=1e-12)
    assert outcome.unresolved == []


def test_vanishing_condition_is_left_to_the_exact_route():
    """All payoffs 0: every indifference condition vanishes identically (a continuum of
    equilibria), which the bisection cannot decide: every mixed support of the class is
    returned unresolved, for the exact route to report."""
    outcome = solve_class(np.zeros((3, 2, 2, 2)), (2, 2, 1))
    assert len(outcome.unresolved) == 2 and outcome.roots == []


def test_size_classes_cover_every_support_profile():
    """3x2x2: the classes hold (2^3 - 1)(2^2 - 1)^2 = 63 profiles, by increasing total."""
    classes = list(size_classes((3, 2, 2)))
    totals = [sum(c) for c in classes]
    assert totals == sorted(totals)
    count = sum(np.prod([len(list(itertools.combinations(range(m), k)))
                         for m, k in zip((3, 2, 2), c, strict=True)]) for c in classes)
    assert count == 63 == len(list(support_profiles((3, 2, 2))))


def test_exact_route_is_stopped_at_the_deadline():
    """The exact route (sympy) cannot poll the budget; ``_guarded`` stops it by a timer:
    a function that never returns on its own is interrupted with BudgetExceeded."""
    def forever():
        while True:
            pass

    with pytest.raises(BudgetExceeded):
        _guarded(Budget.start(0.2), forever)


@pytest.mark.slow
@pytest.mark.parametrize("shape, seed", [((2, 2, 2), 21), ((3, 2, 2), 22), ((3, 2, 2), 23)])
def test_same_equilibria_as_the_exact_route_on_every_support(shape, seed):
    """Independent completeness check: solving every support profile's system exactly
    (Gröbner basis, ``equilibria_on_support``) and pooling the equilibria gives the
    same list as the vectorised engine."""
    rng = np.random.default_rng(seed)
    u = rng.integers(-1000, 1001, size=(len(shape), *shape))
    game = NormalFormGame.from_payoff_array(u)
    ours = nplayer_support_enumeration(game)
    assert ours.complete
    pooled = [_as_floats(eq) for supports in support_profiles(shape)
              for eq in equilibria_on_support(game, supports)]
    mine = [_as_floats(eq) for eq in ours.equilibria]
    assert len(pooled) == len(mine)
    for prof in pooled:
        assert sum(_same(prof, m, tol=1e-8) for m in mine) == 1


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize(
    "shape, seed",
    [((3, 3, 3), 2), ((3, 3, 3), 3), ((2, 2, 2, 2), 2), ((2, 2, 2, 2, 2), 2),
     ((3, 3, 3, 3), 1), ((3, 3, 3, 3), 2)],
)
def test_enumpoly_equilibria_are_among_ours(shape, seed):
    """Seeded random games (integer payoffs in [-1000, 1000]): every one of our
    equilibria has pygambit max_regret ~ 0, the list is complete, and every equilibrium
    pygambit's enumpoly reports with small regret is one of ours. support-search returns
    one of them."""
    rng = np.random.default_rng(seed)
    u = rng.integers(-1000, 1001, size=(len(shape), *shape))
    game = NormalFormGame.from_payoff_array(u)
    ours = nplayer_support_enumeration(game, timeout=600)
    assert ours.complete
    gg = gambit_nfg(u)
    mine = [_as_floats(eq) for eq in ours.equilibria]
    assert mine
    for prof in mine:
        assert mixed_max_regret(gg, prof) < 1e-9 * 1000
    for prof in float_profiles(gg, "enumpoly"):
        if regret(game, prof) < 1e-6 * 1000:
            assert any(_same(prof, m, tol=1e-6) for m in mine)
    (one,) = support_search(game).equilibria
    assert any(_same(_as_floats(one), m, tol=1e-6) for m in mine)
