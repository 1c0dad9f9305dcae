"""Exact certification of Lemke–Howson end points (``solvers/normal/lh_certify.py``).

The certificate solves each player's indifference system through the integer kernel of a
``(k-1) x k`` matrix and decides the best-response check with a float filter backed by
integers. Every test compares it with an independent oracle: the bordered square system
``[R[S, T]^T  -1; 1 ... 1  0] (p, w) = (0, ..., 0, 1)`` solved by
:func:`~alliance_games.solvers.kernels.rational.solve_integer` (fraction-free
Gauss–Jordan), and the exact regret of the whole profile
(:func:`~alliance_games.equilibrium.exact_regret`, every pure deviation of both players
in rational arithmetic). A profile is a Nash equilibrium iff its exact regret is 0 (a
mixed deviation's payoff is an average of pure ones).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from alliance_games.budget import Budget
from alliance_games.equilibrium import exact_regret
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.kernels.rational import solve_integer
from alliance_games.solvers.normal import lemke_howson as lh
from alliance_games.solvers.normal.lh_certify import (
    _certify_pair,
    _float_filter_passes,
    _kernel_vector,
)


def _oracle_strategy(payoff: np.ndarray, support: list[int], tight: list[int]
                     ) -> tuple[Fraction, ...] | None:
    """The bordered-system solution on ``support`` (Fractions), or None when it is not
    square, singular or has a negative probability (no best-response check here)."""
    k = len(support)
    if k == 0 or len(tight) != k:
        return None
    scale = 1
    for s in support:
        for v in payoff[s]:
            scale = scale * Fraction(v).denominator // np.gcd(scale, Fraction(v).denominator)
    rows = [[int(Fraction(payoff[s][t]) * scale) for s in support] + [-1] for t in tight]
    rows.append([1] * k + [0])
    solved = solve_integer(rows, [0] * k + [1])
    if solved is None:
        return None
    nums, det = solved
    if any(v < 0 for v in nums[:k]):
        return None
    out = [Fraction(0)] * payoff.shape[0]
    for s, v in zip(support, nums[:k], strict=True):
        out[s] = Fraction(v, det)
    return tuple(out)


def _oracle(game: NormalFormGame, basis_p: tuple[int, ...], basis_q: tuple[int, ...]
            ) -> tuple[tuple[Fraction, ...], ...] | None:
    m, n = game.shape
    in_p, in_q = set(basis_p), set(basis_q)
    if in_p & in_q:
        return None
    a, b = game.bimatrix(exact=True)
    x = _oracle_strategy(b, sorted(v for v in in_p if v < m),
                         [j for j in range(n) if m + j not in in_p])
    y = _oracle_strategy(a.T, sorted(v - m for v in in_q if v >= m),
                         [i for i in range(m) if i not in in_q])
    if x is None or y is None or exact_regret(game, (x, y)) != 0:
        return None
    return x, y


def _end_bases(game: NormalFormGame, label: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    path = lh.lemke_howson_path(game, label, budget=Budget.start())
    return path.basis_p, path.basis_q


@pytest.mark.parametrize(("k", "cols", "hi"), [(3, 3, 2), (5, 4, 3), (8, 8, 1001),
                                               (12, 10, 2), (20, 20, 1001)])
def test_certificate_matches_the_bordered_system_and_exact_regret(k: int, cols: int,
                                                                  hi: int) -> None:
    """At every label's end point (and at the end point of the *same* bases in a game
    with one payoff changed, which is usually not an equilibrium any more) the
    certificate accepts exactly when the oracle does, with the same profile, and its
    payoffs are the profile's expected payoffs ``x^T A y`` and ``x^T B y``."""
    accepted = rejected = 0
    for seed in range(3):
        rng = np.random.default_rng([k, cols, hi, seed])
        a, b = rng.integers(0, hi, size=(2, k, cols))
        game = NormalFormGame.from_arrays([a, b])
        for label in range(k + cols):
            bp, bq = _end_bases(game, label)
            for g in (game, _changed(a, b, rng)):
                cert = _certify_pair(g, bp, bq)
                want = _oracle(g, bp, bq)
                assert (cert is None) == (want is None), (seed, label)
                if cert is None:
                    rejected += 1
                    continue
                accepted += 1
                m, n = g.shape
                x, y = cert.x.fractions(m), cert.y.fractions(n)
                assert (x, y) == want
                ea, eb = g.bimatrix(exact=True)
                assert cert.y.value == sum(x[i] * ea[i, j] * y[j]
                                           for i in range(m) for j in range(n))
                assert cert.x.value == sum(x[i] * eb[i, j] * y[j]
                                           for i in range(m) for j in range(n))
                assert cert.x.floats(m) == tuple(float(v) for v in x)
    assert accepted > 0 and rejected > 0


