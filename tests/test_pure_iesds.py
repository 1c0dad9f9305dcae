"""Pure-strategy equilibria (solvers.pure) and iterated strict dominance (solvers.iesds).

Every expected value is derived by hand in the test's docstring; the hypothesis properties
check invariants on random games and agreement with pygambit.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from gamegen import random_game
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles import enumpure_set, gambit_nfg, iterated_strict_dominance

from alliance_games.games.normal import NormalFormGame
from alliance_games.interop.nfg import read_nfg
from alliance_games.solvers.normal import iesds as iesds_module
from alliance_games.solvers.normal.iesds import iterated_elimination, solve_iesds
from alliance_games.solvers.normal.pure import pure_equilibria, pure_equilibrium_profiles

F = Fraction
DATA = Path(__file__).parent / "data"


def prisoners_dilemma() -> NormalFormGame:
    """pygambit user guide's PD: u_A = [[8, 2], [10, 5]] (rows C, D), u_B = u_A transposed."""
    m = [[8, 2], [10, 5]]
    return NormalFormGame.from_arrays(
        [m, np.transpose(m).tolist()], players=["Alice", "Bob"],
        strategies=[["Cooperate", "Defect"]] * 2, name="PD",
    )


def volunteers_dilemma() -> NormalFormGame:
    """Three allies, each Volunteers (V, pays 1) or Ignores (I); if anyone volunteers,
    everyone gets 2. u_i = 2·[some V] - [i plays V]."""
    arrays = np.zeros((3, 2, 2, 2), dtype=int)
    for profile in itertools.product(range(2), repeat=3):
        anyone = any(s == 0 for s in profile)
        for i in range(3):
            arrays[(i, *profile)] = 2 * anyone - (profile[i] == 0)
    return NormalFormGame.from_payoff_array(
        arrays.tolist(), players=["A", "B", "C"], strategies=[["V", "I"]] * 3
    )


def brute_force_pure(game: NormalFormGame) -> list[tuple[int, ...]]:
    """Pure equilibria by checking every unilateral deviation, in exact arithmetic."""
    u = game.exact_payoffs
    found = []
    for s in game.profiles():
        if all(
            u[(i, *s)] >= u[(i, *s[:i], t, *s[i + 1:])]
            for i in range(game.n_players)
            for t in range(game.shape[i])
        ):
            found.append(s)
    return found


# ---------------------------------------------------------------------- pure equilibria
def test_pure_prisoners_dilemma():
    """D is a best response to both C (10 > 8) and D (5 > 2) for each player, so (D, D)
    with payoffs (5, 5) is the only pure equilibrium."""
    res = pure_equilibria(prisoners_dilemma(), exact=True)
    assert res.method == "pure" and res.complete and res.exact
    assert len(res) == 1
    eq = res[0]
    assert dict(eq.strategies["Alice"]) == {"Cooperate": 0, "Defect": 1}
    assert dict(eq.payoffs) == {"Alice": 5, "Bob": 5}
    assert eq.regret == 0 and eq.pure


def test_pure_coordination_and_none():
    """Battle of the sexes u_1 = [[2,0],[0,1]], u_2 = [[1,0],[0,2]]: (1,1) and (2,2) are
    equilibria, the miscoordinated cells are not. Matching pennies u_1 = [[1,-1],[-1,1]]
    = -u_2: at every cell one player gains 2 by switching, so there is none."""
    bos = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    assert pure_equilibrium_profiles(bos) == [(0, 0), (1, 1)]
    pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    res = pure_equilibria(pennies)
    assert len(res) == 0 and res.complete
    assert "the game has no pure-strategy equilibrium" in res.diagnostics


def test_pure_with_a_tie_gambit_e02():
    """Gambit's e02.nfg: u_1 = [[1,1],[0,0],[0,2]], u_2 = [[1,1],[2,3],[2,0]]. At (1,1)
    player 1's best reply to column 1 is row 1 (1 > 0) and player 2 is indifferent (1 = 1),
    so (1,1) is an equilibrium. (3,2) is not: row 3 answers column 2 (2 > 1) but column 1
    answers row 3 (2 > 0). No other cell has row-player best replies."""
    g = read_nfg((DATA / "e02.nfg").read_text())
    assert pure_equilibrium_profiles(g, exact=True) == [(0, 0)]
    assert pure_equilibrium_profiles(g) == [(0, 0)]


