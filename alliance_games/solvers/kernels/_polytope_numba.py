"""The numba kernels of :mod:`.polytope_compiled` (imported only when numba is installed).

Module-level functions, so that numba's on-disk cache (``cache=True``) finds them again
in every process. See :mod:`.polytope_compiled` for what they compute; the decisions
(zero tests, the lexicographic ratio test, its ties and the ``delicate`` margins) are
those of :func:`~.polytope._pivot_level` and :func:`~.polytope._break_ties`, one basis
and one edge at a time instead of one array operation per BFS level.
"""

# mypy: ignore-errors
# ruff: noqa: ANN001, ANN202

from __future__ import annotations

import numba
import numpy as np

from ._linalg_numba import gauss_jordan

_njit = numba.njit(cache=True, nogil=True)


@_njit
def _find(table, key):
    # open addressing, linear probing; -1 marks an empty slot (keys are positive)
    mask = table.shape[0] - 1
    x = np.uint64(key)
    x ^= x >> np.uint64(31)
    x *= np.uint64(0x9E3779B97F4A7C15)  # wraps mod 2^64; mix the high bits down
    x ^= x >> np.uint64(29)
    h = np.int64(x & np.uint64(mask))
    while True:
        v = table[h]
        if v == key:
            return True, h
        if v == -1:
            return False, h
        h = (h + 1) & mask


@_njit
def grow(table):
    """A table twice as large holding the same keys."""
    bigger = np.full(2 * table.shape[0], -1, np.int64)
    for v in table:
        if v != -1:
            _, h = _find(bigger, v)
            bigger[h] = v
    return bigger


@_njit
def insert_all(table, keys):
    for v in keys:
        found, h = _find(table, v)
        if not found:
            table[h] = v


@_njit
def _invert(a, out):
    # Gauss-Jordan with partial pivoting; False when a pivot vanishes
    s = a.shape[0]
    return gauss_jordan(a, s, out, np.empty((s, s)))


@_njit
def refine(columns, frontier, tableau, rhs):
    """(Tableaux are stored transposed, ``tableau[b, j, i] = T[i, j]``, so that a column
    of ``T`` is contiguous.) One Newton-Schulz step on each basis inverse ``X = T[:, d:]`` (as
    :func:`~.polytope._refine`: a fresh inverse when the residual is not small), then
    ``T = X [M | I]`` and ``rhs = X 1``; False when some basis is numerically singular."""
    f, r = frontier.shape
    k = columns.shape[1]
    d = k - r
    basis = np.empty((r, r))
    residual = np.empty((r, r))
    fresh = np.empty((r, r))
    for b in range(f):
        for i in range(r):
            for j in range(r):
                basis[i, j] = columns[i, frontier[b, j]]
        worst = 0.0
        for i in range(r):
            for j in range(r):
                acc = 0.0
                for t in range(r):
                    acc += basis[i, t] * tableau[b, d + j, t]
                v = (1.0 if i == j else 0.0) - acc
                residual[i, j] = v
                a = abs(v)
                if not a <= worst:  # NaN counts as bad
                    worst = a if a == a else np.inf
        if worst <= 1e-3:
            for i in range(r):
                for j in range(r):
                    acc = 0.0
                    for t in range(r):
                        acc += tableau[b, d + t, i] * residual[t, j]
                    fresh[i, j] = tableau[b, d + j, i] + acc
        else:
            if not _invert(basis, fresh):
                return False
            for i in range(r):
                for j in range(r):
                    acc = 0.0
                    for t in range(r):
                        acc += basis[i, t] * fresh[t, j]
                    if not abs((1.0 if i == j else 0.0) - acc) <= 1e-6:
                        return False
        for i in range(r):
            total = 0.0
            for j in range(r):
                tableau[b, d + j, i] = fresh[i, j]
                total += fresh[i, j]
            rhs[b, i] = total
            for j in range(d):
                acc = 0.0
                for t in range(r):
                    acc += fresh[i, t] * columns[t, j]
                tableau[b, j, i] = acc
    return True


