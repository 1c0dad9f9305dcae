"""The numba kernel of :mod:`..nplayer.binary` (imported only when numba is installed).

Every support profile of an n-player game in which each player has two strategies,
decided one box at a time in compiled loops: the tests of :mod:`..nplayer.batch`
(vertex-range exclusion, the Krawczyk operator, bisection at the off-centre ratio
``split`` across the side of largest smear, Newton's method and a tight Krawczyk
enclosure of each unique root, the sign verdict on it), without the per-round numpy call
overhead. See :mod:`..nplayer.binary` for the mathematics and the status codes.

Layout: the payoff differences ``delta[i, s] = u_i(s with s_i=1) - u_i(s with s_i=0)``
are indexed by the pure profile ``s`` as a bit mask, player ``j`` at bit ``n - 1 - j``
(the C order of the payoff array), bit ``i`` of ``s`` ignored. A support profile is the
mask ``mix`` of its mixing players and the mask ``base`` of the pure strategies of the
others (bits of mixing players 0). The free probability of a mixing player is
``σ_j(1)``.
"""

# mypy: ignore-errors
# ruff: noqa: ANN001, ANN202

from __future__ import annotations

import numba
import numpy as np

from ._linalg_numba import gauss_jordan

_njit = numba.njit(cache=True, nogil=True)

DECIDED = 0
UNRESOLVED = 1
DOMINATED = 2


@_njit
def _table(delta, i, n, base, vars_, m, bits, out):
    """``out[t]`` (``t < 2^m``) = ``delta[i, base | the players vars_[b] whose bit b of t
    is set]``: player ``i``'s difference at the pure profiles of the others' supports."""
    for t in range(1 << m):
        s = base
        for b in range(m):
            if (t >> b) & 1:
                s |= bits[vars_[b]]
        out[t] = delta[i, s]


@_njit
def _vertices(a, m, lo, hi, vars_, skip):
    """Contract the multilinear table ``a`` (``2^m`` entries) in place to its values at
    the vertices of the box (variable ``b`` at ``lo`` where bit ``b`` is 0, at ``hi``
    where it is 1); the variable at position ``skip`` (``-1``: none) is left alone."""
    for b in range(m):
        if b == skip:
            continue
        v = vars_[b]
        step = 1 << b
        for t in range(1 << m):
            if t & step:
                continue
            a0 = a[t]
            d = a[t | step] - a0
            a[t] = a0 + lo[v] * d
            a[t | step] = a0 + hi[v] * d


@_njit
def _others(r, k, mixing, vars_):
    """The positions (variables) of the mixing players other than variable ``r``
    (``r = -1``: all of them), in ``vars_``; their count."""
    m = 0
    for c in range(k):
        if c != r:
            vars_[m] = c
            m += 1
    return m


@_njit
def _range_over_box(delta, i, n, base, pvar, m, bits, a, lo, hi, vars_):
    """Least and greatest value over the box of player ``i``'s payoff difference (its
    table over the ``m`` variables ``pvar``, evaluated at the box's ``2^m`` vertices)."""
    _table(delta, i, n, base, pvar, m, bits, a)
    _vertices(a, m, lo, hi, vars_, -1)
    mn = a[0]
    mx = a[0]
    for t in range(1, 1 << m):
        mn = min(mn, a[t])
        mx = max(mx, a[t])
    return mn, mx


@_njit
def _conditions(delta, n, base, mixing, k, pure, npure, purebit, bits, lo, hi,
                a, vars_, pvar, flo, fhi, glo, ghi):
    """Ranges over the box of each mixing player's difference (``flo, fhi``, one per
    variable) and each pure player's deviation gain (``glo, ghi``)."""
    for r in range(k):
        m = _others(r, k, mixing, vars_)
        for b in range(m):
            pvar[b] = mixing[vars_[b]]
        flo[r], fhi[r] = _range_over_box(delta, mixing[r], n, base, pvar, m, bits, a, lo,
                                         hi, vars_)
    m = _others(-1, k, mixing, vars_)
    for b in range(m):
        pvar[b] = mixing[vars_[b]]
    for q in range(npure):
        mn, mx = _range_over_box(delta, pure[q], n, base, pvar, m, bits, a, lo, hi, vars_)
        if purebit[q]:  # playing 1: the gain of 0 is -delta
            glo[q] = -mx
            ghi[q] = -mn
        else:
            glo[q] = mn
            ghi[q] = mx