def test_pure_three_player_volunteers_dilemma():
    """With exactly one volunteer, the volunteer gets 1 (ignoring gives 0) and the others
    get 2 (volunteering gives 1): equilibrium. With none, anyone gains 1 by volunteering;
    with two or more, a volunteer gains 1 by ignoring. So the equilibria are the three
    single-volunteer profiles (V,I,I), (I,V,I), (I,I,V)."""
    g = volunteers_dilemma()
    assert pure_equilibrium_profiles(g, exact=True) == [(0, 1, 1), (1, 0, 1), (1, 1, 0)]
    res = pure_equilibria(g, exact=True)
    assert [dict(e.payoffs) for e in res] == [
        {"A": 1, "B": 2, "C": 2}, {"A": 2, "B": 1, "C": 2}, {"A": 2, "B": 2, "C": 1}]


def test_pure_float_tolerance_versus_exact():
    """Row payoffs 1 and 1 + 10^-12 (one column): exactly, only row 2 is a best reply;
    in floats, within tol = 1e-9, both rows are."""
    g = NormalFormGame.from_arrays([[[1], [1 + F(1, 10**12)]], [[0], [0]]])
    assert pure_equilibrium_profiles(g, exact=True) == [(1, 0)]
    assert pure_equilibrium_profiles(g) == [(0, 0), (1, 0)]
    assert len(pure_equilibria(g)) == 2


@pytest.mark.oracle
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       shape=st.lists(st.integers(1, 4), min_size=2, max_size=3),
       degenerate=st.booleans())
def test_pure_matches_brute_force_and_pygambit(seed, shape, degenerate):
    """The vectorised best-response masks agree with checking every deviation, in exact and
    float mode (integer payoffs: no rounding), and with pygambit's enumpure_solve."""
    game = random_game(np.random.default_rng(seed), shape, degenerate=degenerate)
    expected = brute_force_pure(game)
    assert pure_equilibrium_profiles(game, exact=True) == expected
    assert pure_equilibrium_profiles(game) == expected
    assert all(e.regret == 0 for e in pure_equilibria(game, exact=True))
    assert enumpure_set(game) == set(expected)


# ---------------------------------------------------------------------- IESDS
def test_iesds_prisoners_dilemma():
    """Defect beats Cooperate for Alice against both columns (10 > 8, 5 > 2); then Bob
    likewise. Two round-1 steps leave (D, D), the unique equilibrium."""
    g = prisoners_dilemma()
    r = iterated_elimination(g, exact=True)
    assert [(e.player, e.strategy, dict(e.dominated_by), e.round) for e in r.eliminations] == [
        ("Alice", "Cooperate", {"Defect": 1}, 1),
        ("Bob", "Cooperate", {"Defect": 1}, 1),
    ]
    assert r.game.strategies == (("Defect",), ("Defect",)) and r.original is g
    res = solve_iesds(g, exact=True)
    assert res.method == "iesds" and res.complete and len(res) == 1
    assert res[0].support("Alice") == ("Defect",) and dict(res[0].payoffs) == {
        "Alice": 5, "Bob": 5}
    assert res.extra["eliminations"][0] == {
        "player": "Alice", "strategy": "Cooperate", "dominated_by": {"Defect": "1"},
        "round": 1}


def mixed_dominance_game() -> NormalFormGame:
    """Rows Top (3,0), Bottom (0,3), Safe (1,1) for Row; Col gets Top (1,0), Bottom (0,1),
    Safe (0,2)."""
    return NormalFormGame.from_arrays(
        [[[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 2]]],
        players=["Row", "Col"], strategies=[["Top", "Bottom", "Safe"], ["Left", "Right"]],
    )


def test_iesds_domination_only_by_a_mixed_strategy():
    """Safe = (1,1) is beaten by no pure row (Top gets 0 < 1 against Right, Bottom 0 < 1
    against Left) but (1/2, 1/2) on Top/Bottom earns 3/2 > 1 against both columns. The LP
    max ε s.t. 3p - 1 >= ε, 3(1-p) - 1 >= ε has the unique optimum p = 1/2, ε = 1/2.
    Col's Left/Right are not dominated (Left wins against Top, Right against Safe) and,
    after Safe goes, the game is the coordination game [[3,0],[0,3]] / [[1,0],[0,1]],
    whose pure equilibria are (Top, Left) and (Bottom, Right)."""
    g = mixed_dominance_game()
    for exact in (True, False):
        r = iterated_elimination(g, exact=exact)
        assert len(r.eliminations) == 1
        step = r.eliminations[0]
        assert (step.player, step.strategy, step.round) == ("Row", "Safe", 1)
        assert set(step.dominated_by) == {"Top", "Bottom"}
        for p in step.dominated_by.values():
            assert p == F(1, 2) if exact else abs(p - 0.5) < 1e-9
        assert r.game.strategies == (("Top", "Bottom"), ("Left", "Right"))
    assert iterated_elimination(g, mixed=False).eliminations == ()
    res = solve_iesds(g, exact=True)
    assert not res.complete
    assert [(e.support("Row"), e.support("Col")) for e in res] == [
        (("Top",), ("Left",)), (("Bottom",), ("Right",))]
    assert res.extra["eliminations"] == [{
        "player": "Row", "strategy": "Safe",
        "dominated_by": {"Top": "1/2", "Bottom": "1/2"}, "round": 1}]
    assert res.extra["surviving"] == {"Row": ["Top", "Bottom"], "Col": ["Left", "Right"]}
    assert any("mixed equilibria are not searched" in d for d in res.diagnostics)


