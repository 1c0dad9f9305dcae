"""The numba kernels of :mod:`.lh_compiled` (imported only when numba is installed).

Module-level functions, so that numba's on-disk cache (``cache=True``) finds them again
in every process (closures would be recompiled each time). See :mod:`.lh_compiled` for
what they compute and why the arithmetic matches the numpy path operation for operation.
"""

# mypy: ignore-errors
# ruff: noqa: ANN001, ANN202

from __future__ import annotations

import numba
import numpy as np

_TOL = 1e-9
_njit = numba.njit(cache=True, nogil=True)


@_njit
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

@_njit
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

@_njit
def rehash(table, used, new_table, new_used):
    for h in range(table.shape[0]):
        if used[h]:
            insert(new_table, new_used, table[h, 0], table[h, 1])

@_njit
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
