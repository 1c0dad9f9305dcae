"""Plain-language readings of symmetric n-player results (volunteer's dilemma, binary games).

The symmetric solver (:mod:`alliance_games.solvers.nplayer.symmetric`) puts the closed
form in ``extra``: ``volunteers_dilemma`` (Diekmann 1985: each ally abstains with
probability ``q = (c/b)^{1/(n-1)}`` and no one acts with probability
``q^n = (c/b)^{n/(n-1)}``) or ``symmetric_act_probabilities``. Support enumeration on a
symmetric binary game carries the same figures under ``extra["symmetric"]``. This module
writes the sentences; the exact (possibly algebraic) probabilities of a generic binary
game are recomputed from the game with
:func:`~alliance_games.games.binary.symmetric_mixed_probabilities`.

References
----------
Diekmann, A. (1985). Volunteer's dilemma. *Journal of Conflict Resolution* 29(4),
605-610.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from ..equilibrium import SolveResult
from ..games.binary import (
    binary_payoff_sequences,
    rational_symmetric_probabilities,
    symmetric_mixed_probabilities,
)
from ..games.normal import NormalFormGame

__all__ = ["predictions", "volunteer_lines", "symmetric_lines"]


def predictions(result: SolveResult) -> list[str] | None:
    """The symmetric closed form's lines, or ``None`` for other results.

    Claims results of the ``symmetric`` method and support enumeration results that
    carry a ``symmetric`` summary.
    """
    game = result.game
    if not isinstance(game, NormalFormGame):
        return None
    if result.method == "symmetric":
        summary: Mapping[str, Any] = result.extra
    elif result.method == "support-enumeration" and "symmetric" in result.extra:
        summary = result.extra["symmetric"]
    else:
        return None
    vd = summary.get("volunteers_dilemma")
    if vd is not None:
        return volunteer_lines(game.n_players, game.strategies[0][0], vd)
    return symmetric_lines(game)


def volunteer_lines(n: int, act: str, vd: Mapping[str, Any]) -> list[str]:
    """The volunteer's dilemma in words: mixing, the chance no one acts, pure equilibria.

    ``vd`` is the solver's ``extra["volunteers_dilemma"]`` (``act_probability``,
    ``abstain_probability``, ``probability_no_one_acts`` and its values by group size,
    ``limit_as_n_grows = c/b``).
    """
    by_size = vd["probability_no_one_acts_by_group_size"]
    largest = max(by_size)
    return [
        f"In the symmetric mixed equilibrium each of the {n} allies chooses {act} with "
        f"probability {vd['act_probability']:.4g} (abstains with probability "
        f"(c/b)^(1/(n-1)) = {vd['abstain_probability']:.4g}).",
        f"The probability that no ally acts is (c/b)^(n/(n-1)) = "
        f"{vd['probability_no_one_acts']:.4g}; it rises "
        f"with the size of the alliance (n=2: {by_size[2]:.3g}, n={largest}: "
        f"{by_size[largest]:.3g}, limit c/b = {vd['limit_as_n_grows']:.3g}) - diffusion "
        "of responsibility.",
        f"There are also {n} pure equilibria in which exactly one ally acts and the others "
        "free-ride.",
    ]


def symmetric_lines(game: NormalFormGame) -> list[str]:
    """One line per symmetric mixed equilibrium of a symmetric two-action game.

    The probabilities are the roots in ``(0, 1)`` of the gain from acting ``D(p)``; an
    algebraic root is also shown exactly (``-1/2 + sqrt(5)/2``).
    """
    sequences = binary_payoff_sequences(game)
    if sequences is None:
        return []
    # Fractions when every root is rational (no sympy), sympy numbers otherwise
    rational = rational_symmetric_probabilities(*sequences)
    values: list[Any]
    values, degenerate = (rational if rational is not None
                          else symmetric_mixed_probabilities(*sequences))
    if degenerate:
        return []
    return [
        f"In the symmetric mixed equilibrium each player chooses "
        f"{game.strategies[0][0]} with probability {float(v):.4g}"
        + (f" (= {v})" if not isinstance(v, Fraction) and not v.is_Rational else "")
        + "."
        for v in values
        if 0 < v < 1
    ]