@_njit
def _jacobian(delta, n, base, mixing, k, bits, lo, hi, a, vars_, pvar, jlo, jhi):
    """The range over the box of every ``∂f_r/∂x_c`` (``lo = hi``: the value at a point);
    the diagonal is 0 (a player's difference does not depend on its own probability)."""
    for r in range(k):
        m = _others(r, k, mixing, vars_)
        for b in range(m):
            pvar[b] = mixing[vars_[b]]
        jlo[r, r] = 0.0
        jhi[r, r] = 0.0
        for b in range(m):
            _table(delta, mixing[r], n, base, pvar, m, bits, a)
            _vertices(a, m, lo, hi, vars_, b)
            step = 1 << b
            first = True
            mn = 0.0
            mx = 0.0
            for t in range(1 << m):
                if t & step:
                    continue
                d = a[t | step] - a[t]
                if first:
                    mn = d
                    mx = d
                    first = False
                else:
                    mn = min(mn, d)
                    mx = max(mx, d)
            c = vars_[b]
            jlo[r, c] = mn
            jhi[r, c] = mx


@_njit
def _inverse(mat, k, y, work):
    """``y = mat^{-1}`` (:func:`._linalg_numba.gauss_jordan`); False (and ``y = 0``)
    when a pivot is exactly 0 or the result is not finite."""
    if not gauss_jordan(mat, k, y, work):
        return False
    for r in range(k):
        for c in range(k):
            if not np.isfinite(y[r, c]):
                y[:k, :k] = 0.0
                return False
    return True


@_njit
def _krawczyk(delta, n, base, mixing, k, bits, lo, hi, jlo, jhi, err, a, vars_, pvar,
              mid, fmid, jmid, y, work, klo, khi):
    """The Krawczyk operator on the box given the Jacobian's range on it (the formula of
    :func:`..nplayer.batch._krawczyk`); False when the Jacobian at the centre is
    singular. ``y`` is left holding its inverse."""
    _centre(lo, hi, k, mid)
    _point(delta, n, base, mixing, k, bits, mid, a, vars_, pvar, fmid, jmid)
    if not _inverse(jmid, k, y, work):
        return False
    _krawczyk_bounds(y, fmid, jlo, jhi, err, lo, hi, mid, k, klo, khi)
    return True


@_njit
def _point(delta, n, base, mixing, k, bits, x, a, vars_, pvar, f, jac):
    """The equations ``f`` and their Jacobian ``jac`` at the point ``x``."""
    for r in range(k):
        m = _others(r, k, mixing, vars_)
        for b in range(m):
            pvar[b] = mixing[vars_[b]]
        _table(delta, mixing[r], n, base, pvar, m, bits, a)
        _vertices(a, m, x, x, vars_, -1)
        f[r] = a[0]
    _jacobian(delta, n, base, mixing, k, bits, x, x, a, vars_, pvar, jac, jac)


@_njit
def _inside(klo, khi, lo, hi, k):
    for c in range(k):
        if not (abs((klo[c] + khi[c]) / 2 - (lo[c] + hi[c]) / 2) + (khi[c] - klo[c]) / 2
                < (hi[c] - lo[c]) / 2):
            return False
    return True


@_njit
def _line(a, b, c, e):
    """The interval of ``t ∈ [0, 1]`` with ``(1-t) a + t b <= 0 <= (1-t) c + t e``
    (empty when ``lo > hi``; :func:`..nplayer.batch._line_interval`)."""
    if a <= 0:
        t_lo = 0.0
    elif b <= 0:
        t_lo = a / (a - b)
    else:
        t_lo = 2.0
    if b <= 0:
        t_hi = 1.0
    elif a <= 0:
        t_hi = a / (a - b)
    else:
        t_hi = -1.0
    if c >= 0:
        u_lo = 0.0
    elif e >= 0:
        u_lo = c / (c - e)
    else:
        u_lo = 2.0
    if e >= 0:
        u_hi = 1.0
    elif c >= 0:
        u_hi = c / (c - e)
    else:
        u_hi = -1.0
    return max(t_lo, u_lo), min(t_hi, u_hi)


