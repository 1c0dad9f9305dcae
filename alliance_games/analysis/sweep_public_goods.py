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
ties between allies' bliss levels keep the per-point path. For the Cobb-Douglas form
:func:`bulk_rows` goes further: the solver's float arithmetic, operation for operation,
on numpy arrays (IEEE operations in the same order give the same doubles), so its rows
are built as columns too.

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

from .sweep_rational import with_small_pages

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


# ---------------------------------------------------------------- the whole grid at once
#: KKT residual (relative to the allies' incomes) above which a point is left to the
#: per-point path, whose certificate (residual at most 1e-7) then decides
RESIDUAL = 1e-9


def _ranks_grid(values: np.ndarray) -> np.ndarray:
    """:func:`~alliance_games.solvers.public_goods.burden._ranks` at every point
    (allies x points): ascending stable order, a run of values within 1e-12 (relative
    to the run's first value) shares the average rank."""
    n, size = values.shape
    order = np.argsort(values, axis=0, kind="stable")
    ordered = np.take_along_axis(values, order, 0)
    start = np.zeros((n, size), dtype=np.int64)  # first position of each position's run
    current = np.zeros(size, dtype=np.int64)
    cols = np.arange(size)
    for pos in range(1, n):
        first = ordered[current, cols]
        close = np.abs(ordered[pos] - first) <= 1e-12 * np.maximum(1.0, np.abs(first))
        current = np.where(close, current, pos)
        start[pos] = current
    end = np.zeros((n, size), dtype=np.int64)
    last = np.full(size, n - 1)
    for pos in range(n - 1, -1, -1):
        end[pos] = last
        if pos:
            last = np.where(start[pos] != start[pos - 1], pos - 1, last)
    rank_sorted = (start + end) / 2 + 1
    ranks = np.empty((n, size))
    np.put_along_axis(ranks, order, rank_sorted, 0)
    return ranks