def test_iesds_gibbons_iterated_order():
    """Gibbons (1992), *Game Theory for Applied Economists*, Fig. 1.1.1: Up/Down against
    Left/Middle/Right with (U,L)=(1,0) (U,M)=(1,2) (U,R)=(0,1) (D,L)=(0,3) (D,M)=(0,1)
    (D,R)=(2,0). Round 1: no row is dominated (D wins against R); Right is beaten by
    Middle (2 > 1, 1 > 0). Round 2: Down now loses to Up (0 < 1 twice); then Left loses
    to Middle (0 < 2). (Up, Middle) survives and is the unique equilibrium."""
    g = NormalFormGame.from_arrays(
        [[[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]]],
        players=["1", "2"], strategies=[["Up", "Down"], ["Left", "Middle", "Right"]],
    )
    r = iterated_elimination(g, exact=True)
    assert [(e.player, e.strategy, dict(e.dominated_by), e.round) for e in r.eliminations] == [
        ("2", "Right", {"Middle": 1}, 1),
        ("1", "Down", {"Up": 1}, 2),
        ("2", "Left", {"Middle": 1}, 2),
    ]
    res = solve_iesds(g)
    assert res.complete and len(res) == 1 and res[0].support("2") == ("Middle",)


def test_iesds_three_player_free_riding():
    """Three allies each Contribute (pay 3) or Not; contributions are doubled and shared:
    u_i = 2k - 3[i contributes], k = number of contributors. Contributing changes u_i by
    2 - 3 = -1 whatever the others do, so Not strictly dominates Contribute for everyone
    (Olson and Zeckhauser 1966's free-riding): three round-1 steps leave (N,N,N), payoffs 0
    although all-contribute would give each 3."""
    arrays = np.zeros((3, 2, 2, 2), dtype=int)
    for s in itertools.product(range(2), repeat=3):
        k = sum(1 for x in s if x == 0)
        for i in range(3):
            arrays[(i, *s)] = 2 * k - 3 * (s[i] == 0)
    g = NormalFormGame.from_payoff_array(arrays.tolist(), players=["A", "B", "C"],
                                         strategies=[["Contribute", "Not"]] * 3)
    res = solve_iesds(g, exact=True)
    assert [(e["player"], e["strategy"], e["round"]) for e in res.extra["eliminations"]] == [
        ("A", "Contribute", 1), ("B", "Contribute", 1), ("C", "Contribute", 1)]
    assert res.complete and dict(res[0].payoffs) == {"A": 0, "B": 0, "C": 0}


def test_iesds_three_player_mixed_then_iterated():
    """Players 1, 2 have x0/x1, y0/y1; player 3 has a, b, c. Against (x,y) in the order
    (x0,y0) (x1,y0) (x0,y1) (x1,y1): u_3(a) = (3,0,3,0), u_3(b) = (0,3,0,3), u_3(c) = 1.
    u_1 = 1 for x1; for x0 it is 10 if 3 plays c, else 0. u_2 = 1 if y matches x, else 0.
    Round 1: x0 is not dominated (10 > 1 against c), y0/y1 depend on x, a and b each win
    somewhere, but c is beaten by a/2 + b/2 (3/2 > 1 everywhere). Round 2: x0 now earns
    0 < 1 (dominated by x1); with x1 fixed, y0 earns 0 < 1; then u_3 = (a 0, b 3) and a
    goes. (x1, y1, b) is the unique equilibrium."""
    u = np.zeros((3, 2, 2, 3), dtype=int)
    for x, y, z in itertools.product(range(2), range(2), range(3)):
        u[0, x, y, z] = 1 if x == 1 else (10 if z == 2 else 0)
        u[1, x, y, z] = int(x == y)
        u[2, x, y, z] = [3 * (x == 0), 3 * (x == 1), 1][z]
    g = NormalFormGame.from_payoff_array(
        u.tolist(), players=["P1", "P2", "P3"],
        strategies=[["x0", "x1"], ["y0", "y1"], ["a", "b", "c"]])
    r = iterated_elimination(g, exact=True)
    assert [(e.player, e.strategy, dict(e.dominated_by), e.round) for e in r.eliminations] == [
        ("P3", "c", {"a": F(1, 2), "b": F(1, 2)}, 1),
        ("P1", "x0", {"x1": 1}, 2),
        ("P2", "y0", {"y1": 1}, 2),
        ("P3", "a", {"b": 1}, 2),
    ]
    res = solve_iesds(g, exact=True)
    assert res.complete and [res[0].support(p) for p in g.players] == [
        ("x1",), ("y1",), ("b",)]