@_njit
def _centre(lo, hi, k, x):
    """``x`` = the centre of the box ``[lo, hi]``."""
    for c in range(k):
        x[c] = (lo[c] + hi[c]) / 2


@_njit
def _width(lo, hi, k):
    """The largest side of the box (0 for none)."""
    w = 0.0
    for c in range(k):
        w = max(w, hi[c] - lo[c])
    return w


@_njit
def _krawczyk_bounds(y, fmid, jlo, jhi, err, lo, hi, mid, k, klo, khi):
    """``[klo, khi]``: the Krawczyk operator ``mid - Y f(mid) + (I - Y J)(box - mid)``
    with ``Y`` the inverse of the Jacobian at the centre ``mid``, ``J`` its range
    ``[jlo, jhi]`` on the box and every value widened by the evaluation error ``err``
    (:func:`..nplayer.batch._krawczyk`)."""
    for r in range(k):
        shift = 0.0
        for q in range(k):
            shift -= y[r, q] * fmid[q]
        radius = 0.0
        ysum = 0.0
        for c in range(k):
            cc = (1.0 if r == c else 0.0)
            spread_term = 0.0
            for q in range(k):
                cc -= y[r, q] * ((jlo[q, c] + jhi[q, c]) / 2)
                spread_term += abs(y[r, q]) * ((jhi[q, c] - jlo[q, c]) / 2 + err)
            radius += (abs(cc) + spread_term) * ((hi[c] - lo[c]) / 2)
            ysum += abs(y[r, c])
        radius += ysum * err
        radius = radius * (1 + 1e-9) + 1e-15
        klo[r] = mid[r] + shift - radius
        khi[r] = mid[r] + shift + radius


@_njit
def _disjoint(klo, khi, lo, hi, k):
    """The boxes ``[klo, khi]`` and ``[lo, hi]`` do not meet."""
    for c in range(k):
        if klo[c] > hi[c] or khi[c] < lo[c]:
            return True
    return False


@_njit
def _project(g, full, k, y, margin, lo, hi, plo, phi):
    """The preconditioned test on the values ``g[v, r]`` of ``g = Y f`` at the ``full``
    vertices ``v`` of the box (vertex bit ``c`` set: side ``c`` at ``hi``), each widened
    by ``margin`` times the row sum of ``|Y|``: True when some ``g_r`` keeps one sign on
    the box (no root); otherwise ``[plo, phi]`` is the box cut, side by side, to the
    ``t`` where every ``g_r`` can vanish between the lines through its ranges on the two
    opposite faces (:func:`_line`)."""
    for r in range(k):
        tau = 0.0
        for q in range(k):
            tau += abs(y[r, q])
        tau *= margin
        mn = g[0, r]
        mx = g[0, r]
        for v in range(1, full):
            mn = min(mn, g[v, r])
            mx = max(mx, g[v, r])
        if mn - tau > 0.0 or mx + tau < 0.0:
            return True
    for c in range(k):
        t_lo = 0.0
        t_hi = 1.0
        bit = 1 << c
        for r in range(k):
            tau = 0.0
            for q in range(k):
                tau += abs(y[r, q])
            tau *= margin
            l0 = np.inf
            l1 = np.inf
            h0 = -np.inf
            h1 = -np.inf
            for v in range(full):
                val = g[v, r]
                if v & bit:
                    l1 = min(l1, val)
                    h1 = max(h1, val)
                else:
                    l0 = min(l0, val)
                    h0 = max(h0, val)
            lo_t, hi_t = _line(l0 - tau, l1 - tau, h0 + tau, h1 + tau)
            t_lo = max(t_lo, lo_t)
            t_hi = min(t_hi, hi_t)
        if t_lo > t_hi:
            return True
        width = hi[c] - lo[c]
        plo[c] = max(lo[c], lo[c] + max(t_lo - 1e-12, 0.0) * width)
        phi[c] = min(hi[c], lo[c] + min(t_hi + 1e-12, 1.0) * width)
    return False


@_njit
def _narrow(lo, hi, plo, phi, klo, khi, k, unique):
    """Cut the box in place to the projection ``[plo, phi]`` and the Krawczyk box
    ``[klo, khi]``; True when that empties it and the root is not known unique."""
    excluded = False
    for c in range(k):
        lo[c] = max(max(plo[c], klo[c]), lo[c])
        hi[c] = min(min(phi[c], khi[c]), hi[c])
        if lo[c] > hi[c] and not unique:
            excluded = True
    return excluded


