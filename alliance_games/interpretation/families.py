"""Plain-language readings of each model family's results (the interpretation stage).

Solvers compute numbers and put them in ``SolveResult.extra``; the sentences a scholar
reads are written here, one module per family (``interpretation/<family>.py``), each with

``predictions(result: SolveResult) -> list[str] | None``

returning ``None`` when the result is not of its family. :func:`family_predictions`
asks each module in :data:`FAMILIES` in turn; :func:`~.outcomes.predictions` puts the
family's lines first, before the lines common to every result.
"""

from __future__ import annotations

import importlib

from ..equilibrium import SolveResult

__all__ = ["FAMILIES", "family_predictions"]

#: modules with a ``predictions(result)`` function, asked in this order
FAMILIES: tuple[str, ...] = (
    "alliance_games.interpretation.public_goods",
    "alliance_games.interpretation.repeated",
    "alliance_games.interpretation.bargaining",
    "alliance_games.interpretation.chain_ganging",
    "alliance_games.interpretation.nplayer",
    "alliance_games.interpretation.crisis",
    "alliance_games.interpretation.reputation",
    "alliance_games.interpretation.trust",
    "alliance_games.interpretation.coalitional",
    "alliance_games.interpretation.dynamics",
    "alliance_games.interpretation.joint_products",
    "alliance_games.interpretation.autonomy_security",
    "alliance_games.interpretation.selection_effect",
)


def family_predictions(result: SolveResult) -> list[str]:
    """The family's own lines on ``result`` (empty when no family module claims it)."""
    for name in FAMILIES:
        lines = importlib.import_module(name).predictions(result)
        if lines is not None:
            return list(lines)
    # families whose sentences still come from their solver
    return [str(x) for x in result.extra.get("predictions", ()) or ()]
