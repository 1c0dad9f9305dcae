"""The polynomial indifference system of a support profile (McKelvey & McLennan 1996).

On a support profile every player is indifferent among its supported strategies: with
``σ_i`` on support ``S_i``, ``u_i(s, σ_{-i}) = v_i`` for ``s ∈ S_i`` and
``Σ_{s∈S_i} σ_i(s) = 1``, a polynomial system in the probabilities and the values
``v_i``, built here in rational polynomial rings for the exact solver.

References
----------
McKelvey, R. D. & McLennan, A. (1996). Computation of equilibria in finite games.
*Handbook of Computational Economics* 1, 87-142.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy import QQ
from sympy.polys.rings import PolyElement, ring

from ...numbers import as_sympy
from .support_profiles import Supports

__all__ = ["SupportSystem", "support_system"]


# ============================================================================ systems
@dataclass(frozen=True)
class SupportSystem:
    """The polynomial conditions of one support profile.

    ``variables`` are the free probabilities (the generators of ``ring``, polynomials
    over ``Q``); ``sigma[i][s]`` is ``σ_i(s)`` as a polynomial in them; ``equations``
    are the indifference conditions; ``slacks`` are ``(player, strategy,
    u_i(s', σ_{-i}) - u_i(s_i^0, σ_{-i}))`` for strategies outside the support (each must
    be ``<= 0``). A pure support profile has no variables and ``ring`` is ``None``;
    its ``sigma``, ``equations`` and ``slacks`` are then rational constants.
    """

    supports: Supports
    variables: tuple[sympy.Symbol, ...]
    sigma: tuple[tuple[Any, ...], ...]
    equations: tuple[Any, ...]
    slacks: tuple[tuple[int, int, Any], ...]
    ring: Any = None

    def as_exprs(self, polys: Sequence[Any]) -> list[sympy.Expr]:
        """Polynomials of the system as sympy expressions."""
        return [p.as_expr() if isinstance(p, PolyElement) else as_sympy(p) for p in polys]


def support_system(payoffs: np.ndarray, supports: Supports) -> SupportSystem:
    """Build the indifference system of ``supports`` over exact (Fraction) payoffs."""
    n = len(supports)
    shape = payoffs.shape[1:]
    names = [f"p{i}_{s}" for i, support in enumerate(supports) for s in support[1:]]
    if names:
        poly_ring, *gens = ring(",".join(names), QQ)
        zero, one = poly_ring.zero, poly_ring.one
    else:
        poly_ring, gens = None, []
        zero, one = Fraction(0), Fraction(1)
    sigma: list[tuple[Any, ...]] = []
    k = 0
    for i, support in enumerate(supports):
        probs: list[Any] = [zero] * shape[i]
        free = gens[k:k + len(support) - 1]
        k += len(support) - 1
        for s, v in zip(support[1:], free, strict=True):
            probs[s] = v
        rest = one
        for v in free:
            rest = rest - v
        probs[support[0]] = rest
        sigma.append(tuple(probs))
    equations: list[Any] = []
    slacks: list[tuple[int, int, Any]] = []
    for i in range(n):
        values = [_pure_value(payoffs, sigma, supports, i, s, zero) for s in range(shape[i])]
        base = values[supports[i][0]]
        for s in range(shape[i]):
            if s == supports[i][0]:
                continue
            diff = values[s] - base
            if s in supports[i]:
                equations.append(diff)
            else:
                slacks.append((i, s, diff))
    variables = tuple(poly_ring.symbols) if poly_ring is not None else ()
    return SupportSystem(supports, variables, tuple(sigma), tuple(equations),
                         tuple(slacks), poly_ring)


def _pure_value(
    payoffs: np.ndarray,
    sigma: Sequence[Sequence[Any]],
    supports: Supports,
    i: int,
    s: int,
    zero: Any,
) -> Any:
    """``u_i(s, σ_{-i})`` as a polynomial in the free probabilities."""
    others = [range(1) if j == i else supports[j] for j in range(len(supports))]
    total = zero
    for rest in itertools.product(*others):
        profile = tuple(s if j == i else rest[j] for j in range(len(supports)))
        coeff = payoffs[(i, *profile)]
        if coeff == 0:
            continue
        term = QQ(coeff.numerator, coeff.denominator) if not isinstance(zero, Fraction) else (
            Fraction(coeff)
        )
        for j in range(len(supports)):
            if j != i:
                term = term * sigma[j][profile[j]]
        total = total + term
    return total
