"""The compiled certification of Lemke–Howson end points agrees with the Python one.

:func:`~alliance_games.solvers.normal.lh_certify._certify_pair` runs in the numba
kernels once they are loaded (``lh_compiled.ready()``): the kernel vector of the
indifference system as the vector of signed maximal minors of ``D`` (computed modulo
primes below ``2^31`` and combined by Chinese remaindering under Hadamard's bound), and
the best-response check as a float filter on the game's rounded payoffs. Oracles:

- the minors: the cofactor identity ``c_s = (-1)^s det(D without column s)``, each
  determinant computed here by fraction-free (Bareiss) elimination in Python integers;
  ``D c = 0`` exactly, and ``c = 0`` exactly when the rank is below ``k - 1``;
- the certificate: the Python path of the same module (``ready()`` patched to False),
  itself tested against the bordered system and the exact regret in
  ``tests/test_lh_certify.py``; and the exact regret of the certified profile
  (:func:`~alliance_games.equilibrium.exact_regret`, every pure deviation in rationals).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from alliance_games.budget import Budget
from alliance_games.equilibrium import exact_regret
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.kernels import lh_compiled
from alliance_games.solvers.normal import lemke_howson as lh
from alliance_games.solvers.normal import lh_certify


@pytest.fixture(autouse=True)
def _kernels() -> None:
    assert lh_compiled.available()  # numba ships with the test extra


def _det(rows: list[list[int]]) -> int:
    """Determinant by Bareiss elimination with row swaps (every division exact)."""
    a = [list(r) for r in rows]
    n = len(a)
    if n == 0:
        return 1
    sign, prev = 1, 1
    for i in range(n):
        pivot = next((r for r in range(i, n) if a[r][i] != 0), None)
        if pivot is None:
            return 0
        if pivot != i:
            a[i], a[pivot] = a[pivot], a[i]
            sign = -sign
        for r in range(i + 1, n):
            for c in range(i + 1, n):
                a[r][c] = (a[r][c] * a[i][i] - a[r][i] * a[i][c]) // prev
        prev = a[i][i]
    return sign * a[n - 1][n - 1]


def test_minor_vector_is_the_cofactor_vector() -> None:
    """Random ``k x k`` blocks (k = 2..12) with entries of 2, 10, 41 and 61 bits, some
    with repeated rows or columns (rank deficient ``D``): the compiled vector equals
    ``((-1)^s det D_{-s})_s`` exactly, and ``D c = 0``."""
    rng = np.random.default_rng(3)
    deficient = 0
    for trial in range(600):
        k = int(rng.integers(2, 13))
        hi = [2, 2**10, 2**41, 2**61][trial % 4]
        block = rng.integers(-hi, hi, size=(k, k), dtype=np.int64)
        if trial % 5 == 0:
            block[:, k - 1] = block[:, 0]  # two equal tight columns: a zero row of D
        if trial % 7 == 0 and k > 2:
            block[1] = block[0]  # two equal support rows: equal columns of D
        ints = block.tolist()
        d = [[ints[s][q + 1] - ints[s][0] for s in range(k)] for q in range(k - 1)]
        want = [(-1) ** s * _det([[row[j] for j in range(k) if j != s] for row in d])
                for s in range(k)]
        got = lh_compiled.minor_vector(block)
        assert got == want, (trial, k)
        assert all(sum(row[s] * got[s] for s in range(k)) == 0 for row in d)
        deficient += not any(got)
    assert deficient > 50


def test_minor_vector_needs_many_primes() -> None:
    """A 40x40 block of 61-bit entries: Hadamard's bound is about 39 * (61 + 3) bits, so
    the modulus needs more than the 16 primes first generated (the list is extended);
    the result still satisfies ``D c = 0`` exactly and has entries of over 2,000 bits."""
    rng = np.random.default_rng(4)
    k = 40
    block = rng.integers(-2**61, 2**61, size=(k, k), dtype=np.int64)
    c = lh_compiled.minor_vector(block)
    ints = block.tolist()
    for q in range(k - 1):
        assert sum((ints[s][q + 1] - ints[s][0]) * c[s] for s in range(k)) == 0
    assert max(abs(v) for v in c).bit_length() > 2000


def test_undecided_columns_on_near_ties() -> None:
    """The construction of ``test_float_filter_is_exact_on_near_ties`` (products of order
    ``2^84``, columns ``T[t0] + delta`` with ``delta`` in -2..2): every column the
    compiled filter leaves out must be exactly worse than ``t0``, and every column at
    least as good as ``t0`` must be kept; read both ways (``trans``)."""
    rng = np.random.default_rng(5)
    lo, hi = 2**40, 2**52 - 2**40
    kept_worse = 0
    for _ in range(300):
        k, n = int(rng.integers(3, 6)), int(rng.integers(3, 9))
        r = rng.integers(lo, hi, size=(k, n), dtype=np.int64)
        c = [1] + [int(rng.integers(1, 2**30)) for _ in range(k - 1)]
        for t in range(1, n):
            if rng.random() < 0.8:
                s = int(rng.integers(-2**9, 2**9))
                r[:, t] = r[:, 0]
                r[1, t] += c[2] * s
                r[2, t] -= c[1] * s
                r[0, t] += int(rng.integers(-2, 3))
        ints = r.tolist()
        totals = [sum(c[a] * ints[a][t] for a in range(k)) for t in range(n)]
        support = np.arange(k, dtype=np.int64)
        tight = np.array([0], dtype=np.int64)
        cf = [float(v) for v in c]
        for trans, matrix in ((False, r.astype(float)), (True, r.T.astype(float).copy())):
            undecided = lh_compiled.undecided_columns(matrix, trans, support, cf, 0, tight)
            for t in range(1, n):
                if totals[t] >= totals[0]:
                    assert t in undecided
                elif t in undecided:
                    kept_worse += 1
    assert kept_worse > 0  # near-ties the filter cannot decide do occur


def _games() -> list[NormalFormGame]:
    rng = np.random.default_rng(6)
    out = []
    for i in range(24):
        m, n = (int(v) for v in rng.integers(2, 9, size=2))
        if i % 3 == 0:
            arrays = rng.integers(0, 2, size=(2, m, n))  # degenerate
        elif i % 3 == 1:
            arrays = rng.integers(-50, 51, size=(2, m, n))
        else:  # decimals: some rows integral, some not
            arrays = rng.integers(-50, 51, size=(2, m, n)).astype(object)
            arrays[:, ::2] = arrays[:, ::2] / 10
            arrays = np.vectorize(lambda v: Fraction(v) if isinstance(v, int)
                                  else Fraction(str(v)))(arrays)
        out.append(NormalFormGame.from_arrays(list(arrays)))
    return out


@pytest.mark.parametrize("game", _games(), ids=lambda g: "x".join(map(str, g.shape)))
def test_same_certificates_as_the_python_path(game: NormalFormGame,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Every label's end bases, and every basis pair one swap away (mostly not
    equilibria): the compiled certificate equals the Python one (or both are None), and
    a certified profile has exact regret 0. Integer, {0, 1} and decimal games."""
    m, n = game.shape
    pairs = []
    for label in range(m + n):
        path = lh.lemke_howson_path(game, label, budget=Budget.start())
        bp, bq = path.basis_p, path.basis_q
        pairs.append((bp, bq))
        outside = [v for v in range(m + n) if v not in bp]
        for out in bp[:3]:
            for into in outside[:3]:
                pairs.append((tuple(into if v == out else v for v in bp), bq))
    certified = rejected = 0
    for bp, bq in pairs:
        fast = lh_certify._certify_pair(game, bp, bq)
        with monkeypatch.context() as patch:
            patch.setattr(lh_compiled, "ready", lambda: False)
            slow = lh_certify._certify_pair(game, bp, bq)
        assert fast == slow, (bp, bq)
        if fast is None:
            rejected += 1
            continue
        certified += 1
        profile = (fast.x.fractions(m), fast.y.fractions(n))
        assert exact_regret(game, profile) == 0
    assert certified >= m + n and rejected > 0


