"""Every support profile of one size class decided at once: vectorised exclusion,
Krawczyk isolation and certification of the roots (float mode).

A *size class* is the set of support profiles with the same support sizes
``(k_1, ..., k_n)``. On each of them the free probabilities ``x`` (``σ_i(s)`` for
``s ∈ S_i`` other than the first, ``σ_i(s_i^0) = 1 - Σ``) range over a box and the
conditions of an equilibrium with that support are (:mod:`.exclusion`)

.. math::

    f_{i,s}(x) = u_i(s, σ_{-i}) - u_i(s_i^0, σ_{-i}) = 0 \\;(s ∈ S_i),\\qquad
    g_{i,s'}(x) = u_i(s', σ_{-i}) - u_i(s_i^0, σ_{-i}) ≤ 0 \\;(s' ∉ S_i),\\qquad σ > 0.

Every ``f`` and ``g`` is multilinear, and player ``i``'s conditions depend only on the
other players' probabilities. On a box ``X = Π_j X_j`` (``X_j`` player ``j``'s free
probabilities) the exact range of a condition of player ``i`` is therefore the hull of its
values at the vertices of ``Π_{j≠i} X_j``, and these values are a tensor contraction of
player ``i``'s payoff table (restricted to the others' supports) with, for each other
player ``j``, the matrix of ``σ_j`` at the ``2^{k_j-1}`` vertices of ``X_j``. The same
contraction with the constant matrix ``∂σ_j/∂x_j`` in place of player ``j``'s vertices
gives the exact range of every partial derivative ``∂f_{i,s}/∂x_{j,t}`` on the box: the
interval Jacobian ``J(X)``.

All boxes of all support profiles of a class are held in arrays (the support that owns
each box, its lower and upper corners) and every step is done for all of them at once:

1. **exclusion**: a box is dropped when some ``f`` is bounded away from zero, some ``g``
   is positive or some ``σ_i(s_i^0)`` is non-positive on all of it; each probability's
   upper bound is cut to ``1 - Σ`` of the others' lower bounds (``σ_i(s_i^0) > 0``);
2. **Krawczyk operator** (Krawczyk 1969; Moore, Kearfott & Cloud 2009, §8.2):
   ``K(X) = c - Y f(c) + (I - Y J(X))(X - c)`` with ``c`` the centre and ``Y`` the
   inverse of the Jacobian at ``c``. Every root of ``f`` in ``X`` lies in ``K(X)``, so
   a box with ``K(X) ∩ X = ∅`` holds no root and is dropped, and otherwise ``X`` is
   replaced by ``X ∩ K(X)``; when ``K(X)`` lies in the interior of ``X`` the box holds
   exactly one root;
3. **preconditioned exclusion and contraction**: ``g = Y f`` is again multilinear, so
   the exact range of each ``g_r`` on the box is the hull of its values at the ``2^d``
   vertices of the whole box; a box where some ``g_r`` is bounded away from zero is
   dropped, and each side is contracted by projection (along a side every ``g_r`` is
   affine between its ranges on the two opposite faces; Sherbrooke & Patrikalakis
   1993);
4. **bisection** of the boxes that did not shrink enough, across the side of largest
   smear (width times the largest partial derivative in its column), at a fixed
   off-centre ratio so that roots with simple rational coordinates do not fall on a
   cut;
5. each box with a unique root: Newton's method from its centre, then the Krawczyk test
   on a box of width ``~1e-10`` around the result (or Krawczyk steps on the whole box
   when that fails) gives a tight enclosure; the root is an equilibrium of the support
   when the enclosure shows every probability positive and every deviation gain
   negative, and is dropped when it shows one of the wrong sign on all of it.

Small games put all their mixed support profiles in one batch: a profile with a
smaller support is padded to the full size by off-support strategies whose free
probabilities are fixed at 0 (zero-width sides, with the equation ``x = 0``).

Rounding: payoffs are scaled to ``[-1, 1]``; interval bounds are widened by
``ERR = 1e-11`` (the rounding error of these sums of at most a few hundred terms is
below ``1e-13``), and a box is excluded only when a condition clears ``MARGIN = 1e-9``.
A support profile whose conditions are degenerate (an indifference condition vanishes
identically, a root on the boundary of the simplex, a singular Jacobian at a root) is
not decided here: it is returned as *unresolved*, and the caller decides it by the exact
route (:mod:`..kernels.algebraic`), which also reports continua of equilibria.

Strict conditional dominance (Porter, Nudelman & Shoham 2008) is applied first, to the
whole class at once: a support in which some supported strategy of a player is strictly
worse than another of its strategies against every pure profile of the others' supports
cannot carry an equilibrium. (Floating-point rounding of exact payoffs is monotone, so
a strict inequality between rounded payoffs holds for the exact ones.)

References
----------
Krawczyk, R. (1969). Newton-Algorithmen zur Bestimmung von Nullstellen mit
Fehlerschranken. *Computing* 4, 187-201.
Moore, R. E., Kearfott, R. B. & Cloud, M. J. (2009). *Introduction to Interval
Analysis*. SIAM.
Kearfott, R. B. (1996). *Rigorous Global Search: Continuous Problems*. Kluwer
(the smear heuristic for bisection).
Sherbrooke, E. C. & Patrikalakis, N. M. (1993). Computation of the solutions of
nonlinear polynomial systems. *Computer Aided Geometric Design* 10(5), 379-405.
McKelvey, R. D. & McLennan, A. (1996). Computation of equilibria in finite games.
*Handbook of Computational Economics* 1, 87-142.
Porter, R., Nudelman, E. & Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642-662.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import binary
from .support_profiles import Supports, _compositions

__all__ = ["ClassOutcome", "solve_class", "size_classes", "supports_of_class"]

#: a box is excluded only when a condition clears this margin (payoffs scaled to [-1, 1])
MARGIN = 1e-9
#: widening of computed interval bounds for rounding
ERR = 1e-11
#: bisection point, as a fraction of the widest side (off-centre on purpose)
SPLIT = 0.4871
#: a support with more live boxes than this is left unresolved
MAX_BOXES = 16384
#: bisection rounds before the remaining supports of a class are left unresolved
MAX_ROUNDS = 200
#: Krawczyk steps that tighten the enclosure of a unique root (when Newton's method and a
#: tiny box did not)
TIGHTEN = 8
#: Newton steps on a box with a unique root
NEWTON = 6
#: the preconditioned exclusion (all ``2^d`` vertices of a box) up to this many free
#: probabilities
FULL_VERTICES_UP_TO = 12
#: while fewer boxes than this are split in a round, each is split again (numpy's cost
#: of a round is mostly its fixed overhead when the boxes are few)
FEW_BOXES = 128
#: a box whose widest side a round's contraction brought below this share is not split
SHRINK = 0.7


@dataclass
class ClassOutcome:
    """What :func:`solve_class` decided for one size class.

    ``roots`` lists ``(supports, x)`` for every equilibrium found (``x`` the free
    probabilities, the centre of a tight certified enclosure); ``unresolved`` the support
    profiles left undecided (degenerate conditions or too many boxes); ``dominated``
    and ``excluded`` count the profiles ruled out by conditional dominance and by the
    box tests.
    """

    roots: list[tuple[Supports, np.ndarray]] = field(default_factory=list)
    unresolved: list[Supports] = field(default_factory=list)
    dominated: int = 0
    excluded: int = 0


def size_classes(shape: Sequence[int], max_support: int | None = None,
                 key: Callable[[tuple[int, ...]], Any] | None = None
                 ) -> Iterator[tuple[int, ...]]:
    """The support sizes ``(k_1, ..., k_n)``, by increasing total (then ``key``, default
    lexicographic), mixed and pure."""
    caps = [m if max_support is None else min(m, max_support) for m in shape]
    for total in range(len(shape), sum(caps) + 1):
        sizes = list(_compositions(total, caps))
        if key is not None:
            sizes.sort(key=key)
        yield from sizes


def supports_of_class(shape: Sequence[int], sizes: Sequence[int]) -> list[Supports]:
    """The support profiles of one size class, in lexicographic order."""
    return list(itertools.product(
        *(itertools.combinations(range(m), k) for m, k in zip(shape, sizes, strict=True))))


@functools.lru_cache(maxsize=64)
def _corners(k: int) -> np.ndarray:
    return np.array(list(itertools.product((0.0, 1.0), repeat=k))).reshape(2**k, k)


@functools.lru_cache(maxsize=64)
def _dsigma(k: int) -> np.ndarray:
    """``∂σ/∂x`` for a support of ``k`` strategies: row ``t`` is ``e_{t+1} - e_0``."""
    d = np.zeros((1, k - 1, k))
    d[0, :, 0] = -1.0
    d[0, np.arange(k - 1), np.arange(1, k)] = 1.0
    return d


class _Class:
    """The payoff tables of a group of support profiles and the contractions on their
    boxes.

    ``sizes`` are the group's (padded) support sizes ``K_j``; a profile with a smaller
    support ``k_j < K_j`` is padded with strategies off its support whose free
    probabilities are fixed at 0 (a zero-width side of its boxes, ``active`` False);
    the equation of such a slot is ``x = 0``. A size class has no padding.
    """

    def __init__(self, payoffs: np.ndarray, sizes: Sequence[int],
                 profiles: list[Supports]) -> None:
        n = len(sizes)
        self.n = n
        self.sizes = tuple(sizes)
        self.shape = payoffs.shape[1:]
        self.free = [k - 1 for k in sizes]
        self.vertices = [2 ** f for f in self.free]
        self.offsets = np.concatenate(([0], np.cumsum(self.free))).astype(int)
        self.d = int(self.offsets[-1])
        self.profiles = profiles
        count = len(profiles)
        # slot t of player j is active when t < |S_j| - 1
        lengths = np.array([[len(support) for support in p] for p in profiles]).reshape(
            count, n)
        owner_of = np.repeat(np.arange(n), self.free)  # the player of each slot
        slot = np.arange(self.d) - self.offsets[owner_of]
        self.active = slot[None, :] < lengths[:, owner_of] - 1
        self.padded = not self.active.all()
        # per player: each profile's strategies, its support first, then the others
        orders = []
        for j in range(n):
            cache: dict[tuple[int, ...], list[int]] = {}
            orders.append(np.array([
                cache.get(p[j]) or cache.setdefault(
                    p[j], list(p[j]) + [s for s in range(self.shape[j]) if s not in p[j]])
                for p in profiles]).reshape(count, self.shape[j]))
        self.tables = []
        for i in range(n):
            index = []
            others = [j for j in range(n) if j != i]
            for j in range(n):
                # own strategies: all, supported first; the others': the support, padded
                rows = orders[j] if j == i else orders[j][:, :sizes[j]]
                position = 1 if j == i else 2 + others.index(j)
                shape = [count] + [1] * n
                shape[position] = rows.shape[1]
                index.append(rows.reshape(shape))
            self.tables.append(payoffs[i][tuple(index)])  # (P, m_i, k_others...)
        #: the tables with the own axis last, ``(P, k_others..., m_i)`` (:meth:`contract`)
        self.rotated = [np.ascontiguousarray(np.moveaxis(t, 1, -1)) for t in self.tables]

    def factors(self, lo: np.ndarray, hi: np.ndarray, vertices: bool = True,
                derivative: bool = True) -> list[np.ndarray]:
        """Per player ``j``: ``σ_j`` at the vertices of each box's ``X_j`` (or at the
        centre, ``vertices=False``), followed by the rows of ``∂σ_j/∂x_j``
        (``derivative``): ``(B, V_j + f_j, k_j)``."""
        out = []
        count = len(lo)
        for j, f in enumerate(self.free):
            a, b = self.offsets[j], self.offsets[j + 1]
            rows = (self.vertices[j] if vertices else 1)
            sigma = np.empty((count, rows + (f if derivative else 0), f + 1))
            if vertices:
                x = lo[:, None, a:b] + _corners(f)[None] * (hi[:, a:b] - lo[:, a:b])[:, None]
            else:
                x = ((lo[:, a:b] + hi[:, a:b]) / 2)[:, None]
            sigma[:, :rows, 1:] = x
            sigma[:, :rows, 0] = 1.0 - x.sum(axis=2)
            if derivative and f:
                sigma[:, rows:] = _dsigma(f + 1)
            out.append(sigma)
        return out

    def contract(self, i: int, owner: np.ndarray, factors: Sequence[np.ndarray]
                 ) -> np.ndarray:
        """Player ``i``'s table contracted with ``factors[j]`` (``(B, A_j, k_j)``) for
        every other ``j``: ``(B, m_i, A_j...)``, the ``A_j`` in player order.

        The table is held with player ``i``'s own axis last (``rotated``); each step
        contracts the leading axis with one matrix product per box and appends the new
        axis at the end, ``(B, k_j, Y) -> (B, Y, A_j)``, so that after the last other
        player the axes are back in order. (One BLAS product per box and step; the
        batched products over each row of the table this replaces were many times
        slower on these small matrices.)"""
        table = self.rotated[i][owner]
        count = table.shape[0]
        axes = [count, self.shape[i]]
        for j in range(self.n):
            if j == i:
                continue
            table = np.matmul(table.reshape(count, self.sizes[j], -1).transpose(0, 2, 1),
                              factors[j].transpose(0, 2, 1))
            axes.append(factors[j].shape[1])
        return table.reshape(axes)

    def expand(self, owner: np.ndarray, factors: Sequence[np.ndarray]) -> list[np.ndarray]:
        return [self.contract(i, owner, factors) for i in range(self.n)]

    def ranges(self, tensors: Sequence[np.ndarray]
               ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per player ``(minimum, maximum)`` over the vertices of every condition
        ``u_i(s) - u_i(s_i^0)``, ``s`` over the supported strategies then the others:
        ``(B, m_i - 1)`` each (from :meth:`expand` on vertex factors)."""
        out = []
        for i, t in enumerate(tensors):
            index = (slice(None), slice(None)) + tuple(
                slice(0, self.vertices[j]) for j in range(self.n) if j != i)
            v = t[index]
            corners = int(np.prod(v.shape[2:], dtype=int))
            cond = (v[:, 1:] - v[:, :1]).reshape(len(t), t.shape[1] - 1, corners)
            out.append(_hull(cond))
        return out

    def jacobian(self, tensors: Sequence[np.ndarray], reduce: bool
                 ) -> tuple[np.ndarray, np.ndarray]:
        """The Jacobian of the indifference equations from :meth:`expand` on factors
        with derivative rows: its range ``(low, high)`` over the vertices (``reduce``),
        or its value at the centre (``reduce=False``, factors at the centre)."""
        count = len(tensors[0])
        low = np.zeros((count, self.d, self.d))
        high = np.zeros((count, self.d, self.d)) if reduce else low
        for i, t in enumerate(tensors):
            fi = self.free[i]
            if fi == 0:
                continue
            r0, r1 = self.offsets[i], self.offsets[i + 1]
            others = [j for j in range(self.n) if j != i]
            for j in others:
                fj = self.free[j]
                if fj == 0:
                    continue
                vj = self.vertices[j] if reduce else 1
                index: tuple[Any, ...] = (slice(None), slice(0, fi + 1))
                for o in others:
                    if o == j:
                        index += (slice(vj, None),)
                    elif reduce:
                        index += (slice(0, self.vertices[o]),)
                    else:
                        index += (0,)
                part = t[index]
                part = part[:, 1:] - part[:, :1]
                c0, c1 = self.offsets[j], self.offsets[j + 1]
                if reduce and part.size <= HULL_DIRECT_UP_TO:  # small: one call each
                    axes = tuple(2 + a for a, o in enumerate(others) if o != j)
                    low[:, r0:r1, c0:c1] = part.min(axis=axes) if axes else part
                    high[:, r0:r1, c0:c1] = part.max(axis=axes) if axes else part
                elif reduce:
                    part = np.moveaxis(part, 2 + others.index(j), 2).reshape(
                        count, fi, fj, -1)
                    low[:, r0:r1, c0:c1], high[:, r0:r1, c0:c1] = _hull(part)
                else:
                    low[:, r0:r1, c0:c1] = part
        return low, high

    def equations(self, tensors: Sequence[np.ndarray], owner: np.ndarray,
                  x: np.ndarray) -> np.ndarray:
        """The indifference equations at the points ``x`` (from :meth:`expand` on
        factors at ``x``): ``(B, d)``; a padded slot's equation is ``x = 0``."""
        out = []
        for i, t in enumerate(tensors):
            v = t.reshape(len(t), t.shape[1], -1)[:, :self.free[i] + 1, 0]
            out.append(v[:, 1:] - v[:, :1])
        values = np.concatenate(out, axis=1)
        if self.padded:
            values = np.where(self.active[owner], values, x)
        return values

    def pad_rows(self, owner: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        """Give each padded slot the Jacobian row of ``x = 0`` (in place)."""
        if not self.padded:
            return
        rows = ~self.active[owner]
        eye = np.eye(self.d, dtype=bool)[None]
        for m in (low, high):
            m[rows] = 0.0
            m[rows[:, :, None] & eye] = 1.0

    def row_masks(self, owner: np.ndarray) -> list[np.ndarray]:
        """Per player: which of the ``m_i - 1`` conditions are equations (supported
        strategies) rather than deviation gains: ``(B, m_i - 1)``."""
        out = []
        active = self.active[owner]
        for i, f in enumerate(self.free):
            mask = np.zeros((len(owner), self.shape[i] - 1), dtype=bool)
            mask[:, :f] = active[:, self.offsets[i]:self.offsets[i + 1]]
            out.append(mask)
        return out


#: :func:`_hull` reduces over the leading axis of a transposed copy up to this many values
HULL_TRANSPOSE_UP_TO = 64
#: ... unless the array holds at most this many values (then the copy costs more)
HULL_DIRECT_UP_TO = 2048


def _hull(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The minimum and maximum over the last axis. numpy reduces short trailing axes
    slowly (one inner loop per row); up to :data:`HULL_TRANSPOSE_UP_TO` values the
    axis is moved to the front of a contiguous copy and reduced there, elementwise
    across rows (the same values, so the same minimum and maximum), except for arrays
    of at most :data:`HULL_DIRECT_UP_TO` values, where the call overhead dominates."""
    if values.shape[-1] > HULL_TRANSPOSE_UP_TO or values.size <= HULL_DIRECT_UP_TO:
        return values.min(axis=-1), values.max(axis=-1)
    front = np.ascontiguousarray(np.moveaxis(values, -1, 0))
    return front.min(axis=0), front.max(axis=0)


def _cut(lo: np.ndarray, hi: np.ndarray, cls: _Class, owner: np.ndarray) -> np.ndarray:
    """Cut each probability's upper bound to ``1 - Σ`` of the other lower bounds of its
    player (``σ_j(s_j^0) > 0``) in place; True where a box is then empty or has a
    player's ``σ_j(s_j^0) <= 0`` on all of it."""
    bad = np.zeros(len(lo), dtype=bool)
    for j, f in enumerate(cls.free):
        if f == 0:
            continue
        a, b = cls.offsets[j], cls.offsets[j + 1]
        total = lo[:, a:b].sum(axis=1)
        bad |= total >= 1.0
        np.minimum(hi[:, a:b], (1.0 - total)[:, None] + lo[:, a:b], out=hi[:, a:b])
    bad |= np.any((hi <= 0.0) & cls.active[owner], axis=1) | np.any(hi < lo, axis=1)
    return bad


def _krawczyk(cls: _Class, owner: np.ndarray, lo: np.ndarray, hi: np.ndarray,
              jlo: np.ndarray, jhi: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The Krawczyk operator on each box, given the range ``[jlo, jhi]`` of the Jacobian
    on it: ``(klo, khi, ok, y)``, ``ok`` False where the Jacobian at the centre is
    singular (then ``klo, khi`` are ``lo, hi``), ``y`` the inverse of the Jacobian at the
    centre."""
    count, d = lo.shape
    mid = (lo + hi) / 2
    rad = (hi - lo) / 2
    at_mid = cls.expand(owner, cls.factors(lo, hi, vertices=False))
    jmid, _ = cls.jacobian(at_mid, reduce=False)
    cls.pad_rows(owner, jmid, jmid)
    fmid = cls.equations(at_mid, owner, mid)
    y, ok = _inverse(jmid)
    centre = (jlo + jhi) / 2
    spread = (jhi - jlo) / 2 + ERR
    c = np.eye(d)[None] - y @ centre
    ay = np.abs(y)
    radius = ((np.abs(c) + ay @ spread) @ rad[:, :, None])[:, :, 0]
    radius += ay.sum(axis=2) * ERR
    radius = radius * (1 + 1e-9) + 1e-15
    shift = -(y @ fmid[:, :, None])[:, :, 0]
    klo = mid + shift - radius
    khi = mid + shift + radius
    klo[~ok] = lo[~ok]
    khi[~ok] = hi[~ok]
    return klo, khi, ok, y


def _inverse(matrices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inverses of a stack of matrices and where they exist (finite).

    Exactly singular matrices (a zero pivot in LU, hence determinant exactly 0) are
    replaced by the identity before one batched inversion and marked not ok, instead
    of inverting the stack one matrix at a time after a ``LinAlgError``."""
    with np.errstate(all="ignore"):
        try:
            y = np.linalg.inv(matrices)
            ok = np.asarray(np.isfinite(y).all(axis=(1, 2)))
        except np.linalg.LinAlgError:  # some singular: set them aside
            singular = ~(np.abs(np.linalg.det(matrices)) > 0.0)
            safe = matrices.copy()
            safe[singular] = np.eye(matrices.shape[1])
            try:
                y = np.linalg.inv(safe)
            except np.linalg.LinAlgError:  # pragma: no cover - det and inv disagree
                return _inverse_each(matrices)
            ok = np.asarray(np.isfinite(y).all(axis=(1, 2))) & ~singular
    y[~ok] = 0.0
    return y, ok


def _inverse_each(matrices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_inverse` one matrix at a time (the fallback)."""
    y = np.zeros_like(matrices)
    ok = np.zeros(len(matrices), dtype=bool)
    for b, m in enumerate(matrices):
        try:
            y[b] = np.linalg.inv(m)
            ok[b] = bool(np.isfinite(y[b]).all())
        except np.linalg.LinAlgError:
            pass
    y[~ok] = 0.0
    return y, ok


def _preconditioned(cls: _Class, owner: np.ndarray, tensors: Sequence[np.ndarray],
                    y: np.ndarray,
                    ok: np.ndarray, lo: np.ndarray, hi: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exclusion and contraction by the preconditioned system ``g = Y f``:
    ``(empty, lo', hi')``.

    A linear combination of multilinear polynomials is multilinear, so the exact range
    of ``g_r`` on a box is the hull of its values at the ``2^d`` vertices of the whole
    box; with ``Y`` the inverse Jacobian at the centre the ``g_r`` are nearly decoupled
    (``g_r ≈ x_r - x_r^*``). A box is empty when some ``g_r`` is bounded away from zero.
    Otherwise each variable is contracted (projected polyhedron, Sherbrooke & Patrikalakis
    1993): along ``x_v = lo_v + t (hi_v - lo_v)`` every ``g_r`` is affine in ``t``
    between its ranges on the faces ``t = 0`` and ``t = 1``, so a root needs
    ``(1-t) min_0 + t min_1 <= 0 <= (1-t) max_0 + t max_1``, an interval of ``t``.
    The margin is :data:`MARGIN` times the row sum of ``|Y|`` (the rounding of ``f``)."""
    count = len(y)
    empty = np.zeros(count, dtype=bool)
    if cls.d > FULL_VERTICES_UP_TO or not ok.any():
        return empty, lo, hi
    full = [cls.vertices[j] for j in range(cls.n)]
    dims = cls.d
    yy = y * cls.active[owner][:, None, :] if cls.padded else y  # padded: x = 0 rows
    # g = Y f at every vertex, vertex axes first (player order, each player's bits in
    # order, variable 0 the highest bit), then (B, d): player i's rows of f do not
    # depend on i's own vertices, so Y_i f_i is computed once per vertex of the others
    # and broadcast along i's axis. Vertex axes first, so that the face minima below are
    # reductions over leading axes of a contiguous array (numpy's fast case).
    combined = np.zeros((*full, count, dims))
    for i, t in enumerate(tensors):
        f = cls.free[i]
        if f == 0:
            continue
        index = (slice(None), slice(0, f + 1)) + tuple(
            slice(0, cls.vertices[j]) for j in range(cls.n) if j != i)
        v = t[index]
        v = (v[:, 1:] - v[:, :1]).reshape(count, f, -1)  # (B, f, V_others)
        a0 = cls.offsets[i]
        term = v.transpose(0, 2, 1) @ yy[:, :, a0:a0 + f].transpose(0, 2, 1)  # (B, V, d)
        others = [full[j] for j in range(cls.n) if j != i]
        term = np.moveaxis(term.reshape(count, *others, dims), 0, -2)  # (V..., B, d)
        combined += np.expand_dims(term, i)
    combined = combined.reshape(-1, count, dims)  # (2^d, B, d)
    tau = (np.abs(y).sum(axis=2) * MARGIN)  # (B, d)
    low = np.empty((dims, 2, count, dims))  # (side, face, box, row)
    high = np.empty((dims, 2, count, dims))
    for var in range(dims):
        # the faces x_var = lo_var and x_var = hi_var (variable 0 is the highest bit)
        faces = combined.reshape(2 ** var, 2, 2 ** (dims - 1 - var), count, dims)
        low[var] = faces.min(axis=(0, 2))
        high[var] = faces.max(axis=(0, 2))
    low -= tau  # lower lines <= 0
    high += tau  # upper lines >= 0
    # the whole box (both faces of side 0): some g_r bounded away from zero
    empty = np.any((low[0].min(axis=0) > 0.0) | (high[0].max(axis=0) < 0.0), axis=1) & ok
    t_lo, t_hi = _line_interval(low[:, 0], low[:, 1], high[:, 0], high[:, 1])  # (d, B, d)
    t_lo = np.where(ok[:, None], t_lo, 0.0).max(axis=2).T  # (B, d): over the rows g_r
    t_hi = np.where(ok[:, None], t_hi, 1.0).min(axis=2).T
    empty |= np.any(t_lo > t_hi, axis=1)
    width = hi - lo
    slack = 1e-12
    new_lo = np.maximum(lo, lo + np.maximum(t_lo - slack, 0.0) * width)
    new_hi = np.minimum(hi, lo + np.minimum(t_hi + slack, 1.0) * width)
    return empty, new_lo, new_hi


def _line_interval(a: np.ndarray, b: np.ndarray, c: np.ndarray, e: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The interval of ``t ∈ [0, 1]`` with ``(1-t) a + t b <= 0 <= (1-t) c + t e``
    (empty when ``lo > hi``)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        # (1-t) a + t b <= 0
        cross_low = a / (a - b)
        t_lo = np.where(a <= 0, 0.0, np.where(b <= 0, cross_low, 2.0))
        t_hi = np.where(b <= 0, 1.0, np.where(a <= 0, cross_low, -1.0))
        # (1-t) c + t e >= 0
        cross_up = c / (c - e)
        u_lo = np.where(c >= 0, 0.0, np.where(e >= 0, cross_up, 2.0))
        u_hi = np.where(e >= 0, 1.0, np.where(c >= 0, cross_up, -1.0))
    return np.maximum(t_lo, u_lo), np.minimum(t_hi, u_hi)


def _exclude(cls: _Class, owner: np.ndarray, lo: np.ndarray, hi: np.ndarray,
             ranges: Sequence[tuple[np.ndarray, np.ndarray]], first: bool = False
             ) -> tuple[np.ndarray, np.ndarray]:
    """``(excluded, degenerate)`` per box (see the module docstring); ``degenerate``
    (first round only) marks an indifference condition that vanishes at every vertex of
    the whole box, hence identically."""
    excluded = _cut(lo, hi, cls, owner)
    degenerate = np.zeros(len(lo), dtype=bool)
    for (low, high), eq in zip(ranges, cls.row_masks(owner), strict=True):
        excluded |= np.any(eq & ((low > MARGIN) | (high < -MARGIN)), axis=1)
        excluded |= np.any(~eq & (low > MARGIN), axis=1)
        if first:
            degenerate |= np.any(eq & (low >= -MARGIN) & (high <= MARGIN), axis=1)
    return excluded, degenerate


def _verdict(cls: _Class, owner: np.ndarray, lo: np.ndarray, hi: np.ndarray,
             ranges: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """On enclosures of single roots: 1 where every point is an equilibrium point of
    its support, -1 where none is, 0 undecided."""
    verdict = np.zeros(len(lo), dtype=int)
    active = cls.active[owner]
    positive = np.all((lo > 0.0) | ~active, axis=1)
    negative = np.any((hi < 0.0) & active, axis=1)
    for j, f in enumerate(cls.free):
        if f == 0:
            continue
        a, b = cls.offsets[j], cls.offsets[j + 1]
        positive &= 1.0 - hi[:, a:b].sum(axis=1) > 0.0
        negative |= 1.0 - lo[:, a:b].sum(axis=1) < 0.0
    no_gain = np.ones(len(lo), dtype=bool)
    gain = np.zeros(len(lo), dtype=bool)
    for (low, high), eq in zip(ranges, cls.row_masks(owner), strict=True):
        no_gain &= np.all((high < -MARGIN) | eq, axis=1)
        gain |= np.any((low > MARGIN) & ~eq, axis=1)
    verdict[positive & no_gain] = 1
    verdict[negative | gain] = -1
    return verdict


def _inside(klo: np.ndarray, khi: np.ndarray, lo: np.ndarray, hi: np.ndarray,
            active: np.ndarray) -> np.ndarray:
    """``[klo, khi]`` lies in the interior of ``[lo, hi]`` on every active side (a
    padded side is the exact value 0)."""
    return np.all((np.abs((klo + khi) / 2 - (lo + hi) / 2) + (khi - klo) / 2
                   < (hi - lo) / 2) | ~active, axis=1)


def solve_class(payoffs: np.ndarray, sizes: Sequence[int],
                profiles: list[Supports] | None = None,
                expired: Callable[[], bool] | None = None) -> ClassOutcome:
    """Decide every support profile of the size class ``sizes`` (see the module
    docstring). ``payoffs[i, s_1, ..., s_n]`` are floats scaled to ``[-1, 1]``;
    ``expired()`` is polled between rounds (then the undecided profiles are returned as
    unresolved).

    When the compiled kernel for the game's shape is loaded (:mod:`.binary`: one for
    two strategies per player, one for any number), the profiles are decided there
    instead (the same tests, one box at a time in compiled loops; ``expired`` polled
    between pieces of 512 profiles).
    """
    shape = payoffs.shape[1:]
    if profiles is None:
        profiles = supports_of_class(shape, sizes)
    if binary.is_binary(shape):
        module, decide = binary.kernel(len(sizes)), binary.decide
    else:
        module, decide = binary.general_kernel(shape, len(sizes)), binary.decide_general
    if module is not None:
        return _solve_compiled(module, payoffs, profiles, expired, decide)
    start = time.process_time()
    try:
        return _solve_class(payoffs, sizes, profiles, expired)
    finally:
        binary.spent += time.process_time() - start


def _solve_compiled(module: Any, payoffs: np.ndarray, profiles: list[Supports],
                    expired: Callable[[], bool] | None, decide: Callable[..., Any]
                    ) -> ClassOutcome:
    """:func:`solve_class` by a compiled kernel of :mod:`.binary` (``decide``:
    :func:`.binary.decide` for two strategies per player, :func:`.binary.decide_general`
    otherwise), with this module's constants."""
    outcome = ClassOutcome()
    if not profiles:
        return outcome
    status, owner, roots = decide(module, payoffs, profiles, margin=MARGIN, err=ERR,
                                  split=SPLIT, shrink=SHRINK, newton=NEWTON,
                                  tighten=TIGHTEN, expired=expired)
    unresolved = status == module.UNRESOLVED
    outcome.dominated = int((status == module.DOMINATED).sum())
    outcome.unresolved = [profiles[p] for p in np.flatnonzero(unresolved)]
    two = decide is binary.decide
    for p, row in zip(owner.tolist(), roots, strict=True):
        supports = profiles[p]
        if two:  # one probability per player, 0 for the pure ones
            x = row[[j for j, s in enumerate(supports) if len(s) == 2]]
        else:  # the free probabilities in order
            x = row[:sum(len(s) - 1 for s in supports)]
        outcome.roots.append((supports, x.copy()))
    outcome.excluded = (len(profiles) - outcome.dominated - int(unresolved.sum())
                        - len(set(owner.tolist())))
    return outcome


def _solve_binary(module: Any, payoffs: np.ndarray, profiles: list[Supports],
                  expired: Callable[[], bool] | None = None) -> ClassOutcome:
    """:func:`_solve_compiled` for games with two strategies per player."""
    return _solve_compiled(module, payoffs, profiles, expired, binary.decide)


def _solve_general(module: Any, payoffs: np.ndarray, profiles: list[Supports],
                   expired: Callable[[], bool] | None = None) -> ClassOutcome:
    """:func:`_solve_compiled` for any number of strategies per player."""
    return _solve_compiled(module, payoffs, profiles, expired, binary.decide_general)


def _solve_class(payoffs: np.ndarray, sizes: Sequence[int], profiles: list[Supports],
                 expired: Callable[[], bool] | None) -> ClassOutcome:
    """:func:`solve_class` on the numpy path."""
    outcome = ClassOutcome()
    if not profiles:
        return outcome
    cls = _Class(payoffs, sizes, profiles)
    alive = ~_dominated(cls)
    outcome.dominated = int((~alive).sum())
    owner = np.flatnonzero(alive)
    if not len(owner):
        return outcome
    if cls.d == 0 or not cls.active[owner].any(axis=1).all():
        if cls.d == 0:
            _pure(cls, owner, outcome)
            return outcome
        raise ValueError("pure profiles form their own size class")
    lo = np.zeros((len(owner), cls.d))
    hi = cls.active[owner].astype(float)
    unresolved = np.zeros(len(profiles), dtype=bool)
    root_owner: list[np.ndarray] = []
    root_lo: list[np.ndarray] = []
    root_hi: list[np.ndarray] = []
    for round_ in range(MAX_ROUNDS + 1):
        if not len(owner):
            break
        if round_ == MAX_ROUNDS or (expired is not None and expired()):
            unresolved[owner] = True
            break
        tensors = cls.expand(owner, cls.factors(lo, hi))
        uncut = hi.copy()  # the box of the vertex values (_exclude cuts hi in place)
        excluded, degenerate = _exclude(cls, owner, lo, hi, cls.ranges(tensors),
                                        first=round_ == 0)
        if degenerate.any():
            unresolved[owner[degenerate]] = True
        keep = ~excluded & ~degenerate & ~unresolved[owner]
        owner, lo, hi, uncut = owner[keep], lo[keep], hi[keep], uncut[keep]
        if not len(owner):
            break
        # (the vertex values are those of the box before the exclusion cut its upper
        # bounds: a larger box, so the ranges still enclose; the contraction maps them
        # onto that box)
        kept = [t[keep] for t in tensors]
        jlo, jhi = cls.jacobian(kept, reduce=True)
        cls.pad_rows(owner, jlo, jhi)
        klo, khi, ok, y = _krawczyk(cls, owner, lo, hi, jlo, jhi)
        empty, plo, phi = _preconditioned(cls, owner, kept, y, ok, lo, uncut)
        unique = ok & _inside(klo, khi, lo, hi, cls.active[owner])
        empty |= ok & (np.any(klo > hi, axis=1) | np.any(khi < lo, axis=1))
        unique &= ~empty
        before = (hi - lo).max(axis=1)
        smear = np.maximum(np.abs(jlo), np.abs(jhi)).max(axis=1) + 1e-3
        lo = np.where(ok[:, None], np.maximum(np.maximum(plo, klo), lo), lo)
        hi = np.where(ok[:, None], np.minimum(np.minimum(phi, khi), hi), hi)
        empty |= np.any(lo > hi, axis=1) & ~unique
        if unique.any():
            root_owner.append(owner[unique])
            root_lo.append(lo[unique])
            root_hi.append(hi[unique])
        rest = ~unique & ~empty
        owner, lo, hi, before = owner[rest], lo[rest], hi[rest], before[rest]
        smear = smear[rest]
        if not len(owner):
            break
        # contracted well: decide again without splitting; otherwise bisect
        shrunk = (hi - lo).max(axis=1) < SHRINK * before
        counts = np.bincount(owner, minlength=len(profiles))
        crowded = counts[owner] * 2 > MAX_BOXES
        if crowded.any():
            unresolved[owner[crowded]] = True
            owner, lo, hi = owner[~crowded], lo[~crowded], hi[~crowded]
            shrunk, smear = shrunk[~crowded], smear[~crowded]
        if (~shrunk).any():
            o2, l2, h2 = _bisect(owner[~shrunk], lo[~shrunk], hi[~shrunk], smear[~shrunk])
            s2 = np.concatenate([smear[~shrunk]] * 2)
            while len(o2) < FEW_BOXES:  # few boxes: a round costs its overhead, split more
                o2, l2, h2 = _bisect(o2, l2, h2, s2)
                s2 = np.concatenate([s2, s2])
            owner = np.concatenate([owner[shrunk], o2])
            lo = np.concatenate([lo[shrunk], l2])
            hi = np.concatenate([hi[shrunk], h2])
    if root_owner:
        _settle_roots(cls, np.concatenate(root_owner), np.concatenate(root_lo),
                      np.concatenate(root_hi), unresolved, outcome)
    outcome.unresolved = [profiles[p] for p in np.flatnonzero(unresolved)]
    outcome.excluded = int(alive.sum()) - int(unresolved.sum()) - len(
        {s for s, _ in outcome.roots})
    return outcome


def _settle_roots(cls: _Class, owner: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                  unresolved: np.ndarray, outcome: ClassOutcome) -> None:
    """Tighten the enclosures of single roots by Krawczyk steps and keep the equilibria;
    a root whose status the enclosure cannot decide leaves its support unresolved."""
    keep = ~unresolved[owner]
    owner, lo, hi = owner[keep], lo[keep], hi[keep]
    if not len(owner):  # every root box belongs to a support left unresolved
        return
    # Newton's method from the centre (kept in the box), then the Krawczyk test on a
    # tiny box around the result; where that fails, Krawczyk steps on the whole box
    x = (lo + hi) / 2
    for _ in range(NEWTON):
        tensors = cls.expand(owner, cls.factors(x, x, vertices=False))
        jac, _ = cls.jacobian(tensors, reduce=False)
        cls.pad_rows(owner, jac, jac)
        y, ok = _inverse(jac)
        step = np.clip(x - (y @ cls.equations(tensors, owner, x)[:, :, None])[:, :, 0],
                       lo, hi)
        converged = bool(np.all(np.abs(step - x) <= 1e-15 * np.maximum(1.0, np.abs(x))))
        x = step
        if converged:  # (the Krawczyk test below certifies the result either way)
            break
    # the tiny box: 1e-10 wide, or wider where the rounding allowance of the Krawczyk
    # operator (|Y| ERR, row by row) alone would exceed that
    rho = np.maximum(1e-10 * np.maximum(1.0, np.abs(x)),
                     4.0 * ERR * np.abs(y).sum(axis=2))
    tlo, thi = np.maximum(x - rho, lo), np.minimum(x + rho, hi)
    tensors = cls.expand(owner, cls.factors(tlo, thi))
    jlo, jhi = cls.jacobian(tensors, reduce=True)
    cls.pad_rows(owner, jlo, jhi)
    klo, khi, ok, _ = _krawczyk(cls, owner, tlo, thi, jlo, jhi)
    tight = ok & _inside(klo, khi, tlo, thi, cls.active[owner])
    lo = np.where(tight[:, None], np.maximum(klo, tlo), lo)
    hi = np.where(tight[:, None], np.minimum(khi, thi), hi)
    loose = np.flatnonzero(~tight)  # Krawczyk steps on the whole box, these roots only
    for _ in range(TIGHTEN if len(loose) else 0):
        sub = owner[loose]
        tensors = cls.expand(sub, cls.factors(lo[loose], hi[loose]))
        jlo, jhi = cls.jacobian(tensors, reduce=True)
        cls.pad_rows(sub, jlo, jhi)
        klo, khi, ok, _ = _krawczyk(cls, sub, lo[loose], hi[loose], jlo, jhi)
        lo[loose] = np.where(ok[:, None], np.maximum(lo[loose], klo), lo[loose])
        hi[loose] = np.where(ok[:, None], np.minimum(hi[loose], khi), hi[loose])
    tensors = cls.expand(owner, cls.factors(lo, hi, derivative=False))
    verdict = _verdict(cls, owner, lo, hi, cls.ranges(tensors))
    unresolved[owner[verdict == 0]] = True
    for b in np.flatnonzero(verdict == 1):
        if not unresolved[owner[b]]:
            x = (lo[b] + hi[b]) / 2
            outcome.roots.append((cls.profiles[owner[b]], x[cls.active[owner[b]]]))


def _bisect(owner: np.ndarray, lo: np.ndarray, hi: np.ndarray, smear: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split every box at :data:`SPLIT` across the side of largest *smear* (its width
    times the largest partial derivative in its column, Kearfott 1996), where the
    equations vary most."""
    rows = np.arange(len(lo))
    axis = np.argmax((hi - lo) * smear, axis=1)
    cut = lo[rows, axis] + SPLIT * (hi[rows, axis] - lo[rows, axis])
    lo2, hi2 = lo.copy(), hi.copy()
    hi[rows, axis] = cut
    lo2[rows, axis] = cut
    return (np.concatenate([owner, owner]), np.concatenate([lo, lo2]),
            np.concatenate([hi, hi2]))


def _dominated(cls: _Class) -> np.ndarray:
    """Per profile: some supported strategy of a player is strictly worse than another of
    its strategies against every pure profile of the others' supports."""
    out = np.zeros(len(cls.profiles), dtype=bool)
    for i, table in enumerate(cls.tables):
        others = [j for j in range(cls.n) if j != i]
        if cls.padded:  # only the others' supported strategies count
            mask = np.ones(table.shape, dtype=bool)
            for axis, j in enumerate(others, start=2):
                k = np.array([len(p[j]) for p in cls.profiles])
                shape = [len(k)] + [1] * (table.ndim - 1)
                shape[axis] = table.shape[axis]
                position = np.arange(table.shape[axis]).reshape(
                    [1] * axis + [-1] + [1] * (table.ndim - axis - 1))
                mask &= position < k.reshape([-1] + [1] * (table.ndim - 1))
            flat = table.reshape(table.shape[0], table.shape[1], -1)
            valid = mask.reshape(flat.shape)[:, :1]  # (P, 1, K)
        else:
            flat = table.reshape(table.shape[0], table.shape[1], -1)
            valid = np.ones((flat.shape[0], 1, flat.shape[2]), dtype=bool)
        k_own = np.array([len(p[i]) for p in cls.profiles])
        supported = np.arange(table.shape[1])[None] < k_own[:, None]  # (P, m_i)
        beaten = np.all((flat[:, None, :, :] > flat[:, :, None, :]) | ~valid[:, None],
                        axis=3)  # (P, s, t): t beats s
        out |= np.any(beaten & supported[:, :, None], axis=(1, 2))
    return out


def _pure(cls: _Class, owner: np.ndarray, outcome: ClassOutcome) -> None:
    """Pure profiles: an equilibrium when no player gains by deviating (float test;
    the caller re-verifies, exactly in exact mode)."""
    ok = np.ones(len(owner), dtype=bool)
    ones = [np.ones((len(owner), 1, 1))] * cls.n
    for i in range(cls.n):
        dev = cls.contract(i, owner, ones).reshape(len(owner), -1)
        ok &= np.all(dev[:, 1:] <= dev[:, :1], axis=1)
    for p in owner[ok]:
        outcome.roots.append((cls.profiles[p], np.zeros(0)))
    outcome.excluded = int((~ok).sum())


def profile_of(shape: Sequence[int], supports: Supports, x: np.ndarray
               ) -> list[list[float]]:
    """The mixed profile of free probabilities ``x`` on ``supports``."""
    profile, k = [], 0
    for m, support in zip(shape, supports, strict=True):
        row = [0.0] * m
        free = x[k:k + len(support) - 1]
        k += len(support) - 1
        for s, p in zip(support[1:], free, strict=True):
            row[s] = float(p)
        row[support[0]] = float(1.0 - free.sum())
        profile.append(row)
    return profile
