"""Plain-language readings of alliance public-goods results (Olson and Zeckhauser 1966).

The solver (:mod:`alliance_games.solvers.public_goods`) puts the figures in the result's
``extra``: the burden table ``allies`` (contribution, burden ``x_i / w_i``, defence and
income shares, Lindahl share and contribution), ``contributors``, ``free_riders``, the
Pareto-efficient (Samuelson) level ``pareto_total``, ``provision_ratio``,
``free_riding_gap``, ``exploitation_of_the_great_by_the_small`` and
``income_burden_rank_correlation``. This module writes the sentences.

References
----------
Olson, M., and Zeckhauser, R. (1966). An economic theory of alliances. *Review of
Economics and Statistics* 48(3), 266-279.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..equilibrium import SolveResult
from ..games.public_goods import PublicGoodsGame
from ..numbers import format_sig

__all__ = ["predictions", "largest_ally"]


def predictions(result: SolveResult) -> list[str] | None:
    """Who pays, who free-rides, the provision gap and the exploitation hypothesis."""
    game = result.game
    if not isinstance(game, PublicGoodsGame):
        return None
    lines = _lines(game.players, result.extra, largest_ally(game.incomes, result.exact))
    if game.info.get("history"):
        lines.append(f"Historical record: {game.info['history']}")
    return lines


def largest_ally(incomes: Sequence[Any], exact: bool) -> int:
    """Index of the richest ally (the first of equals), compared as the solver did:
    exactly in exact mode, as doubles otherwise."""
    key = (lambda i: incomes[i]) if exact else (lambda i: float(incomes[i]))
    return max(range(len(incomes)), key=key)


def _lines(players: Sequence[str], analysis: Mapping[str, Any], largest: int) -> list[str]:
    table = analysis["allies"]
    total = analysis["nash_total"]
    lines: list[str] = []
    contributors = analysis["contributors"]
    riders = analysis["free_riders"]
    paying = "; ".join(
        f"{p} gives {_fmt(table[p]['contribution'])} ({table[p]['burden']:.1%} of its income, "
        f"{table[p]['defence_share']:.0%} of the defence)"
        for p in contributors
    )
    if len(contributors) == 1 and len(players) > 1:
        lines.append(f"Only {contributors[0]} pays for the common defence: {paying}.")
    else:
        lines.append(f"Defence spending in equilibrium totals {_fmt(total)}: {paying}.")
    for p in riders:
        row = table[p]
        lines.append(
            f"{p} free-rides: it contributes nothing, although its Lindahl (benefit-price) "
            f"share would be {row['lindahl_share']:.1%} of an efficient budget, i.e. "
            f"{_fmt(row['lindahl_contribution'])} "
            f"({row['lindahl_contribution'] / row['income']:.1%} of its income)."
        )
    for p in contributors:
        row = table[p]
        if row["pays_below_lindahl_share"] and len(players) > 1:
            lines.append(
                f"{p} free-rides partly: it pays {row['defence_share']:.1%} of the defence "
                f"against a Lindahl share of {row['lindahl_share']:.1%}."
            )
    if analysis["provision_ratio"] < 1 - 1e-9:
        lines.append(
            f"The alliance under-provides defence: {_fmt(total)} against the Pareto-efficient "
            f"(Samuelson) level {_fmt(analysis['pareto_total'])} "
            f"({analysis['provision_ratio']:.0%}); the free-riding gap is "
            f"{_fmt(analysis['free_riding_gap'])}."
        )
    big = players[largest]
    if analysis["exploitation_of_the_great_by_the_small"]:
        lines.append(
            f"Exploitation of the great by the small: {big} has "
            f"{table[big]['income_share']:.0%} of the alliance's income but pays "
            f"{table[big]['defence_share']:.0%} of its defence."
        )
    rho = analysis["income_burden_rank_correlation"]
    if rho is not None and len(players) > 2:
        lines.append(
            f"Rank correlation between income and burden (defence/income): {rho:.2f} "
            "(Olson and Zeckhauser's test: positive when larger allies bear heavier burdens)."
        )
    return lines


def _fmt(value: Any) -> str:
    return "0" if float(value) == 0 else format_sig(value, fractions=False)
