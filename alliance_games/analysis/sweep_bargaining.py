"""Vectorised sweeps of the ``bargaining`` family: Rubinstein and Nash bargaining in closed
form over a whole grid.

With gains from alliance ``G = S - Σ d_i`` (surplus over the no-alliance payoffs), the
solution of :func:`~alliance_games.solvers.bargaining.solutions.solve_bargaining` is:

- ``G < 0``: no mutually beneficial agreement, regime ``no alliance``;
- ``G ≥ 0`` and discount factors given (Rubinstein 1982): the first proposer ``f``
  (responder ``r``) gets the share ``x_f = (1 - δ_r) / (1 - δ_f δ_r)`` of ``G`` at once,
  regime ``alliance formed``; were ``r`` to propose, ``f`` would get
  ``1 - (1 - δ_f)/(1 - δ_r δ_f)``; the difference is the first-mover advantage; the
  frequent-offers limit is ``ln δ_r / (ln δ_f + ln δ_r)``; the ``T``-round shares follow
  ``v_t = 1 - δ_{r(t)} v_{t+1}`` from ``v_T = 1``;
- ``G ≥ 0`` without discount factors (Nash 1950): ``u_i = d_i + w_i G / Σ w``.

The region boundary is ``G = 0``, i.e. ``Σ b_i - C = Σ d_i`` (for ``alliance/
burden_bargaining``: patron_benefit + client_benefit - alliance_cost = patron_alone +
client_alone); the gains are decided exactly, so a point on the boundary is an
agreement, as in the per-point path (``gains < 0`` is refused there).

:func:`solve_grid` computes the regime and the shares of every point with numpy. The
sweep's CSV carries every figure also as an exact string, so each point's figures are
computed in Fractions (closed forms, no game built and no solver called: a few
microseconds) and the floats are those Fractions rounded once, as the per-point path
rounds its exact solution; the frequent-offers limit is the per-point path's own float
expression (:func:`math.log`) and the 50-round share a ratio of two integers divided
once (correctly rounded, like ``float(Fraction)``).

References
----------
Nash, J. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1),
97-109.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .sweep_rational import with_small_pages

__all__ = ["BargainingGrid", "solve_grid", "classify", "extract", "point_record"]

#: relative distance of the gains from 0 below which the float sign is not trusted
#: (those points' regime is decided in Fractions)
TIE = 1e-9

HORIZONS = (1, 2, 3, 10, 50)
#: a point's row: n_equilibria, complete, regime, game_type, outcome ranges, their exact
#: values, the analysis figures and their exact strings (as in ``SweepPoint``)
Row = tuple[int, bool, str, str, dict[str, tuple[float, float]],
            dict[str, tuple[Fraction, Fraction]], Any, Any]
AGREEMENT, NO_AGREEMENT = "alliance formed", "no alliance"


@dataclass(frozen=True)
class BargainingGrid:
    """Every grid point's regime (``agreement``) and Rubinstein shares."""

    agreement: np.ndarray
    proposer_share: np.ndarray
    proposer_share_if_other_proposes: np.ndarray


