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
from collections.abc import Callable
from typing import Any

from ..equilibrium import SolveResult

__all__ = ["FAMILIES", "FAMILY_CLAIMS", "family_predictions"]

def _mro_names(obj: Any) -> frozenset[str]:
    return frozenset(c.__name__ for c in type(obj).__mro__)


def _is(*names: str) -> Callable[[SolveResult], bool]:
    """The result's game is an instance of a class called one of ``names``."""
    wanted = frozenset(names)
    return lambda result: bool(wanted & _mro_names(result.game))


def _info(key: str) -> Callable[[SolveResult], bool]:
    """The result's game carries ``key`` in its ``info``."""
    return lambda result: key in (getattr(result.game, "info", None) or {})


def _method(*methods: str) -> Callable[[SolveResult], bool]:
    return lambda result: result.method in methods


#: modules with a ``predictions(result)`` function, asked in this order, each with a
#: test its ``predictions`` can only claim results that pass (a necessary condition,
#: read off the module's own first lines: the class it checks with ``isinstance``, the
#: method or ``info`` key it requires). A module whose test fails is not imported:
#: importing all thirteen (and the game classes they import) cost 10-15 ms of every
#: ``solve``'s report; the answer is the same as asking every module in turn
#: (``tests/test_interpretation_families.py``).
FAMILY_CLAIMS: tuple[tuple[str, Callable[[SolveResult], bool]], ...] = (
    ("alliance_games.interpretation.public_goods", _is("PublicGoodsGame")),
    ("alliance_games.interpretation.repeated", _method("repeated")),
    ("alliance_games.interpretation.bargaining", _is("BargainingGame")),
    ("alliance_games.interpretation.chain_ganging", _info("chain_ganging")),
    ("alliance_games.interpretation.nplayer", _method("symmetric", "support-enumeration")),
    ("alliance_games.interpretation.crisis", _is("RiskReturnGame", "CommitmentGame")),
    ("alliance_games.interpretation.reputation", _is("ReputationGame")),
    ("alliance_games.interpretation.trust", _info("trust")),
    ("alliance_games.interpretation.coalitional", _is("CoalitionalGame")),
    ("alliance_games.interpretation.dynamics",
     lambda result: _is("RichardsonGame")(result) or "basins" in result.extra),
    ("alliance_games.interpretation.joint_products", _is("JointProductsGame")),
    ("alliance_games.interpretation.autonomy_security", _info("autonomy_security")),
    ("alliance_games.interpretation.selection_effect", _is("ExtensiveFormGame")),
)

#: the modules of :data:`FAMILY_CLAIMS`, in order
FAMILIES: tuple[str, ...] = tuple(name for name, _ in FAMILY_CLAIMS)


def family_predictions(result: SolveResult) -> list[str]:
    """The family's own lines on ``result`` (empty when no family module claims it)."""
    for name, may_claim in FAMILY_CLAIMS:
        if not may_claim(result):
            continue
        lines = importlib.import_module(name).predictions(result)
        if lines is not None:
            return list(lines)
    # families whose sentences still come from their solver
    return [str(x) for x in result.extra.get("predictions", ()) or ()]
