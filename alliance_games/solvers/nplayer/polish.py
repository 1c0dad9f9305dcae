"""Polishing numerical support-enumeration answers and rounding them to rationals.

:func:`polish_profile` refines an approximate equilibrium on its support by Newton's
method on the indifference equations; :func:`_search_continuum` finds one point of a
positive-dimensional support system that satisfies its inequalities (bounded least
squares); :func:`_rational_approximation` rounds float payoffs to nearby rationals (for the
exact solver; its answers are then polished and verified on the true payoffs).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import sympy

from ...games.normal import NormalFormGame
from ...numbers import rational_guess
from .support_systems import SupportSystem

__all__ = ["polish_profile"]


def _search_continuum(system: SupportSystem) -> list[list[float]] | None:
    """A point of a positive-dimensional support system satisfying its inequalities.

    Bounded least squares on the equations, the violated slacks and the probabilities
    (kept at least ``1e-6`` inside the support) from a few seeded starts; ``None`` when
    no start reaches a feasible point. Used only to show one representative of a
    continuum of equilibria, which :func:`make_equilibrium` then verifies.
    """
    from scipy.optimize import least_squares

    variables = system.variables
    equations = sympy.lambdify(variables, system.as_exprs(system.equations) or [0], "math")
    slacks = sympy.lambdify(
        variables, system.as_exprs([d for _, _, d in system.slacks]) or [0], "math"
    )
    inside = system.as_exprs(
        [system.sigma[i][s] for i, support in enumerate(system.supports) for s in support]
    )
    probabilities = sympy.lambdify(variables, inside, "math")
    margin = 1e-6

    def residual(z: np.ndarray) -> np.ndarray:
        eqs = np.asarray(equations(*z), dtype=float)
        sl = np.maximum(np.asarray(slacks(*z), dtype=float), 0.0)
        pr = np.maximum(margin - np.asarray(probabilities(*z), dtype=float), 0.0)
        return np.concatenate([eqs, sl, pr])

    rng = np.random.default_rng(0)
    for _ in range(8):
        z0 = rng.uniform(0.05, 0.95, len(variables)) / max(
            1, max(len(s) for s in system.supports) - 1
        )
        sol = least_squares(residual, z0, bounds=(0.0, 1.0), xtol=1e-15, ftol=1e-15,
                            gtol=1e-15)
        if np.max(np.abs(residual(sol.x))) < 1e-12:
            subs = dict(zip(variables, sol.x, strict=True))
            return [[float(p.subs(subs)) for p in system.as_exprs(row)]
                    for row in system.sigma]
    return None


# ============================================================================ irrational payoffs
def _rational_approximation(payoffs: np.ndarray) -> np.ndarray:
    out = np.empty(payoffs.shape, dtype=object)
    scale = max(1.0, float(np.max(np.abs(payoffs))))
    for idx, v in np.ndenumerate(payoffs):
        out[idx] = rational_guess(v, int(1e9 / scale) + 1)
    return out


class _PolishTimeUp(Exception):
    """The polishing deadline passed inside the root finder."""


def polish_profile(
    game: NormalFormGame, profile: Sequence[Sequence[Any]], deadline: float | None = None
) -> tuple[tuple[float, ...], ...]:
    """Newton's method on the (float) indifference equations of the profile's support.

    The support is read off the profile (probabilities ``> 0``); the result is clipped to
    non-negative probabilities. Used to refine approximate equilibria (rational
    approximations of irrational payoffs, logit path end points) before verification.
    Past ``deadline`` (``time.monotonic()``; each residual of a 16-player game costs a
    deviation-payoff pass over a million profiles) the profile comes back unpolished.
    """
    from scipy.optimize import root

    from ...equilibrium import deviation_payoffs

    start = [np.asarray([float(p) for p in row]) for row in profile]
    supports = [tuple(np.flatnonzero(row > 0)) for row in start]

    def unpack(z: np.ndarray) -> list[np.ndarray]:
        out, k = [], 0
        for i, support in enumerate(supports):
            row = np.zeros(len(start[i]))
            free = z[k:k + len(support) - 1]
            k += len(support) - 1
            row[list(support[1:])] = free
            row[support[0]] = 1 - free.sum()
            out.append(row)
        return out

    def residual(z: np.ndarray) -> np.ndarray:
        if deadline is not None and time.monotonic() > deadline:
            raise _PolishTimeUp
        # each float row of unpack() is read as a sequence of probabilities
        devs = deviation_payoffs(game, cast(list[Sequence[float]], unpack(z)))
        return np.concatenate(
            [devs[i][list(support[1:])] - devs[i][support[0]] for i, support in enumerate(supports)]
        ) if len(z) else np.zeros(0)

    z0 = np.concatenate([row[list(support[1:])] for row, support in zip(start, supports,
                                                                            strict=True)])
    if len(z0) == 0:
        return tuple(tuple(row) for row in start)
    try:
        sol = root(residual, z0, method="hybr", tol=1e-14)
        better = np.max(np.abs(residual(sol.x))) < np.max(np.abs(residual(z0)))
    except _PolishTimeUp:
        better = False
    final = unpack(sol.x if better else z0)
    return tuple(tuple(float(max(p, 0.0)) for p in row) for row in final)