def solve_grid(gains: np.ndarray, delta_first: np.ndarray, delta_second: np.ndarray
               ) -> BargainingGrid:
    """Regime and proposer shares of every point at once (see the module docstring)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        x_first = (1 - delta_second) / (1 - delta_first * delta_second)
        x_other = 1 - (1 - delta_first) / (1 - delta_second * delta_first)
    return BargainingGrid(gains >= 0, x_first, x_other)


# ---------------------------------------------------------------- reading the game
def extract(game: Any) -> tuple[Any, tuple[Fraction, ...]] | None:
    """``(structure, data)`` of a :class:`~alliance_games.games.bargaining.
    BargainingGame`: the data are the surplus, disagreement payoffs, benefits, cost,
    weights and discount factors (those given); None for irrational data."""
    data: list[Any] = [game.surplus, *game.disagreement]
    present = []
    for name in ("benefits", "cost", "weights", "discount_factors"):
        value = getattr(game, name)
        present.append(value is not None)
        if value is None:
            continue
        data.extend(value if isinstance(value, tuple) else (value,))
    if not all(isinstance(v, Fraction) for v in data):
        return None
    return (game.players, tuple(present), game.proposer), tuple(data)


def _unpack(structure: Any, data: Sequence[Any]) -> dict[str, Any]:
    players, present, proposer = structure
    n = len(players)
    out: dict[str, Any] = {"players": players, "proposer": proposer,
                           "surplus": data[0], "disagreement": tuple(data[1:1 + n])}
    k = 1 + n
    for name, there, size in zip(("benefits", "cost", "weights", "discount_factors"),
                                 present, (n, 1, n, n), strict=True):
        if not there:
            out[name] = None
            continue
        out[name] = data[k] if name == "cost" else tuple(data[k:k + size])
        k += size
    return out


def valid(structure: Any, data: Sequence[Fraction]) -> bool:
    """The checks of ``BargainingGame.build`` (a point failing them is an error row,
    left to the per-point path)."""
    g = _unpack(structure, data)
    if g["cost"] is not None and g["cost"] < 0:
        return False
    if g["weights"] is not None and any(w <= 0 for w in g["weights"]):
        return False
    deltas = g["discount_factors"]
    if deltas is not None and (len(deltas) != 2 or any(not 0 < d < 1 for d in deltas)):
        return False
    return True


def classify(structure: Any, floats: Sequence[np.ndarray]) -> np.ndarray:
    """Per point 1 (agreement), 0 (no agreement) or -1 (gains within ``TIE`` of 0:
    decided exactly), from the data in floats on the grid."""
    g = _unpack(structure, floats)
    gains = g["surplus"] - sum(g["disagreement"])
    deltas = g["discount_factors"]
    first = g["proposer"]
    ones = np.ones_like(gains)
    d1, d2 = (ones * 0.5, ones * 0.5) if deltas is None else (deltas[first],
                                                             deltas[1 - first])
    grid = solve_grid(gains, d1, d2)
    scale = np.maximum(1.0, np.abs(g["surplus"]))
    return np.where(np.abs(gains) <= TIE * scale, -1, grid.agreement.astype(np.int8))


# ---------------------------------------------------------------- one point, exactly
def _finite_horizon_float(horizon: int, delta_1: Fraction, delta_2: Fraction) -> float:
    """``float(rubinstein_finite_horizon(horizon, δ_1, δ_2))`` without Fractions: the
    recursion on an unreduced numerator and denominator, divided once (Python's integer
    true division rounds correctly, as ``float(Fraction)`` does)."""
    num, den = 1, 1
    for t in range(horizon - 1, 0, -1):
        d = delta_2 if t % 2 == 1 else delta_1
        num, den = den * d.denominator - d.numerator * num, den * d.denominator
    return num / den


def point_record(structure: Any, data: Sequence[Fraction], case: int,
                 make_analysis: Callable[[dict[str, Any]], tuple[Any, Any]]
                 ) -> Row | None:
    """The sweep row of one point: equilibrium count, completeness, regime, game type,
    outcome ranges (float and exact) and the flattened ``analysis`` figures, as the
    per-point path reports them; None when the exact regime disagrees with ``case``
    (the kernel's float decision), so that the point is solved one by one."""
    g = _unpack(structure, data)
    players = g["players"]
    gains = g["surplus"] - sum(g["disagreement"])
    if case != -1 and (gains >= 0) != bool(case):
        return None
    one = Fraction(1)
    if gains < 0:
        figures, exact = make_analysis({"gains_from_alliance": gains})
        return (1, True, NO_AGREEMENT, "", {NO_AGREEMENT: (1.0, 1.0)},
                {NO_AGREEMENT: (one, one)}, figures, exact)
    weights = g["weights"] or [1] * len(players)
    total = sum(weights)
    nash = tuple(d + w * gains / total for d, w in zip(g["disagreement"], weights,
                                                         strict=True))
    extra: dict[str, Any] = {
        "surplus": g["surplus"],
        "gains_from_alliance": gains,
        "nash_bargaining_payoffs": dict(zip(players, nash, strict=True)),
    }
    deltas = g["discount_factors"]
    payoffs: Sequence[Fraction]
    if deltas is None:
        payoffs = nash
    else:
        first = g["proposer"]
        second = 1 - first
        d1, d2 = deltas[first], deltas[second]
        x_first = (1 - d2) / (1 - d1 * d2)
        shares = [Fraction(0), Fraction(0)]
        shares[first], shares[second] = x_first, 1 - x_first
        payoffs = [d + s * gains for d, s in zip(g["disagreement"], shares, strict=True)]
        x_other = 1 - (1 - d1) / (1 - d2 * d1)
        r1, r2 = -math.log(float(d1)), -math.log(float(d2))
        extra.update({
            "proposer_share": x_first,
            "proposer_share_if_other_proposes": x_other,
            "first_mover_advantage": x_first - x_other,
            "frequent_offers_limit_share": r2 / (r1 + r2),
            "finite_horizon_shares": {t: _finite_horizon_float(t, d1, d2)
                                      for t in HORIZONS},
        })
    if g["benefits"] is not None and g["cost"]:
        extra["cost_shares"] = dict(zip(players, (b - u for b, u in zip(
            g["benefits"], payoffs, strict=True)), strict=True))
    figures, exact = make_analysis(extra)
    return (1, True, AGREEMENT, "", {AGREEMENT: (1.0, 1.0)}, {AGREEMENT: (one, one)},
            figures, exact)


# ---------------------------------------------------------------- the whole grid at once
@with_small_pages
def bulk_rows(fields: Any, axes: Sequence[Any], holes: np.ndarray) -> Any:
    """Every grid point's row at once (:class:`~.sweep_table.Bulk`), exactly: the
    closed forms of :func:`point_record` on :class:`~.sweep_rational.Rat` arrays.

    The frequent-offers limit (:func:`math.log`, as the solver) and the finite-horizon
    shares (integer recursion, divided once) depend only on the two discount factors:
    they are computed once per distinct pair, on the sub-grid of the axes the discount
    factors move with.
    """
    from .sweep_rational import Rat, distinct_on_subgrid, fields_on_grid
    from .sweep_table import Bulk, Kind

    players, present, first = fields.structure
    n = len(players)
    index, data = fields_on_grid(fields, axes)
    g = _unpack(fields.structure, data)
    positions = _unpack(fields.structure, list(range(len(fields.base))))
    size = len(index[0]) if index else 1
    ok = ~holes
    if g["cost"] is not None:
        ok &= g["cost"].sign() >= 0
    if g["weights"] is not None:
        for w in g["weights"]:
            ok &= w.sign() > 0
    deltas = g["discount_factors"]
    if deltas is not None:
        if len(deltas) != 2:
            return None
        for d in deltas:
            ok &= (d.sign() > 0) & (d.cmp(1) < 0)
    surplus = g["surplus"]
    gains = surplus
    for d in g["disagreement"]:
        gains = gains - d
    agree = gains.sign() >= 0
    if g["weights"] is None:
        weights: list[Any] = [1] * n
        total: Any = n
    else:
        weights = list(g["weights"])
        total = weights[0]
        for w in weights[1:]:
            total = total + w
    nash = [d + w * gains / total for d, w in zip(g["disagreement"], weights, strict=True)]
    analysis: dict[str, tuple[Any, Any]] = {}

    def exact(key: str, value: Any) -> None:
        analysis[key] = (value.floats(), value)

    exact("surplus", surplus)
    exact("gains_from_alliance", gains)
    for p, v in zip(players, nash, strict=True):
        exact(f"nash_bargaining_payoffs.{p}", v)
    keys = ["surplus", "gains_from_alliance"] + [f"nash_bargaining_payoffs.{p}"
                                                 for p in players]
    floats_only: list[str] = []
    payoffs = nash
    if deltas is not None:
        second = 1 - first
        d1, d2 = deltas[first], deltas[second]
        with np.errstate(all="ignore"):
            x_first = (1 - d2) / (1 - d1 * d2)
            x_other = 1 - (1 - d1) / (1 - d2 * d1)
        shares: list[Any] = [None, None]
        shares[first], shares[second] = x_first, 1 - x_first
        payoffs = [d + s * gains for d, s in zip(g["disagreement"], shares, strict=True)]
        exact("proposer_share", x_first)
        exact("proposer_share_if_other_proposes", x_other)
        exact("first_mover_advantage", x_first - x_other)
        pairs, where = distinct_on_subgrid(
            fields, axes, index, [positions["discount_factors"][first],
                                  positions["discount_factors"][second]])
        limit = np.empty(len(pairs))
        horizon = np.empty((len(HORIZONS), len(pairs)))
        for i, (a, b) in enumerate(pairs):
            if not (0 < a < 1 and 0 < b < 1):
                limit[i] = np.nan
                horizon[:, i] = np.nan
                continue
            r1, r2 = -math.log(float(a)), -math.log(float(b))
            limit[i] = r2 / (r1 + r2)
            for h, t in enumerate(HORIZONS):
                horizon[h, i] = _finite_horizon_float(t, a, b)
        analysis["frequent_offers_limit_share"] = (limit[where], None)
        for h, t in enumerate(HORIZONS):
            analysis[f"finite_horizon_shares.{t}"] = (horizon[h][where], None)
        floats_only = ["frequent_offers_limit_share"] + [f"finite_horizon_shares.{t}"
                                                         for t in HORIZONS]
    cost_keys: list[str] = []
    with_costs = np.zeros(size, dtype=bool)
    if g["benefits"] is not None and g["cost"] is not None:
        with_costs = g["cost"].sign() != 0
        for p, b, u in zip(players, g["benefits"], payoffs, strict=True):
            exact(f"cost_shares.{p}", b - u)
            cost_keys.append(f"cost_shares.{p}")
    agreement_keys = tuple(keys + (["proposer_share", "proposer_share_if_other_proposes",
                                    "first_mover_advantage"] if deltas is not None else [])
                           + floats_only)
    exact_set = frozenset(k for k in agreement_keys if k not in floats_only)
    kinds = [
        Kind(1, True, NO_AGREEMENT, (NO_AGREEMENT,), True, ("gains_from_alliance",),
             frozenset({"gains_from_alliance"})),
        Kind(1, True, AGREEMENT, (AGREEMENT,), True, agreement_keys, exact_set),
        Kind(1, True, AGREEMENT, (AGREEMENT,), True, agreement_keys + tuple(cost_keys),
             exact_set | frozenset(cost_keys)),
    ]
    ones = np.ones(size)
    unit = Rat.const(1, size)
    outcomes = {NO_AGREEMENT: (ones, ones, unit, unit), AGREEMENT: (ones, ones, unit, unit)}
    kind = np.where(agree, np.where(with_costs, 2, 1), 0)
    return Bulk(np.where(ok, kind, -1), kinds, "", outcomes, analysis)