def _distinct_rank_rows(pairs: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``pairs`` (points x 2n average ranks, each a half-integer
    in [1, n]) and, per point, its row's position among them.

    Each row is one integer (the doubled ranks as digits in base 2n + 1) while that
    fits in int64, so the rows are told apart by a 1-D sort instead of ``np.unique``
    along an axis (a lexicographic sort of 10^6 float rows took seconds)."""
    base = 2 * n + 1
    if base ** (2 * n) >= 2 ** 62:
        distinct, inverse = np.unique(pairs, axis=0, return_inverse=True)
        return distinct, inverse.ravel()
    key = np.zeros(len(pairs), dtype=np.int64)
    for j in range(2 * n):  # column by column: a strided int64 matmul is slower
        key += np.rint(2 * pairs[:, j]).astype(np.int64) * base ** j
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return pairs[first], inverse.ravel()


@with_small_pages
def bulk_rows(fields: Any, axes: Sequence[Any], holes: np.ndarray) -> Any:
    """Every grid point's row of a Cobb-Douglas alliance at once (:class:`~.sweep_table.
    Bulk`), with the solver's floating-point arithmetic operation for operation.

    The per-point path solves in floats (its rows have no exact columns):
    :func:`~alliance_games.solvers.public_goods.nash._cobb_douglas_nash` (allies by
    decreasing ``w_i / k_i``, ``k_i = (1 - α_i)/α_i``, the first consistent contributor
    set, sums folded in that order), the Lindahl benchmark (``Σ α_i w_i`` in the allies'
    order) and :func:`~alliance_games.solvers.public_goods.burden.burden_analysis`. IEEE
    arithmetic gives the same double for the same operations in the same order, so the
    same operations on numpy arrays give the per-point floats; Spearman's correlation
    depends on the two rank vectors only and is the solver's own function, once per
    distinct pair. The certificate's KKT residual is recomputed; a point above
    :data:`RESIDUAL` is left to the per-point path (at an exact KKT point of this
    concave problem the deviation gain is rounding noise, far below the certificate's
    1e-9 of the largest income). Other utility forms keep the record path."""
    from ..solvers.public_goods.burden import _spearman
    from .sweep_rational import fields_on_grid
    from .sweep_table import Bulk, Kind

    players, utility, _ = fields.structure
    if utility != "cobb_douglas":
        return None
    n = len(players)
    _, data = fields_on_grid(fields, axes, 2 * n)
    size = len(data[0])
    ok = ~holes
    for d in data:
        ok &= d.sign() > 0
    for d in data[n:]:
        ok &= d.cmp(1) < 0
    w = np.stack([d.floats() for d in data[:n]])
    a = np.stack([d.floats() for d in data[n:]])
    a = np.where(ok, a, 0.5)  # placeholders at the holes keep the arithmetic defined
    w = np.where(ok, w, 1.0)
    with np.errstate(all="ignore"):
        k = (1.0 - a) / a
        order = np.argsort(-(w / k), axis=0, kind="stable")
        ws, ks = np.take_along_axis(w, order, 0), np.take_along_axis(k, order, 0)
        # the first consistent contributor set: the first m allies of the order
        total = np.full(size, np.nan)
        member = np.zeros((n, size), dtype=bool)
        found = np.zeros(size, dtype=bool)
        sum_w = np.zeros(size)
        sum_k = np.zeros(size)
        for m in range(1, n + 1):
            sum_w = sum_w + ws[m - 1]
            sum_k = sum_k + ks[m - 1]
            t = sum_w / (1.0 + sum_k)
            inside = (ws[:m] >= ks[:m] * t).all(axis=0)
            outside = (ws[m:] <= ks[m:] * t).all(axis=0) if m < n else np.ones(size, bool)
            pick = ~found & inside & outside
            total = np.where(pick, t, total)
            member[:m] |= pick
            found |= pick
        ok &= found
        # x_i = max(0, w_i - k_i X) for the members (max keeps 0.0 unless the gap is > 0)
        gap_sorted = ws - ks * total
        x_sorted = np.where(member & (gap_sorted > 0.0), gap_sorted, 0.0)
        x = np.empty((n, size))
        np.put_along_axis(x, order, x_sorted, 0)
        wealth = w[0].copy()
        for i in range(1, n):
            wealth = wealth + w[i]
        level = np.zeros(size)
        for i in range(n):
            level = level + a[i] * w[i]
        shares = a * w / level
        lindahl = shares * level
        tiny = 1e-12 * np.maximum(1.0, wealth)
        free = (x <= tiny).any(axis=0)
        ratio = total / level
        # the certificate's KKT residuals (kkt_residuals, floats)
        paid = x[0].copy()
        for i in range(1, n):
            paid = paid + x[i]
        y = w - x
        slope = a / paid - (1 - a) / y
        residual = np.where(x <= 0, np.maximum(0.0, slope), np.abs(slope))
        ok &= (paid > 0) & (y > 0).all(axis=0)
        ok &= (residual <= RESIDUAL).all(axis=0)
        burdens = x / w
    rank_w, rank_b = _ranks_grid(w), _ranks_grid(burdens)
    pairs = np.concatenate([rank_w, rank_b]).T
    distinct, inverse = _distinct_rank_rows(pairs, n)
    correlation = []
    for row in distinct.tolist():
        value = _spearman(row[:n], row[n:])
        correlation.append(np.nan if value is None else value)
    corr = np.array(correlation)[inverse.ravel()]
    has_corr = ~np.isnan(corr)
    label = np.where(free, 0, np.where(ratio < 1 - 1e-12, 1, 2))
    formula = str(fields.game.formula)
    analysis: dict[str, tuple[Any, Any]] = {
        "utility": (np.full(size, formula, dtype=object), None),
        "nash_total": (total, None), "pareto_total": (level, None),
        "provision_ratio": (ratio, None), "free_riding_gap": (level - total, None),
    }
    for i, p in enumerate(players):
        analysis[f"lindahl_shares.{p}"] = (shares[i], None)
    for i, p in enumerate(players):
        analysis[f"lindahl_contributions.{p}"] = (lindahl[i], None)
    analysis["income_burden_rank_correlation"] = (corr, None)
    base_keys = list(analysis)[:-1]
    kinds = []
    for regime in REGIMES:
        for with_corr in (False, True):
            keys = tuple(base_keys + (["income_burden_rank_correlation"] if with_corr
                                      else []))
            kinds.append(Kind(1, True, regime, (regime,), False, keys))
    kind = label * 2 + has_corr.astype(np.int64)
    ones = np.ones(size)
    outcomes = {r: (ones, ones, None, None) for r in REGIMES}
    return Bulk(np.where(ok, kind, -1), kinds, "", outcomes, analysis)
