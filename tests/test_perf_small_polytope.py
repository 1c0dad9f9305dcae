"""The small-polytope vertex enumeration (every basis solved directly) finds exactly the
vertices, label sets and ``delicate`` flag of the breadth-first pivoting it replaces on
small games, and of the exact rational enumeration.

Hand-derived cases, ``P = {z >= 0 : M z <= 1}`` with labels ``z_1, z_2, row 1, row 2``:

* ``M = [[1, 2], [2, 1]]``: the vertices are (0, 0) (tight: z_1, z_2), (1/2, 0) (z_2 and
  row 2: 2 * 1/2 = 1), (0, 1/2) (z_1 and row 1: 2 * 1/2 = 1) and (1/3, 1/3) (rows 1 and
  2: 1/3 + 2/3 = 1); each has exactly d = 2 labels, so P is simple.
* ``M = [[1, 1], [1, 1]]`` (two equal rows): the vertices are (0, 0), (1, 0) and (0, 1);
  at (1, 0) z_2 and both rows are tight, three labels for d = 2: degenerate. The four
  bases with z_1 basic and one of the rows tight give (1, 0) twice (merged), and
  ``M[J, S]`` for S = {1, 2}, J = {1, 2} is singular (skipped).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from alliance_games.solvers.kernels import polytope_small
from alliance_games.solvers.kernels.polytope import vertices_exact, vertices_float
from alliance_games.solvers.kernels.polytope_small import _vertices_tiny, vertices_small
from alliance_games.solvers.kernels.rational import normalized_payoffs, normalized_payoffs_float


def _tight_sets(poly) -> set[tuple[bool, ...]]:  # noqa: ANN001
    return {tuple(t) for t in poly.tight.tolist()}


def _by_tight(poly) -> dict[tuple[bool, ...], tuple[float, ...]]:  # noqa: ANN001
    return {tuple(t): tuple(c) for t, c in zip(poly.tight.tolist(), poly.coordinates.tolist(),
                                               strict=True)}


@pytest.mark.parametrize("solver", [vertices_small, lambda m: _vertices_tiny(m, 1e-9)])
def test_hand_derived_simple_polytope(solver) -> None:  # noqa: ANN001
    poly = solver(np.array([[1.0, 2.0], [2.0, 1.0]]))
    found = _by_tight(poly)
    assert set(found) == {(True, True, False, False), (False, True, False, True),
                          (True, False, True, False), (False, False, True, True)}
    assert found[(False, True, False, True)] == pytest.approx((0.5, 0.0))
    assert found[(True, False, True, False)] == pytest.approx((0.0, 0.5))
    assert found[(False, False, True, True)] == pytest.approx((1 / 3, 1 / 3))
    assert not poly.degenerate and not poly.delicate and poly.complete


@pytest.mark.parametrize("solver", [vertices_small, lambda m: _vertices_tiny(m, 1e-9)])
def test_hand_derived_degenerate_polytope(solver) -> None:  # noqa: ANN001
    poly = solver(np.array([[1.0, 1.0], [1.0, 1.0]]))
    found = _by_tight(poly)
    assert set(found) == {(True, True, False, False), (False, True, True, True),
                          (True, False, True, True)}
    assert found[(False, True, True, True)] == pytest.approx((1.0, 0.0))
    assert poly.degenerate and not poly.delicate
    # each vertex's basis is a real basis of it (r = 2 basic variables of k = 4)
    assert poly.bases.shape == (3, 2)


def _random_payoffs():  # noqa: ANN202
    for seed in range(300):
        rng = np.random.default_rng([7, seed])
        r, d = (int(x) for x in rng.integers(1, 6, size=2))
        yield seed, (rng.integers(0, 2, size=(r, d)) if seed % 2
                     else rng.integers(-5, 6, size=(r, d)))


def _random_matrices():  # noqa: ANN202
    for seed, payoffs in _random_payoffs():
        yield seed, normalized_payoffs_float(payoffs.astype(float))


def test_same_vertices_as_the_breadth_first_pivoting(monkeypatch: pytest.MonkeyPatch) -> None:
    """On 300 seeded matrices (half of them 0/1, so degenerate ones abound): the same
    label sets, coordinates and ``delicate`` flag as the BFS of
    :func:`vertices_float` (made to skip the small path), from both small solvers."""
    cases = list(_random_matrices())
    monkeypatch.setattr(polytope_small, "SMALL_BASES", 0)
    reference = {seed: vertices_float(m) for seed, m in cases}
    monkeypatch.undo()
    degenerate = 0
    for seed, m in cases:
        ref = reference[seed]
        for poly in (vertices_small(m), _vertices_tiny(m, 1e-9)):
            assert _tight_sets(poly) == _tight_sets(ref), seed
            assert poly.delicate == ref.delicate, seed
            expected = _by_tight(ref)
            for tight, coords in _by_tight(poly).items():
                assert coords == pytest.approx(expected[tight], abs=1e-12), seed
        degenerate += ref.degenerate
    assert degenerate > 20  # the degenerate case was exercised


def test_same_vertices_as_exact_rational_enumeration() -> None:
    """Where no float decision was delicate, the label sets equal those of the exact
    enumeration of the same shifted payoffs in rationals (1 + (a - lo) / (hi - lo)),
    so no float decision went wrong; where one was, the caller redoes it exactly."""
    delicate = 0
    for seed, payoffs in list(_random_payoffs())[:150]:
        small = vertices_small(normalized_payoffs_float(payoffs.astype(float)))
        if small.delicate:
            delicate += 1
            continue
        exact = vertices_exact(normalized_payoffs(payoffs.astype(object)))
        assert _tight_sets(small) == _tight_sets(exact), seed
        assert isinstance(exact.exact_coordinates[0][0], Fraction)
    assert delicate < 15
