r"""War as a commitment problem: bargaining while power shifts (Fearon 1995; Powell 2006).

Model
-----
Each period a stake worth 1 is divided. The rising state B proposes a division (the
declining state A gets ``x_t``); A accepts or fights. War ends the bargaining for good:
A wins with probability ``p_t`` and each state pays its cost every period the stake
would have been enjoyed, so A's war value is ``H (p_t - c_A)`` and B's
``H (1 - p_t - c_B)``, with ``H`` the discounted number of periods left. Power shifts
once: ``p_1 = p`` today, ``p_2 = p - s`` from the next period on. Flows are discounted
by ``δ``; with two periods (Fearon 1995, pp. 401-409) ``H = 1 + δ`` today and the
future is worth ``D = δ`` periods; with an infinite horizon (Powell 2006)
``H = 1/(1 - δ)`` and ``D = δ/(1 - δ)``.

Backward induction. After the shift the game is stationary: B offers A exactly its war
value per period, ``x_2 = max(0, p_2 - c_A)`` (B prefers that to war: it keeps
``1 - p_2 + c_A >= 1 - p_2 - c_B``). This is all B can *commit* to: any promise of more
would not be kept once power has shifted. Today A accepts ``x_1`` iff
``x_1 + D x_2 >= H (p_1 - c_A)``, so its minimum acceptable offer today is

.. math:: \underline{x}_1 = H (p_1 - c_A) - D x_2 .

B can give at most the whole stake today, ``x_1 <= 1``. Peace is possible iff
``\underline{x}_1 <= 1``; then B offers ``max(0, \underline{x}_1)`` (it prefers this to
war, since the peace it buys is worth ``H - H(p_1 - c_A) >= H(1 - p_1 - c_B)``). When
``p_2 >= c_A`` the condition reads

.. math:: D\,s > 1 - p_1 + c_A \quad\Longleftrightarrow\quad \text{preventive war},

two periods: ``δ s > 1 - p_1 + c_A``; infinite horizon: ``δ s > (1 - δ)(1 - p_1 + c_A)``.
In words: the discounted loss from the shift exceeds the premium over its war payoff
that the declining state can be paid today (the whole stake minus ``p_1 - c_A``). The
rising state would gladly pay more later, but cannot commit to; ``c_B`` does not enter
because the rising state always prefers buying peace: it cannot pay enough of it today.
The critical shift is ``s* = (1 - p_1 + c_A)/D`` and the critical discount factor
``δ* = m/s`` (two periods) or ``m/(m + s)`` (infinite), with ``m = 1 - p_1 + c_A``.
When ``p_2 < c_A`` (A would not fight after the shift) ``x_2 = 0`` and war happens iff
``H (p_1 - c_A) > 1``.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization*
49(3), 379-414 (pp. 401-409, preventive war).
Powell, R. (2006). War as a commitment problem. *International Organization* 60(1),
169-203.
Powell, R. (2004). The inefficient use of power: costly conflict with complete
information. *American Political Science Review* 98(2), 231-241.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...equilibrium import Equilibrium
from ...games.crisis import CommitmentGame
from ...games.public_goods import Number

__all__ = ["CommitmentSolution", "commitment_problem", "analysis", "equilibrium"]


@dataclass(frozen=True)
class CommitmentSolution:
    """Backward-induction figures of the commitment game."""

    war: bool
    war_value: tuple[Number, Number]
    offer_after_shift: Number
    required_offer_today: Number
    offer_today: Number | None
    payoffs: tuple[Number, Number]
    regret: Number


def commitment_problem(game: CommitmentGame) -> CommitmentSolution:
    """Solve by backward induction (module docstring) and check both states' choices.

    Examples
    --------
    >>> g = CommitmentGame.build(["A", "B"], power=Fraction(4, 5),
    ...     power_shift=Fraction(2, 5), costs=[Fraction(1, 10), Fraction(1, 10)],
    ...     discount_factor=Fraction(9, 10))
    >>> s = commitment_problem(g)
    >>> s.war, s.required_offer_today
    (True, Fraction(53, 50))
    """
    whole, future = game.horizon_weights()
    p1, p2 = game.power, game.power_after
    c_a, c_b = game.costs
    war_a, war_b = whole * (p1 - c_a), whole * (1 - p1 - c_b)
    x2 = max(p2 - c_a, 0 * p2)
    required = war_a - future * x2
    if required > 1:
        best_peace = 1 + future * x2  # the most A could get by accepting
        gain_a = best_peace - war_a
        return CommitmentSolution(True, (war_a, war_b), x2, required, None, (war_a, war_b),
                                  gain_a if gain_a > 0 else 0 * gain_a)
    x1 = max(required, 0 * required)
    peace_a = x1 + future * x2
    peace_b = 1 - x1 + future * (1 - x2)
    if war_b > peace_b:  # B would rather fight: never with a non-negative shift
        return CommitmentSolution(True, (war_a, war_b), x2, required, None, (war_a, war_b),
                                  0 * war_b)
    regret = max(war_a - peace_a, war_b - peace_b, 0 * war_a)
    return CommitmentSolution(False, (war_a, war_b), x2, required, x1, (peace_a, peace_b),
                              regret)


def thresholds(game: CommitmentGame) -> dict[str, Any]:
    """The critical shift and discount factor (``None`` where none applies)."""
    s = game.power_shift
    _, future = game.horizon_weights()
    p1, c_a = game.power, game.costs[0]
    premium = 1 - p1 + c_a
    out: dict[str, Any] = {
        "peace_premium_today": premium,
        "discounted_shift": future * s,
        "critical_power_shift": premium / future,
        "critical_discount_factor": None,
    }
    if s > 0 and game.power_after >= c_a:
        crit = premium / s if game.horizon == 2 else premium / (premium + s)
        out["critical_discount_factor"] = crit if crit < 1 else None
    return out


def analysis(game: CommitmentGame, sol: CommitmentSolution) -> dict[str, Any]:
    """The documented ``analysis`` keys of a commitment-problem result."""
    regime = "preventive_war" if sol.war else "peace"
    _, future = game.horizon_weights()
    out: dict[str, Any] = {
        "model": "commitment_problem",
        "regime": regime,
        "regime_label": ("preventive war under a commitment problem" if sol.war
                         else "peaceful settlement despite the power shift"),
        "p_war": 0 * game.power + (1 if sol.war else 0),
        "power_before": game.power,
        "power_after": game.power_after,
        "horizon": "infinite" if game.horizon is None else game.horizon,
        "war_value_declining": sol.war_value[0],
        "war_value_rising": sol.war_value[1],
        "offer_after_shift": sol.offer_after_shift,
        "required_offer_today": sol.required_offer_today,
        "max_offer_today": 0 * game.power + 1,
        "offer_today": sol.offer_today,
        "peace_value_declining_max": 1 + future * sol.offer_after_shift,
        "commitment_gap": sol.required_offer_today - 1,
        "expected_payoff_declining": sol.payoffs[0],
        "expected_payoff_rising": sol.payoffs[1],
    }
    out.update(thresholds(game))
    return out


def equilibrium(game: CommitmentGame, sol: CommitmentSolution, exact: bool) -> Equilibrium:
    """The subgame perfect equilibrium path as an :class:`Equilibrium`."""
    a, b = game.players
    one: Number = Fraction(1) if exact else 1.0
    label = "preventive war" if sol.war else "peaceful settlement"
    payoffs = dict(zip(game.players, sol.payoffs, strict=True))
    if not exact:
        payoffs = {k: float(v) for k, v in payoffs.items()}
    extra: dict[str, Any] = {"offer_after_shift": sol.offer_after_shift,
                             "required_offer_today": sol.required_offer_today}
    if sol.offer_today is not None:
        extra["offer_today"] = sol.offer_today
    note = (f"{a} fights now: no offer {b} can make today (at most the whole stake) "
            f"makes up for the share it will lose once power shifts"
            if sol.war else
            f"{b} offers {a} its minimum acceptable share today and {a}'s war value "
            f"after the shift; {a} accepts")
    return Equilibrium(
        players=game.players,
        payoffs=payoffs,
        regret=float(sol.regret),
        exact=exact and sol.regret == 0,
        outcomes={label: one},
        concept="subgame perfect",
        notes=(note,),
        extra=extra,
    )
