"""Plain-language readings of Morrow's (1991) autonomy-security trade-off model.

The compiler (:mod:`alliance_games.modeling.autonomy_security`) keeps the model's figures
in ``game.info["autonomy_security"]``: for the ``symmetric`` and ``asymmetric``
contracts their ``gains``, whether each ``forms`` (both states gain), the terms of the
asymmetric deal (``autonomy_transfer``) and the durability figures
(``partner_capability_floor``, ``margins``, ``capability_sensitive_conditions``). This
module writes the sentences: which alliance forms, what each state trades, and why the
asymmetric alliance is the more durable.

References
----------
Morrow, J. D. (1991). Alliances and asymmetry: an alternative to the capability
aggregation model of alliances. *American Journal of Political Science* 35(4), 904-933.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..equilibrium import SolveResult
from ..games.normal import NormalFormGame

__all__ = ["predictions", "morrow_lines"]


def predictions(result: SolveResult) -> list[str] | None:
    """Morrow's lines for an autonomy_security game, ``None`` for other results."""
    game = result.game
    if not isinstance(game, NormalFormGame) or "autonomy_security" not in game.info:
        return None
    formed = {label for eq in result.equilibria for label, p in eq.outcomes.items()
              if float(p) > 0.5}
    lines = morrow_lines(game.info["autonomy_security"], formed)
    if game.info.get("history"):
        lines.append(f"Historical record: {game.info['history']}")
    return lines


def morrow_lines(a: Mapping[str, Any], formed: set[str]) -> list[str]:
    """What each contract gives each state, which forms, and their durability."""
    strong, weak = a["stronger"], a["weaker"]
    sym, asym = a["symmetric"], a["asymmetric"]
    lines = []
    if sym["forms"]:
        lines.append(
            f"A symmetric alliance (security for security) benefits both: gains "
            f"{_gains(sym['gains'])}.")
    else:
        losers = [p for p, g in sym["gains"].items() if g <= 0]
        lines.append(
            f"No symmetric alliance: {' and '.join(losers)} would lose by it (gains "
            f"{_gains(sym['gains'])}); "
            + (f"{strong} gains too little security from a partner with "
               f"{a['capability_ratio']:.0%} of its capability to repay its commitment."
               if strong in losers else "the security it gains does not repay its "
                                        "commitment."))
    tau, share = asym["autonomy_transfer"], asym["autonomy_transfer_share"]
    if asym["forms"]:
        lo, hi = asym["terms_range"]
        lines.append(
            f"An asymmetric alliance (autonomy for security) benefits both: {strong} "
            f"commits to {_pos(weak)} defence and {weak} concedes autonomy {tau:.3g} "
            f"({share:.0%} of its capability; bases, policy alignment), the middle of the "
            f"acceptable range [{lo:.3g}, {hi:.3g}]; gains {_gains(asym['gains'])}.")
    else:
        lines.append(
            f"No asymmetric alliance: the most autonomy {weak} would concede for "
            f"{_pos(strong)} protection does not cover {_pos(strong)} cost of committing.")
    if formed - {"no alliance"}:
        lines.append("In equilibrium the states form: " + "; ".join(
            sorted(formed - {"no alliance"})) + " (staying out is also an equilibrium, as "
            "in any formation game where one refusal blocks the deal, but a weakly "
            "dominated one).")
    else:
        lines.append("In equilibrium no alliance forms.")
    if sym["forms"] and asym["forms"]:
        prefer = {p: "asymmetric" if asym["gains"][p] > sym["gains"][p] else "symmetric"
                  for p in (strong, weak)}
        lines.append(
            f"Both contracts are possible: {strong} prefers the {prefer[strong]}, {weak} the "
            f"{prefer[weak]} one (a bargaining problem over the kind of alliance).")
    dur = []
    if asym["forms"]:
        margin = asym["margins"][weak]
        dur.append(
            f"the asymmetric alliance rests on one capability-dependent condition: "
            f"{_pos(strong)} autonomy gain is fixed by the terms, whatever either state's "
            f"capability; {weak} stays unless {_pos(strong)} capability falls by more than "
            f"{margin:.0%}")
    if sym["forms"]:
        m = sym["margins"]
        dur.append(
            "the symmetric alliance rests on two: each ally stays only while the other's "
            "capability keeps its security gain above its commitment cost ("
            + ", ".join(f"{p} leaves if its partner's capability falls by more than "
                        f"{v:.0%}" for p, v in m.items()) + ")")
    shifts = a.get("capability_shifts")
    if shifts:
        lines.extend(shift_lines(shifts))
    if dur:
        lines.append("Durability (Morrow 1991): " + "; ".join(dur) + ". A change in "
                     "capability can break a symmetric deal from either side, an asymmetric "
                     "one only from the weaker side, so asymmetric alliances should last "
                     "longer, as Morrow (1991) reports.")
    return lines


def shift_text(bounds: Mapping[str, Any] | None) -> str:
    """``falls of up to 38% and any rise`` for a survival range of relative shifts."""
    if bounds is None:
        return "does not form now"
    lo, hi = bounds.get("lower"), bounds.get("upper")
    down = "any fall" if lo is None else f"falls of up to {-lo:.1%}"
    up = "any rise" if hi is None else f"rises of up to {hi:.1%}"
    return f"{down} and {up}"


def shift_lines(shifts: Mapping[str, Any]) -> list[str]:
    """The comparative static: the capability shifts each contract survives."""
    lines = []
    for kind, why in (("symmetric", "it ends when a shift removes either partner's net "
                                    "security gain"),
                      ("asymmetric", "it survives every shift that keeps the trade "
                                     "beneficial to both; the stronger state's autonomy "
                                     "gain does not depend on capability, so only the "
                                     "weaker state's security gain can end it")):
        ranges = shifts.get(kind) or {}
        if all(v is None for v in ranges.values()):
            continue
        lines.append(f"Capability shifts the {kind} alliance survives (terms fixed, one "
                     "state's capability changed at a time): "
                     + "; ".join(f"{_pos(p)} capability: {shift_text(v)}"
                                 for p, v in ranges.items()) + f"; {why}.")
    return lines


def _gains(gains: Mapping[str, float]) -> str:
    return ", ".join(f"{p} {g:+.3g}" for p, g in gains.items())


def _pos(name: str) -> str:
    """The possessive of a state's name (``Japan's``, ``the United States'``)."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
