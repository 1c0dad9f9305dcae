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
def enter(t, basis, nonbasis, row_of, col_of, lex, label, zob, col, rows, ratio, values,
          pivot_row):
    # returns the leaving label, or -1 for an unbounded edge (rounding); ``col``, ``rows``,
    # ``ratio``, ``values`` and ``pivot_row`` are scratch buffers at least as long as the
    # table's rows and columns (allocated once per path, not once per pivot)
    nrows, ncols = t.shape
    c = col_of[label]
    k = 0
    for i in range(nrows):
        col[i] = t[i, c]
        if col[i] > _TOL:
            rows[k] = i
            k += 1
    if k == 0:
        return -1, 0
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
    for j in range(ncols):
        pivot_row[j] = t[r, j] / p
    pivot_row[c] = 1.0 / p
    for i in range(nrows):
        if i == r:
            continue
        f = col[i]
        for j in range(ncols):
            t[i, j] -= f * pivot_row[j]
        t[i, c] = col[i] / -p
    for j in range(ncols):
        t[r, j] = pivot_row[j]
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
    size = max(tp.shape[0], tp.shape[1], tq.shape[0], tq.shape[1])
    col = np.empty(size)
    rows = np.empty(size, np.int64)
    ratio = np.empty(size)
    values = np.empty(size)
    pivot_row = np.empty(size)
    while pivots < max_pivots:
        if 2 * (count + 1) > seen.shape[0]:
            status = 2  # the set of seen basis pairs must grow
            break
        if in_p:
            leaving, dk = enter(tp, bp, np_, rp, cp, lp, entering, zp, col, rows, ratio,
                                values, pivot_row)
            kp ^= dk
        else:
            leaving, dk = enter(tq, bq, nq, rq, cq, lq, entering, zq, col, rows, ratio,
                                values, pivot_row)
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


# ------------------------------------------------------------------ start of a path
@_njit
def start_arrays(a, b, words):
    # the condensed tables of P ([B'^T | 1], rows s_j) and Q ([A' | 1], rows r_i) for the
    # payoffs mapped onto [1, 2] as normalized_payoffs_float does (1 + (v - lo) / span,
    # all ones for a constant matrix: the same roundings), with the index arrays of the
    # artificial equilibrium (every slack basic)
    m, n = a.shape
    labels = m + n
    lo_a = a[0, 0]
    hi_a = a[0, 0]
    lo_b = b[0, 0]
    hi_b = b[0, 0]
    for i in range(m):
        for j in range(n):
            lo_a = min(lo_a, a[i, j])
            hi_a = max(hi_a, a[i, j])
            lo_b = min(lo_b, b[i, j])
            hi_b = max(hi_b, b[i, j])
    span_a = hi_a - lo_a
    span_b = hi_b - lo_b
    tp = np.empty((n, m + 1))
    tq = np.empty((m, n + 1))
    for i in range(m):
        for j in range(n):
            tp[j, i] = 1.0 + (b[i, j] - lo_b) / span_b if span_b > 0.0 else 1.0
            tq[i, j] = 1.0 + (a[i, j] - lo_a) / span_a if span_a > 0.0 else 1.0
    tp[:, m] = 1.0
    tq[:, n] = 1.0
    bp = np.arange(m, labels)
    nbp = np.arange(0, m)
    bq = np.arange(0, m)
    nbq = np.arange(m, labels)
    rp = np.full(labels, -1, np.int64)
    cp = np.full(labels, -1, np.int64)
    rq = np.full(labels, -1, np.int64)
    cq = np.full(labels, -1, np.int64)
    for i in range(m):
        cp[i] = i
        rq[i] = i
    for j in range(n):
        rp[m + j] = j
        cq[m + j] = j
    # the Zobrist keys of the two bases (XOR of the basic labels' words)
    kp = 0
    for j in range(m, labels):
        kp ^= words[0, j]
    kq = 0
    for i in range(m):
        kq ^= words[1, i]
    return tp, bp, nbp, rp, cp, bp.copy(), tq, bq, nbq, rq, cq, bq.copy(), kp, kq


