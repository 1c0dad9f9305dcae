"""The generic tree solvers on a chain store game's tree."""

from __future__ import annotations

import dataclasses
from typing import Any

from ...equilibrium import SolveResult
from ...games.reputation import ReputationGame
from ..signaling.pbe import solve_pbe

__all__ = ["solve_tree_pbe"]


def solve_tree_pbe(game: ReputationGame, **options: Any) -> SolveResult:
    """:func:`~alliance_games.solvers.signaling.pbe.solve_pbe` on
    ``game.as_extensive()`` (a few markets: the reduced normal form of a 3-market tree
    is already large), with the chain store game kept as the result's game."""
    result = solve_pbe(game.as_extensive(), **options)
    return dataclasses.replace(result, game=game)