@_njit
def level(frontier, nonbasic, tableau, rhs, keys, bit, table, filled, tol, margin,
          growth):
    """One BFS level: the ratio test on every edge of every basis of the frontier, the
    new bases (first parent and edge in order, sorted by key as ``numpy.unique`` does)
    and their tableaux ``B^{-1} [M | I]`` by a rank-one update of the parent's.

    Returns ``(frontier, nonbasic, tableau, rhs, keys, filled, delicate, status,
    table)``; status 0, or 1 when the key table must grow first (nothing was changed).
    The table (the caller's, or a larger copy when it filled up) holds every key seen.
    """
    f, r = frontier.shape
    d = nonbasic.shape[1]
    k = d + r
    # room for the new keys: the table is kept at most half full, growing as it fills
    if 2 * (filled + d) > table.shape[0]:
        return frontier, nonbasic, tableau, rhs, keys, filled, False, 1, table
    delicate = False
    # ties are decided within ``tol``; a difference between ``low`` and ``tol`` (or
    # between ``tol`` and ``margin``) is too close to call: the true values may be
    # distinct yet within the tolerance, or equal with large rounding errors
    low = tol * 1e-2
    for b in range(f):
        for i in range(r):
            if rhs[b, i] < -tol:
                delicate = True
            for j in range(d, k):
                if abs(tableau[b, j, i]) > growth:
                    delicate = True
    new_parent = np.empty(f * d, np.int64)
    new_edge = np.empty(f * d, np.int64)
    new_row = np.empty(f * d, np.int64)
    new_key = np.empty(f * d, np.int64)
    count = 0
    ratio = np.empty(r)
    tie = np.zeros(r, np.bool_)
    for b in range(f):
        t = tableau[b]
        for e in range(d):
            var = nonbasic[b, e]
            best = np.inf
            second = np.inf
            leave = 0
            for i in range(r):
                v = t[var, i]
                if rhs[b, i] < margin:
                    a = abs(v)
                    if a > tol and a < margin:
                        delicate = True
                if v > tol:
                    q = rhs[b, i] / abs(v)
                else:
                    q = np.inf
                ratio[i] = q
                if q < best:
                    second = best
                    best = q
                    leave = i
                elif q < second:
                    second = q
            if best == np.inf:
                delicate = True  # an unbounded edge: only from rounding
            tied = False
            if r > 1:
                gap = second - best
                if gap > tol and gap < margin:
                    delicate = True
                tied = gap <= tol  # inf - inf is NaN: not tied
            if tied:
                n_tie = 0
                for i in range(r):
                    q = ratio[i]
                    tie[i] = t[var, i] > tol and q <= best + tol
                    # a tie (or not) decided within rounding of the tolerance
                    if q > best + low and q < best + margin:
                        delicate = True
                for c in range(r):
                    lowest = np.inf
                    for i in range(r):
                        if tie[i]:
                            v = t[d + c, i] / t[var, i]
                            if v < lowest:
                                lowest = v
                    n_tie = 0
                    for i in range(r):
                        if tie[i]:
                            v = t[d + c, i] / t[var, i]
                            near = v <= lowest + tol
                            if (v <= lowest + margin) != near or (
                                    near and v > lowest + low):
                                delicate = True
                            tie[i] = near
                            if near:
                                n_tie += 1
                    if n_tie <= 1:
                        break
                if n_tie != 1:
                    delicate = True
                leave = 0
                for i in range(r):
                    if tie[i]:
                        leave = i
                        break
            key = keys[b] - bit[frontier[b, leave]] + bit[var]
            found, h = _find(table, key)
            if not found:
                table[h] = key
                filled += 1
                if 2 * filled > table.shape[0]:
                    table = grow(table)
                new_parent[count] = b
                new_edge[count] = e
                new_row[count] = leave
                new_key[count] = key
                count += 1
    order = np.argsort(new_key[:count], kind="mergesort")
    out_frontier = np.empty((count, r), np.int64)
    out_nonbasic = np.empty((count, d), np.int64)
    out_tableau = np.empty((count, k, r))
    out_rhs = np.empty((count, r))
    out_keys = np.empty(count, np.int64)
    pivot_row = np.empty(k)
    column = np.empty(r)
    for n in range(count):
        s = order[n]
        b = new_parent[s]
        e = new_edge[s]
        row = new_row[s]
        var = nonbasic[b, e]
        t = tableau[b]
        out_keys[n] = new_key[s]
        pivot = t[var, row]
        for j in range(r):
            out_frontier[n, j] = frontier[b, j]
        out_frontier[n, row] = var
        for j in range(d):
            out_nonbasic[n, j] = nonbasic[b, j]
        out_nonbasic[n, e] = frontier[b, row]
        for j in range(k):
            pivot_row[j] = t[j, row] / pivot
        step = rhs[b, row] / pivot
        for i in range(r):
            column[i] = t[var, i]
        for j in range(k):
            p = pivot_row[j]
            for i in range(r):
                out_tableau[n, j, i] = t[j, i] - column[i] * p
            out_tableau[n, j, row] = p
        for i in range(r):
            out_rhs[n, i] = rhs[b, i] - column[i] * step
        out_rhs[n, row] = step
    return (out_frontier, out_nonbasic, out_tableau, out_rhs, out_keys, filled, delicate, 0,
            table)