def _changed(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> NormalFormGame:
    """The game with one random entry of each matrix raised by a random amount."""
    a2, b2 = a.copy(), b.copy()
    for mat in (a2, b2):
        i, j = rng.integers(0, mat.shape[0]), rng.integers(0, mat.shape[1])
        mat[i, j] += int(rng.integers(1, 4)) * max(1, int(mat.max()))
    return NormalFormGame.from_arrays([a2, b2])


@pytest.mark.parametrize("delta", [-1, 0, 1])
def test_near_tie_decided_exactly(delta: int) -> None:
    """A perturbed point that floats cannot tell from an equilibrium.

    Take a 20x20 game with payoffs of order ``2^44`` and the end point of label 0. Copy
    the column player's payoffs of a tight column ``t0`` into a column ``t*`` outside
    the tight set, and add ``delta`` to the entry of one support row ``a``. At the same
    basis pair ``t*`` then earns ``w + delta x_a`` against the same ``x`` (``w`` the
    column player's equilibrium payoff): a relative difference of about ``2^-44``, far
    below what the rounded products ``c_s R[s, t]`` (of order ``2^44 c``) resolve. So
    the certificate must accept for ``delta <= 0`` (``t*`` is no better) and reject for
    ``delta = 1`` (``t*`` is a profitable deviation: exact regret ``x_a > 0``), as the
    oracle says.
    """
    rng = np.random.default_rng(7)
    k = 20
    a = rng.integers(0, 1001, size=(k, k)) * (2**34) + rng.integers(0, 2**20, size=(k, k))
    b = rng.integers(0, 1001, size=(k, k)) * (2**34) + rng.integers(0, 2**20, size=(k, k))
    game = NormalFormGame.from_arrays([a, b])
    bp, bq = _end_bases(game, 0)
    cert = _certify_pair(game, bp, bq)
    assert cert is not None
    support = [s for s, v in zip(cert.x.support, cert.x.c, strict=True) if v]
    assert len(support) >= 2  # a mixed strategy: the products do not fit a float
    tight = [j for j in range(k) if k + j not in set(bp)]
    outside = [j for j in range(k) if j not in tight and k + j not in set(bq)]
    t0, t_star, row = tight[0], outside[0], support[0]
    b2 = b.copy()
    b2[:, t_star] = b2[:, t0]
    b2[row, t_star] += delta
    perturbed = NormalFormGame.from_arrays([a, b2])
    got = _certify_pair(perturbed, bp, bq)
    want = _oracle(perturbed, bp, bq)
    assert (got is None) == (want is None) == (delta > 0)


def test_wrong_points_rejected() -> None:
    """Bases that are not an equilibrium's: a pair sharing a label (not completely
    labelled: the artificial start with one pivot done), and the end pair with the roles
    of a basic and a nonbasic variable of ``P`` exchanged (a different point, whose
    oracle check fails), are rejected."""
    rng = np.random.default_rng(3)
    a, b = rng.integers(0, 1001, size=(2, 9, 9))
    game = NormalFormGame.from_arrays([a, b])
    tp, tq = lh._start(game, Budget.start(), False)
    tq.enter(9) if tp.is_basic(0) else tp.enter(0)
    assert _certify_pair(game, tuple(tp.basis), tuple(tq.basis)) is None
    bp, bq = _end_bases(game, 0)
    assert _certify_pair(game, bp, bq) is not None
    nonbasic = [v for v in range(18) if v not in bp]
    for out in bp:
        for into in nonbasic:
            swapped = tuple(into if v == out else v for v in bp)
            got = _certify_pair(game, swapped, bq)
            assert (got is None) == (_oracle(game, swapped, bq) is None)


def test_kernel_vector_against_the_bordered_solve() -> None:
    """For random integer ``(k-1) x k`` matrices ``D`` (entries in -3..3, so many are
    rank deficient): ``_kernel_vector`` returns None iff the rank is below ``k - 1``
    (numpy's rank of the exactly representable matrix), and otherwise a nonzero integer
    vector with ``D c = 0`` exactly."""
    rng = np.random.default_rng(11)
    none = some = 0
    for _ in range(400):
        k = int(rng.integers(2, 7))
        d = rng.integers(-3, 4, size=(k - 1, k))
        c = _kernel_vector(d.tolist(), k)
        full = np.linalg.matrix_rank(d) == k - 1
        assert (c is not None) == full
        if c is None:
            none += 1
            continue
        some += 1
        assert any(c)
        assert all(sum(int(d[r, s]) * c[s] for s in range(k)) == 0 for r in range(k - 1))
    assert none > 0 and some > 0


def test_float_filter_is_exact_on_near_ties() -> None:
    """``T = c R`` with ``c_0 = 1``, other ``c_s`` up to ``2^30`` and ``R`` up to
    ``2^52``: ``T`` is of order ``2^84`` and each rounded product is off by up to about
    ``2^31``. Columns are made ``T[t0] + delta`` (``delta`` in -2..2) by adding to column
    ``t0`` the vector ``v`` with ``v_1 = c_2 s``, ``v_2 = -c_1 s`` (so ``c v = 0``; ``s``
    random) and ``delta`` in row 0: the products change, so their roundings do, and the
    float estimates of ``T[t]`` and ``T[t0]`` fall in either order. The filter must agree
    with the integer comparison every time (it only skips columns it proves worse)."""
    rng = np.random.default_rng(5)
    lo, hi = 2**40, 2**52 - 2**40
    for _ in range(400):
        k, n = int(rng.integers(3, 6)), int(rng.integers(3, 9))
        r = rng.integers(lo, hi, size=(k, n), dtype=np.int64)
        c = [1] + [int(rng.integers(1, 2**30)) for _ in range(k - 1)]
        t0 = 0
        for t in range(1, n):
            if rng.random() < 0.8:
                s = int(rng.integers(-2**9, 2**9))
                r[:, t] = r[:, t0]
                r[1, t] += c[2] * s
                r[2, t] -= c[1] * s
                r[0, t] += int(rng.integers(-2, 3))
        ints = r.tolist()
        totals = [sum(c[a] * ints[a][t] for a in range(k)) for t in range(n)]
        want = max(totals) <= totals[t0]
        assert _float_filter_passes(c, r.astype(float), t0) == want
