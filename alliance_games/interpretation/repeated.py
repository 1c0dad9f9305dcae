"""Plain-language readings of repeated-game results (grim trigger, tit-for-tat, folk theorem).

The solver (:mod:`alliance_games.solvers.repeated`) puts the figures in ``extra``:
``cooperative_profile``, ``discount_factor``, ``critical_discount_factor`` (grim
trigger's ``δ*``), the per-player ``thresholds``, ``stage_payoffs`` and
``tit_for_tat_threshold`` for symmetric 2x2 stage games, ``linear_public_good`` and
``minmax``. This module writes the sentences.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of
Economic Studies* 38(1), 1-12.
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..equilibrium import SolveResult
from ..games.normal import NormalFormGame
from ..numbers import format_float, format_number

__all__ = ["predictions", "grim_trigger_lines", "folk_theorem_lines", "value_lines",
           "finite_horizon_lines"]


def predictions(result: SolveResult) -> list[str] | None:
    """What patience sustains cooperation, or ``None`` for a result not of this family."""
    game = result.game
    if result.method != "repeated" or not isinstance(game, NormalFormGame):
        return None
    extra = result.extra
    names = extra["cooperative_profile"]
    coop = tuple(game.strategy_index(i, str(names[p])) for i, p in enumerate(game.players))
    label = game.outcomes.get(coop) or "cooperation (" + ", ".join(game.profile_name(coop)) + ")"
    stuck = [p for p, t in extra["thresholds"].items() if t["critical_discount_factor"] is None]
    critical = extra["critical_discount_factor"]
    if "finite_horizon" in extra:
        return finite_horizon_lines(label, extra["finite_horizon"], critical)
    return [
        *grim_trigger_lines(label, stuck, critical, extra["discount_factor"],
                            "stage_payoffs" in extra),
        *folk_theorem_lines(critical, extra),
        *value_lines(extra),
    ]


def _pair(block: Mapping[str, Any]) -> str:
    return (f"{_fmt(block['discounted_total'])} in discounted total, "
            f"{_fmt(block['per_period_average'])} per period")


def value_lines(extra: Mapping[str, Any]) -> list[str]:
    """The values behind the threshold: complying, the best one-shot deviation, the
    (unclipped) margin, and the best reply to tit-for-tat (see
    :mod:`alliance_games.solvers.repeated.margins`)."""
    lines = []
    values = extra.get("grim_trigger_values") or {}
    keys = {p: tuple(v[k]["discounted_total"] for k in ("comply", "deviate"))
            for p, v in values.items()}
    same = len(set(keys.values())) == 1
    for player, v in values.items():
        if same and player != next(iter(values)):
            break
        who = "Each player" if same else player
        margin = v["margin"]
        reading = ("cooperation holds with this much to spare" if v["sustained"]
                   else "defecting pays by this much")
        lines.append(
            f"{who}: complying with grim trigger is worth {_pair(v['comply'])}; the best "
            f"one-shot deviation (then punishment forever) {_pair(v['deviate'])}. Margin "
            f"{_pair(margin)}: {reading}."
        )
    tft = extra.get("tit_for_tat_best_reply")
    if tft is not None:
        verdict = ("so tit-for-tat is a best reply to itself" if tft["tit_for_tat_is_best_reply"]
                   else "so tit-for-tat is not an equilibrium at this discount factor")
        lines.append(
            f"Against tit-for-tat the best reply is to {tft['best_reply']}, worth "
            f"{_pair(tft['value'])} ({verdict})."
        )
    return lines


def finite_horizon_lines(label: str, facts: Mapping[str, Any], critical: Any) -> list[str]:
    """The unravelling result of a finitely repeated game (Luce & Raiffa 1957)."""
    n = facts["horizon"]
    if not facts["unravelling"]:
        return [
            f"With {n} periods and several stage equilibria, backward induction does not "
            f"pin down play: {label} may be sustained early on by the threat of switching "
            "to a worse stage equilibrium at the end (Benoit & Krishna 1985)."
        ]
    stage = ", ".join(facts["stage_equilibrium"].values())
    lines = [
        f"With a known last period ({n} periods) cooperation unravels: in the last period "
        f"the stage equilibrium ({stage}) is played whatever happened before, so nothing "
        "can reward restraint in the period before, and so on back to the first. The "
        f"unique subgame-perfect equilibrium plays ({stage}) in every period; {label} is "
        "never reached."
    ]
    values = facts["values"]
    first = next(iter(values.values()))
    if all(v == first for v in values.values()):
        lines.append(f"Each player gets {_fmt(first['per_period_average'])} per period, "
                     f"{_fmt(first['discounted_total'])} in discounted total over {n} periods.")
    if critical is not None and critical > 0:
        lines.append(f"With no known end, grim trigger would sustain {label} for δ ≥ "
                     f"{_fmt(critical)}: it is the open horizon, not patience alone, that "
                     "makes cooperation possible.")
    return lines


def grim_trigger_lines(
    label: str, stuck: Sequence[str], critical: Any, delta: Any, trps: bool
) -> list[str]:
    """Whether grim trigger sustains cooperation: ``δ ≥ δ* = max_i (T_i - R_i)/(T_i - P_i)``
    (Friedman 1971); ``stuck`` are the players no Nash reversion deters; ``trps`` says the
    stage game is a symmetric 2x2 with payoffs ``T, R, P, S``."""
    lines = []
    if critical is None:
        lines.append(
            f"Nash reversion cannot sustain {label}: {', '.join(stuck)} would do no worse in "
            "the stage equilibrium used as punishment."
        )
    elif critical == 0:
        lines.append(f"{label} is already a stage equilibrium: no patience is needed.")
    else:
        formula = " = (T-R)/(T-P)" if trps else ""
        lines.append(
            f"Grim trigger sustains {label} if and only if the discount factor is at least "
            f"δ*{formula} = {_fmt(critical)}."
        )
        if delta is not None:
            if delta >= critical:
                lines.append(
                    f"With δ = {_fmt(delta)} ≥ δ*, {label} is sustainable: the long-run loss "
                    "from punishment outweighs the one-period gain from defecting."
                )
            else:
                lines.append(
                    f"With δ = {_fmt(delta)} < δ*, {label} is not sustainable by grim "
                    "trigger: the states are too impatient and defect."
                )
    return lines


def folk_theorem_lines(critical: Any, extra: Mapping[str, Any]) -> list[str]:
    """Tit-for-tat's threshold (Axelrod 1984), the n-player linear public good's
    ``δ*(n, r) = (n - r)/(r (n - 1))`` and the minmax values of the folk theorem."""
    lines = []
    tft = extra.get("tit_for_tat_threshold")
    if tft is not None and critical is not None and critical > 0:
        stricter = " (stricter than grim trigger)" if tft > critical else ""
        lines.append(
            "Tit-for-tat against itself is a Nash equilibrium iff δ ≥ max{(T-R)/(T-P), "
            f"(T-R)/(R-S)}} = {_fmt(tft)}{stricter}."
        )
    lpg = extra.get("linear_public_good")
    if lpg is not None:
        sizes = lpg["threshold_by_group_size"]
        shown = ", ".join(f"n={m}: {_fmt(v)}" for m, v in list(sizes.items())[:5])
        lines.append(
            f"With {lpg['n']} states and return r = {_fmt(lpg['multiplier'])}, "
            f"δ*(n, r) = (n-r)/(r(n-1)) = {_fmt(lpg['threshold'])}; it rises with the number "
            f"of states ({shown}): cooperation is harder in larger groups."
        )
    if "minmax" in extra:
        mm = ", ".join(f"{p} {_fmt(v)}" for p, v in extra["minmax"].items())
        lines.append(
            f"Minmax values: {mm}. Any feasible payoff pair above them is sustainable as a "
            "subgame-perfect equilibrium for δ close enough to 1 (folk theorem)."
        )
    return lines


def _fmt(value: Any) -> str:
    return format_number(value) if isinstance(value, Fraction) else format_float(value)

