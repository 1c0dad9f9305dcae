"""The numba kernel of :mod:`..nplayer.binary` for any number of strategies per player
(imported only when numba is installed).

Every support profile decided one box at a time with the tests of
:mod:`..nplayer.batch`: each player's table of payoff differences contracted with, per
other player ``j``, the matrix of ``σ_j`` at the ``2^{f_j}`` vertices of its free
probabilities followed by the rows of ``∂σ_j/∂x_j`` (``batch._Class.factors``); the cut
``σ_j(s_j^0) > 0``; the vertex-range exclusion; the Krawczyk operator; the
preconditioned projection; bisection at ``split`` across the side of largest smear;
Newton's method and a tight Krawczyk enclosure of each unique root; the sign verdict.

Layout: ``order[p, j, :m_j]`` lists player ``j``'s strategies in profile ``p``, its
support (``k[p, j]`` strategies) first; the free probabilities of player ``j`` are
``σ_j`` of ``order[p, j, 1:k_j]``, variables ``offsets[j] + b``; vertex ``v`` of player
``j``'s box has its variable ``b`` at ``hi`` where bit ``b`` of ``v`` is set, and a vertex
of the whole box holds player ``j``'s vertex in bits ``offsets[j]...``.
"""

# mypy: ignore-errors
# ruff: noqa: ANN001, ANN202, PLR0913

from __future__ import annotations

import numba
import numpy as np

from ._binary_numba import (
    DECIDED,
    DOMINATED,
    UNRESOLVED,
    _bisect,
    _centre,
    _disjoint,
    _inside,
    _intersect,
    _inverse,
    _krawczyk_bounds,
    _narrow,
    _newton_step,
    _project,
    _tight_box,
    _width,
)

_njit = numba.njit(cache=True, nogil=True)

__all__ = ["solve", "DECIDED", "DOMINATED", "UNRESOLVED"]


@_njit
def _offset(idx, i, n, k, order, strides):
    """The flat offset of the others' pure profile number ``idx`` (player ``i`` left
    out; each other player ``j`` counts through its ``k[j]`` supported strategies
    ``order[j, :k[j]]``, the last player fastest)."""
    rem = idx
    off = 0
    for j in range(n - 1, -1, -1):
        if j == i:
            continue
        t = rem % k[j]
        rem //= k[j]
        off += order[j, t] * strides[j]
    return off


@_njit
def _tables(payoffs, strides, n, m, order, k, tables):
    """``tables[i, r * T + t]``: ``u_i(order[i, r+1], t) - u_i(order[i, 0], t)``, ``t``
    over the others' supports in C order (others in player order)."""
    for i in range(n):
        total = 1
        for j in range(n):
            if j != i:
                total *= k[j]
        for idx in range(total):
            off = _offset(idx, i, n, k, order, strides)
            base = payoffs[i, off + order[i, 0] * strides[i]]
            for r in range(m[i] - 1):
                tables[i, r * total + idx] = payoffs[i, off + order[i, r + 1] * strides[i]] \
                    - base


@_njit
def _dominated(payoffs, strides, n, m, order, k):
    """Some supported strategy of a player is strictly worse than another of its
    strategies against every pure profile of the others' supports (exact comparisons of
    the payoffs)."""
    for i in range(n):
        total = 1
        for j in range(n):
            if j != i:
                total *= k[j]
        for si in range(k[i]):
            s = order[i, si]
            for t in range(m[i]):
                if t == s:
                    continue
                beaten = True
                for idx in range(total):
                    off = _offset(idx, i, n, k, order, strides)
                    if not payoffs[i, off + t * strides[i]] > payoffs[i, off + s * strides[i]]:
                        beaten = False
                        break
                if beaten:
                    return True
    return False


@_njit
def _factors(n, k, offsets, lo, hi, vertices, fac, rows):
    """Per player ``j``: ``σ_j`` at the vertices of its box (``vertices``; otherwise at
    the point ``lo``), then the rows of ``∂σ_j/∂x_j``."""
    for j in range(n):
        f = k[j] - 1
        a = offsets[j]
        nv = (1 << f) if vertices else 1
        for v in range(nv):
            total = 0.0
            for b in range(f):
                x = hi[a + b] if (vertices and (v >> b) & 1) else lo[a + b]
                fac[j, v, b + 1] = x
                total += x
            fac[j, v, 0] = 1.0 - total
        for b in range(f):
            for t in range(k[j]):
                fac[j, nv + b, t] = 0.0
            fac[j, nv + b, 0] = -1.0
            fac[j, nv + b, b + 1] = 1.0
        rows[j] = nv + f