@_njit
def float_regret(a, b, x, y):
    # the largest gain from a pure deviation at (x, y), in floats: max(max A y - x A y,
    # max x B - x B y)
    m, n = a.shape
    worst = 0.0
    value = 0.0
    best = -np.inf
    for i in range(m):
        s = 0.0
        for j in range(n):
            s += a[i, j] * y[j]
        value += x[i] * s
        best = max(best, s)
    worst = max(worst, best - value)
    value = 0.0
    best = -np.inf
    for j in range(n):
        s = 0.0
        for i in range(m):
            s += x[i] * b[i, j]
        value += y[j] * s
        best = max(best, s)
    return max(worst, best - value)


# ------------------------------------------------------------------ certification
@_njit
def _inverse(a, p):
    # a^-1 mod p (p prime, a not divisible by p), extended Euclid
    t, new_t = 0, 1
    r, new_r = p, a % p
    while new_r != 0:
        q = r // new_r
        t, new_t = new_t, t - q * new_t
        r, new_r = new_r, r - q * new_r
    return t % p


@_njit
def _entry(r, trans, s, t):
    # R[s, t] of a player's view: r[s, t], or r[t, s] when ``trans`` (the row player's
    # payoffs read by column without a transposed copy)
    return r[t, s] if trans else r[s, t]


@_njit
def minor_vector(block, primes):
    limbs, neg = _minors(block, primes)
    return limbs.astype(np.uint32), neg


@_njit
def _minors(block, primes):
    # the signed maximal minors c_s = (-1)^s det(D without column s) of the (k-1) x k
    # integer matrix D[q, s] = block[s, q+1] - block[s, 0] (block: R[support, tight],
    # integers below 2^62), a kernel vector of D, by elimination modulo enough primes
    # (< 2^31) for Hadamard's bound and Chinese remaindering (lh_compiled.minor_vector).
    # Returns (magnitudes as 32-bit limbs, little-endian, one row per s; signs), or
    # limbs of shape (0, 0) when ``primes`` is too short.
    k = block.shape[0]
    rows = k - 1
    d = np.empty((rows, k), np.int64)
    bits = 0.0
    zero_row = False
    for q in range(rows):
        ss = 0.0
        for s in range(k):
            v = block[s, q + 1] - block[s, 0]
            d[q, s] = v
            ss += float(v) * float(v)
        if ss == 0.0:
            zero_row = True
        else:
            bits += 0.5 * np.log2(ss)
    if zero_row:
        return np.zeros((k, 1), np.int64), np.zeros(k, np.bool_)
    # |c_s| <= prod_q ||D_q||_2 < 2^bits (Hadamard); the modulus must exceed 2 max |c_s|
    need = bits * (1.0 + 1e-9) + 2.0
    count = 0
    have = 0.0
    while have <= need:
        if count == primes.size:
            return np.zeros((0, 0), np.int64), np.zeros(0, np.bool_)
        have += np.log2(float(primes[count])) - 1e-9
        count += 1
    residues = np.zeros((count, k), np.int64)
    a = np.empty((rows, k), np.int64)
    pivcol = np.empty(max(rows, 1), np.int64)
    for i in range(count):
        p = primes[i]
        for q in range(rows):
            for s in range(k):
                a[q, s] = d[q, s] % p
        row = 0
        free = -1
        nfree = 0
        det = 1
        for col in range(k):
            piv = -1
            for q in range(row, rows):
                if a[q, col] != 0:
                    piv = q
                    break
            if piv < 0:
                nfree += 1
                free = col
                if nfree > 1:
                    break
                continue
            if piv != row:
                for s in range(k):
                    a[piv, s], a[row, s] = a[row, s], a[piv, s]
                det = p - det
            pv = a[row, col]
            det = det * pv % p
            inv = _inverse(pv, p)
            # the free column (if already met) is the only earlier one not yet cleared
            first = free if free >= 0 else col
            for s in range(first, k):
                a[row, s] = a[row, s] * inv % p
            for q in range(rows):
                if q != row:
                    f = a[q, col]
                    if f != 0:
                        for s in range(first, k):
                            a[q, s] = (a[q, s] - f * a[row, s]) % p
            pivcol[row] = col
            row += 1
        if nfree != 1:
            continue  # rank below k - 1 modulo p: every maximal minor is 0 modulo p
        cf = det if free % 2 == 0 else (p - det) % p
        residues[i, free] = cf
        for q in range(rows):
            residues[i, pivcol[q]] = (p - a[q, free]) % p * cf % p
    # Garner: mixed-radix digits, x = d_0 + d_1 p_0 + d_2 p_0 p_1 + ...
    inverses = np.empty((count, count), np.int64)  # p_j^-1 mod p_i, j < i
    for i in range(count):
        for j in range(i):
            inverses[j, i] = _inverse(primes[j] % primes[i], primes[i])
    digits = np.empty((count, k), np.int64)
    for s in range(k):
        for i in range(count):
            p = primes[i]
            t = residues[i, s]
            for j in range(i):
                t = (t - digits[j, s] % p) % p * inverses[j, i] % p
            digits[i, s] = t
    # to binary limbs (Horner from the top digit), and the modulus M = prod p_i
    nlimbs = (31 * count) // 32 + 2
    mod = np.zeros(nlimbs, np.int64)
    mod[0] = 1
    for i in range(count):
        carry = 0
        for li in range(nlimbs):
            t = mod[li] * primes[i] + carry
            mod[li] = t & 0xFFFFFFFF
            carry = t >> 32
    out = np.zeros((k, nlimbs), np.int64)
    neg = np.zeros(k, np.bool_)
    other = np.empty(nlimbs, np.int64)
    for s in range(k):
        v = out[s]
        for i in range(count - 1, -1, -1):
            carry = digits[i, s]
            for li in range(nlimbs):
                t = v[li] * primes[i] + carry
                v[li] = t & 0xFFFFFFFF
                carry = t >> 32
        # symmetric residue: v > M - v means v - M < 0
        borrow = 0
        for li in range(nlimbs):
            t = mod[li] - v[li] - borrow
            borrow = 1 if t < 0 else 0
            other[li] = t + (borrow << 32)
        smaller = False
        for li in range(nlimbs - 1, -1, -1):
            if other[li] != v[li]:
                smaller = other[li] < v[li]
                break
        if smaller:
            neg[s] = True
            v[:] = other
    return out, neg