@_njit
def _bisect(lo, hi, jlo, jhi, k, split, stack_lo, stack_hi, top):
    """Push the two parts of the box cut at the ratio ``split`` across the side of
    largest smear (its width times the largest partial derivative in its column) onto
    the stack above ``top``; the new top."""
    axis = 0
    best = -1.0
    for c in range(k):
        sm = 0.0
        for r in range(k):
            sm = max(sm, max(abs(jlo[r, c]), abs(jhi[r, c])))
        score = (hi[c] - lo[c]) * (sm + 1e-3)
        if score > best:
            best = score
            axis = c
    cut = lo[axis] + split * (hi[axis] - lo[axis])
    stack_lo[top, :k] = lo
    stack_hi[top, :k] = hi
    stack_lo[top, axis] = cut
    top += 1
    stack_lo[top, :k] = lo
    stack_hi[top, :k] = hi
    stack_hi[top, axis] = cut
    return top + 1


@_njit
def _newton_step(x, y, f, lo, hi, k, step):
    """``x <- x - Y f`` clipped to the box (``Y`` the inverse Jacobian, ``f`` the
    equations at ``x``); True when no coordinate moved beyond rounding."""
    converged = True
    for r in range(k):
        s = x[r]
        for q in range(k):
            s -= y[r, q] * f[q]
        s = min(max(s, lo[r]), hi[r])
        step[r] = s
        if abs(s - x[r]) > 1e-15 * max(1.0, abs(x[r])):
            converged = False
    for r in range(k):
        x[r] = step[r]
    return converged


@_njit
def _tight_box(x, y, err, lo, hi, k, tlo, thi):
    """``[tlo, thi]``: a box around the Newton point ``x`` of half-width the larger of
    ``1e-10`` relative and four times ``err`` through ``|Y|``, inside ``[lo, hi]``."""
    for r in range(k):
        ysum = 0.0
        for q in range(k):
            ysum += abs(y[r, q])
        rho = max(1e-10 * max(1.0, abs(x[r])), 4.0 * err * ysum)
        tlo[r] = max(x[r] - rho, lo[r])
        thi[r] = min(x[r] + rho, hi[r])


@_njit
def _intersect(alo, ahi, blo, bhi, k, lo, hi):
    """``[lo, hi] = [max(alo, blo), min(ahi, bhi)]`` (may alias ``a``)."""
    for c in range(k):
        lo[c] = max(alo[c], blo[c])
        hi[c] = min(ahi[c], bhi[c])


@_njit
def _preconditioned(delta, n, base, mixing, k, bits, lo, hi, y, margin, a, vars_, pvar,
                    g, plo, phi):
    """Exclusion and contraction by ``g = Y f`` (:func:`..nplayer.batch._preconditioned`):
    ``g_r`` is multilinear, so its range on a face of the box is the hull of its values
    at the face's vertices; along side ``c`` each ``g_r`` lies between the lines through
    its ranges on the two opposite faces, which bounds the ``t`` of a root. True when the
    box holds no root; otherwise ``[plo, phi]`` is the contracted box."""
    full = 1 << k
    g[:full, :k] = 0.0
    for q in range(k):
        m = _others(q, k, mixing, vars_)
        for b in range(m):
            pvar[b] = mixing[vars_[b]]
        _table(delta, mixing[q], n, base, pvar, m, bits, a)
        _vertices(a, m, lo, hi, vars_, -1)
        low_mask = (1 << q) - 1
        for v in range(full):
            t = (v & low_mask) | ((v >> (q + 1)) << q)
            fv = a[t]
            for r in range(k):
                g[v, r] += y[r, q] * fv
    return _project(g, full, k, y, margin, lo, hi, plo, phi)