@_njit
def _contract(tables, i, rr, n, k, fac, rows, out, buf, dims):
    """Player ``i``'s table (``rr`` rows, then the others' support axes) contracted
    along each other player's axis with ``fac[j, :rows[j], :k[j]]`` into ``out[i]``:
    ``(rr, rows_j...)`` in C order, the sizes in ``dims[i]``."""
    q = 0
    size = rr
    for j in range(n):
        if j != i:
            dims[i, q] = k[j]
            size *= k[j]
            q += 1
    for s in range(size):
        buf[0, s] = tables[i, s]
    src = 0
    a = 0
    for j in range(n):
        if j == i:
            continue
        outer = rr
        for b in range(a):
            outer *= dims[i, b]
        inner = 1
        for b in range(a + 1, q):
            inner *= dims[i, b]
        kj = k[j]
        rj = rows[j]
        dst = 1 - src
        for o in range(outer):
            for r in range(rj):
                base_out = (o * rj + r) * inner
                for s in range(inner):
                    buf[dst, base_out + s] = 0.0
                for t in range(kj):
                    w = fac[j, r, t]
                    if w == 0.0:
                        continue
                    base_in = (o * kj + t) * inner
                    for s in range(inner):
                        buf[dst, base_out + s] += w * buf[src, base_in + s]
        dims[i, a] = rj
        a += 1
        src = dst
    size = rr
    for b in range(q):
        size *= dims[i, b]
    for s in range(size):
        out[i, s] = buf[src, s]


@_njit
def _range(t, i, q, dims, vlimit, fixed, fixed_row, row, counter):
    """Minimum and maximum of ``t[i]`` at ``row`` over every axis ``a`` in
    ``[0, vlimit[a])``, axis ``fixed`` (``-1``: none) held at ``fixed_row``."""
    total = 1
    for a in range(q):
        counter[a] = 0
        if a != fixed:
            total *= vlimit[a]
    mn = np.inf
    mx = -np.inf
    for _ in range(total):
        idx = row
        for a in range(q):
            idx = idx * dims[i, a] + (fixed_row if a == fixed else counter[a])
        val = t[i, idx]
        if val < mn:
            mn = val
        if val > mx:
            mx = val
        for a in range(q - 1, -1, -1):
            if a == fixed:
                continue
            counter[a] += 1
            if counter[a] < vlimit[a]:
                break
            counter[a] = 0
    return mn, mx


@_njit
def _evaluate(n, m, k, offsets, d, lo, hi, vertices, tables, fac, rows, out, buf, dims,
              vlimit, counter, clo, chi, jlo, jhi):
    """Every condition's range over the box (or value at the point ``lo`` when not
    ``vertices``) into ``clo[i, r], chi[i, r]``, and every ``∂f/∂x`` of the equations
    into ``jlo, jhi`` (player ``i``'s rows at ``offsets[i]``); the contracted tensors are
    left in ``out`` (for the preconditioned projection)."""
    _factors(n, k, offsets, lo, hi, vertices, fac, rows)
    q = n - 1
    for i in range(n):
        rr = m[i] - 1
        if rr == 0:
            continue
        _contract(tables, i, rr, n, k, fac, rows, out, buf, dims)
        a = 0
        for j in range(n):
            if j != i:
                vlimit[i, a] = (1 << (k[j] - 1)) if vertices else 1
                a += 1
        for r in range(rr):
            mn, mx = _range(out, i, q, dims, vlimit[i], -1, 0, r, counter)
            clo[i, r] = mn
            chi[i, r] = mx
        for r in range(k[i] - 1):
            row = offsets[i] + r
            for c in range(d):
                jlo[row, c] = 0.0
                jhi[row, c] = 0.0
            a = 0
            for j in range(n):
                if j == i:
                    continue
                for b in range(k[j] - 1):
                    mn, mx = _range(out, i, q, dims, vlimit[i], a, vlimit[i, a] + b, r,
                                    counter)
                    jlo[row, offsets[j] + b] = mn
                    jhi[row, offsets[j] + b] = mx
                a += 1


