"""Vectorised sweeps of the risk-return trade-off (``crisis_bargaining``, ``model:
risk_return`` with a uniform cost distribution) over a whole grid.

The proposer with war-winning probability ``p`` and cost ``c_A`` faces a responder whose
cost is uniform on ``[lo, hi]``; with ``t° = (hi - c_A)/2`` the optimal cutoff is
(Fearon 1995, pp. 395-401; :func:`~alliance_games.solvers.crisis.risk_return.
uniform_optimum`):

==================  ==============================  ======================
regime              region                          cutoff ``t*``
==================  ==============================  ======================
whole_stake_peace   ``lo ≥ 1 - p``                  ``1 - p``
safe                ``lo < 1 - p``, ``t° ≤ lo``     ``lo``
risk_return         ``lo < t° < 1 - p``             ``t°``
whole_stake         ``lo < 1 - p ≤ t°``             ``1 - p``
==================  ==============================  ======================

so the boundaries are ``lo = 1 - p``, ``hi - c_A = 2 lo`` and ``hi - c_A = 2 (1 - p)``;
the demand is ``p + t*`` and the probability of war ``F(t*) = (t* - lo)/(hi - lo)``
clipped to ``[0, 1]``. :func:`classify` decides the regime of every point with numpy;
each point's figures (every one of them an exact column) are then those of the solver's
own functions (:func:`~alliance_games.solvers.crisis.risk_return.analysis` on the exact
data), without the per-point compile and without the certificate's 200 evaluations of
``U``: ``U`` is strictly concave on ``[lo, hi]`` and ``t*`` its exact maximiser on the
feasible cutoffs, so the certificate's gain is 0, as the per-point path finds. A point
whose float regime is within ``1e-9`` of a boundary is decided in Fractions.

The commitment problem (``model: commitment_problem``, Fearon 1995, pp. 401-409;
Powell 2006) is swept the same way: :func:`classify` runs the backward induction of
:func:`~alliance_games.solvers.crisis.commitment.commitment_problem` in floats (war when
the declining state's minimum acceptable offer today,
``H (p - c_A) - D max(p - s - c_A, 0)``, exceeds the whole stake, i.e. ``δ s > 1 - p +
c_A`` in two periods when ``p - s ≥ c_A``), and each row is the solver's own backward
induction and analysis on the exact data (all its figures are exact columns).

References
----------
Powell, R. (2006). War as a commitment problem. *International Organization* 60(1),
169-203.
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization*
49(3), 379-414.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..games.crisis import CostDistribution, RiskReturnGame
from ..solvers.crisis.risk_return import (
    RiskReturnSolution,
    analysis,
    proposer_payoff,
    responder_payoff,
    uniform_optimum,
)
from .sweep_rational import with_small_pages

__all__ = ["classify", "extract", "valid", "point_record", "REGIME_CODES"]

TIE = 1e-9
EXACT = -1
REGIME_CODES = ("whole_stake_peace", "safe", "risk_return", "whole_stake")
PEACE, WAR = "peaceful settlement", "war by miscalculation"
COMMITMENT = "commitment_problem"

Row = tuple[int, bool, str, str, dict[str, tuple[float, float]],
            dict[str, tuple[Fraction, Fraction]], Any, Any]


def extract(game: Any) -> tuple[Any, tuple[Fraction, ...]] | None:
    """``(("risk_return", players), (p, c_A, lo, hi))`` of a risk-return game with
    uniform rational costs, ``(("commitment_problem", players, horizon), (p, s, c_A,
    c_B, δ))`` of a commitment problem with rational data; None for any other game."""
    model = getattr(game, "model", None)
    if model == "commitment_problem":
        data = (game.power, game.power_shift, *game.costs, game.discount_factor)
        if not all(isinstance(v, Fraction) for v in data):
            return None
        return (COMMITMENT, tuple(game.players), game.horizon), data
    if model != "risk_return":
        return None
    dist = game.responder_cost
    data = (game.power, game.proposer_cost, dist.low, dist.high)
    if dist.kind != "uniform" or not all(isinstance(v, Fraction) for v in data):
        return None
    return ("risk_return", tuple(game.players)), data


def valid(structure: Any, data: Sequence[Fraction]) -> bool:
    """The compiler's and the game's checks: risk-return ``0 ≤ p ≤ 1``, ``c_A ≥ 0``,
    ``0 ≤ lo < hi``; commitment problem ``0 ≤ p - s ≤ p ≤ 1``, costs ``≥ 0``,
    ``0 < δ < 1`` (``CommitmentGame.build``)."""
    if structure[0] == COMMITMENT:
        p, s, c_a, c_b, delta = data
        return (0 <= p <= 1 and s >= 0 and p - s >= 0 and c_a >= 0 and c_b >= 0
                and 0 < delta < 1 and structure[2] in (2, None))
    p, c_a, lo, hi = data
    return 0 <= p <= 1 and c_a >= 0 and 0 <= lo < hi


def classify(structure: Any, floats: Sequence[np.ndarray]) -> np.ndarray:
    """Every point's regime (an index into :data:`REGIME_CODES`; for the commitment
    problem 1 for preventive war, 0 for peace), ``EXACT`` within ``TIE`` of a
    boundary."""
    if structure[0] == COMMITMENT:
        return _classify_commitment(structure, floats)
    p, c_a, lo, hi = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in floats))
    top = 1 - p
    t_free = (hi - c_a) / 2
    code = np.where(lo >= top, 0, np.where(t_free <= lo, 1, np.where(t_free < top, 2, 3)))
    near = (np.abs(lo - top) <= TIE) | (np.abs(t_free - lo) <= TIE) | (
        np.abs(t_free - top) <= TIE)
    return np.where(near | ~np.isfinite(t_free + top + lo), EXACT, code)


def _classify_commitment(structure: Any, floats: Sequence[np.ndarray]) -> np.ndarray:
    """Peace (0) or preventive war (1) at every point, by the backward induction of
    :func:`~alliance_games.solvers.crisis.commitment.commitment_problem` in floats: war
    when the declining state's minimum acceptable offer today exceeds the whole stake
    (``H (p - c_A) - D max(p - s - c_A, 0) > 1``) or the rising state prefers war to
    buying peace; ``EXACT`` within ``TIE`` of either boundary."""
    p, s, c_a, c_b, delta = np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                                  for v in floats))
    if structure[2] == 2:
        whole, future = 1 + delta, delta
    else:
        whole, future = 1 / (1 - delta), delta / (1 - delta)
    x2 = np.maximum(p - s - c_a, 0.0)
    required = whole * (p - c_a) - future * x2
    x1 = np.maximum(required, 0.0)
    war_b = whole * (1 - p - c_b)
    peace_b = 1 - x1 + future * (1 - x2)
    war = (required > 1) | (war_b > peace_b)
    scale = np.maximum(1.0, np.abs(whole))
    near = (np.abs(required - 1) <= TIE * scale) | (np.abs(war_b - peace_b) <= TIE * scale)
    near |= np.abs(p - s - c_a) <= TIE  # the kink of x2
    return np.where(near | ~np.isfinite(required + war_b), EXACT, war.astype(np.int64))


def _commitment_record(structure: Any, data: Sequence[Fraction], case: int,
                       make_analysis: Callable[[dict[str, Any]], tuple[Any, Any]]
                       ) -> Row | None:
    """A commitment problem's row: the solver's own backward induction and analysis
    (:mod:`alliance_games.solvers.crisis.commitment`) on the exact data, summarised as
    the per-point path summarises its one subgame perfect equilibrium."""
    from ..games.crisis import CommitmentGame
    from ..solvers.crisis.commitment import analysis as commitment_analysis
    from ..solvers.crisis.commitment import commitment_problem

    _, players, horizon = structure
    p, s, c_a, c_b, delta = data
    game = CommitmentGame("", players, p, s, (c_a, c_b), delta, horizon)
    sol = commitment_problem(game)
    if case != EXACT and int(sol.war) != case:
        return None
    figures, exact = make_analysis(commitment_analysis(game, sol))
    label = "preventive war" if sol.war else "peaceful settlement"
    one = Fraction(1)
    exact_outcomes = {label: (one, one)} if sol.regret == 0 else {}
    return (1, True, label, "", {label: (1.0, 1.0)}, exact_outcomes, figures, exact)


def point_record(structure: Any, data: Sequence[Fraction], case: int,
                 make_analysis: Callable[[dict[str, Any]], tuple[Any, Any]]
                 ) -> Row | None:
    """The sweep row of one point (the solver's figures on the exact data); None when
    the exact regime disagrees with the float ``case``."""
    if structure[0] == COMMITMENT:
        return _commitment_record(structure, data, case, make_analysis)
    p, c_a, lo, hi = data
    regime, t = uniform_optimum(p, c_a, lo, hi)
    if case != EXACT and REGIME_CODES[case] != regime:
        return None
    dist = CostDistribution("uniform", lo, hi)
    game = RiskReturnGame("", structure[1], p, c_a, dist)
    f = dist.cdf_below(t)
    solution = RiskReturnSolution(
        regime=regime, cutoff=t, demand=p + t, p_war=f,
        proposer_payoff=proposer_payoff(game, t),
        responder_payoff=responder_payoff(game, t),
        war_costs=c_a * f + dist.partial_mean_below(t), regret=0 * f)
    figures, exact = make_analysis(analysis(game, solution))
    outcomes: dict[str, Any] = {}
    if f < 1:
        outcomes[PEACE] = 1 - f
    if f > 0:
        outcomes[WAR] = f
    return (1, True, " & ".join(sorted(outcomes)), "",
            {k: (float(v), float(v)) for k, v in sorted(outcomes.items())},
            {k: (v, v) for k, v in sorted(outcomes.items())}, figures, exact)


# ---------------------------------------------------------------- the whole grid at once
@with_small_pages
def bulk_rows(fields: Any, axes: Sequence[Any], holes: np.ndarray) -> Any:
    """Every grid point's row of a commitment problem at once (:class:`~.sweep_table.
    Bulk`): the backward induction of :func:`~alliance_games.solvers.crisis.commitment.
    commitment_problem` and the figures of its ``analysis`` on
    :class:`~.sweep_rational.Rat` arrays (all exact; the outcome is war or peace with
    probability 1, the regret is 0 in both branches: ``1 - required < 0`` when war is
    chosen, ``required - x_1 ≤ 0`` and ``war_b ≤ peace_b`` in peace). None for the
    risk-return model (its rows keep :func:`point_record`)."""
    if fields.structure[0] != COMMITMENT:
        return None
    from .sweep_rational import Rat, fields_on_grid
    from .sweep_table import Bulk, Kind

    _, players, horizon = fields.structure
    _, (p, s, c_a, c_b, delta) = fields_on_grid(fields, axes, 5)
    size = len(p)
    p2 = p - s
    ok = ~holes & (p.sign() >= 0) & (p.cmp(1) <= 0) & (s.sign() >= 0) & (p2.sign() >= 0)
    ok &= (c_a.sign() >= 0) & (c_b.sign() >= 0) & (delta.sign() > 0) & (delta.cmp(1) < 0)
    if horizon == 2:
        whole, future = 1 + delta, delta
    elif horizon is None:
        # δ = 1 only at holes: a placeholder there keeps the division defined
        rest = (1 - delta).where(ok, Fraction(1, 2))
        whole, future = 1 / rest, delta / rest
    else:
        return None
    zero = Rat.const(0, size)
    war_a = whole * (p - c_a)
    war_b = whole * (1 - p - c_b)
    x2 = (p2 - c_a).maximum(zero)
    required = war_a - future * x2
    x1 = required.maximum(zero)
    peace_a = x1 + future * x2
    peace_b = 1 - x1 + future * (1 - x2)
    war = (required.cmp(1) > 0) | (war_b.cmp(peace_b) > 0)
    premium = 1 - p + c_a
    crit_there = (s.sign() > 0) & (p2.cmp(c_a) >= 0)
    s_safe = s.where(crit_there, 1)
    crit = premium / s_safe if horizon == 2 else premium / (premium + s_safe)
    crit_there &= crit.cmp(1) < 0
    pay_a = war_a.where(war, peace_a)
    pay_b = war_b.where(war, peace_b)
    figures: dict[str, Any] = {
        "p_war": Rat(war.astype(np.int64), np.ones(size, dtype=np.int64)),
        "power_before": p, "power_after": p2,
    }
    if horizon == 2:
        figures["horizon"] = Rat.const(2, size)
    figures.update({
        "war_value_declining": war_a, "war_value_rising": war_b,
        "offer_after_shift": x2, "required_offer_today": required,
        "max_offer_today": Rat.const(1, size), "offer_today": x1,
        "peace_value_declining_max": 1 + future * x2, "commitment_gap": required - 1,
        "expected_payoff_declining": pay_a, "expected_payoff_rising": pay_b,
        "peace_premium_today": premium, "discounted_shift": future * s,
        "critical_power_shift": premium / future, "critical_discount_factor": crit,
    })
    words = {
        "model": np.full(size, COMMITMENT, dtype=object),
        # two word objects picked per point (no string made per point)
        "regime": np.array(["peace", "preventive_war"], dtype=object)[war.astype(np.intp)],
        "regime_label": np.array(["peaceful settlement despite the power shift",
                                  "preventive war under a commitment problem"],
                                 dtype=object)[war.astype(np.intp)],
    }
    if horizon is None:
        words["horizon"] = np.full(size, "infinite", dtype=object)
    order = ["model", "regime", "regime_label", "p_war", "power_before", "power_after",
             "horizon", "war_value_declining", "war_value_rising", "offer_after_shift",
             "required_offer_today", "max_offer_today", "offer_today",
             "peace_value_declining_max", "commitment_gap", "expected_payoff_declining",
             "expected_payoff_rising", "peace_premium_today", "discounted_shift",
             "critical_power_shift", "critical_discount_factor"]
    analysis: dict[str, tuple[Any, Any]] = {k: (v, None) for k, v in words.items()}
    analysis.update({k: (v.floats(), v) for k, v in figures.items()})
    kinds = []
    for is_war in (False, True):
        for has_crit in (False, True):
            keys = tuple(k for k in order
                         if not (k == "offer_today" and is_war)
                         and not (k == "critical_discount_factor" and not has_crit))
            label = "preventive war" if is_war else "peaceful settlement"
            kinds.append(Kind(1, True, label, (label,), True, keys,
                              frozenset(k for k in keys if k in figures)))
    kind = war.astype(np.int64) * 2 + crit_there.astype(np.int64)
    ones = np.ones(size)
    unit = Rat.const(1, size)
    outcomes = {"peaceful settlement": (ones, ones, unit, unit),
                "preventive war": (ones, ones, unit, unit)}
    return Bulk(np.where(ok, kind, -1), kinds, "", outcomes, analysis)
