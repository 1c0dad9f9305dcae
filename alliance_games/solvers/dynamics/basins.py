"""Exact basin boundaries of the two-population replicator dynamics on 2x2 games.

Write ``x`` for the share of the row population playing its first strategy and ``y``
for the column population's. With row payoffs ``A = [[a11, a12], [a21, a22]]`` and
column payoffs ``B``, the asymmetric replicator dynamics are (Weibull 1995, §5.2;
Hofbauer & Sigmund 1998, §10.2)

.. math::

    \\dot x = x(1-x)\\,f(y), \\quad f(y) = p_1 y - p_2 (1-y), \\qquad
    \\dot y = y(1-y)\\,g(x), \\quad g(x) = q_1 x - q_2 (1-x),

with ``p1 = a11 - a21``, ``p2 = a22 - a12``, ``q1 = b11 - b12``, ``q2 = b22 - b21``.

**A constant of motion.** Separating variables, ``g(x) dx / (x(1-x)) = f(y) dy /
(y(1-y))``; by partial fractions ``g(x)/(x(1-x)) = -q2/x + q1/(1-x)`` and ``f(y)/(y(1-y))
= p2/y - p1/(1-y)``, so

.. math::

    H(x, y) = -q_2 \\ln x - q_1 \\ln(1-x) + p_2 \\ln y + p_1 \\ln(1-y)

is constant along every orbit (``dH/dt = g f - f g = 0``; Hofbauer & Sigmund 1998,
§10.2 use it to show the interior orbits of zero-sum-like games are closed).

**Coordination** (``p1, p2, q1, q2 > 0``): the pure profiles (1, 1) and (0, 0) are
stable, (1, 0) and (0, 1) are sources, and the interior rest point ``x* = q2/(q1 + q2)``,
``y* = p2/(p1 + p2)`` is a saddle (Jacobian ``[[0, α], [β, 0]]`` with ``α = x*(1-x*)(p1 +
p2) > 0``, ``β = y*(1-y*)(q1 + q2) > 0``, eigenvalues ``±sqrt(αβ)``). The boundary
between the basins of (1, 1) and (0, 0) is the saddle's stable manifold, which runs from
the source (0, 1) through the saddle to the source (1, 0): the branch of the level set
``H = H(x*, y*)`` that is decreasing (the other branch, increasing, is the unstable
manifold). For each ``x`` it is the root ``y = φ(x)`` of ``H(x, y) = H*`` on the side of
``y*`` away from the unstable branch (``y ↦ p2 ln y + p1 ln(1-y)`` is strictly concave
with its maximum at ``y*``, so the root there is unique). The basin of (1, 1) is the
region above it, of area ``∫_0^1 (1 - φ(x)) dx``.

*Straight-line case.* ``H(x, 1 - x) = (p1 - q2) ln x + (p2 - q1) ln(1 - x)`` is constant
iff ``p1 = q2`` and ``p2 = q1``: then the boundary is the anti-diagonal ``y = 1 - x`` and
each basin is exactly half of the square.

**Anti-coordination** (``p1, p2, q1, q2 < 0``, a two-population hawk-dove): (1, 0) and
(0, 1) are stable, (0, 0) and (1, 1) sources; the stable manifold runs from (0, 0)
through the saddle to (1, 1) (increasing) and divides the basins of (0, 1), above it, and
(1, 0), below. ``H(x, x) = (p2 - q2) ln x + (p1 - q1) ln(1 - x)`` is constant iff ``p =
q``, i.e. the game is symmetric: then the boundary is the diagonal ``y = x`` and each
basin is exactly half (the symmetric population state is invariant, and in two
populations it is a knife edge: the one-population ESS is not stable here).

**Numerical cross-check.** The curve is also followed as the definition says: from the
saddle, a small step along the stable eigenvector ``(sqrt α, ∓sqrt β)``, integrated
backward in time (``scipy.integrate.solve_ivp``, both branches) to the edge of the
square; the largest ``|H - H*|`` along those paths and their largest distance from the
root-found curve are reported.

References
----------
Weibull, J. W. (1995). *Evolutionary Game Theory*. MIT Press, ch. 5.
Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*.
Cambridge University Press, §10.2.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ..kernels.roots import brent_root

__all__ = ["two_population_boundary"]

_STEP = 1e-6


def _exact(value: Any) -> Any:
    return Fraction(value) if isinstance(value, int | Fraction) else value


def two_population_boundary(A: Any, B: Any, *, check: bool = True) -> dict[str, Any]:
    """The basin boundary of the two-population replicator dynamics of a 2x2 game.

    Parameters
    ----------
    A, B
        The row and column players' 2x2 payoffs (exact ``Fraction``/``int`` entries give
        exact saddles and exact shares where a closed form exists).
    check
        Integrate backward from the saddle along the stable eigenvector as a cross-check.

    Returns
    -------
    dict
        ``kind`` (``"coordination"``, ``"anti-coordination"`` or ``"none"``), ``saddle``
        ``(x*, y*)``, ``p``, ``q``, ``equation`` (the level set of the constant of motion),
        ``straight_line`` (``"y = 1 - x"``, ``"y = x"`` or ``None``), ``shares`` (basin
        label -> share of the unit square: exact 1/2 on a straight line, else a float from
        quadrature), ``shares_exact``, ``curve`` (points ``[x, y]`` at ``x = 0.05, 0.10,
        ..., 0.95`` where the curve reaches), and with
        ``check`` ``max_H_drift`` and ``max_curve_gap`` of the backward integration.

    Examples
    --------
    A coordination game with ``p1 = q2 = 2``, ``p2 = q1 = 1``: the boundary is
    ``y = 1 - x`` through the saddle (2/3, 1/3), and each basin is half the square.

    >>> b = two_population_boundary([[2, 0], [0, 1]], [[1, 0], [0, 2]], check=False)
    >>> b["straight_line"], [str(v) for v in b["saddle"]], b["shares"]["(1, 1)"]
    ('y = 1 - x', ['2/3', '1/3'], Fraction(1, 2))
    """
    a = [[_exact(v) for v in row] for row in A]
    b = [[_exact(v) for v in row] for row in B]
    p1, p2 = a[0][0] - a[1][0], a[1][1] - a[0][1]
    q1, q2 = b[0][0] - b[0][1], b[1][1] - b[1][0]
    coordination = all(v > 0 for v in (p1, p2, q1, q2))
    anti = all(v < 0 for v in (p1, p2, q1, q2))
    out: dict[str, Any] = {"p": (p1, p2), "q": (q1, q2)}
    if not (coordination or anti):
        out.update(kind="none", reading="no interior saddle: the two-population dynamics "
                                        "have no basin boundary of this kind (dominance, or "
                                        "orbits around an interior centre)")
        return out
    xs, ys = q2 / (q1 + q2), p2 / (p1 + p2)
    out["kind"] = "coordination" if coordination else "anti-coordination"
    out["saddle"] = (xs, ys)
    fp = [float(v) for v in (p1, p2, q1, q2)]
    h_star = _H(fp, float(xs), float(ys))
    h_star = 0.0 if abs(h_star) < 1e-12 else h_star
    out["equation"] = (f"-({_s(q2)}) ln x - ({_s(q1)}) ln(1 - x) + ({_s(p2)}) ln y + "
                       f"({_s(p1)}) ln(1 - y) = {h_star:.12g}")
    if coordination:
        line = "y = 1 - x" if (p1 == q2 and p2 == q1) else None
        upper, lower = "(1, 1)", "(0, 0)"
    else:
        line = "y = x" if (p1 == q1 and p2 == q2) else None
        upper, lower = "(0, 1)", "(1, 0)"
    out["straight_line"] = line
    out["above"], out["below"] = upper, lower
    curve = _curve(fp, float(xs), float(ys), h_star, coordination)
    out["curve"] = curve
    if line is not None:
        half = Fraction(1, 2) if all(isinstance(v, Fraction) for v in (p1, p2, q1, q2)) \
            else 0.5
        out["shares"] = {upper: half, lower: half}
        out["shares_exact"] = isinstance(half, Fraction)
    else:
        above = _area_above(fp, float(xs), float(ys), h_star, coordination)
        out["shares"] = {upper: above, lower: 1.0 - above}
        out["shares_exact"] = False
    out["reading"] = (
        f"the saddle's stable manifold divides the basins: starts above it go to {upper}, "
        f"below it to {lower}" + (f"; it is the straight line {line}" if line else
                                 "; it is the level curve of the constant of motion H "
                                 "through the saddle"))
    if check:
        out.update(_backward_check(fp, float(xs), float(ys), h_star, coordination))
    return out


def _s(v: Any) -> str:
    return str(v)


def _H(fp: list[float], x: float, y: float) -> float:
    p1, p2, q1, q2 = fp
    return (-q2 * math.log(x) - q1 * math.log1p(-x) + p2 * math.log(y)
            + p1 * math.log1p(-y))


def _phi(fp: list[float], x: float, xs: float, ys: float, h_star: float,
         coordination: bool) -> float | None:
    """The stable manifold's ``y`` at ``x`` (``None`` where it does not reach ``x``)."""
    if abs(x - xs) < 1e-15:
        return ys
    # coordination: above y* left of x*, below right of it; anti-coordination: the reverse
    high_side = (x < xs) == coordination
    p1, p2, q1, q2 = fp
    hx = -q2 * math.log(x) - q1 * math.log1p(-x)

    def gap(y: float) -> float:
        return hx + p2 * math.log(y) + p1 * math.log1p(-y) - h_star

    a, b = (ys, 1 - 1e-16) if high_side else (1e-300, ys)
    ga, gb = gap(a), gap(b)
    if ga == 0:
        return a
    if ga * gb > 0:
        return None
    return float(brent_root(gap, a, b, xtol=1e-15, rtol=1e-15, maxiter=500))


