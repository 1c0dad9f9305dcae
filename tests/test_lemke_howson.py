"""Lemke–Howson: one equilibrium of a bimatrix game, certified exactly.

Oracle: pygambit's ``enummixed_solve(rational=True)`` lists every extreme equilibrium
(see tests/test_bimatrix_gambit.py); a Lemke–Howson path ends at a completely labelled
vertex pair, i.e. at an extreme equilibrium, so its result must be in that list.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pygambit as gbt  # test-only oracle (GPL): never imported by the library
import pytest
from gamegen import random_game

from alliance_games import solve
from alliance_games.equilibrium import verify_profile
from alliance_games.errors import SolverError
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.normal.lemke_howson import lemke_howson, lemke_howson_path

ONE, ZERO, HALF = Fraction(1), Fraction(0), Fraction(1, 2)


def battle_of_the_sexes() -> NormalFormGame:
    return NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])


def gambit_extreme(game: NormalFormGame) -> set:
    a, b = game.bimatrix(exact=True)
    g = gbt.Game.from_arrays(a.astype(object), b.astype(object))
    result = gbt.nash.enummixed_solve(g, rational=True)
    return {
        tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in g.players)
        for eq in result.equilibria
    }


def profile(result) -> tuple:
    (eq,) = result.equilibria
    return tuple(tuple(Fraction(p) for p in s) for s in eq.profile())


def test_battle_of_the_sexes_every_label_by_hand():
    """A = [[2,0],[0,1]], B = [[1,0],[0,2]]; shifted by +1 (same paths): A' = [[3,1],[1,2]],
    B' = [[2,1],[1,3]]. Polytopes P: B'^T x <= 1 (labels 0,1: x_i = 0; 2,3: column tight),
    Q: A'y <= 1 (labels 0,1: row tight; 2,3: y_j = 0).

    Label 0: x1 enters P; ratios 1/2 (column 1: 2 x1 <= 1) and 1 (column 2): label 2 is
    picked up at x = (1/2, 0). y1 enters Q; ratios 1/3 (row 1: 3 y1 <= 1) and 1: row 1
    becomes tight, label 0 is picked up: done at x = (1/2, 0), y = (1/3, 0), i.e. the
    pure equilibrium (row 1, column 1). Label 2 reaches the same end in the other order.
    Label 1: x2 enters, column 2 tight first (3 x2 <= 1), then y2 enters, row 2 tight
    first (2 y2 <= 1): the pure equilibrium (row 2, column 2); label 3 likewise.
    The mixed equilibrium ((2/3, 1/3), (1/3, 2/3)) is not reached from the artificial
    equilibrium by one path, but it is linked to a pure one: ``all_from_artificial``
    finds all three.
    """
    g = battle_of_the_sexes()
    first = ((ONE, ZERO), (ONE, ZERO))
    second = ((ZERO, ONE), (ZERO, ONE))
    expected = {0: first, 1: second, 2: first, 3: second}
    for label, want in expected.items():
        result = lemke_howson(g, label=label, exact=True)
        assert profile(result) == want, label
        assert result.exact and not result.complete
        assert result.extra["certified"] == "exact"
        assert result.extra["pivots"] == 2
    every = lemke_howson(g, all_from_artificial=True, exact=True)
    mixed = ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3)))
    found = {tuple(tuple(p) for p in eq.profile()) for eq in every.equilibria}
    assert found == {first, second, mixed}
    assert not every.complete


def test_matching_pennies_unique_mixed():
    """Matching pennies has one equilibrium, both mixing 1/2-1/2: every label leads there."""
    g = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    for label in range(4):
        assert profile(lemke_howson(g, label=label, exact=True)) == ((HALF, HALF),
                                                                    (HALF, HALF))


@pytest.mark.parametrize("seed", range(100))
def test_random_games_exact_and_in_gambits_list(seed):
    """100 seeded random games, 2x2 .. 15x15 (not square in general): the result is an
    exact equilibrium; up to 7x7 it is one of Gambit's extreme equilibria."""
    rng = np.random.default_rng([8, seed])
    m, n = (int(v) for v in rng.integers(2, 16, size=2))
    g = random_game(rng, (m, n), low=-20, high=20)
    label = int(rng.integers(0, m + n))
    result = lemke_howson(g, label=label, exact=True)
    (eq,) = result.equilibria
    assert eq.exact and result.extra["certified"] == "exact"
    assert verify_profile(g, eq.profile(), exact=True) == 0.0
    if max(m, n) <= 7:
        assert profile(result) in gambit_extreme(g)