@_njit
def assemble(bases, rhs, nonbasic, tol, margin):
    """The vertices of the visited bases, as :func:`~.polytope._assemble`: one per
    distinct tight set (its first basis in visit order), coordinates ``max(rhs, 0)`` and
    the sorted basis; ``delicate`` when a basic value lies in ``(tol, margin)``."""
    n, r = bases.shape
    d = nonbasic.shape[1]
    k = d + r
    delicate = False
    bit = np.empty(k, np.int64)
    for j in range(k):
        bit[j] = np.int64(1) << np.int64(j)
    size = 16
    while size < 2 * n + 2:
        size *= 2
    table = np.full(size, -1, np.int64)
    keep = np.empty(n, np.int64)
    count = 0
    for b in range(n):
        key = np.int64(0)
        for j in range(d):
            key |= bit[nonbasic[b, j]]
        for i in range(r):
            v = rhs[b, i]
            if v > tol and v < margin:
                delicate = True
            if v <= tol:
                key |= bit[bases[b, i]]
        found, h = _find(table, key)
        if not found:
            table[h] = key
            keep[count] = b
            count += 1
    coordinates = np.zeros((count, d))
    tight = np.zeros((count, k), np.bool_)
    out_bases = np.empty((count, r), np.int64)
    for c in range(count):
        b = keep[c]
        for j in range(d):
            tight[c, nonbasic[b, j]] = True
        for i in range(r):
            v = rhs[b, i]
            var = bases[b, i]
            if v <= tol:
                tight[c, var] = True
            if var < d:
                coordinates[c, var] = max(v, 0.0)
        out_bases[c] = np.sort(bases[b])
    return coordinates, tight, out_bases, delicate


@_njit
def certify(ints, mults, bases, tight, which):
    """:func:`~..normal.vertex_matching._exact_numerators` for the vertices ``which``,
    in int64 (the caller checks that no intermediate can overflow).

    The same fraction-free Gauss-Jordan elimination as
    :func:`~.rational.solve_integer` (first nonzero pivot, exact divisions), so the same
    integers. Returns ``(numerators (W, d), det (W,), status (W,))``; status 0 (checked),
    1 (singular basis), 2 (infeasible) or 3 (label set differs from ``tight``).
    """
    r, d = ints.shape
    w = which.shape[0]
    nums = np.zeros((w, d), np.int64)
    dets = np.zeros(w, np.int64)
    status = np.zeros(w, np.int8)
    basic = np.zeros(d + r, np.bool_)
    support = np.empty(d, np.int64)
    rows = np.empty(r, np.int64)
    aug = np.empty((d + 1, d + 2), np.int64)
    for c in range(w):
        v = which[c]
        basic[:] = False
        for i in range(r):
            basic[bases[v, i]] = True
        s = 0
        for j in range(d):
            if basic[j]:
                support[s] = j
                s += 1
        t = 0
        for j in range(r):
            if not basic[d + j]:
                rows[t] = j
                t += 1
        # t == s for a basis: s coordinates basic, r - s slacks basic
        for i in range(s):
            for j in range(s):
                aug[i, j] = ints[rows[i], support[j]]
            aug[i, s] = mults[rows[i]]
        prev = np.int64(1)
        singular = False
        for col in range(s):
            pivot = -1
            for i in range(col, s):
                if aug[i, col] != 0:
                    pivot = i
                    break
            if pivot < 0:
                singular = True
                break
            if pivot != col:
                for j in range(s + 1):
                    tmp = aug[col, j]
                    aug[col, j] = aug[pivot, j]
                    aug[pivot, j] = tmp
            p = aug[col, col]
            for i in range(s):
                if i != col:
                    f = aug[i, col]
                    for j in range(s + 1):
                        aug[i, j] = (p * aug[i, j] - f * aug[col, j]) // prev
            prev = p
        if singular:
            status[c] = 1
            continue
        det = aug[0, 0] if s > 0 else np.int64(1)
        sign = np.int64(1) if det > 0 else np.int64(-1)
        det = sign * det
        dets[c] = det
        bad = 0
        for i in range(s):
            value = sign * aug[i, s]
            if value < 0:
                bad = 2
            elif (value == 0) != tight[v, support[i]]:
                bad = 3
            nums[c, support[i]] = value
        for j in range(d):
            if not basic[j] and not tight[v, j]:
                bad = 3
        for j in range(r):
            if basic[d + j]:
                acc = mults[j] * det
                for i in range(s):
                    acc -= ints[j, support[i]] * nums[c, support[i]]
                if acc < 0:
                    bad = 2
                elif (acc == 0) != tight[v, d + j]:
                    bad = 3
            elif not tight[v, d + j]:
                bad = 3
        status[c] = bad
    return nums, dets, status


