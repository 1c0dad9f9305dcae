"""The ``volunteers_dilemma`` family: n allies, one of whom must act for all to benefit.

Spec shape (see ``docs/spec_alliance.md``)::

    kind: volunteers_dilemma
    parameters:
      n_allies: 3        # --set n_allies=4 changes the number of allies
      benefit: 4         # b: value to every ally of the action being taken
      cost: 1            # c < b: cost to the ally who acts
    players: [United States, United Kingdom, France]   # optional; extra allies generated
    actions: [Intervene, Abstain]                      # optional names of act / abstain

The spec compiles to an n-player normal-form game (``2^n`` profiles) whose
``info["volunteers_dilemma"]`` lets the symmetric solver state the closed form.

Reference: Diekmann, A. (1985). Volunteer's dilemma. *Journal of Conflict Resolution*
29(4), 605-610.
"""

from __future__ import annotations

from ..errors import GameError
from ..games.binary import volunteers_dilemma
from ..games.normal import NormalFormGame
from .context import SpecContext
from .public_goods import count_parameter, family_info, python_number

__all__ = ["compile_volunteers_dilemma", "MAX_PLAYERS"]

KEYS = {"name", "description", "references", "kind", "parameters", "players", "actions",
        "benefit", "cost", "n_allies", "notes"}
MAX_PLAYERS = 12


def compile_volunteers_dilemma(ctx: SpecContext) -> NormalFormGame:
    """Expand a volunteer's dilemma spec into its n-player normal form."""
    ctx.check_keys((), KEYS, "a volunteers_dilemma spec")
    names = ctx.name_list(("players",), "ally names", default=[])
    n = count_parameter(ctx, "n_allies", "the number of allies", 2, MAX_PLAYERS,
                        default=len(names) or None)
    if n is None:
        raise ctx.error((), "give the number of allies (parameter n_allies) or their names")
    players = [names[k] if k < len(names) else f"Ally {k + 1}" for k in range(n)]
    ctx.distinct([(("players",), p) for p in players], "allies")
    actions = ctx.name_list(("actions",), "action names: [act, abstain]", count=2,
                            default=["Volunteer", "Abstain"])
    for key in ("benefit", "cost"):
        if key not in ctx.data:
            raise ctx.error((), f"missing key '{key}' (an expression over the parameters)")
    benefit = python_number(ctx.number(("benefit",)))
    cost = python_number(ctx.number(("cost",)))
    if not 0 < cost < benefit:
        raise ctx.error(("cost",), f"the dilemma needs 0 < cost < benefit; found cost {cost}, "
                                   f"benefit {benefit}")
    try:
        return volunteers_dilemma(
            n, benefit, cost, players=players, actions=actions,
            name=str(ctx.data.get("name", "") or (ctx.filename or "volunteer's dilemma")),
            parameters={k: p.python_value for k, p in ctx.parameters.items()},
            info=family_info(ctx),
        )
    except GameError as exc:
        raise ctx.error((), str(exc)) from None
