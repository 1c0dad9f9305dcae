"""The compiled (numba) breadth-first vertex enumeration agrees with the numpy one.

The kernel (:mod:`alliance_games.solvers.kernels.polytope_compiled`) makes the numpy
path's decisions one basis and one edge at a time: it must visit the same lexico-feasible
bases, find the same vertices with the same label sets and coordinates (to rounding: only
the order of additions in a matrix product differs) and raise the same ``delicate``
flag; and vertex enumeration must report the same exact equilibria whichever path ran.
numba is in the ``test`` extra (a QuantEcon dependency), so the compiled path always runs.

Hand-derived cases, ``P = {z >= 0 : M z <= 1}``, labels ``z_1, z_2, row 1, row 2``:

* ``M = [[1, 2], [2, 1]]``: vertices (0, 0), (1/2, 0) (z_2 and row 2: 2 * 1/2 = 1),
  (0, 1/2) (z_1 and row 1) and (1/3, 1/3) (both rows: 1/3 + 2/3 = 1); simple. The BFS
  visits exactly these 4 bases (one per vertex).
* ``M = [[1, 1], [1, 1]]``: vertices (0, 0), (1, 0), (0, 1); at (1, 0) z_2 and both rows
  are tight (three labels for d = 2): degenerate.
* The coordination game ``A = B = [[1, 0], [0, 1]]`` has three equilibria: both pure
  profiles and ((1/2, 1/2), (1/2, 1/2)) (each player indifferent when the other mixes
  evenly). The {0, 1} game ``A = B = [[1, 1], [1, 1]]``: every profile is an equilibrium,
  so the extreme equilibria are the four pure profiles.
"""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np
import pytest

from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.kernels import polytope_compiled, polytope_small
from alliance_games.solvers.kernels.polytope import vertices_float
from alliance_games.solvers.kernels.rational import normalized_payoffs_float
from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """A function running ``call`` with the compiled kernel on or off."""
    monkeypatch.setattr(polytope_small, "SMALL_BASES", 0)  # the BFS at every size

    def run(call, on: bool):  # noqa: ANN001, ANN202
        monkeypatch.setattr(polytope_compiled, "MODE", on)
        return call()

    assert polytope_compiled.MODE is None
    monkeypatch.setattr(polytope_compiled, "MODE", True)
    assert polytope_compiled.kernel() is not None, "numba is part of the test extra"
    return run


def _by_tight(poly) -> dict[tuple[bool, ...], tuple[float, ...]]:  # noqa: ANN001
    return {tuple(t): tuple(c) for t, c in zip(poly.tight.tolist(), poly.coordinates.tolist(),
                                               strict=True)}


def test_hand_derived_polytopes(compiled) -> None:  # noqa: ANN001
    poly = compiled(lambda: vertices_float(np.array([[1.0, 2.0], [2.0, 1.0]])), True)
    found = _by_tight(poly)
    assert set(found) == {(True, True, False, False), (False, True, False, True),
                          (True, False, True, False), (False, False, True, True)}
    assert found[(False, False, True, True)] == pytest.approx((1 / 3, 1 / 3))
    assert found[(False, True, False, True)] == pytest.approx((0.5, 0.0))
    assert poly.n_bases == 4 and not poly.delicate and not poly.degenerate
    poly = compiled(lambda: vertices_float(np.array([[1.0, 1.0], [1.0, 1.0]])), True)
    found = _by_tight(poly)
    assert set(found) == {(True, True, False, False), (False, True, True, True),
                          (True, False, True, True)}
    assert poly.degenerate and not poly.delicate


def _matrices():  # noqa: ANN202
    for seed in range(300):
        rng = np.random.default_rng([11, seed])
        r, d = (int(x) for x in rng.integers(1, 10, size=2))
        payoffs = (rng.integers(0, 2, size=(r, d)) if seed % 2
                   else rng.integers(-1000, 1001, size=(r, d)))
        yield seed, normalized_payoffs_float(payoffs.astype(float))


def test_same_vertices_as_the_numpy_pivoting(compiled) -> None:  # noqa: ANN001
    """300 seeded matrices up to 9x9, half of them {0, 1} (degenerate): the same bases
    visited, label sets, ``delicate`` flag, and coordinates to within the zero
    tolerance 1e-9 (the kernel updates a whole tableau, the numpy path a basis inverse:
    their roundings differ by up to about 1e-12 on 9x9 polytopes)."""
    for seed, m in _matrices():
        ours = compiled(lambda m=m: vertices_float(m), True)
        numpy_path = compiled(lambda m=m: vertices_float(m), False)
        assert ours.n_bases == numpy_path.n_bases, seed
        assert ours.delicate == numpy_path.delicate, seed
        assert ours.complete and numpy_path.complete
        a, b = _by_tight(ours), _by_tight(numpy_path)
        assert set(a) == set(b), seed
        for tight, point in a.items():
            assert np.allclose(point, b[tight], rtol=0, atol=1e-9), seed


