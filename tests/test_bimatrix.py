"""All Nash equilibria of two-player games: vertex and support enumeration.

Each oracle case derives its equilibria by hand in its docstring. Profiles are compared
as exact Fractions.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from oracles import exact_profile_set
from strategies import payoff_arrays

from alliance_games.equilibrium import exact_regret
from alliance_games.errors import SolverError
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.kernels.polytope import vertices_exact, vertices_float
from alliance_games.solvers.kernels.rational import normalized_payoffs, normalized_payoffs_float
from alliance_games.solvers.normal.components import maximal_nash_subsets, nash_components
from alliance_games.solvers.normal.support_enumeration import support_enumeration
from alliance_games.solvers.normal.vertex_enumeration import (
    best_response_vertices,
    vertex_enumeration,
)

SOLVERS = [vertex_enumeration, support_enumeration]


def game(a, b, **kw) -> NormalFormGame:
    return NormalFormGame.from_arrays([a, b], **kw)


# ------------------------------------------------------------------ oracle cases
@pytest.mark.parametrize("solve", SOLVERS)
def test_stag_hunt(solve):
    """Stag hunt R=4, T=3, P=2, S=0 (A = [[R, S], [T, P]], B = A^T).

    (C, C) and (D, D) are strict equilibria. Mixed: the opponent's p = P(C) makes C and D
    indifferent when pR + (1-p)S = pT + (1-p)P, i.e. p = (P-S)/((R-T)+(P-S)) = 2/3; each
    then earns 4p = 8/3. Nondegenerate, so both methods are complete: exactly 3.
    """
    result = solve(game([[4, 0], [3, 2]], [[4, 3], [0, 2]]), exact=True)
    assert result.complete and result.exact
    assert exact_profile_set(result) == {
        ((1, 0), (1, 0)),
        ((0, 1), (0, 1)),
        ((F(2, 3), F(1, 3)), (F(2, 3), F(1, 3))),
    }
    mixed = [eq for eq in result if not eq.pure][0]
    assert mixed.payoffs["P1"] == F(8, 3) and mixed.payoffs["P2"] == F(8, 3)
    assert result.extra["degenerate"] is False


@pytest.mark.parametrize("solve", SOLVERS)
def test_chicken(solve):
    """Chicken: Swerve/Straight, u(Sw,Sw)=0, u(Sw,St)=-1, u(St,Sw)=1, u(St,St)=-10.

    Pure: each (Swerve, Straight) asymmetric pair. Mixed: with q = P(Straight) by the
    opponent, Swerve pays -q and Straight 1-11q; equal at q = 1/10, value -1/10.
    """
    a = [[0, -1], [1, -10]]
    result = solve(game(a, np.array(a).T.tolist()), exact=True)
    assert result.complete
    assert exact_profile_set(result) == {
        ((1, 0), (0, 1)),
        ((0, 1), (1, 0)),
        ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10))),
    }
    mixed = [eq for eq in result if not eq.pure][0]
    assert mixed.payoffs["P1"] == F(-1, 10)


@pytest.mark.parametrize("solve", SOLVERS)
def test_matching_pennies(solve):
    """Matching pennies has no pure equilibrium; indifference forces (1/2, 1/2) each,
    value 0 to both."""
    result = solve(game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), exact=True)
    assert result.complete
    assert exact_profile_set(result) == {((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))}
    assert result[0].payoffs == {"P1": 0, "P2": 0}


DEGENERATE_A = [[3, 3], [2, 5], [0, 6]]
DEGENERATE_B = [[3, 3], [2, 6], [3, 1]]


def test_degenerate_continuum():
    """A = [[3,3],[2,5],[0,6]], B = [[3,3],[2,6],[3,1]]; y = (q, 1-q).

    Rows pay 3, 5-3q, 6-6q: row 1 is a best response iff q >= 2/3. Against x = (1,0,0)
    both columns pay 3 (degenerate: one strategy, two best responses), so every q in
    [2/3, 1] gives an equilibrium: extreme points ((1,0,0),(1,0)) and ((1,0,0),(2/3,1/3)),
    one component. At q = 1/3 rows 2 and 3 tie (4 each); x = (0,p,1-p) makes the columns
    indifferent when 3-p = 1+5p, p = 1/3: ((0,1/3,2/3),(1/3,2/3)). For 1/3 < q < 2/3 row 2
    alone is best, then column 2 is, so q = 0: no equilibrium; q < 1/3 likewise none.
    So 3 extreme equilibria in 2 components, the first a segment.
    """
    result = vertex_enumeration(game(DEGENERATE_A, DEGENERATE_B), exact=True)
    assert result.complete and result.extra.get("degenerate")
    one, mid = (1, 0, 0), (0, F(1, 3), F(2, 3))
    assert exact_profile_set(result) == {
        (one, (1, 0)),
        (one, (F(2, 3), F(1, 3))),
        (mid, (F(1, 3), F(2, 3))),
    }
    comps = [
        {tuple(tuple(F(p) for p in s) for s in result[e].profile()) for e in c}
        for c in result.components
    ]
    assert {(mid, (F(1, 3), F(2, 3)))} in comps
    assert {(one, (1, 0)), (one, (F(2, 3), F(1, 3)))} in comps
    text = " ".join(result.diagnostics)
    assert "degenerate" in text and "convex hulls" in text
    # support enumeration cannot promise completeness here, and says so
    supp = support_enumeration(game(DEGENERATE_A, DEGENERATE_B), exact=True)
    assert not supp.complete and supp.extra["degenerate"]
    assert exact_profile_set(supp) <= exact_profile_set(result)


def test_one_by_n_game():
    """The row player has one strategy; column payoffs (3, 3, 1). Columns 1 and 2 are
    the best responses, so every y on the segment between them is an equilibrium:
    extreme points ((1), (1,0,0)) and ((1), (0,1,0)), one component."""
    result = vertex_enumeration(game([[1, 2, 3]], [[3, 3, 1]]), exact=True)
    assert result.complete
    assert exact_profile_set(result) == {((1,), (1, 0, 0)), ((1,), (0, 1, 0))}
    assert result.components == ((0, 1),)
    transposed = vertex_enumeration(game([[3], [3], [1]], [[1], [2], [3]]), exact=True)
    assert exact_profile_set(transposed) == {((1, 0, 0), (1,)), ((0, 1, 0), (1,))}


def test_one_by_one_game():
    """A 1x1 game has exactly one equilibrium, the only profile."""
    result = vertex_enumeration(game([[5]], [[-2]]), exact=True)
    assert exact_profile_set(result) == {((1,), (1,))} and result.complete


NASHPY_MISS_A = [[6, -5, -7], [-4, -2, 6], [-1, -8, -3]]
NASHPY_MISS_B = [[2, 6, 4], [9, -6, 7], [-8, 1, -4]]


@pytest.mark.parametrize("solve", SOLVERS)
def test_generic_three_by_three(solve):
    """Seeded 3x3 (numpy default_rng(2), integers in [-9, 9]) on which nashpy 0.0.41's
    support enumeration returns no equilibrium while pygambit's enummixed finds one.

    By hand: no pure equilibrium (each cell has a profitable deviation). With supports
    {1,2} x {1,3}: y = (q,0,1-q) makes rows 1, 2 indifferent when 6q-7(1-q) = -4q+6(1-q),
    q = 13/23, value 8/23 (row 3 gets -q-3(1-q) = -56/23 < 8/23); x = (p,1-p,0) makes
    columns 1, 3 indifferent when 2p+9(1-p) = 4p+7(1-p), p = 1/2, value 11/2 (column 2
    gets 6p-6(1-p) = 0 < 11/2).
    """
    result = solve(game(NASHPY_MISS_A, NASHPY_MISS_B), exact=True)
    assert result.complete
    assert exact_profile_set(result) == {((F(1, 2), F(1, 2), 0), (F(13, 23), 0, F(10, 23)))}
    assert result[0].payoffs == {"P1": F(8, 23), "P2": F(11, 2)}


ZERO_ONE_A = [[1, 0, 0, 0, 0], [1, 1, 1, 0, 0], [0, 0, 1, 0, 0], [0, 1, 1, 0, 0], [0, 0, 1, 1, 0]]
ZERO_ONE_B = [[0, 1, 1, 0, 1], [1, 1, 1, 0, 0], [1, 1, 1, 1, 0], [1, 0, 0, 1, 1], [0, 0, 0, 0, 1]]


def test_zero_one_five_by_five():
    """Seeded 0/1 5x5 (default_rng(3)): pygambit's enummixed (rational) reports 13
    extreme equilibria, nashpy's support enumeration 7.

    Hand checks of a few: (row 1, column 5) is a pure equilibrium (column 5 pays the row
    player 0 in every row, and B's row 1 has its maximum 1 in column 5); so are (row 2,
    column 3) and (row 3, column 3) (column 3 pays the row player its maximum 1 in rows
    2 and 3; B's rows 2 and 3 have their maximum 1 in column 3). The 13 form one
    connected component made of 4 maximal Nash subsets (as Gambit's cliques report).
    """
    result = vertex_enumeration(game(ZERO_ONE_A, ZERO_ONE_B), exact=True)
    assert result.complete and len(result) == 13
    assert ((1, 0, 0, 0, 0), (0, 0, 0, 0, 1)) in exact_profile_set(result)
    assert ((0, 1, 0, 0, 0), (0, 0, 1, 0, 0)) in exact_profile_set(result)
    assert ((0, 0, 1, 0, 0), (0, 0, 1, 0, 0)) in exact_profile_set(result)
    assert len(result.components) == 1
    assert len(result.extra["maximal_nash_subsets"]) == 4
    for eq in result:
        assert exact_regret(result.game, eq.profile()) == 0


def test_float_mode_matches_exact_mode():
    """Float mode reports the same equilibria (as floats) as exact mode."""
    g = game(ZERO_ONE_A, ZERO_ONE_B)
    exact = exact_profile_set(vertex_enumeration(g, exact=True))
    floats = vertex_enumeration(g)
    assert not floats.exact and floats.complete
    assert {tuple(tuple(float(p) for p in s) for s in x) for x in exact} == {
        tuple(tuple(s) for s in eq.profile()) for eq in floats
    }


def test_irrational_payoffs_use_floats():
    """Matching pennies scaled by sqrt(2) (irrational, so no exact payoffs): same
    equilibrium (1/2, 1/2); asking for exact arithmetic is an error."""
    import sympy

    r2 = sympy.sqrt(2)
    g = game([[r2, -r2], [-r2, r2]], [[-r2, r2], [r2, -r2]])
    assert not g.is_exact
    for solve in SOLVERS:
        result = solve(g)
        assert len(result) == 1
        assert np.allclose(np.array(result[0].profile(), dtype=float), 0.5)
        assert any("irrational" in d for d in result.diagnostics)
        with pytest.raises(SolverError, match="irrational"):
            solve(g, exact=True)


def test_not_two_players():
    g = NormalFormGame.from_payoff_array(np.zeros((3, 2, 2, 2)))
    for solve in SOLVERS:
        with pytest.raises(SolverError, match="2-player"):
            solve(g)


def test_limits_make_results_incomplete():
    """A zero timeout stops before any work; max_support=1 skips mixed supports."""
    rng = np.random.default_rng(5)
    g = game(rng.integers(-50, 50, (6, 6)), rng.integers(-50, 50, (6, 6)))
    for solve in SOLVERS:
        result = solve(g, timeout=0.0)
        assert not result.complete
        assert any("time limit" in d for d in result.diagnostics)
    capped = support_enumeration(game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]), max_support=1)
    assert not capped.complete and len(capped) == 0
    assert any("max_support" in d for d in capped.diagnostics)


def test_progress_is_reported():
    calls = []
    g = game(DEGENERATE_A, DEGENERATE_B)
    vertex_enumeration(g, progress=lambda done, total: calls.append((done, total)))
    assert calls and all(0 <= d <= t for d, t in calls)
    calls.clear()
    support_enumeration(g, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (9, 9)  # 3*2 pairs of size 1 plus 3*1 of size 2


# ------------------------------------------------------------------ building blocks
def test_components_and_maximal_subsets():
    """Edges x0-y0, x0-y1, x1-y0, x1-y1 (a 2x2 biclique) plus x2-y1: one component; the
    maximal bicliques are {x0,x1}x{y0,y1} and {x0,x1,x2}x{y1}."""
    pairs = [(0, 0), (0, 1), (1, 0), (1, 1), (2, 1), (3, 2)]
    assert nash_components(pairs) == ((0, 1, 2, 3, 4), (5,))
    assert maximal_nash_subsets(pairs) == (
        ((0, 1), (0, 1)),
        ((0, 1, 2), (1,)),
        ((3,), (2,)),
    )


@pytest.mark.parametrize("seed", range(12))
def test_float_and_exact_polytope_enumerations_agree(seed):
    """The batched float BFS and the integer-tableau BFS find the same vertices and
    label sets, on generic and on heavily degenerate (0/1, duplicated rows) matrices."""
    rng = np.random.default_rng(seed)
    r, d = rng.integers(1, 6, size=2)
    a = rng.integers(0, 2 if seed % 2 else 50, size=(r, d))
    if r > 1 and seed % 3 == 0:
        a[1] = a[0]
    flt = vertices_float(normalized_payoffs_float(a))
    ext = vertices_exact(normalized_payoffs(a.astype(object)))
    assert not flt.delicate and flt.complete and ext.complete
    key = lambda poly: sorted(map(tuple, poly.tight.astype(int).tolist()))  # noqa: E731
    assert key(flt) == key(ext)
    for row, exact in zip(ext.coordinates, ext.exact_coordinates, strict=True):
        assert np.allclose(row, [float(v) for v in exact])


# ------------------------------------------------------------------ properties
@settings(max_examples=60, deadline=None)
@given(payoff_arrays(2, min_strategies=1, max_strategies=4, low=-3, high=3))
def test_every_equilibrium_has_exact_regret_zero(ab):
    """On random small games (ties frequent, so often degenerate): every returned
    equilibrium has exact regret 0; support enumeration's finds are among vertex
    enumeration's and equal to them when it claims completeness; there is always at
    least one equilibrium (Nash 1951)."""
    g = game(*ab)
    vertex = vertex_enumeration(g, exact=True)
    support = support_enumeration(g, exact=True)
    assert vertex.complete and len(vertex) >= 1
    for eq in [*vertex, *support]:
        assert exact_regret(g, eq.profile()) == 0
    assert exact_profile_set(support) <= exact_profile_set(vertex)
    if support.complete:
        assert exact_profile_set(support) == exact_profile_set(vertex)
    degenerate = best_response_vertices(g).degenerate
    assert support.complete == (not degenerate)
    assert vertex.extra.get("degenerate") in (degenerate, None)


@pytest.mark.parametrize(
    "a, b",
    [(ZERO_ONE_A, ZERO_ONE_B), (DEGENERATE_A, DEGENERATE_B), (NASHPY_MISS_A, NASHPY_MISS_B)],
)
def test_exact_arithmetic_path_agrees(a, b):
    """The all-rational path (taken when a float decision is too close to call) finds the
    same extreme equilibria and components as the float path."""
    from alliance_games.solvers.normal import vertex_enumeration as module

    g = game(a, b)
    fast = vertex_enumeration(g, exact=True)
    slow = module._solve(g, True, 1e-9, None, None, exact_arithmetic=True)
    assert slow.extra.get("exact_arithmetic") and slow.complete
    assert exact_profile_set(slow) == exact_profile_set(fast)
    assert len(slow.components) == len(fast.components)


def test_delicate_float_pass_is_redone_exactly(monkeypatch):
    """If the float enumeration reports a delicate decision, the vertices are enumerated
    again in rationals and the diagnostics say so; the answer is unchanged."""
    import dataclasses

    from alliance_games.solvers.normal import vertex_enumeration as module

    real = module.vertices_float
    monkeypatch.setattr(
        module, "vertices_float", lambda *a, **k: dataclasses.replace(real(*a, **k), delicate=True)
    )
    result = vertex_enumeration(game(ZERO_ONE_A, ZERO_ONE_B), exact=True)
    assert result.complete and len(result) == 13
    assert any("exact rational arithmetic" in d for d in result.diagnostics)
