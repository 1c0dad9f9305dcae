"""Lemke–Howson pivoting compiled with numba (optional; the ``fast`` extra).

The same arithmetic, in the same order, as :class:`~..normal.lh_tableaux._FloatTableau`:
the lexicographic minimum-ratio test (ratio ``T[r, -1] / T[r, c]`` over the rows with a
positive entry in the entering column ``c``, ties within ``1e-9`` broken on the columns
of the initial slack basis, von Stengel 2002, sec. 3.6) and the rank-one update of the
condensed tableau (``T -= col ⊗ (T[r] / p)``, then the pivot row and column are
replaced). Every floating-point operation is the numpy path's, one rounding each (numba
does not contract ``a - b * c`` into a fused multiply-add without ``fastmath``), so the
path, its pivots and its end bases are identical (``tests/test_lemke_howson_compiled.py``
compares them on random and degenerate games).

The other kernels: :func:`start_arrays` builds the start tables from the game's float
payoffs (the operations of ``normalized_payoffs_float``, so the same path);
:func:`certify_strategy` computes one player's part of the exact certificate of an end
point (:mod:`..normal.lh_certify`: the signed maximal minors modulo primes, Chinese
remaindered into exact integers, and the float filter of the best-response check);
:func:`float_regret` the regret of the rounded certified profile.

What numba saves is the Python and numpy call overhead of each pivot (20-40 µs for a
dozen small numpy calls); the compiled loop costs one pass over the tableau. The kernel
is compiled on first use and cached on disk (``cache=True``): the first call on a
machine pays the compilation (a few seconds), later processes load it (importing numba
itself costs about half a second, so :func:`available` is only asked for games large
enough to repay it).

References
----------
Lemke, C. E. & Howson, J. T. (1964). Equilibrium points of bimatrix games. *J. SIAM*
12(2), 413-423.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45, sec. 3.4-3.6.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["available", "ready", "follow_path", "start_arrays", "minor_vector",
           "certify_strategy", "certify_pair",
           "undecided_columns", "float_regret", "CyclingError"]

_TOL = 1e-9
#: initial slots of the open-addressing set of visited basis pairs (doubled when half full)
SEEN_START = 1 << 10
_kernel: Any = None
_tried = False


def available() -> bool:
    """Whether the compiled kernel can be used (numba importable, not disabled).

    ``ALLIANCE_GAMES_NO_NUMBA=1`` in the environment disables it (the numpy path runs).
    """
    global _kernel, _tried
    if os.environ.get("ALLIANCE_GAMES_NO_NUMBA"):
        return False
    if not _tried:
        _tried = True
        try:
            _kernel = _build()
            _warm_up()  # compile (or load from the cache) now, not mid-solve
        except Exception:  # ImportError, or a numba that cannot compile here
            _kernel = None
    return _kernel is not None


def ready() -> bool:
    """Whether the kernels are loaded already (:func:`available` ran and succeeded);
    never imports numba. (Certification asks this: results are the same either way.)"""
    return _kernel is not None


def _build() -> Any:
    from . import _lh_numba  # noqa: PLC0415 - optional dependency, imported on first use

    return _lh_numba


def _warm_up() -> None:
    """Run the kernel on the 1x1 game ``A = B = [1]`` (two pivots), with the argument
    types of real calls, so that compilation errors surface in :func:`available`."""
    words = np.arange(1, 5, dtype=np.int64).reshape(2, 2)
    words.flags.writeable = False

    def tableau(basic: int, nonbasic: int, words_row: np.ndarray) -> tuple[np.ndarray, ...]:
        row_of = np.full(2, -1, dtype=np.int64)
        row_of[basic] = 0
        col_of = np.full(2, -1, dtype=np.int64)
        col_of[nonbasic] = 0
        return (np.ones((1, 2)), np.array([basic], dtype=np.int64),
                np.array([nonbasic], dtype=np.int64), row_of, col_of,
                np.array([basic], dtype=np.int64), words_row)

    arrays = tableau(1, 0, words[0]) + tableau(0, 1, words[1])
    pivots, _, _ = follow_path(arrays, 0, (0, 0), lambda: None)
    # the other kernels, with the argument types of real calls (a game's payoff matrices
    # are read-only C arrays), on A = B = [[2, 0], [0, 1]]: D = (0 - 2, 1 - 0) on the
    # full support has the minors c = (1, 2) (the mix (1/3, 2/3))
    payoffs = np.array([[[2.0, 0.0], [0.0, 1.0]]] * 2)
    payoffs.flags.writeable = False
    a, b = payoffs[0], payoffs[1]
    start = start_arrays(a, b, words)
    one = np.array([1.0, 0.0])
    support = np.array([0, 1], dtype=np.int64)
    status, c, undecided = certify_strategy(a, False, support, support)
    # both players of certify_pair: the same mix, nothing undecided
    mix: PlayerCertificate = ([0, 1], [0, 1], [1, 2], [])
    if (pivots != 2 or len(start[0]) != 14 or (status, c, undecided) != (0, [1, 2], [])
            or certify_pair(a, b, (0, 1), (2, 3)) != (0, mix, mix)
            or float_regret(a, b, one, one) != 0.0):
        raise RuntimeError("the compiled Lemke–Howson kernels failed their warm-up")


def follow_path(arrays: tuple[Any, ...], label: int, keys: tuple[int, int],
                check: Callable[[], None], chunk: int = 1 << 14) -> tuple[int, int, int]:
    """Follow the path dropping ``label`` to its end; ``(pivots, key_p, key_q)``.

    ``arrays`` is the flat tuple of both tableaux' arrays (table, basis, nonbasis, row of
    each label or -1, column of each label or -1, lex labels, Zobrist words; ``P`` then
    ``Q``), changed in place; ``keys`` the basis pair's Zobrist keys. ``check`` is called
    every ``chunk`` pivots (the budget's clock). Raises :class:`CyclingError` when
    rounding makes the path revisit a basis pair or meet an unbounded edge, after the
    same pivot as the numpy path would.
    """
    follow, rehash = _kernel.follow, _kernel.rehash
    in_p = bool(arrays[3][label] < 0)  # label nonbasic in P (row_of[label] == -1)
    entering = label
    state = np.array([keys[0], keys[1], 0], dtype=np.int64)
    seen = np.zeros((SEEN_START, 2), dtype=np.int64)
    used = np.zeros(SEEN_START, dtype=np.bool_)
    total = 0
    while True:
        pivots, status, entering, in_p = follow(*arrays, label, entering, in_p, chunk,
                                                state, seen, used)
        total += int(pivots)
        if status == 1:
            return total, int(state[0]), int(state[1])
        if status == -1:
            raise CyclingError(total, int(state[0]), int(state[1]))
        if status == 2:
            bigger = np.zeros((2 * seen.shape[0], 2), dtype=np.int64)
            bigger_used = np.zeros(2 * seen.shape[0], dtype=np.bool_)
            rehash(seen, used, bigger, bigger_used)
            seen, used = bigger, bigger_used
        check()


def start_arrays(a: np.ndarray, b: np.ndarray, words: np.ndarray
                 ) -> tuple[tuple[np.ndarray, ...], tuple[int, int]]:
    """The arrays of :func:`follow_path` at the artificial equilibrium of the game with
    float payoff matrices ``a``, ``b`` (mapped onto ``[1, 2]`` inside the kernel by the
    operations of ``normalized_payoffs_float``), and the basis pair's Zobrist keys;
    ``words`` holds one word per label for ``P`` (row 0) and ``Q`` (row 1)."""
    tp, bp, nbp, rp, cp, lp, tq, bq, nbq, rq, cq, lq, kp, kq = _kernel.start_arrays(a, b,
                                                                                 words)
    return (tp, bp, nbp, rp, cp, lp, words[0], tq, bq, nbq, rq, cq, lq, words[1]), (kp, kq)


#: primes just below 2^31, descending (extended on demand), for :func:`minor_vector`
_PRIMES: np.ndarray = np.zeros(0, dtype=np.int64)


def _is_prime(n: int) -> bool:
    """Deterministic Miller-Rabin for ``n < 3,215,031,751`` (bases 2, 3, 5, 7)."""
    if n % 2 == 0:
        return n == 2
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for base in (2, 3, 5, 7):
        x = pow(base, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _more_primes(count: int) -> np.ndarray:
    global _PRIMES
    found = _PRIMES.tolist()
    candidate = found[-1] if found else 2**31
    while len(found) < count:
        candidate -= 1
        if _is_prime(candidate):
            found.append(candidate)
    _PRIMES = np.array(found, dtype=np.int64)
    _PRIMES.flags.writeable = False
    return _PRIMES


def minor_vector(block: np.ndarray) -> list[int]:
    """The signed maximal minors ``c_s = (-1)^s det(D without column s)`` of the
    ``(k-1) x k`` integer matrix ``D[q, s] = block[s, q+1] - block[s, 0]`` (``block`` an
    int64 ``k x k`` array with entries below ``2**62`` in magnitude, ``k >= 2``).

    ``c`` spans the kernel of ``D`` when its rank is ``k - 1`` and is 0 otherwise
    (Laplace expansion). Computed modulo primes below ``2**31`` (Gauss-Jordan
    elimination gives the kernel vector with ``c_f = 1`` on the free column ``f`` and the
    determinant of the other columns, hence ``c mod p``), as many as Hadamard's bound
    ``|c_s| <= prod_q ||D_q||_2`` needs for ``prod p > 2 max |c_s|``, and combined by
    Garner's mixed-radix Chinese remaindering into exact integers (von zur Gathen &
    Gerhard 2013, sec. 5.4-5.6). A prime that divides every minor (rank below ``k - 1``
    modulo it) gives ``c = 0`` modulo it, which is correct, so no prime is unlucky.
    """
    primes = _PRIMES if _PRIMES.size else _more_primes(16)
    while True:
        limbs, neg = _kernel.minor_vector(block, primes)
        if limbs.size:
            break
        primes = _more_primes(2 * primes.size)
    return [-v if minus else v for v, minus in zip(_integers(limbs), neg.tolist(),
                                                   strict=True)]


def _integers(limbs: np.ndarray) -> list[int]:
    """The nonnegative integers whose little-endian 32-bit limbs are the rows."""
    width = 4 * limbs.shape[1]
    data = limbs.tobytes()
    return [int.from_bytes(data[i:i + width], "little") for i in range(0, len(data), width)]


def certify_strategy(r: np.ndarray, trans: bool, support: np.ndarray, tight: np.ndarray
                     ) -> tuple[int, list[int], list[int]]:
    """One player's certificate on integer payoffs ``R = r`` (``r.T`` when ``trans``):
    ``(status, c, undecided)``.

    ``c`` is :func:`minor_vector` of the block ``R[support, tight]`` made nonnegative, and
    ``undecided`` the columns outside ``tight`` that the float filter of
    :mod:`..normal.lh_certify` cannot prove worse than ``tight[0]`` (the filter run on
    floats of ``c`` rounded from its limbs: relative error below ``(L + 1) u`` for ``L``
    limbs, which the error bound includes). ``status`` 0: ``c`` certified up to the
    undecided columns; 1: rejected (rank below ``k - 1``, or a negative probability);
    3: a block entry is not an integer below ``2**53`` in floats (use the Python path).
    The block must hold the exact payoffs (the caller checks their denominators).
    """
    primes = _PRIMES if _PRIMES.size else _more_primes(16)
    while True:
        status, limbs, undecided = _kernel.certify_strategy(r, trans, support, tight,
                                                            primes)
        if status != 2:
            break
        primes = _more_primes(2 * primes.size)
    if status != 0:
        return status, [], []
    return 0, _integers(limbs), undecided.tolist()


#: one player's part of :func:`certify_pair`: support, tight strategies, ``c``, undecided
PlayerCertificate = tuple[list[int], list[int], list[int], list[int]]


def certify_pair(a: np.ndarray, b: np.ndarray, basis_p: Any, basis_q: Any
                 ) -> tuple[int, PlayerCertificate | None, PlayerCertificate | None]:
    """:func:`certify_strategy` for both players of a basis pair of Lemke–Howson's
    tableaux, in one compiled call: ``(status, x, y)``.

    ``a``, ``b`` are the game's float payoff matrices (integers below ``2**53``: the
    caller holds them in ``integer_payoffs``), ``basis_p``/``basis_q`` the basic labels.
    ``x`` (the row player's mix, on the basic ``x_i`` of ``P``, making the tight columns
    indifferent on ``R = B``) and ``y`` (on the basic ``y_j`` of ``Q``, the tight rows,
    ``R = A`` read by column) are ``(support, tight, c, undecided)`` as
    :func:`certify_strategy` gives them. ``status`` 0: both certified up to their
    undecided columns; 1: rejected (not completely labelled, a system not square or
    singular, a negative probability); 3: a block entry is not an integer below
    ``2**53`` in floats (use the Python path).
    """
    primes = _PRIMES if _PRIMES.size else _more_primes(16)
    bp = np.asarray(basis_p, dtype=np.int64)
    bq = np.asarray(basis_q, dtype=np.int64)
    while True:
        out = _kernel.certify_pair(a, b, bp, bq, primes)
        if out[0] != 2:
            break
        primes = _more_primes(2 * primes.size)
    if out[0] != 0:
        return out[0], None, None
    _, sx, tx, lx, ux, sy, ty, ly, uy = out
    return 0, (sx.tolist(), tx.tolist(), _integers(lx), ux.tolist()), (
        sy.tolist(), ty.tolist(), _integers(ly), uy.tolist())


def undecided_columns(r: np.ndarray, trans: bool, support: np.ndarray,
                      cf: list[float], t0: int, tight: np.ndarray) -> list[int]:
    """The columns outside ``tight`` that the float filter of
    :mod:`..normal.lh_certify` cannot prove worse than ``t0`` for the weights ``cf``
    (the correctly rounded floats of the integer kernel vector) on rows ``support`` of
    ``R = r`` (``r.T`` when ``trans``); see that module for the error bound."""
    return _kernel.undecided_columns(r, trans, support, np.asarray(cf, dtype=float), t0,
                                     tight).tolist()


def float_regret(a: np.ndarray, b: np.ndarray, x: Any, y: Any) -> float:
    """The largest gain from a pure deviation at the float profile ``(x, y)``."""
    return float(_kernel.float_regret(a, b, np.asarray(x, dtype=float),
                                      np.asarray(y, dtype=float)))


class CyclingError(Exception):
    """Rounding broke the lexicographic rule; ``args = (pivots, key_p, key_q)``."""