@_njit
def _krawczyk(n, m, k, offsets, d, lo, hi, jlo, jhi, err, tables, fac, rows, out2, buf,
              dims2, vlimit2, counter, clo2, chi2, mid, fmid, jmid, jmid2, y, work, klo, khi):
    """The Krawczyk operator on the box given the Jacobian's range on it; False when
    the Jacobian at the centre is singular (``y`` left holding its inverse). The point
    evaluation uses its own buffers (``out2, dims2, ...``), so the box's vertex tensors
    stay in ``out, dims`` for the projection."""
    _centre(lo, hi, d, mid)
    _point(n, m, k, offsets, d, mid, tables, fac, rows, out2, buf, dims2, vlimit2, counter,
           clo2, chi2, fmid, jmid, jmid2)
    if not _inverse(jmid, d, y, work):
        return False
    _krawczyk_bounds(y, fmid, jlo, jhi, err, lo, hi, mid, d, klo, khi)
    return True


@_njit
def _point(n, m, k, offsets, d, x, tables, fac, rows, out, buf, dims, vlimit, counter,
           clo, chi, f, jac, jac2):
    """The equations ``f`` and their Jacobian ``jac`` at the point ``x``."""
    _evaluate(n, m, k, offsets, d, x, x, False, tables, fac, rows, out, buf, dims, vlimit,
              counter, clo, chi, jac, jac2)
    for i in range(n):
        for r in range(k[i] - 1):
            f[offsets[i] + r] = clo[i, r]


@_njit
def _preconditioned(n, k, offsets, d, lo, hi, y, margin, out, dims, g, plo, phi):
    """Exclusion and contraction by ``g = Y f`` over the ``2^d`` vertices of the box
    (from the tensors :func:`_evaluate` left in ``out`` on vertex factors); True when
    the box holds no root."""
    full = 1 << d
    q = n - 1
    for v in range(full):
        for r in range(d):
            g[v, r] = 0.0
        for i in range(n):
            fi = k[i] - 1
            if fi == 0:
                continue
            idx_rest = 0
            for j in range(n):
                if j == i:
                    continue
                vj = (v >> offsets[j]) & ((1 << (k[j] - 1)) - 1)
                a = j if j < i else j - 1
                idx_rest = idx_rest * dims[i, a] + vj
            stride = 1
            for a in range(q):
                stride *= dims[i, a]
            for r in range(fi):
                fv = out[i, r * stride + idx_rest]
                col = offsets[i] + r
                for row in range(d):
                    g[v, row] += y[row, col] * fv
    return _project(g, full, d, y, margin, lo, hi, plo, phi)


@_njit
def _cut(n, k, offsets, lo, hi):
    """``hi`` cut to ``1 - Σ`` of the player's other lower bounds (``σ_j(s_j^0) > 0``);
    True when the box is then empty or has some ``σ_j(s_j^0) <= 0`` on all of it."""
    for j in range(n):
        f = k[j] - 1
        if f == 0:
            continue
        a = offsets[j]
        total = 0.0
        for b in range(f):
            total += lo[a + b]
        if total >= 1.0:
            return True
        for b in range(f):
            hi[a + b] = min(hi[a + b], (1.0 - total) + lo[a + b])
    for c in range(offsets[n]):
        if hi[c] <= 0.0 or hi[c] < lo[c]:
            return True
    return False


@_njit
def _verdict(n, m, k, offsets, lo, hi, clo, chi, margin):
    """On an enclosure of one root: 1 every point an equilibrium point, -1 none, 0
    undecided (``clo, chi`` the conditions' ranges on it)."""
    positive = True
    negative = False
    for j in range(n):
        a = offsets[j]
        slo = 0.0
        shi = 0.0
        for b in range(k[j] - 1):
            positive = positive and lo[a + b] > 0.0
            negative = negative or hi[a + b] < 0.0
            slo += lo[a + b]
            shi += hi[a + b]
        if k[j] > 1:
            positive = positive and 1.0 - shi > 0.0
            negative = negative or 1.0 - slo < 0.0
    no_gain = True
    gain = False
    for i in range(n):
        for r in range(k[i] - 1, m[i] - 1):
            no_gain = no_gain and chi[i, r] < -margin
            gain = gain or clo[i, r] > margin
    if negative or gain:
        return -1
    if positive and no_gain:
        return 1
    return 0


