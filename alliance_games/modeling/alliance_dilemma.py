"""The ``alliance_dilemma`` family: a symmetric 2x2 dilemma between allies.

The same game as ``security_dilemma`` (payoffs T, R, P, S in the parameters; see
:mod:`.security_dilemma`), read as a contribution dilemma between two allies rather than
an arms race between rivals: the classification's reading and the words for the other
player speak of partners, free riding and the alliance unravelling, never of an arms
race or a rival. Used by ``alliance/shared_identity``.
"""

from __future__ import annotations

import dataclasses

from ..games.normal import NormalFormGame
from .context import SpecContext
from .security_dilemma import compile_security_dilemma

__all__ = ["compile_alliance_dilemma", "ALLY_READINGS"]

#: how each 2x2 game reads between allies (contributing to a joint defence or shirking)
ALLY_READINGS = {
    "prisoner's dilemma": "a collective-action problem between allies: each shirks whatever "
                          "its partner does, so the joint effort unravels although both prefer "
                          "to contribute",
    "stag hunt": "an assurance game between allies: joint contribution is an equilibrium, "
                 "but so is mutual shirking; contributing needs trust in the partner",
    "chicken": "each ally wants the other to carry the burden; the effort fails if neither "
               "does",
    "deadlock": "no dilemma: both allies prefer to shirk",
    "harmony": "no dilemma: contributing is each ally's best choice whatever its partner does",
}


def compile_alliance_dilemma(ctx: SpecContext) -> NormalFormGame:
    """Compile like ``security_dilemma``, then word the reading for allies."""
    game = compile_security_dilemma(ctx)
    classification = dict(game.info["classification"])
    classification["reading"] = ALLY_READINGS.get(classification["name"],
                                                  classification["reading"])
    info = {**game.info, "kind": "alliance_dilemma", "classification": classification,
            "counterpart": "its ally"}
    return dataclasses.replace(game, info=info)
