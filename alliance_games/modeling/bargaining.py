"""The ``bargaining`` family: allies dividing the surplus of an alliance.

Spec shape (see ``docs/spec_alliance.md``)::

    kind: bargaining
    players: [United States, Japan]
    benefits: [us_benefit, japan_benefit]   # b_i: value of the alliance to each ally
    cost: alliance_cost                     # C: total cost of the common defence
    disagreement: [us_alone, japan_alone]   # d_i: payoff without an alliance (default 0)
    discount_factors: [delta_us, delta_japan]   # Rubinstein (optional)
    proposer: United States                 # who offers first (Rubinstein)
    weights: [1, 1]                         # Nash bargaining power (optional)
    # or, instead of benefits and cost:  surplus: 1

References: Nash, J. (1950). The bargaining problem. *Econometrica* 18(2), 155-162;
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1),
97-109.
"""

from __future__ import annotations

from typing import Any

from ..errors import GameError, quote
from ..games.bargaining import BargainingGame
from .context import SpecContext
from .public_goods import family_info, python_number

__all__ = ["compile_bargaining"]

KEYS = {"name", "description", "references", "kind", "parameters", "players", "benefits",
        "cost", "surplus", "disagreement", "discount_factors", "proposer", "weights",
        "notes"}


def compile_bargaining(ctx: SpecContext) -> BargainingGame:
    """Build the :class:`~alliance_games.games.bargaining.BargainingGame` of a spec."""
    ctx.check_keys((), KEYS, "a bargaining spec")
    players = ctx.name_list(("players",), "ally names")
    if len(players) < 2:
        raise ctx.error(("players",), "expected at least two ally names")

    def vector(key: str) -> list[Any] | None:
        raw = ctx.get((key,))
        if raw is None:
            return None
        if not isinstance(raw, list) or len(raw) != len(players):
            raise ctx.error((key,), f"expected a list of {len(players)} expressions, one per ally")
        return [python_number(ctx.number((key, k))) for k in range(len(raw))]

    proposer = ctx.label(("proposer",), "the proposer (an ally's name)") or players[0]
    if proposer not in players:
        raise ctx.error(("proposer",), f"unknown proposer {quote(proposer)}; allies are "
                                       f"{', '.join(players)}")
    try:
        return BargainingGame.build(
            players,
            benefits=vector("benefits"),
            cost=python_number(ctx.number(("cost",))) if "cost" in ctx.data else None,
            surplus=python_number(ctx.number(("surplus",))) if "surplus" in ctx.data else None,
            disagreement=vector("disagreement"),
            weights=vector("weights"),
            discount_factors=vector("discount_factors"),
            proposer=proposer,
            name=str(ctx.data.get("name", "") or (ctx.filename or "bargaining")),
            parameters={k: p.python_value for k, p in ctx.parameters.items()},
            info=family_info(ctx),
        )
    except GameError as exc:
        raise ctx.error((), str(exc)) from None