def _curve(fp: list[float], xs: float, ys: float, h_star: float, coordination: bool
           ) -> list[list[float]]:
    points = []
    for k in range(1, 20):
        x = k / 20
        y = _phi(fp, x, xs, ys, h_star, coordination)
        if y is not None:
            points.append([x, y])
    return points


def _area_above(fp: list[float], xs: float, ys: float, h_star: float,
                coordination: bool) -> float:
    """``∫_0^1 (1 - φ(x)) dx`` by adaptive quadrature, split at the saddle."""
    from scipy.integrate import quad

    def top(x: float) -> float:
        y = _phi(fp, x, xs, ys, h_star, coordination)
        if y is None:  # beyond the curve's reach the boundary is the square's edge
            return 0.0 if (x < xs) == coordination else 1.0
        return 1.0 - y

    left = quad(top, 0.0, xs, epsabs=1e-12, epsrel=1e-10, limit=200)[0]
    right = quad(top, xs, 1.0, epsabs=1e-12, epsrel=1e-10, limit=200)[0]
    return left + right


def _backward_check(fp: list[float], xs: float, ys: float, h_star: float,
                    coordination: bool) -> dict[str, float]:
    """Follow the stable manifold backward from the saddle; compare with ``H`` and φ."""
    import numpy as np
    from scipy.integrate import solve_ivp

    p1, p2, q1, q2 = fp
    alpha = xs * (1 - xs) * (p1 + p2)
    beta = ys * (1 - ys) * (q1 + q2)
    # J = [[0, α], [β, 0]] (αβ > 0 in both cases): (α, λ) is an eigenvector of λ, and
    # λ = -sqrt(αβ) is the stable one
    lam = -math.sqrt(alpha * beta)
    v = np.array([alpha, lam])
    v /= np.linalg.norm(v)

    def back(_t: float, z: np.ndarray) -> list[float]:
        x, y = z
        return [-(x * (1 - x) * (p1 * y - p2 * (1 - y))),
                -(y * (1 - y) * (q1 * x - q2 * (1 - x)))]

    def leave(_t: float, z: np.ndarray) -> float:
        return float(min(z[0], 1 - z[0], z[1], 1 - z[1]) - 1e-9)

    leave.terminal = True  # type: ignore[attr-defined]
    drift = gap = 0.0
    for sign in (1, -1):
        start = np.array([xs, ys]) + sign * _STEP * v
        sol = solve_ivp(back, (0.0, 1e4), start, events=leave, rtol=1e-11, atol=1e-13,
                        dense_output=False, max_step=1.0)
        for x, y in sol.y.T:
            if 1e-6 < x < 1 - 1e-6 and 1e-6 < y < 1 - 1e-6:
                drift = max(drift, abs(_H(fp, x, y) - h_star))
                phi = _phi(fp, x, xs, ys, h_star, coordination)
                if phi is not None and abs(x - xs) > 1e-3:
                    gap = max(gap, abs(phi - y))
    return {"max_H_drift": float(drift), "max_curve_gap": float(gap)}
