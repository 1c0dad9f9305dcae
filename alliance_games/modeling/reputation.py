"""The ``reputation`` family: the chain store game with an incumbent of unknown type.

Spec shape (see ``docs/spec-reputation.md``)::

    kind: reputation            # or chain_store
    parameters:
      markets: 3                # N entrants, one per market
      prior_tough: 0.2          # δ: probability that the incumbent is tough
      entrant_gain: 0.5         # b in (0, 1): entrant's payoff if accommodated (b-1 if fought)
      monopoly: 2               # a > 1: incumbent's payoff when the entrant stays out
    players: [Incumbent, Entrant]   # optional: the incumbent's and the entrants' names

Each of ``markets``, ``prior_tough``, ``entrant_gain`` and ``monopoly`` may also be a
top-level key holding an expression over the parameters; otherwise the parameter of
that name is used (``entrant_gain`` and ``monopoly`` default to 1/2 and 2). The spec
compiles to a :class:`~alliance_games.games.reputation.ReputationGame`; its tree (for a
few markets) is ``game.as_extensive()``.

References: Selten (1978); Kreps & Wilson (1982); Milgrom & Roberts (1982).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..errors import GameError
from ..games.reputation import MAX_MARKETS, ReputationGame
from .context import SpecContext
from .public_goods import count_parameter, family_info, python_number

__all__ = ["compile_reputation", "KEYS"]

KEYS = {"name", "description", "references", "kind", "parameters", "players", "notes",
        "markets", "prior_tough", "entrant_gain", "monopoly"}

_DEFAULTS = {"entrant_gain": Fraction(1, 2), "monopoly": Fraction(2)}


def _value(ctx: SpecContext, key: str, what: str) -> Any:
    """The number given at top-level ``key`` (an expression) or by the parameter ``key``."""
    if key in ctx.data:
        return python_number(ctx.number((key,))), (key,)
    if key in ctx.parameters:
        return python_number(ctx.parameters[key].value), ("parameters", key)
    if key in _DEFAULTS:
        return _DEFAULTS[key], ()
    raise ctx.error((), f"missing {what}: give the parameter {key!r} (or a top-level "
                        f"{key!r} expression)")


def compile_reputation(ctx: SpecContext) -> ReputationGame:
    """Build the chain store game of a ``kind: reputation`` spec (located errors)."""
    ctx.check_keys((), KEYS, "a reputation spec")
    markets = count_parameter(ctx, "markets", "the number of markets", 1, MAX_MARKETS)
    if markets is None:
        raise ctx.error((), "missing the number of markets: give the parameter 'markets'")
    prior, where = _value(ctx, "prior_tough", "the prior probability of a tough incumbent")
    if not 0 <= prior <= 1:
        raise ctx.error(where, f"prior_tough is a probability: it must lie in [0, 1], "
                               f"found {prior}")
    b, where_b = _value(ctx, "entrant_gain", "the entrant's gain b")
    if not 0 < b < 1:
        raise ctx.error(where_b, f"the entrant's gain b must lie strictly between 0 and 1 "
                                 f"(Kreps & Wilson), found {b}")
    a, where_a = _value(ctx, "monopoly", "the monopoly payoff a")
    if not a > 1:
        raise ctx.error(where_a, f"the monopoly payoff a must exceed 1 (Kreps & Wilson), "
                                 f"found {a}")
    names = ctx.name_list(("players",), "player names: [incumbent, entrant]", count=2,
                          default=["Incumbent", "Entrant"])
    try:
        return ReputationGame(
            name=str(ctx.data.get("name", "") or (ctx.filename or "chain store")),
            markets=markets, prior_tough=prior, entrant_gain=b, monopoly=a,
            incumbent=names[0], entrant=names[1],
            parameters={k: p.python_value for k, p in ctx.parameters.items()},
            info=family_info(ctx, family="reputation"),
        )
    except GameError as exc:
        raise ctx.error((), str(exc)) from None
