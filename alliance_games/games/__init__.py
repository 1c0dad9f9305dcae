"""Game values: normal form, extensive form, their conversions and their drawings.

The tree type (:mod:`.extensive`) imports none of its conversions (:mod:`.reduced`,
:mod:`.sequence_form`) nor its drawing (:mod:`.tree_svg`), which all import it; the
methods that forward to them are attached here, so there is no import cycle.
"""

from __future__ import annotations

from typing import Any

from . import extensive, tree_svg


def _reduced_normal_form(game: Any, budget: Any = None) -> Any:
    # imported on first use: numpy-heavy, and not needed to load or draw a game
    from .reduced import reduced_normal_form

    return reduced_normal_form(game, budget)


def _sequence_form(game: Any) -> Any:
    # imported on first use: scipy.sparse costs ~0.15 s at import
    from .sequence_form import sequence_form

    return sequence_form(game)


extensive.register_conversions(
    reduced_normal_form=_reduced_normal_form,
    sequence_form=_sequence_form,
    tree_svg=tree_svg.tree_svg,
)
