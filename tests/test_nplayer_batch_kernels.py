"""The array kernels of the vectorised n-player engine (``solvers/nplayer/batch.py``):
hand-derived values first (derivations in each docstring), then cross-checks of each
kernel against a direct, loop-by-loop reference on random boxes, and of the whole
engine against the exact (Gröbner) route on seeded random games.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer.batch import (
    HULL_TRANSPOSE_UP_TO,
    MARGIN,
    _Class,
    _hull,
    _inverse,
    _krawczyk,
    _line_interval,
    _preconditioned,
    supports_of_class,
)
from alliance_games.solvers.nplayer.supports import (
    equilibria_on_support,
    nplayer_support_enumeration,
    support_profiles,
)


def _random_class(shape, sizes, seed, boxes=7):
    """A size class of a seeded random game (payoffs in [-1, 1]) with random boxes
    inside the unit cube of its free probabilities, several per profile."""
    rng = np.random.default_rng(seed)
    u = rng.uniform(-1, 1, size=(len(shape), *shape))
    profiles = supports_of_class(shape, sizes)
    cls = _Class(u, sizes, profiles)
    owner = rng.integers(0, len(profiles), size=boxes)
    a, b = rng.uniform(0, 0.5, size=(2, boxes, cls.d))
    lo, hi = a * 0.5, a * 0.5 + b
    return u, cls, owner, lo, hi


def test_contract_of_a_2x2x2_table_is_the_expected_payoff():
    """Player 1 of a 2x2x2 game with u_1(s1, t, r) = 1 + 2t + 4r (t, r the others'
    strategy indices 0/1) and u_1(s2, ., .) = 0. On the full support the others play
    s2 with probabilities y and z; the contraction with σ_2 = (1-y, y), σ_3 = (1-z, z)
    is E u_1(s1) = 1 + 2y + 4z: at y = 1/4, z = 1/2 that is 1 + 1/2 + 2 = 7/2. A
    second factor row σ_2 = (0, 1) (a vertex y = 1) gives 1 + 2 + 2 = 5."""
    u = np.zeros((3, 2, 2, 2))
    for t, r in itertools.product(range(2), repeat=2):
        u[0, 0, t, r] = 1 + 2 * t + 4 * r
    cls = _Class(u, (2, 2, 2), [((0, 1), (0, 1), (0, 1))])
    ones = np.ones((1, 1, 2))
    f2 = np.array([[[0.75, 0.25], [0.0, 1.0]]])  # two rows: y = 1/4, y = 1
    f3 = np.array([[[0.5, 0.5]]])
    out = cls.contract(0, np.array([0]), [ones, f2, f3])
    assert out.shape == (1, 2, 2, 1)
    assert out[0, 0, :, 0] == pytest.approx([3.5, 5.0], abs=1e-15)
    assert out[0, 1].ravel() == pytest.approx([0.0, 0.0], abs=1e-15)


@pytest.mark.parametrize("shape, sizes", [((3, 3, 3), (3, 2, 3)), ((2, 2, 2, 2), (2, 2, 1, 2)),
                                          ((3, 3, 3, 3), (3, 3, 2, 3))])
def test_contract_matches_the_direct_sum(shape, sizes):
    """For every box and every player: the contraction equals the sum over the others'
    supported pure profiles r of u_i(s, r) Π_j F_j[a_j, r_j], computed here term by
    term."""
    _, cls, owner, lo, hi = _random_class(shape, sizes, seed=5)
    factors = cls.factors(lo, hi)
    for i in range(cls.n):
        out = cls.contract(i, owner, factors)
        others = [j for j in range(cls.n) if j != i]
        table = cls.tables[i][owner]  # (B, m_i, k_others...)
        for b in range(len(owner)):
            for rows in itertools.product(*(range(factors[j].shape[1]) for j in others)):
                expected = np.zeros(table.shape[1])
                for r in itertools.product(*(range(cls.sizes[j]) for j in others)):
                    weight = np.prod([factors[j][b, a, rj]
                                      for j, a, rj in zip(others, rows, r, strict=True)])
                    expected += weight * table[(b, slice(None), *r)]
                assert out[(b, slice(None), *rows)] == pytest.approx(expected, abs=1e-13)


@pytest.mark.parametrize("length", [3, HULL_TRANSPOSE_UP_TO, HULL_TRANSPOSE_UP_TO + 1, 300])
def test_hull_is_the_minimum_and_maximum_on_both_branches(length):
    """Up to HULL_TRANSPOSE_UP_TO values the hull reduces a transposed copy, above it
    the last axis directly; both give numpy's min and max over the last axis (for
    (1, 4, -2) that is -2 and 4)."""
    low, high = _hull(np.array([[1.0, 4.0, -2.0]]))
    assert low[0] == -2.0 and high[0] == 4.0
    values = np.random.default_rng(length).normal(size=(5, 3, length))
    low, high = _hull(values)
    assert np.array_equal(low, values.min(axis=-1))
    assert np.array_equal(high, values.max(axis=-1))


def test_inverse_sets_singular_matrices_aside():
    """A stack of [[2, 0], [0, 4]] (inverse [[1/2, 0], [0, 1/4]]), [[1, 2], [2, 4]]
    (rows proportional: singular) and [[0, 1], [1, 0]] (its own inverse): the singular
    one is marked not ok with a zero inverse, the others are inverted as one batch."""
    stack = np.array([[[2.0, 0.0], [0.0, 4.0]], [[1.0, 2.0], [2.0, 4.0]],
                      [[0.0, 1.0], [1.0, 0.0]]])
    y, ok = _inverse(stack)
    assert ok.tolist() == [True, False, True]
    assert y[0] == pytest.approx(np.array([[0.5, 0.0], [0.0, 0.25]]))
    assert np.all(y[1] == 0.0)
    assert y[2] == pytest.approx(stack[2])


def _preconditioned_reference(cls, owner, tensors, y, ok, lo, hi):
    """The projection of ``g = Y f`` onto each side, vertex by vertex: ``g`` at every
    vertex of the box (bits of the vertex index = which end of each side), the faces
    of each side by explicit selection, then the same line test."""
    count, dims = lo.shape
    verts = np.array(list(itertools.product((0, 1), repeat=dims)))
    empty = np.zeros(count, dtype=bool)
    new_lo, new_hi = lo.copy(), hi.copy()
    active = cls.active[owner]
    for b in range(count):
        g = np.zeros((len(verts), dims))
        for v, bits in enumerate(verts):
            f = np.zeros(dims)
            for i, t in enumerate(tensors):
                fi = cls.free[i]
                if fi == 0:
                    continue
                index = [b, slice(0, fi + 1)]
                for j in range(cls.n):
                    if j != i:
                        a0 = cls.offsets[j]
                        own = bits[a0:a0 + cls.free[j]]
                        index.append(int("".join(map(str, own)) or "0", 2))
                col = t[tuple(index)]
                a0 = cls.offsets[i]
                f[a0:a0 + fi] = (col[1:] - col[0]) * active[b, a0:a0 + fi]
            g[v] = y[b] @ f
        tau = np.abs(y[b]).sum(axis=1) * MARGIN
        if ok[b] and np.any((g.min(axis=0) > tau) | (g.max(axis=0) < -tau)):
            empty[b] = True
        for var in range(dims):
            face0, face1 = g[verts[:, var] == 0], g[verts[:, var] == 1]
            t_lo, t_hi = _line_interval(face0.min(axis=0) - tau, face1.min(axis=0) - tau,
                                        face0.max(axis=0) + tau, face1.max(axis=0) + tau)
            t_lo = t_lo.max() if ok[b] else 0.0
            t_hi = t_hi.min() if ok[b] else 1.0
            empty[b] |= t_lo > t_hi
            width = hi[b, var] - lo[b, var]
            new_lo[b, var] = max(lo[b, var], lo[b, var] + max(t_lo - 1e-12, 0.0) * width)
            new_hi[b, var] = min(hi[b, var], lo[b, var] + min(t_hi + 1e-12, 1.0) * width)
    return empty, new_lo, new_hi


@pytest.mark.parametrize("shape, sizes, seed", [((3, 3, 3), (3, 3, 3), 1),
                                                ((2, 2, 2, 2), (2, 2, 2, 2), 2),
                                                ((3, 3, 3, 3), (3, 2, 1, 3), 3)])
def test_preconditioned_contraction_matches_the_vertex_by_vertex_reference(shape, sizes,
                                                                           seed):
    """The vectorised exclusion and projection by ``Y f`` (vertex axes first, faces by
    reductions over leading axes, one product per player broadcast along its own
    vertices) agrees with the explicit vertex-by-vertex computation on random boxes of
    random games, to rounding."""
    _, cls, owner, lo, hi = _random_class(shape, sizes, seed, boxes=9)
    tensors = cls.expand(owner, cls.factors(lo, hi))
    jlo, jhi = cls.jacobian(tensors, reduce=True)
    _, _, ok, y = _krawczyk(cls, owner, lo, hi, jlo, jhi)
    empty, plo, phi = _preconditioned(cls, owner, tensors, y, ok, lo, hi)
    rempty, rlo, rhi = _preconditioned_reference(cls, owner, tensors, y, ok, lo, hi)
    assert empty.tolist() == rempty.tolist()
    live = ~empty
    assert plo[live] == pytest.approx(rlo[live], abs=1e-12)
    assert phi[live] == pytest.approx(rhi[live], abs=1e-12)


def _as_floats(eq):
    return [[float(x) for x in row] for row in eq.profile()]


@pytest.mark.slow
@pytest.mark.parametrize("shape, seed", [((2, 2, 2, 2), 31), ((3, 3, 2), 32)])
def test_random_games_match_the_exact_route_support_by_support(shape, seed):
    """Seeded random games (integer payoffs in [-50, 50], so that the exact route is
    fast): pooling every support profile's equilibria from the exact Gröbner route
    (``equilibria_on_support``) gives the same list as the vectorised engine."""
    rng = np.random.default_rng(seed)
    u = rng.integers(-50, 51, size=(len(shape), *shape))
    game = NormalFormGame.from_payoff_array(u)
    ours = nplayer_support_enumeration(game)
    assert ours.complete
    pooled = [_as_floats(eq) for supports in support_profiles(shape)
              for eq in equilibria_on_support(game, supports)]
    mine = [_as_floats(eq) for eq in ours.equilibria]
    assert len(pooled) == len(mine) > 0
    for prof in pooled:
        assert sum(all(np.allclose(a, b, atol=1e-8) for a, b in zip(prof, m, strict=True))
                   for m in mine) == 1