@_njit
def bfs(columns, r, tol, margin, growth, refresh):
    """The whole BFS of :func:`~.polytope._vertices_compiled` in one call (for small
    polytopes, where a Python round trip per level costs more than the level): the same
    :func:`level` and :func:`refine` calls in the same order, then :func:`assemble`.

    Returns ``(coordinates, tight, bases, keys, n_bases, delicate, status)`` (``keys``:
    each vertex's tight set as a bitmask, bit ``j`` for column ``j``); status 0, or 1
    when :func:`refine` met a numerically singular basis (the caller falls back to
    exact arithmetic, as the level-by-level loop does).
    """
    k = columns.shape[1]
    d = k - r
    bit = np.empty(k, np.int64)
    for j in range(k):
        bit[j] = np.int64(1) << np.int64(j)
    frontier = np.empty((1, r), np.int64)
    for i in range(r):
        frontier[0, i] = d + i
    nonbasic = np.empty((1, d), np.int64)
    for j in range(d):
        nonbasic[0, j] = j
    tableau = np.empty((1, k, r))
    for j in range(k):
        for i in range(r):
            tableau[0, j, i] = columns[i, j]
    rhs = np.ones((1, r))
    keys = np.zeros(1, np.int64)
    for i in range(r):
        keys[0] += bit[d + i]
    table = np.full(1 << 10, -1, np.int64)
    insert_all(table, keys)
    filled = 1
    delicate = False
    visited = [frontier]
    solutions = [rhs]
    nonbasics = [nonbasic]
    visited.pop()
    solutions.pop()
    nonbasics.pop()
    n_done = 0
    depth = 0
    while frontier.shape[0]:
        if depth and depth % refresh == 0:
            if not refine(columns, frontier, tableau, rhs):
                return (np.zeros((0, d)), np.zeros((0, k), np.bool_),
                        np.zeros((0, r), np.int64), np.zeros(0, np.int64), n_done,
                        delicate, 1)
        visited.append(frontier)
        solutions.append(rhs)
        nonbasics.append(nonbasic)
        n_done += frontier.shape[0]
        while True:
            out = level(frontier, nonbasic, tableau, rhs, keys, bit, table, filled, tol,
                        margin, growth)
            if out[7] == 0:
                break
            table = grow(table)
        frontier, nonbasic, tableau, rhs, keys, filled = (out[0], out[1], out[2], out[3],
                                                          out[4], out[5])
        table = out[8]
        delicate |= out[6]
        depth += 1
    all_bases = np.empty((n_done, r), np.int64)
    all_rhs = np.empty((n_done, r))
    all_nonbasic = np.empty((n_done, d), np.int64)
    at = 0
    for c in range(len(visited)):
        f = visited[c].shape[0]
        all_bases[at:at + f] = visited[c]
        all_rhs[at:at + f] = solutions[c]
        all_nonbasic[at:at + f] = nonbasics[c]
        at += f
    coordinates, tight, bases, found = assemble(all_bases, all_rhs, all_nonbasic, tol,
                                                margin)
    keys = np.zeros(tight.shape[0], np.int64)
    for c in range(tight.shape[0]):
        for j in range(k):
            if tight[c, j]:
                keys[c] |= bit[j]
    return coordinates, tight, bases, keys, n_done, delicate or found, 0