@_njit
def certify_strategy(r, trans, support, tight, primes):
    # one player's part of lh_certify's certificate on a block support x tight of
    # integers held exactly in floats: the kernel vector c (signed maximal minors, as
    # _minors), normalised to c >= 0, and the columns the float filter cannot decide.
    # Returns (status, limbs of c as uint32, undecided columns); status 0: certified up
    # to the undecided columns, 1: rejected (rank below k - 1, or c has both signs), 2:
    # more primes needed, 3: a block entry is not below 2^53 (use the Python path).
    k = support.size
    none = np.zeros((0, 0), np.uint32)
    nothing = np.zeros(0, np.int64)
    block = np.empty((k, k), np.int64)
    for s in range(k):
        for q in range(k):
            v = _entry(r, trans, support[s], tight[q])
            if not abs(v) < 2.0**53:
                return 3, none, nothing
            block[s, q] = np.int64(v)
    if k == 1:
        limbs = np.ones((1, 1), np.int64)
        neg = np.zeros(1, np.bool_)
    else:
        limbs, neg = _minors(block, primes)
        if limbs.shape[0] == 0:
            return 2, none, nothing
    nlimbs = limbs.shape[1]
    positive = False
    negative = False
    for s in range(k):
        nonzero = False
        for li in range(nlimbs):
            if limbs[s, li] != 0:
                nonzero = True
                break
        if nonzero:
            if neg[s]:
                negative = True
            else:
                positive = True
    if positive == negative:  # c = 0 (rank below k - 1), or a negative probability
        return 1, none, nothing
    # c >= 0 after the flip; cf = c in floats, Horner from the top limb: each step one
    # rounding of a sum of nonnegative terms, relative error below (nlimbs + 1) u
    cf = np.zeros(k)
    for s in range(k):
        v = 0.0
        for li in range(nlimbs - 1, -1, -1):
            v = v * 4294967296.0 + float(limbs[s, li])
        cf[s] = v
    return 0, limbs.astype(np.uint32), _undecided(r, trans, support, cf, tight[0], tight,
                                                  2.0 * nlimbs)


