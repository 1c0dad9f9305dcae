"""Plain-language readings of joint-products burden sharing (Sandler 1977; Murdoch and
Sandler 1984; Sandler and Hartley 1995).

The solver (:mod:`alliance_games.solvers.public_goods.joint_products`) puts the figures
in ``extra``: ``nash_total``, ``efficient_total``, ``provision_ratio``,
``free_riding_index``, ``pure_public_good_provision_ratio``, ``private_share``,
``contributors``, ``free_riders``, the table ``allies`` and
``income_burden_rank_correlation``. This module writes the sentences, including the
comparative static the model exists to show: free riding weakens as the private share
of defence output rises.
"""

from __future__ import annotations

from typing import Any

from ..equilibrium import SolveResult
from ..games.public_goods import JointProductsGame
from ..numbers import format_sig

__all__ = ["predictions"]


def predictions(result: SolveResult) -> list[str] | None:
    """Who pays, how far spending falls short, and how the private share changes that."""
    game = result.game
    if not isinstance(game, JointProductsGame):
        return None
    a = result.extra
    table = a["allies"]
    s = a["private_share"]
    lines = []
    paying = "; ".join(
        f"{p} {_fmt(table[p]['contribution'])} ({table[p]['burden']:.1%} of income, "
        f"{table[p]['defence_share']:.0%} of the total)" for p in a["contributors"])
    lines.append(f"Nash defence spending totals {_fmt(a['nash_total'])}: {paying}.")
    for p in a["free_riders"]:
        lines.append(f"{p} free-rides: it spends nothing (defence is a pure public good, "
                     "so the others' spending replaces its own).")
    if s > 0 and not a["free_riders"]:
        lines.append(
            f"Every ally spends something: {s:.0%} of what defence buys is ally-specific "
            "(private), and no ally gets that part from its partners' spending.")
    lines.append(
        f"Spending reaches {a['provision_ratio']:.0%} of the efficient (Samuelson) level "
        f"{_fmt(a['efficient_total'])} (free-riding index {a['free_riding_index']:.2f}).")
    if s > 0 and game.n_players > 1:
        lines.append(
            f"Free riding weakens as the private share rises: with a pure public good "
            f"(private share 0) the same allies would reach only "
            f"{a['pure_public_good_provision_ratio']:.0%} of the efficient level; at "
            f"{s:.0%} private they reach {a['provision_ratio']:.0%} (Sandler 1977; Murdoch "
            "and Sandler 1984).")
    elif game.n_players > 1:
        lines.append("With a private share of 0 this is Olson and Zeckhauser's pure public "
                     "good: raise private_share to see free riding weaken.")
    largest = max(game.players, key=lambda p: table[p]["income"])
    big = table[largest]
    if a["exploitation_of_the_great_by_the_small"]:
        lines.append(
            f"Exploitation of the great by the small: {largest} has {big['income_share']:.0%} "
            f"of the alliance's income but pays {big['defence_share']:.0%} of its defence.")
    elif game.n_players > 1:
        lines.append(
            f"No exploitation of the great by the small: {largest}'s share of the defence "
            f"({big['defence_share']:.0%}) does not exceed its income share "
            f"({big['income_share']:.0%}).")
    threats = {table[p]["threat"] for p in game.players}
    if len(threats) > 1:
        most = max(game.players, key=lambda p: table[p]["threat"])
        lines.append(f"Threat weights differ: {most}, the most exposed ally (threat "
                     f"{_fmt(table[most]['threat'])}), spends {table[most]['burden']:.1%} of "
                     "its income.")
    rho = a["income_burden_rank_correlation"]
    if rho is not None and game.n_players > 2:
        lines.append(
            f"Rank correlation between income and burden: {rho:.2f} (Olson and Zeckhauser's "
            "test; the joint-products model predicts it weakens as the private share rises).")
    if game.info.get("history"):
        lines.append(f"Historical record: {game.info['history']}")
    return lines


def _fmt(value: Any) -> str:
    return "0" if float(value) == 0 else format_sig(value, fractions=False)
