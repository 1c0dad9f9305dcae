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

__all__ = ["available", "follow_path", "CyclingError"]

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
        except Exception:  # ImportError, or a numba that cannot compile here
            _kernel = None
    return _kernel is not None


def _build() -> Any:
    import numba  # noqa: PLC0415 - optional dependency, imported on first use

    njit = numba.njit(cache=True, nogil=True)

    @njit
    def enter(t, basis, nonbasis, row_of, col_of, lex, label, zob):
        # returns the leaving label, or -1 for an unbounded edge (rounding)
        nrows, ncols = t.shape
        c = col_of[label]
        col = t[:, c].copy()
        rows = np.empty(nrows, np.int64)
        k = 0
        for i in range(nrows):
            if col[i] > _TOL:
                rows[k] = i
                k += 1
        if k == 0:
            return -1, 0
        ratio = np.empty(k)
        best = np.inf
        for i in range(k):
            ratio[i] = t[rows[i], ncols - 1] / col[rows[i]]
            if ratio[i] < best:
                best = ratio[i]
        bound = best + _TOL * max(1.0, abs(best))
        kept = 0
        for i in range(k):
            if ratio[i] <= bound:
                rows[kept] = rows[i]
                kept += 1
        k = kept
        level = 0
        values = np.empty(nrows)
        while k > 1 and level < lex.size:
            lab = lex[level]
            lc = col_of[lab]
            low = np.inf
            for i in range(k):
                if lc >= 0:
                    v = t[rows[i], lc]
                else:
                    v = 1.0 if rows[i] == row_of[lab] else 0.0
                values[i] = v / col[rows[i]]
                if values[i] < low:
                    low = values[i]
            kept = 0
            for i in range(k):
                if values[i] <= low + _TOL:
                    rows[kept] = rows[i]
                    kept += 1
            k = kept
            level += 1
        r = rows[0]
        p = col[r]
        pivot_row = t[r] / p
        pivot_row[c] = 1.0 / p
        for i in range(nrows):
            if i == r:
                continue
            f = col[i]
            for j in range(ncols):
                t[i, j] -= f * pivot_row[j]
            t[i, c] = col[i] / -p
        t[r, :] = pivot_row
        leaving = basis[r]
        basis[r] = label
        nonbasis[c] = leaving
        row_of[leaving] = -1
        row_of[label] = r
        col_of[label] = -1
        col_of[leaving] = c
        return leaving, zob[leaving] ^ zob[label]

    @njit
    def insert(table, used, kp, kq):
        # open addressing; True if (kp, kq) was new
        mask = table.shape[0] - 1
        h = (kp ^ (kq * 0x9E3779B97F4A7C1)) & mask
        while used[h]:
            if table[h, 0] == kp and table[h, 1] == kq:
                return False
            h = (h + 1) & mask
        used[h] = True
        table[h, 0] = kp
        table[h, 1] = kq
        return True

    @njit
    def rehash(table, used, new_table, new_used):
        for h in range(table.shape[0]):
            if used[h]:
                insert(new_table, new_used, table[h, 0], table[h, 1])

    @njit
    def follow(tp, bp, np_, rp, cp, lp, zp, tq, bq, nq, rq, cq, lq, zq,
               label, entering, in_p, max_pivots, state, seen, used):
        # state = [key of P, key of Q, basis pairs seen]; ``entering`` enters P when in_p
        kp = state[0]
        kq = state[1]
        count = state[2]
        pivots = 0
        status = 0
        while pivots < max_pivots:
            if 2 * (count + 1) > seen.shape[0]:
                status = 2  # the set of seen basis pairs must grow
                break
            if in_p:
                leaving, dk = enter(tp, bp, np_, rp, cp, lp, entering, zp)
                kp ^= dk
            else:
                leaving, dk = enter(tq, bq, nq, rq, cq, lq, entering, zq)
                kq ^= dk
            if leaving < 0:
                status = -1  # unbounded edge: rounding
                break
            pivots += 1
            if leaving == label:
                status = 1  # the path ended
                break
            entering = leaving
            in_p = not in_p
            if not insert(seen, used, kp, kq):
                status = -1  # a basis pair was revisited: rounding
                break
            count += 1
        state[0] = kp
        state[1] = kq
        state[2] = count
        return pivots, status, entering, in_p

    return follow, rehash


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
    follow, rehash = _kernel
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


class CyclingError(Exception):
    """Rounding broke the lexicographic rule; ``args = (pivots, key_p, key_q)``."""
