"""Plain-language readings of crisis-bargaining results (Fearon 1995; Powell 2006).

The solver (:mod:`alliance_games.solvers.crisis`) puts the figures in ``extra`` (the
JSON ``analysis``): for the risk-return model ``regime``, ``demand``, ``offer``,
``cutoff``, ``p_war``; for the commitment problem ``regime``,
``required_offer_today``, ``offer_after_shift``, ``critical_power_shift``. This module
says in the field's words what happens and why: a peaceful settlement, war by
miscalculation (the proposer cannot tell a resolved responder from a bluffing one), or
preventive war (the rising state cannot commit to honour tomorrow a deal that would
keep the peace today).

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization*
49(3), 379-414.
Powell, R. (2006). War as a commitment problem. *International Organization* 60(1),
169-203.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..equilibrium import SolveResult
from ..games.crisis import CommitmentGame, RiskReturnGame
from ..numbers import format_float, format_percent

__all__ = ["predictions", "risk_return_lines", "commitment_lines"]


def predictions(result: SolveResult) -> list[str] | None:
    """The outcome and its cause, for a crisis-bargaining result (else ``None``)."""
    game = result.game
    if isinstance(game, RiskReturnGame):
        return risk_return_lines(game, result.extra)
    if isinstance(game, CommitmentGame):
        return commitment_lines(game, result.extra)
    return None


def risk_return_lines(game: RiskReturnGame, a: Mapping[str, Any]) -> list[str]:
    """Demand, who accepts, P(war) and why (private information, or none needed)."""
    prop, resp = game.players
    regime = a["regime"]
    lines = [
        f"{prop} demands {_f(a['demand'])} of the stake (offers {resp} {_f(a['offer'])}); "
        f"{resp} accepts iff its cost of war is at least {_f(a['cutoff'])}."
    ]
    if regime == "risk_return":
        lines.append(
            f"War by miscalculation with probability {_pct(a['p_war'])}: {prop} cannot tell "
            f"a resolved {resp} (low cost of war) from one that would only bluff, and {resp} "
            "has an incentive to misrepresent; a higher demand is worth more when accepted "
            "but is rejected more often (the risk-return trade-off), so the optimal demand "
            "accepts some risk of war.")
        lines.append(
            f"Peaceful settlement with probability {_pct(a['p_settlement'])}; the "
            f"expected deadweight cost of war is {_f(a['expected_war_costs'])}.")
    elif regime == "whole_stake":
        lines.append(
            f"War by miscalculation with probability {_pct(a['p_war'])}: {prop} demands the "
            f"whole stake, which only the {resp} types with a high cost of war concede; "
            "private information about resolve, not irrationality, causes the war.")
    elif regime == "safe":
        lines.append(
            f"Peaceful settlement for sure: the safe demand, which even the most resolved "
            f"{resp} accepts, beats any riskier demand ({prop}'s own cost of war "
            f"{_f(game.proposer_cost)} makes gambling on a bluff unattractive).")
    elif regime == "whole_stake_peace":
        lines.append(
            f"Peaceful settlement for sure: war is so costly to {resp} that it concedes the "
            "whole stake whatever its type; private information does not matter here.")
    else:
        lines.append(f"No settlement: every type of {resp} fights {prop}'s demand.")
    return lines


def commitment_lines(game: CommitmentGame, a: Mapping[str, Any]) -> list[str]:
    """Preventive war or peace, with the offers and the threshold that decide it."""
    dec, ris = game.players
    shift = _f(game.power_shift)
    crit = a["critical_power_shift"]
    if a["regime"] == "preventive_war":
        return [
            f"Preventive war under a commitment problem: {dec}'s chance of winning falls "
            f"from {_f(a['power_before'])} to {_f(a['power_after'])}. To keep the peace "
            f"{dec} needs {_f(a['required_offer_today'])} today (with {ris}'s credible "
            f"offer of {_f(a['offer_after_shift'])} per period after the shift), more than "
            f"the whole stake: {ris} cannot commit to share more tomorrow, when it will be "
            "stronger, so both states would gain from a deal that cannot be enforced.",
            f"The shift {shift} exceeds the critical shift {_f(crit)}: war happens iff the "
            "discounted loss from the shift exceeds what the declining state can be paid "
            f"today over its war payoff ({_f(a['peace_premium_today'])}).",
        ]
    return [
        f"Peaceful settlement: {ris} offers {dec} {_f(a['offer_today'])} today and "
        f"{_f(a['offer_after_shift'])} per period after the shift; that matches {dec}'s war "
        "value, so the declining state has no reason to fight now.",
        f"The shift {shift} is below the critical shift {_f(crit)}: a larger shift (or "
        "more patience) would make the declining state fight a preventive war, because "
        f"{ris} cannot commit to future concessions.",
    ]


def _f(value: Any) -> str:
    return format_float(value)


def _pct(value: Any) -> str:
    return format_percent(value)
