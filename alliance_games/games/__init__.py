"""Game values: normal form, extensive form, their conversions and their drawings.

The tree type (:mod:`.extensive`) imports none of its conversions (:mod:`.reduced`,
:mod:`.sequence_form`) nor its drawing (:mod:`.tree_svg`), which all import it; the
functions that the methods forward to are registered here (in :mod:`.conversions`, a
module without imports), each importing its module on first use, so there is no import
cycle and importing the package loads none of the tree modules.
"""

from __future__ import annotations

from typing import Any

from . import conversions


def _reduced_normal_form(game: Any, budget: Any = None) -> Any:
    # imported on first use: numpy-heavy, and not needed to load or draw a game
    from .reduced import reduced_normal_form

    return reduced_normal_form(game, budget)


def _sequence_form(game: Any) -> Any:
    # imported on first use: scipy.sparse costs ~0.15 s at import
    from .sequence_form import sequence_form

    return sequence_form(game)


def _tree_svg(game: Any) -> Any:
    # imported on first use: the drawing (and its layout) is for notebooks only
    from .tree_svg import tree_svg

    return tree_svg(game)


conversions.register(
    reduced_normal_form=_reduced_normal_form,
    sequence_form=_sequence_form,
    tree_svg=_tree_svg,
)