def test_payoffs_beyond_2_53_take_the_python_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Payoffs ``2^50 a + 1`` with ``a`` up to 999 (integers up to about ``2^60``, which
    floats cannot hold exactly): the kernel declines the block (status 3) and the Python
    path certifies in Python integers; every label's end point has exact regret 0. The
    same game's small integers ``a`` go through the kernel (status 0; both games are
    held in ``integer_payoffs``, so both players are certified in one kernel call)."""
    rng = np.random.default_rng(8)
    small = rng.integers(1, 1000, size=(2, 5, 5))
    big = NormalFormGame.from_arrays([[[int(v) * 2**50 + 1 for v in row] for row in m]
                                      for m in small])
    plain = NormalFormGame.from_arrays(list(small))
    seen = []
    real = lh_compiled.certify_pair

    def spy(*args: object) -> tuple:
        out = real(*args)  # type: ignore[arg-type]
        seen.append(out[0])
        return out

    monkeypatch.setattr(lh_compiled, "certify_pair", spy)
    for label in range(10):
        path = lh.lemke_howson_path(plain, label)
        got = lh_certify._certify_pair(plain, path.basis_p, path.basis_q)
        assert got is not None
        profile = (got.x.fractions(5), got.y.fractions(5))
        assert exact_regret(plain, profile) == 0
        path = lh.lemke_howson_path(big, label)
        cert = lh_certify._certify_pair(big, path.basis_p, path.basis_q)
        assert cert is not None
        assert exact_regret(big, (cert.x.fractions(5), cert.y.fractions(5))) == 0
    assert 3 in seen and 0 in seen


def test_certify_pair_on_large_blocks_needs_more_primes() -> None:
    """A 30x30 game with payoffs of about ``2^40`` whose columns of ``B`` all sum to the
    same value ``K`` and whose rows of ``A`` all sum to ``K'`` (the last row and column
    adjusted): against the uniform mix every opponent strategy earns the same, so with
    every ``x_i`` and ``y_j`` basic (labels ``0..29`` in ``P``, ``30..59`` in ``Q``:
    completely labelled) both indifference systems have the uniform kernel vector. Its
    unreduced form (the signed maximal minors, up to about ``2^1200`` by Hadamard's bound:
    29 rows of norm ``~2^43``) needs more than the first 16 primes. ``certify_pair`` gives
    the vectors ``certify_strategy`` gives, equal up to sign to the cofactor vector, and
    the certified mixes are uniform with payoffs ``K / 30`` and ``K' / 30``."""
    rng = np.random.default_rng(11)
    k = 30
    a = rng.integers(2**39, 2**40, size=(k, k))
    b = rng.integers(2**39, 2**40, size=(k, k))
    b[-1] = 2**46 - b[:-1].sum(axis=0)  # every column of B sums to K = 2^46
    a[:, -1] = 2**46 + 2**30 - a[:, :-1].sum(axis=1)  # every row of A: K' = 2^46 + 2^30
    assert np.abs(a).max() < 2**53 and np.abs(b).max() < 2**53
    game = NormalFormGame.from_arrays([a, b])
    fa, fb = game.payoffs[0], game.payoffs[1]
    every = np.arange(k, dtype=np.int64)
    status, x, y = lh_compiled.certify_pair(fa, fb, tuple(range(k)), tuple(range(k, 2 * k)))
    assert status == 0 and x is not None and y is not None
    assert x[:2] == (every.tolist(), every.tolist()) and x[3] == []
    assert (0, x[2], []) == lh_compiled.certify_strategy(fb, False, every, every)
    assert (0, y[2], []) == lh_compiled.certify_strategy(fa, True, every, every)
    d = [[int(b[s, q + 1]) - int(b[s, 0]) for s in range(k)] for q in range(k - 1)]
    cofactors = [(-1) ** s * _det([row[:s] + row[s + 1:] for row in d]) for s in range(k)]
    assert x[2] in (cofactors, [-v for v in cofactors])
    assert len(set(x[2])) == 1 and max(x[2]).bit_length() > 31 * 16
    cert = lh_certify._certify_pair(game, tuple(range(k)), tuple(range(k, 2 * k)))
    assert cert is not None
    assert cert.x.fractions(k) == (Fraction(1, k),) * k == cert.y.fractions(k)
    assert (cert.x.value, cert.y.value) == (Fraction(2**46, k), Fraction(2**46 + 2**30, k))