@_njit
def solve(delta, n, mix, base, margin, err, split, shrink, newton, tighten, max_boxes,
          max_roots):
    """Decide every support profile ``(mix[p], base[p])``.

    Returns ``(status, root_owner, roots, boxes)``: per profile :data:`DECIDED`,
    :data:`UNRESOLVED` or :data:`DOMINATED`; the rows of ``roots`` (the free
    probabilities ``σ_j(1)`` of the mixing players, in player order, 0 for the others)
    with the profile of each in ``root_owner``; the number of boxes examined.
    """
    profiles = len(mix)
    status = np.zeros(profiles, dtype=np.int64)
    root_owner = np.zeros(max_roots, dtype=np.int64)
    roots = np.zeros((max_roots, n))
    count = 0
    bits = np.empty(n, dtype=np.int64)
    for j in range(n):
        bits[j] = 1 << (n - 1 - j)
    a = np.empty(1 << n)
    vars_ = np.empty(n, dtype=np.int64)
    pvar = np.empty(n, dtype=np.int64)
    mixing = np.empty(n, dtype=np.int64)
    pure = np.empty(n, dtype=np.int64)
    purebit = np.empty(n, dtype=np.int64)
    flo = np.empty(n)
    fhi = np.empty(n)
    glo = np.empty(n)
    ghi = np.empty(n)
    jlo = np.empty((n, n))
    jhi = np.empty((n, n))
    jmid = np.empty((n, n))
    y = np.empty((n, n))
    work = np.empty((n, n))
    mid = np.empty(n)
    fmid = np.empty(n)
    klo = np.empty(n)
    khi = np.empty(n)
    x = np.empty(n)
    step = np.empty(n)
    tlo = np.empty(n)
    thi = np.empty(n)
    gv = np.empty((1 << n, n))
    plo = np.empty(n)
    phi = np.empty(n)
    cap = 4096
    boxes = 0
    stack_lo = np.empty((cap, n))
    stack_hi = np.empty((cap, n))
    for p in range(profiles):
        k = 0
        npure = 0
        for j in range(n):
            if mix[p, j]:
                mixing[k] = j
                k += 1
            else:
                pure[npure] = j
                purebit[npure] = 1 if base[p] & bits[j] else 0
                npure += 1
        # conditional dominance, on the exact differences (their signs are exact)
        dominated = False
        for r in range(k):
            m = _others(r, k, mixing, vars_)
            for b in range(m):
                pvar[b] = mixing[vars_[b]]
            _table(delta, mixing[r], n, base[p], pvar, m, bits, a)
            pos = True
            neg = True
            for t in range(1 << m):
                pos = pos and a[t] > 0.0
                neg = neg and a[t] < 0.0
            dominated = dominated or pos or neg
        m = _others(-1, k, mixing, vars_)
        for b in range(m):
            pvar[b] = mixing[vars_[b]]
        for q in range(npure):
            _table(delta, pure[q], n, base[p], pvar, m, bits, a)
            beaten = True
            for t in range(1 << m):
                g = -a[t] if purebit[q] else a[t]
                beaten = beaten and g > 0.0
            dominated = dominated or beaten
        if dominated:
            status[p] = DOMINATED
            continue
        if k == 0:  # a pure profile no strategy beats: an equilibrium
            if count == max_roots:
                status[p] = UNRESOLVED
                continue
            root_owner[count] = p
            roots[count, :] = 0.0
            count += 1
            continue
        first_root = count
        top = 1
        stack_lo[0, :k] = 0.0
        stack_hi[0, :k] = 1.0
        examined = 0
        unresolved = False
        while top > 0 and not unresolved:
            top -= 1
            lo = stack_lo[top, :k].copy()
            hi = stack_hi[top, :k].copy()
            while True:  # decide the box, contracting it while it shrinks well
                examined += 1
                if examined > max_boxes:
                    unresolved = True
                    break
                excluded = False
                for c in range(k):
                    if lo[c] >= 1.0 or hi[c] <= 0.0 or hi[c] < lo[c]:
                        excluded = True
                if excluded:
                    break
                _conditions(delta, n, base[p], mixing, k, pure, npure, purebit, bits,
                            lo, hi, a, vars_, pvar, flo, fhi, glo, ghi)
                for r in range(k):
                    if flo[r] > margin or fhi[r] < -margin:
                        excluded = True
                    if examined == 1 and flo[r] >= -margin and fhi[r] <= margin:
                        unresolved = True  # vanishes identically: degenerate
                for q in range(npure):
                    if glo[q] > margin:
                        excluded = True
                if unresolved or excluded:
                    break
                before = _width(lo, hi, k)
                if before < 1e-12:  # a root on a face or a tangency: the exact route
                    unresolved = True
                    break
                _jacobian(delta, n, base[p], mixing, k, bits, lo, hi, a, vars_, pvar,
                          jlo, jhi)
                ok = _krawczyk(delta, n, base[p], mixing, k, bits, lo, hi, jlo, jhi, err,
                               a, vars_, pvar, mid, fmid, jmid, y, work, klo, khi)
                if ok:
                    if _disjoint(klo, khi, lo, hi, k):
                        break
                    if _preconditioned(delta, n, base[p], mixing, k, bits, lo, hi, y,
                                       margin, a, vars_, pvar, gv, plo, phi):
                        break
                    unique = _inside(klo, khi, lo, hi, k)
                    if _narrow(lo, hi, plo, phi, klo, khi, k, unique):
                        break
                    if unique:
                        verdict = _settle(delta, n, base[p], mixing, k, pure, npure,
                                          purebit, bits, lo, hi, margin, err, newton,
                                          tighten, a, vars_, pvar, flo, fhi, glo, ghi,
                                          jlo, jhi, mid, fmid, jmid, y, work, klo, khi, x,
                                          step, tlo, thi)
                        if verdict == 0:
                            unresolved = True
                        elif verdict == 1:
                            if count == max_roots:
                                unresolved = True
                            else:
                                root_owner[count] = p
                                roots[count, :] = 0.0
                                for c in range(k):
                                    roots[count, mixing[c]] = (lo[c] + hi[c]) / 2
                                count += 1
                        break
                after = _width(lo, hi, k)
                if after < shrink * before:
                    continue
                if top + 2 > cap:
                    unresolved = True
                    break
                top = _bisect(lo, hi, jlo, jhi, k, split, stack_lo, stack_hi, top)
                break
        boxes += examined
        if unresolved:
            status[p] = UNRESOLVED
            count = first_root
    return status, root_owner[:count].copy(), roots[:count].copy(), boxes