@pytest.mark.parametrize("seed", range(30))
def test_degenerate_games_every_label(seed):
    """{0, 1} payoffs with duplicated strategies (many ties: the lexicographic rule is
    needed): every starting label ends at an exact extreme equilibrium."""
    rng = np.random.default_rng([9, seed])
    m, n = (int(v) for v in rng.integers(2, 7, size=2))
    g = random_game(rng, (m, n), degenerate=True)
    extreme = gambit_extreme(g)
    for label in range(m + n):
        result = lemke_howson(g, label=label, exact=True)
        assert profile(result) in extreme, (seed, label)


@pytest.mark.parametrize("seed", range(10))
def test_exact_pivoting_follows_the_same_path(seed):
    """The integer (fraction-free) path, used when float certification fails, ends at the
    same bases as the float path, with the same number of pivots."""
    rng = np.random.default_rng([10, seed])
    g = random_game(rng, (6, 5), degenerate=seed % 2 == 1)
    for label in range(11):
        flt = lemke_howson_path(g, label)
        ext = lemke_howson_path(g, label, exact_arithmetic=True)
        assert sorted(flt.basis_p) == sorted(ext.basis_p)
        assert sorted(flt.basis_q) == sorted(ext.basis_q)
        assert flt.pivots == ext.pivots


def test_all_from_artificial_is_a_subset_of_all_extreme():
    rng = np.random.default_rng(11)
    g = random_game(rng, (5, 5), low=-10, high=10)
    every = lemke_howson(g, all_from_artificial=True, exact=True)
    found = {tuple(tuple(p) for p in eq.profile()) for eq in every.equilibria}
    assert found and found <= gambit_extreme(g)
    assert every.extra["paths"] >= 10  # every label from the artificial equilibrium


def test_dispatch_method_and_options():
    g = battle_of_the_sexes()
    result = solve(g, "lemke-howson", label=1, exact=True)
    assert result.method == "lemke-howson" and profile(result) == ((ZERO, ONE), (ZERO, ONE))
    with pytest.raises(SolverError, match="not understood"):
        solve(g, "lemke-howson", starting_label=1)
    with pytest.raises(SolverError, match="label must be an integer from 0 to 3"):
        solve(g, "lemke-howson", label=4)
    three = NormalFormGame.from_payoff_array(np.zeros((3, 2, 2, 2)))
    with pytest.raises(SolverError, match="2-player"):
        solve(three, "lemke-howson")


def test_irrational_payoffs_are_verified_in_floats():
    import sympy

    root2 = sympy.sqrt(2)
    g = NormalFormGame.from_arrays([[[root2, 0], [0, 1]], [[1, 0], [0, root2]]])
    result = lemke_howson(g, label=0)
    (eq,) = result.equilibria
    assert not eq.exact and result.extra["certified"] == "float"
    assert eq.regret < 1e-9
    assert any("irrational" in d for d in result.diagnostics)


def test_large_game_certified():
    """A 120x120 game: float pivoting, exact certification of the end point only."""
    rng = np.random.default_rng(12)
    g = random_game(rng, (120, 120), low=0, high=1000)
    result = lemke_howson(g)
    (eq,) = result.equilibria
    assert result.extra["certified"] == "exact" and eq.regret < 1e-9