@_njit
def undecided_columns(r, trans, support, cf, t0, tight):
    return _undecided(r, trans, support, cf, t0, tight, 0.0)


@_njit
def _undecided(r, trans, support, cf, t0, tight, extra):
    # the columns t (not in ``tight``) that the float filter of lh_certify cannot prove
    # worse than t0: T[t] = sum_s c_s R[support[s], t] estimated from cf ~ c and the
    # correctly rounded payoffs, with the error bound e = B (4 (k + 2) + extra) u + A,
    # B = sum_s |cf_s| max_t |R[s, t]|, A = sum_s |cf_s| 2^-1070 (underflow), ``extra``
    # covering |cf - c| beyond u |c|; a column is decided when fl(T[t0] - T[t]) > 2 e
    # (all undecided when B >= 2^1000)
    k = support.size
    ncol = r.shape[0] if trans else r.shape[1]
    skip = np.zeros(ncol, np.bool_)
    for t in tight:
        skip[t] = True
    bound = 0.0
    weight = 0.0
    est = np.zeros(ncol)
    for a in range(k):
        s = support[a]
        top = 0.0
        for t in range(ncol):
            v = _entry(r, trans, s, t)
            top = max(top, abs(v))
            est[t] += cf[a] * v
        bound += abs(cf[a]) * top
        weight += abs(cf[a])
    out = np.empty(ncol, np.int64)
    count = 0
    if not bound < 2.0**1000:
        for t in range(ncol):
            if not skip[t]:
                out[count] = t
                count += 1
        return out[:count]
    err = bound * ((4.0 * (k + 2) + extra) * 2.0**-53) + weight * 2.0**-1070
    for t in range(ncol):
        if not skip[t] and est[t0] - est[t] <= 2.0 * err:
            out[count] = t
            count += 1
    return out[:count]


@_njit
def certify_pair(a, b, basis_p, basis_q, primes):
    # certify_strategy for both players of a completely labelled basis pair (lh_certify's
    # _certify_pair): x on the basic x_i of P (labels < m) against the tight columns (s_j
    # nonbasic in P), R = b; y on the basic y_j of Q against the tight rows (r_i
    # nonbasic in Q), R = a read transposed. Returns (status, support_x, tight_x, limbs
    # of c_x, undecided_x, and the same for y); status as certify_strategy's, 1 also
    # when the pair is not completely labelled or a system is not square. y is only
    # computed when x's status is 0.
    m, n = a.shape
    labels = m + n
    in_p = np.zeros(labels, np.bool_)
    in_q = np.zeros(labels, np.bool_)
    for v in basis_p:
        in_p[v] = True
    for v in basis_q:
        in_q[v] = True
    none = np.zeros((0, 0), np.uint32)
    nothing = np.zeros(0, np.int64)
    for v in range(labels):
        if in_p[v] and in_q[v]:
            return 1, nothing, nothing, none, nothing, nothing, nothing, none, nothing
    support_x = np.empty(m, np.int64)
    tight_y = np.empty(m, np.int64)
    kx = 0
    ty = 0
    for i in range(m):
        if in_p[i]:
            support_x[kx] = i
            kx += 1
        if not in_q[i]:
            tight_y[ty] = i
            ty += 1
    support_y = np.empty(n, np.int64)
    tight_x = np.empty(n, np.int64)
    ky = 0
    tx = 0
    for j in range(n):
        if in_q[m + j]:
            support_y[ky] = j
            ky += 1
        if not in_p[m + j]:
            tight_x[tx] = j
            tx += 1
    if kx == 0 or tx != kx:
        return 1, nothing, nothing, none, nothing, nothing, nothing, none, nothing
    sx, tx_, sy, ty_ = support_x[:kx], tight_x[:tx], support_y[:ky], tight_y[:ty]
    status, limbs_x, undecided_x = certify_strategy(b, False, sx, tx_, primes)
    if status != 0:
        return status, sx, tx_, none, nothing, nothing, nothing, none, nothing
    if ky == 0 or ty != ky:
        return 1, sx, tx_, none, nothing, nothing, nothing, none, nothing
    status, limbs_y, undecided_y = certify_strategy(a, True, sy, ty_, primes)
    return status, sx, tx_, limbs_x, undecided_x, sy, ty_, limbs_y, undecided_y