@_njit
def _settle(delta, n, base, mixing, k, pure, npure, purebit, bits, lo, hi, margin, err,
            newton, tighten, a, vars_, pvar, flo, fhi, glo, ghi, jlo, jhi, mid, fmid,
            jmid, y, work, klo, khi, x, step, tlo, thi):
    """A box holding exactly one root: Newton's method from its centre, the Krawczyk
    test on a tiny box around the result (or Krawczyk steps on the whole box), then the
    verdict on the enclosure (1 an equilibrium point, -1 none, 0 undecided). ``lo, hi``
    are narrowed to the enclosure in place."""
    _centre(lo, hi, k, x)
    for _ in range(newton):
        _point(delta, n, base, mixing, k, bits, x, a, vars_, pvar, fmid, jmid)
        _inverse(jmid, k, y, work)
        if _newton_step(x, y, fmid, lo, hi, k, step):
            break
    _tight_box(x, y, err, lo, hi, k, tlo, thi)
    _jacobian(delta, n, base, mixing, k, bits, tlo, thi, a, vars_, pvar, jlo, jhi)
    ok = _krawczyk(delta, n, base, mixing, k, bits, tlo, thi, jlo, jhi, err, a, vars_,
                   pvar, mid, fmid, jmid, y, work, klo, khi)
    if ok and _inside(klo, khi, tlo, thi, k):
        _intersect(klo, khi, tlo, thi, k, lo, hi)
    else:
        for _ in range(tighten):
            _jacobian(delta, n, base, mixing, k, bits, lo, hi, a, vars_, pvar, jlo, jhi)
            ok = _krawczyk(delta, n, base, mixing, k, bits, lo, hi, jlo, jhi, err, a,
                           vars_, pvar, mid, fmid, jmid, y, work, klo, khi)
            if ok:
                _intersect(lo, hi, klo, khi, k, lo, hi)
    positive = True
    negative = False
    for c in range(k):
        positive = positive and lo[c] > 0.0 and 1.0 - hi[c] > 0.0
        negative = negative or hi[c] < 0.0 or 1.0 - lo[c] < 0.0
    _conditions(delta, n, base, mixing, k, pure, npure, purebit, bits, lo, hi, a, vars_,
                pvar, flo, fhi, glo, ghi)
    no_gain = True
    gain = False
    for q in range(npure):
        no_gain = no_gain and ghi[q] < -margin
        gain = gain or glo[q] > margin
    if negative or gain:
        return -1
    if positive and no_gain:
        return 1
    return 0