def test_one_call_equals_level_by_level(compiled, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """Small polytopes (at most ``ONE_CALL_BASES`` bases) are enumerated in one compiled
    call that makes the level-by-level loop's calls in the same order: on the 300 seeded
    matrices the vertices, label sets, bases, visit count and ``delicate`` flag are
    identical to the last bit. With a memory budget just below the one-call bound (every
    basis kept and every basis in one level) the loop runs instead, with the same
    result (its own per-level estimates stay under that bound)."""
    from alliance_games.budget import Budget
    from alliance_games.solvers.kernels import polytope

    for seed, m in _matrices():
        whole = compiled(lambda m=m: vertices_float(m), True)
        with monkeypatch.context() as patch:
            patch.setattr(polytope, "ONE_CALL_BASES", 0)
            stepped = compiled(lambda m=m: vertices_float(m), True)
        below = Budget(memory=polytope._one_call_bytes(*m.shape) - 1)
        tight = compiled(lambda m=m, below=below: vertices_float(m, budget=below), True)
        for other in (stepped, tight):
            assert whole.n_bases == other.n_bases and whole.delicate == other.delicate, seed
            assert whole.complete and other.complete
            assert np.array_equal(whole.tight, other.tight), seed
            assert np.array_equal(whole.coordinates, other.coordinates), seed
            assert np.array_equal(whole.bases, other.bases), seed


def test_the_key_table_grows() -> None:
    """A 12x12 polytope visits thousands of bases: more than the kernel's first key
    table (1,024 slots, kept at most half full) holds, so it must grow mid-search and
    still find each basis once (same count as the numpy path)."""
    rng = np.random.default_rng([11, 12])
    m = normalized_payoffs_float(rng.integers(-1000, 1001, size=(12, 12)).astype(float))
    saved = polytope_compiled.MODE
    try:
        polytope_compiled.MODE = True
        ours = vertices_float(m)
        polytope_compiled.MODE = False
        numpy_path = vertices_float(m)
    finally:
        polytope_compiled.MODE = saved
    assert ours.n_bases == numpy_path.n_bases > 1024
    assert _by_tight(ours).keys() == _by_tight(numpy_path).keys()


def _games():  # noqa: ANN202
    for seed in range(200):
        rng = np.random.default_rng([13, seed])
        m, n = (int(x) for x in rng.integers(2, 8, size=2))
        hi = 2 if seed % 2 else 1001
        yield seed, NormalFormGame.from_arrays(list(rng.integers(0, hi, size=(2, m, n))))


def _profiles(result) -> list:  # noqa: ANN001
    return [tuple(tuple(eq.strategies[p].values()) for p in result.game.players)
            for eq in result.equilibria]


def test_same_exact_equilibria(compiled) -> None:  # noqa: ANN001
    """200 seeded games from 2x2 to 7x7, half with {0, 1} payoffs (degenerate, with
    continua of equilibria): the same exact extreme equilibria in the same order, the
    same completeness, components and diagnostics, compiled or not."""
    for seed, game in _games():
        ours = compiled(lambda game=game: vertex_enumeration(game, exact=True), True)
        numpy_path = compiled(lambda game=game: vertex_enumeration(game, exact=True), False)
        assert _profiles(ours) == _profiles(numpy_path), seed
        assert ours.complete and numpy_path.complete
        assert ours.components == numpy_path.components, seed
        assert ours.diagnostics == numpy_path.diagnostics, seed
        floats = compiled(lambda game=game: vertex_enumeration(game), True)
        assert [tuple(tuple(float(v) for v in s) for s in p) for p in _profiles(ours)] == \
            _profiles(floats), seed


def test_hand_derived_games(compiled) -> None:  # noqa: ANN001
    half = Fraction(1, 2)
    game = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    found = set(_profiles(compiled(lambda: vertex_enumeration(game, exact=True), True)))
    assert found == {((1, 0), (1, 0)), ((0, 1), (0, 1)), ((half, half), (half, half))}
    game = NormalFormGame.from_arrays([[[1, 1], [1, 1]], [[1, 1], [1, 1]]])
    result = compiled(lambda: vertex_enumeration(game, exact=True), True)
    assert set(_profiles(result)) == {((1, 0), (1, 0)), ((1, 0), (0, 1)),
                                      ((0, 1), (1, 0)), ((0, 1), (0, 1))}
    assert result.complete and result.extra["degenerate"] is True


def test_payback_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Automatic mode loads the kernel only when numba is already imported or the
    process has spent :data:`PAYBACK` CPU seconds in float vertex enumeration; the
    environment switch turns it off."""
    monkeypatch.setattr(polytope_compiled, "MODE", None)
    monkeypatch.setattr(polytope_compiled, "_kernel", None)
    monkeypatch.setattr(polytope_compiled, "_tried", False)
    monkeypatch.delitem(sys.modules, "numba")
    monkeypatch.setattr(polytope_compiled, "spent", 0.0)
    assert polytope_compiled.kernel() is None
    assert not polytope_compiled._tried  # asked again later
    monkeypatch.setattr(polytope_compiled, "spent", polytope_compiled.PAYBACK)
    assert polytope_compiled.kernel() is not None
    monkeypatch.setenv("ALLIANCE_GAMES_NO_NUMBA", "1")
    assert polytope_compiled.kernel() is None


def test_int64_certification_matches_python_integers() -> None:
    """The compiled certification gives the same integers ``(z det, det)`` as the Python
    one on every vertex of 100 games with payoffs in {0, 1} or {0, 1, 2, 3} (entries at
    most 6 after the shift: ``2 * 7 * log2(6 sqrt 7) = 56 < 60``), and declines
    (returns nothing, so Python integers are used) when int64 could overflow: payoffs up
    to 10^6 on a 6x6 polytope give entries near 2 * 10^6 and
    ``2 * 7 * log2(2e6 * sqrt 7) > 60``."""
    from alliance_games.solvers.normal import vertex_enumeration as ve
    from alliance_games.solvers.normal.vertex_matching import _exact_numerators

    saved = polytope_compiled.MODE
    polytope_compiled.MODE = True
    try:
        for seed in range(100):
            rng = np.random.default_rng([17, seed])
            m, n = (int(x) for x in rng.integers(2, 7, size=2))
            hi = 2 if seed % 2 else 4
            game = NormalFormGame.from_arrays(list(rng.integers(0, hi, size=(2, m, n))))
            vertices = ve.best_response_vertices(game)
            for poly, rows in ((vertices.p, vertices.p_rows), (vertices.q, vertices.q_rows)):
                nonzero = [v for v in range(len(poly.coordinates))
                           if poly.coordinates[v].any()]
                batch = ve._certified_int64(poly, rows, nonzero)
                assert set(batch) == set(nonzero), seed
                for v in nonzero:
                    assert batch[v] == _exact_numerators(poly, v, rows)[0], seed
        rng = np.random.default_rng([17, 1000])
        game = NormalFormGame.from_arrays(list(rng.integers(-10**6, 10**6, size=(2, 6, 6))))
        vertices = ve.best_response_vertices(game)
        assert ve._certified_int64(vertices.p, vertices.p_rows, [1, 2]) == {}
    finally:
        polytope_compiled.MODE = saved


def test_cramer_small_systems_match_the_elimination() -> None:
    """Cramer's rule on systems of 1-3 unknowns gives the elimination's integers.

    By hand: ``[[2, 1], [1, 3]] x = [3, 5]`` has det 2 * 3 - 1 * 1 = 5 and numerators
    3 * 3 - 1 * 5 = 4 and 2 * 5 - 1 * 3 = 7, so x = (4/5, 7/5); ``[[1, 2], [2, 4]]`` is
    singular. Then 3,000 seeded systems (small and large entries, singular ones
    included) against :func:`solve_integer`.
    """
    from alliance_games.solvers.kernels.rational import solve_integer
    from alliance_games.solvers.normal.vertex_matching import _solve_small

    assert _solve_small([[2, 1], [1, 3]], [3, 5]) == ([4, 7], 5)
    assert _solve_small([[1, 2], [2, 4]], [1, 1]) is None
    rng = np.random.default_rng(19)
    for t in range(3000):
        size = int(rng.integers(1, 5))
        hi = 3 if t % 2 else 4001
        matrix = rng.integers(-hi, hi + 1, size=(size, size)).tolist()
        rhs = rng.integers(1, hi + 1, size=size).tolist()
        assert _solve_small(matrix, rhs) == solve_integer(matrix, rhs), (matrix, rhs)


def test_close_calls_go_to_the_numpy_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """An irrational catalog game (``extended_deterrence/audience_costs`` with
    ``war_cost_determined: E``) has a best-response polytope (16 x 9) where two
    tie-break values differ by about 1e-9, the tolerance: a decision too close to call.
    The kernel must flag it and hand the polytope to the numpy path, whose result
    (computed exactly on the binary values after a numerically singular basis) it then
    returns: the same 64 vertices as the rational enumeration, flagged delicate."""
    from alliance_games import load
    from alliance_games.solvers.dispatch import solve
    from alliance_games.solvers.kernels.polytope import vertices_exact
    from alliance_games.solvers.normal import vertex_enumeration as ve

    seen = []
    real = ve.vertices_float

    def record(matrix, **kw):  # noqa: ANN001, ANN003, ANN202
        seen.append(np.array(matrix, dtype=float))
        return real(matrix, **kw)

    monkeypatch.setattr(ve, "vertices_float", record)
    monkeypatch.setattr(polytope_compiled, "MODE", True)
    solve(load("extended_deterrence/audience_costs", {"war_cost_determined": "E"}))
    hard = [m for m in seen if m.shape == (16, 9)]
    assert hard
    for m in hard:
        ours = vertices_float(m)
        ref = vertices_exact([[Fraction(float(x)) for x in row] for row in m])
        assert ours.delicate and ours.complete
        assert {t.tobytes() for t in ours.tight} == {t.tobytes() for t in ref.tight}
