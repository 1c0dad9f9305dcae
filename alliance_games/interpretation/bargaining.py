"""Plain-language readings of alliance bargaining results (Nash 1950; Rubinstein 1982).

The solver (:mod:`alliance_games.solvers.bargaining`) puts the figures in ``extra``:
``gains_from_alliance``, ``cost_shares`` (benefit minus payoff), and for alternating
offers ``proposer_share``, ``proposer_share_if_other_proposes`` and
``frequent_offers_limit_share``. This module writes the sentences.

References
----------
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1),
97-109.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..equilibrium import SolveResult
from ..games.bargaining import BargainingGame
from ..numbers import format_float, format_percent

__all__ = ["predictions", "no_agreement_line", "nash_split_line", "rubinstein_lines",
           "cost_lines"]


def predictions(result: SolveResult) -> list[str] | None:
    """How the gains are split and who pays the alliance's cost."""
    game = result.game
    if not isinstance(game, BargainingGame):
        return None
    extra = result.extra
    if "surplus" not in extra:  # the surplus does not cover the no-alliance payoffs
        return [no_agreement_line(game)]
    lines = (nash_split_line(game) if result.method == "nash-bargaining"
             else rubinstein_lines(game, extra))
    if game.benefits is not None and game.cost:
        lines += cost_lines(game, extra["cost_shares"])
    return lines


def no_agreement_line(game: BargainingGame) -> str:
    """No alliance when the surplus is below the sum of the disagreement payoffs."""
    return (
        f"No alliance: the surplus {_fmt(game.surplus)} is smaller than the allies' combined "
        f"no-alliance payoffs {_fmt(sum(game.disagreement))}, so no division makes every ally "
        "better off."
    )


def nash_split_line(game: BargainingGame) -> list[str]:
    """The (weighted) Nash solution: ally ``i`` gets ``d_i + w_i / Σ w`` of the gains."""
    weights = game.weights or (1,) * game.n_players
    total = sum(weights)
    parts = ", ".join(
        f"{p} {_pct(w / total)}" for p, w in zip(game.players, weights, strict=True)
    )
    return [
        f"Nash bargaining: each ally keeps its no-alliance payoff and the gains from "
        f"alliance ({_fmt(game.gains)}) are split {parts}."
    ]


def rubinstein_lines(game: BargainingGame, extra: Mapping[str, Any]) -> list[str]:
    """Immediate agreement, the first-mover advantage and the patient ally's edge."""
    assert game.discount_factors is not None
    players = game.players
    first, second = game.proposer, 1 - game.proposer
    d1, d2 = game.discount_factors[first], game.discount_factors[second]
    x_first = extra["proposer_share"]
    x_if_second_proposes = extra["proposer_share_if_other_proposes"]
    lines = [
        f"Rubinstein bargaining: {players[first]} proposes first and the allies agree at "
        f"once; {players[first]} gets {_pct(x_first)} of the gains from alliance, "
        f"{players[second]} {_pct(1 - x_first)}.",
        "First-mover advantage: proposing first is worth "
        f"{_pct(x_first - x_if_second_proposes)} of the gains to {players[first]} "
        f"(it would get {_pct(x_if_second_proposes)} if {players[second]} proposed).",
    ]
    patient = players[first] if d1 > d2 else players[second] if d2 > d1 else None
    if patient is not None:
        lines.append(
            f"The more patient ally ({patient}) gets the larger share as offers become "
            f"frequent: {players[first]}'s limit share is "
            f"{_pct(extra['frequent_offers_limit_share'])}."
        )
    return lines


def cost_lines(game: BargainingGame, cost_shares: Mapping[str, Any]) -> list[str]:
    """Each ally's cost share ``b_i - u_i`` and any side payment (a negative share)."""
    costs = [cost_shares[p] for p in game.players]
    parts = "; ".join(
        f"{p} pays {_fmt(c)} ({_pct(c / game.cost)})"
        for p, c in zip(game.players, costs, strict=True)
    )
    lines = [f"Burden shares of the alliance's cost {_fmt(game.cost)}: {parts}."]
    for p, c in zip(game.players, costs, strict=True):
        if c < 0:
            lines.append(
                f"{p}'s cost share is negative: it pays nothing and receives a side "
                f"payment of {_fmt(-c)} from its partner."
            )
    return lines


def _pct(value: Any) -> str:
    return format_percent(value, trim=False)


def _fmt(value: Any) -> str:
    return format_float(value)