@_njit
def solve(payoffs, strides, m, order, k, margin, err, split, shrink, newton, tighten,
          max_boxes, max_roots):
    """Decide every support profile ``(order[p], k[p])``; returns ``(status, root_owner,
    roots, boxes)`` as :func:`._binary_numba.solve` (``roots`` rows: the free
    probabilities in variable order, padded with 0)."""
    n = len(m)
    profiles = order.shape[0]
    mmax = 0
    for j in range(n):
        mmax = max(mmax, m[j])
    dmax = 0
    for j in range(n):
        dmax += m[j] - 1
    size = mmax
    for _ in range(n):
        size *= mmax + (1 << (mmax - 1))
    status = np.zeros(profiles, dtype=np.int64)
    root_owner = np.zeros(max_roots, dtype=np.int64)
    roots = np.zeros((max_roots, max(dmax, 1)))
    count = 0
    boxes = 0
    tables = np.empty((n, size))
    out = np.empty((n, size))
    out2 = np.empty((n, size))
    dims2 = np.empty((n, n), dtype=np.int64)
    vlimit2 = np.empty((n, n), dtype=np.int64)
    clo2 = np.empty((n, mmax))
    chi2 = np.empty((n, mmax))
    buf = np.empty((2, size))
    fac = np.empty((n, (1 << (mmax - 1)) + mmax, mmax))
    rows = np.empty(n, dtype=np.int64)
    dims = np.empty((n, n), dtype=np.int64)
    vlimit = np.empty((n, n), dtype=np.int64)
    counter = np.empty(n, dtype=np.int64)
    clo = np.empty((n, mmax))
    chi = np.empty((n, mmax))
    dd = max(dmax, 1)
    jlo = np.empty((dd, dd))
    jhi = np.empty((dd, dd))
    jmid = np.empty((dd, dd))
    jmid2 = np.empty((dd, dd))
    y = np.empty((dd, dd))
    work = np.empty((dd, dd))
    mid = np.empty(dd)
    fmid = np.empty(dd)
    klo = np.empty(dd)
    khi = np.empty(dd)
    x = np.empty(dd)
    step = np.empty(dd)
    tlo = np.empty(dd)
    thi = np.empty(dd)
    plo = np.empty(dd)
    phi = np.empty(dd)
    gv = np.empty((1 << dmax, dd))
    offsets = np.zeros(n + 1, dtype=np.int64)
    cap = 4096
    stack_lo = np.empty((cap, dd))
    stack_hi = np.empty((cap, dd))
    for p in range(profiles):
        kk = k[p]
        od = order[p]
        for j in range(n):
            offsets[j + 1] = offsets[j] + kk[j] - 1
        d = offsets[n]
        if _dominated(payoffs, strides, n, m, od, kk):
            status[p] = DOMINATED
            continue
        if d == 0:  # a pure profile no strategy beats: an equilibrium
            if count == max_roots:
                status[p] = UNRESOLVED
                continue
            root_owner[count] = p
            roots[count, :] = 0.0
            count += 1
            continue
        _tables(payoffs, strides, n, m, od, kk, tables)
        first_root = count
        top = 1
        stack_lo[0, :d] = 0.0
        stack_hi[0, :d] = 1.0
        examined = 0
        unresolved = False
        while top > 0 and not unresolved:
            top -= 1
            lo = stack_lo[top, :d].copy()
            hi = stack_hi[top, :d].copy()
            while True:
                examined += 1
                if examined > max_boxes:
                    unresolved = True
                    break
                if _cut(n, kk, offsets, lo, hi):
                    break
                _evaluate(n, m, kk, offsets, d, lo, hi, True, tables, fac, rows, out, buf,
                          dims, vlimit, counter, clo, chi, jlo, jhi)
                excluded = False
                for i in range(n):
                    for r in range(m[i] - 1):
                        if r < kk[i] - 1:
                            if clo[i, r] > margin or chi[i, r] < -margin:
                                excluded = True
                            if examined == 1 and clo[i, r] >= -margin and \
                                    chi[i, r] <= margin:
                                unresolved = True
                        elif clo[i, r] > margin:
                            excluded = True
                if unresolved or excluded:
                    break
                before = _width(lo, hi, d)
                if before < 1e-12:
                    unresolved = True
                    break
                ok = _krawczyk_and_project(n, m, kk, offsets, d, lo, hi, jlo, jhi, err,
                                           margin, tables, fac, rows, out, buf, dims, out2,
                                           dims2, vlimit2, counter, clo2, chi2, mid, fmid,
                                           jmid, jmid2, y, work, klo, khi, gv, plo, phi)
                if ok == 2:  # no root
                    break
                if ok == 1:
                    unique = _inside(klo, khi, lo, hi, d)
                    if _narrow(lo, hi, plo, phi, klo, khi, d, unique):
                        break
                    if unique:
                        verdict = _settle(n, m, kk, offsets, d, lo, hi, margin, err,
                                          newton, tighten, tables, fac, rows, out, buf,
                                          dims, vlimit, counter, clo, chi, out2, dims2,
                                          vlimit2, clo2, chi2, jlo, jhi, mid, fmid, jmid,
                                          jmid2, y, work, klo, khi, x, step, tlo, thi)
                        if verdict == 0:
                            unresolved = True
                        elif verdict == 1:
                            if count == max_roots:
                                unresolved = True
                            else:
                                root_owner[count] = p
                                roots[count, :] = 0.0
                                for c in range(d):
                                    roots[count, c] = (lo[c] + hi[c]) / 2
                                count += 1
                        break
                after = _width(lo, hi, d)
                if after < shrink * before:
                    continue
                if top + 2 > cap:
                    unresolved = True
                    break
                top = _bisect(lo, hi, jlo, jhi, d, split, stack_lo, stack_hi, top)
                break
        boxes += examined
        if unresolved:
            status[p] = UNRESOLVED
            count = first_root
    return status, root_owner[:count].copy(), roots[:count].copy(), boxes


