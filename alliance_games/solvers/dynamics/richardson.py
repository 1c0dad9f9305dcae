"""Solve Richardson's arms race: rest point, eigenvalues, stability and the time path.

For ``ż = M z + c`` with ``M = [[-a, k], [l, -b]]`` and ``c = (g, h)``:

- rest point ``z* = -M⁻¹ c``: ``x* = (b g + k h)/(a b - k l)``, ``y* = (a h + l g)/(a b -
  k l)`` (exact rationals when the coefficients are);
- eigenvalues ``λ± = (-(a + b) ± sqrt((a - b)² + 4 k l))/2``, real because ``k l >= 0``;
  exact (with the square root) in the ``exact`` mirror;
- stable iff ``a b > k l`` (trace ``-(a+b) < 0`` and determinant ``a b - k l > 0``:
  both eigenvalues negative);
- time path ``z(t)``: the affine system is made linear by one more coordinate,
  ``d/dt (z, 1) = [[M, c], [0, 0]] (z, 1)``, so ``(z(t), 1) = expm(t [[M, c], [0, 0]])
  (z₀, 1)`` for every case, including ``a b = k l`` (:func:`_expm`, scaling and
  squaring of the Taylor series).

The result has no strategy profiles (no equilibria): every figure is under
``analysis`` (``SolveResult.extra``), with the keys of ``docs/spec-dynamics.md``.

References
----------
Richardson, L. F. (1960). *Arms and Insecurity*. Boxwood Press.
Intriligator, M. D. (1964). Some simple models of arms races. *General Systems* 9,
143-147.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from ...equilibrium import SolveResult
from ...errors import SolverError
from ...games.dynamics import (
    RichardsonGame,
    rational_eigenvalues,
    richardson_regime,
    richardson_rest_point,
)
from ...numbers import as_sympy

__all__ = ["solve_richardson", "richardson_eigenvalues", "richardson_path", "PATH_POINTS"]

#: points of the reported time path (0 .. horizon)
PATH_POINTS = 41


def richardson_eigenvalues(game: RichardsonGame) -> tuple[Any, Any]:
    """``(λ₊, λ₋)`` exactly (sympy numbers; a square root when irrational).

    Examples
    --------
    >>> g = RichardsonGame.build(["X", "Y"], reaction=[1, 1], fatigue=[2, 2])
    >>> richardson_eigenvalues(g)
    (-1, -3)
    """
    import sympy

    (k, el), (a, b) = game.reaction, game.fatigue
    ka, la, aa, ba = (as_sympy(v) for v in (k, el, a, b))
    root = sympy.sqrt((aa - ba) ** 2 + 4 * ka * la)
    plus, minus = (-(aa + ba) + root) / 2, (-(aa + ba) - root) / 2
    if root.is_Float:  # float coefficients: float eigenvalues, nothing to simplify
        return plus, minus
    return sympy.simplify(plus), sympy.simplify(minus)


def richardson_path(game: RichardsonGame, points: int = PATH_POINTS
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Times ``t`` (``points`` from 0 to the horizon) and levels ``z(t)`` (``points × 2``)."""
    (k, el), (a, b), (g, h) = game.reaction, game.fatigue, game.grievance
    generator = np.array([[-float(a), float(k), float(g)],
                          [float(el), -float(b), float(h)],
                          [0.0, 0.0, 0.0]])
    start = np.array([float(game.initial[0]), float(game.initial[1]), 1.0])
    times = np.linspace(0.0, float(game.horizon), points)
    with np.errstate(over="ignore", invalid="ignore"):
        levels = np.array([(_expm(t * generator) @ start)[:2] for t in times])
    return times, levels


#: Taylor terms of ``exp(B)`` for ``‖B‖₁ ≤ 1/2``: the remainder is below
#: ``(1/2)^19 / 19! ≈ 2e-23``, far under the rounding of the sum
_TAYLOR_TERMS = 18


