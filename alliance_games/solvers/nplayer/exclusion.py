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

import numpy as np

from .support_profiles import Supports

__all__ = ["no_equilibrium", "MARGIN"]

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