@_njit
def _krawczyk_and_project(n, m, k, offsets, d, lo, hi, jlo, jhi, err, margin, tables, fac,
                          rows, out, buf, dims, out2, dims2, vlimit2, counter, clo2, chi2,
                          mid, fmid, jmid, jmid2, y, work, klo, khi, gv, plo, phi):
    """The Krawczyk operator, then (on the box's vertex tensors, recomputed) the
    preconditioned projection: 0 singular Jacobian at the centre, 1 done (``klo, khi``
    and ``plo, phi`` set), 2 the box holds no root."""
    if not _krawczyk(n, m, k, offsets, d, lo, hi, jlo, jhi, err, tables, fac, rows, out2,
                     buf, dims2, vlimit2, counter, clo2, chi2, mid, fmid, jmid, jmid2, y, work,
                     klo, khi):
        return 0
    if _disjoint(klo, khi, lo, hi, d):
        return 2
    if d <= 12:
        if _preconditioned(n, k, offsets, d, lo, hi, y, margin, out, dims, gv, plo, phi):
            return 2
    else:
        for c in range(d):
            plo[c] = lo[c]
            phi[c] = hi[c]
    return 1


@_njit
def _settle(n, m, k, offsets, d, lo, hi, margin, err, newton, tighten, tables, fac, rows,
            out, buf, dims, vlimit, counter, clo, chi, out2, dims2, vlimit2, clo2, chi2, jlo,
            jhi, mid, fmid, jmid, jmid2, y, work, klo, khi, x, step, tlo, thi):
    """A box holding exactly one root: Newton's method from its centre, the Krawczyk
    test on a tiny box around the result (or Krawczyk steps on the whole box), then the
    verdict on the enclosure. ``lo, hi`` are narrowed to the enclosure in place."""
    _centre(lo, hi, d, x)
    for _ in range(newton):
        _point(n, m, k, offsets, d, x, tables, fac, rows, out, buf, dims, vlimit, counter,
               clo, chi, fmid, jmid, jmid2)
        _inverse(jmid, d, y, work)
        if _newton_step(x, y, fmid, lo, hi, d, step):
            break
    _tight_box(x, y, err, lo, hi, d, tlo, thi)
    _evaluate(n, m, k, offsets, d, tlo, thi, True, tables, fac, rows, out, buf, dims,
              vlimit, counter, clo, chi, jlo, jhi)
    ok = _krawczyk(n, m, k, offsets, d, tlo, thi, jlo, jhi, err, tables, fac, rows, out2,
                   buf, dims2, vlimit2, counter, clo2, chi2, mid, fmid, jmid, jmid2, y, work,
                   klo, khi)
    if ok and _inside(klo, khi, tlo, thi, d):
        _intersect(klo, khi, tlo, thi, d, lo, hi)
    else:
        for _ in range(tighten):
            _evaluate(n, m, k, offsets, d, lo, hi, True, tables, fac, rows, out, buf, dims,
                      vlimit, counter, clo, chi, jlo, jhi)
            ok = _krawczyk(n, m, k, offsets, d, lo, hi, jlo, jhi, err, tables, fac, rows,
                           out2, buf, dims2, vlimit2, counter, clo2, chi2, mid, fmid, jmid,
                           jmid2, y, work, klo, khi)
            if ok:
                _intersect(lo, hi, klo, khi, d, lo, hi)
    _evaluate(n, m, k, offsets, d, lo, hi, True, tables, fac, rows, out, buf, dims, vlimit,
              counter, clo, chi, jmid, jmid2)
    return _verdict(n, m, k, offsets, lo, hi, clo, chi, margin)
