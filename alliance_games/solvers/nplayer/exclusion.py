"""Proving that a support profile has no Nash equilibrium, before any polynomial solving.

On a support profile ``S`` the free probabilities ``x`` (``σ_i(s)`` for ``s ∈ S_i``
other than the first, ``σ_i(s_i^0) = 1 - Σ``) range over the box ``[0, 1]^k``. Every
condition of the support is a polynomial that is **multilinear** in ``x``: a monomial of
``u_i(s, σ_{-i})`` holds one probability of each other player, and each is affine in
that player's free variables, so no variable appears squared. A multilinear polynomial
takes its extreme values on a box at the box's vertices (it is affine in each variable
separately), so its exact range on a box is the hull of its ``2^k`` vertex values. A box
holds no equilibrium of the support when, on all of it,

* some indifference condition ``u_i(s, σ_{-i}) - u_i(s_i^0, σ_{-i})`` (``s ∈ S_i``) is
  bounded away from zero (it must vanish),
* some deviation gain ``u_i(s', σ_{-i}) - u_i(s_i^0, σ_{-i})`` (``s' ∉ S_i``) is
  positive (it must be ``<= 0``), or
* some player's free probabilities sum to at least 1 (then ``σ_i(s_i^0) <= 0``).

:func:`no_equilibrium` bisects the box (widest side first, all boxes of a level at once)
until every piece is excluded — a proof that the support holds no equilibrium, so the
exact solver is not called — or a limit on the number of boxes is reached (nothing is
concluded and the support goes to the exact solver as before). A support with an
indifference condition that vanishes identically (a degenerate game) also goes to the
exact solver, which reports its continuum of solutions.

Rounding: the vertex values are computed in floating point from the exact payoffs; a box
is excluded only when the margin exceeds ``1e-9`` times the payoff scale, several orders
above the rounding error of these sums (at most a few hundred terms of size
``<= (k + 1)^n`` times the scale, each with relative error ``~1e-16``), so the exclusion
holds for the exact polynomials.

References
----------
Moore, R. E., Kearfott, R. B. & Cloud, M. J. (2009). *Introduction to Interval
Analysis*. SIAM (range enclosure and exclusion by bisection).
McKelvey, R. D. & McLennan, A. (1996). Computation of equilibria in finite games.
*Handbook of Computational Economics* 1, 87-142 (the support systems).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from .support_profiles import Supports

__all__ = ["no_equilibrium", "isolate", "Resolution", "MARGIN"]

#: relative margin (times the payoff scale) a bound must clear to exclude a box
MARGIN = 1e-9
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class _Conditions:
    """The support's conditions evaluated at many points ``x`` at once."""

    def __init__(self, payoffs: np.ndarray, supports: Supports) -> None:
        n = len(supports)
        self.supports = supports
        self.n = n
        self.sizes = [len(s) - 1 for s in supports]
        self.tables = []
        self.scripts = []
        for i in range(n):
            index = [list(s) for s in supports]
            index[i] = list(range(payoffs.shape[i + 1]))
            self.tables.append(payoffs[i][np.ix_(*index)])
            others = ",".join("Z" + _LETTERS[j] for j in range(n) if j != i)
            self.scripts.append(f"{_LETTERS[:n]},{others}->Z{_LETTERS[i]}")

    def values(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(equations, gains, first)`` at the rows of ``x``: the indifference conditions,
        the deviation gains of the strategies off the support, and ``σ_i(s_i^0)``."""
        sigma, first, k = [], [], 0
        for size in self.sizes:
            free = x[:, k:k + size]
            k += size
            head = 1.0 - free.sum(axis=1)
            first.append(head)
            sigma.append(np.concatenate([head[:, None], free], axis=1))
        equations, gains = [], []
        for i in range(self.n):
            dev = np.einsum(self.scripts[i], self.tables[i],
                            *(sigma[j] for j in range(self.n) if j != i))
            support = self.supports[i]
            base = dev[:, support[0]][:, None]
            equations.append(dev[:, list(support[1:])] - base)
            off = [s for s in range(dev.shape[1]) if s not in support]
            gains.append(dev[:, off] - base)
        return (np.concatenate(equations, axis=1), np.concatenate(gains, axis=1),
                np.stack(first, axis=1))


def no_equilibrium(payoffs: np.ndarray, supports: Supports, max_boxes: int = 4096) -> bool:
    """True when the support profile provably has no Nash equilibrium (see the module
    docstring); False when the bisection could not exclude every box within
    ``max_boxes`` (nothing is concluded).

    ``payoffs[i, s_1, ..., s_n]`` are floats (the exact payoffs converted).
    """
    k = sum(len(s) - 1 for s in supports)
    if k == 0:
        return False
    payoffs = np.asarray(payoffs, dtype=float)
    scale = float(np.max(np.abs(payoffs))) or 1.0
    margin = MARGIN * scale
    conditions = _Conditions(payoffs, supports)
    corners = np.array(list(itertools.product((0.0, 1.0), repeat=k)))  # V x k
    lo = np.zeros((1, k))
    hi = np.ones((1, k))
    examined = 0
    while len(lo):
        examined += len(lo)
        if examined > max_boxes:
            return False
        points = lo[:, None, :] + corners[None, :, :] * (hi - lo)[:, None, :]  # B x V x k
        b, v = points.shape[:2]
        equations, gains, first = conditions.values(points.reshape(b * v, k))
        equations = equations.reshape(b, v, -1)
        gains = gains.reshape(b, v, -1)
        first = first.reshape(b, v, -1)
        excluded = (
            np.any(equations.min(axis=1) > margin, axis=1)
            | np.any(equations.max(axis=1) < -margin, axis=1)
            | np.any(first.max(axis=1) <= 0.0, axis=1)
        )
        if gains.shape[2]:
            excluded |= np.any(gains.min(axis=1) > margin, axis=1)
        if examined == 1 and np.any(np.abs(equations[0]).max(axis=0) <= margin):
            # an indifference condition vanishes at every vertex of the whole box, so it
            # vanishes identically (a multilinear polynomial is fixed by its vertex
            # values): a degenerate support, left to the exact solver, which reports
            # its continuum of solutions
            return False
        lo, hi = lo[~excluded], hi[~excluded]
        if not len(lo):
            return True
        width = hi - lo
        axis = np.argmax(width, axis=1)
        mid = (lo[np.arange(len(lo)), axis] + hi[np.arange(len(lo)), axis]) / 2
        lo2, hi2 = lo.copy(), hi.copy()
        hi[np.arange(len(lo)), axis] = mid
        lo2[np.arange(len(lo)), axis] = mid
        lo = np.concatenate([lo, lo2])
        hi = np.concatenate([hi, hi2])
    return True


# ============================================================================ isolation
@dataclass
class Resolution:
    """What bisection with exclusion and the Krawczyk test decided about one support.

    ``status`` is ``"solved"`` when every piece of the box was either excluded or holds
    exactly one root of the indifference system whose equilibrium status was decided;
    ``points`` then lists the free probabilities of the roots that are equilibria
    (Newton-refined). ``"unresolved"`` means nothing is concluded.
    """

    status: str
    points: list[np.ndarray] = field(default_factory=list)


def _krawczyk(
    conditions: _Conditions, lo: np.ndarray, hi: np.ndarray, err: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """The Krawczyk test on the box ``[lo, hi]``: the enclosure ``(klo, khi)`` of the
    unique root of the indifference equations in the box, or ``None`` when the test
    fails. Uses the exact partial derivatives of the multilinear equations (the
    difference of the values at ``x_j = 1`` and ``x_j = 0``) and their exact range on the
    box (vertex values), widened by ``err`` for rounding."""
    k = len(lo)
    mid = (lo + hi) / 2
    rad = (hi - lo) / 2
    corners = np.array(list(itertools.product((0.0, 1.0), repeat=k)))
    verts = lo + corners * (hi - lo)  # V x k
    jlo = np.empty((k, k))
    jhi = np.empty((k, k))
    jmid = np.empty((k, k))
    for j in range(k):
        at1 = verts.copy()
        at1[:, j] = 1.0
        at0 = verts.copy()
        at0[:, j] = 0.0
        m1 = mid.copy()
        m1[j] = 1.0
        m0 = mid.copy()
        m0[j] = 0.0
        values = conditions.values(np.concatenate([at1, at0, m1[None], m0[None]]))[0]
        v = len(verts)
        deriv = values[:v] - values[v:2 * v]
        jlo[:, j] = deriv.min(axis=0) - err
        jhi[:, j] = deriv.max(axis=0) + err
        jmid[:, j] = values[2 * v] - values[2 * v + 1]
    try:
        y = np.linalg.inv(jmid)
    except np.linalg.LinAlgError:
        return None
    f_mid = conditions.values(mid[None])[0][0]
    centre = (jlo + jhi) / 2
    spread = (jhi - jlo) / 2
    c = np.eye(k) - y @ centre
    radius = (np.abs(c) + np.abs(y) @ spread) @ rad + np.abs(y) @ np.full(k, err)
    shift = -(y @ f_mid)
    # a little slack for the rounding of these float products
    if np.all(np.abs(shift) + radius * (1 + 1e-9) + 1e-15 < rad):
        return mid + shift - radius, mid + shift + radius
    return None


def _decide(
    conditions: _Conditions, lo: np.ndarray, hi: np.ndarray, margin: float
) -> bool | None:
    """On an enclosure ``[lo, hi]`` of one root: True if every point of it is an
    equilibrium point of the support (probabilities positive, no deviation gain), False
    if none is, ``None`` if undecided."""
    k = len(lo)
    corners = np.array(list(itertools.product((0.0, 1.0), repeat=k)))
    _, gains, first = conditions.values(lo + corners * (hi - lo))
    if np.any(hi <= 0) or np.any(first.max(axis=0) <= 0):
        return False
    if gains.shape[1] and np.any(gains.min(axis=0) > margin):
        return False
    positive = np.all(lo > 0) and np.all(first.min(axis=0) > 0)
    no_gain = not gains.shape[1] or np.all(gains.max(axis=0) < -margin)
    if positive and no_gain:
        return True
    return None


def _newton(conditions: _Conditions, x: np.ndarray, lo: np.ndarray,
            hi: np.ndarray) -> np.ndarray:
    """Newton's method from ``x``, kept inside ``[lo, hi]`` (exact partial derivatives)."""
    k = len(x)
    for _ in range(30):
        points = np.repeat(x[None], 2 * k + 1, axis=0)
        for j in range(k):
            points[1 + 2 * j, j] = 1.0
            points[2 + 2 * j, j] = 0.0
        values = conditions.values(points)[0]
        f = values[0]
        jac = (values[1::2] - values[2::2]).T
        try:
            step = np.linalg.solve(jac, -f)
        except np.linalg.LinAlgError:
            break
        x = np.clip(x + step, lo, hi)
        if np.max(np.abs(step)) < 1e-15:
            break
    return x


def isolate(payoffs: np.ndarray, supports: Supports, max_boxes: int = 4096) -> Resolution:
    """Decide a support profile numerically, with proofs (see the module docstring).

    Bisection of the box of free probabilities: a piece is dropped when its conditions
    exclude an equilibrium, and kept as a root box when the Krawczyk test proves it holds
    exactly one root of the indifference equations; that root is refined by Newton's
    method, enclosed again by the Krawczyk test on a tiny box, and kept when the
    enclosure shows positive probabilities and no deviation gain (dropped when it shows
    the opposite). Every piece decided: ``status="solved"``; otherwise (too many pieces, a
    root on the boundary, a degenerate support) ``status="unresolved"``.
    """
    k = sum(len(s) - 1 for s in supports)
    if k == 0:
        return Resolution("unresolved")
    payoffs = np.asarray(payoffs, dtype=float)
    scale = float(np.max(np.abs(payoffs))) or 1.0
    margin = MARGIN * scale
    err = 1e-11 * scale
    conditions = _Conditions(payoffs, supports)
    corners = np.array(list(itertools.product((0.0, 1.0), repeat=k)))
    lo = np.zeros((1, k))
    hi = np.ones((1, k))
    examined = 0
    roots: list[np.ndarray] = []
    while len(lo):
        examined += len(lo)
        if examined > max_boxes:
            return Resolution("unresolved")
        points = lo[:, None, :] + corners[None, :, :] * (hi - lo)[:, None, :]
        b, v = points.shape[:2]
        equations, gains, first = conditions.values(points.reshape(b * v, k))
        equations = equations.reshape(b, v, -1)
        gains = gains.reshape(b, v, -1)
        first = first.reshape(b, v, -1)
        if examined == 1 and np.any(np.abs(equations[0]).max(axis=0) <= margin):
            return Resolution("unresolved")  # an equation vanishes identically
        excluded = (
            np.any(equations.min(axis=1) > margin, axis=1)
            | np.any(equations.max(axis=1) < -margin, axis=1)
            | np.any(first.max(axis=1) <= 0.0, axis=1)
        )
        if gains.shape[2]:
            excluded |= np.any(gains.min(axis=1) > margin, axis=1)
        keep = []
        for index in np.flatnonzero(~excluded):
            enclosure = _krawczyk(conditions, lo[index], hi[index], err)
            if enclosure is None:
                keep.append(index)
                continue
            verdict = _settle(conditions, lo[index], hi[index], enclosure, margin, err)
            if verdict is None:
                return Resolution("unresolved")
            if isinstance(verdict, np.ndarray):
                roots.append(verdict)
        lo, hi = lo[keep], hi[keep]
        if not len(lo):
            break
        axis = np.argmax(hi - lo, axis=1)
        rows = np.arange(len(lo))
        mid = (lo[rows, axis] + hi[rows, axis]) / 2
        lo2, hi2 = lo.copy(), hi.copy()
        hi[rows, axis] = mid
        lo2[rows, axis] = mid
        lo = np.concatenate([lo, lo2])
        hi = np.concatenate([hi, hi2])
    return Resolution("solved", roots)


def _settle(
    conditions: _Conditions,
    lo: np.ndarray,
    hi: np.ndarray,
    enclosure: tuple[np.ndarray, np.ndarray],
    margin: float,
    err: float,
) -> np.ndarray | bool | None:
    """The refined root if the unique root in ``[lo, hi]`` is an equilibrium point, False
    if it is not, ``None`` if undecided."""
    klo, khi = np.maximum(enclosure[0], lo), np.minimum(enclosure[1], hi)
    verdict = _decide(conditions, klo, khi, margin)
    if verdict is False:
        return False
    x = _newton(conditions, (klo + khi) / 2, klo, khi)
    rho = 1e-9 * np.maximum(1.0, np.abs(x))
    tight_lo, tight_hi = np.maximum(x - rho, klo), np.minimum(x + rho, khi)
    tight = _krawczyk(conditions, tight_lo, tight_hi, err)
    if tight is None:
        return None
    verdict = _decide(conditions, np.maximum(tight[0], klo), np.minimum(tight[1], khi),
                      margin)
    if verdict is None:
        return None
    return x if verdict else False