def _expm(a: np.ndarray) -> np.ndarray:
    """``exp(A)`` of a small matrix by scaling and squaring: ``exp(A) = exp(A/2^s)^(2^s)``
    with ``‖A/2^s‖₁ ≤ 1/2`` and ``exp(A/2^s)`` from its Taylor series (Moler and Van Loan
    2003, method 3).

    Hand-written rather than ``scipy.linalg.expm`` (Padé 13 with the same scaling):
    importing ``scipy.linalg`` costs about 0.1-0.2 s, more than the rest of the
    ``solve`` of a Richardson race, for 41 products of 3 x 3 matrices. It needs no case
    analysis: the generator ``[[M, c], [0, 0]]`` is always singular and ``M`` may be
    too (``a b = k l``), or have a double eigenvalue, where closed forms divide by
    zero. Agrees with scipy's to 1e-14 relative (tests/test_perf_lazy_scipy.py).

    References
    ----------
    C. Moler and C. Van Loan, "Nineteen dubious ways to compute the exponential of a
    matrix, twenty-five years later", *SIAM Review* 45(1), 2003, 3-49.
    """
    n = a.shape[0]
    norm = float(np.max(np.sum(np.abs(a), axis=0))) if n else 0.0
    if not math.isfinite(norm):
        return np.full_like(a, math.nan)
    squarings = max(0, math.ceil(math.log2(norm / 0.5))) if norm > 0.5 else 0
    b = a / 2.0 ** squarings
    out = np.eye(n)
    for k in range(_TAYLOR_TERMS, 0, -1):   # Horner: I + B/1 (I + B/2 (I + ...))
        out = np.eye(n) + (b @ out) / k
    for _ in range(squarings):
        out = out @ out
    return out


def solve_richardson(game: RichardsonGame, exact: bool = False) -> SolveResult:
    """Rest point, eigenvalues, stability and time path of a Richardson arms race.

    Parameters
    ----------
    game
        A :class:`~alliance_games.games.dynamics.RichardsonGame`.
    exact
        Accepted for the common interface: the rest point and the stability verdict are
        exact whenever the coefficients are rational.

    Returns
    -------
    SolveResult
        No equilibria; ``extra`` holds ``rest_point``, ``eigenvalues``, ``determinant``,
        ``stable``, ``regime``, ``time_path`` and ``levels_at_horizon``.

    Examples
    --------
    >>> g = RichardsonGame.build(["X", "Y"], reaction=[1, 1], fatigue=[2, 2],
    ...                          grievance=[1, 1])
    >>> r = solve_richardson(g)
    >>> r.extra["rest_point"]["X"], r.extra["stable"]
    (Fraction(1, 1), True)
    """
    if not isinstance(game, RichardsonGame):
        raise SolverError("solve_richardson needs a Richardson arms race")
    x, y = game.players
    (k, el), (a, b) = game.reaction, game.fatigue
    det = game.determinant
    rest = richardson_rest_point(game)
    # rational eigenvalues (the usual case) print and convert as sympy's Rationals do
    lam_plus, lam_minus = rational_eigenvalues(game) or richardson_eigenvalues(game)
    regime = richardson_regime(game)
    times, levels = richardson_path(game)
    is_exact = all(isinstance(v, Fraction) for v in (
        *game.reaction, *game.fatigue, *game.grievance, *game.initial))
    extra: dict[str, Any] = {
        "determinant": det,
        "fatigue_product": a * b,
        "reaction_product": k * el,
        "stable": bool(det > 0),
        "regime": regime,
        "eigenvalues": [float(lam_plus), float(lam_minus)],
    }
    if rest is not None:
        extra["rest_point"] = {x: rest[0], y: rest[1]}
        extra["rest_point_nonnegative"] = bool(rest[0] >= 0 and rest[1] >= 0)
    extra["levels_at_horizon"] = {x: float(levels[-1, 0]), y: float(levels[-1, 1])}
    extra["time_path"] = {"t": [float(t) for t in times],
                          x: [float(v) for v in levels[:, 0]],
                          y: [float(v) for v in levels[:, 1]]}
    if is_exact:
        extra["exact"] = {"eigenvalues": [str(lam_plus), str(lam_minus)]}
    diagnostics = []
    if exact and not is_exact:
        diagnostics.append("some coefficients are irrational: figures are floats")
    if rest is not None and not extra["rest_point_nonnegative"]:
        diagnostics.append("the rest point has a negative armament level: the linear model "
                           "leaves its range (armaments cannot fall below zero)")
    return SolveResult(game=game, method="richardson", complete=True, equilibria=(),
                       exact=is_exact, diagnostics=tuple(diagnostics), extra=extra,
                       requested_method="auto")
