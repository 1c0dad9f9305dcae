"""Vectorised sweeps of the ``public_goods`` family (Olson & Zeckhauser 1966): Nash
provision, free riding and the efficient level over a whole grid.

For ``n`` allies with incomes ``w_i`` and valuations ``a_i`` the Nash total ``X`` and
contributions ``x_i`` are closed forms (:mod:`alliance_games.solvers.public_goods.
equilibria`):

- ``quasi_linear_log`` (``u_i = y_i + a_i ln X``): ally ``i`` wants the total ``a_i``;
  walking down the allies by decreasing ``a_i`` with ``S`` the incomes of those already
  giving everything, ``X = S`` as soon as ``a_k ≤ S``, else ``X = a_k`` when
  ``S < a_k ≤ S + w_k``; the efficient level is ``min(Σ a_i, Σ w_i)``;
- ``cobb_douglas`` (``u_i = α_i ln X + (1 - α_i) ln y_i``): with ``k_i = (1 - α_i)/α_i``
  the contributors are the first ``m`` allies by decreasing ``w_i / k_i`` for the
  least ``m`` at which ``X = Σ_{i≤m} w_i / (1 + Σ_{i≤m} k_i)`` makes every member give
  (``w_i ≥ k_i X``) and no other want to (``w_j ≤ k_j X``) (Bergstrom, Blume & Varian
  1986); the reported efficient level is the Lindahl total ``Σ α_i w_i``.

The regime of a point is the label of its equilibrium: ``free-riding`` when some ally
gives (next to) nothing, else ``under-provision`` when ``X`` is below the efficient
level, else ``efficient provision``. The boundaries are where an ally's contribution
reaches 0 (``a_k = S`` for the log form; ``w_j = k_j X`` for Cobb-Douglas) and, without
free riders, ``X`` = the efficient level. :func:`classify` gives the regime of every
point with numpy.

The per-point path reports these figures in floating point, computed by the solver's
own sequence of operations (and its certificate, whose failure is an error row), not as
exact rationals; a different order of float operations could change a last digit. So
each row is the solver's own: the game is built from the point's data
(``PublicGoodsGame.build``, no spec compiled) and solved as the per-point path solves
it. The grid pass saves the compile of every point (about half of a point's time) and
gives the regime map at once; the ``quasi_linear_power`` and ``isoelastic`` forms and
ties between allies' bliss levels keep the per-point path.

References
----------
Olson, M. & Zeckhauser, R. (1966). An economic theory of alliances. *Review of Economics
and Statistics* 48(3), 266-279.
Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods.
*Journal of Public Economics* 29, 25-49.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["classify", "extract", "valid", "point_record", "REGIMES", "nash_grid"]

REGIMES = ("free-riding", "under-provision", "efficient provision")
FORMS = ("quasi_linear_log", "cobb_douglas")
#: a point whose float regime is this close (relative) to a boundary is still solved,
#: but its grid code says "near a boundary"
TIE = 1e-9
EXACT = -1


def extract(game: Any) -> tuple[Any, tuple[Fraction, ...]] | None:
    """``((players, utility), incomes + valuations)`` of a public-goods game in a
    closed-form utility with rational data; None otherwise."""
    if type(game).__name__ != "PublicGoodsGame" or game.utility not in FORMS:
        return None
    data = (*game.incomes, *game.valuations)
    if game.exponent is not None or not all(isinstance(v, Fraction) for v in data):
        return None
    return (tuple(game.players), game.utility, game.name), tuple(data)


def valid(structure: Any, data: Sequence[Fraction]) -> bool:
    """``PublicGoodsGame.build``'s checks: positive incomes and valuations, Cobb-Douglas
    shares below 1."""
    players, utility, _ = structure
    n = len(players)
    incomes, valuations = data[:n], data[n:]
    if any(w <= 0 for w in incomes) or any(a <= 0 for a in valuations):
        return False
    return not (utility == "cobb_douglas" and any(a >= 1 for a in valuations))


def nash_grid(utility: str, incomes: np.ndarray, valuations: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nash total, contributions (allies x points) and efficient level of every point.

    ``incomes`` and ``valuations`` have one row per ally and one column per point.
    """
    w, a = np.asarray(incomes, dtype=float), np.asarray(valuations, dtype=float)
    n, size = w.shape
    cols = np.arange(size)
    if utility == "quasi_linear_log":
        order = np.argsort(-a, axis=0, kind="stable")
        full = np.zeros(size)
        total = np.full(size, np.nan)
        x = np.zeros((n, size))
        for rank in range(n):
            i = order[rank]
            level, income = a[i, cols], w[i, cols]
            open_ = np.isnan(total)
            stop = open_ & (level <= full)
            total[stop] = full[stop]
            inside = open_ & ~stop & (level <= full + income)
            x[i[inside], cols[inside]] = level[inside] - full[inside]
            total[inside] = level[inside]
            rest = open_ & ~stop & ~inside
            x[i[rest], cols[rest]] = income[rest]
            full = np.where(rest, full + income, full)
        total = np.where(np.isnan(total), full, total)
        efficient = np.minimum(a.sum(axis=0), w.sum(axis=0))
        return total, x, efficient
    k = (1 - a) / a
    order = np.argsort(-(w / k), axis=0, kind="stable")
    ws, ks = np.take_along_axis(w, order, 0), np.take_along_axis(k, order, 0)
    cum_w, cum_k = np.cumsum(ws, axis=0), np.cumsum(ks, axis=0)
    totals = cum_w / (1 + cum_k)  # candidate totals with the first m + 1 contributors
    total = np.full(size, np.nan)
    for m in range(n):
        t = totals[m]
        inside = (ws[:m + 1] >= ks[:m + 1] * t).all(axis=0)
        outside = (ws[m + 1:] <= ks[m + 1:] * t).all(axis=0) if m + 1 < n else True
        pick = np.isnan(total) & inside & outside
        total[pick] = t[pick]
    x = np.maximum(0.0, w - k * total)
    x = np.where(w / k > total, x, 0.0)
    return total, x, (a * w).sum(axis=0)


def classify(structure: Any, floats: Sequence[np.ndarray]) -> np.ndarray:
    """Every point's regime (an index into :data:`REGIMES`), ``EXACT`` near a boundary."""
    players, utility, _ = structure
    n = len(players)
    columns = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in floats))
    w, a = np.stack(columns[:n]), np.stack(columns[n:])
    total, x, efficient = nash_grid(utility, w, a)
    wealth = w.sum(axis=0)
    tiny = 1e-12 * np.maximum(1.0, wealth)
    free = (x <= tiny).any(axis=0)
    ratio = total / efficient
    code = np.where(free, 0, np.where(ratio < 1 - 1e-12, 1, 2))
    near = (np.abs(x) <= TIE * np.maximum(1.0, wealth)).any(axis=0) & ~free
    near |= np.abs(ratio - 1) <= TIE
    return np.where(near | ~np.isfinite(ratio), EXACT, code)


def point_record(structure: Any, data: Sequence[Fraction], case: int,
                 make_analysis: Callable[[dict[str, Any]], tuple[Any, Any]]) -> Any:
    """The game of one point, built from its data, for the per-point solver (the rows of
    this family are the solver's own floats; see the module docstring)."""
    from ..errors import GameError
    from ..games.public_goods import PublicGoodsGame

    players, utility, name = structure
    n = len(players)
    try:
        return ("solve", PublicGoodsGame.build(players, incomes=data[:n],
                                               valuations=data[n:], utility=utility,
                                               name=name))
    except GameError:
        return None
