"""``auto`` for normal-form alliance families that carry their own figures.

``autonomy_security`` (Morrow 1991) and ``chain_ganging`` (Christensen and Snyder 1990)
compile to ordinary normal-form games whose equilibria every normal-form solver finds;
their model figures (the contracts' gains, terms and durability; the offense-dominance
thresholds and the regime) are computed by the compiler and kept in ``game.info``. This
runner solves the game with the normal-form ``auto`` and copies those figures into the
result's ``extra``, so that they reach the JSON ``analysis`` map like every other
family's figures.

References
----------
Morrow, J. D. (1991). Alliances and asymmetry. *American Journal of Political Science*
35(4), 904-933.
Christensen, T. J. & Snyder, J. (1990). Chain gangs and passed bucks. *International
Organization* 44(2), 137-168.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ...equilibrium import SolveResult
from ...games.normal import NormalFormGame
from ..auto import auto_normal_form

__all__ = ["FAMILY_KEYS", "has_family_analysis", "auto_with_family_analysis"]

#: the ``game.info`` keys whose figures are copied into the result
FAMILY_KEYS = ("autonomy_security", "chain_ganging")


def has_family_analysis(game: object) -> bool:
    """Whether ``game`` is a normal-form game of one of :data:`FAMILY_KEYS`."""
    return isinstance(game, NormalFormGame) and any(k in game.info for k in FAMILY_KEYS)


def auto_with_family_analysis(
    game: NormalFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    max_support: int | None = None,
    memory: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SolveResult:
    """The normal-form ``auto`` result with the family's figures in ``extra``."""
    result = auto_normal_form(game, exact=exact, timeout=timeout, max_support=max_support,
                              memory=memory, progress=progress)
    figures = {k: game.info[k] for k in FAMILY_KEYS if k in game.info}
    return dataclasses.replace(result, extra={**result.extra, **figures})
