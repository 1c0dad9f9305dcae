"""Belief polytopes (alliance_games.solvers.signaling.beliefs) and Bayes' rule in a PBE check.

Hand-derived vertex sets first, then a two-type signaling game whose beliefs are worked
out by Bayes' rule on the path and as a polytope off the path.

The signaling game (``gamegen.signaling_game``): types t0 (prior 1/3) and t1 (2/3),
messages m0, m1, receiver actions r0, r1. The receiver's payoff does not depend on the
message: 1 for r0 against t0, 2 for r1 against t1, 0 otherwise. The sender's:

=====  =========  =========  =========  =========
type   (m0, r0)   (m0, r1)   (m1, r0)   (m1, r1)
=====  =========  =========  =========  =========
t0     2          0          -1         -1
t1     2          0          0          1
=====  =========  =========  =========  =========

With belief μ on t0 the receiver's r0 is worth μ and r1 worth 2(1 - μ): r0 is optimal
iff μ >= 2/3.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from gamegen import signaling_game

from alliance_games.solvers.signaling.beliefs import (
    belief_region,
    coordinate_ranges,
    merge_intervals,
    simplex_polytope_vertices,
)
from alliance_games.solvers.signaling.pbe import verify_assessment

SENDER = {(0, "m0"): (2, 0), (0, "m1"): (-1, -1), (1, "m0"): (2, 0), (1, "m1"): (0, 1)}
RECEIVER = {0: (1, 0), 1: (0, 2)}


def game():
    pay = {(t, m, r): (SENDER[t, m][k], RECEIVER[t][k])
           for t in (0, 1) for m in ("m0", "m1") for k, r in enumerate(("r0", "r1"))}
    return signaling_game([F(1, 3), F(2, 3)], pay)


def as_set(vertices) -> set:
    return {tuple(v) for v in vertices}


# ---------------------------------------------------------------------- polytopes
def test_unconstrained_simplex_vertices() -> None:
    """With no constraint the vertices of the simplex are the unit vectors."""
    assert as_set(simplex_polytope_vertices(2)) == {(1, 0), (0, 1)}
    assert as_set(simplex_polytope_vertices(3)) == {(1, 0, 0), (0, 1, 0), (0, 0, 1)}


def test_equality_cuts_a_segment() -> None:
    """x0 = x1 in the 3-simplex: the segment from (1/2, 1/2, 0) to (0, 0, 1)."""
    verts = simplex_polytope_vertices(3, equalities=[((1, -1, 0), 0)])
    assert as_set(verts) == {(F(1, 2), F(1, 2), 0), (0, 0, 1)}


def test_inequality_cuts_a_triangle() -> None:
    """x0 >= 1/2 (written -x0 <= -1/2): the corner triangle (1, 0, 0), (1/2, 1/2, 0),
    (1/2, 0, 1/2); every vertex exact."""
    verts = simplex_polytope_vertices(3, inequalities=[((-1, 0, 0), F(-1, 2))])
    assert as_set(verts) == {(1, 0, 0), (F(1, 2), F(1, 2), 0), (F(1, 2), 0, F(1, 2))}
    assert all(isinstance(x, F) for v in verts for x in v)


def test_infeasible_constraints_give_no_vertex() -> None:
    """x0 >= 2 is impossible on the simplex."""
    assert simplex_polytope_vertices(2, inequalities=[((-1, 0), -2)]) == []


def test_float_mode_agrees() -> None:
    """The triangle again in floats with a tolerance."""
    verts = simplex_polytope_vertices(3, inequalities=[((-1.0, 0.0, 0.0), -0.5)], tol=1e-9)
    expected = [(1, 0, 0), (0.5, 0.5, 0), (0.5, 0, 0.5)]
    assert len(verts) == 3
    for e in expected:
        assert any(all(abs(a - b) < 1e-12 for a, b in zip(v, e, strict=True)) for v in verts)


def test_belief_region_of_a_receiver() -> None:
    """Values at the two nodes (t0, t1) of the receiver's set, actions (r0, r1):
    V = [[1, 0], [0, 2]]. r0 alone is optimal iff μ >= 2μ' i.e. μ(t0) >= 2/3: vertices
    (2/3, 1/3) and (1, 0). r1 alone: μ(t0) <= 2/3. Both (a mix): only μ(t0) = 2/3."""
    values = [[1, 0], [0, 2]]
    assert as_set(belief_region(values, [0])) == {(F(2, 3), F(1, 3)), (1, 0)}
    assert as_set(belief_region(values, [1])) == {(F(2, 3), F(1, 3)), (0, 1)}
    assert belief_region(values, [0, 1]) == [(F(2, 3), F(1, 3))]


def test_ranges_and_interval_union() -> None:
    """Coordinate ranges of the r0 region: μ(t0) in [2/3, 1], μ(t1) in [0, 1/3].
    Unions: [0, 1/3] and [1/4, 1/2] overlap into [0, 1/2]; [2/3, 1] stays apart;
    touching intervals [0, 1/2], [1/2, 1] merge."""
    assert coordinate_ranges([(F(2, 3), F(1, 3)), (1, 0)]) == [(F(2, 3), 1), (0, F(1, 3))]
    assert coordinate_ranges([]) == []
    assert merge_intervals([(F(2, 3), 1), (0, F(1, 3)), (F(1, 4), F(1, 2))]) == [
        (0, F(1, 2)), (F(2, 3), 1)]
    assert merge_intervals([(0, F(1, 2)), (F(1, 2), 1)]) == [(0, 1)]


# ---------------------------------------------------------------------- Bayes' rule
def test_bayes_beliefs_of_a_semi_separating_pbe() -> None:
    """t0 sends m0; t1 sends m0 w.p. 1/4 and m1 w.p. 3/4; the receiver mixes r0/r1 50-50
    after m0 and plays r1 after m1.

    Bayes: P(m0) = 1/3 + 2/3 * 1/4 = 1/2, so μ(t0 | m0) = (1/3) / (1/2) = 2/3 and
    μ(t1 | m0) = 1/3; P(m1) = 2/3 * 3/4 = 1/2, all from t1: μ(t1 | m1) = 1.
    It is a PBE: at μ(t0) = 2/3 the receiver is indifferent (r0: 2/3, r1: 2 * 1/3), so it
    may mix; after m1, r1 (2 > 0). t1 gets 2 * 1/2 = 1 from m0 and 1 from m1, so it may
    mix; t0 gets 1 from m0 and -1 from m1. Every information set is on the path, so no
    belief is free."""
    g = game()
    h = {s.name: k for k, s in enumerate(g.infosets)}
    assert list(h) == ["t0", "after m0", "after m1", "t1"]
    table = [None] * 4
    table[h["t0"]] = (1, 0)
    table[h["t1"]] = (F(1, 4), F(3, 4))
    table[h["after m0"]] = (F(1, 2), F(1, 2))
    table[h["after m1"]] = (0, 1)
    a = verify_assessment(g, table, exact=True)
    assert a is not None
    assert a.bayes[h["after m0"]] == (F(2, 3), F(1, 3))
    assert a.bayes[h["after m1"]] == (0, 1)
    assert a.on_path == frozenset(range(4)) and a.free == {}


@pytest.mark.parametrize("mix", [F(1, 3), F(2, 3)])
def test_bayes_rule_rejects_a_receiver_that_cannot_mix(mix: F) -> None:
    """Same sender behavior, but the receiver mixes 1/3 or 2/3 after m0: t1 is then not
    indifferent (2 * mix != 1), so the profile is no PBE."""
    g = game()
    table = [(1, 0), (mix, 1 - mix), (0, 1), (F(1, 4), F(3, 4))]
    assert verify_assessment(g, table, exact=True) is None


def test_off_path_beliefs_of_a_pooling_pbe() -> None:
    """Both types send m0; the receiver plays r1 after m0 (prior μ(t0) = 1/3 < 2/3) and
    r0 after the unsent m1. Bayes after m0 gives the prior (1/3, 2/3). After m1 Bayes is
    silent; r0 is sustained exactly by μ(t0 | m1) >= 2/3: vertices (2/3, 1/3), (1, 0).
    (Then t1 gets 0 from m1, as from m0, and t0 gets -1 < 0: neither deviates.)"""
    g = game()
    table = [(1, 0), (0, 1), (1, 0), (1, 0)]
    a = verify_assessment(g, table, exact=True)
    assert a is not None
    assert a.on_path == frozenset({0, 1, 3})
    assert a.bayes[1] == (F(1, 3), F(2, 3))
    assert as_set(a.free[2]) == {(F(2, 3), F(1, 3)), (1, 0)}
    assert coordinate_ranges(a.free[2]) == [(F(2, 3), 1), (0, F(1, 3))]


def test_double_description_matches_subset_enumeration() -> None:
    """The exact vertex enumeration (double description on integer rows) and the
    feasibility test (phase-1 simplex) agree with the float-free subset enumeration
    (every square subsystem of active constraints solved) on seeded random polytopes in
    simplices of 1-5 coordinates, with equalities and rational right-hand sides."""
    import random

    from alliance_games.solvers.signaling.beliefs import _subset_vertices, polytope_nonempty

    rng = random.Random(1)
    for _ in range(300):
        dim = rng.randint(1, 5)
        eqs = [(tuple(rng.randint(-3, 3) for _ in range(dim)), F(rng.randint(-2, 2), 3))
               for _ in range(rng.choice([0, 0, 1]))]
        ineqs = [(tuple(rng.randint(-3, 3) for _ in range(dim)), rng.choice([0, F(1, 2)]))
                 for _ in range(rng.randint(0, 5))]
        old = _subset_vertices(dim, eqs, ineqs, 0.0)
        assert set(simplex_polytope_vertices(dim, eqs, ineqs)) == set(old)
        assert polytope_nonempty(dim, eqs, ineqs) == bool(old)