def test_iesds_float_tolerance_versus_exact():
    """Row 2 beats row 1 by 10^-12 in both columns: exact mode eliminates row 1, float mode
    (margin below tol times the payoff scale) keeps it."""
    g = NormalFormGame.from_arrays(
        [[[1, 1], [1 + F(1, 10**12), 1 + F(1, 10**12)]], [[0, 1], [1, 0]]])
    exact_steps = iterated_elimination(g, exact=True).eliminations
    # then Col, facing row 2 only, prefers s1 (1 > 0)
    assert [(e.player, e.strategy) for e in exact_steps] == [("P1", "s1"), ("P2", "s2")]
    assert iterated_elimination(g).eliminations == ()


def test_iesds_exact_without_rational_certificate_keeps_and_notes(monkeypatch):
    """If rationalising the LP's σ (here forced to denominators <= 1, so only pure
    candidates) yields no exact certificate, exact mode keeps the strategy and says so."""
    monkeypatch.setattr(iesds_module, "_DENOMINATOR_BOUNDS", (1,))
    r = iterated_elimination(mixed_dominance_game(), exact=True)
    assert r.eliminations == ()
    assert len(r.notes) == 1 and "'Safe'" in r.notes[0] and "no rational certificate" in (
        r.notes[0])
    assert r.notes[0] in solve_iesds(mixed_dominance_game(), exact=True).diagnostics


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       shape=st.lists(st.integers(1, 4), min_size=2, max_size=3),
       degenerate=st.booleans(), exact=st.booleans())
def test_iesds_keeps_every_pure_equilibrium(seed, shape, degenerate, exact):
    """IESDS never removes a strategy used in a pure equilibrium of the original game, and
    the pure equilibria solve_iesds reports are exactly the original game's."""
    game = random_game(np.random.default_rng(seed), shape, degenerate=degenerate)
    equilibria = brute_force_pure(game)
    result = iterated_elimination(game, exact=exact)
    removed = {(e.player, e.strategy) for e in result.eliminations}
    for profile in equilibria:
        for i, s in enumerate(profile):
            assert (game.players[i], game.strategies[i][s]) not in removed
    res = solve_iesds(game, exact=exact)
    found = [tuple(game.strategy_index(i, e.support(p)[0]) for i, p in enumerate(game.players))
             for e in res]
    assert sorted(found) == equilibria
    if res.complete:
        assert len(equilibria) == 1


@pytest.mark.oracle
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       shape=st.lists(st.integers(1, 4), min_size=2, max_size=3),
       degenerate=st.booleans())
def test_iesds_pure_dominance_matches_pygambit(seed, shape, degenerate):
    """With mixed=False, the surviving strategies equal those left by pygambit's pure
    strict-dominance test applied to a fixed point (the order of removal does not matter
    for strict dominance: Gilboa, Kalai and Zemel 1990)."""
    game = random_game(np.random.default_rng(seed), shape, degenerate=degenerate)
    ours = iterated_elimination(game, mixed=False, exact=True).game.strategies
    gg = gambit_nfg(game)
    support = iterated_strict_dominance(gg)
    theirs = tuple(
        tuple(game.strategies[i][j] for j, s in enumerate(p.strategies) if s in support)
        for i, p in enumerate(gg.players)
    )
    assert ours == theirs


@pytest.mark.parametrize("exact", [True, False])
def test_mixed_dominance_survivors_are_undominated(exact):
    """On the surviving game, no strategy is strictly dominated any more (a fixed point):
    re-running the elimination on the reduced game removes nothing."""
    g = mixed_dominance_game()
    reduced = iterated_elimination(g, exact=exact).game
    assert iterated_elimination(reduced, exact=exact).eliminations == ()
